;; case: propagation primitives return what SN2.8's return
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 1))
(connect a b)
(print (update-weighted-sum a b) (update-state-only (lambda (x) x) b) (update-back-sum a)
       (update-gradient-only (lambda (x) 1) a b) (update-gradient (lambda (x) 1) a))
;; => t t t 3 t

;; case: update-delta with SN2.8's momentum: sdelta = alpha·sdelta + (1−alpha)·sacc
(alloc-net 10 20)
(newneurons 2)
(connect 1 2 0)
(nepsilon 2 0.1)
(matrix-to-acc [1])
(update-delta 0.5)
(update-delta 0.5)
(update-wghtonly 0)
(print (delta-to-matrix) (weight-to-matrix))
;; => [0.75] [0.75]

;; case: update-acc holds the rate of each connection's destination, and
;; update-wghtonly's decay is not scaled by it (SN2.8's iterative kernels)
(alloc-net 10 20)
(newneurons 3)
(connect 1 2 0)
(dup-connection 1 2 1 3)
(nepsilon 2 0.1) (nepsilon 3 0.5)
(nval 1 2) (ngrad 2 1) (ngrad 3 1)
(update-acc)
(print (acc-to-matrix))
(sval 1 2 1)
(update-delta 0)
(update-wghtonly 0.5)
(print (weight-to-matrix))
;; => [1.2]
;; [1.7]

;; case: the Newton primitives: ssigma averages nggrad·nval² (gamma 0.5:
;; 0.5·0 + 0.5·3·2² = 6), update-hess adds it to shess (twice: 12),
;; hessian-scale divides sacc (2·1·0.5 = 1) by mu + |shess| (1/13)
(alloc-net 10 20)
(newneurons 2)
(connect 1 2 0.5)
(nval 1 2) (nsqbacksum 2 3) (ngrad 2 1) (nepsilon 2 0.5)
(update-lmggradient (lambda (x) 1) 0.5 '(2))
(print (nggrad 2) (ssigma 1 2))
(clear-hess) (update-hess) (update-hess)
(print (shess 1 2))
(clear-acc) (update-acc) (hessian-scale 1)
(print (sacc 1 2))
;; => 3 6
;; 12
;; 0.0769

;; case: init-grad-thlms: a target at most the threshold is a ceiling
(alloc-net 10 20)
(setq o (newneurons 2) d (newneurons 2))
(nval 3 0.5) (nval 4 0.5) (nval 1 0.2) (nval 2 0.9)
(de r (x) (round (* 1000 x)))
(print (r (init-grad-thlms (lambda (x) 1) o d 0.8)) (r (nbacksum 1)) (r (nbacksum 2)))
(print (r (init-grad-thlms (lambda (x) 1) o d 0.1)) (r (nbacksum 1)) (r (nbacksum 2)))
;; => 80 0 -400
;; 45 300 0

