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

;; The curvature of the cost along d, from the change of the batch
;; gradient over a small step (g is minus the gradient at the weights w).
(de %curvature-along (w g d)
  (let* ((dd (%dot d d)) (sigma (/ 1e-3 (sqrt (+ dd 1e-30)))))
    (rest-weights (%axpy sigma d w))
    (%accumulate-gradient)
    (let ((g2 (get-sfield s-acc)))
      (rest-weights w)
      (/ (- (%dot d g) (%dot d g2)) sigma))))

(setq %cg-dir () %cg-grad () %cg-count 0)

#? (learn-batch-cg n) n conjugate-gradient steps (Hestenes-Stiefel, restarts, curvature-based step)
(de learn-batch-cg (n)
  (repeat n
    (setq global-error (%accumulate-gradient))
    (let* ((g (get-sfield s-acc))
           (w (dump-weights))
           (beta (if (and %cg-dir (< %cg-count wnum))
                     (let* ((y (%axpy -1 %cg-grad g)) (den (%dot %cg-dir y)))
                       (if (= den 0) 0 (max 0 (/ (%dot g y) (- den)))))
                   0))
           (d (if (> beta 0) (%axpy beta %cg-dir g) g)))
      (when (<= (%dot g d) 0) (setq d g beta 0))
      (setq %cg-count (if (> beta 0) (1+ %cg-count) 0))
      (let* ((curv (%curvature-along w g d))
             (dd (%dot d d))
             (step (/ (%dot g d) (+ (abs curv) (* mu dd) 1e-20)))
             (tries 0))
        ;; backtrack while the step makes the cost worse
        (rest-weights (%axpy step d w))
        (while (and (< tries 20) (> (%accumulate-gradient) global-error))
          (setq step (/ step 2) tries (1+ tries))
          (rest-weights (%axpy step d w)))
        (when (>= tries 20) (rest-weights w) (setq %cg-count wnum)))
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
