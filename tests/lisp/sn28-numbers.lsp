;; Lush 1's number printing (Lush 1.2.1, src/string.c, `str_number`), which
;; `print`, `pname`, `str`, `printf "%l"` and a bare `%d %f %e %g` use:
;;   Nan -> "Nan", +/-infinity -> "Inf" / "-Inf";
;;   |x| < 1e-3 or |x| > 1e10 -> C's "%g" (6 significant digits; exponent
;;     form, signed and of at least two digits, when the exponent is below
;;     -4 or at least 6; trailing zeros dropped);
;;   otherwise -> C's "%.4f" (four decimals, ties to even on exact binary
;;     values, as glibc);
;;   then the zeros ending the fraction are removed, and the point with
;;   them when nothing is left ("1.5000" -> "1.5", "2.0000" -> "2").
;; Each case says which branch gives its string.

;; case: integers go through %.4f and lose their zero fraction
;; 1 -> "1.0000" -> "1"; -7 -> "-7.0000" -> "-7"; 123456789 -> "123456789"
(print 1 -7 100 123456789)
;; => 1 -7 100 123456789

;; case: zero is below 1e-3, so %g: "0"; minus zero keeps its sign in %g
(print 0 (* -1 0))
;; => 0 -0

;; case: 1e10 is not above 1e10: %.4f, all eleven digits
(print 1e10 (- 1e10) 2147483648)
;; => 10000000000 -10000000000 2147483648

;; case: above 1e10: %g with six significant digits
;; 10000000001 -> "1e+10"; 12345678901 -> "1.23457e+10"
(print 10000000001 12345678901 -12345678901)
;; => 1e+10 1.23457e+10 -1.23457e+10

;; case: large exponents: signed, at least two digits, three when needed
(print 1e20 -1e20 1.5e300 6.02214e23)
;; => 1e+20 -1e+20 1.5e+300 6.02214e+23

;; case: %g rounds to six digits: an exact tie rounds to even
;; 99999950000 = 9.999995e10 exactly: the sixth digit 9 is odd -> 1.00000e+11;
;; 99999940000 = 9.999994e10 rounds down -> 9.99999e+10
(print 99999950000 99999940000)
;; => 1e+11 9.99999e+10

;; case: fractions keep at most four decimals
;; 1/3 -> "0.3333"; 2/3 -> "0.6667"; pi -> "3.1416"; 12345.678901 -> "12345.6789"
(print (/ 1 3) (/ 2 3) 3.14159265 12345.678901)
;; => 0.3333 0.6667 3.1416 12345.6789

;; case: trailing zeros of the four decimals are dropped
;; 0.5 -> "0.5000" -> "0.5"; -0.25 -> "-0.25"; 0.1 -> "0.1"
(print 0.5 -0.25 0.1 2.75)
;; => 0.5 -0.25 0.1 2.75

;; case: rounding to four decimals can leave an integer
;; 1.99999 -> "2.0000" -> "2"; 0.99996 -> "1.0000" -> "1";
;; 999999.99999 -> "1000000.0000" -> "1000000"
(print 1.99999 0.99996 999999.99999 2.00004)
;; => 2 1 1000000 2

;; case: an exact binary tie at the fifth decimal rounds to even
;; 0.03125 -> "0.0312"; 1.03125 -> "1.0312"; 0.09375 -> "0.0938"
(print 0.03125 1.03125 0.09375)
;; => 0.0312 1.0312 0.0938

;; case: 0.001 is not below 1e-3 (the same double): %.4f "0.0010" -> "0.001"
(print 0.001 -0.001 0.0015)
;; => 0.001 -0.001 0.0015

;; case: below 1e-3: %g, plain notation down to 1e-4
;; 0.00099 -> "0.00099"; 0.0001234 -> "0.0001234"; 0.000123456789 -> "0.000123457"
(print 0.00099 0.0001234 0.000123456789)
;; => 0.00099 0.0001234 0.000123457

;; case: below 1e-4: %g's exponent form
;; 1e-5 -> "1e-05"; 1.234567e-7 -> "1.23457e-07"; 1e-300 -> "1e-300"
(print 1e-5 1.234567e-7 -2.5e-7 1e-300)
;; => 1e-05 1.23457e-07 -2.5e-07 1e-300

;; case: not-a-number and the infinities
(print (/ 0 0) (/ 1 0) (/ -1 0))
;; => Nan Inf -Inf

;; case: inside lists, as everywhere
(print (list 0.5 (/ 1 3) 1e20))
;; => (0.5 0.3333 1e+20)

;; case: str and pname give the same text
(print (str (/ 1 3)) (pname 1e20) (str 2.0))
;; => "0.3333" "1e+20" "2"

;; case: printf %l prints as print
(printf "%l %l\n" (/ 1 3) 1e-5)
;; => 0.3333 1e-05

;; case: a bare %f, %e or %g prints as print (Lush's printf)
;; 0.5 -> "0.5", not "0.500000"; 1e20 with %e -> "1e+20"
(printf "%f %e %g\n" 0.5 1e20 (/ 1 3))
;; => 0.5 1e+20 0.3333

;; case: a bare %d prints the integer part, truncated toward zero
(printf "%d %d %d %d\n" 2.7 -2.7 -0.5 12345678901)
;; => 2 -2 0 1.23457e+10

;; case: with a width or a precision, printf is C's
(printf "[%5.2f] [%.2e] [%.3g] [%4d]\n" 0.5 0.5 (/ 1 3) 7)
;; => [ 0.50] [5.00e-01] [0.333] [   7]

;; case: array elements print as numbers do
(print [0.5 0.3333333 1e20 100])
;; => [0.5 0.3333 1e+20 100]

;; case: printing loses digits, as in Lush: reading back gives 0.3333
(print (= (val (str (/ 1 3))) 0.3333) (= (val (str (/ 1 3))) (/ 1 3)))
;; => t ()
