;; net-reader.lsp -- the recognizer of the amount reader (LeCun, Bottou,
;; Bengio and Haffner 1998, sections VII and X) as one module sequence
;; that reads a 32x32 character and, unchanged and with the same
;; parameters, a whole field 32 pixels high: a space-displacement net.
;;
;;   (libload "net-reader")
;;   (setq net (reader-net 1 10))          ; train on 32x32 characters
;;   (setq sdnn (reader-sdnn net 10))      ; the same weights, any width
;;   (==> sdnn fprop field out)            ; field (1 1 32 w): out (1 10 1 n)
;;
;; LeNet-5 made convolutional in width: C1 6 maps (5x5), S2 (2x2
;; subsampling), C3 16 maps (5x5; all 96 kernels, or the paper's table of
;; 60), S4, C5 120 maps (5x5), then F6 (84) and the output (classes) as
;; 1x1 convolutions instead of full layers, each layer but the output
;; followed by the scaled tanh 1.7159 tanh(2x/3), and new-logsoftmax over
;; the classes. On 32x32 the output is (classes 1 1): log-probabilities.
;; On a field of width 32 + 4k it is (classes 1 k+1): column t is exactly
;; the output on the 32x32 window starting at pixel column 4t (the layers
;; step by 1, 2, 1, 2, 1, 1: one output every 4 pixels), and the
;; penalties of the classes for a graph transformer are minus those.
;;
;; Training on isolated characters: reader-net puts the sequence, its
;; log-softmax included, into new-net with the softmax-ce cost, which reads
;; the (classes 1 1) output as (classes). Softmax-ce applies a softmax
;; itself; a softmax of log-probabilities gives the same probabilities
;; back (log-softmax of y is y when y is already a log-softmax), so the
;; cost is exactly the negative log-likelihood of the right class and its
;; gradient into the sequence's output is exactly p - t, as if the cost
;; read the log-softmax directly. The network thus trains the very
;; sequence that later runs over fields.

(libload "net-lenet5")

#? (reader-modules p classes [paper-c3 widths]) the recognizer's module
#? sequence on param p: LeNet-5 with 1x1-convolution F6 (84 maps) and
#? output (classes maps), scaled tanh after every layer but the output,
#? then new-logsoftmax. C3 has all 96 kernels, or the paper's table of 60
#? when paper-c3 is true. widths, a list (c1 c3 c5 f6), gives other
#? numbers of maps than LeNet-5's (6 16 120 84) (the table needs those).
#? It reads (batch 1 32 w) for any w >= 32 and gives (batch classes 1
#? (w-32)/4+1) log-probabilities; w = 32 gives one.
(de reader-modules (p classes &optional paper-c3 widths)
  (let ((w (or widths '(6 16 120 84))))
    (unless (and (consp w) (= (length w) 4) (reader-counts-p w))
      (error (quote reader-modules) "widths is a list (c1 c3 c5 f6) of 4 numbers of maps, each 1 or more" widths))
    (when (and paper-c3 widths (not (= widths '(6 16 120 84))))
      (error (quote reader-modules) "the paper's C3 table needs LeNet-5's widths" widths))
    (let ((c1 (nth 0 w)) (c3 (nth 1 w)) (c5 (nth 2 w)) (f6 (nth 3 w)))
      (new-seq p
               (new-conv p 1 c1 5 5) (new-stanh)
               (new-subsample p c1 2) (new-stanh)
               (new-conv p c1 c3 5 5 1 (if paper-c3 (lenet5-c3-table) ())) (new-stanh)
               (new-subsample p c3 2) (new-stanh)
               (new-conv p c3 c5 5 5) (new-stanh)
               (new-conv p c5 f6 1 1) (new-stanh)
               (new-conv p f6 classes 1 1)
               (new-logsoftmax)))))

;; True when every element of the list l is a whole number, 1 or more.
(de reader-counts-p (l)
  (cond ((not l) t)
        ((and (numberp (car l)) (>= (car l) 1) (= (car l) (int (car l))))
         (reader-counts-p (cdr l)))
        (t ())))

#? (reader-net seed classes [paper-c3 widths]) the recognizer as a network
#? for training on isolated 32x32 characters: (reader-modules p classes
#? paper-c3 widths) with the softmax-ce cost over its (classes 1 1)
#? output, parameters drawn by (==> net forget seed). Train it with
#? train-net or the trainer's methods; reader-sdnn then gives its sequence
#? for fields.
(de reader-net (seed classes &optional paper-c3 widths)
  (let* ((p (new-param))
         (net (new-net p (reader-modules p classes paper-c3 widths)
                       (new-cost 'softmax-ce classes) '(1 32 32) 'reader)))
    (==> net forget (or seed 1))
    net))

#? (reader-sdnn net classes [paper-c3 p widths]) the recognizer's module
#? sequence with the weights of net (made by reader-net with the same
#? classes, paper-c3 and widths), copied into param p (default: a fresh
#? param; give your own to reach its x, dx and ddx when training the
#? sequence on fields): it runs on fields (batch 1 32 w) as a
#? space-displacement net.
(de reader-sdnn (net classes &optional paper-c3 p widths)
  (let* ((p (or p (new-param)))
         (m (reader-modules p classes paper-c3 widths)))
    (array-copy (==> net weights) (==> p x))
    m))

#? (reader-columns w) the number of output vectors of the recognizer on a
#? field w pixels wide: one every 4 pixels, (w - 32)/4 + 1 (w >= 32).
(de reader-columns (w) (+ 1 (div (- w 32) 4)))
