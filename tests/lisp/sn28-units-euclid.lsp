;; case: Euclidean units: distances, states, back-sums and accumulated gradients
;; (each connection's term times its destination's rate, as SN2.8's update-nn-acc)
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 2))
(connect a b)
(matrix-to-weight [0.5 -1 0 2])
(nval 1 1) (nval 2 -1)
(print (update-nn-sum b) (nsum 3) (nsum 4))
(update-nn-state (lambda (x) (* 2 x)) b)
(print (nval 3) (nval 4) (find-winner b) (find-loser b))
(ngrad 3 1) (ngrad 4 -1) (nsum 1 1) (nsum 2 -1)
(update-nn-back-sum a)
(print (nbacksum 1) (nbacksum 2))
(clear-acc)
(nepsilon 3 0.5) (nepsilon 4 2)
(update-nn-acc b)
(print (acc-to-matrix))
;; => t 1.25 13
;; 2.5 26 4 3
;; -3 4
;; [-0.25 4 0.5 -6]

;; case: update-nn-weight moves prototypes toward their inputs
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 1))
(connect a b)
(matrix-to-weight [0.5 -1])
(nval 1 1) (nval 2 0)
(nepsilon 3 0.5) (ngrad 3 -1)
(update-nn-weight 0 0)
(print (weight-to-matrix) (delta-to-matrix))
;; => [0.75 -0.5] [0.25 0.5]

;; case: IAC units, and the conjugate-gradient step
(alloc-net 10 20)
(setq x (newneurons 2) y (newneurons 1))
(connect x y)
(matrix-to-weight [2 -3])
(nval 1 1) (nval 2 0.5)
(print (update-excitation (list y)) (update-inhibition (list y)) (nspare1 3) (nspare2 3))
(nval 3 0.5) (nsum 3 0)
(update-iac-activation (list y) 1 1 0 -1 1 0 0.5)
(print (nsum 3))
(matrix-to-acc [1 2]) (matrix-to-delta [1 1])
(update-wghtonly-conjgrad 3)
(print (weight-to-matrix))
;; => 1 1 2 -1.5
;; 0.5
;; [3 -2]

;; case: update-deltastate: the state change of a perturbation
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 1))
(connect a b)
(matrix-to-weight [0.5 -1])
(matrix-to-delta [1 2])
(nval 1 1) (nval 2 0.5) (ngrad 1 0.25) (ngrad 2 -1) (nsum 3 0)
(update-deltastate (lambda (x) 3) (list b))
(print (ngrad 3))
;; => 9.375

;; case: update-wghtonly-conjgrad wants a positive curvature
(alloc-net 10 20)
(connect (newneurons 1) (newneurons 1))
(update-wghtonly-conjgrad 0)
;; error: domain

