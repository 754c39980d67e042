;; net-lenet5.lsp -- LeNet-5 (LeCun, Bottou, Bengio and Haffner, 1998)
;; assembled from modules, as Lush's net-lenet5.lsh.
;;
;;   (libload "net-lenet5")          ; or (libload "lenet"), which loads it
;;   (setq net (lenet5 1))           ; 60 000 parameters, 340 908 connections
;;   (setq net (lenet5 1 'torch))    ; full C3 and softmax cross-entropy
;;
;; 32x32 input -> C1: 6 maps 28x28 (5x5 kernels) -> S2: 6 maps 14x14
;; (2x2 subsampling) -> C3: 16 maps 10x10 reading the S2 maps of the table
;; below -> S4: 16 maps 5x5 -> C5: 120 maps 1x1 -> F6: 84 units -> output:
;; 10 Euclidean RBF units with fixed +-1 codes (the paper) or 10 full
;; units and softmax cross-entropy (the torch variant). Every layer but
;; the output is followed by the scaled tanh 1.7159 tanh(2x/3).

;; Table I of the paper: for each of the 16 C3 maps, the S2 maps it reads.
(setq lenet5-c3-rows
      '((0 1 2) (1 2 3) (2 3 4) (3 4 5) (0 4 5) (0 1 5)
        (0 1 2 3) (1 2 3 4) (2 3 4 5) (0 3 4 5) (0 1 4 5) (0 1 2 5)
        (0 1 3 4) (1 2 4 5) (0 2 3 5)
        (0 1 2 3 4 5)))

#? (rows-table rows) the (input output) pairs of a connection table given
#? as, for each output map in order, the list of input maps it reads.
(de rows-table (rows)
  (let ((pairs ()) (o 0))
    (each ((ins rows))
      (each ((i ins)) (setq pairs (cons (list i o) pairs)))
      (incr o))
    (reverse pairs)))

#? (lenet5-c3-table) LeNet-5's C3 connection table (Table I of the 1998
#? paper: 60 kernels from the 6 S2 maps to the 16 C3 maps) as (input
#? output) pairs, for new-conv.
(de lenet5-c3-table () (rows-table lenet5-c3-rows))

#? (lenet5-modules param sparse-c3 head) LeNet-5's module sequence on param:
#? the paper's C3 table when sparse-c3 is true (else all 96 kernels), and
#? head rbf (84 -> 10 RBF with the +-1 codes) or full (84 -> 10 full).
(de lenet5-modules (p sparse-c3 head)
  (new-seq p
           (new-conv p 1 6 5 5) (new-stanh)
           (new-subsample p 6 2) (new-stanh)
           (new-conv p 6 16 5 5 1 (if sparse-c3 (lenet5-c3-table) ())) (new-stanh)
           (new-subsample p 16 2) (new-stanh)
           (new-conv p 16 120 5 5) (new-stanh)
           (new-full p 120 84) (new-stanh)
           (if (eq head 'rbf) (new-rbf 84 10) (new-full p 84 10))))

#? (lenet5 [seed variant]) LeNet-5 on 32x32 inputs, its parameters drawn
#? by (==> net forget seed) (seed 1 unless given). Variant paper (the
#? default): the 1998 network, C3 table, RBF outputs with fixed +-1 codes
#? and the energy of the right class as cost (60 000 parameters, 340 908
#? connections). Variant torch: all 96 C3 kernels, a full 84 -> 10 output
#? layer and softmax cross-entropy, as the PyTorch reference.
(de lenet5 (&optional seed variant)
  (let* ((v (cond ((not variant) "paper")
                  ((stringp variant) variant)
                  (t (pname variant))))
         (paper (= v "paper"))
         (p (new-param))
         (net ()))
    (unless (or paper (= v "torch"))
      (error 'lenet5 "unknown variant (paper, torch)" variant))
    (setq net (new-net p
                       (lenet5-modules p paper (if paper 'rbf 'full))
                       (new-cost (if paper 'rbf 'softmax-ce) 10)
                       '(1 32 32) 'lenet5))
    (==> net forget (or seed 1))
    net))
