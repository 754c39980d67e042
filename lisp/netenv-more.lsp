;; netenv-more — second order (online and batch diagonal Newton and
;; Levenberg-Marquardt), batch gradient, conjugate gradient, optimal brain
;; damage and weight files of the SN2.8 environment.

;; ---------------------------------------------------------------- online second order

#? (basic-newton-iteration n) one online Newton (or, with lev-mar, Levenberg-Marquardt) iteration on pattern n
(de basic-newton-iteration (patt-number)
  (present-pattern input-layer patt-number)
  (forward-prop net-struc)
  (present-desired desired-layer patt-number)
  (backward-prop net-struc)
  (backward-2-prop net-struc)
  (do-update-weight-newton net-struc)
  (incr age)
  (setq good-answer (classify patt-number))
  (process-pending-events)
  (disp-basic-iteration patt-number)
  local-error)

;; it online second-order iterations, in the compiled loop when it applies.
(de %learn-2 (it cycle)
  (let ((%newton-mode t))
    (if cycle
        (repeat it (for (i patt-min patt-max) (basic-newton-iteration i)))
      (unless (%learn-fast-p it)
        (repeat it
          (basic-newton-iteration current-pattern)
          (setq current-pattern (next-pattern current-pattern))))))
  (list it))

#? (learn-newton it) it online diagonal Newton iterations; returns (it)
(de learn-newton (it) (let ((lev-mar ())) (%learn-2 it ())))
#? (learn-cycle-newton it) it sweeps of online Newton over the training range
(de learn-cycle-newton (it) (let ((lev-mar ())) (%learn-2 it t)))
#? (learn-lm it) it online Levenberg-Marquardt iterations; returns (it)
(de learn-lm (it) (let ((lev-mar t)) (%learn-2 it ())))
#? (learn-cycle-lm it) it sweeps of online Levenberg-Marquardt over the training range
(de learn-cycle-lm (it) (let ((lev-mar t)) (%learn-2 it t)))

(de run-newton (it num) (%run "run-newton" learn-newton it num ()))
(de trun-newton (it num) (%run "trun-newton" learn-newton it num t))
(de run-lm (it num) (%run "run-lm" learn-lm it num ()))
(de trun-lm (it num) (%run "trun-lm" learn-lm it num t))

;; ---------------------------------------------------------------- batch

;; One sweep over from..to accumulating the gradient (and, with hess, the
;; second derivatives): age, global-error and good-an-num as SN2.8 counts.
(de %batch-sweep (from to hess)
  (setq global-error 0 good-an-num 0 pnum 0)
  (clear-acc)
  (when hess (clear-hess))
  (for (patt-number from to)
    (present-pattern input-layer patt-number)
    (forward-prop net-struc)
    (present-desired desired-layer patt-number)
    (backward-prop net-struc)
    (when hess (backward-2-prop net-struc))
    (do-update-acc net-struc)
    (when hess (do-update-hess net-struc))
    (incr age)
    (incr pnum)
    (setq good-answer (classify patt-number))
    (setq global-error (+ global-error local-error))
    (when good-answer (incr good-an-num))
    (process-pending-events)
    (disp-basic-iteration patt-number)))

(de %batch-end ()
  (setq good-an-percent (* 100.0 (/ good-an-num pnum)))
  (setq global-error (/ global-error pnum)))

#? (batch-iteration from to) one batch gradient step over patterns from..to
(de batch-iteration (from to)
  (%batch-sweep from to ())
  (update-delta alpha)
  (update-wghtonly decay)
  (%batch-end))

#? (batch-newton-iteration from to) one batch Newton (lev-mar: Levenberg-Marquardt) step over from..to
(de batch-newton-iteration (from to)
  ;; as SN2.8, gamma 1 for good: ssigma holds each pattern's curvature,
  ;; which update-hess sums into shess
  (setq gamma 1)
  (%batch-sweep from to t)
  (hessian-scale mu)
  (update-delta alpha)
  (update-wghtonly decay)
  (%batch-end))

#? (learn-batch n) n batch gradient steps over the training range; returns (n)
(de learn-batch (n) (repeat n (batch-iteration patt-min patt-max)) (list n))
#? (learn-batch-newton n) n batch diagonal Newton steps; returns (n)
(de learn-batch-newton (n)
  (let ((lev-mar ())) (repeat n (batch-newton-iteration patt-min patt-max))) (list n))
#? (learn-batch-lm n) n batch Levenberg-Marquardt steps; returns (n)
(de learn-batch-lm (n)
  (let ((lev-mar t)) (repeat n (batch-newton-iteration patt-min patt-max))) (list n))

(de run-batch (it num) (%run "run-batch" learn-batch it num ()))
(de trun-batch (it num) (%run "trun-batch" learn-batch it num t))
(de run-batch-newton (it num) (%run "run-batch-newton" learn-batch-newton it num ()))
(de trun-batch-newton (it num) (%run "trun-batch-newton" learn-batch-newton it num t))
(de run-batch-lm (it num) (%run "run-batch-lm" learn-batch-lm it num ()))
(de trun-batch-lm (it num) (%run "trun-batch-lm" learn-batch-lm it num t))

;; ---------------------------------------------------------------- conjugate gradient

#? (batch-cg1-iteration from to) accumulates the gradient (sacc) over from..to, counting age and errors
(de batch-cg1-iteration (from to) (%batch-sweep from to ()))

