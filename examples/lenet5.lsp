#!/usr/bin/env sn
;; lenet5.lsp -- LeNet-5 (LeCun, Bottou, Bengio, Haffner 1998) trained
;; with the paper's recipe.
;;
;;   sn examples/lenet5.lsp [IDX-DIR [EPOCHS [RECIPE [CHECKPOINT]]]]
;;
;; Without IDX-DIR, trains on the 8 000 embedded digits and tests on the
;; 2 000 others (data/mnist/). IDX-DIR is any folder holding
;; train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-...,
;; e.g. /usr/share/datasets/fashion-mnist (Debian package
;; dataset-fashion-mnist). Use "" for the embedded digits with other
;; arguments. A CHECKPOINT file is written after every epoch and resumed
;; from if it exists.
;;
;; The network: 32x32 input, C1 6@28x28, S2 6@14x14, C3 16@10x10 with the
;; paper's 60-kernel table, S4 16@5x5, C5 120, F6 84, Euclidean RBF
;; outputs with fixed +-1 codes; 60 000 trainable parameters and 340 908
;; connections.
;;
;; RECIPE is sgd (default: mini-batches of 16, eta 0.002, momentum 0.9;
;; 30 passes give about 1.5 % test error on the embedded digits) or paper
;; (per-pattern updates with stochastic diagonal Levenberg-Marquardt,
;; mu = 0.02, Hessian re-estimated on 500 samples before each pass, eta
;; 0.0005, 0.0002, 0.0001, 0.00005, 0.00001 by passes of 60 000 samples).

(libload "lenet")

(setq args (argv))
(setq dir (if (and args (> (strlen (car args)) 0)) (car args) ()))
(setq epochs (if (cdr args) (val (cadr args)) 30))
(setq recipe (if (cddr args) (caddr args) "sgd"))
(setq checkpoint (if (nthcdr 3 args) (nth 3 args) ()))

(setq data (lenet5-data dir))
(setq net (lenet5 1))
(==> net set-par t)
(printf "LeNet-5: %d parameters, %d connections\n" (==> net nparams) (==> net connections))
(printf "training on %d samples, testing on %d, %d passes, recipe %s\n"
        (==> (car data) size) (==> (cadr data) size) epochs recipe)
(setq trainer (if (= recipe "paper") (lenet5-recipe) (lenet5-sgd-recipe)))
(setq err (train-net net trainer (car data) (cadr data) epochs checkpoint))
(printf "test error: %.2f%%\n" err)
