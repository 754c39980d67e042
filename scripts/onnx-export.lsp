;; onnx-export.lsp -- writes ONNX files of sn's networks for an
;; independent check (scripts/check-onnx.sh), with sn's own outputs.
;;
;;   sn scripts/onnx-export.lsp OUTDIR
;;
;; For each net (LeNet-1, LeNet-5 of 1998 with its C3 table and RBF
;; outputs, LeNet-5's PyTorch variant, a 784-30-10 MLP), trained for one
;; pass on 2 000 embedded digits: OUTDIR/NAME.onnx, and the first 100
;; test inputs and sn's outputs for them as IDX float32 files
;; OUTDIR/NAME.in.idx and OUTDIR/NAME.out.idx.
;;
;; With a second argument FILE.onnx (a model written elsewhere, e.g. by
;; scripts/torch_lenet5_onnx.py), loads it instead, prints its test error
;; on the 2 000 embedded test digits (32x32 inputs) and writes its outputs
;; for the first 100 to FILE.onnx.sn-out.idx.

(libload "lenet")
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
                (car d28) (cadr d28))))
