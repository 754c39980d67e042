;; Core, definitions: de df dm dmd lambda flambda mlambda defun defmacro and argument lists.

;; case: de defines a function and returns its name
(print (de sq (x) (* x x)))
(print (sq 5))
;; => sq
;; 25

;; case: defun is an alias of de
(defun add3 (a b c) (+ a b c))
(print (add3 1 2 3))
;; => 6

;; case: a function body is an implicit progn
(de body (x) (setq side x) (* x 2))
(print (body 4) side)
;; => 8 4

;; case: a function with an empty body returns ()
(de empty-body (x))
(print (empty-body 1))
;; => ()

;; case: &optional without default is ()
(de opt (a &optional b) (list a b))
(print (opt 1) (opt 1 2))
;; => (1 ()) (1 2)

;; case: &optional with defaults, evaluated when missing
(de optd (a &optional (b 10) (c (+ a b))) (list a b c))
(print (optd 1) (optd 1 2) (optd 1 2 3))
;; => (1 10 11) (1 2 3) (1 2 3)

;; case: &rest collects the remaining arguments
(de rst (a &rest r) (list a r))
(print (rst 1) (rst 1 2 3))
;; => (1 ()) (1 (2 3))

;; case: &optional and &rest together
(de both (a &optional (b 'dflt) &rest r) (list a b r))
(print (both 1) (both 1 2) (both 1 2 3 4))
;; => (1 dflt ()) (1 2 ()) (1 2 (3 4))

;; case: a dotted rest argument
(de dotted (a . r) (list a r))
(print (dotted 1) (dotted 1 2 3))
;; => (1 ()) (1 (2 3))

;; case: a bare symbol takes all the arguments
(de bare l l)
(print (bare) (bare 1 2 3))
;; => () (1 2 3)

;; case: destructuring arguments
(de ds ((x y) z) (list x y z))
(print (ds '(1 2) 3))
;; => (1 2 3)

;; case: nested and dotted destructuring, missing parts are ()
(de ds2 ((a (b c)) (d . e)) (list a b c d e))
(print (ds2 '(1 (2 3)) '(4 5 6)))
(print (ds2 '(1) '(4)))
;; => (1 2 3 4 (5 6))
;; (1 () () 4 ())

;; case: too many arguments is an arity error naming the function
(de two-args (a b) a)
(catch-error (two-args 1 2 3))
(print (last-error))
;; => ("arity" "wrong number of arguments to two-args: expects 2, got 3")

;; case: too few arguments is an arity error
(de two-args (a b) a)
(two-args 1)
;; error: arity

;; case: arity error with optional arguments names the range
(de opt-range (a &optional b c) a)
(catch-error (opt-range))
(print (cadr (last-error)))
(catch-error (opt-range 1 2 3 4))
(print (cadr (last-error)))
;; => "wrong number of arguments to opt-range: expects 1 to 3, got 0"
;; "wrong number of arguments to opt-range: expects 1 to 3, got 4"

;; case: arity error with &rest says at least
(de at-least (a b &rest c) a)
(catch-error (at-least 1))
(print (cadr (last-error)))
;; => "wrong number of arguments to at-least: expects at least 2, got 1"

;; case: arity errors of builtins name them
(catch-error (car 1 2))
(print (cadr (last-error)))
;; => "wrong number of arguments to car: expects 1, got 2"

;; case: a bad argument list is an error
(de bad (1 2) 3)
;; error: type

;; case: lambda makes an anonymous function
(print ((lambda (a &optional (b 2)) (* a b)) 21))
(print (mapcar (lambda (x) (+ x 1)) '(1 2 3)))
;; => 42
;; (2 3 4)

;; case: arity error of a lambda names it lambda
(catch-error ((lambda (x) x)))
(print (cadr (last-error)))
;; => "wrong number of arguments to lambda: expects 1, got 0"

;; case: df receives its arguments unevaluated
(df my-quote (x) x)
(print (my-quote (+ 1 2)))
(df count-args l (length l))
(print (count-args a b c))
;; => (+ 1 2)
;; 3

;; case: flambda is an anonymous fexpr
(setq fq (flambda (a b) (list b a)))
(print (fq (x y) z))
;; => (z (x y))

;; case: dm receives the whole call form, head included
(dm my-if (head c a b) (list 'cond (list c a) (list t b)))
(print (my-if (> 2 1) 'yes 'no) (my-if () 'yes 'no))
(dm show-form form (list 'quote form))
(print (show-form 1 2))
;; => yes no
;; (show-form 1 2)

;; case: dmd is a macro with an ordinary argument list
(dmd swap-args (f a b) (list f b a))
(print (swap-args - 1 10))
;; => 9

;; case: defmacro is an alias of dmd, with backquote
(defmacro my-unless (c . body) `(if ,c () ,@body))
(print (my-unless () 1 2 3) (my-unless t 1))
;; => 3 ()

;; case: macro expansion is evaluated in the caller's bindings
(defmacro get-x () 'x)
(setq x 'global)
(print (let ((x 'local)) (get-x)))
;; => local

;; case: mlambda is an anonymous macro
(setq m (mlambda (head a) (list '* a a)))
(print (m 7))
;; => 49

;; case: macros may expand into macros
(defmacro twice (x) `(* 2 ,x))
(defmacro quad (x) `(twice (twice ,x)))
(print (quad 3))
;; => 12

;; case: functions print with their names
(de named (x) x)
(print named)
(print (lambda (x) x))
;; => ::lambda:named
;; (lambda (x) x)

;; case: pretty prints a definition
(de pp (x) (+ x 1))
(pretty 'pp)
;; => (de pp (x) (+ x 1))

;; case: pretty of a function value prints its definition too
(de pp (x) (+ x 1))
(dmd twice (x) `(* 2 ,x))
(pretty pp)
(pretty twice)
(pretty (lambda (y) (* y y)))
;; => (de pp (x) (+ x 1))
;; (dmd twice (x) `(* 2 ,x))
;; (lambda (y) (* y y))

;; case: redefinition replaces a function
(de rf () 1)
(de rf () 2)
(print (rf))
;; => 2

;; case: recursion
(de fact (n) (if (< n 2) 1 (* n (fact (- n 1)))))
(print (fact 10))
;; => 3628800

;; case: mutual recursion
(de ev? (n) (if (= n 0) t (od? (- n 1))))
(de od? (n) (if (= n 0) () (ev? (- n 1))))
(print (ev? 100) (od? 7))
;; => t t

;; case: apply and funcall
(print (apply + '(1 2 3)) (apply + 1 2 '(3 4)) (funcall * 2 3))
(print (apply (lambda (a . r) r) '(1 2 3)))
;; => 6 10 6
;; (2 3)

;; case: apply of a macro is an error
(defmacro mm (x) x)
(apply mm '(1))
;; error: type

;; case: function returns the function value
(de fv (x) x)
(print (eq (function fv) fv) (funcall (function car) '(1 2)))
;; => t 1
