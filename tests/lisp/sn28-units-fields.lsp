;; case: SN2.8 unit fields by number, and the spare, desired and freedom fields
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 1))
(connect a b)
(nfield 1 6 0.5) (nfield 1 7 0.25) (nfield 1 11 1) (nfield 1 12 2) (nfield 1 13 3)
(print (ndesired 1) (nfreedom 1) (nspare 1) (nspare1 1) (nspare2 1) (nspare3 1) (nfield 1 13))
;; => 0.5 0.25 1 1 2 3 3

;; case: connection fields read () for a missing connection; ssigma, sindex, mean squares
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 1))
(connect a b)
(print (sval 2 1) (sdelta 1 2) (ssigma 1 3 0.5) (ssigma 1 3) (sindex 2 3) (sindex 3 1))
(sval 1 3 0.5) (sval 2 3 -1.5) (sdelta 1 3 2)
(print (mean-sqr-weight 3) (mean-sqr-delta 3) (mean-sqr-weight 1))
(sindex 2 3 0)
(print (sval 2 3) (scounter 1 3) wnum (desired-mode) (newton-mode) (iterative-mode) (synepsilon-mode))
;; => () () 0.5 0.5 1 ()
;; 1.25 2 0
;; 0.5 2 2 t t t t

;; case: bulk unit-field operations return what SN2.8 returns
(alloc-net 10 20)
(setq a (newneurons 2))
(print (set-nfield a 1 0.5) (mul-nfield a 2 1 1) (nsum 1) (invert-nfield a 3 1 2) (ngrad 2))
(copy-nfield a 4 1)
(print (nbacksum 1) (nbacksum 2))
;; => 0.5 0.5 0.25 8 4
;; 0.5 0.5

;; case: connection-field operations on the connections into a layer
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 1))
(connect a b)
(sval 1 3 0.5) (sval 2 3 -1.5)
(print (set-sfield (list b) 3 0.25) (sacc 1 3) (sacc 2 3))
(op-sfield (list b) 2 1 2 3 4)
(print (sdelta 1 3) (sdelta 2 3))
(mul-sfield (list b) 6 1 2)
(invert-sfield (list b) 5 1 3)
(print (shess 1 3) (shess 2 3) (ssigma 1 3) (ssigma 2 3))
(nval 1 0.5) (nval 2 -2)
(set-swn 3 3 1)
(print (sacc 1 3) (sacc 2 3))
(acc-swn 3 3 1)
(print (sacc 1 3) (sacc 2 3))
;; => 0.25 0.25 0.25
;; 2 -2
;; 1 3 6 -2
;; 0.5 -2
;; 1 -4

;; case: copy-sfield pairs the connections of two layers
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 1) c (newneurons 1))
(connect a b)
(connect a c)
(sval 1 3 0.5) (sval 2 3 -1.5)
(copy-sfield (list c) 2 (list b) 1)
(print (sdelta 1 4) (sdelta 2 4))
;; => 0.5 -1.5

;; case: flip-state, gauss-state, find-winner, find-loser, get-pattern-2
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 1))
(nval 1 0.5) (nval 2 -2)
(flip-state a 1)
(print (nval 1) (nval 2))
(flip-state a 0)
(gauss-state a 0)
(print (nval 1) (nval 2) (find-winner a) (find-loser a) (find-winner '(1 2 3)) (get-neurtype 2))
(get-pattern-2 [1 2 3] '(1 2) 3)
(print (nval 1) (nval 2) (nval 3))
;; => -0.5 2
;; -0.5 2 2 1 2 "regular:0"
;; 1 2 3

;; case: a bad field number names its culprit
(alloc-net 10 20)
(newneurons 1)
(nfield 1 14)
;; error: domain

