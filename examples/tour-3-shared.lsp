#!/usr/bin/env sn
;; tour-3-shared.lsp -- shared weights, and why they generalise.
;;
;;   sn examples/tour-3-shared.lsp
;;
;; In 1989 Yann LeCun compared five networks on the same small problem:
;; 320 handwritten digits (16x16) to learn from, 160 to test on.
;;   net-1  no hidden layer (256 -> 10)
;;   net-2  one hidden layer of 12 units, fully connected
;;   net-3  two hidden layers, locally connected: each unit of H1 (8x8)
;;          sees a 3x3 window of the input, each unit of H2 (4x4) a 5x5
;;          window of H1; no weight is shared
;;   net-4  as net-3, but H1 is two 8x8 feature maps: all the units of a map
;;          share one 3x3 kernel (a convolution)
;;   net-5  H1 as net-4, and H2 four 4x4 maps, each with one shared 5x5
;;          kernel per H1 map
;; With sharing, a detector learned at one place works everywhere, and the
;; net has far fewer free parameters than connections: net-5 generalised
;; best (98.4% on the test set against 80% for net-1 in the paper). This
;; script builds the five nets with SN2.8's connection patterns, trains
;; each for 30 epochs, and draws:
;;   docs/pictures/tour-shared.png         test performance of the five nets,
;;                                         and the shared kernels of net-5
;;   docs/pictures/tour-shared-curves.png  test error of each net over epochs

(libload "netenv")
(libload "mnist")
(libload "graphics")
(setq tour-dir (or (getenv "SN_TOUR_DIR") "docs/pictures"))
(setq window-dir tour-dir)
(setq quick (getenv "SN_TOUR_QUICK"))
(setq epochs (if quick 2 30))

