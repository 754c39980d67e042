;; net-lenet1.lsp -- LeNet-1 (LeCun et al. 1989/90) assembled from modules.
;;
;;   (libload "net-lenet1")          ; or (libload "lenet"), which loads it
;;   (setq net (lenet1 1))           ; 2 578 parameters
;;
;; 28x28 input -> 4 maps 24x24 (5x5 kernels) -> 4 maps 12x12 (2x2
;; subsampling) -> 12 maps 8x8 (5x5 kernels, 20 of them: the table below)
;; -> 12 maps 4x4 -> 10 full outputs; scaled tanh after every layer,
;; squared error to +-1 targets.

;; The second convolution: (input output) map pairs. Maps 0-3 each read
;; one first-level map, maps 4-11 read two.
(setq lenet1-table
      '((0 0) (1 1) (2 2) (3 3) (0 4) (1 4) (1 5) (2 5) (2 6) (3 6)
        (0 7) (3 7) (0 8) (2 8) (1 9) (3 9) (0 10) (1 10) (2 11) (3 11)))

#? (lenet1 [seed]) LeNet-1 on 28x28 inputs (2 578 parameters), its
#? parameters drawn by (==> net forget seed) (seed 1 unless given).
(de lenet1 (&optional seed)
  (let* ((p (new-param))
         (seq (new-seq p
                       (new-conv p 1 4 5 5) (new-stanh)
                       (new-subsample p 4 2) (new-stanh)
                       (new-conv p 4 12 5 5 1 lenet1-table) (new-stanh)
                       (new-subsample p 12 2) (new-stanh)
                       (new-full p 192 10) (new-stanh)))
         (net (new-net p seq (new-cost 'sqerr 10) '(1 28 28) 'lenet1)))
    (==> net forget (or seed 1))
    net))
