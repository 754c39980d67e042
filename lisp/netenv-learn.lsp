;; netenv-learn — data, pattern order, cost, classification, performance
;; and the online training loop (learn, run, trun) of the SN2.8
;; environment. When the settings are the standard ones, learn and perf
;; run in the compiled loops %learn-fast and %perf-fast, which do what the
;; Lisp loop does; otherwise in Lisp, through the user-redefinable functions.

;; ---------------------------------------------------------------- data

#? (load-patterns pat-file des-file) loads pattern-matrix and desired-matrix; training range = all rows
(de load-patterns (pat-file des-file)
  (setq pattern-matrix (load-matrix pat-file) desired-matrix (load-matrix des-file))
  (when (<> (bound pattern-matrix 1) (bound desired-matrix 1))
    (printf "***WARNING: pattern file and desired output file have\n")
    (printf "            different numbers of elements\n"))
  (save-perf ";;; (load-patterns %l %l)\n" pat-file des-file)
  (ensemble 0 (bound pattern-matrix 1)))

#? (ensemble pmin pmax) the training patterns pmin..pmax; current-pattern brought into the range
(de ensemble (pmin pmax)
  (if (> pmin pmax)
      (%err 'ensemble "first argument must be smaller than second one" (list pmin pmax))
    (setq patt-min pmin patt-max pmax)
    (when (> current-pattern pmax) (setq current-pattern pmin))
    (when (< current-pattern pmin) (setq current-pattern pmin))
    (save-perf ";;; (ensemble %l %l)\n" pmin pmax)))

#? (hoeffding tau eta n) the Hoeffding bound tau·√(−log(eta/2) / 2n)
(de hoeffding (tau eta n) (* tau (sqrt (/ (- (log (/ eta 2))) (* 2 n)))))

#? (test-set pmin pmax) the test patterns pmin..pmax; prints the Hoeffding confidence interval
(de test-set (pmin pmax)
  (if (> pmin pmax)
      (%err 'test-set "first argument must be smaller than second one" (list pmin pmax))
    (setq tpatt-min pmin tpatt-max pmax))
  (printf "** Test set size = %d, %d%% confidence interval = +-%.2f%%.\n"
          (1+ (- pmax pmin)) confidence
          (* 100 (hoeffding 1 (- 1 (/ confidence 100)) (1+ (- pmax pmin)))))
  (save-perf ";;; (test-set %l %l)\n" pmin pmax))

;; ---------------------------------------------------------------- pattern order

#? (nextcho-seq p) the pattern after p in the training range (cycling)
(de nextcho-seq (p)
  (if (< p patt-min) patt-min (if (>= p patt-max) patt-min (1+ p))))
#? (nextcho-rnd p) a random pattern of the training range
(de nextcho-rnd (p) (int (rand patt-min (1+ patt-max))))
(de set-nextcho-seq () (setq next-choice nextcho-seq) 'nextcho-seq)
(de set-nextcho-rnd () (setq next-choice nextcho-rnd) 'nextcho-rnd)
(set-nextcho-seq)

#? (nextpat-seq p) the next pattern given by next-choice
(de nextpat-seq (p) (next-choice p))
#? (nextpat-stay p) p again until it is answered well, then the next one
(de nextpat-stay (p) (if good-answer (next-choice p) p))
(de set-nextpat-seq () (setq next-pattern nextpat-seq) 'nextpat-seq)
(de set-nextpat-stay () (setq next-pattern nextpat-stay) 'nextpat-stay)
(set-nextpat-seq)

;; ---------------------------------------------------------------- cost

(setq %cost-threshold ())
#? (set-cost-lms) init-grad = init-grad-lms (default)
(de set-cost-lms () (setq init-grad init-grad-lms %cost-threshold ()) 'init-grad-lms)
#? (set-cost-thlms threshold) thresholded LMS cost
(de set-cost-thlms (threshold)
  (setq %cost-threshold threshold)
  (eval (list 'de 'init-grad '(dnlf l1 l2) (list 'init-grad-thlms 'dnlf 'l1 'l2 threshold)))
  'init-grad-thlms)
(set-cost-lms)

;; ---------------------------------------------------------------- classification

#? (rank-of-max l) the index of the largest element of l, or the list of them when it is reached more than once
(de rank-of-max (l)
  (let ((z (find-interval l (sup l)))) (if (cdr z) z (car z))))

#? (class-max pn) the most active output has the rank of the most active desired unit
(de class-max (pn)
  (= (setq out-class (rank-of-max (state output-layer)))
     (setq des-class (rank-of-max (state desired-layer)))))
#? (same-side x y tmin tmax) x and y on the same side of tmin and of tmax
(de same-side (x y tmin tmax)
  (and (= (sgn (- x tmin)) (sgn (- y tmin))) (= (sgn (- x tmax)) (sgn (- y tmax)))))
#? (class-sgn pn tmin tmax) every output on the same sides of tmin and tmax as its desired value
(de class-sgn (pn tmin tmax)
  (let ((ok t))
    (each ((x desired-layer) (y output-layer))
      (unless (same-side (nval x) (nval y) tmin tmax) (setq ok ())))
    ok))
#? (class-lms pn margin) mean squared error below margin
(de class-lms (pn margin)
  (> margin (mean-sqr-dist (state desired-layer) (state output-layer))))
#? (class-hamming pn margin) no output farther than margin from its desired value
(de class-hamming (pn margin)
  (0= (hamming-dist margin (state desired-layer) (state output-layer))))
#? (class-quadrant pn) every output in the quadrant of its desired value (TL3's quadrant-dist is 0)
(de class-quadrant (pn)
  (0= (quadrant-dist (state desired-layer) (state output-layer))))

;; %class-spec tells the compiled loops which criterion classify is.
(de %set-class (spec) (setq %class-spec spec %std-classify classify))

(de set-class-nil () (de classify (pn) t) (%set-class '(nil)) ())
(de set-class-max () (de classify (pn) (class-max pn)) (%set-class '(max)) 'class-max)
(de set-class-sgn (tmin tmax)
  (if (and (0= tmin) (0= tmax))
      (set-class-quadrant)
    (eval (list 'de 'classify '(pn) (list 'class-sgn 'pn tmin tmax)))
    (%set-class (list 'sgn tmin tmax))
    'class-sgn))
(de set-class-lms (errmax)
  (eval (list 'de 'classify '(pn) (list 'class-lms 'pn errmax)))
  (%set-class (list 'lms errmax))
  'class-lms)
(de set-class-hamming (margin)
  (eval (list 'de 'classify '(pn) (list 'class-hamming 'pn margin)))
  (%set-class (list 'hamming margin))
  'class-hamming)
(de set-class-quadrant ()
  (setq classify class-quadrant)
  (%set-class '(quadrant))
  'class-quadrant)
(set-class-quadrant)

;; ---------------------------------------------------------------- presentation

#? (present-pattern layer n) copies pattern n into the layer (plus gaussian input-noise)
(de present-pattern (layer patt-num)
  (get-pattern pattern-matrix patt-num layer)
  (when (0<> input-noise)
    (if gauss-state
        (gauss-state layer input-noise)
      (each ((u layer)) (nval u (+ (nval u) (gauss 0 input-noise)))))))

#? (present-desired layer n) copies desired output n into the layer
(de present-desired (layer patt-num) (get-pattern desired-matrix patt-num layer))

(setq %std-present-pattern present-pattern %std-present-desired present-desired)

;; ---------------------------------------------------------------- performance

#? (test-pattern n) forward pass and error on pattern n, without learning; returns local-error
(de test-pattern (patt-number)
  (present-pattern input-layer patt-number)
  (forward-prop net-struc)
  (present-desired desired-layer patt-number)
  (do-compute-err output-layer desired-layer)
  (setq good-answer (classify patt-number))
  (process-pending-events)
  (disp-perf-iteration patt-number)
  local-error)

;; The compiled loops apply when nothing was redefined.
(de %fast-common-p ()
  (and %net-stages
       (eq forward-prop %std-forward-prop)
       (eq backward-prop %std-backward-prop)
       (eq present-pattern %std-present-pattern)
       (eq present-desired %std-present-desired)
       (or (eq init-grad init-grad-lms) %cost-threshold)
       (= input-noise 0)
       (eq classify %std-classify)))

#? (performance pmin pmax) mean error (global-error) and % correct (good-an-percent) on patterns pmin..pmax
(de performance (pmin pmax)
  (let ((pnum (1+ (- pmax pmin)))
        (r (and (%fast-common-p) (eq disp-perf-iteration disp-nil)
                (%perf-fast pmin pmax (%fast-struct)))))
    (if r
        (setq global-error (car r) good-an-num (cadr r))
      (setq global-error 0 good-an-num 0)
      (for (i pmin pmax)
        (incr global-error (test-pattern i))
        (when good-answer (incr good-an-num))))
    (setq good-an-percent (* 100.0 (/ good-an-num pnum)))
    (setq global-error (/ global-error pnum))))

#? (perf [pmin pmax]) measures patterns pmin..pmax (default the training range) without learning; prints and returns % correct
(de perf l
  (when (and l (cddr l)) (%err 'perf "too many arguments" l))
  (let ((pmin (if l (car l) patt-min))
        (pmax (if l (cadr l) patt-max))
        (input-noise 0))
    (printf "-------------------------------------------------------\n")
    (performance pmin pmax)
    (save-perf "%6d %10.8f %6.2f ;{%d-%d}\n" age global-error good-an-percent pmin pmax)
    (printf "patterns{%d-%d}, age=%d, error=%g, performance=%g\n"
            pmin pmax age global-error good-an-percent)
    good-an-percent))

;; ---------------------------------------------------------------- the loop

#? (basic-iteration n) one learning iteration on pattern n; returns local-error
(de basic-iteration (patt-number)
  (present-pattern input-layer patt-number)
  (forward-prop net-struc)
  (present-desired desired-layer patt-number)
  (backward-prop net-struc)
  (do-update-weight net-struc)
  (incr age)
  (setq good-answer (classify patt-number))
  (process-pending-events)
  (disp-basic-iteration patt-number)
  local-error)

(de %fast-learn-p ()
  (and (%fast-common-p)
       (eq next-pattern nextpat-seq)
       (eq next-choice nextcho-seq)
       (eq disp-basic-iteration disp-nil)))

;; Runs it plain (or, with %newton-mode, Levenberg-Marquardt) iterations
;; in the compiled loop when it applies; false otherwise.
(de %learn-fast-p (it)
  (and (%fast-learn-p)
       (if %newton-mode lev-mar (eq do-update-weight %std-do-update-weight))
       (%learn-fast it (%fast-struct))))

#? (learn it) it online iterations from current-pattern; returns (it)
(de learn (it)
  (unless (%learn-fast-p it)
    (repeat it
      (basic-iteration current-pattern)
      (setq current-pattern (next-pattern current-pattern))))
  (list it))

#? (learn-cycle it) it sweeps over the training range in order; returns (it)
(de learn-cycle (it)
  (repeat it (for (i patt-min patt-max) (basic-iteration i)))
  (list it))

;; Whether the training perf (error performance) is the one before it
;; (prev, or ()) again, to 5 significant digits, short of 100 % correct:
;; the weights no longer move the error.
(de %stalled-p (prev e p)
  (and prev (= p (cadr prev)) (< p 100)
       (<= (abs (- e (car prev))) (* 5e-6 (+ (abs e) (abs (car prev)))))))

;; Said once per run when the training perf stops changing: a dead net
;; (units saturated by a rate too high) or a rate of 0. A warning only:
;; SN2.8's run makes its num rounds, and scripts count on the age after it.
(de %say-stalled (name it)
  (printf "*** %s: the training error and performance have not changed over the last %d iterations (error=%g, performance=%g): the network has stopped learning. Likely cause: learning rates (epsi) too high, which saturate the units, or rates of 0; check also the scale of the inputs\n"
          name it global-error good-an-percent))

;; With tensorboard-logdir set, the perf just measured goes to its event
;; file as set/error and set/correct (set train or test), at step age;
;; while the live view runs (view-windows), to its curves of those names.
(de %log-perf (set)
  (when (or tensorboard-logdir (view-url))
    (tensorboard-scalar (concat set "/error") age global-error)
    (tensorboard-scalar (concat set "/correct") age good-an-percent)))

;; With tensorboard-logdir set, the settings of a run of name (run or
;; trun), once at its start, as a Markdown table at step age.
(de %log-settings (name it num test)
  (when tensorboard-logdir
    (tensorboard-text "settings" age
      (concat
        "| setting | value |\n|---|---|\n"
        (sprintf "| sn version | %s |\n| command | (%s %l %l) |\n| age | %l |\n"
                 sn-version name it num age)
        (sprintf "| units | %l |\n| connections | %l |\n| weights | %l |\n"
                 nnum snum wnum)
        (sprintf "| learning rate (epsi) | %l |\n| mu | %l |\n| gamma | %l |\n| alpha | %l |\n| decay | %l |\n"
                 eps mu gamma alpha decay)
        (sprintf "| training patterns | %l to %l |\n" patt-min patt-max)
        (if test (sprintf "| test patterns | %l to %l |\n" tpatt-min tpatt-max) "")))))

;; The weights from input-layer into the first layer after it: one row
;; per unit of that layer, one column per input unit, 0 where there is no
;; connection (graphics.lsp's layer-weights); () without such layers.
(de %first-layer-weights ()
  (let ((from input-layer) (to (car %net-all-layers)))
    (when (and from to)
      (libload "graphics")
      (idx-reshape (layer-weights to from 1 (length from)) (length to) (length from)))))

;; With tensorboard-logdir set, the pictures of every open window (the
;; plots of netenv's display, the user's draw-net) at step age; without
;; any, the weights of the first layer (%first-layer-weights), as
;; save-weights draws them, tagged pictures/weights.
(de %log-windows ()
  (when tensorboard-logdir
    (or (tensorboard-windows age)
        (let ((w (%first-layer-weights)))
          (when w
            (tensorboard-image "pictures/weights" age w
                               (max 1 (min 8 (div 512 (max (length input-layer)
                                                           (length (car %net-all-layers)))))))))))))

;; SN2.8's run and trun, with the learner given.
(de %run (name learner it num test)
  (save-perf (concat ";;; " name " %l %l\n") it num)
  (%log-settings name it num test)
  (perf patt-min patt-max)
  (%log-perf "train")
  (reset-training-ports)
  (auto-plot-training)
  (when test
    (perf tpatt-min tpatt-max)
    (%log-perf "test")
    (reset-test-ports)
    (auto-plot-test))
  (%log-windows)
  (let ((prev (list global-error good-an-percent))
        (said ()))
    (repeat num
      (learner it)
      (perf patt-min patt-max)
      (%log-perf "train")
      (when (and (not said) (%stalled-p prev global-error good-an-percent))
        (%say-stalled name it)
        (setq said t))
      (setq prev (list global-error good-an-percent))
      (auto-plot-training)
      (when test
        (perf tpatt-min tpatt-max)
        (%log-perf "test")
        (auto-plot-test))
      (%log-windows))))

#? (run it num) perf, then num times (learn it, perf); with tensorboard-logdir set, the run's settings go to its event file as the text "settings" and each perf as train/error, train/correct at step age (and to the live view's curves while it runs), with the picture of every open window (tensorboard-windows), or without any the weights into the first layer after the input (tagged pictures/weights); a line starting *** says, once, when a training perf repeats the one before it (error and performance, short of 100 %): the net has stopped learning (rates too high, or 0). The rounds go on, as in SN2.8
(de run (it num) (%run "run" learn it num ()))
#? (trun it num) as run, with a test-set perf after each training perf (logged as test/error, test/correct)
(de trun (it num) (%run "trun" learn it num t))
