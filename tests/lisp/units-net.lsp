;; case: counters follow the net
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 1))
(connect a b)
(connect 0 b)
(print a b nnum snum wnum nmax smax)
;; => (1 2) (3) 4 3 3 10 20

;; case: shared weights share their fields
(alloc-net 10 20)
(setq u (newneurons 3))
(connect 1 3 0.5)
(dup-connection 1 3 2 3)
(sval 2 3 0.25)
(print (sval 1 3) wnum snum (scounter 1 3) (amont 3) (aval 1) (nfanin 3))
;; => 0.25 1 2 2 (1 2) (3) 2

;; case: cut-connection removes one connection
(alloc-net 10 20)
(newneurons 3)
(connect '(1 2) 3)
(cut-connection 1 3)
(print snum (amont 3) (connectedp 1 3))
;; => 1 (2) ()

;; case: unit fields read and write
(alloc-net 5 5)
(newneurons 1)
(nval 1 0.5)
(nepsilon 1 0.1)
(print (nval 0) (nval 1) (nepsilon 1))
;; => 1 0.5 0.1

;; case: a unit outside the net is an index error
(alloc-net 5 5)
(nval 7)
;; error: index

;; case: connecting into the bias unit is a domain error
(alloc-net 5 5)
(newneurons 1)
(connect 1 0)
;; error: domain

;; case: capacities grow when exceeded
(alloc-net 3 1)
(newneurons 5)
(connect '(1 2) 3)
(print nnum nmax snum smax)
;; => 6 6 2 2

;; case: weighted sums and states
(alloc-net 10 20)
(newneurons 3)
(connect '(1 2) 3)
(sval 1 3 0.5) (sval 2 3 -1)
(nval 1 1) (nval 2 0.25)
(update-state (nlf-f-lin 2 1 0 1) '(3))
(print (nsum 3) (nval 3))
;; => 0.25 1.5

;; case: init-grad-lms and update-gradient
(alloc-net 10 20)
(newneurons 4)
(connect 1 2 2)
(connect 2 3 0.5)
(nval 1 1)
(nval 4 1)
(setq f (nlf-f-lin 1 1 0 0) df (nlf-df-lin 1 1 0 0))
(update-state f '(2) '(3))
(print (init-grad-lms df '(3) '(4)))
(update-gradient df '(2))
(print (ngrad 3) (ngrad 2))
;; => 0
;; 0 0

;; case: update-weight with SN2.8's momentum: sdelta = alpha·sdelta + (1−alpha)·ε·g·x
(alloc-net 10 20)
(newneurons 2)
(connect 1 2 0)
(nval 1 2) (ngrad 2 0.5) (nepsilon 2 0.1)
(update-weight 0.5 0)
(update-weight 0.5 0)
(print (sdelta 1 2) (sval 1 2))
;; => 0.075 0.125

;; case: nlf objects evaluate
(print (nlf-eval (nlf-f-tanh 1 1 0 0) 0) (nlf-eval (nlf-df-tanh 1 1 0 0) 0) (nlf-eval (nlf-f-bell) 0))
;; => 0 1 1

;; case: a Lisp function as nlf
(alloc-net 5 5)
(newneurons 2)
(connect 1 2 3)
(nval 1 2)
(update-state (nlf-f-lisp (lambda (x) (* x x))) '(2))
(print (nval 2))
;; => 36

;; case: toric shared kernels (a 1989 H1 map)
(alloc-net 400 3000)
(setq in (newneurons 256) h1 (newneurons 64))
(mask-toric-connect in 16 16 h1 8 8 2 2 3 3)
(bias-connect h1)
(print snum wnum)
;; => 640 73

;; case: local windows that do not tile warn
(alloc-net 100 1000)
(setq in (newneurons 25) h (newneurons 4))
(local-2d-connect in 5 5 h 2 2 2 2 2 2)
(print snum wnum)
;; => local-2d-connect:[warning]:inexact layer size.
;; 16 16

;; case: mask-2d-reverse: each unit of a 2x2 map feeds a 3x3 window of a
;; 5x5 map (step 2): 36 connections, one kernel of 9 weights; a unit where
;; four windows overlap gets four connections
(alloc-net 100 1000)
(setq small (newneurons 4) big (newneurons 25))
(mask-2d-reverse small 2 2 big 5 5 2 2 3 3)
(print snum wnum (amont 17) (amont 1))
;; => 36 9 (1 2 3 4) ()

;; case: mask-2d-reverse warns, as SN2.8, when the windows miss a row
(alloc-net 100 1000)
(setq small (newneurons 4) big (newneurons 25))
(mask-2d-reverse small 2 2 big 5 5 2 2 3 2)
(print snum)
;; => mask-2d-reverse:[warning]:inexact layer size.
;; 24

;; case: equal-mask shares one weight
(alloc-net 100 1000)
(setq in (newneurons 6) h (newneurons 2))
(equal-mask-1d-connect in 6 h 2 3 3)
(print snum wnum)
;; => 6 1

;; case: no network yet
(clear-net)
;; error: user

;; case: nlf objects are callable
(libload "netenv")
(setq f (nlf-f-tanh 2 1 0 0.5))
;; the default dnlf is SN2.8's: 1.7159 x 0.66666666 at 0
(print (f 0) (< (abs (- (dnlf 0) 1.14393)) 1e-4) (nlf-eval f 0))
;; => 0.5 t 0.5

;; case: time-delay connections share their kernels along time
(alloc-net 100 1000)
(setq l1 (newneurons 12) l2 (newneurons 6))
(tdnn-connect l1 6 2 l2 3 2 2 2)
(tdnn-bias-connect l2 3 2)
(print snum wnum (amont (car l2)) (scounter 1 (car l2)))
;; => 30 10 (1 2 3 4 0) 3

;; case: bulk unit fields
(libload "netenv")
(alloc-net 10 10)
(setq l (newneurons 3))
(set-nfield l n-val '(1 2 3))
(copy-nfield l n-sum l n-val)
(op-nfield l n-grad n-val 2 n-sum -1)
(print (get-nfield l n-grad) (state l) (weighted-sum l))
;; => (1 2 3) (1 2 3) (1 2 3)

;; case: bulk weight fields
(libload "netenv")
(alloc-net 10 10)
(newneurons 3)
(connect '(1 2) 3)
(rest-weights '(() () () (1 2)))
(copy-sfield s-delta s-val)
(op-sfield s-acc s-val 3 s-delta -1)
(print (get-sfield s-acc) (weight 3) (deltaw 3) (dump-weights))
;; => (2 4) (1 2) (1 2) (() () () (1 2))

;; case: dup-connection pairs lists element by element
(alloc-net 20 20)
(setq a (newneurons 3) b (newneurons 3))
(connect 1 4 0.5)
(dup-connection 1 4 '(2 3) '(5 6))
(print snum wnum (sval 3 6) (scounter 1 4))
;; => 3 1 0.5 3

;; case: mask-2d-reverse refuses a zero step
(alloc-net 100 1000)
(setq small (newneurons 4) big (newneurons 25))
(mask-2d-reverse small 2 2 big 5 5 0 2 3 3)
;; error: domain

;; case: mask-2d-reverse refuses windows larger than the big map
(alloc-net 100 1000)
(setq small (newneurons 4) big (newneurons 25))
(mask-2d-reverse small 2 2 big 5 5 2 2 9 9)
;; error: shape

;; case: a layer that is a circular list of units is an error, not a hang
(alloc-net 10 10)
(newneurons 3)
(setq l (list 1 2))
(rplacd (cdr l) l)
(update-state-only (lambda (x) x) l)
;; error: type
