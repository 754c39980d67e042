;; Arrays: views that share storage.

;; case: idx-select removes a dimension and shares storage
(setq m [[1 2 3][4 5 6]])
(setq r (idx-select m 0 1))
(print r)
(r 0 40)
(print m)
(print (idx-select m 1 -1))
;; => [4 5 6]
;; [[1 2 3][40 5 6]]
;; [3 6]

;; case: idx-narrow keeps a range of one dimension
(setq m [[1 2 3][4 5 6]])
(setq n (idx-narrow m 1 2 1))
(print n)
(n 0 0 0)
(print m)
;; => [[2 3][5 6]]
;; [[1 0 3][4 5 6]]

;; case: idx-unfold makes overlapping windows
(setq v [1 2 3 4 5])
(print (idx-unfold v 0 3 1))
(print (idx-unfold v 0 2 2))
;; => [[1 2 3][2 3 4][3 4 5]]
;; [[1 2][3 4]]

;; case: idx-transpose swaps dimensions
(setq m [[1 2 3][4 5 6]])
(setq t2 (idx-transpose m 0 1))
(print t2)
(t2 2 0 30)
(print m)
(print (idx-dim (idx-transpose (matrix 2 3 4) '(2 0 1))))
;; => [[1 4][2 5][3 6]]
;; [[1 2 30][4 5 6]]
;; (4 2 3)

;; case: idx-reshape views contiguous elements with new dims
(setq m [[1 2 3][4 5 6]])
(setq r (idx-reshape m 3 2))
(print r)
(r 0 0 10)
(print (m 0 0))
;; => [[1 2][3 4][5 6]]
;; 10

;; case: idx-reshape of a non-contiguous view is an error
(idx-reshape (idx-transpose [[1 2][3 4]] 0 1) 4)
;; error: domain

;; case: idx-reshape with another number of elements is a shape error
(idx-reshape [1 2 3] 2 2)
;; error: shape

;; case: submatrix takes inclusive ranges; a single index selects its plane (the dimension goes, as in Lush 1), a fraction truncated
(setq m [[1 2 3][4 5 6][7 8 9]])
(print (submatrix m '(1 2) '(0 1)))
(print (submatrix m () 2))
(print (submatrix m 1.7 ()))
(print (submatrix m 2 1))
;; => [[4 5][7 8]]
;; [3 6 9]
;; [4 5 6]
;; [@ 8]

;; case: selecting a missing dimension is an error
(idx-select [1 2] 1 0)
;; error: index

;; case: idx-narrow outside the dimension is an error
(idx-narrow [1 2 3] 0 3 1)
;; error: index
