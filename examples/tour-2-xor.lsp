#!/usr/bin/env sn
;; tour-2-xor.lsp -- XOR, unit by unit: the problem one unit cannot solve.
;;
;;   sn examples/tour-2-xor.lsp
;;
;; XOR answers +1 when exactly one of its two inputs is +1. No single unit
;; can do it: a unit draws one straight line across the input plane, and the
;; two "+1" corners are on opposite sides of any line that separates them
;; from the "-1" corners. Two hidden units draw two lines; the output unit
;; combines them. Here we build the 2-2-1 net of SN2.8 with netenv, train it
;; with back-propagation, and draw:
;;   docs/pictures/tour-xor-curves.png  error and % correct over epochs
;;   docs/pictures/tour-xor.png         the net on each pattern (unit states
;;                                      in grey, weights red + / blue -) and
;;                                      the output over the whole input plane
;; Set SN_TOUR_DIR to write the pictures elsewhere.

(libload "netenv")
(libload "graphics")
(setq tour-dir (or (getenv "SN_TOUR_DIR") "docs/pictures"))
(setq window-dir tour-dir)
(setq epochs (if (getenv "SN_TOUR_QUICK") 40 150))

;; The net: 2 inputs, 2 hidden units, 1 output, each non-input unit with a
;; bias connection from unit 0 (always 1).
(alloc-net 10 50)
(build-net '((input 2) (hidden 2) (output 1))
           '((input hidden) (hidden output)))
(printf "units: input %l, hidden %l, output %l; %d connections\n" input hidden output snum)

;; The four patterns, one per row, and their desired outputs.
(setq pattern-matrix [[-1 -1][-1 1][1 -1][1 1]])
(setq desired-matrix [[-1][1][1][-1]])
(ensemble 0 3)

;; Small random weights, learning rate 0.3 / fan-in per unit.
(seed 5)
(forget 1)
(epsi 0.3)

;; Mean error and % correct on the four patterns, without learning.
(de xor-score ()
  (let ((err 0) (ok 0))
    (for (n 0 3)
      (present-pattern input-layer n)
      (forward-prop)
      (let ((o (nval (car output))) (d (desired-matrix n 0)))
        (incr err (* 0.5 (- o d) (- o d)))
        (when (> (* o d) 0) (incr ok))))
    (list (/ err 4) (* 25 ok))))

;; Training: one epoch = the four patterns once.
(setq errors () correct ())
(for (epoch 1 epochs)
  (learn 4)
  (let ((s (xor-score)))
    (setq errors (nconc1 errors (car s)) correct (nconc1 correct (/ (cadr s) 100)))
    (when (= 0 (mod epoch 10))
      (printf "epoch %3d  age %4d  error %8.5f  correct %3d%%\n" epoch age (car s) (cadr s)))))

(save-curves (concat tour-dir "/tour-xor-curves.png") "XOR: 2-2-1 net, online back-propagation"
             (list (cons "error" errors) (cons "fraction correct" correct)) "")

;; One panel per pattern: the net with its states, then the output map.
(new-window 760 230 "tour-xor")
(graphics-batch
  (cls)
  (for (n 0 3)
    (present-pattern input-layer n)
    (forward-prop)
    (draw-layered-net (+ 10 (* 150 n)) 30 130 150 (list input hidden output))
    (gprintf (+ 20 (* 150 n)) 200 "in %2d %2d" (pattern-matrix n 0) (pattern-matrix n 1))
    (gprintf (+ 20 (* 150 n)) 214 "out %5.2f" (nval (car output))))
  (gprintf 10 14 "states: -1 black, +1 white; weights: red > 0, blue < 0")
  (draw-array 600 30 (output-map input (car output) -1.5 1.5 50) "bwr" -1 1 3)
  (draw-rect 600 30 150 150)
  (gprintf 600 200 "output over the")
  (gprintf 600 214 "plane [-1.5,1.5]^2"))
(printf "pictures: %s/tour-xor.png, %s/tour-xor-curves.png\n" tour-dir tour-dir)
