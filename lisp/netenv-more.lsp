;; netenv-more — second order (diagonal Newton, Levenberg-Marquardt),
;; batch gradient, conjugate gradient, optimal brain damage and weight
;; files of the SN2.8 environment.

;; ---------------------------------------------------------------- online second order

#? (learn-newton n) online diagonal Newton: rates ε/(mu + |h|), h from update-ggradient
(de learn-newton (n) (let ((%newton-mode t) (lev-mar ())) (learn n)))
#? (learn-lm n) online stochastic diagonal Levenberg-Marquardt (Gauss-Newton h)
(de learn-lm (n) (let ((%newton-mode t) (lev-mar t)) (learn n)))
(de run-newton (n cycles) (%run learn-newton n cycles ()))
(de trun-newton (n cycles) (%run learn-newton n cycles t))
(de run-lm (n cycles) (%run learn-lm n cycles ()))
(de trun-lm (n cycles) (%run learn-lm n cycles t))

;; ---------------------------------------------------------------- batch

;; Accumulates the gradient (sacc) over the training range; returns the
;; mean local error.
(de %accumulate-gradient ()
  (let ((s 0))
    (clear-acc)
    (for (i patt-min patt-max)
      (present-pattern input-layer i)
      (forward-prop)
      (present-desired desired-layer i)
      (backward-prop)
      (do-update-acc)
      (setq s (+ s local-error)))
    (/ s (1+ (- patt-max patt-min)))))

#? (learn-batch n) n batch sweeps: the gradient summed over the training range, then one update
(de learn-batch (n)
  (repeat n
    (setq global-error (%accumulate-gradient))
    (update-delta alpha)
    (update-wghtonly decay)
    (setq age (+ age (1+ (- patt-max patt-min)))))
  global-error)
(de run-batch (n cycles) (%run learn-batch n cycles ()))
(de trun-batch (n cycles) (%run learn-batch n cycles t))

;; ---------------------------------------------------------------- conjugate gradient

(de %dot (a b) (let ((s 0)) (each ((x a) (y b)) (setq s (+ s (* x y)))) s))
(de %axpy (a x y) (mapcar (lambda (u v) (+ (* a u) v)) x y))

;; Gauss-Newton diagonal curvature over the training range, into shess.
(de %batch-curvature ()
  (clear-hess)
  (let ((lev-mar t))
    (for (i patt-min patt-max)
      (present-pattern input-layer i)
      (forward-prop)
      (present-desired desired-layer i)
      (backward-prop)
      (backward-2-prop-no-average)
      (update-hess))))

(de backward-2-prop-no-average ()
  (let ((gamma 0)) (backward-2-prop)))

(setq %cg-dir () %cg-grad () %cg-count 0)

#? (learn-batch-cg n) n conjugate-gradient steps (Hestenes-Stiefel, restarts, curvature-based step)
(de learn-batch-cg (n)
  (repeat n
    (setq global-error (%accumulate-gradient))
    (let* ((g (get-sfield s-acc))
           (beta (if (and %cg-dir (< %cg-count wnum))
                     (let* ((y (%axpy -1 %cg-grad g)) (den (%dot %cg-dir y)))
                       (if (= den 0) 0 (max 0 (/ (%dot g y) den))))
                   0))
           (d (if (> beta 0) (%axpy beta %cg-dir g) g)))
      (setq %cg-count (if (> beta 0) (1+ %cg-count) 0))
      (%batch-curvature)
      (let* ((h (get-sfield s-hess))
             (curv (let ((s 0)) (each ((x d) (k h)) (setq s (+ s (* (abs k) x x)))) s))
             (step (/ (%dot g d) (+ curv (* mu (%dot d d)) 1e-20))))
        (rest-weights (%axpy step d (dump-weights))))
      (setq %cg-dir d %cg-grad g)
      (setq age (+ age (1+ (- patt-max patt-min))))))
  global-error)
(de run-batch-cg (n cycles) (%run learn-batch-cg n cycles ()))
(de trun-batch-cg (n cycles) (%run learn-batch-cg n cycles t))

;; ---------------------------------------------------------------- optimal brain damage

#? (obd-compute-curvature a b) mean Gauss-Newton diagonal second derivative of each weight on patterns a..b
(de obd-compute-curvature (a b)
  (clear-hess)
  (let ((lev-mar t) (gamma 0))
    (for (i a b)
      (present-pattern input-layer i)
      (forward-prop)
      (present-desired desired-layer i)
      (backward-prop)
      (backward-2-prop)
      (update-hess)))
  (let ((k (/ 1 (1+ (- b a)))))
    (set-sfield s-hess (mapcar (lambda (h) (* k h)) (get-sfield s-hess))))
  (1+ (- b a)))

#? (obd-prune fraction) cuts that fraction of the connections, lowest saliency ½·h·w² first; returns how many
(de obd-prune (fraction) (%obd-prune fraction))

;; ---------------------------------------------------------------- weight files

#? (save-net file) saves every weight (binary, atomic)
(de save-net (file) (%save-weights file))
#? (load-net file) loads the weights saved by save-net (their number is checked)
(de load-net (file) (%load-weights file))
#? (save-ascii-net file) saves `from to weight` lines
(de save-ascii-net (file) (%save-ascii-weights file))
