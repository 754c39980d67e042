;; netenv — the SN2.8 training environment, on top of the units primitives.
;;
;; Every function has SN2.8's arguments, return value and printed output
;; (SN2.8's lib/netenv.sn is the specification; this is sn's own code).
;; Globals, TL3 helpers, weights and rates, network building, field access
;; and the nlf settings are here; the training loop is in netenv-learn.lsp,
;; second order, batch, conjugate gradient, optimal brain damage and weight
;; files in netenv-more.lsp, printing and display in netenv-display.lsp.

;; ---------------------------------------------------------------- globals

(setq theta 0 alpha 0 decay 0 gamma 0.05 mu 0.05 eps 0 age 0 current-pattern 0)
(setq input-layer () output-layer () desired-layer () layer-names () net-struc ())
(setq patt-min () patt-max () tpatt-min () tpatt-max ())
(setq pattern-matrix () desired-matrix ())
(setq disp-error-max-age -1 disp-error-window () disp-error-sweeps ()
      disp-error-maxerr () disp-error-port ())
(setq confidence 90 out-class () des-class () input-noise 0)
(setq local-error 0 good-answer () global-error 0 good-an-num 0 good-an-percent 0)
(setq perf-file () pnum 0 lev-mar () safe-cg ())
(setq error-plotting-window () training-error-port () test-error-port ()
      perf-plotting-window () training-perf-port () test-perf-port ())
(setq %newton-mode () %net-stages () %net-all-layers ())
(setq pre-syn amont post-syn aval)

;; field numbers
(setq n-val 1 n-sum 2 n-grad 3 n-backsum 4 n-epsilon 5 n-desired 6 n-freedom 7
      n-ggrad 8 n-sqbacksum 9 n-sigma 10 n-spare 11 n-spare1 11 n-spare2 12 n-spare3 13)
(setq s-val 1 s-delta 2 s-acc 3 s-epsilon 4 s-sigma 5 s-hess 6)

#? (newton-mode) true: sn has one kernel with every feature
(de newton-mode () t)
#? (iterative-mode) true: sn has one kernel with every feature
(de iterative-mode () t)

;; ---------------------------------------------------------------- TL3 helpers

#? (find-interval l target [width]) indices of the elements of l within width of target
(unless find-interval
  (de find-interval (l target &optional (width 0))
    (let ((r ()) (i 0))
      (each ((x l))
        (when (and (>= x (- target width)) (<= x (+ target width))) (setq r (nconc1 r i)))
        (incr i))
      r)))

(unless process-pending-events (de process-pending-events () ()))

;; An error of function f (a symbol) with message msg and culprit x.
(de %err (f msg x) (error (concat (pname f) ": " msg) x))

;; A layer given by name (a symbol) or by its units.
(de %layer-units (x) (if (consp x) x (eval x)))

#? (save-perf fmt args...) printf into perf-file (appending) when it is set
(de save-perf l
  (when perf-file
    (writing (concat ">>" perf-file) (apply printf l))))

;; ---------------------------------------------------------------- control structures

