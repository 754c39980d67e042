;; Calling through values: symbols, natives, compiled code invalidation.

;; case: funcall follows a symbol's value once
(setq a 'car)
(print (funcall a '(4 5)))
;; => 4

;; case: t is not callable (its value is itself)
(funcall t 4)
;; error: type

;; case: symbols naming each other are not callable
(setq p 'q q 'p)
(apply p '(1))
;; error: type

;; case: mapcar with a symbol naming a function
(print (mapcar '1+ '(1 2 3)))
;; => (2 3 4)

;; case: code modified in place runs as modified
(setq code '(+ 1 2))
(print (eval code))
(rplaca (cdr code) 10)
(print (eval code))
;; => 3
;; 12

;; case: redefining a function used by compiled code takes effect
(de twice (x) (* 2 x))
(de use () (twice 4))
(print (use))
(de twice (x) (* 3 x))
(print (use))
;; => 8
;; 12

;; case: rebinding a special form name is seen by compiled code
(de run-if () (if t 1 2))
(print (run-if))
(setq if (lambda (a b c) 'rebound))
(print (run-if))
;; => 1
;; rebound

;; case: a macro redefined between two calls
(dmd m1 () ''one)
(de use-m () (m1))
(print (use-m))
(dmd m1 () ''two)
(print (use-m))
;; => one
;; two

;; case: a tail call in a let body inside a loop of a million iterations
(de count-down (n) (let ((m n)) (if (> m 0) (count-down (- m 1)) 'done)))
(print (count-down 1000000))
;; => done

;; case: dynamic binding seen through a compiled call
(de getx () x)
(de with-x (x) (getx))
(print (with-x 42))
;; => 42

;; case: bindings restored after an error in a compiled let
(setq z 1)
(catch-error (let ((z 2)) (car z)))
(print z)
;; => 1

;; case: arithmetic compiled in place follows a rebound operator
(de f () (+ 2 3))
(print (f))
(setq + -)
(print (f))
;; => 5
;; -1

;; case: arithmetic on non-numbers reports through the builtin
(+ 1 "a")
;; error: type

;; case: = compares strings, 1+ and 1- in place
(print (= "a" "a") (<> "a" "b") (1+ 4) (1- 4) (/ 1 4))
;; => t t 5 3 0.25

;; case: a list joined onto itself is an error, not a hang
(setq l (list 1 2 3))
(nconc l l)
;; error: domain

;; case: mapcar on a circular list is an error
(setq l (list 1 2))
(rplacd (cdr l) l)
(mapcar 1+ l)
;; error: domain

;; case: +, - and * with more than two operands fold from the left in place
(de f (a b c) (list (+ a b c) (- a b c) (* a b c) (+ a b c 0.5)))
(print (f 10 2 3))
(print (+) (*) (- 5))
;; => (15 5 60 15.5)
;; 0 1 -5

;; case: compiled and applied + agree on the sign of zero
(setq z (- 0))
(print (= (/ 1 (+ z z)) (/ 1 (apply + (list z z))) (/ 1 (+ z z z))))
(print (< (/ 1 (+ z z)) 0))
;; => t
;; t

;; case: folded operands are all evaluated, in order, before a type error
(setq trail ())
(de note (x) (setq trail (cons x trail)) x)
(catch-error (+ (note 1) (note 2) (note "a") (note 4)))
(print (reverse trail))
;; => (1 2 "a" 4)

;; case: a non-number among folded operands is a type error
(de g (x) (* 1 2 x 4))
(g "b")
;; error: type

;; case: folded arithmetic follows a rebound operator
(de h () (+ 1 2 3))
(print (h))
(setq + *)
(print (h))
;; => 6
;; 6

;; case: an error handled inside a cleanup leaves the pending error intact
(de inner () (catch-error (car 'a) (lambda (m) 'caught)))
(de outer () (unwind-protect (cdr 5) (inner)))
(print (catch-error (outer) (lambda (m) m)))
(de thrower () (unwind-protect (throw 'k 7) (catch-error (error "cleanup error"))))
(print (catch 'k (thrower)))
(outer)
;; error: type
;; => "cdr: expected a list, got number 5"
;; 7
