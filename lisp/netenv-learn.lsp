;; netenv-learn — data, pattern order, cost, classification and the
;; training loop (learn, perf, run, trun) of the SN2.8 environment.
;; When the settings are the standard ones, learn and perf run in the
;; compiled loops %learn-fast and %perf-fast; otherwise in Lisp, through
;; the user-redefinable functions.

;; ---------------------------------------------------------------- data

#? (load-patterns pat-file des-file) loads pattern-matrix and desired-matrix; training range = all rows
(de load-patterns (pat des)
  (setq pattern-matrix (load-matrix pat) desired-matrix (load-matrix des))
  (unless (= (bound pattern-matrix 1) (bound desired-matrix 1))
    (printf "*** Warning: %d patterns but %d desired outputs\n"
            (1+ (bound pattern-matrix 1)) (1+ (bound desired-matrix 1))))
  (ensemble 0 (bound pattern-matrix 1))
  (1+ (bound pattern-matrix 1)))

#? (ensemble a b) training patterns a..b (inclusive)
(de ensemble (a b)
  (setq patt-min a patt-max b current-pattern a)
  (list a b))

(de %hoeffding (n)
  (* 100 (sqrt (/ (log (/ 2 (- 1 (/ confidence 100)))) (* 2 n)))))

#? (test-set a b) test patterns a..b (inclusive); prints the Hoeffding confidence interval
(de test-set (a b)
  (setq tpatt-min a tpatt-max b)
  (let ((n (1+ (- b a))))
    (printf "** Test set size = %d, %d%% confidence interval = +-%.2f%%.\n" n confidence (%hoeffding n)))
  (list a b))

#? (present-pattern layer n) copies pattern n into the layer (plus gaussian input-noise)
(de present-pattern (layer n)
  (get-pattern pattern-matrix n layer)
  (when (<> input-noise 0)
    (each ((u layer)) (nval u (+ (nval u) (gauss 0 input-noise))))))

#? (present-desired layer n) copies desired output n into the layer
(de present-desired (layer n) (get-pattern desired-matrix n layer))

;; ---------------------------------------------------------------- pattern order

(de %next-pattern ()
  (unless %nextpat-stay
    (setq current-pattern
          (if %nextcho-rnd
              (+ patt-min (int (rand 0 (1+ (- patt-max patt-min)))))
            (if (>= current-pattern patt-max) patt-min (1+ current-pattern))))))
(setq next-pattern %next-pattern)

(de set-nextpat-seq () (setq %nextpat-stay () next-pattern %next-pattern) t)
(de set-nextpat-stay () (setq %nextpat-stay t next-pattern %next-pattern) t)
(de set-nextcho-seq () (setq %nextcho-rnd () next-pattern %next-pattern) t)
(de set-nextcho-rnd () (setq %nextcho-rnd t next-pattern %next-pattern) t)

;; ---------------------------------------------------------------- cost

#? (set-cost-lms) init-grad = init-grad-lms (default)
(de set-cost-lms () (setq init-grad init-grad-lms %cost-threshold ()) t)
#? (set-cost-thlms threshold) thresholded LMS cost
(de set-cost-thlms (th)
  (setq %cost-threshold th)
  (setq init-grad (lambda (f o d) (init-grad-thlms f o d %cost-threshold)))
  th)
(set-cost-lms)

;; ---------------------------------------------------------------- classification

(de %outputs () (get-nfield output-layer n-val))
(de %desired () (get-nfield desired-layer n-val))

(de %index-max (l)
  (let ((best 0) (i 0) (m (car l)))
    (each ((x l)) (when (> x m) (setq m x best i)) (incr i))
    best))

(de %class-quadrant (n) (= 0 (quadrant-dist (%outputs) (%desired))))
(de %class-max (n) (= (%index-max (%outputs)) (%index-max (%desired))))
(de %class-sgn (n)
  (let ((ok t))
    (each ((o (%outputs)) (d (%desired)))
      (unless (if (> d 0) (> o (caddr %class-spec)) (< o (cadr %class-spec))) (setq ok ())))
    ok))
