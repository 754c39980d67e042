;; case: build-net makes layers, biases and the desired layer
(libload "netenv")
(alloc-net 20 50)
(build-net '((input 2) (hidden 2) (output 1)) '((input hidden) (hidden output)))
(print input hidden output desired-layer snum wnum)
(print net-struc)
;; => (1 2) (3 4) (5) (6) 9 9
;; (((1 2) (3 4) (5)) 6)

;; case: layer sizes are evaluated in the caller's bindings
(libload "netenv")
(alloc-net 50 200)
(de make (n) (build-net-nobias '((i n) (o 3)) '((i o))))
(make 4)
(print (length i) snum)
;; => 4 12

;; case: test-set prints the Hoeffding interval
(libload "netenv")
(test-set 320 479)
;; => ** Test set size = 160, 90% confidence interval = +-9.68%.

;; case: perf prints the SN2.8 line
(libload "netenv")
(alloc-net 20 50)
(build-net '((input 2) (output 1)) '((input output)))
(setq pattern-matrix [[-1 -1][1 1]] desired-matrix [[-1][1]])
(ensemble 0 1)
(forget 0)
(print (perf))
;; outputs at 0 are in no quadrant (TL3's quadrant-dist)
;; => -------------------------------------------------------
;; patterns{0-1}, age=0, error=0.5, performance=0
;; 0

;; case: XOR learns from a fixed seed
(libload "netenv")
(alloc-net 20 50)
(seed 7)
(build-net '((input 2) (hidden 2) (output 1)) '((input hidden) (hidden output)))
(setq pattern-matrix [[-1 -1][-1 1][1 -1][1 1]] desired-matrix [[-1][1][1][-1]])
(ensemble 0 3)
(forget 2)
(epsi 0.3)
(print (learn 600) (writing "/dev/null" (perf)) age current-pattern)
;; => (600) 100 600 0

;; case: the compiled loop and the Lisp loop give the same weights
(libload "netenv")
(de train (fast)
  (alloc-net 20 50)
  (seed 3)
  (build-net '((input 2) (hidden 3) (output 2)) '((input hidden) (hidden output)))
  (setq pattern-matrix [[-1 -1][-1 1][1 -1][1 1]] desired-matrix [[-1 1][1 -1][1 -1][-1 1]])
  (ensemble 0 3)
  (forget-sqrt 1)
  (epsi 0.2)
  (setq alpha 0.5)
  (set-class-max)
  (unless fast (de classify (n) (class-max n)))
  (learn 37)
  (list (dump-weights) age current-pattern local-error good-answer))
(setq a (train t) b (train ()))
(print (equal a b) (nth 1 a) (nth 2 a))
;; => t 37 1

;; case: optimal brain damage cuts the requested fraction
(libload "netenv")
(alloc-net 30 100)
(seed 5)
(build-net '((input 4) (hidden 3) (output 2)) '((input hidden) (hidden output)))
(setq pattern-matrix [[1 -1 1 -1][-1 1 -1 1][1 1 -1 -1]] desired-matrix [[1 -1][-1 1][1 1]])
(ensemble 0 2)
(forget-sqrt 1)
(epsi 0.1)
(learn 30)
(obd-compute-curvature 0 2)
(setq before snum)
(de conns () (let ((r ())) (all-synapse (i j) (setq r (cons (list i j) r))) r))
(de sal (c) (let ((w (sval (car c) (cadr c)))) (* (shess (car c) (cadr c)) w w)))
;; SN2.8's rule: every connection below the 0.25 quantile of h·w² goes
(setq lim (quantile (mapcar sal (conns)) 0.25) below 0)
(each ((c (conns))) (when (< (sal c) lim) (incr below)))
(print before (> below 0) (= (obd-prune 0.25) below) (= snum (- before below)))
;; => 23 t t t

;; case: conjugate gradient learns XOR
(libload "netenv")
(alloc-net 20 50)
(seed 2)
(build-net '((input 2) (hidden 3) (output 1)) '((input hidden) (hidden output)))
(setq pattern-matrix [[-1 -1][-1 1][1 -1][1 1]] desired-matrix [[-1][1][1][-1]])
(ensemble 0 3)
(forget-sqrt 1)
(epsi 0.2)
(setq e0 (writing "/dev/null" (perf) global-error))
(learn-batch-cg 30)
(print (writing "/dev/null" (perf)) (< global-error (/ e0 2)))
;; => 100 t

;; case: online Newton and Levenberg-Marquardt learn XOR
(libload "netenv")
(de try (learner n &optional (s 2))
  (alloc-net 20 50)
  (seed s)
  (build-net '((input 2) (hidden 3) (output 1)) '((input hidden) (hidden output)))
  (setq pattern-matrix [[-1 -1][-1 1][1 -1][1 1]] desired-matrix [[-1][1][1][-1]])
  (ensemble 0 3)
  (forget-sqrt 1)
  (epsi 0.2)
  (print (learner n))
  (writing "/dev/null" (perf)))
(print (try learn-newton 1000 1) (try learn-lm 400) (try learn-batch 400))
(print (try learn-batch-newton 100) (try learn-batch-lm 100))
;; => (1000)
;; (400)
;; (400)
;; 100 100 100
;; (100)
;; (100)
;; 100 100

;; case: a weight's rate reads as the rate it learns with
(libload "netenv")
(alloc-net 20 50)
(build-net '((input 4) (output 1)) '((input output)))
(epsi 1)
(print (sepsilon 1 5) (nepsilon 5))
(mask-epsi 1)
(print (sepsilon 1 5))
;; => 0.2 0.2
;; 0.4472

;; case: a layer keeps its own nlf setting
(libload "netenv")
(alloc-net 20 50)
(build-net '((input 1) (output 1 (nlf-lin 1 1))) '((input output)))
(sval 1 2 3)
(sval 0 2 0.5)
(setq pattern-matrix [[2]] desired-matrix [[0]])
(present-pattern input-layer 0)
(forward-prop)
(print (nval 2) (< (abs (- (nlf-eval nlf 1) 1)) 1e-6))
;; => 6.5 t

;; case: the text display prints one line per iteration
;; (the output of pattern 1 is exactly 0: in no quadrant, as in SN2.8)
(libload "netenv")
(alloc-net 20 50)
(build-net '((input 1) (output 1)) '((input output)))
(setq pattern-matrix [[1][-1]] desired-matrix [[1][-1]])
(ensemble 0 1)
(forget 0)
(epsi 0.1)
(set-disp-text)
(learn 2)
;; => age=1  pattern=0  error=  0.50000  **arrgh**
;; age=2  pattern=1  error=  0.50000  **arrgh**
