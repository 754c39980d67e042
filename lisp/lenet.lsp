;; lenet.lsp -- LeNet-1 and LeNet-5 (gblearn2 level: modules over arrays).
;;
;;   (libload "lenet")
;;   (setq d (lenet5-data))            ; (train test): embedded digits, 32x32
;;   (setq net (lenet5 1))             ; 60 000 parameters, 340 908 connections
;;   (train-net net (new-trainer 'paper) (car d) (cadr d) 20)
;;
;; The networks are Lisp files of modules, loaded here: net-lenet5.lsp
;; (lenet5, lenet5-c3-table) and net-lenet1.lsp (lenet1). This file holds
;; the data helpers, the recipes, and a LeNet-1 assembled module by module
;; with a training loop written in Lisp, line by line, for teaching.

(libload "net-lenet5")
(libload "net-lenet1")

#? (lenet-data-dir [dir]) dir, or the embedded digits' folder.
(de lenet-data-dir (&optional dir)
  (if dir dir (concat sn-home "/data/mnist")))

#? (lenet5-data [dir [n]]) (train test) data sets for LeNet-5: the IDX files
#? of dir (default the embedded 8 000/2 000 digits), scaled to
#? [-0.1, 1.175] and padded to 32x32; the first n of each if n is given.
(de lenet5-data (&optional dir n)
  (let ((d (lenet-data-dir dir)))
    (list (idx-dataset d "train" 2 n) (idx-dataset d "t10k" 2 n))))

#? (lenet1-data [dir [n]]) (train test) 28x28 data sets for LeNet-1.
(de lenet1-data (&optional dir n)
  (let ((d (lenet-data-dir dir)))
    (list (idx-dataset d "train" () n) (idx-dataset d "t10k" () n))))

#? (lenet5-recipe [mu]) the 1998 recipe: per-pattern updates, diagonal
#? Levenberg-Marquardt (mu 0.02 unless given, Hessian re-estimated on 500
#? samples per pass), eta 0.0005 0.0002 0.0001 0.00005 0.00001 by passes of
#? 60 000 samples. On the 8 000 embedded digits, 150 passes (1.2 M updates,
#? the paper's count) give about 4 % test error with mu 0.02: weights of
#? little curvature then step at eta/mu = 0.025, too fast for online
#? updates; with mu 0.1 the same run gives 1.55 %.
(de lenet5-recipe (&optional mu) (if mu (new-trainer 'paper mu) (new-trainer 'paper)))

#? (lenet5-sgd-recipe) mini-batches of 16, eta 0.002, momentum 0.9: the
#? recipe that reaches 1.5 % test error on the embedded digits in 30 passes.
(de lenet5-sgd-recipe () (new-trainer 16 0.002 0.9))

#? (lenet1-recipe) online SGD at 0.01 for LeNet-1.
(de lenet1-recipe () (new-trainer 1 0.01))

#? (lenet-report net data) prints and returns the error rate of net on data.
(de lenet-report (net data)
  (let ((r (==> net test data)))
    (printf "%d samples: cost %.4f, %.2f%% errors\n" (==> data size) (cadr r) (caddr r))
    (caddr r)))

;; ---------------------------------------------------------------- teaching
;; LeNet-1 from its modules, and a training loop in Lisp.

#? (lenet1-modules) a LeNet-1 assembled from modules:
#? (param seq cost input-state output-state).
(de lenet1-modules ()
  (let* ((p (new-param))
         (table lenet1-table)
         (seq (new-seq p
                       (new-conv p 1 4 5 5) (new-stanh)
                       (new-subsample p 4 2) (new-stanh)
                       (new-conv p 4 12 5 5 1 table) (new-stanh)
                       (new-subsample p 12 2) (new-stanh)
                       (new-full p 192 10) (new-stanh))))
    (==> seq forget 1)
    (list p seq (new-cost 'sqerr 10) (new-state 1 1 28 28) (new-state 1))))

#? (lenet-lisp-epoch m data eta) one pass of online SGD over data, written
#? in Lisp with fprop/bprop messages; m is from lenet1-modules. Returns the
#? error rate in % during the pass.
(de lenet-lisp-epoch (m data eta)
  (let ((p (car m)) (seq (cadr m)) (cost (caddr m))
        (in (nth 3 m)) (out (nth 4 m)) (errors 0))
    (for (i 0 (- (==> data size) 1))
      (let ((label (==> data label i)))
        (==> in set-x (==> data batch i))
        (==> seq fprop in out)
        (==> cost fprop out label)
        (when (<> (==> cost classify out) label) (incr errors))
        (==> out clear-dx)
        (==> cost bprop out label)
        (==> seq bprop in out)
        (==> p update eta)))
    (/ (* 100 errors) (==> data size))))

#? (lenet-lisp-test m data) error rate in % of the module network m on data.
(de lenet-lisp-test (m data)
  (let ((seq (cadr m)) (cost (caddr m)) (in (nth 3 m)) (out (nth 4 m)) (errors 0))
    (for (i 0 (- (==> data size) 1))
      (==> in set-x (==> data batch i))
      (==> seq fprop in out)
      (when (<> (==> cost classify out) (==> data label i)) (incr errors)))
    (/ (* 100 errors) (==> data size))))
