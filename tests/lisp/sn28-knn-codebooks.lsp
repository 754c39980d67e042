;; SN2.8 knnenv primitives: codebooks, nearest neighbours, k-means, LVQ.

;; case: a codebook on a matrix shares it; labels and splits
(setq m [[0 0][1 0][0 1][5 5][6 5]])
(setq cb (new-codebook m [0 0 0 1 1]))
(print cb (codebook-labels cb) (codebook-label cb 3))
(codebook-label cb 4 2)
(print (codebook-labels cb) (cb 4 0))
(setq s (codebook-split cb 3 4))
(s 0 0 7)
(print s (m 3 0) (codebook-label s 1))
;; => ::CODEBOOK:5x2 (0 1) 1
;; (0 1 2) 6
;; ::CODEBOOK:2x2 7 2

;; case: knn, knn-class and the reject on a tied vote
(setq cb (new-codebook [[0 0][1 0][0 1][5 5][6 5]] [0 0 0 1 2]))
(print (knn [0.9 0.1] cb 1) (knn [0.9 0.1] cb 2))
(print (knn-class [0 0] cb 3) (knn-class [6 5] cb 2))
;; => (1) (1 0)
;; 0 -1

;; case: merge, select, distances
(setq cb (new-codebook [[0 0][1 0][5 5][6 5]] [0 0 1 2]))
(setq s (codebook-split cb 2 3))
(setq z (codebook-merge s (codebook-select (lambda (l) (= l 0)) cb)))
(print z (codebook-labels z) (codebook-distances [0 0] s))
;; => ::CODEBOOK:4x2 (0 1 2) [50 61]

;; case: k-means with the first words as starting references
(setq k (k-means (new-codebook [[0][10][2][12]] [0 0 0 0]) 2))
(print (k 0 0) (k 1 0) (codebook-distorsion k k))
;; => 1 11 0

;; case: a wrong width is a shape error
(knn [1 2 3] (new-codebook 2 2) 1)
;; error: shape

;; case: k below 1 is a domain error
(k-means (new-codebook 2 2) 0)
;; error: domain
