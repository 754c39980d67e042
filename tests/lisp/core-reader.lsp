;; Core, reader: numbers, strings, symbols, quotes, prefixes, comments, positions.

;; case: integers print without a decimal point
(print 3 -2 0 +7)
;; => 3 -2 0 7

;; case: decimals and exponents
(print -2.5 .5 1e-3 1.5e3 2E2 -1e+2)
;; => -2.5 0.5 0.001 1500 200 -100

;; case: hexadecimal numbers
(print 0x1A 0xff -0x10 0XFF)
;; => 26 255 -16 255

;; case: numbers are doubles, no integer type
(print (= 3 3.0) (/ 1 2) (* 0.1 3) (= (* 0.1 3) 0.3) (- (* 0.1 3) 0.3))
;; => t 0.5 0.3 () 5.55112e-17

;; case: tokens that look almost like numbers are symbols
(print (symbolp '1+) (symbolp '1e) (symbolp '0x) (symbolp '-) (symbolp '1.2.3))
;; => t t t t t

;; case: string escapes
(printf "%s|" "a\tb")
(printf "%s|" "q\"q")
(printf "%s|" "back\\slash")
(printf "%s|\n" "\x41\x62")
(print (strlen "a\nb"))
;; => a	b|q"q|back\slash|Ab|
;; 3

;; case: strings print readably with escapes
(print "a\nb" "say \"hi\"" "t\tt")
;; => "a\nb" "say \"hi\"" "t\tt"

;; case: a bad escape is a read error
(print "a\qb")
;; error: read

;; case: symbols with special characters
(setq *foo* 1 ==>x 2 idx-m2dotm1x 3 a.b 4)
(print *foo* ==>x idx-m2dotm1x a.b)
;; => 1 2 3 4

;; case: symbols are case-sensitive in .lsp files
(setq Foo 1 foo 2)
(print Foo foo (eq 'Foo 'foo))
;; => 1 2 ()

;; case: quote
(print 'x '(a b) ''x (quote (1 . 2)))
;; => x (a b) 'x (1 . 2)

;; case: quote reads as (quote x)
(print (car ''x) (length ''x))
;; => quote 2

;; case: backquote with unquote and splice
(setq x 5 l '(1 2 3))
(print `(a ,x ,@l end))
(print `(a (b ,(+ x 1)) ,@l . tail))
(print `x `(,@l))
;; => (a 5 1 2 3 end)
;; (a (b 6) 1 2 3 . tail)
;; x (1 2 3)

;; case: backquote with splice of an empty list and dotted unquote
(setq e () x '(7 8))
(print `(1 ,@e 2))
(print `(1 . ,x))
;; => (1 2)
;; (1 7 8)

;; case: nested backquote keeps the inner level
(setq x 1)
(print `(a `(b ,(c ,x))))
(print (equal `(a `(b ,(c ,x))) '(a (backquote (b (unquote (c 1)))))))
;; => (a `(b ,(c 1)))
;; t

;; case: quote, backquote, unquote and splice print as the reader's shorthands
(print ''a '`(a ,b ,@c) '(quote a b) '(unquote))
(print (equal (read-from-string "`(a ,b ,@c)") '(backquote (a (unquote b) (splice c)))))
;; => 'a `(a ,b ,@c) (quote a b) (unquote)
;; t

;; case: ~x reads as (not x)
(print '~x ~() ~t)
(setq flag ())
(print (if ~flag 'off 'on))
;; => (not x) t ()
;; off

;; case: a lone ~ is a symbol
(print (symbolp '~))
;; => t

;; case: :x reads as (scope x)
(print ':x ':a:b)
;; => (scope x) (scope a b)

;; case: dotted pairs
(print '(1 . 2) '(1 2 . 3) '(a . (b c)) (cdr '(1 . 2)))
;; => (1 . 2) (1 2 . 3) (a b c) 2

;; case: a misplaced dot is a read error
(print '(. 1))
;; error: read

;; case: two forms after a dot are a read error
(print '(1 . 2 3))
;; error: read

;; case: line comments
(print 1) ; a comment (print 2)
; (print 3)
(print 4)
;; => 1
;; 4

;; case: #! block comments, also across lines
#! a block comment
   (print 99)
!#
(print 1)
(print #! inline !# 2)
;; => 1
;; 2

;; case: a file may start with #! (a script line)
(print (read-from-string "#!/usr/bin/env sn\n42"))
;; => 42

;; case: #? lines document the next definition, shown by help
#? (double x) twice x
#? second line of the doc
(de double (x) (* 2 x))
(help 'double)
(print (double 4))
;; => (double x) twice x
;; second line of the doc
;; 8

;; case: #? documents a defvar and a class
#? the learning rate
(defvar eta 0.1)
(help 'eta)
;; => the learning rate

;; case: an undocumented definition shows its argument list
(de undoc (a b) (+ a b))
(help 'undoc)
;; => (undoc a b) [no documentation]

;; case: unterminated string is a read error
(print "abc
;; error: read

;; case: unterminated list is a read error
(print (+ 1 2)
;; error: read

;; case: closing parentheses before a top-level form are skipped, as in Lush
(print 1)))
)) (print 2)
;; => 1
;; 2

;; case: a stray closing bracket is a read error
(print 1)]
;; error: read

;; case: forms before a read error are evaluated
(print 'before)
(print (1 2]
;; => before
;; error: read

;; case: read-from-string reads one form
(print (read-from-string "(a b . c)") (read-from-string "  12  ") (read-from-string ""))
;; => (a b . c) 12 ()

;; case: read errors carry a position
(catch-error (read-from-string "(a\n  b\n   ]"))
(print (car (last-error)))
;; => "read"

;; case: empty list and nil
(print () nil '() (eq () nil))
;; => () () () t

;; case: t, numbers and strings evaluate to themselves
(print t 12 "s" (eval 't))
;; => t 12 "s" t

;; case: a number after a colon stays a number in the scope form
(print (quote :3) (quote :a:2))
;; => (scope 3) (scope a 2)

;; case: :3 is not the global value of a symbol 3
:3
;; error: type
