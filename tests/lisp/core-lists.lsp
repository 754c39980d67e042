;; Core, builtins: lists and predicates.

;; case: cons car cdr and their compositions
(setq l '((1 2) (3 4) 5))
(print (car l) (cdr l) (caar l) (cadr l) (cdar l) (cddr l) (caddr l))
;; => (1 2) ((3 4) 5) 1 (3 4) (2) (5) 5

;; case: car and cdr of () are ()
(print (car ()) (cdr ()) (cadr '(1)))
;; => () () ()

;; case: car of a number is a type error
(car 5)
;; error: type

;; case: list and length
(print (list) (list 1 2 3) (length '(a b c)) (length ()) (length "abcd"))
;; => () (1 2 3) 3 0 4

;; case: nth and nthcdr
(print (nth 0 '(a b c)) (nth 2 '(a b c)) (nth 5 '(a b c)) (nthcdr 1 '(a b c)) (nthcdr 9 '(a)))
;; => a c () (b c) ()

;; case: append copies all but the last list
(setq a '(1 2) b '(3))
(setq c (append a b))
(print c (append) (append () '(1)) (append '(1) () '(2 3)))
(print (eq (cddr c) b))
;; => (1 2 3) () (1) (1 2 3)
;; t

;; case: reverse and last
(print (reverse '(1 2 3)) (reverse ()) (last '(1 2 3)) (last ()))
;; => (3 2 1) () 3 ()

;; case: member uses equal
(print (member 2 '(1 2 3)) (member '(b) '(a (b) c)) (member 9 '(1 2)))
;; => (2 3) ((b) c) ()

;; case: assoc
(setq al '((a . 1) (b . 2) ("s" . 3)))
(print (assoc 'b al) (assoc "s" al) (assoc 'z al))
;; => (b . 2) ("s" . 3) ()

;; case: range is inclusive like for
(print (range 1 5) (range 0 1 0.5) (range 5 1 -2) (range 3))
;; => (1 2 3 4 5) (0 0.5 1) (5 3 1) (1 2 3)

;; case: sort numbers, strings, and with a predicate
(print (sort '(3 1 2)) (sort '("b" "a" "c")) (sort '(1 3 2) >))
(print (sort '((b 2) (a 1) (c 3)) (lambda (x y) (< (cadr x) (cadr y)))))
;; => (1 2 3) ("a" "b" "c") (3 2 1)
;; ((a 1) (b 2) (c 3))

;; case: sort does not change its argument
(setq l '(3 1 2))
(sort l)
(print l)
;; => (3 1 2)

;; case: sort of mixed types is a type error
(sort '(1 "a" b))
;; error: type

;; case: copy-tree makes a structure that is equal but not eq
(setq x '((1 2) (3 (4))))
(setq y (copy-tree x))
(print (equal x y) (eq x y) (eq (car x) (car y)))
;; => t () ()

;; case: predicates
(print (list? ()) (list? '(1)) (list? 1) (consp ()) (consp '(1)) (atom 1) (atom '(1)) (atom ()))
(print (symbolp 'a) (symbolp 1) (numberp 1) (numberp "1") (stringp "s") (stringp 's) (null ()) (null 0))
;; => t t () () t t () t
;; t () t () t () t ()

;; case: eq and equal
(print (eq 'a 'a) (eq 1 1) (eq '(1) '(1)) (equal '(1 (2 "s")) '(1 (2 "s"))) (equal "a" "a") (equal 1 2))
;; => t t () t t ()

;; case: destructive operations
(setq l (list 1 2 3))
(rplaca l 'a)
(rplacd (cdr l) '(z))
(print l)
(print (nconc (list 1 2) (list 3) () (list 4)))
;; => (a 2 z)
;; (1 2 3 4)

;; case: a list of 100000 elements
(setq big (range 1 100000))
(print (length big) (last big) (apply + big))
(print (length (reverse big)) (length (append big big)) (length (mapcar 1+ big)))
;; => 100000 100000 5000050000
;; 100000 200000 100000

;; case: length of an improper list does not crash
(catch-error (length '(1 2 . 3)))
(print 'alive)
;; => alive

;; case: list functions given a non-list are type errors
(reverse 5)
;; error: type

;; case: a circular list prints cut, without hanging
(setq l (list 1 2 3))
(rplacd (cddr l) l)
(print l)
;; => (1 2 3 1 2 3 ...)

;; case: a list whose car is itself prints cut
(setq l (list 1))
(rplaca l l)
(setq s (str l))
(print s)
;; => "((...))"

;; case: length of a circular list is an error
(setq l (list 1 2))
(rplacd (cdr l) l)
(length l)
;; error: domain
