;; case: propagation primitives return what SN2.8's return
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 1))
(connect a b)
(print (update-weighted-sum a b) (update-state-only (lambda (x) x) b) (update-back-sum a)
       (update-gradient-only (lambda (x) 1) a b) (update-gradient (lambda (x) 1) a))
;; => t t t 3 t

;; case: update-delta with SN2.8's momentum
(alloc-net 10 20)
(newneurons 2)
(connect 1 2 0)
(nepsilon 2 0.1)
(matrix-to-acc [1])
(update-delta 0.5)
(update-delta 0.5)
(update-wghtonly 0)
(print (delta-to-matrix) (weight-to-matrix))
;; => [0.075] [0.075]

;; case: init-grad-thlms: a target at most the threshold is a ceiling
(alloc-net 10 20)
(setq o (newneurons 2) d (newneurons 2))
(nval 3 0.5) (nval 4 0.5) (nval 1 0.2) (nval 2 0.9)
(de r (x) (round (* 1000 x)))
(print (r (init-grad-thlms (lambda (x) 1) o d 0.8)) (r (nbacksum 1)) (r (nbacksum 2)))
(print (r (init-grad-thlms (lambda (x) 1) o d 0.1)) (r (nbacksum 1)) (r (nbacksum 2)))
;; => 80 0 -400
;; 45 300 0