(de %class-lms (n) (< (mean-sqr-dist (%outputs) (%desired)) (cadr %class-spec)))
(de %class-hamming (n) (= 0 (hamming-dist (%outputs) (%desired) (cadr %class-spec))))
(de %class-nil (n) ())

(de set-class-quadrant () (setq %class-spec '(quadrant) classify %class-quadrant) t)
(de set-class-max () (setq %class-spec '(max) classify %class-max) t)
(de set-class-sgn (tmin tmax) (setq %class-spec (list 'sgn tmin tmax) classify %class-sgn) t)
(de set-class-lms (margin) (setq %class-spec (list 'lms margin) classify %class-lms) t)
(de set-class-hamming (margin) (setq %class-spec (list 'hamming margin) classify %class-hamming) t)
(de set-class-nil () (setq %class-spec '(nil) classify %class-nil) t)
(set-class-quadrant)

(de %std-classify-p ()
  (member classify (list %class-quadrant %class-max %class-sgn %class-lms %class-hamming %class-nil)))

;; ---------------------------------------------------------------- the loop

#? (basic-iteration n) one learning iteration on pattern n; returns local-error
(de basic-iteration (n)
  (present-pattern input-layer n)
  (forward-prop)
  (present-desired desired-layer n)
  (backward-prop)
  (do-update-weight)
  (incr age)
  (setq good-answer (classify n))
  (disp-basic-iteration n)
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
       (%std-classify-p)))

(de %fast-learn-p ()
  (and (%fast-common-p)
       (eq do-update-weight %std-do-update-weight)
       (eq next-pattern %next-pattern)
       (eq disp-basic-iteration %disp-nothing)
       (or (not %newton-mode) lev-mar)))

#? (learn n) n training iterations from current-pattern
(de learn (n)
  (unless (and (%fast-learn-p) (%learn-fast n (%fast-struct)))
    (repeat n
      (basic-iteration current-pattern)
      (next-pattern)))
  local-error)

#? (learn-cycle n) n sweeps over the training range
(de learn-cycle (n) (learn (* n (1+ (- patt-max patt-min)))))

(de %perf-slow (a b)
  (let ((s 0) (g 0))
    (for (i a b)
      (present-pattern input-layer i)
      (forward-prop)
      (present-desired desired-layer i)
      (do-compute-err)
      (setq s (+ s local-error))
      (when (classify i) (incr g)))
    (list s g (1+ (- b a)))))

#? (perf [a b]) measures patterns a..b (default the training range) without learning; returns % correct
(de perf (&optional (a patt-min) (b patt-max))
  (let ((r (and (%fast-common-p) (%perf-fast a b (%fast-struct)))))
    (unless r (setq r (%perf-slow a b)))
    (setq global-error (/ (car r) (caddr r)))
    (setq good-an-percent (/ (* 100 (cadr r)) (caddr r)))
    (printf "--------------------------------------------------------------\n")
    (printf "patterns{%d-%d}, age=%d, error=%g, performance=%g\n" a b age global-error good-an-percent)
    (when perf-file
      (writing (concat ">>" perf-file)
        (printf "patterns{%d-%d}, age=%d, error=%g, performance=%g\n" a b age global-error good-an-percent)))
    (disp-perf-iteration a b)
    good-an-percent))

(de %run (learner n cycles test)
  (perf)
  (when test (perf tpatt-min tpatt-max))
  (repeat cycles
    (learner n)
    (perf)
    (when test (perf tpatt-min tpatt-max)))
  good-an-percent)

#? (run n cycles) perf, then cycles times (learn n, perf)
(de run (n cycles) (%run learn n cycles ()))
#? (trun n cycles) as run, with a test-set perf after each training perf
(de trun (n cycles) (%run learn n cycles t))

(setq %std-present-pattern present-pattern %std-present-desired present-desired)