(dmd all-synapse (vars . body)
  (let ((i (car vars)) (j (cadr vars)))
    `(for (,j 1 (1- nnum)) (each ((,i (amont ,j))) ,@body))))
(dmd all-neuron (var . body)
  `(for (,(car var) 0 (1- nnum)) ,@body))

;; ---------------------------------------------------------------- rates and weights

(de %layer-log (fname x name layer)
  (save-perf (concat ";;; (" fname " %l %s) with %s)\n")
             x (left (pname name) 20) (left (pname layer) 20)))

#? (epsi x) each unit with inputs gets ε = x / fan-in
(de epsi (x) (setq eps x) (%epsi x 1) (save-perf ";;; (epsi %l)\n" x))
#? (epsi-sqrt x) each unit with inputs gets ε = x / √fan-in
(de epsi-sqrt (x) (setq eps x) (%epsi x 2) (save-perf ";;; (epsi-sqrt %l)\n" x))
(df epsi-layer (nx nl)
  (let ((x (eval nx)) (l (eval nl))) (%epsi x 1 l) (%layer-log "epsi-layer" x nl l)))
(df epsi-sqrt-layer (nx nl)
  (let ((x (eval nx)) (l (eval nl))) (%epsi x 2 l) (%layer-log "epsi-sqrt-layer" x nl l)))

#? (new-mu x) sets mu (the unit rates keep their values, as in SN2.8)
(de new-mu (x) (setq mu x) (save-perf ";;; (mu %l)\n" x))

(de %reset-age () (setq current-pattern 0 disp-error-max-age -1 age 0))
#? (forget x) every weight uniform in [-x, x]; age and current-pattern to 0
(de forget (x) (%forget x 0) (%reset-age) (save-perf ";;; (forget %l)\n" x))
#? (forget-inv x) weights uniform in ±x/fan-in
(de forget-inv (x) (%forget x 1) (%reset-age) (save-perf ";;; (forget-inv %l)\n" x))
#? (forget-sqrt x) weights uniform in ±x/√fan-in
(de forget-sqrt (x) (%forget x 2) (%reset-age) (save-perf ";;; (forget-sqrt %l)\n" x))
#? (smartforget) = (forget-sqrt 1)
(de smartforget () (forget-sqrt 1))
(df forget-layer (nx nl)
  (let ((x (eval nx)) (l (eval nl)))
    (%forget x 0 l) (%reset-age) (%layer-log "forget-layer" x nl l)))
(df forget-inv-layer (nx nl)
  (let ((x (eval nx)) (l (eval nl)))
    (%forget x 1 l) (%reset-age) (%layer-log "forget-inv-layer" x nl l)))
(df forget-sqrt-layer (nx nl)
  (let ((x (eval nx)) (l (eval nl)))
    (%forget x 2 l) (%reset-age) (%layer-log "forget-sqrt-layer" x nl l)))

;; ---------------------------------------------------------------- building

(de make-input (l) (setq input-layer l))
(de make-output (l) (setq output-layer l))
(de make-desired (l) (setq desired-layer l))

;; Creates the layers of build-net; returns their unit lists.
(de %bn-layers (%bn-spec)
  (mapcar (lambda (%bn-x) (set (car %bn-x) (newneurons (eval (cadr %bn-x))))) %bn-spec))

(de %bn-build (%bn-spec %bn-conns %bn-bias)
  (let ((%bn-ls (%bn-layers %bn-spec)))
    (make-input (car %bn-ls))
    (make-output (last %bn-ls))
    (make-desired (newneurons (length output-layer)))
    (setq net-struc (cons %bn-ls desired-layer))
    (define-net (mapcar (lambda (x) (cons (car x) (cddr x))) %bn-spec))
    (when %bn-bias (each ((%bn-l (cdr %bn-ls))) (connect 0 %bn-l)))
    (each ((%bn-c %bn-conns)) (connect (eval (car %bn-c)) (eval (cadr %bn-c))))))

#? (build-net '((name size [nlf-setting...]) ...) '((from to) ...)) builds a layered net with biases
(de build-net (%bn-l %bn-c) (%bn-build %bn-l %bn-c t))
#? (build-net-nobias layers connections) build-net without the bias connections
(de build-net-nobias (%bn-l %bn-c) (%bn-build %bn-l %bn-c ()))

;; The nlfs of a layer: (nlf dnlf ddnlf), () meaning the globals at call time.
(de %layer-nlfs (settings)
  (if (not settings)
      (list () () ())
    (let ((nlf ()) (dnlf ()) (ddnlf ()))
      (each ((s settings)) (eval s))
      (list nlf dnlf ddnlf))))

#? (define-net '((layer [nlf-setting...]) ...)) defines forward-prop, backward-prop, ... for these layers
(de define-net (%dn-l)
  (let ((stages ()))
    (each ((x (cdr %dn-l)))
      (setq stages (nconc1 stages (cons (%layer-units (car x)) (%layer-nlfs (cdr x))))))
    (setq %net-stages stages)
    (setq %net-all-layers (mapcar car stages))
    (setq layer-names (mapcar car %dn-l))
    ;; sn's convenience for nets not made by build-net: the first and last
    ;; layers become input and output when unset, with a desired layer
    (unless input-layer (setq input-layer (%layer-units (caar %dn-l))))
    (unless output-layer (setq output-layer (last %net-all-layers)))
    (unless (= (length desired-layer) (length output-layer))
      (setq desired-layer (newneurons (length output-layer))))
    (let ((ls (mapcar (lambda (x) (%layer-units (car x))) %dn-l)))
      (if net-struc (rplaca net-struc ls) (setq net-struc (cons ls desired-layer))))
    (%define-props)))

(de %stage-f (s i g) (or (nth i s) (eval g)))

;; The functions define-net defines. Each takes the net structure as
;; SN2.8's do (it is optional here and not used: the layers are known).
(de %define-props ()
  (de forward-prop (&optional ns)
    (each ((s %net-stages)) (update-state theta (%stage-f s 1 'nlf) (car s))))
  (de do-compute-err (&optional (out output-layer) (des desired-layer))
    (setq local-error
          (/ (init-grad (%stage-f (last %net-stages) 2 'dnlf) out des) (length out))))
  (de backward-prop (&optional ns)
    (do-compute-err output-layer desired-layer)
    (each ((s (cdr (reverse %net-stages))))
      (update-gradient (%stage-f s 2 'dnlf) (car s))))
  (de backward-2-prop (&optional ns)
    (each ((s (reverse %net-stages)))
      (if lev-mar
          (update-lmggradient (%stage-f s 2 'dnlf) gamma (car s))
        (update-ggradient (%stage-f s 2 'dnlf) (%stage-f s 3 'ddnlf) gamma (car s)))))
  (when update-deltastate
    (de forward-2-prop (&optional ns)
      (each ((s %net-stages)) (update-deltastate (%stage-f s 2 'dnlf) (car s)))))
  (de do-update-weight (&optional ns) (apply update-weight (cons alpha (cons decay %net-all-layers))))
  (de do-update-weight-newton (&optional ns) (update-w-newton alpha decay mu))
  (de do-update-acc (&optional ns) (update-acc))
  (de do-update-hess (&optional ns) (update-hess))
  (setq %std-forward-prop forward-prop %std-backward-prop backward-prop
        %std-do-update-weight do-update-weight)
  'do-update-hess)

;; The structure given to the compiled loop: (units nlf dnlf) per layer.
(de %fast-struct ()
  (mapcar (lambda (s) (list (car s) (nth 1 s) (nth 2 s))) %net-stages))

;; ---------------------------------------------------------------- ONNX

#? (save-onnx-units path [input [output]]) writes what forward-prop computes from the units of
#? input (input-layer) to those of output (output-layer) as an ONNX model (opset 13, "input"
#? [batch, n] to "output" [batch, m]); returns path. Each computed unit's depth is one more than
#? its deepest source; per depth and layer one Gemm over the values it reads (concatenated), its
#? weights gathered from the connections (shared weights repeated, 0 where none, the connection
#? from unit 0 as the bias), then the layer's nlf (nlf-tanh, nlf-lin, nlf-bin, nlf-bell, the
#? nlf-f-0/tanh/lin/piecewise/threshold functions). Not exported: the noise theta, splines,
#? derivative and Lisp functions (an error naming the layer), nets that are not layered: a
#? cycle, a unit reading one of its own layer or a later one, a connection into the input
#? layer, a unit read but neither input nor computed (an error naming the unit).
(de save-onnx-units (path &optional (in input-layer) (out output-layer))
  (unless %net-stages
    (%err 'save-onnx-units "no layers: build the net with build-net or define-net" path))
  (unless (eq forward-prop %std-forward-prop)
    (%err 'save-onnx-units "forward-prop is not define-net's: its computation is not known" forward-prop))
  (%save-onnx-units path in out
                    (mapcar (lambda (s) (list (car s) (%stage-f s 1 'nlf))) %net-stages)))

;; ---------------------------------------------------------------- field access

#? (mapncar f li) SN2.8's field access through f (as nval): li () all units, (n) all but the bias set to n, (l) get, (l n) or (l lv) set
(de mapncar (f li)
  (let ((a (car li)) (b (cadr li)))
    (cond ((not li) (mapcar f (range 0 (1- nnum))))
          ((not (cdr li))
           (if (listp a) (mapcar f a) (for (i 1 (1- nnum)) (f i a))))
          ((numberp b) (each ((i a)) (f i b)))
          ((not (cddr li)) (mapcar f a b))
          (t (%err 'mapncar "bad arguments" li)))))

;; SN2.8's mapncar: () all units; (n) every unit but the bias set to n;
;; (l) the values of l; (l n) each unit of l set to n; (l lv) set to lv.
(de %mapncar (field li)
  (let ((a (car li)) (b (cadr li)))
    (cond ((not li) (get-nfield (range 0 (1- nnum)) field))
          ((not (cdr li))
           (if (listp a)
               (get-nfield a field)
             (when (> nnum 1) (set-nfield (range 1 (1- nnum)) field a))
             ()))
          ((numberp b) (set-nfield a field b) ())
          ((not (cddr li)) (set-nfield a field b) b)
          (t (%err 'mapncar "bad arguments" li)))))

(de state l (%mapncar n-val l))
(de gradient l (%mapncar n-grad l))
(de weighted-sum l (%mapncar n-sum l))
(de back-sum l (%mapncar n-backsum l))
(de epsilon l (%mapncar n-epsilon l))
(de sqback-sum l (%mapncar n-sqbacksum l))
(de ggradient l (%mapncar n-ggrad l))
(de sigma l (%mapncar n-sigma l))
(de spare-field l (%mapncar n-spare l))
(de spare1-field l (%mapncar n-spare1 l))
(de spare2-field l (%mapncar n-spare2 l))
(de spare3-field l (%mapncar n-spare3 l))

#? (real-epsilon layer) the effective rates ε/(mu + |sigma|) of the units of layer
(de real-epsilon (l)
  (mapcar (lambda (x) (/ (nepsilon x) (+ mu (abs (nsigma x))))) l))

#? (weight c [layer]) weights into unit c, from each unit of layer (or of (amont c)); () where there is no connection
(de weight (c &optional layer)
  (let ((am (amont c)))
    (if layer
        (mapcar (lambda (x) (when (member x am) (sval x c))) layer)
      (mapcar (lambda (x) (sval x c)) am))))
#? (set-weight c l) sets the weights into unit c, in the order of (amont c)
(de set-weight (c l) (mapcar (lambda (x y) (sval x c y)) (amont c) l))
#? (deltaw c) the weight changes into unit c
(de deltaw (c) (mapcar (lambda (x) (sdelta x c)) (amont c)))
#? (set-deltaw c l) sets the weight changes into unit c
(de set-deltaw (c l) (mapcar (lambda (x y) (sdelta x c y)) (amont c) l))
#? (dump-weights) the list, unit by unit, of the weights into each unit
(de dump-weights () (mapcar weight (range 0 (1- nnum))))
#? (rest-weights l) restores weights saved by dump-weights; returns t
(de rest-weights (l) (mapc set-weight (range 0 (1- nnum)) l) t)

;; ---------------------------------------------------------------- nlf settings

;; The (scale shift) of nlf-tanh and nlf-bin: scale defaults to what makes
;; f(1) = 1 for the tanh with these mx, dmin and shift.
(de %nlf-scale (fname mx dmin opt)
  (when (cddr opt) (%err fname "at most four arguments" opt))
  (let ((shift (if (cdr opt) (cadr opt) 0)))
    (list (or (car opt) (/ 1 (nlf-eval (nlf-f-tanh 1 mx dmin shift) 1))) shift)))

#? (nlf-tanh mx dmin [scale [shift]]) nlf = scale·tanh(mx·x) + dmin·x + shift, scale making f(1) = 1 by default
(de nlf-tanh (mx dmin . opt)
  (let* ((p (%nlf-scale 'nlf-tanh mx dmin opt)) (scale (car p)) (shift (cadr p)))
    (setq nlf (nlf-f-tanh scale mx dmin shift)
          dnlf (nlf-df-tanh scale mx dmin shift)
          ddnlf (nlf-ddf-all nlf))))

#? (nlf-bin mx dmin [scale [shift]]) threshold nlf scale·sgn(mx·x) + dmin·x + shift; derivative that of nlf-tanh
(de nlf-bin (mx dmin . opt)
  (let* ((p (%nlf-scale 'nlf-bin mx dmin opt)) (scale (car p)) (shift (cadr p)))
    (setq nlf (nlf-f-threshold scale mx dmin shift)
          dnlf (nlf-df-tanh scale mx dmin shift)
          ddnlf (nlf-ddf-all nlf))))

#? (nlf-bell) nlf = (1 - x²)³ on [-1, 1]
(de nlf-bell ()
  (setq nlf (nlf-f-bell) dnlf (nlf-df-bell) ddnlf (nlf-ddf-all nlf)))

#? (nlf-lin dmin dmax [th]) slope dmax on [-th, th] and dmin outside; th defaults to where f reaches ±1
(de nlf-lin (dmin dmax . opt)
  (when (cdr opt) (%err 'nlf-lin "at most 3 arguments" opt))
  (let ((th (car opt)))
    (cond ((= dmin dmax) (setq nlf (nlf-f-lin dmin 1 0 0)))
          ((and th (> th 0)))
          ((>= dmax 1) (setq th (/ (- 1 dmin) (- dmax dmin))))
          ((<= dmax -1) (setq th (/ (- -1 dmin) (- dmax dmin))))
          (t (%err 'nlf-lin "illegal values" (list dmin dmax))))
    (unless (= dmin dmax)
      (setq nlf (nlf-f-piecewise (* (- dmax dmin) th) (/ 1 th) dmin 0))))
  (setq dnlf (nlf-df-all nlf) ddnlf (nlf-f-0)))

#? (nlf-spline xs ys) natural cubic spline nlf through the knots
(de nlf-spline (xs ys)
  (setq nlf (nlf-f-spline xs ys) dnlf (nlf-df-spline xs ys) ddnlf (nlf-ddf-spline xs ys)))

(nlf-tanh 0.66666666 0)

(libload "netenv-learn")
(libload "netenv-more")
(libload "netenv-display")
(libload "netenv-auto")
(libload "ogre")
