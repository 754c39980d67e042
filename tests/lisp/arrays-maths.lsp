;; Arrays: maths with optional output arrays.

;; case: element-wise operations
(setq a [[1 2][3 4]])
(setq b [[4 3][2 1]])
(print (idx-add a b))
(print (idx-sub a b))
(print (idx-mul a b))
(print (idx-div a [[2 4][6 8]]))
;; => [[5 5][5 5]]
;; [[-3 -1][1 3]]
;; [[4 6][6 4]]
;; [[0.5 0.5][0.5 0.5]]

;; case: a number as second operand
(print (idx-add [1 2] 10))
(print (idx-mul [1 2] -2))
(print (idx-addm0 [1 2] 1))
(print (idx-dotm0 [1 2] 3))
;; => [11 12]
;; [-2 -4]
;; [2 3]
;; [3 6]

;; case: unary operations
(print (idx-abs [-1 2 -3]))
(print (idx-tanh [0]))
(print (idx-clip [-5 0 5] -1 2))
(print (idx-minus [1 -2]))
(print (idx-sqr [3 -2]))
;; => [1 2 3]
;; [0]
;; [-1 0 2]
;; [-1 2]
;; [9 4]

;; case: an output array is written and returned
(setq o (matrix 2))
(setq r (idx-add [1 2] [3 4] o))
(print o)
(print (eq r o))
;; => [4 6]
;; t

;; case: accumulate in place
(setq acc [1 1 1])
(idx-add acc [1 2 3] acc)
(idx-add acc [1 2 3] acc)
(print acc)
;; => [3 5 7]

;; case: reductions
(setq m [[3 -1 4][1 -5 9]])
(print (idx-sum m))
(print (idx-sup m))
(print (idx-inf m))
(print (idx-indexmax [2 7 7 1]))
(print (idx-dotm1 [1 2 3] [4 5 6]))
;; => 11
;; 9
;; -5
;; 1
;; 32

;; case: a reduction into a 0-dimensional output
(setq s (matrix))
(idx-sum [1 2 3] s)
(print s)
;; => [@ 6]

;; case: matrix products
(print (idx-m2timesm2 [[1 2 3][4 5 6]] [[7 8][9 10][11 12]]))
(print (idx-m2dotm1 [[1 2 3][4 5 6]] [1 0 -1]))
(print (idx-m1extm1 [1 2] [3 4]))
(print (dot-product [1 2] [3 4]))
;; => [[58 64][139 154]]
;; [-2 -2]
;; [[3 4][6 8]]
;; 11

;; case: a product with a transposed view
(setq a [[1 2][3 4]])
(print (idx-m2timesm2 (idx-transpose a 0 1) a))
;; => [[10 14][14 20]]

;; case: shape mismatch names the operation and both shapes
(idx-add [1 2] [1 2 3])
;; error: shape

;; case: matrix product with mismatched inner dims
(idx-m2timesm2 (matrix 2 3) (matrix 2 3))
;; error: shape

;; case: matrix product of a vector is a shape error
(idx-m2timesm2 (matrix 2 3) (matrix 3))
;; error: shape

;; case: output of the wrong shape
(idx-add [1 2] [3 4] (matrix 3))
;; error: shape

;; case: reductions of an empty array
(idx-sup (matrix 0))
;; error: domain

;; case: non-array argument is a type error
(idx-add 1 [1 2])
;; error: type
