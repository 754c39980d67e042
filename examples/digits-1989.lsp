;; digits-1989.lsp -- LeCun's 1989 generalization experiment, at the
;; units-and-connections level (SN2.8 style).
;;
;; Y. LeCun, "Generalization and network design strategies", 1989: five
;; networks of increasing structure learn 320 handwritten digits (16x16)
;; and are tested on 160 others. Weight sharing (Net-4, Net-5) is made
;; with mask-toric-connect: one kernel per (source map, destination map),
;; windows stepped by 2 and wrapping around the edges.
;;
;;     sn examples/digits-1989.lsp                      480 MNIST digits at 16x16
;;     sn examples/digits-1989.lsp ../shared/data/sn-digits   the original digits
;;     sn examples/digits-1989.lsp --counts             only the network sizes
;;
;; Options: --seeds N (default 5), --epochs N (default 30).

(libload "netenv")

;; ------------------------------------------------------------------ data

#? (digits-original dir) loads dig.pat / dig.des: 480 binary 16x16 digits
(de digits-original (dir)
  (setq pattern-matrix (load-matrix (concat dir "/dig.pat"))
        desired-matrix (load-matrix (concat dir "/dig.des"))))

#? (digits-mnist) 480 embedded MNIST digits at 16x16 in [-1, 1], classes cycling 0..9
(de digits-mnist ()
  (libload "mnist")
  (let ((imgs (mnist-images "train")) (labels (mnist-labels "train"))
        (next (matrix 10)) (k 0))
    (setq pattern-matrix (matrix 480 16 16) desired-matrix (matrix 480 10))
    (array-fill desired-matrix -1)
    (while (< k 480)
      (let* ((c (mod k 10)) (i (next c)))
        (while (<> (labels i) c) (incr i))
        (next c (1+ i))
        (array-copy (mnist-scale (mnist-16 (idx-select imgs 0 i)) -1 1)
                    (idx-select pattern-matrix 0 k))
        (desired-matrix k c 1)
        (incr k)))))

;; ------------------------------------------------------------------ the nets

(de full-layer (from to) (connect from to) (bias-connect to))

;; H1 of Net-4 and Net-5: two 8x8 maps of shared 3x3 kernels, own biases
(de h1-maps ()
  (setq h1a (newneurons 64) h1b (newneurons 64) h1 (append h1a h1b))
  (each ((m (list h1a h1b)))
    (mask-toric-connect input 16 16 m 8 8 2 2 3 3)
    (bias-connect m)))

(de net-1 ()
  (setq input (newneurons 256) output (newneurons 10))
  (full-layer input output)
  (list input output))

(de net-2 ()
  (setq input (newneurons 256) h1 (newneurons 12) output (newneurons 10))
  (full-layer input h1)
  (full-layer h1 output)
  (list input h1 output))

(de net-3 ()
  (setq input (newneurons 256) h1 (newneurons 64) h2 (newneurons 16) output (newneurons 10))
  (local-toric-connect input 16 16 h1 8 8 2 2 3 3)
  (bias-connect h1)
  (local-toric-connect h1 8 8 h2 4 4 2 2 5 5)
  (bias-connect h2)
  (full-layer h2 output)
  (list input h1 h2 output))

(de net-4 ()
  (setq input (newneurons 256))
  (h1-maps)
  (setq h2 (newneurons 16))
  (local-toric-connect h1a 8 8 h2 4 4 2 2 5 5)
  (local-toric-connect h1b 8 8 h2 4 4 2 2 5 5)
  (bias-connect h2)
  (setq output (newneurons 10))
  (full-layer h2 output)
  (list input h1 h2 output))

(de net-5 ()
  (setq input (newneurons 256))
  (h1-maps)
  (setq h2 ())
  (repeat 4
    (let ((m (newneurons 16)))
      (mask-toric-connect h1a 8 8 m 4 4 2 2 5 5)
      (mask-toric-connect h1b 8 8 m 4 4 2 2 5 5)
      (bias-connect m)
      (setq h2 (append h2 m))))
  (setq output (newneurons 10))
  (full-layer h2 output)
  (list input h1 h2 output))

(setq nets (list (list "Net-1" net-1 2570 2570 80.0)
                 (list "Net-2" net-2 3214 3214 87.0)
                 (list "Net-3" net-3 1226 1226 88.5)
                 (list "Net-4" net-4 2266 1132 94.0)
                 (list "Net-5" net-5 5194 1060 98.4)))

;; Builds a net and makes it the current netenv network.
(de make-net (builder)
  (alloc-net 1000 10000)
  (let ((layers (builder)))
    (define-net (mapcar list layers))))

;; ------------------------------------------------------------------ one run

(setq epochs 30)

;; Trains the current net on patterns 0..319 with online stochastic
;; diagonal Levenberg-Marquardt; returns the test % correct on 320..479.
(de train-and-test (s)
  (seed s)
  (forget-inv 2.4)
  (mask-epsi 0.02)
  (setq mu 0.1 gamma 0.03 alpha 0 decay 0)
  (ensemble 0 319)
  (set-class-max)
  (set-nextcho-rnd)
  (writing "/dev/null"
    (repeat epochs (learn-lm 320))
    (perf 320 479)))

(de mean (l) (/ (apply + l) (length l)))
(de sdev (l)
  (let ((m (mean l)))
    (sqrt (/ (apply + (mapcar (lambda (x) (* (- x m) (- x m))) l)) (max 1 (1- (length l)))))))

;; ------------------------------------------------------------------ main

(setq args (argv) counts-only () data-dir () nseeds 5)
(while args
  (selectq (car args)
    ("--counts" (setq counts-only t))
    ("--seeds" (setq args (cdr args) nseeds (val (car args))))
    ("--epochs" (setq args (cdr args) epochs (val (car args))))
    (t (setq data-dir (car args))))
  (setq args (cdr args)))

(unless counts-only
  (if data-dir
      (progn (digits-original data-dir)
             (printf "Original SN2.8 digits from %s\n" data-dir))
    (digits-mnist)
    (printf "480 MNIST digits reduced to 16x16 (classes cycling 0..9)\n"))
  (printf "train 0..319, test 320..479, %d passes, %d seeds\n" epochs nseeds))

(printf "%-6s %8s %6s   %8s %6s   %s\n" "net" "links" "free" "links" "free"
        (if counts-only "" "   test % correct      published"))
(printf "%-6s %15s   %15s\n" "" "(built)" "(1989)")
(each ((n nets))
  (make-net (nth 1 n))
  (let ((line (sprintf "%-6s %8d %6d   %8d %6d" (car n) snum wnum (nth 2 n) (nth 3 n))))
    (if counts-only
        (printf "%s\n" line)
      (let ((scores (mapcar (lambda (s) (make-net (nth 1 n)) (train-and-test s)) (range 1 nseeds))))
        (printf "%s   %6.1f +- %4.1f      %5.1f\n" line (mean scores) (sdev scores) (nth 4 n))))))
