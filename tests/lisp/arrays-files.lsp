;; Arrays: matrix files.

;; case: SN float round trip
(setq f (concat test-dir "/sn-arrays-golden.mat"))
(save-matrix [[1 2.5][-3 4]] f)
(print (load-matrix f))
;; => [[1 2.5][-3 4]]

;; case: round trips of every format
(setq m [[1 -2 3][4 5 -6]])
(setq base (concat test-dir "/sn-arrays-golden"))
(mapc (lambda (fmt)
        (let ((f (concat base "-" fmt)))
          (save-matrix m f fmt)
          (print (list fmt (equal (load-matrix f) m)))))
      '("float" "double" "int" "short" "packed" "idx-byte" "idx-short" "idx-int" "idx-float" "idx-double" "ascii"))
;; => ("float" t)
;; ("double" t)
;; ("int" t)
;; ("short" t)
;; ("packed" t)
;; ("idx-byte" t)
;; ("idx-short" t)
;; ("idx-int" t)
;; ("idx-float" t)
;; ("idx-double" t)
;; ("ascii" t)

;; case: gzip-compressed IDX ubyte
(setq f (concat test-dir "/sn-arrays-golden-idx1-ubyte.gz"))
(save-matrix [0 128 255] f)
(print (load-matrix f))
;; => [0 128 255]

;; case: load-matrix with a symbol also sets it
(setq f (concat test-dir "/sn-arrays-golden.mat"))
(save-matrix [7 8] f)
(load-matrix loaded f)
(print loaded)
;; => [7 8]

;; case: the embedded MNIST training images
(setq m (load-matrix (concat sn-home "/data/mnist/train-images-idx3-ubyte.gz")))
(print (idx-dim m))
(print (idx-sup m))
;; => (8000 28 28)
;; 255

;; case: a missing file is an io error
(load-matrix "/nonexistent/sn/file.mat")
;; error: io

;; case: a file that is not a matrix is a format error
(setq f (concat test-dir "/sn-arrays-golden.txt"))
(save-matrix [1 2] f "ascii")
(load-matrix (concat sn-home "/data/README.md"))
;; error: format

;; case: an unknown format name is a domain error
(save-matrix [1 2] (concat test-dir "/sn-arrays-golden-x.mat") "quaternion")
;; error: domain
