;; netenv-display — printing (prnet, prneur, prsyn), the display hooks
;; (disp-*, set-disp-*) and the error and performance plots of the SN2.8
;; environment. The plots draw into sn's off-screen windows (PNG files
;; when SN_WINDOWS or window-dir names a folder). Errors of the hooks are
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

;; Lush's plot ports, markers and colours (graphenv.lsp): the plots below
;; are plot ports, as SN2.8's, and SN2.8's own netenv.sn draws with them too.
(libload "graphenv")

;; A window made once and kept in the global sym; the current window stays.
(de %plot-window (sym title)
  (or (eval sym)
      (let ((window window)) (set sym (new-window 500 300 title)))))

;; The x labels of a plot of sweep passes over the training patterns from age.
(de %age-labels (sweep)
  (let* ((xstep (1+ (- patt-max patt-min)))
         (lstep (* (1+ (div sweep 10)) xstep)))
    (range age (+ age (* sweep xstep)) lstep)))

(de %age-range (sweep) (+ age (* sweep (1+ (- patt-max patt-min)))))

#? (init-disp-error sweeps maxerr) opens the instantaneous error plot (window "Instantaneous error") for sweeps passes over the training range, errors up to maxerr
(de init-disp-error (sweep maxerr)
  (let* ((window (%plot-window 'disp-error-window "Instantaneous error"))
         (brect (nice-brect))
         (maxage (%age-range sweep))
         (ylabel (nconc1 (range 0 maxerr 0.25) maxerr)))
    (setq disp-error-port (new-plot-port brect (list age 0 maxage maxerr) object-nil))
    (setq disp-error-max-age (1- maxage) disp-error-sweeps sweep disp-error-maxerr maxerr)
    (cls)
    (let ((plot-port disp-error-port))
      (draw-axes brect (%age-labels sweep) ylabel "Instantaneous error vs age"))))

#? (plot-error age err) adds a point to the instantaneous error plot (restarted past its last age)
(de plot-error (age err)
  (when disp-error-port
    (when (> age disp-error-max-age)
      (init-disp-error disp-error-sweeps disp-error-maxerr))
    (let ((plot-port disp-error-port)) (plt-draw age err))))

#? (draw-net ns pattnum) draws the state of the net (user defined; says so by default)
(de draw-net (l num) "'draw-net has not been defined yet")

;; Training (open circles) and test (filled circles) ports of a plot of
;; values up to top, its window made once and kept in wsym.
(de %init-plotting (wsym title sweep top step name)
  (let* ((window (%plot-window wsym title))
         (brect (nice-brect))
         (train (new-plot-port brect (list age 0 (%age-range sweep) top) open-circle))
         (ylabel (range 0 top step)))
    (cls)
    (when (= wsym 'error-plotting-window) (setq ylabel (nconc1 ylabel top)))
    (let ((plot-port train))
      (draw-axes brect (%age-labels sweep) ylabel name))
    (list train (copy-plot-port train closed-circle))))

#? (init-error-plotting sweeps maxerr) opens the plot of the mean error against age (window "Error plotting"): training in open circles, test in filled ones
(de init-error-plotting (sweep maxerr)
  (let ((ports (%init-plotting 'error-plotting-window "Error plotting" sweep maxerr 0.1
                               "Average NMSE vs age")))
    (setq training-error-port (car ports) test-error-port (cadr ports))))
(de cancel-error-plotting () (setq training-error-port ()) (setq test-error-port ()))

#? (init-perf-plotting sweeps) opens the plot of the performance against age (window "Perf plotting")
(de init-perf-plotting (sweep)
  (let ((ports (%init-plotting 'perf-plotting-window "Perf plotting" sweep 100 20
                               "Performance vs age")))
    (setq training-perf-port (car ports) test-perf-port (cadr ports))))
(de cancel-perf-plotting () (setq training-perf-port ()) (setq test-perf-port ()))

(de %port-clear (p) (when p (let ((plot-port p)) (plt-clear))))
(de %port-point (p y) (when p (let ((plot-port p)) (plt-draw age y) (plt-plot age y))))

(de reset-training-ports () (%port-clear training-perf-port) (%port-clear training-error-port))
(de reset-test-ports () (%port-clear test-perf-port) (%port-clear test-error-port))
(de auto-plot-training ()
  (%port-point training-perf-port good-an-percent)
  (%port-point training-error-port global-error))
(de auto-plot-test ()
  (%port-point test-perf-port good-an-percent)
  (%port-point test-error-port global-error))

;; ---------------------------------------------------------------- perf files

;; The rows (range age performance error) of a perf file, in file order; a
;; line without a range that repeats the age of the line before is "Test".
(de %read-perf-file (fname)
  (let ((rows ()) (last-age -1) (go t))
    (reading (open-read fname "perf")
      (while (and go (<> (skip-char) "\e"))
        (if (= (skip-char) ";")
            (progn (read-string "~\n") (read-string 1))
          (let* ((a (read)) (e (read)) (p (read))
                 (ens (progn (skip-char " ;\t") (read-string "~ \t\n\r"))))
            (if (not (and (numberp a) (numberp e) (numberp p)))
                (setq go ())
              (when (and (= ens "") (= a last-age)) (setq ens "Test"))
              (setq last-age a)
              (setq rows (cons (list ens a p e) rows)))))))
    (reverse rows)))

;; At most 13 of the ages (sorted), evenly spread, as axis labels.
(de %age-ticks (ages lo hi)
  (let ((out ()) (next lo) (step (/ (- hi lo) 12)))
    (each ((a (sort ages)))
      (when (>= a next)
        (setq out (cons a out) next (+ a step))))
    (reverse out)))

;; A plot port on a window kept in wsym, its axes drawn.
(de %perf-file-port (wsym title rect ylabel xlabel name)
  (let* ((window (%plot-window wsym title)) (brect (nice-brect))
         (port (new-plot-port brect rect object-nil)))
    (cls)
    (let ((plot-port port)) (draw-axes brect xlabel ylabel name))
    port))

;; The curve of one range: a line through its points, restarted where the
;; age goes back, with a marker on each point; column k of the rows.
(de %perf-file-curve (rows ens marker base k)
  (let ((plot-port (copy-plot-port base marker)) (last 0))
    (each ((r rows))
      (when (= ens (car r))
        (when (<= (cadr r) last) (plt-clear))
        (plt-draw (cadr r) (nth k r))
        (plt-plot (cadr r) (nth k r))
        (setq last (cadr r))))))

#? (plot-perf-file fname) plots the performance and the error recorded by perf in the perf file fname (.perf added when needed; lines "age error performance ;{range}") against age, in the windows "Perf plotting" and "Error plotting": one curve per pattern range, with its own marker (printed as a legend); the automatic plots of init-perf-plotting and init-error-plotting are cancelled (the windows are shared)
(de plot-perf-file (fname)
  (let* ((rows (%read-perf-file fname))
         (ages (mapcar cadr rows))
         (lo (if ages (inf ages) 0))
         (hi (if ages (max (sup ages) (+ lo 1)) 1))
         (maxerr (max 1e-6 (sup (cons 0 (mapcar (lambda (r) (nth 3 r)) rows)))))
         (ens ())
         (markers '(open-circle closed-circle open-square closed-square)))
    (each ((r rows)) (when (not (member (car r) ens)) (setq ens (nconc1 ens (car r)))))
    (cancel-error-plotting)
    (cancel-perf-plotting)
    (let* ((xl (%age-ticks ages lo hi))
           (pp (%perf-file-port 'perf-plotting-window "Perf plotting" (list lo 0 hi 100)
                                (range 0 100 10) xl (concat "performance from file :" fname)))
           (ep (%perf-file-port 'error-plotting-window "Error plotting" (list lo 0 hi maxerr)
                                (range 0 maxerr 0.1) xl (concat "error from file :" fname))))
      (printf "\nLegend\n------------------------------\n")
      (each ((e ens))
        (let ((m (car markers)))
          (printf "%16s %l\n" e m)
          (%perf-file-curve rows e (eval m) pp 2)
          (%perf-file-curve rows e (eval m) ep 3)
          (setq markers (nconc1 (cdr markers) m))))
      (printf "------------------------------\n")
      ens)))

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
