;; netenv — the SN2.8 training environment, on top of the units primitives.
;;
;; Globals, network building, non-linear function settings, initial
;; weights and learning rates, field helpers. The training loop is in
;; netenv-learn.lsp, second order, batch, conjugate gradient and optimal
;; brain damage in netenv-more.lsp, printing and display hooks in
;; netenv-display.lsp. SN2.8 scripts (.sn) run with all of it loaded.

;; ---------------------------------------------------------------- globals

(setq age 0 patt-min 0 patt-max 0 tpatt-min 0 tpatt-max 0 current-pattern 0)
(setq input-layer () output-layer () desired-layer () net-struc ())
(setq pattern-matrix () desired-matrix ())
(setq local-error 0 global-error 0 good-answer () good-an-percent 0)
(setq alpha 0 decay 0 theta 0 mu 0.05 gamma 0.05 eps 0 input-noise 0)
(setq lev-mar () perf-file () confidence 90)
(setq %newton-mode () %nextpat-stay () %nextcho-rnd () %cost-threshold ())
(setq %net-stages () %net-nlfs ())

;; field numbers
(setq n-val 1 n-sum 2 n-grad 3 n-backsum 4 n-epsilon 5 n-desired 6 n-freedom 7
      n-ggrad 8 n-sqbacksum 9 n-sigma 10 n-spare 11 n-spare1 11 n-spare2 12 n-spare3 13)
(setq s-val 1 s-delta 2 s-acc 3 s-epsilon 4 s-sigma 5 s-hess 6)

#? (newton-mode) true: sn has one kernel with every feature
(de newton-mode () t)
#? (iterative-mode) true: sn has one kernel with every feature
(de iterative-mode () t)

;; ---------------------------------------------------------------- TL3 helpers

(de mean-sqr-dist (l1 l2)
  (let ((s 0) (n 0))
    (each ((a l1) (b l2)) (setq s (+ s (* (- a b) (- a b)))) (incr n))
    (if (> n 0) (/ s n) 0)))

(de hamming-dist (l1 l2 &optional (margin 0))
  (let ((n 0))
    (each ((a l1) (b l2)) (when (> (abs (- a b)) margin) (incr n)))
    n))

(de quadrant-dist (l1 l2)
  (let ((n 0))
    (each ((a l1) (b l2)) (when (if (> a 0) (<= b 0) (> b 0)) (incr n)))
    n))

(unless process-pending-events (de process-pending-events () ()))

;; ---------------------------------------------------------------- nlf settings

#? (nlf-tanh mx dmin [scale [shift]]) nlf = scale·tanh(mx·x) + dmin·x + shift (f(1) = 1 by default)
(de nlf-tanh (mx dmin &optional scale (shift 0))
  (unless scale (setq scale (/ (- 1 dmin) (tanh mx))))
  (setq nlf (nlf-f-tanh scale mx dmin shift)
        dnlf (nlf-df-tanh scale mx dmin shift)
        ddnlf (nlf-ddf-tanh scale mx dmin shift))
  nlf)

#? (nlf-lin dmin dmax [th]) slope dmax on [-th, th] (th defaults to 1), dmin outside
(de nlf-lin (dmin dmax &optional (th 1))
  (setq nlf (nlf-f-piecewise dmin dmax th)
        dnlf (nlf-df-piecewise dmin dmax th)
        ddnlf (nlf-ddf-piecewise dmin dmax th))
  nlf)

#? (nlf-bin [lo [hi [th]]]) threshold: hi above th, lo below
(de nlf-bin (&optional (lo -1) (hi 1) (th 0))
  (setq nlf (nlf-f-threshold lo hi th)
        dnlf (nlf-df-threshold lo hi th)
        ddnlf (nlf-ddf-threshold lo hi th))
  nlf)

#? (nlf-bell) nlf = (1 - x²)³ on [-1, 1]
(de nlf-bell ()
  (setq nlf (nlf-f-bell) dnlf (nlf-df-bell) ddnlf (nlf-ddf-bell))
  nlf)

