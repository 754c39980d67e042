;; TL3/Lush 1 primitives and reader rules that SN2.8's demos rely on
;; (Lush 1: src/io.c, src/calls.c, src/fileio.c, src/toplevel.c,
;; legacy/src/classify.c).

;; case: a #! ... !# header spanning lines is a comment
#!/bin/sh
exec lush "$0" "$@"
!#
(print 'after-header)
;; => after-header

;; case: closing parentheses before a top-level form are skipped silently
(de f (x) (* 2 x)))))
(print (f 4))))
))) (print 'ok)
;; => 8
;; ok

;; case: a closing parenthesis inside a form still closes it
(print (list 1 (list 2)) 3)
;; => (1 (2)) 3

;; case: = and <> compare structurally, numbers by value
(print (= () ()) (<> 1 ()) (= 1 ()) (= '(1 (2 "a")) '(1 (2 "a"))) (= '(1 2) '(1 3)))
(print (= 'a 'a) (= 'a 'b) (= "x" "x") (<> "x" "y") (= 1 1) (<> 1 2) (= 2 2.0))
(print (= [1 2] [1 2]) (= [1 2] [1 3]) (= 1 "1"))
;; => t t () t ()
;; t () t t t t t
;; t () ()

;; case: = on numbers in compiled code keeps working in loops
(de count-eq (n) (let ((k 0)) (for (i 0 n) (when (= (mod i 3) 0) (incr k))) k))
(print (count-eq 30))
;; => 11

;; case: find-interval gives the indices within width of the target
(print (find-interval '(2 1 4 5 -4 -3 -2) 5))
(print (find-interval '(1 2 3 4) 2 1) (find-interval () 0))
(de find-max (l) (car (find-interval l (sup l))))
(print (find-max '(2 1 4 5 -4 -3 -2)))
;; => (3)
;; (0 1 2) ()
;; 3

;; case: find-interval wants numbers
(find-interval '(1 a) 1)
;; error: type

;; case: basename and dirname as Lush's
(print (basename "/a/b/c.sn") (basename "c.sn" "sn") (basename "c.sn" ".sn") (basename "sn" "sn") (basename "c.snx" "sn") (basename "a/b/"))
(print (dirname "/a/b/c.sn") (dirname "c.sn") (dirname "/usr") (dirname "a/b/") (dirname "/") (dirname "a//b"))
;; => "c.sn" "c" "c" "sn" "c.snx" ""
;; "/a/b" "." "/" "a" "/" "a/"

;; case: dim sets a global zero matrix (the name is not evaluated)
(de make () (let ((mm 5)) (dim mm 3 2) mm))
(print (make))
(print mm)
;; => 5
;; [[0 0][0 0][0 0]]

;; case: lush-is-quiet reports and sets the flag
(print (lush-is-quiet ()) (lush-is-quiet) (lush-is-quiet t) (lush-is-quiet))
;; => () () t t

;; case: sleep waits and returns its argument
(let ((t0 (realtime))) (print (sleep 0.2) (>= (- (realtime) t0) 0.19)))
;; => 0.2 t

;; case: sleep refuses a negative time
(sleep -1)
;; error: domain

;; case: unlink removes a file, and fails on a missing one
(setq f (concat test-dir "/x.txt"))
(writing f (print 1))
(print (filep f) (unlink f) (filep f))
(unlink f)
;; => t () ()
;; error: io

;; case: read-string reads the text after the form, up to a delimiter
(printf "%s|\n" (read-string "~@"))Type:
  (go) to start
@
(print 'next)
;; => Type:
;;   (go) to start
;; |
;; next

;; case: read-string with a count, a range, and up to the end of the line
(print (read-string 3))abcdef
(print (read-string "a-z"))xyz123
(print (read-string))  rest of the line
(print 'done)
;; => "abc"
;; "xyz"
;; "  rest of the line"
;; done

;; case: read-string takes a string or a number
(read-string 'a)
;; error: type

;; case: delete runs the destructor of an object
(defclass thing object)
(defmethod thing -destructor () (print 'destroyed))
(print (delete (new thing)) (delete 3))
;; => destroyed
;; () ()

;; case: read-from-string reads one form from a string
(print (read-from-string "(a b)"))
;; => (a b)

;; case: atom-array holds any values; () and (lo hi) indices give views
(setq a ((atom-array 4) () '(10 11 12 13)))
(print (a 2) (atom-array-list (a '(1 2))))
(setq b ((atom-array 2 3) () () '((a b c) (d e f))))
(print (b 1 2) (atom-array-list (b () 1)) (atom-array-list (b 1 ())))
;; => 12 (11 12)
;; f (b e) (d e f)

;; case: writing a view copies another view (overlapping too), or fills it
(setq b ((atom-array 2 3) () () '(a b c d e f)))
(b '(0 1) '(0 1) (b '(0 1) '(1 2)))
(print (atom-array-list b))
(b 0 0 'z)
(print (b 0 0))
(b () () 7)
(print (atom-array-list b))
;; => (b c c e f f)
;; z
;; (7 7 7 7 7 7)

;; case: a write returns the array itself
(setq c (atom-array 3))
(print (atom-array-list (c 1 '(x y))))
;; => (() (x y) ())

;; case: atom-array indices out of range are an index error
((atom-array 4) 4)
;; error: index

;; case: atom-array wants as many values as elements
((atom-array 2) () '(1 2 3))
;; error: index

;; case: atom-array wants one index per dimension
((atom-array 2 2) 1)
;; error: arity

;; case: filepath finds a file as load does, with suffixes
(print (basename (filepath "netenv")) (filepath "netenv" ()) (filepath "no-such-file-xyz"))
(print (basename (filepath "netenv" "|.sn|.lsp")))
;; => "netenv.lsp" () ()
;; "netenv.lsp"

;; case: strings take TL3's octal and control escapes
(print (asc "\007") (asc "\^G") (asc "\101") (strlen "a\12b") (asc "\b") (asc "\f"))
;; => 7 7 65 3 8 12

;; case: file-being-loaded is the full name of the file while it loads
(setq f (concat test-dir "/inner.lsp"))
(writing f (print '(printf "%s %l\n" (basename file-being-loaded) (= (substring file-being-loaded 0 1) "/"))))
(load f)
(print file-being-loaded)
;; => inner.lsp t
;; ()

;; case: |name| is a symbol read as written, also in SN2.8 scripts
;; fold
(print '|CODEBOOK| 'CodeBook (eq '|abc| 'ABC) (eq '|ABC| 'ABC))
;; => CODEBOOK codebook t ()

;; case: an unterminated |symbol is a read error
(print '|abc
;; error: read
