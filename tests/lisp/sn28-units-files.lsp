;; case: weights and their fields to and from vectors
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 1))
(connect a b)
(connect 0 b)
(matrix-to-weight [0.5 -1.5 0.25])
(print (weight-to-matrix) (sval 1 3) (sval 0 3))
(setq m (matrix 3))
(print (eq m (weight-to-matrix m)) m)
(matrix-to-acc [1 2 3]) (matrix-to-delta [4 5 6]) (matrix-to-hess [7 8 9])
(print (acc-to-matrix) (delta-to-matrix) (hess-to-matrix) (sacc 2 3) (sdelta 2 3) (shess 2 3))
;; => [0.5 -1.5 0.25] 0.5 0.25
;; t [0.5 -1.5 0.25]
;; [1 2 3] [4 5 6] [7 8 9] 2 5 8

;; case: a vector of the wrong size is a shape error
(alloc-net 10 20)
(connect (newneurons 2) (newneurons 1))
(matrix-to-weight [1 2 3])
;; error: shape

;; case: SN2.8 record files: binary and text, cells renumbered, age kept
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 1))
(connect a b)
(connect 0 b)
(matrix-to-weight [0.5 -1.5 0.25])
(setq f (concat test-dir "/w1.wei") age 5)
(print (equal f (save-net/merge f '(1 2) 3)) (merge-net f))
(matrix-to-weight [0 0 0])
(setq age 0)
(print (equal f (merge-net f '(1 2) 3)) (weight-to-matrix) age)
(setq f2 (concat test-dir "/w2.wei"))
(save-ascii-net/merge f2 '(1 2 3))
(print (merge-net f2))
(matrix-to-weight [0 0 0])
(merge-net f2 '(2 1 3))
(print (weight-to-matrix))
;; => t 3
;; t [0.5 -1.5 0.25] 5
;; 3
;; [-1.5 0.5 0.25]

;; case: merge-net says () for a file that is not an SN2.8 record file
(alloc-net 10 20)
(setq f (concat test-dir "/x.txt"))
(writing f (print 1 2 3))
(print (merge-net f))
;; => ()

;; case: merging into a net without the connections is an error
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 1))
(connect a b)
(setq f (concat test-dir "/w.wei"))
(save-net/merge f a b)
(alloc-net 10 20)
(newneurons 3)
(connect 1 3)
(merge-net f '(1 2 3))
;; error: format

;; case: save-net and load-net of netenv use SN2.8's files
(libload "netenv")
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 2))
(connect a b)
(matrix-to-weight [0.5 -1 0 2])
(setq f (concat test-dir "/w3.wei"))
(save-net f)
(matrix-to-weight [0 0 0 0])
(load-net f)
(print (weight-to-matrix) (bound (load-matrix f)))
(save-net/merge f a b)
(matrix-to-weight [0 0 0 0])
(load-net f)
(print (weight-to-matrix))
;; => [0.5 -1 0 2] (4)
;; [0.5 -1 0 2]

;; case: cut-connection zeroes a weight no connection uses
(alloc-net 10 20)
(setq a (newneurons 2) b (newneurons 1))
(connect a b)
(matrix-to-weight [0.5 -1.5])
(cut-connection 1 3)
(print (weight-to-matrix) snum (sval 1 3))
;; => [0 -1.5] 1 ()

;; case: connect of two lists numbers the weights source by source, as SN2.8; dup-connection of lists shares them the same way
(alloc-net 20 20)
(setq a (newneurons 2) b (newneurons 2) c (newneurons 2) d (newneurons 2))
(connect a b)
(matrix-to-weight [1 2 3 4])
(print (sval 1 3) (sval 1 4) (sval 2 3) (sval 2 4))
(dup-connection a b c d)
(print snum wnum (sval 5 7) (sval 5 8) (sval 6 7) (sval 6 8))
;; => 1 2 3 4
;; 8 4 1 2 3 4

;; case: dup-connection with a value averages it into the shared weight
(alloc-net 20 20)
(newneurons 8)
(connect 1 3 1)
(dup-connection 1 3 5 7)
(dup-connection 1 3 7 3 5)
(print (sval 1 3) (sval 7 3) (scounter 1 3))
(dup-connection 1 3 8 3 0 0.25)
(print (sval 1 3) (sepsilon 8 3))
;; => 2.3333 2.3333 3
;; 1.75 0.25

