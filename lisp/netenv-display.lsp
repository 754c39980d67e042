;; netenv-display — printing (prnet, prneur, prsyn) and the display hooks
;; of the SN2.8 environment. Drawing goes to sn's graphics windows when
;; those functions are bound; every hook is silent otherwise, so nothing
;; here fails without a display.

;; ---------------------------------------------------------------- printing

#? (prneur n) prints the fields of unit n
(de prneur (n)
  (printf "neuron %d: val=%g sum=%g grad=%g backsum=%g epsilon=%g ggrad=%g  fanin=%d\n"
          n (nval n) (nsum n) (ngrad n) (nbacksum n) (nepsilon n) (nggrad n) (nfanin n))
  n)

#? (prsyn from to) prints the fields of the connection from->to
(de prsyn (i j)
  (printf "synapse %d -> %d: val=%g delta=%g acc=%g epsilon=%g hess=%g  shared by %d\n"
          i j (sval i j) (sdelta i j) (sacc i j) (sepsilon i j) (shess i j) (scounter i j))
  j)

#? (prnet) prints every unit and the connections into it
(de prnet ()
  (printf "net: %d units, %d connections, %d weights\n" nnum snum wnum)
  (for (j 1 (1- nnum))
    (prneur j)
    (each ((i (amont j))) (printf "   ") (prsyn i j)))
  nnum)

;; ---------------------------------------------------------------- graphics, if any

(de %graphics-p () (and new-window draw-line))

;; Evaluates body only with graphics, and never fails.
(dmd %safe-draw body
  `(when (%graphics-p) (catch-error (progn ,@body) (lambda (m) ()))))

#? (draw-net n) draws the net after pattern n (user redefinable; does nothing by default)
(de draw-net (n) ())

(setq %error-window () %perf-window () %error-sweeps 0 %error-max 1 %error-x 0
      %perf-sweeps 0 %perf-x 0)

#? (init-error-plotting sweeps maxerr) opens an error plot (when graphics exist)
(de init-error-plotting (sweeps maxerr)
  (setq %error-sweeps sweeps %error-max maxerr %error-x 0)
  (%safe-draw
    (let ((window ()))
      (setq %error-window (new-window 420 220 "error"))))
  t)
(de cancel-error-plotting () (setq %error-window ()) t)

#? (init-perf-plotting sweeps) opens a performance plot (when graphics exist)
(de init-perf-plotting (sweeps)
  (setq %perf-sweeps sweeps %perf-x 0)
  (%safe-draw
    (let ((window ()))
      (setq %perf-window (new-window 420 220 "performance"))))
  t)
(de cancel-perf-plotting () (setq %perf-window ()) t)

#? (plot-error) adds local-error to the error plot
(de plot-error ()
  (when %error-window
    (%safe-draw
      (let ((window %error-window)
            (x (+ 10 (* 400 (/ %error-x (max 1 %error-sweeps)))))
            (y (- 210 (* 200 (/ (min local-error %error-max) %error-max)))))
        (draw-line x y x 210))))
  (incr %error-x)
  local-error)

(de plot-perf ()
  (when %perf-window
    (%safe-draw
      (let ((window %perf-window)
            (x (+ 10 (* 400 (/ %perf-x (max 1 %perf-sweeps)))))
            (y (- 210 (* 2 good-an-percent))))
        (draw-line x y x 210))))
  (incr %perf-x)
  good-an-percent)

;; ---------------------------------------------------------------- hooks

(de %disp-nothing (n) ())
(de %disp-perf-nothing (a b) ())
(de %disp-text (n)
  (printf "age=%d  pattern=%d  error=%9.5f  %s\n" age n local-error
          (if good-answer "  ok  " "**arrgh**")))
(de %disp-error (n) (plot-error))
(de %disp-net (n) (%safe-draw (draw-net n)))
(de %disp-perf (a b) (plot-perf))

(de set-disp-nil ()
  (setq disp-basic-iteration %disp-nothing disp-perf-iteration %disp-perf-nothing) t)
(de set-disp-text ()
  (setq disp-basic-iteration %disp-text disp-perf-iteration %disp-perf-nothing) t)
(de set-disp-error ()
  (setq disp-basic-iteration %disp-error disp-perf-iteration %disp-perf) t)
(de set-disp-net ()
  (setq disp-basic-iteration %disp-net disp-perf-iteration %disp-perf-nothing) t)
(de set-disp-net-and-error ()
  (setq disp-basic-iteration (lambda (n) (%disp-net n) (%disp-error n))
        disp-perf-iteration %disp-perf) t)
(de set-disp-everything ()
  (setq disp-basic-iteration (lambda (n) (%disp-net n) (%disp-error n) (%disp-text n))
        disp-perf-iteration %disp-perf) t)
#? (set-disp-user) the display hooks are the user's disp-user-basic and disp-user-perf
(de set-disp-user ()
  (setq disp-basic-iteration (lambda (n) (when disp-user-basic (disp-user-basic n)))
        disp-perf-iteration (lambda (a b) (when disp-user-perf (disp-user-perf a b)))) t)
(set-disp-nil)
