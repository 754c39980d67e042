;; Arrays: the embedded MNIST library and image preprocessing.

;; case: images and labels of both parts
(libload "mnist")
(print (idx-dim (mnist-images "train")) (idx-dim (mnist-labels "train")))
(print (idx-dim (mnist-images "test")) (idx-dim (mnist-labels "test")))
;; => (8000 28 28) (8000)
;; (2000 28 28) (2000)

;; case: every label is a digit and every digit occurs
(libload "mnist")
(setq labs (mnist-labels "test"))
(setq counts (matrix 10))
(for (i 0 (bound labs 1)) (counts (labs i) (+ 1 (counts (labs i)))))
(print (idx-sum counts))
(print (> (idx-inf counts) 100))
;; => 2000
;; t

;; case: an unknown part is an error
(libload "mnist")
(mnist-images "validation")
;; error: user

;; case: LeNet format is 32x32 between -0.1 and 1.175
(libload "mnist")
(setq img (mnist-prepare (idx-select (mnist-images "test") 0 0) 'lenet))
(print (idx-dim img))
(printf "%.3f %.3f\n" (idx-inf img) (idx-sup img))
(print (img 0 0) (img 31 31))
;; => (32 32)
;; -0.100 1.175
;; -0.1 -0.1

;; case: 1989 format is 16x16 of +-1
(libload "mnist")
(setq img (mnist-prepare (idx-select (mnist-images "test") 0 0) 'bin16))
(print (idx-dim img))
(print (idx-sum (idx-abs img)))
;; => (16 16)
;; 256

;; case: pattern and desired matrices in the SN2.8 layout
(libload "mnist")
(setq pd (mnist-patterns "train" 20 'scaled16))
(print (idx-dim (car pd)) (idx-dim (cadr pd)) (idx-dim (caddr pd)))
(setq des (cadr pd))
(print (idx-sum des))
(print (= (idx-indexmax (idx-select des 0 7)) ((caddr pd) 7)))
;; => (20 256) (20 10) (20)
;; -160
;; t

;; case: random distortions are reproducible with the seed
(libload "mnist")
(setq img (idx-select (mnist-images "test") 0 3))
(seed 11)
(setq a (mnist-distort img))
(setq a2 (mnist-shift img 3))
(seed 11)
(setq b (mnist-distort img))
(setq b2 (mnist-shift img 3))
(print (equal a b) (equal a2 b2) (equal a img))
;; => t t ()

;; case: image operations by hand
(print (image-pad [[1 2][3 4]] 4 4 -1))
(print (image-downsample [[0 1 2 3][4 5 6 7][8 9 10 11][12 13 14 15]] 2 2))
(print (image-shift [[1 2 3][4 5 6]] 0 1))
(print (image-binarize [-2 0 3]))
(print (image-affine [[1 2 3][4 5 6][7 8 9]] 0 1 -1 0))
;; => [[-1 -1 -1 -1][-1 1 2 -1][-1 3 4 -1][-1 -1 -1 -1]]
;; [[2.5 4.5][10.5 12.5]]
;; [[0 1 2][0 4 5]]
;; [-1 -1 1]
;; [[3 6 9][2 5 8][1 4 7]]

;; case: downsampling to a larger size is an error
(image-downsample (matrix 4 4) 8 8)
;; error: domain

;; case: image operations want 2-D arrays
(image-pad [1 2 3] 5 5)
;; error: shape
