#!/usr/bin/env sn
;; tour-5-lenet5.lsp -- LeNet-5, the 1998 network, with the built-in loop.
;;
;;   sn examples/tour-5-lenet5.lsp
;;
;; LeNet-5 ("Gradient-based learning applied to document recognition",
;; 1998) is LeNet-1 grown up: a 32x32 input, 6 maps of 5x5 convolutions,
;; subsampling, 16 maps fed through a connection table (60 kernels),
;; subsampling, 120 maps of 5x5 convolutions, 84 units, and 10 Euclidean RBF
;; outputs; 60 000 parameters and 340 908 connections. sn builds it with
;; (lenet5) and trains it with the built-in loop (train-net) and the
;; paper's recipe: stochastic diagonal Levenberg-Marquardt, the step of each
;; parameter scaled by an estimate of its second derivative. It draws:
;;   docs/pictures/tour-lenet5-kernels.png    the 6 kernels of C1 and the 60
;;                                            of C3
;;   docs/pictures/tour-lenet5-confusion.png  the confusion matrix on the test set
;;   docs/pictures/tour-lenet5-curves.png     training and test errors per pass

(libload "graphics")
(libload "lenet")
(setq tour-dir (or (getenv "SN_TOUR_DIR") "docs/pictures"))
(setq window-dir tour-dir)
(setq quick (getenv "SN_TOUR_QUICK"))
(setq epochs (if quick 1 5))
(setq ntrain (if quick 200 8000) ntest (if quick 100 2000))

;; The embedded digits, scaled to [-0.1, 1.175] and padded to 32x32.
(setq mnist-dir (concat sn-home "/data/mnist"))
(setq train (idx-dataset mnist-dir "train" 2 ntrain))
(setq test (idx-dataset mnist-dir "t10k" 2 ntest))

(setq net (lenet5 1))
(printf "%s\n%d parameters, %d connections\n"
        (==> net describe) (==> net nparams) (==> net connections))

;; train-net runs passes until the trainer has done `epoch` of them, prints
;; one line per pass and returns the test error in %.
(setq trainer (new-trainer 'paper))
(setq train-err () test-err ())
(for (epoch 1 epochs)
  (setq test-err (nconc1 test-err (train-net net trainer train test epoch)))
  (setq train-err (nconc1 train-err (caddr (==> net test train)))))

(save-curves (concat tour-dir "/tour-lenet5-curves.png")
             (sprintf "LeNet-5, %d training digits" ntrain)
             (list (cons "training" train-err) (cons "test" test-err)) "% errors")

;; The confusion matrix, 100 test digits at a time.
(setq conf (matrix 10 10))
(for (b 0 (- (div ntest 100) 1))
  (let ((i (* b 100)))
    (each ((answer (==> net classify (==> test batch i 100))))
      (let ((label (==> test label i)))
        (conf label answer (+ 1 (conf label answer))))
      (incr i))))
(save-confusion (concat tour-dir "/tour-lenet5-confusion.png") conf
                (sprintf "LeNet-5 on %d test digits: %.2f%% errors" ntest (last test-err)))

;; The kernels. The parameter pool holds the modules' parameters in order:
;; C1's 6 kernels (150 weights) and 6 biases, S2's 12, then C3's 60 kernels.
(setq w (==> net weights))
(new-window 420 250 "tour-lenet5-kernels")
(graphics-batch
  (cls)
  (gprintf 10 16 "C1: 6 kernels")
  (draw-weights 10 26 (idx-reshape (idx-narrow w 0 150 0) 6 5 5) 10)
  (gprintf 190 16 "C3: 60 kernels")
  (draw-weights 190 26 (idx-reshape (idx-narrow w 0 1500 168) 60 5 5) 5))
(printf "pictures: %s/tour-lenet5-*.png\n" tour-dir)
