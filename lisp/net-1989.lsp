;; net-1989.lsp -- the five networks of Y. LeCun, "Generalization and
;; network design strategies" (1989), assembled from modules. One file for
;; the five: they share their data and their layers.
;;
;;   (libload "net-1989")
;;   (setq d (digits-1989-data))     ; (train test): 320 and 160 16x16 digits
;;   (setq net (net-1989 5 1))       ; Net-5, parameters from seed 1
;;   (train-net net (new-trainer 1 0.01) (car d) (cadr d) 10)
;;
;; 16x16 inputs, 10 outputs with +-1 targets, scaled tanh everywhere.
;;   Net-1: no hidden layer (full 256 -> 10).
;;   Net-2: one full hidden layer of 12 units.
;;   Net-3: two locally connected hidden layers, no weight sharing:
;;          H1 8x8 (3x3 windows stepped by 2), H2 4x4 (5x5 windows by 2).
;;   Net-4: H1 two 8x8 maps of shared 3x3 kernels (a convolution),
;;          H2 4x4 locally connected to both maps (5x5 windows by 2).
;;   Net-5: H1 as Net-4; H2 four 4x4 maps of shared 5x5 kernels reading
;;          both H1 maps (a convolution).
;; The windows wrap around the edges of their maps (toric, as SN2.8's
;; local-toric-connect and mask-toric-connect): a window of k stepped by s
;; wraps k - s rows and columns, made here by (new-wrap 0 (- k s)).
;;
;; Against the units-level nets of examples/digits-1989.lsp: the
;; connections are the same (2 570, 3 214, 1 226, 2 266, 5 194) and so are
;; the free parameters of Net-1 to Net-3; the convolutions of Net-4 and
;; Net-5 have one bias per map where the units-level H1 and H2 have one
;; per unit, so Net-4 has 1 006 free parameters (1 132 in 1989) and Net-5
;; 874 (1 060).

#? (toric-local p maps n k s) wrap-around padding then a locally
#? connected layer from maps n x n maps to one map, windows k x k by s.
(de toric-local (p maps n k s)
  (list (new-wrap 0 (- k s)) (new-local p maps 1 (+ n (- k s)) (+ n (- k s)) k k s)))

#? (toric-conv p cin cout k s) wrap-around padding then a convolution of
#? cin to cout maps, kernels k x k stepped by s.
(de toric-conv (p cin cout k s)
  (list (new-wrap 0 (- k s)) (new-conv p cin cout k k s)))

#? (net-1989-modules p k) the modules of Net-k (1 to 5) on param p, as a list.
(de net-1989-modules (p k)
  (let ((th (lambda () (new-stanh))))
    (selectq k
      (1 (list (new-full p 256 10) (th)))
      (2 (list (new-full p 256 12) (th) (new-full p 12 10) (th)))
      (3 (append (toric-local p 1 16 3 2) (list (th))
                 (toric-local p 1 8 5 2) (list (th))
                 (list (new-full p 16 10) (th))))
      (4 (append (toric-conv p 1 2 3 2) (list (th))
                 (toric-local p 2 8 5 2) (list (th))
                 (list (new-full p 16 10) (th))))
      (5 (append (toric-conv p 1 2 3 2) (list (th))
                 (toric-conv p 2 4 5 2) (list (th))
                 (list (new-full p 64 10) (th))))
      (t (error 'net-1989 "the nets are 1 to 5" k)))))

#? (net-1989 k [seed]) LeCun's 1989 Net-k (k from 1 to 5) on 16x16 inputs
#? with 10 outputs, squared error to +-1 targets, its parameters drawn by
#? (==> net forget seed) (seed 1 unless given). Connections: 2 570, 3 214,
#? 1 226, 2 266, 5 194 as in 1989; free parameters 2 570, 3 214, 1 226,
#? 1 006 and 874 (the convolutions of Net-4 and Net-5 have one bias per
#? map, the 1989 ones one per unit: 1 132 and 1 060).
(de net-1989 (k &optional seed)
  (let* ((p (new-param))
         (seq (apply new-seq (cons p (net-1989-modules p k))))
         (net (new-net p seq (new-cost 'sqerr 10) '(1 16 16)
                       (concat "net-" (str k)))))
    (==> net forget (or seed 1))
    net))

#? (digits-1989-data) (train test): 320 and 160 embedded MNIST digits
#? reduced to 16x16 in [-1, 1], classes cycling 0..9, as the units-level
#? examples/digits-1989.lsp uses.
(de digits-1989-data ()
  (libload "mnist")
  (let ((imgs (mnist-images "train")) (labels (mnist-labels "train"))
        (next (matrix 10)) (xs (list (matrix 320 16 16) (matrix 160 16 16)))
        (ys (list () ())) (k 0))
    (while (< k 480)
      (let* ((c (mod k 10)) (i (next c)) (part (if (< k 320) 0 1)))
        (while (<> (labels i) c) (incr i))
        (next c (1+ i))
        (array-copy (mnist-scale (mnist-16 (idx-select imgs 0 i)) -1 1)
                    (idx-select (nth part xs) 0 (- k (* part 320))))
        (rplaca (nthcdr part ys) (cons c (nth part ys)))
        (incr k)))
    (list (array-dataset (car xs) (reverse (car ys)))
          (array-dataset (cadr xs) (reverse (cadr ys))))))
