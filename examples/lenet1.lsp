#!/usr/bin/env sn
;; lenet1.lsp -- LeNet-1 (LeCun et al. 1989/90): 28x28 input, 4 maps 5x5,
;; 2x2 subsampling, 12 maps 5x5 (20 kernels), 2x2 subsampling, 10 outputs;
;; 2 578 parameters.
;;
;;   sn examples/lenet1.lsp [IDX-DIR [EPOCHS]]
;;
;; Trains with the built-in loop (online SGD; one line per pass, then the
;; test error), then trains the same network for one short pass with a
;; loop written in Lisp (see lenet-lisp-epoch in lisp/lenet.lsp).

(libload "lenet")

(setq args (argv))
(setq dir (if (and args (> (strlen (car args)) 0)) (car args) ()))
(setq epochs (if (cdr args) (val (cadr args)) 10))

(setq data (lenet1-data dir))
(setq net (lenet1 1))
(printf "LeNet-1: %d parameters, %d connections\n" (==> net nparams) (==> net connections))
(setq err (train-net net (lenet1-recipe) (car data) (cadr data) epochs))
(printf "test error: %.2f%%\n" err)

;; The same network, trained this time by a loop written in Lisp (each
;; sample: fprop, cost, bprop and an update, as messages to the modules;
;; see lenet-lisp-epoch in lisp/lenet.lsp), over one pass of 1 000
;; digits only: far fewer updates than above, so far more errors.
(setq small (lenet1-data dir 1000))
(setq m (lenet1-modules))
(printf "LeNet-1 trained by a loop written in Lisp, one pass over 1 000 digits: ")
(printf "%.1f%% errors during the pass, " (lenet-lisp-epoch m (car small) 0.01))
(printf "%.1f%% on 1 000 test digits\n" (lenet-lisp-test m (cadr small)))