#? (nlf-spline xs ys) piecewise-linear nlf through the knots
(de nlf-spline (xs ys)
  (setq nlf (nlf-f-spline xs ys) dnlf (nlf-df-spline xs ys) ddnlf (nlf-ddf-spline xs ys))
  nlf)

(nlf-tanh 0.666 0)

;; ---------------------------------------------------------------- building

(de make-input (l) (setq input-layer l))
(de make-output (l) (setq output-layer l))
(de make-desired (l) (setq desired-layer l))

(de %bn-build (%bn-layers %bn-conns %bn-bias)
  (let ((%bn-first t))
    (each ((%bn-x %bn-layers))
      (set (car %bn-x) (newneurons (eval (cadr %bn-x))))
      (when (and %bn-bias (not %bn-first)) (connect 0 (eval (car %bn-x))))
      (setq %bn-first ()))
    (setq input-layer (eval (caar %bn-layers)))
    (setq output-layer (eval (car (last %bn-layers))))
    (setq desired-layer (newneurons (length output-layer)))
    (each ((%bn-c %bn-conns))
      (connect (eval (car %bn-c)) (eval (cadr %bn-c))))
    (define-net (mapcar (lambda (x) (cons (car x) (cddr x))) %bn-layers))
    net-struc))

#? (build-net '((name size [nlf-setting...]) ...) '((from to) ...)) builds a layered net with biases
(de build-net (%bn-l %bn-c) (%bn-build %bn-l %bn-c t))
#? (build-net-nobias layers connections) build-net without the bias connections
(de build-net-nobias (%bn-l %bn-c) (%bn-build %bn-l %bn-c ()))

;; The nlf of a layer: (units nlf dnlf ddnlf), () meaning the current globals.
(de %layer-nlfs (settings)
  (if (not settings)
      (list () () ())
    (let ((nlf nlf) (dnlf dnlf) (ddnlf ddnlf))
      (each ((s settings)) (eval s))
      (list nlf dnlf ddnlf))))

;; A layer given by name (a symbol) or by its units.
(de %layer-units (x) (if (consp x) x (eval x)))

#? (define-net '((layer [nlf-setting...]) ...)) defines forward-prop, backward-prop, ... for these layers
(de define-net (%dn-l)
  (let ((stages ()))
    (each ((x (cdr %dn-l)))
      (setq stages (nconc1 stages (cons (%layer-units (car x)) (%layer-nlfs (cdr x))))))
    (setq %net-stages stages)
    (setq %net-all-layers (mapcar car stages))
    (when %dn-l
      (setq input-layer (%layer-units (caar %dn-l)))
      (setq output-layer (last %net-all-layers)))
    (unless (= (length desired-layer) (length output-layer))
      (setq desired-layer (newneurons (length output-layer))))
    (setq net-struc (cons (cons input-layer %net-all-layers) desired-layer))
    (%define-props)
    net-struc))

(de %stage-f (s i g) (or (nth i s) (eval g)))

