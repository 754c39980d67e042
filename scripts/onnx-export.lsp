;; onnx-export.lsp -- writes ONNX files of sn's networks for an
;; independent check (scripts/check-onnx.sh), with sn's own outputs.
;;
;;   sn scripts/onnx-export.lsp OUTDIR
;;
;; For each net (LeNet-1, LeNet-5 of 1998 with its C3 table and RBF
;; outputs, LeNet-5's PyTorch variant, a 784-30-10 MLP), trained for one
;; pass on 2 000 embedded digits: OUTDIR/NAME.onnx, and the first 100
;; test inputs and sn's outputs for them as IDX float32 files
;; OUTDIR/NAME.in.idx and OUTDIR/NAME.out.idx. Then two units-level
;; (SN2.8) nets written by save-onnx-units, with what forward-prop gives:
;; XOR (2-2-1, trained as examples/xor.sn) on 100 random inputs, and
;; LeCun's 1989 Net-5 (shared 3x3 and 5x5 kernels wrapping around, as
;; examples/digits-1989.lsp), trained 3 passes on 100 embedded digits at
;; 16x16, on those 100 digits; and a net with skip connections and a
;; different nlf per layer (piecewise linear, tanh with a linear term and
;; an offset, threshold, bell) on 100 random inputs.
;;
;; With a second argument FILE.onnx (a model written elsewhere, e.g. by
;; scripts/torch_lenet5_onnx.py), loads it instead, prints its test error
;; on the 2 000 embedded test digits (32x32 inputs) and writes its outputs
;; for the first 100 to FILE.onnx.sn-out.idx.

(libload "lenet")
(libload "netenv")
(libload "mnist")
(setq args (argv))
(unless args (error "onnx-export" "usage: sn scripts/onnx-export.lsp OUTDIR [FILE.onnx]" ()))
(setq outdir (car args))
(seed 1)

;; the first n samples of data set d as one batch
(de batch-of (d n)
  (let* ((x0 (==> d sample 0))
         (b (apply matrix (cons n (idx-dim x0)))))
    (for (i 0 (- n 1))
      (array-copy (==> d sample i) (idx-select b 0 i)))
    b))

