;; Core, builtins: strings, printing and printf.

;; case: concat and str
(print (concat "ab" "cd" "") (concat) (concat "n=" 3))
(print (str 12) (str '(a "b")) (str "s") (str 0.5))
;; => "abcd" "" "n=3"
;; "12" "(a \"b\")" "s" "0.5"

;; case: val reads a number
(print (val "12.5") (+ 1 (val "0x10")) (val "abc"))
;; => 12.5 17 ()

;; case: strlen and substring
(print (strlen "") (strlen "hello") (substring "hello" 1 3) (substring "hello" 2) (substring "hello" -3))
;; => 0 5 "el" "llo" "llo"

;; case: substring out of range does not crash
(catch-error (substring "abc" 2 10))
(catch-error (substring "abc" 5))
(print 'alive)
;; => alive

;; case: upcase downcase
(print (upcase "aBc1") (downcase "AbC"))
;; => "ABC1" "abc"

;; case: string-split
(print (string-split "a b  c") (string-split "a,b,,c" ","))
;; => ("a" "b" "c") ("a" "b" "" "c")

;; case: sprintf returns a string
(print (sprintf "%d-%s" 3 "x"))
;; => "3-x"

;; case: strings compare with =
(print (= "a" "a") (= "a" "b"))
;; => t ()

;; case: printf %d rounds doubles to integers
(printf "%d %d %d\n" 3.0 42 -7)
;; => 3 42 -7

;; case: printf %d widths and flags
(printf "[%5d][%-5d][%05d][%+d]\n" 42 42 42 42)
;; => [   42][42   ][00042][+42]

;; case: printf %s with width and precision
(printf "[%s][%6s][%-6s][%.2s]\n" "abc" "abc" "abc" "abc")
;; => [abc][   abc][abc   ][ab]

;; case: printf %s of other values prints them
(printf "%s %s %s\n" 'sym 12 '(1 "x"))
;; => sym 12 (1 x)

;; case: printf %f with precision and width (a bare %f prints as print, as in Lush)
(printf "%f|%.2f|%8.3f|%-8.1f|%.0f\n" 3.14159 3.14159 3.14159 2.5 2.5)
;; => 3.1416|3.14|   3.142|2.5     |2

;; case: printf %e (a bare %e prints as print, as in Lush)
(printf "%e|%.2e|%E|%.6e\n" 12345.678 0.000123 1.5 12345.678)
;; => 12345.678|1.23e-04|1.500000E+00|1.234568e+04

;; case: printf %g (a bare %g prints as print, as in Lush)
(printf "%g|%g|%g|%.3g|%g|%.6g\n" 0.0001 123456 1234567 3.14159 100 1234567)
;; => 0.0001|123456|1234567|3.14|100|1.23457e+06

;; case: printf %l prints the Lisp form
(printf "%l %l %l\n" "s" '(a "b") 3)
;; => "s" (a "b") 3

;; case: printf %%
(printf "100%%\n")
;; => 100%

;; case: printf with a missing argument is an error
(printf "%d %d\n" 1)
;; error: arity

;; case: printf %d of a string is a type error
(printf "%d" "x")
;; error: type

;; case: printf with an unknown directive is an error
(printf "%q" 1)
;; error: domain

;; case: print returns its last argument, prin does not add a newline
(print (print 1 2))
(prin "a" 'b)
(prin 3)
(print)
;; => 1 2
;; 2
;; "a" b3

;; case: pretty breaks long lists over lines
(pretty '(defun long-function-name (argument-one argument-two) (let ((x (+ argument-one argument-two))) (print x) (* x x x x))))
;; => (defun
;;   long-function-name
;;   (argument-one argument-two)
;;   (let ((x (+ argument-one argument-two))) (print x) (* x x x x)))

;; case: pname intern chr asc
(print (pname 'abc) (eq (intern "abc") 'abc) (chr 65) (asc "a"))
;; => "abc" t "A" 97

;; case: string functions given a number are type errors
(strlen 5)
;; error: type

;; case: printf with an absurd width is an error, not an allocation failure
(printf "%99999999999d" 1)
;; error: domain

;; case: printf with an absurd precision is an error
(sprintf "%.99999999999f" 1)
;; error: domain

;; case: strings are sliced by characters, not bytes
(print (substring "héllo" 1 2) (strlen "héllo") (upcase "é"))
;; => "é" 5 "É"

;; case: pretty keeps the dotted tail of a long improper list
(pretty (cons 'a-rather-long-symbol-name-number-one (cons 'a-rather-long-symbol-name-number-two 'the-tail)))
;; => (a-rather-long-symbol-name-number-one
;;   a-rather-long-symbol-name-number-two
;;   . the-tail)

;; case: pretty of a long circular list ends
(setq l (list 'a-rather-long-symbol-name-number-one 'a-rather-long-symbol-name-number-two 'three))
(rplacd (cddr l) l)
(pretty l)
;; => (a-rather-long-symbol-name-number-one
;;   a-rather-long-symbol-name-number-two
;;   three
;;   a-rather-long-symbol-name-number-one
;;   a-rather-long-symbol-name-number-two
;;   three
;;   ...)

;; case: printf %c
(printf "[%c%c%3c]\n" 65 0xe9 66)
;; => [Aé  B]

;; case: printf %c of a negative code is a type error
(printf "%c" -1)
;; error: type

;; case: printf %x of a negative number prints its sign and magnitude
(printf "%x %X %x|%4x|\n" 255 3054 -1 -26)
;; => ff BEE -1| -1a|
