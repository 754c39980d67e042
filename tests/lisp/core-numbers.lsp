;; Core, builtins: numbers and the seeded random generator.

;; case: n-ary arithmetic
(print (+) (+ 1) (+ 1 2 3) (- 5) (- 10 1 2) (*) (* 2 3 4) (/ 8) (/ 8 2 2))
;; => 0 1 6 -5 7 1 24 0.125 2

;; case: division by zero gives infinities, not a crash
(print (/ 1 0) (/ -1 0))
;; => Inf -Inf

;; case: div and mod
(print (div 7 2) (div -7 2) (div 7 -3) (mod 7 3) (mod -7 3) (mod 7 -3) (mod -7 -3))
;; => 3 -4 -3 1 2 -2 -1

;; case: 1+ 1- abs min max
(print (1+ 1) (1- 1) (abs -3.5) (min 3 1 2) (max 3 1 2) (min 4))
;; => 2 0 3.5 1 3 4

;; case: sqrt exp log tanh sin cos atan
(printf "%.4f %.4f %.4f %.4f\n" (sqrt 2) (exp 1) (log 10) (tanh 0.5))
(printf "%.4f %.4f %.4f %.4f\n" (sin 1) (cos 1) (atan 1) (atan 1 -1))
;; => 1.4142 2.7183 2.3026 0.4621
;; 0.8415 0.5403 0.7854 2.3562

;; case: power
(print (** 2 10) (** 4 0.5) (** 2 -1))
;; => 1024 2 0.5

;; case: int is the floor and round rounds half away from zero
(print (int 2.7) (int 3) (int -2.7) (round 2.5) (round 2.4) (round -2.5))
;; => 2 3 -3 3 2 -3

;; case: comparisons are n-ary
(print (= 1 1) (= 1 2) (<> 1 2) (< 1 2 3) (< 1 3 2) (> 3 2 1) (<= 1 1 2) (>= 2 2 3))
;; => t () t t () t t ()

;; case: 0=
(print (0= 0) (0= 0.0) (0= 1))
;; => t t ()

;; case: arithmetic on a non-number is a type error naming the function
(catch-error (+ 1 'a))
(print (car (last-error)))
(+ 1 "2")
;; => "type"
;; error: type

;; case: sqrt of a negative number is a domain error
(sqrt -1)
;; error: domain

;; case: log of zero is a domain error
(log 0)
;; error: domain

;; case: 0/0 is nan
(print (/ 0 0))
;; => Nan

;; case: div and mod by zero are domain errors
(print (catch-error (div 1 0)) (car (last-error)) (catch-error (mod 1 0)))
;; => () "domain" ()

;; case: div and mod agree: a = b*(div a b) + (mod a b)
(setq ok t)
(each ((a '(7 -7 7 -7 13 0 -6 6)) (b '(3 3 -3 -3 4 2 3 -3)))
  (unless (= a (+ (* b (div a b)) (mod a b))) (setq ok (list a b))))
(print ok)
;; => t

;; case: large and small numbers print with an exponent
(print 1e20 1.5e-7 123456.5)
;; => 1e+20 1.5e-07 123456.5

;; case: rand is in [0,1] (Lush 1's generator can give 1 itself)
(setq ok t)
(repeat 1000 (let ((r (rand))) (when (or (< r 0) (> r 1)) (setq ok ()))))
(print ok)
;; => t

;; case: rand with bounds
(setq ok t)
(repeat 1000 (let ((r (rand -2 3))) (when (or (< r -2) (> r 3)) (setq ok ()))))
(print ok)
;; => t

;; case: the same seed gives the same numbers
(seed 42)
(setq a (list (rand) (rand) (gauss) (rand 0 10)))
(seed 42)
(setq b (list (rand) (rand) (gauss) (rand 0 10)))
(print (equal a b))
(seed 43)
(print (equal a (list (rand) (rand) (gauss) (rand 0 10))))
;; => t
;; ()

;; case: every fresh interpreter starts with the same seed
(setq first (rand))
(seed 0)
(print (= first (rand)))
;; => t

;; case: gauss has the asked mean and deviation
(seed 1)
(setq n 20000 s 0 s2 0)
(repeat n (let ((g (gauss 3 2))) (setq s (+ s g) s2 (+ s2 (* g g)))))
(setq mean (/ s n))
(setq sd (sqrt (- (/ s2 n) (* mean mean))))
(print (< (abs (- mean 3)) 0.1) (< (abs (- sd 2)) 0.1))
;; => t t

;; case: the random numbers are not constant
(seed 7)
(print (= (rand) (rand)))
;; => ()

;; case: incr by fractional steps
(setq x 0)
(repeat 4 (incr x 0.5))
(print x)
;; => 2
