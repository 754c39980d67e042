;; Lush 1's matrix and list functions that SN2.8's libraries call
;; (compat.lsh, classify.c, at.c, calls.c, fileio.c).

;; case: mean-mat, sdev-mat (Lush 1: the variance), sup-mat, inf-mat
(setq m [[1 2][3 6]])
(print (mean-mat m) (sdev-mat m) (sup-mat m) (inf-mat m))
(print (sdev-mat [4 4 4]))
;; => 3 3.5 6 1
;; 0

;; case: mean-mat and sdev-mat of an empty matrix are NaN (0/0, as in Lush)
(print (mean-mat (matrix 0)) (sdev-mat (matrix 0)))
;; => Nan Nan

;; case: m+c and m*c into a fresh matrix or the third argument
(setq m [1 2 3])
(print (m+c m 1) (m*c m -2) m)
(setq out (matrix 3))
(m+c m 0.5 out)
(print out)
;; => [2 3 4] [-2 -4 -6] [1 2 3]
;; [1.5 2.5 3.5]

;; case: m+m, m-m, m/m element-wise; m/m's fourth argument replaces a division by zero
(print (m+m [1 2] [10 20]) (m-m [1 2] [10 20]) (m/m [1 6] [2 3]))
(print (m/m [1 6] [0 3] () -1) (m/m [1 6] [0 3] () t))
;; => [11 22] [-9 -18] [0.5 2]
;; [-1 2] [1 2]

;; case: m+m of different dims is an error
(m+m [1 2] [1 2 3])
;; error: shape

;; case: m*m: matrix product, matrix times vector, scaling, outer product
(print (m*m [[1 2][3 4]] [[0 1][1 0]]))
(print (m*m [[1 2][3 4]] [1 1]))
(print (m*m [1 2] [3]) (m*m [1 2] [[1 10]]))
;; => [[2 1][4 3]]
;; [3 7]
;; [3 6] [[1 10][2 20]]

;; case: m*m of two vectors of more than one element is an error
(m*m [1 2] [3 4])
;; error: shape

;; case: idx-f1dotc and idx-f1dotcacc (out = c.m, out += c.m)
(setq w [1 2])
(idx-f1dotc w 0.5 w)
(print w)
(idx-f1dotcacc [2 2] 3 w)
(print w)
;; => [0.5 1]
;; [6.5 7]

;; case: copy-any-matrix copies across dims with as many elements
(setq g (double-array 2 2))
(copy-any-matrix [1 2 3 4] g)
(print g (copy-any-matrix [5 6]))
;; => [[1 2][3 4]] [5 6]

;; case: copy-any-matrix into fewer elements is an error
(copy-any-matrix [1 2 3] (matrix 2))
;; error: shape

;; case: mrep-dim repeats a matrix along a new dimension
(print (mrep-dim [1 2] 0 3))
(print (mrep-dim [1 2] 1 2))
;; => [[1 2][1 2][1 2]]
;; [[1 1][2 2]]

;; case: double-array, copy-array, transpose, nan and moccur
(print (double-array 2 3) (transpose [1 2]) (transpose [[1 2][3 4]]))
(setq z (copy-array [1 5 1]))
(moccur z 1 0)
(print z)
(setq z [0 0])
(z 0 (nan))
(moccur z (nan) 7)
(print z)
;; => [[0 0 0][0 0 0]] [[1 2]] [[1 3][2 4]]
;; [0 5 0]
;; [7 0]

;; case: index-print prints the elements on one line
(index-print [1.5 2 -3])
(printf "|\n")
;; => 1.5 2 -3|

;; case: flatten, mean, sdev, makelist
(print (flatten '(1 (2 (3 ()) (4 . 5)) 6)))
(print (mean '(1 2 3 6)) (sdev '(1 3)))
(print (makelist 3 'a) (makelist 0 1))
;; => (1 2 3 4 5 6)
;; 3 1
;; (a a a) ()

;; case: mean of an empty list is an error
(mean ())
;; error: domain

;; case: concat-fname joins and cleans file names
(print (concat-fname "/a/b" "../c/./d") (concat-fname "/x" "/y/z"))
(print (stringp lushdir))
;; => "/a/c/d" "/y/z"
;; t

;; case: sup, inf and find-interval take a matrix as the list of its elements
(print (sup [1 7 3]) (inf [[4 2][5 9]]) (find-interval [1 7 3 7] 7))
;; => 7 2 (1 3)

;; case: each goes over a vector's elements and a matrix's rows
(each ((x [1 2])) (print x))
(each ((r [[1 2][3 4]])) (print r))
;; => 1
;; 2
;; [1 2]
;; [3 4]

;; case: an array subscript is truncated, a list stored into a view
(setq v [0 0 0])
(v 1.9 5)
(print v)
(setq mm (matrix 2 3))
(mm 1 () '(1 2))
(print mm)
;; => [0 5 0]
;; [[0 0 0][1 2 0]]

;; case: array-copy across dims with as many elements
(setq g (matrix 2 2))
(array-copy [1 2 3 4] g)
(print g)
;; => [[1 2][3 4]]
