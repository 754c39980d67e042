;; Core, control: every control form, loops, non-local exits, errors.

;; case: progn and prog1
(print (progn 1 2 3) (prog1 1 2 3) (progn))
;; => 3 1 ()

;; case: if with then and implicit-progn else
(print (if t 1 2) (if () 1 2 3) (if () 1))
;; => 1 3 ()

;; case: only () is false
(print (if 0 'true 'false) (if "" 'true 'false) (if '() 'true 'false))
;; => true true false

;; case: when and unless
(print (when t 1 2) (when () 1) (unless () 3 4) (unless t 5))
;; => 2 () 4 ()

;; case: cond with a t clause
(de classify (n) (cond ((< n 0) 'neg) ((= n 0) 'zero) (t 'pos)))
(print (classify -5) (classify 0) (classify 3))
;; => neg zero pos

;; case: cond without a matching clause is (), a test-only clause returns the test
(print (cond (() 1)) (cond ((+ 1 2))))
;; => () 3

;; case: selectq with single keys, key lists and t
(de sel (k) (selectq k (a 'one) ((b c) 'two) (3 'three) (t 'other)))
(print (sel 'a) (sel 'c) (sel 3) (sel 'z))
;; => one two three other

;; case: selectq without a match is ()
(print (selectq 'q (a 1)))
;; => ()

;; case: and, or, not
(print (and) (and 1 2 3) (and 1 () 3) (or) (or () 2 3) (or () ()))
(print (not ()) (not 1) (null ()) (null '(1)))
;; => t 3 () () 2 ()
;; t () t ()

;; case: and and or short-circuit
(setq hit ())
(and () (setq hit 'and))
(or 1 (setq hit 'or))
(print hit)
;; => ()

;; case: while loops while the condition is true
(setq i 0 s 0)
(while (< i 5) (setq s (+ s i)) (incr i))
(print i s)
;; => 5 10

;; case: while returns () when the body never runs
(print (while () 1))
;; => ()

;; case: do-while runs the body at least once
(setq i 10 runs 0)
(do-while (< i 5) (incr runs) (incr i))
(print runs)
;; => 1

;; case: repeat
(setq c 0)
(repeat 7 (incr c))
(repeat 0 (incr c))
(print c)
;; => 7

;; case: for: the end is inclusive
(for (i 1 5) (prin i))
(print)
;; => 12345

;; case: for with a step, and downwards
(for (i 0 10 3) (printf "%d," i))
(print)
(for (i 5 1 -2) (prin i))
(print)
;; => 0,3,6,9,
;; 531

;; case: for with fractional steps reaches the end
(setq n 0)
(for (x 0 1 0.25) (incr n))
(print n)
;; => 5

;; case: for restores its variable afterwards
(setq i 'before)
(for (i 1 3) ())
(print i)
;; => before

;; case: for restores its variable after an error
(setq i 'before)
(catch-error (for (i 1 3) (error "in loop")))
(print i)
;; => before

;; case: for with an empty range does nothing
(setq ran ())
(for (i 5 1) (setq ran t))
(print ran)
;; => ()

;; case: for returns the value of the last body evaluation
(print (for (i 1 3) (* i 10)))
;; => 30

;; case: for bounds are evaluated once
(setq hi 3 cnt 0)
(for (i 1 hi) (setq hi 10) (incr cnt))
(print cnt)
;; => 3

;; case: mapfor collects
(print (mapfor (i 1 4) (* i i)))
(print (mapfor (i 0 1 0.5) i))
;; => (1 4 9 16)
;; (0 0.5 1)

;; case: each iterates, returns the last value
(setq acc ())
(print (each ((x '(1 2 3))) (setq acc (cons x acc)) x))
(print acc)
;; => 3
;; (3 2 1)

;; case: each over several lists in parallel stops at the shortest
(each ((x '(1 2 3)) (y '(a b))) (printf "%d%s;" x y))
(print)
;; => 1a;2b;

;; case: each with destructuring
(each (((k v) '((a 1) (b 2)))) (printf "%s=%d;" k v))
(print)
;; => a=1;b=2;

;; case: each restores its variable
(setq x 'outer)
(each ((x '(1 2))) ())
(print x)
;; => outer

;; case: all collects
(print (all ((x '(1 2 3))) (* x 10)))
(print (all (((a . b) '((1 . 2) (3 . 4)))) (+ a b)))
;; => (10 20 30)
;; (3 7)

;; case: mapcar, mapc, mapcan
(print (mapcar + '(1 2 3) '(10 20 30)))
(print (mapc (lambda (x) x) '(1 2)))
(print (mapcan (lambda (x) (list x x)) '(1 2)))
(print (mapcar car '((a) (b))))
;; => (11 22 33)
;; (1 2)
;; (1 1 2 2)
;; (a b)

;; case: eval and quote
(setq form '(+ 1 2))
(print (eval form) (eval ''x) (quote (a b)))
;; => 3 x (a b)

;; case: catch and throw
(print (catch 'done (for (i 1 100) (when (= i 7) (throw 'done i))) 'never))
;; => 7

;; case: throw without a value gives ()
(print (catch 'x (throw 'x)))
;; => ()

;; case: catch returns the body's value without a throw
(print (catch 'x 1 2))
;; => 2

;; case: throws go to the matching catch through others
(print (catch 'outer (catch 'inner (throw 'outer 'o)) 'not-here))
;; => o

;; case: throw from a called function
(de thrower (v) (throw 'k v))
(print (catch 'k (thrower 'thrown) 'no))
;; => thrown

;; case: a throw without a catch is an error
(throw 'nobody 1)
;; error: throw

;; case: catch-error without a handler returns ()
(print (catch-error (car 1)) (catch-error 5))
;; => () 5

;; case: catch-error calls the handler with the message
(print (catch-error (error "my message") (lambda (m) (concat "caught: " m))))
;; => "caught: my message"

;; case: catch-error does not catch throws
(print (catch 'k (catch-error (throw 'k 'passed) (lambda (m) 'handled))))
;; => passed

;; case: error with a culprit
(catch-error (error "bad value" 42))
(print (last-error))
;; => ("user" "bad value")

;; case: error kind is user
(error "plain")
;; error: user

;; case: unwind-protect runs cleanup on normal exit and returns the form's value
(setq log ())
(print (unwind-protect (progn (setq log (cons 'body log)) 'val) (setq log (cons 'clean log))))
(print log)
;; => val
;; (clean body)

;; case: unwind-protect runs cleanup on error
(setq cleaned ())
(catch-error (unwind-protect (error "x") (setq cleaned t)))
(print cleaned)
;; => t

;; case: unwind-protect runs cleanup on throw
(setq cleaned ())
(print (catch 'k (unwind-protect (throw 'k 'v) (setq cleaned t))))
(print cleaned)
;; => v
;; t

;; case: unwind-protect passes the error on
(unwind-protect (car 'x) (setq cleaned t))
;; error: type

;; case: nested unwind-protects run innermost first
(setq order ())
(catch-error (unwind-protect (unwind-protect (error "e") (setq order (cons 1 order))) (setq order (cons 2 order))))
(print order)
;; => (2 1)

;; case: time of a body returns seconds
(print (numberp (time (+ 1 2))) (>= (time (+ 1 2)) 0) (> (time) 1e9))
;; => t t t

;; case: incr on a variable, default step 1
(setq k 5)
(print (incr k) (incr k 10) k)
;; => 6 16 16

;; case: incr of a non-number is a type error
(setq k 'a)
(incr k)
;; error: type

;; case: a long while loop with tail calls does not grow the stack
(de lp (n) (if (> n 0) (lp (- n 1)) 'end))
(print (lp 200000))
;; => end

;; case: tail calls through cond, when, progn and let
(de tc (n) (cond ((= n 0) 'ok) (t (when t (progn (let ((m (- n 1))) (tc m)))))))
(print (tc 100000))
;; => ok

;; case: deep non-tail recursion is a stack-overflow error
(de deep (n) (+ 1 (deep n)))
(deep 1)
;; error: stack-overflow

;; case: stack-limit is settable
(stack-limit 100)
(de d2 (n) (if (= n 0) 0 (+ 1 (d2 (- n 1)))))
(print (catch-error (d2 50)))
(print (catch-error (d2 200)))
(print (car (last-error)))
;; => 50
;; ()
;; "stack-overflow"

;; case: after a stack overflow the interpreter goes on
(de deep (n) (+ 1 (deep n)))
(catch-error (deep 1))
(de ok (n) (if (= n 0) 0 (+ 1 (ok (- n 1)))))
(print (ok 1000))
;; => 1000
