;; SN2.8's NLF constructors (src/nlf.c, lib/netenv.sn): arguments and
;; arithmetic. Numbers are compared, not printed, so that the tests do not
;; depend on how many digits the printer shows.

;; case: the parametric shapes take A B C D
(de near (a b) (< (abs (- a b)) 1e-5))
(setq th (nlf-f-tanh 2 0.5 0.1 0.3) li (nlf-f-lin 2 0.5 0.1 0.3)
      pw (nlf-f-piecewise 2 0.5 0.1 0.3) st (nlf-f-threshold 2 0.5 0.1 0.3))
(print (near (th 1) (+ (* 2 (tanh 0.5)) 0.1 0.3)) (near (li 2) (+ (* 1.1 2) 0.3)))
(print (near (pw 1) (+ 1 0.1 0.3)) (near (pw 4) (+ 2 0.4 0.3)) (near (pw -4) (+ -2 -0.4 0.3)))
(print (near (st 0) 2.3) (near (st -1) -1.8) (nlf-eval (nlf-f-0) 3))
;; => t t
;; t t t
;; t t 0

;; case: a wrong number of parameters is an arity error
(nlf-f-lin 1 2)
;; error: arity

;; case: the default nlf is SN2.8's (nlf-tanh 0.66666666 0): 1.7159 tanh(2x/3)
(libload "netenv")
(print (< (abs (- (nlf 1) 1)) 1e-6) (< (abs (- (/ (nlf 3) (tanh 2)) 1.7159)) 1e-4))
;; => t t

;; case: nlf-tanh's default scale is 1/(tanh(mx) + dmin + shift); a fifth argument is an error
(libload "netenv")
(nlf-tanh 1 0.1)
(setq a (/ 1 (+ (tanh 1) 0.1)))
(print (< (abs (- (nlf 1) (+ (* a (tanh 1)) 0.1))) 1e-6) (< (abs (- (nlf 0.5) (+ (* a (tanh 0.5)) 0.05))) 1e-6))
(nlf-tanh 1 0 3 0.5)
(print (< (abs (- (nlf 0) 0.5)) 1e-6) (< (abs (- (dnlf 0) 3)) 1e-5))
(nlf-tanh 1 0 3 0.5 7)
;; => t t
;; t t
;; error: user

;; case: nlf-lin 0.1 1.1 reaches 1 at 1, with slope 1.1 inside and 0.1 outside
(libload "netenv")
(nlf-lin 0.1 1.1)
(print (< (abs (- (nlf 1) 1)) 1e-6) (< (abs (- (nlf 0.5) 0.55)) 1e-6))
(print (< (abs (- (dnlf 0.3) 1.1)) 1e-3) (< (abs (- (dnlf 3) 0.1)) 1e-3) (ddnlf 0.3))
(nlf-lin 1 1)
(print (nlf 2.5) (dnlf 7))
;; => t t
;; t t 0
;; 2.5 1

;; case: nlf-bin takes mx dmin [scale [offset]]: a step of height scale, derivative of the tanh
(libload "netenv")
(nlf-bin 0.6 0 1 0)
(print (nlf 0.2) (nlf -0.2) (nlf 0) (< (abs (- (dnlf 0) 0.6)) 1e-6))
(nlf-bin 0.6 0 (/ 2 2) (/ 4 2))
(print (nlf 5) (nlf -5))
(nlf-bin 0.6 0)
(print (< (abs (- (nlf 1) (/ 1 (tanh 0.6)))) 1e-5))
;; => 1 -1 1 t
;; 3 1
;; t

;; case: nlf-df-all and nlf-ddf-all follow the derivatives by finite differences
(setq f (nlf-f-tanh 1.7159 0.6667 0 0) df (nlf-df-tanh 1.7159 0.6667 0 0)
      ddf (nlf-ddf-tanh 1.7159 0.6667 0 0) fd (nlf-df-all f) fdd (nlf-ddf-all f))
(setq ok t)
(each ((x '(-2 -0.7 0 0.4 1.9)))
  (unless (< (abs (- (fd x) (df x))) 1e-3) (setq ok (list 'df x)))
  (unless (< (abs (- (fdd x) (ddf x))) 2e-2) (setq ok (list 'ddf x))))
(print ok)
;; => t

;; case: nlf-df-all of a Lisp function, and of something else
(setq g (nlf-df-all (lambda (x) (* x x x))))
(print (< (abs (- (g 2) 12)) 1e-3) (< (abs (- ((nlf-ddf-all (lambda (x) (* x x))) 1) 2)) 1e-2))
(nlf-df-all 3)
;; => t t
;; error: type

;; case: splines are natural cubic splines, linear beyond the knots; derivatives checked by finite differences
(libload "netenv")
(nlf-spline '(-2 -1 0 1 2) '(-1 -0.8 0 0.8 1))
(print (nlf -1) (nlf 0) (nlf 2) (ddnlf -2) (ddnlf 2))
(setq ok t h 1e-3)
(each ((x '(-1.5 -0.3 0.2 0.9 1.7)))
  (unless (< (abs (- (/ (- (nlf (+ x h)) (nlf (- x h))) (* 2 h)) (dnlf x))) 1e-2) (setq ok (list 'df x)))
  (unless (< (abs (- (/ (- (dnlf (+ x h)) (dnlf (- x h))) (* 2 h)) (ddnlf x))) 5e-2) (setq ok (list 'ddf x))))
(print ok (< (abs (- (nlf 3) 1.2)) 1e-5) (< (abs (- (dnlf 3) 0.2)) 1e-5))
(nlf-f-spline '(1 0) '(0 0))
;; => -0.8 0 1 0 0
;; t t t
;; error: domain