(de export-net (name net train test)
  (let ((trainer (new-trainer 16 0.002 0.9))
        (file (concat outdir "/" name)))
    (==> net set-par t)
    (setq train-net-quiet t)
    (train-net net trainer train test 1)
    (==> net save-onnx (concat file ".onnx"))
    (let* ((x (batch-of test 100))
           (y (==> net fprop x)))
      (save-matrix x (concat file ".in.idx") 'idx-float)
      (save-matrix y (concat file ".out.idx") 'idx-float))
    (printf "%s: %s.onnx, test error %.2f%% after one pass\n" name file
            (nth 2 (==> net test test)))))

;; The current units net: forward-prop on each row of xs, then
;; OUTDIR/NAME.onnx, .in.idx (xs) and .out.idx (the output units' states).
(de export-units (name xs)
  (let* ((file (concat outdir "/" name)) (n (idx-dim xs 0))
         (ys (matrix n (length output-layer))))
    (for (i 0 (1- n))
      (get-pattern xs i input-layer)
      (forward-prop net-struc)
      (let ((j 0)) (each ((u output-layer)) (ys i j (nval u)) (incr j))))
    (save-onnx-units (concat file ".onnx"))
    (save-matrix xs (concat file ".in.idx") 'idx-float)
    (save-matrix ys (concat file ".out.idx") 'idx-float)
    (printf "%s: %s.onnx, units level: %d units, %d connections, %d weights\n"
            name file nnum snum wnum)))

(de units-xor ()
  (alloc-net 10 20)
  (build-net '((input 2) (hidden 2) (output 1)) '((input hidden) (hidden output)))
  (setq pattern-matrix (matrix 4 2) desired-matrix (matrix 4 1))
  (for (i 0 3)
    (let ((a (if (>= i 2) 1 -1)) (b (if (= (mod i 2) 1) 1 -1)))
      (pattern-matrix i 0 a) (pattern-matrix i 1 b)
      (desired-matrix i 0 (if (= a b) -1 1))))
  (ensemble 0 3) (set-class-quadrant) (forget 2) (epsi 0.3)
  (writing "/dev/null" (run 100 3))
  (let ((xs (matrix 100 2)))
    (for (i 0 99) (for (j 0 1) (xs i j (rand -1.5 1.5))))
    (export-units "units-xor" xs)))

(de units-net5 ()
  (alloc-net 1000 10000)
  (setq input (newneurons 256) h1a (newneurons 64) h1b (newneurons 64) h1 (append h1a h1b))
  (each ((m (list h1a h1b))) (mask-toric-connect input 16 16 m 8 8 2 2 3 3) (bias-connect m))
  (setq h2 ())
  (repeat 4
    (let ((m (newneurons 16)))
      (mask-toric-connect h1a 8 8 m 4 4 2 2 5 5)
      (mask-toric-connect h1b 8 8 m 4 4 2 2 5 5)
      (bias-connect m)
      (setq h2 (append h2 m))))
  (setq output (newneurons 10))
  (connect h2 output) (bias-connect output)
  (define-net (mapcar list (list input h1 h2 output)))
  (let ((imgs (mnist-images "test")) (labels (mnist-labels "test")))
    (setq pattern-matrix (matrix 100 256) desired-matrix (matrix 100 10))
    (array-fill desired-matrix -1)
    (for (i 0 99)
      (let ((img (mnist-scale (mnist-16 (idx-select imgs 0 i)) -1 1)))
        (for (r 0 15) (for (c 0 15) (pattern-matrix i (+ (* 16 r) c) (img r c)))))
      (desired-matrix i (labels i) 1)))
  (forget-inv 2.4) (epsi 0.02) (ensemble 0 99) (set-class-max)
  (writing "/dev/null" (learn 300))
  (export-units "units-net5" pattern-matrix))

(de units-mixed ()
  (alloc-net 40 200)
  (build-net '((input 3) (h1 4 (nlf-lin 0.5 1.5)) (h2 3 (nlf-tanh 0.8 0.1 1.2 0.05))
               (h3 3 (nlf-bin 1 0.2)) (output 4 (nlf-bell)))
             '((input h1) (h1 h2) (input h2) (h2 h3) (h3 output) (h1 output) (input output)))
  (forget 0.9)
  (let ((xs (matrix 100 3)))
    (for (i 0 99) (for (j 0 2) (xs i j (rand -1.5 1.5))))
    (export-units "units-mixed" xs)))

(if (cdr args)
    (let* ((file (cadr args))
           (net (load-onnx file))
           (test (idx-dataset (concat sn-home "/data/mnist") "t10k" 2))
           (r (==> net test test)))
      (printf "%s: test error %.2f%% (%d of %d)\n" file (nth 2 r)
              (round (* (nth 2 r) (/ (==> test size) 100))) (==> test size))
      (save-matrix (==> net fprop (batch-of test 100)) (concat file ".sn-out.idx") 'idx-float))
  (let ((d28 (lenet1-data () 2000))
        (d32 (lenet5-data () 2000))
        (p (new-param)))
    (export-net "lenet1" (lenet1 1) (car d28) (cadr d28))
    (export-net "lenet5" (lenet5 1) (car d32) (cadr d32))
    (export-net "lenet5-torch" (lenet5 1 'torch) (car d32) (cadr d32))
    (export-net "mlp" (new-net p (new-seq p (new-full p 784 30) (new-stanh)
                                          (new-full p 30 10) (new-stanh))
                               (new-cost 'sqerr 10) '(1 28 28))
                (car d28) (cadr d28))
    (units-xor)
    (units-net5)
    (units-mixed)))
