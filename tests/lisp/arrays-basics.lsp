;; Arrays: literals, construction, calling arrays to read and write.

;; case: literals print readably
(print [[1 2][3 4]])
(print [0.5 -1.25 3])
;; => [[1 2][3 4]]
;; [0.5 -1.25 3]

;; case: matrix is zero-filled with the given dims
(setq m (matrix 2 3))
(print m)
(print (idx-dim m))
(print (idx-ndim m))
;; => [[0 0 0][0 0 0]]
;; (2 3)
;; 2

;; case: float-matrix and a 0-dimensional array
(print (float-matrix 3))
(print (matrix))
;; => [0 0 0]
;; [@ 0]

;; case: calling an array reads, with one more argument writes and returns it
(setq m (matrix 2 3))
(print (m 1 2 5))
(print (m 1 2))
;; => [[0 0 0][0 0 5]]
;; 5

;; case: negative subscripts count from the end
(setq v [10 20 30])
(print (v -1))
(print (v -3))
(v -2 7)
(print v)
;; => 30
;; 10
;; [10 7 30]

;; case: () as a subscript gives a view sharing storage
(setq m [[1 2 3][4 5 6]])
(setq col (m () 2))
(print col)
(col 0 30)
(print m)
(print (m 1 ()))
;; => [3 6]
;; [[1 2 30][4 5 6]]
;; [4 5 6]

;; case: writing a number through () fills the view
(setq m (matrix 2 2))
(m () 1 9)
(print m)
;; => [[0 9][0 9]]

;; case: a literal is a fresh array each time it is read
(de fresh () [1 2])
(setq a (fresh))
(a 0 5)
(print (fresh))
;; => [5 2]

;; case: out of range subscript is an index error
(setq m (matrix 2 2))
(m 2 0)
;; error: index

;; case: too negative subscript is an index error
([1 2 3] -4)
;; error: index

;; case: wrong number of subscripts is a shape error
((matrix 2 2) 1)
;; error: shape

;; case: a fractional subscript is truncated (Lush 1's index_ref); a string is a type error
(print ([1 2 3] 1.5))
;; => 2

;; case: a non-number subscript is a type error
([1 2 3] "1")
;; error: type

;; case: an array too large for memory is an error, not an abort
(matrix 100000 100000 100000)
;; error: domain

;; case: more than 8 dimensions is an error
(matrix 1 1 1 1 1 1 1 1 1)
;; error: domain

;; case: array-copy is a fresh copy
(setq a [1 2 3])
(setq b (array-copy a))
(b 0 9)
(print a)
(print b)
;; => [1 2 3]
;; [9 2 3]

;; case: array-fill and idx-clear return their argument
(print (array-fill (matrix 2) 4))
(print (idx-clear [1 2]))
;; => [4 4]
;; [0 0]

;; case: array-rand uses the seeded generator
(seed 7)
(setq a (array-rand (matrix 5) -1 1))
(seed 7)
(setq b (array-rand (matrix 5) -1 1))
(print (equal a b))
(print (and (<= -1 (idx-inf a)) (< (idx-sup a) 1)))
;; => t
;; t

;; case: equal compares values, eq identity
(setq a [1 2])
(print (equal a [1 2]))
(print (eq a [1 2]))
(print (eq a a))
;; => t
;; ()
;; t

;; case: bound gives the sizes, or the last index along a dimension counted from 1, or with 0 the number of dimensions (SN2.8)
(setq m (matrix 4 6))
(print (bound m))
(print (bound m 1))
(print (bound m 2))
(print (bound m 0))
;; => (4 6)
;; 3
;; 5
;; 2

;; case: elements read back as the decimal stored
(setq m (matrix 2))
(m 0 0.1)
(print (m 0))
(print (= (m 0) 0.1))
(print (idx-sup [0.3 0.2]))
;; => 0.1
;; t
;; 0.3

;; case: writing through a call returns the array itself
(setq m (matrix 3))
(print (eq m (m 0 5)) (m 0) (m 1))
(print (eq m (m () 2)) (m 0) (m 1))
;; => t 5 0
;; t 2 2