;; ---------------------------------------------------------------- data
;; With SN_DIGITS naming a folder that holds dig.pat and dig.des (the 480
;; digits of the 1989 experiments, distributed with SN2.8), those are used:
;; patterns 0-319 to train, 320-479 to test. Otherwise, embedded MNIST
;; digits reduced to 16x16 grey levels: 320 to train, 1000 to test.
(setq digits (getenv "SN_DIGITS"))
(if digits
    (progn
      (load-patterns (concat digits "/dig.pat") (concat digits "/dig.des"))
      (setq pats pattern-matrix des desired-matrix ntrain 320 ntest 160))
  (setq ntrain (if quick 100 320) ntest (if quick 50 1000))
  (setq tr (mnist-patterns "train" ntrain 'scaled16))
  (setq te (mnist-patterns "test" ntest 'scaled16))
  (setq pats (matrix (+ ntrain ntest) 256) des (matrix (+ ntrain ntest) 10))
  (idx-copy (car tr) (idx-narrow pats 0 ntrain 0))
  (idx-copy (cadr tr) (idx-narrow des 0 ntrain 0))
  (idx-copy (car te) (idx-narrow pats 0 ntest ntrain))
  (idx-copy (cadr te) (idx-narrow des 0 ntest ntrain)))

;; ---------------------------------------------------------------- nets
#? (sublist l start n) the n elements of l from index start.
(de sublist (l start n)
  (let ((r ()) (rest (nthcdr start l)))
    (repeat n (setq r (cons (car rest) r) rest (cdr rest)))
    (reverse r)))

;; Map k of a layer of maps of size units each.
(de map-of (layer k size) (sublist layer (* k size) size))

;; Builds net number k; layers are input h1 h2 output (net-1: input output).
(de make-net (k)
  (alloc-net 2000 20000)
  (selectq k
    (1 (build-net '((input 256) (output 10)) '((input output))))
    (2 (build-net '((input 256) (h1 12) (output 10)) '((input h1) (h1 output))))
    (3 (build-net '((input 256) (h1 64) (h2 16) (output 10)) '((h2 output)))
       (local-toric-connect input 16 16 h1 8 8 2 2 3 3)
       (local-toric-connect h1 8 8 h2 4 4 2 2 5 5))
    (4 (build-net '((input 256) (h1 128) (h2 16) (output 10)) '((h2 output)))
       (for (m 0 1)
         (mask-toric-connect input 16 16 (map-of h1 m 64) 8 8 2 2 3 3)
         (local-toric-connect (map-of h1 m 64) 8 8 h2 4 4 2 2 5 5)))
    (5 (build-net '((input 256) (h1 128) (h2 64) (output 10)) '((h2 output)))
       (for (m 0 1)
         (mask-toric-connect input 16 16 (map-of h1 m 64) 8 8 2 2 3 3)
         (for (n 0 3)
           (mask-toric-connect (map-of h1 m 64) 8 8 (map-of h2 n 16) 4 4 2 2 5 5)))))
  (setq pattern-matrix pats desired-matrix des)
  (ensemble 0 (- ntrain 1))
  (set-class-max)
  (set-nextcho-rnd)
  (seed 1)
  (forget-sqrt 1)
  (mask-epsi 0.05)
  (printf "net-%d: %5d connections, %5d free weights\n" k snum wnum))

;; % correct on rows a..b (the most active output is the desired class).
(de score (a b)
  (let ((ok 0))
    (for (n a b)
      (present-pattern input-layer n)
      (forward-prop)
      (let ((best 0) (bestv -1e9) (i 0))
        (each ((v (state output-layer)))
          (when (> v bestv) (setq best i bestv v))
          (incr i))
        (when (= best (idx-indexmax (desired-matrix n ()))) (incr ok))))
    (/ (* 100 ok) (+ 1 (- b a)))))

;; ---------------------------------------------------------------- training
(setq results () curves ())
(for (k 1 5)
  (make-net k)
  (let ((errs ()))
    (repeat epochs
      (learn ntrain)
      (setq errs (nconc1 errs (- 100 (score ntrain (+ ntrain ntest -1))))))
    (let ((train-pct (score 0 (- ntrain 1)))
          (test-pct (- 100 (last errs))))
      (printf "net-%d: %5.1f%% correct on the training set, %5.1f%% on the test set\n"
              k train-pct test-pct)
      (setq results (nconc1 results (list k wnum test-pct))
            curves (nconc1 curves (cons (sprintf "net-%d" k) errs))))))

(save-curves (concat tour-dir "/tour-shared-curves.png")
             (sprintf "test errors, %d training digits" ntrain) curves "% test errors")

;; ---------------------------------------------------------------- picture
;; Bars: test performance from 75% (empty) to 100% (full height), with the
;; 1989 paper's figure as a red line; then the kernels of net-5 (the last one
;; built): 2 of 3x3 into H1, 8 of 5x5 into H2.
(setq paper '(80 87 88.5 94 98.4))
(de bar-height (pct) (int (* 180 (/ (max 0 (- pct 75)) 25))))
(de kernel (unit rows cols)
  (unit-weights unit (sort (cdr (amont unit)) <) rows cols))

(new-window 620 260 "tour-shared")
(graphics-batch
  (cls)
  (gprintf 10 16 "test performance (75%% to 100%%)")
  (gprintf 10 30 "red: the 1989 paper")
  (each ((r results))
    (let* ((k (car r)) (pct (caddr r))
           (x (+ 20 (* 55 (- k 1))))
           (h (bar-height pct))
           (hp (bar-height (nth (- k 1) paper))))
      (color (alloccolor 0.3 0.45 0.7))
      (fill-rect x (- 220 h) 40 h)
      (color (alloccolor 0.85 0.1 0.1))
      (fill-rect x (- 220 hp) 40 2)
      (color color-fg)
      (draw-rect x 40 40 181)
      (gprintf (+ x 2) (- 214 h) "%.0f" pct)
      (gprintf x 236 "net-%d" k)
      (gprintf x 250 "%dw" (cadr r))))
  (gprintf 310 16 "net-5 kernels")
  (gprintf 310 40 "input -> H1 (3x3)")
  (let ((ks (matrix 2 3 3)))
    (for (m 0 1) (idx-copy (kernel (car (map-of h1 m 64)) 3 3) (idx-select ks 0 m)))
    (draw-weights 310 48 ks 16))
  (gprintf 310 128 "H1 -> H2 (5x5, one per map pair)")
  (let ((ks (matrix 4 2 5 5)) (u ()))
    (for (n 0 3)
      (setq u (car (map-of h2 n 16)))
      ;; The first unit of map n sees a 5x5 window of each H1 map, in order.
      (let ((from (sort (cdr (amont u)) <)))
        (for (m 0 1)
          (idx-copy (unit-weights u (sublist from (* 25 m) 25) 5 5)
                    (idx-select (idx-select ks 0 n) 0 m)))))
    (draw-weights 310 136 (idx-transpose ks 0 1) 8)))
(printf "pictures: %s/tour-shared.png, %s/tour-shared-curves.png\n" tour-dir tour-dir)
