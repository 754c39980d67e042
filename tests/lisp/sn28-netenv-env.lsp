;; sn's netenv behaves as SN2.8's lib/netenv.sn: arguments, return values
;; and printed lines. Numbers printed by the printer are avoided (printf
;; formats are SN2.8's own and fixed).

;; case: the propagation functions take the net structure, do-compute-err the layers
(libload "netenv")
(alloc-net 20 50)
(build-net '((input 2) (output 1)) '((input output)))
(setq pattern-matrix [[1 -1]] desired-matrix [[1]])
(forget 0)
(epsi 0.5)
(present-pattern input-layer 0)
(forward-prop net-struc)
(present-desired desired-layer 0)
(backward-prop net-struc)
(do-update-weight net-struc)
(print (do-compute-err output-layer desired-layer) (> (sval 1 3) 0) (< (sval 2 3) 0))
;; => 0.5 t t

;; case: learn and the other learners return (n); age counts iterations
(libload "netenv")
(alloc-net 20 50)
(build-net '((input 2) (output 1)) '((input output)))
(setq pattern-matrix [[1 -1][-1 1]] desired-matrix [[1][-1]])
(ensemble 0 1)
(forget 0.1)
(epsi 0.1)
(print (learn 3) (learn-cycle 2) (learn-batch 2) age current-pattern)
;; => (3) (2) (2) 11 1

;; case: ensemble keeps current-pattern inside the range and refuses min > max
(libload "netenv")
(setq current-pattern 5)
(ensemble 2 7)
(print current-pattern)
(ensemble 0 3)
(print current-pattern patt-min patt-max)
(ensemble 3 1)
;; => 5
;; 0 0 3
;; error: user

;; case: dump-weights lists the weights unit by unit; rest-weights restores them
(libload "netenv")
(alloc-net 20 50)
(build-net '((input 2) (output 1)) '((input output)))
(sval 0 3 0.5) (sval 1 3 -1) (sval 2 3 2)
(setq w (dump-weights))
(print w)
(forget 1)
(print (rest-weights w) (equal w (dump-weights)) (weight 3 '(2 1)))
;; => (() () () (0.5 -1 2) ())
;; t t (2 -1)

;; case: prnet prints the age, each layer's states and gradients, then every connection
(libload "netenv")
(alloc-net 20 50)
(build-net '((input 2) (output 1)) '((input output)))
(sval 0 3 0.5) (sval 1 3 -1) (sval 2 3 0.25)
(nval 1 1) (nval 2 -0.5)
(prnet)
;; => Age 0
;; --------------
;; X  :  1.000 -0.500
;; Y  :  0.000  0.000
;; -------
;; X  :  0.000
;; Y  :  0.000
;; 0000->0003 val 0.500 delta 0.000
;; 0001->0003 val-1.000 delta 0.000
;; 0002->0003 val 0.250 delta 0.000

;; case: TL3's distances: hamming-dist takes the margin first, quadrant-dist counts zeros against the desired sign
(libload "netenv")
(print (hamming-dist 0.5 '(1 2 3) '(1 2.2 4)) (hamming-dist '(1 2) '(1 3)) (hamming-dist 1 '(0.5 -2 3)))
(print (quadrant-dist '(1 -1 0) '(0 0 5)) (quadrant-dist '(0 0) '(1 -1)))
;; => 1 1 2
;; 2 0

;; case: (bound m 0) is the number of dimensions
(print (bound [[1 2 3][4 5 6]] 0) (bound [[1 2 3][4 5 6]] 1) (bound [[1 2 3][4 5 6]] 2))
;; => 2 1 2

;; case: set-disp-text prints one line per iteration, and per pattern in perf; set-disp-* return their names
(libload "netenv")
(alloc-net 20 50)
(build-net '((input 1) (output 1)) '((input output)))
(setq pattern-matrix [[1][-1]] desired-matrix [[1][-1]])
(ensemble 0 1)
(forget 0)
(print (set-disp-text))
(perf)
(print (set-disp-nil) (set-disp-net) (set-disp-user))
;; => disp-text
;; -------------------------------------------------------
;; age=0  pattern=0  error=  0.50000  **arrgh**
;; age=0  pattern=1  error=  0.50000  **arrgh**
;; patterns{0-1}, age=0, error=0.5, performance=0
;; disp-nil disp-net disp-user

;; case: a display hook with a wrong argument list is an error, not silence
(libload "netenv")
(alloc-net 20 50)
(build-net '((input 1) (output 1)) '((input output)))
(setq pattern-matrix [[1][-1]] desired-matrix [[1][-1]])
(ensemble 0 1)
(de draw-net (n) n)
(set-disp-net)
(learn 1)
;; error: arity

;; case: draw-net by default says it is not defined
(libload "netenv")
(print (draw-net net-struc 0))
;; => "'draw-net has not been defined yet"

;; case: learn-batch-cg returns (it grad1 grad2 conjgrad), and run-batch-cg continues from it
(libload "netenv")
(alloc-net 20 50)
(seed 2)
(build-net '((input 2) (hidden 3) (output 1)) '((input hidden) (hidden output)))
(setq pattern-matrix [[-1 -1][-1 1][1 -1][1 1]] desired-matrix [[-1][1][1][-1]])
(ensemble 0 3)
(forget-sqrt 1)
(epsi 0.2)
(setq r (learn-batch-cg 2))
(print (car r) (length r) (= (length (cadr r)) wnum) age)
(setq r (apply learn-batch-cg r))
(print age)
(setq lines 0)
(de printf l (when (= (car l) "-------------------------------------------------------\n") (incr lines)))
(run-batch-cg 10 2)
(print age lines)
;; => 2 4 t 8
;; 16
;; 96 3

;; case: obd-compute-curvature sums the full diagonal second derivative (with f'') over the patterns
(libload "netenv")
(alloc-net 20 50)
(build-net '((input 2) (output 1)) '((input output)))
(setq pattern-matrix [[1 -0.5][-1 0.7][0.3 0.2]] desired-matrix [[1][-1][0.5]])
(ensemble 0 2)
(sval 0 3 0.3) (sval 1 3 1.2) (sval 2 3 -0.8)
(obd-compute-curvature 0 2)
;; the same by hand: f'(s)² − (d − f(s))·f''(s), times x² of the input
;; (f'' is ddnlf, SN2.8's finite differences of nlf)
(setq full 0 gn 0)
(for (p 0 2)
  (present-pattern input-layer p)
  (forward-prop net-struc)
  (let* ((s (nsum 3)) (x (pattern-matrix p 0)) (d (desired-matrix p 0))
         (d1 (dnlf s)) (d2 (ddnlf s)))
    (setq full (+ full (* x x (- (* d1 d1) (* (- d (nval 3)) d2)))))
    (setq gn (+ gn (* x x d1 d1)))))
(print (< (abs (- (shess 1 3) full)) (* 1e-4 (abs full))) (> (abs (- full gn)) (* 0.05 (abs gn))))
;; => t t

;; case: local windows that would pass the end of the source warn and end there, as SN2.8's local-next
(alloc-net 100 1000)
(setq a (newneurons 10) b (newneurons 4))
(local-1d-connect a 10 b 4 3 2)
(print (mapcar amont b))
(setq c (newneurons 16) d (newneurons 4))
(mask-2d-connect c 4 4 d 2 2 3 3 2 2)
(print (amont (nth 1 d)) (amont (nth 3 d)) wnum)
;; => local-1d-connect:[warning]:inexact layer size.
;; ((1 2) (4 5) (7 8) (9 10))
;; mask-2d-connect:[warning]:inexact layer size.
;; (17 18 21 22) (25 26 29 30) 12

;; case: netenv-auto-train stops when the test error no longer improves and returns the best test error
(libload "netenv")
(alloc-net 20 50)
(seed 2)
(build-net '((input 2) (hidden 3) (output 1)) '((input hidden) (hidden output)))
(setq pattern-matrix [[-1 -1][-1 1][1 -1][1 1]] desired-matrix [[-1][1][1][-1]])
(ensemble 0 3)
(test-set 0 3)
(setq best (writing "/dev/null" (netenv-auto-train)))
(print (numberp best) (> age 0) (= best (writing "/dev/null" (perf 0 3) global-error)))
;; => ** Test set size = 4, 90% confidence interval = +-61.19%.
;; t t t

;; case: forget clears the deltas, forget-inv and forget-sqrt keep them (SN2.8)
(libload "netenv")
(alloc-net 10 10)
(build-net '((input 2) (output 1)) '((input output)))
(matrix-to-delta [0.5 0.5 0.5])
(forget-sqrt 1)
(print (delta-to-matrix))
(forget-inv 1)
(print (delta-to-matrix))
(forget 1)
(print (delta-to-matrix))
;; => [0.5 0.5 0.5]
;; [0.5 0.5 0.5]
;; [0 0 0]