#? (batch-cg2-iteration from to) the Gauss-Newton curvature along sdelta: Σ over from..to of the squared output changes (forward-2-prop)
(de batch-cg2-iteration (from to)
  (let ((curvature 0))
    (for (patt-number from to)
      (present-pattern input-layer patt-number)
      (forward-prop net-struc)
      (set-nfield input-layer n-grad 0)
      (forward-2-prop net-struc)
      (incr curvature (sqr-dist (gradient output-layer)))
      (process-pending-events))
    curvature))

;; conjgrad ← beta·conjgrad, then conjgrad ← conjgrad + grad, in single
;; precision, as SN2.8 does it.
(de %cg-direction (conjgrad beta grad)
  (idx-f1dotc conjgrad beta conjgrad)
  (idx-f1dotcacc grad 1 conjgrad))

#? (learn-batch-cg it [grad1 grad2 conjgrad]) it conjugate-gradient steps (every unit's ε set to 1; Hestenes-Stiefel directions restarting by themselves; the step from the Gauss-Newton curvature along the direction, plus mu when safe-cg is set); returns (it grad1 grad2 conjgrad) to continue with
(de learn-batch-cg (it &optional grad1 grad2 conjgrad)
  (unless grad2 (setq grad2 (float-matrix wnum)))
  (epsilon 1)
  (repeat it
    (batch-cg1-iteration patt-min patt-max)
    (acc-to-matrix grad2)
    (if (not grad1)
        ;; first step, or a restart: the gradient itself
        (setq grad1 (copy-matrix grad2) conjgrad (copy-matrix grad2))
      (let ((beta (/ (- (dot-product grad2 grad2) (dot-product grad1 grad2))
                     (dot-product conjgrad grad1))))
        (%cg-direction conjgrad beta grad2)))
    (matrix-to-delta conjgrad)
    ;; the new gradient becomes grad1, the previous one's matrix is reused
    ;; (SN2.8's TL3 setq evaluates both values before assigning: a swap)
    (let ((g grad2)) (setq grad2 grad1 grad1 g))
    (let ((curvature (batch-cg2-iteration patt-min patt-max)))
      (when safe-cg (incr curvature mu))
      ;; a zero curvature: the outputs do not move along the direction (at
      ;; a minimum, the direction itself is zero); SN2.8's primitive would
      ;; stop with an error, here the step is skipped
      (when (> curvature 0) (update-wghtonly-conjgrad curvature))))
  (list it grad1 grad2 conjgrad))

(de %run-cg (name it num test)
  (let ((args (list it)))
    (%run name (lambda (it) (setq args (apply learn-batch-cg args))) it num test)))
(de run-batch-cg (it num) (%run-cg "run-batch-cg" it num ()))
(de trun-batch-cg (it num) (%run-cg "trun-batch-cg" it num t))

;; ---------------------------------------------------------------- optimal brain damage

#? (obd-compute-curvature pmin pmax) sums into shess the diagonal second derivative of the cost (with f'') over patterns pmin..pmax
(de obd-compute-curvature (pmin pmax)
  ;; gamma 1: ssigma holds each pattern's second derivatives, which
  ;; update-hess adds to shess
  (let ((gamma 1) (lev-mar ()))
    (clear-acc)
    (clear-hess)
    (for (patt-number pmin pmax)
      (present-pattern input-layer patt-number)
      (forward-prop net-struc)
      (present-desired desired-layer patt-number)
      (backward-prop net-struc)
      (backward-2-prop net-struc)
      (do-update-acc net-struc)
      (do-update-hess net-struc)
      (process-pending-events)
      (disp-basic-iteration patt-number))))

#? (obd-prune fraction) cuts the connections whose saliency shess·sval² is below the fraction quantile; returns how many
(de obd-prune (fractile) (%obd-prune fractile))

;; ---------------------------------------------------------------- weight files

;; file, or file.wei when its name has no suffix (as SN2.8's open-write
;; with "SNWT@wei"); for reading, a file of the very name is taken first.
(de %wei-file (file reading)
  (cond ((cdr (string-split (basename file) ".")) file)
        ((and reading (filepath file ())) file)
        (t (concat file ".wei"))))

#? (save-net file) saves every weight (binary, atomic) in file (file.wei when file has no suffix); returns file
(de save-net (file)
  (unless (stringp file) (%err 'save-net "Not a string" file))
  (%save-weights (%wei-file file ()))
  file)
#? (load-net file) loads the weights saved by save-net from file (or file.wei); their number is checked; returns file
(de load-net (file)
  (unless (stringp file) (%err 'load-net "Not a string" file))
  (%load-weights (%wei-file file t))
  file)
#? (save-ascii-net file) saves `from to weight` lines; returns file
(de save-ascii-net (file)
  (unless (stringp file) (%err 'save-ascii-net "Not a string" file))
  (%save-ascii-weights file)
  file)

#? (save-weights-as-c file [vector]) writes the weights as a C array `float vector[n] = {...};` (vector defaults to "weights")
(de save-weights-as-c (file &optional (vector "weights"))
  (let* ((h (get-sfield s-val)) (n (length h)) (col 2) (first t))
    (writing file
      (printf "/*** Here are the weights */\n\n")
      (printf "float %s[%d] = {\n  " vector n)
      (each ((x h))
        (unless first
          (if (> col 65)
              (progn (printf ",\n  ") (setq col 2))
            (printf ", ")
            (setq col (+ col 2))))
        (setq first ())
        (let ((s (sprintf "%l" x))) (printf "%s" s) (setq col (+ col (length s)))))
      (printf " };\n"))))
