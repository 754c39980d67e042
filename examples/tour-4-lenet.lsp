#!/usr/bin/env sn
;; tour-4-lenet.lsp -- LeNet-1, module by module.
;;
;;   sn examples/tour-4-lenet.lsp
;;
;; Around 1990 the units-and-connections view gave way to modules over
;; arrays (SN3, then Lush's gblearn2): a convolution layer is one module
;; holding its kernels, with fprop (compute the output state from the input
;; state), bprop (gradients back) and bbprop (second derivatives back). A
;; network is a chain of modules with a state between each two. Here we
;; assemble LeNet-1 (1989-90: 28x28 input, 4 maps of 5x5 convolutions,
;; subsampling, 12 maps, subsampling, 10 outputs) from its modules, keep
;; every intermediate state, train it with a loop written in Lisp, and draw:
;;   docs/pictures/tour-lenet-maps.png       the states of every layer on
;;                                           one test digit
;;   docs/pictures/tour-lenet-kernels.png    the 4 first-layer kernels and
;;                                           the 20 kernels of the third layer
;;   docs/pictures/tour-lenet-confusion.png  the confusion matrix on the test set
;;   docs/pictures/tour-lenet-curves.png     error rates over epochs

(libload "graphics")
(setq tour-dir (or (getenv "SN_TOUR_DIR") "docs/pictures"))
(setq window-dir tour-dir)
(setq quick (getenv "SN_TOUR_QUICK"))
(setq epochs (if quick 1 6))
(setq ntrain (if quick 200 8000) ntest (if quick 100 1000))

;; The embedded MNIST digits, 28x28, scaled to [-0.1, 1.175].
(setq mnist-dir (concat sn-home "/data/mnist"))
(setq train (idx-dataset mnist-dir "train" 0 ntrain))
(setq test (idx-dataset mnist-dir "t10k" 0 ntest))
(printf "%d training and %d test digits\n" (==> train size) (==> test size))

;; ---------------------------------------------------------------- the modules
;; Every module puts its parameters into one pool p, in the order made.
;; The third layer's table says which of the 4 maps feed each of the 12.
(setq p (new-param))
(setq table '((0 0) (1 1) (2 2) (3 3) (0 4) (1 4) (1 5) (2 5) (2 6) (3 6)
              (0 7) (3 7) (0 8) (2 8) (1 9) (3 9) (0 10) (1 10) (2 11) (3 11)))
(setq layers
      (list (list "C1" (new-conv p 1 4 5 5)) (list "" (new-stanh))
            (list "S2" (new-subsample p 4 2)) (list "" (new-stanh))
            (list "C3" (new-conv p 4 12 5 5 1 table)) (list "" (new-stanh))
            (list "S4" (new-subsample p 12 2)) (list "" (new-stanh))
            (list "F5" (new-full p 192 10)) (list "out" (new-stanh))))
(setq cost (new-cost 'sqerr 10))
(seed 1)
(each ((l layers)) (==> (cadr l) forget 1))
(printf "LeNet-1: %d parameters\n" (==> p size))

;; The states: the input, then one after each module (they size themselves).
(setq input (new-state 1 1 28 28))
(setq states (mapcar (lambda (l) (new-state 1)) layers))

(de fprop-all ()
  (let ((in input))
    (each ((l layers) (out states))
      (==> (cadr l) fprop in out)
      (setq in out))
    in))

;; Back-propagation: gradients accumulate, so the states' dx are cleared
;; first; the cost puts dE/dout into the last state, then each module, last
;; first, turns the dx of its output into the dx of its input (and adds its
;; parameters' gradients into the pool).
(de bprop-all ()
  (each ((s states)) (==> s clear-dx))
  (==> cost bprop (last states) label)
  (let ((outs (reverse states)))
    (each ((l (reverse layers)))
      (==> (cadr l) bprop (if (cdr outs) (cadr outs) input) (car outs))
      (setq outs (cdr outs)))))

;; One online pass over data with learning rate eta; returns the % errors.
(de train-epoch (data eta)
  (let ((errors 0)
        (bar (progress-start (==> data size) "epoch")))
    (for (i 0 (- (==> data size) 1))
      (setq label (==> data label i))
      (==> input set-x (==> data batch i))
      (let ((out (fprop-all)))
        (==> cost fprop out label)
        (when (<> (==> cost classify out) label) (incr errors))
        (bprop-all)
        (==> p update eta))
      (progress-step bar))
    (progress-end bar)
    (/ (* 100 errors) (==> data size))))

;; The % errors on data, and its confusion matrix (rows: desired digit).
(de test-epoch (data)
  (let ((errors 0) (conf (matrix 10 10)))
    (for (i 0 (- (==> data size) 1))
      (let ((label (==> data label i)))
        (==> input set-x (==> data batch i))
        (let ((answer (==> cost classify (fprop-all))))
          (conf label answer (+ 1 (conf label answer)))
          (when (<> answer label) (incr errors)))))
    (list (/ (* 100 errors) (==> data size)) conf)))

;; ---------------------------------------------------------------- training
(setq train-err () test-err () conf ())
(for (epoch 1 epochs)
  (let* ((tr (train-epoch train (if (< epoch 4) 0.01 0.005)))
         (te (test-epoch test)))
    (setq train-err (nconc1 train-err tr) test-err (nconc1 test-err (car te)) conf (cadr te))
    (printf "epoch %d  training errors %5.2f%%  test errors %5.2f%%\n" epoch tr (car te))))

(save-curves (concat tour-dir "/tour-lenet-curves.png")
             (sprintf "LeNet-1, %d training digits" ntrain)
             (list (cons "training" train-err) (cons "test" test-err)) "% errors")
(save-confusion (concat tour-dir "/tour-lenet-confusion.png") conf
                (sprintf "test set: %.1f%% errors" (last test-err)))

;; ---------------------------------------------------------------- pictures
;; The states of every layer on the first test digit.
(==> input set-x (==> test batch 0))
(fprop-all)
(setq maps (list (cons "input" (==> input x))))
(each ((l layers) (s states))
  (when (<> (car l) "")
    (setq maps (nconc1 maps (cons (car l) (==> s x))))))
(save-feature-maps (concat tour-dir "/tour-lenet-maps.png") maps)
(printf "the first test digit is a %d, LeNet-1 answers %d\n"
        (==> test label 0) (==> cost classify (last states)))

;; The kernels: C1's are the first 100 parameters of the pool; then C1's 4
;; biases, S2's 8 parameters, and C3's 20 kernels (sorted by output map).
(setq w (==> p x))
(new-window 350 170 "tour-lenet-kernels")
(graphics-batch
  (cls)
  (gprintf 10 16 "C1: 4 kernels")
  (draw-weights 10 26 (idx-reshape (idx-narrow w 0 100 0) 4 5 5) 12)
  (gprintf 170 16 "C3: 20 kernels")
  (draw-weights 170 26 (idx-reshape (idx-narrow w 0 500 112) 20 5 5) 6))
(printf "pictures: %s/tour-lenet-*.png\n" tour-dir)
