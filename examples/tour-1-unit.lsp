#!/usr/bin/env sn
;; tour-1-unit.lsp -- one unit and its weights.
;;
;;   sn examples/tour-1-unit.lsp
;;
;; The simplest network is one unit: it sums its inputs, each multiplied by
;; a weight, adds a bias, and squashes the sum with a tanh. Trained with the
;; delta rule (back-propagation with no hidden layer) to answer +1 for the
;; digit 0 and -1 for the digit 1, its 256 weights become a picture: a
;; template where ink helps "zero" (light: positive weights) or "one" (dark:
;; negative weights). This script draws:
;;   docs/pictures/tour-unit.png         the weights after 0, 1, 3 and all
;;                                       epochs, next to a few inputs
;;   docs/pictures/tour-unit-curves.png  training and test error over epochs
;; and prints the final weights as text art.

(libload "netenv")
(libload "mnist")
(libload "graphics")
(setq tour-dir (or (getenv "SN_TOUR_DIR") "docs/pictures"))
(setq window-dir tour-dir)
(setq quick (getenv "SN_TOUR_QUICK"))
(setq epochs (if quick 4 12))

;; Digits 0 and 1 among the first embedded digits, 16x16, ink +1, paper -1.
(de zeros-and-ones (part n)
  (let* ((pd (mnist-patterns part n 'bin16))
         (labels (caddr pd))
         (rows ()))
    (for (i 0 (- n 1))
      (when (< (labels i) 2) (setq rows (nconc1 rows i))))
    (let ((pats (matrix (length rows) 256))
          (des (matrix (length rows) 1))
          (k 0))
      (each ((i rows))
        (idx-copy ((car pd) i ()) (pats k ()))
        (des k 0 (if (= (labels i) 0) 1 -1))
        (incr k))
      (list pats des))))

(setq train (zeros-and-ones "train" (if quick 300 1500)))
(setq test (zeros-and-ones "test" (if quick 200 600)))
(setq ntrain (idx-dim (car train) 0) ntest (idx-dim (car test) 0))
(printf "%d training and %d test digits (0 and 1)\n" ntrain ntest)

;; One output unit fully connected to 256 inputs, plus its bias.
(alloc-net 300 300)
(build-net '((input 256) (output 1)) '((input output)))
(seed 1)
(forget 0)
(epsi 0.05)

;; Training and test patterns stacked: training rows first.
(setq pattern-matrix (matrix (+ ntrain ntest) 256))
(setq desired-matrix (matrix (+ ntrain ntest) 1))
(idx-copy (car train) (idx-narrow pattern-matrix 0 ntrain 0))
(idx-copy (cadr train) (idx-narrow desired-matrix 0 ntrain 0))
(idx-copy (car test) (idx-narrow pattern-matrix 0 ntest ntrain))
(idx-copy (cadr test) (idx-narrow desired-matrix 0 ntest ntrain))
(ensemble 0 (- ntrain 1))
(set-nextcho-rnd)

;; Mean squared error and % correct on rows a..b, without learning.
(de score (a b)
  (let ((err 0) (ok 0))
    (for (n a b)
      (present-pattern input-layer n)
      (forward-prop)
      (let ((o (nval (car output))) (d (desired-matrix n 0)))
        (incr err (* 0.5 (- o d) (- o d)))
        (when (> (* o d) 0) (incr ok))))
    (list (/ err (+ 1 (- b a))) (/ (* 100 ok) (+ 1 (- b a))))))

(setq snapshots (list (cons 0 (unit-weights (car output) input 16 16))))
(setq train-err () test-err ())
(for (epoch 1 epochs)
  (learn ntrain)
  (let ((tr (score 0 (- ntrain 1)))
        (te (score ntrain (+ ntrain ntest -1))))
    (setq train-err (nconc1 train-err (car tr)) test-err (nconc1 test-err (car te)))
    (printf "epoch %2d  train error %7.4f (%5.1f%%)  test error %7.4f (%5.1f%%)\n"
            epoch (car tr) (cadr tr) (car te) (cadr te)))
  (when (member epoch (list 1 3 epochs))
    (setq snapshots (nconc1 snapshots (cons epoch (unit-weights (car output) input 16 16))))))

(save-curves (concat tour-dir "/tour-unit-curves.png") "one unit: 0 against 1"
             (list (cons "training" train-err) (cons "test" test-err)) "mean squared error")

;; The picture: four inputs, then the weights at each snapshot, each on the
;; scale of its largest weight (mid grey is 0).
(new-window 660 190 "tour-unit")
(graphics-batch
  (cls)
  (gprintf 10 16 "inputs")
  (for (k 0 3)
    (gray-draw-matrix (+ 10 (* (mod k 2) 52)) (+ 26 (* 52 (div k 2)))
                      (idx-reshape (pattern-matrix (* k 7) ()) 16 16) -1 1 3 3))
  (gprintf 130 16 "weights after epoch ...   (dark < 0 < light)")
  (let ((x 130))
    (each ((s snapshots))
      (draw-weights x 26 (cdr s) 8)
      (gprintf (+ x 4) 176 "%d" (car s))
      (setq x (+ x 132)))))

(setq w (cdr (last snapshots)) wmax (idx-sup (idx-abs w)))
(printf "final weights, from %.3f (blank) to %.3f (full block):\n" (- wmax) wmax)
(show-array w (- wmax) wmax)
(printf "pictures: %s/tour-unit.png, %s/tour-unit-curves.png\n" tour-dir tour-dir)
