;; Core, evaluation: dynamic scoping by shallow binding, restore on every exit.

;; case: a callee sees its caller's let
(de show-x () x)
(setq x 'global)
(print (let ((x 'local)) (show-x)))
(print (show-x))
;; => local
;; global

;; case: a callee sees its caller's arguments
(de inner () (* n 10))
(de outer (n) (inner))
(print (outer 4))
;; => 40

;; case: a callee's setq changes the caller's binding, not the global
(setq v 1)
(de bump () (setq v (+ v 100)))
(de caller (v) (bump) v)
(print (caller 5) v)
;; => 105 1

;; case: lambda does not capture (dynamic scope)
(setq k 1)
(setq f (let ((k 2)) (lambda () k)))
(print (f))
(print (let ((k 3)) (f)))
;; => 1
;; 3

;; case: let binds in parallel, let* sequentially
(setq a 1)
(print (let ((a 10) (b a)) (list a b)))
(print (let* ((a 10) (b a)) (list a b)))
;; => (10 1)
;; (10 10)

;; case: let with a bare symbol binds it to ()
(setq z 5)
(print (let (z) z) z)
;; => () 5

;; case: let with destructuring
(print (let (((a b) '(1 2)) ((c . d) '(3 4 5))) (list a b c d)))
;; => (1 2 3 (4 5))

;; case: let restores after a normal exit
(setq y 1)
(let ((y 2)) (setq y 3))
(print y)
;; => 1

;; case: let restores after an error
(setq y 1)
(catch-error (let ((y 2)) (error "boom")))
(print y)
;; => 1

;; case: function arguments restored after an error
(setq n 'outer)
(de fails (n) (car n))
(catch-error (fails 5))
(print n)
;; => outer

;; case: let restores after a throw
(setq y 1)
(print (catch 'tag (let ((y 2)) (throw 'tag y))))
(print y)
;; => 2
;; 1

;; case: nested lets unwound by one throw
(setq p 0 q 0)
(catch 'out (let ((p 1)) (let ((q 2)) (let ((p 3)) (throw 'out ())))))
(print p q)
;; => 0 0

;; case: bindings restored when an error unwinds through several calls
(setq depth 'top)
(de down (depth) (if (> depth 0) (down (- depth 1)) (error "bottom" depth)))
(catch-error (down 50))
(print depth)
;; => top

;; case: an error aborts the evaluation to the top, bindings restored
(setq w 'global)
(let ((w 'inner)) (car w))
;; error: type

;; case: :x is the global value even inside a binding of x
(setq x 'global)
(let ((x 'local)) (print x :x))
;; => local global

;; case: :x inside nested bindings and calls
(setq x 0)
(de see () (list x :x))
(print (let ((x 1)) (let ((x 2)) (see))))
;; => (2 0)

;; case: setq on :x sets the global inside a binding
(setq x 1)
(let ((x 2))
  (setq :x 10)
  (print x :x))
(print x)
;; => 2 10
;; 10

;; case: :x of an unbound symbol is ()
(print :never-set-anywhere)
;; => ()

;; case: an unbound symbol evaluates to ()
(print never-bound-symbol (if ~some-window 'none 'some))
;; => () none

;; case: calling an unbound symbol is an error naming it
(catch-error (no-such-function 1 2))
(print (last-error))
;; => ("unbound-function" "unbound function: no-such-function")

;; case: unbound function error kind
(no-such-function 1)
;; error: unbound-function

;; case: calling a number is a type error
(1 2 3)
;; error: type

;; case: calling a string is a type error
("f" 1)
;; error: type

;; case: a head that evaluates to a function is called
(print ((lambda (x) (* x x)) 7))
(setq g (lambda (x) (+ x 1)))
(print (funcall g 1))
;; => 49
;; 2

;; case: defvar only binds when unbound
(defvar dv 1)
(defvar dv 2)
(print dv)
(defvar dv-none)
(print dv-none)
;; => 1
;; ()

;; case: defvar inside a let sets the global
(let ((lv 5)) (defvar gv 7))
(print gv)
;; => 7

;; case: setq returns the last value and assigns in order
(print (setq s1 1 s2 (+ s1 1) s3 (* s2 10)))
(print s1 s2 s3)
;; => 20
;; 1 2 20

;; case: setq on a non-symbol is an error
(setq 3 4)
;; error: type

;; case: set assigns a computed symbol
(set (intern "computed") 42)
(print computed)
;; => 42

;; case: boundp
(setq bp 1)
(print (boundp 'bp) (boundp 'never-bound-xyz))
;; => t ()

;; case: function parameters shadow globals and are restored
(setq a 'ga b 'gb)
(de two (a b) (list a b))
(print (two 1 2) a b)
;; => (1 2) ga gb

;; case: tail-recursive calls restore their bindings
(setq i 'gi)
(de count-down (i) (if (> i 0) (count-down (- i 1)) 'done))
(print (count-down 100) i)
;; => done gi

;; case: a let in tail position of a function is restored
(setq t1 'g)
(de tl () (let ((t1 'l)) t1))
(print (tl) t1)
;; => l g

;; case: unwind-protect cleanup sees the restored outer binding
(setq u 'outer)
(catch-error (let ((u 'inner)) (unwind-protect (error "x") (setq seen u))))
(print seen u)
;; => inner outer

;; case: arrays evaluate to themselves and index when called
(setq v [10 20 30])
(print (eval v) (v 1) ([1 2 3] 2))
;; => [10 20 30] 20 3

;; case: an array literal is made once, when read, not at each evaluation
(de lit () [0 0])
(setq a (lit))
(a 0 5)
(print (lit) (eq (lit) (lit)))
;; => [5 0] t

;; case: the head of a call may be any form that evaluates to a function
(print ((if t car cdr) '(1 2)) ((car (list + -)) 1 2))
;; => 1 3
