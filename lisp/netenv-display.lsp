;; netenv-display — printing (prnet, prneur, prsyn), the display hooks
;; (disp-*, set-disp-*) and the error and performance plots of the SN2.8
;; environment. The plots draw into sn's graphics windows when those
;; functions are bound, and do nothing otherwise. Errors of the hooks are
;; never hidden.

;; ---------------------------------------------------------------- printing

#? (print-layer layer) prints the states (X) and gradients (Y) of the units of layer
(de print-layer (layer)
  (for (i 1 (length layer)) (printf "-------"))
  (printf "\n")
  (printf "X  :")
  (each ((i layer)) (printf " %6.3f" (nval i)))
  (printf "\n")
  (printf "Y  :")
  (each ((i layer)) (printf " %6.3f" (ngrad i)))
  (printf "\n"))

#? (prneur) prints each layer of net-struc with print-layer
(de prneur () (mapc print-layer (car net-struc)))

#? (prsyn) prints every connection: from->to, its weight and its last change
(de prsyn ()
  (all-synapse (i j)
    (printf "%04d->%04d val%6.3f delta%6.3f\n" i j (sval i j) (sdelta i j))))

#? (prnet) prints the age, the layers (prneur) and the connections (prsyn)
(de prnet ()
  (printf "Age %d\n" age)
  (prneur)
  (prsyn))

;; ---------------------------------------------------------------- plots

(de %graphics-p () (and new-window draw-line))

;; A plot: a window, its area in pixels (x0 y0 x1 y1) and its range in
;; values (xmin ymin xmax ymax), the last point drawn.
(de %new-plot (title rrect)
  (when (%graphics-p)
    (let ((w (new-window 500 300 title)))
      (let ((window w)) (draw-rect 40 20 440 240))
      (list w rrect ()))))

(de %plot-xy (p x y)
  (let* ((r (cadr p)) (x0 (nth 0 r)) (y0 (nth 1 r)) (x1 (nth 2 r)) (y1 (nth 3 r))
         (px (+ 40 (* 440 (/ (- x x0) (max 1e-20 (- x1 x0))))))
         (py (- 260 (* 240 (/ (- (min y y1) y0) (max 1e-20 (- y1 y0)))))))
    (list (int px) (int py))))

;; Draws a segment from the last point of plot p to (x, y).
(de %plot-draw (p x y)
  (when p
    (let ((q (%plot-xy p x y)) (window (car p)))
      (when (caddr p)
        (draw-line (car (caddr p)) (cadr (caddr p)) (car q) (cadr q)))
      (rplaca (cddr p) q))))

(de %plot-clear (p) (when p (rplaca (cddr p) ())))

#? (init-disp-error sweeps maxerr) opens the instantaneous error plot for sweeps passes over the training range
(de init-disp-error (sweep maxerr)
  (let ((xstep (1+ (- patt-max patt-min))))
    (setq disp-error-max-age (1- (+ age (* sweep xstep))))
    (setq disp-error-sweeps sweep disp-error-maxerr maxerr)
    (setq disp-error-port
          (%new-plot "Instantaneous error" (list age 0 (+ age (* sweep xstep)) maxerr)))))

#? (plot-error age err) adds a point to the instantaneous error plot
(de plot-error (age err)
  (when disp-error-port
    (when (> age disp-error-max-age)
      (init-disp-error disp-error-sweeps disp-error-maxerr))
    (%plot-draw disp-error-port age err)))

#? (draw-net ns pattnum) draws the state of the net (user defined; says so by default)
(de draw-net (l num) "'draw-net has not been defined yet")

#? (init-error-plotting sweeps maxerr) opens the plot of the mean error against age
(de init-error-plotting (sweep maxerr)
  (let ((xstep (1+ (- patt-max patt-min))))
    (setq training-error-port
          (%new-plot "Error plotting" (list age 0 (+ age (* sweep xstep)) maxerr)))
    (setq test-error-port (when training-error-port (append training-error-port ())))))
(de cancel-error-plotting () (setq training-error-port ()) (setq test-error-port ()))

#? (init-perf-plotting sweeps) opens the plot of the performance against age
(de init-perf-plotting (sweep)
  (let ((xstep (1+ (- patt-max patt-min))))
    (setq training-perf-port
          (%new-plot "Perf plotting" (list age 0 (+ age (* sweep xstep)) 100)))
    (setq test-perf-port (when training-perf-port (append training-perf-port ())))))
(de cancel-perf-plotting () (setq training-perf-port ()) (setq test-perf-port ()))

(de reset-training-ports () (%plot-clear training-perf-port) (%plot-clear training-error-port))
(de reset-test-ports () (%plot-clear test-perf-port) (%plot-clear test-error-port))
(de auto-plot-training ()
  (%plot-draw training-perf-port age good-an-percent)
  (%plot-draw training-error-port age global-error))
(de auto-plot-test ()
  (%plot-draw test-perf-port age good-an-percent)
  (%plot-draw test-error-port age global-error))

;; ---------------------------------------------------------------- hooks

(de %disp-line (patt-num)
  (printf "age=%d  pattern=%d  error=%9.5f  %s\n"
          age patt-num local-error (if good-answer "  ok  " "**arrgh**")))

#? (disp-everything pn) prints the output layer and the error line, plots the error, draws the net
(de disp-everything (patt-num)
  (print-layer output-layer)
  (%disp-line patt-num)
  (plot-error age local-error)
  (draw-net net-struc patt-num))
(de disp-error (patt-num) (plot-error age local-error))
(de disp-net (patt-num) (draw-net net-struc patt-num))
#? (disp-text pn) prints age, pattern, error and ok/**arrgh**
(de disp-text (patt-num) (%disp-line patt-num))
#? (disp-user pn) the user's display hook (does nothing until redefined)
(de disp-user (patt-num) ())
(de disp-nil (pn) ())

(de %init-disp-error ()
  (if disp-error-port
      (init-disp-error disp-error-sweeps disp-error-maxerr)
    (init-disp-error 10 4)))

(de set-disp-user ()
  (setq disp-basic-iteration disp-user disp-perf-iteration disp-user) 'disp-user)
(de set-disp-nil ()
  (setq disp-basic-iteration disp-nil disp-perf-iteration disp-nil) 'disp-nil)
(de set-disp-everything ()
  (%init-disp-error)
  (setq disp-basic-iteration disp-everything disp-perf-iteration disp-nil) 'disp-everything)
(de set-disp-error ()
  (%init-disp-error)
  (setq disp-basic-iteration disp-error disp-perf-iteration disp-nil) 'disp-error)
(de set-disp-net ()
  (setq disp-basic-iteration disp-net disp-perf-iteration disp-net) 'disp-net)
(de set-disp-net-and-error ()
  (%init-disp-error)
  (setq disp-basic-iteration disp-error disp-perf-iteration disp-net) 'disp-net-and-error)
(de set-disp-text ()
  (setq disp-basic-iteration disp-text disp-perf-iteration disp-text) 'disp-text)
(set-disp-nil)