(de %define-props ()
  (de forward-prop ()
    (each ((s %net-stages))
      (update-state theta (%stage-f s 1 'nlf) (car s))))
  (de do-compute-err ()
    (setq local-error
          (/ (init-grad (%stage-f (last %net-stages) 2 'dnlf) output-layer desired-layer)
             (length output-layer))))
  (de backward-prop ()
    (do-compute-err)
    (each ((s (cdr (reverse %net-stages))))
      (update-gradient (%stage-f s 2 'dnlf) (car s))))
  (de backward-2-prop ()
    (each ((s (reverse %net-stages)))
      (if lev-mar
          (update-lmggradient (%stage-f s 2 'dnlf) gamma (car s))
        (update-ggradient (%stage-f s 2 'dnlf) (%stage-f s 3 'ddnlf) gamma (car s)))))
  (de do-update-weight ()
    (if %newton-mode
        (progn (backward-2-prop)
               (hessian-scale mu)
               (apply update-w-newton (cons alpha (cons decay %net-all-layers))))
      (apply update-weight (cons alpha (cons decay %net-all-layers)))))
  (de do-update-acc () (apply update-acc %net-all-layers))
  (setq %std-forward-prop forward-prop %std-backward-prop backward-prop
        %std-do-update-weight do-update-weight))

;; The structure given to the compiled loop: (units nlf dnlf) per layer.
(de %fast-struct ()
  (mapcar (lambda (s) (list (car s) (nth 1 s) (nth 2 s))) %net-stages))

;; ---------------------------------------------------------------- weights and rates

(de %reset-age () (setq age 0 current-pattern 0))
#? (forget x) every weight uniform in [-x, x]; age and current-pattern to 0
(de forget (x) (%forget x 0) (%reset-age) x)
#? (forget-inv x) weights uniform in ±x/fan-in
(de forget-inv (x) (%forget x 1) (%reset-age) x)
#? (forget-sqrt x) weights uniform in ±x/√fan-in
(de forget-sqrt (x) (%forget x 2) (%reset-age) x)
#? (smartforget) = (forget-sqrt 1)
(de smartforget () (forget-sqrt 1))
(de forget-layer (x layer) (%forget x 0 layer))
(de forget-inv-layer (x layer) (%forget x 1 layer))
(de forget-sqrt-layer (x layer) (%forget x 2 layer))

#? (epsi x) each unit with inputs gets ε = x / fan-in
(de epsi (x) (setq eps x) (%epsi x 1) (%log-param "epsi" x) x)
#? (epsi-sqrt x) each unit with inputs gets ε = x / √fan-in
(de epsi-sqrt (x) (setq eps x) (%epsi x 2) (%log-param "epsi-sqrt" x) x)
(de epsi-layer (x layer) (%epsi x 1 layer))
(de epsi-sqrt-layer (x layer) (%epsi x 2 layer))

#? (new-mu x) changes mu, scaling the unit rates to keep ε/mu
(de new-mu (x)
  (when (and (> mu 0) (> nnum 1))
    (let ((l (range 1 (1- nnum))))
      (set-nfield l n-epsilon (mapcar (lambda (e) (* e (/ x mu))) (get-nfield l n-epsilon)))))
  (setq mu x))

;; ---------------------------------------------------------------- field helpers

(de %all-units () (if (> nnum 0) (range 0 (1- nnum)) ()))
(de %all-but-bias () (if (> nnum 1) (range 1 (1- nnum)) ()))

(de %field-helper (f args)
  (let ((a (car args)) (b (cadr args)))
    (cond ((not args) (get-nfield (%all-units) f))
          ((numberp a) (set-nfield (%all-but-bias) f a) a)
          ((not (cdr args)) (get-nfield a f))
          (t (set-nfield a f b) b))))

(de state args (%field-helper n-val args))
(de gradient args (%field-helper n-grad args))
(de weighted-sum args (%field-helper n-sum args))
(de back-sum args (%field-helper n-backsum args))
(de epsilon args (%field-helper n-epsilon args))
(de sqback-sum args (%field-helper n-sqbacksum args))
(de ggradient args (%field-helper n-ggrad args))
(de sigma args (%field-helper n-sigma args))

#? (weight c [layer]) weights into unit c (from the units of layer only, if given)
(de weight (c &optional layer)
  (let ((r ()))
    (each ((i (amont c)))
      (when (or (not layer) (member i layer)) (setq r (nconc1 r (sval i c)))))
    r))
(de set-weight (c l) (each ((i (amont c)) (w l)) (sval i c w)) l)
(de deltaw (c) (mapcar (lambda (i) (sdelta i c)) (amont c)))
(de set-deltaw (c l) (each ((i (amont c)) (w l)) (sdelta i c w)) l)
(de dump-weights () (get-sfield s-val))
(de rest-weights (l) (set-sfield s-val l) l)

(dmd all-neuron (var . body)
  `(for (,(car var) 0 (1- nnum)) ,@body))
(dmd all-synapse (vars . body)
  (let ((i (car vars)) (j (cadr vars)))
    `(for (,j 1 (1- nnum)) (each ((,i (amont ,j))) ,@body))))

(de %log-param (name x)
  (when perf-file
    (writing (concat ">>" perf-file) (printf ";; %s %g\n" name x))))

(libload "netenv-learn")
(libload "netenv-more")
(libload "netenv-display")
