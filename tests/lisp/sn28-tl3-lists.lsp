;; TL3/Lush 1 functions that SN2.8's own netenv.sn, connect.sn and
;; knnenv.sn call: list functions, classify.c's statistics and distances,
;; dotted calls, error with a function name, file suffixes, classp, ogre.

;; case: lasta is the last element; () for ()
(print (lasta '(1 2 3)) (lasta ()) (lasta '(a)))
;; => 3 () a

;; case: lasta of a non-list is a type error
(lasta 3)
;; error: type

;; case: tab pads the output to a column and returns the column
(printf "ab")
(tab 6)
(printf "|")
(print (tab))
(print (tab))
;; => ab    |7
;; 0

;; case: sort-list sorts with comp as Lush 1 (x after y when (comp x y))
(print (sort-list '(3 1 4 1 5 9 2 6) >) (sort-list '(3 1 4 1 5 9 2 6) <) (sort-list () <))
;; => (1 1 2 3 4 5 6 9) (9 6 5 4 3 2 1 1) ()

;; case: a dotted call passes the elements of its evaluated tail as arguments
(setq l '(3 4))
(de f (a b . r) (list a b r))
(print (list 1 2 . l) (f 1 . l) (+ 1 . l))
;; => (1 2 3 4) (1 3 (4)) 8

;; case: error with a function name and a culprit (three arguments)
(error 'perf "too many arguments" '(1 2 3))
;; error: user

;; case: error with a function name (two arguments, the first a symbol)
(error 'perf "too many arguments")
;; error: user

;; case: mean, sdev, cov, median, ksmallest, quantile, sum
(print (mean '(1 2 3 6)) (sdev '(2 4 4 4 5 5 7 9)) (cov '(1 2 3) '(1 2 3)))
(print (median '(5 1 4 2 3)) (median '(4 1 3 2)) (ksmallest '(5 1 4 2 3) 2) (sum '(1 2 3)))
(print (quantile '(5 1 4 2 3) 0) (quantile '(5 1 4 2 3) 0.5) (quantile '(5 1 4 2 3) 1))
;; => 3 2 0.6667
;; 3 2 2 6
;; 1 3 5

;; case: quantile refuses a fractile outside [0,1]
(quantile '(1 2) 1.5)
;; error: domain

;; case: the distances between two lists, or from a list to zeros
(print (sqr-dist '(1 2 3) '(1 0 1)) (sqr-dist '(3 4)) (abs-dist '(1 -2)) (sup-dist '(1 -5 2) '(0 0 0)))
(print (hamming-dist '(1 2 3) '(1 2 4)) (hamming-dist 0.5 '(1 2 3) '(1.2 2 4)) (hamming-dist '(0 1 0)))
(print (quadrant-dist '(1 -1 0 1) '(0 1 1 1)) (quadrant-dist '(1) '(0)) (quadrant-dist '(0) '(1)))
(print (mean-sqr-dist '(1 2) '(3 2)) (mean-hamming-dist 0.5 '(1 2) '(1 3)))
(print (add-listes '(1 2) '(3 4)) (diff-listes '(1 2) '(3 5)))
;; => 8 25 3 5
;; 1 1 1
;; 2 1 0
;; 2 0.5
;; (4 6) (-2 -3)

;; case: two lists of different lengths are an error
(sqr-dist '(1 2) '(1 2 3))
;; error: domain

;; case: a list with a non-number is a type error
(mean '(1 a))
;; error: type

;; case: open-append and open-write add Lush's suffix to a name without one
(setq d (concat test-dir "/sn-tl3-suffix"))
(writing (open-write d "SNWT@wei") (printf "w"))
(writing (open-append d "perf") (printf "p"))
(writing (open-append d "perf") (printf "q"))
(print (read-file (concat d ".wei")) (read-file (concat d ".perf")))
(delete-file (concat d ".wei"))
(delete-file (concat d ".perf"))
;; => "w" "pq"

;; case: classp tells classes from other values
(defclass tl3-point object (x))
(print (classp tl3-point) (classp 3) (classp (new tl3-point)))
;; => t () ()

;; case: (ogre) defines Ogre's classes, whose construction is an error
(libload "ogre")
(ogre)
(print (classp windowobject) (classp visualobject) (classp yesnorequester))
(new menu "File")
;; => t t t
;; error: user

;; case: rank gives the positions of the numbers within width of a target (classify.c)
(print (rank '(1 2 3 2.5) 2) (rank '(1 2 3 2.5) 2 0.5) (rank '(1 2) 7))
;; => (1) (1 3) ()

;; case: rank wants numbers
(rank '(1 a) 1)
;; error: type
