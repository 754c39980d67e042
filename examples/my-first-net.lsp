#!/usr/bin/env sn
;; my-first-net.lsp -- your own network at the modules level, as a lesson:
;; assemble it, train it, test it, save it, load it back, look at its
;; weights.
;;
;;   sn examples/my-first-net.lsp [PASSES]
;;
;; It trains a small net on 2 000 of the embedded MNIST digits in a few
;; seconds. Every step is one or two lines of Lisp; (help 'net), (help
;; 'new-full) and (methods obj) tell you more at the REPL.

(seed 1)                                  ; modules draw their first weights
                                          ; from the Lisp generator: this
                                          ; makes the run reproducible
(setq passes (if (argv) (val (car (argv))) 3))

;; ---------------------------------------------------------------- the data
;; Labelled 28x28 digits, scaled to [-0.1, 1.175]: 2 000 to learn from and
;; 500 others to test on.
(setq mnist (concat sn-home "/data/mnist"))
(setq train (idx-dataset mnist "train" 0 2000))
(setq test (idx-dataset mnist "t10k" 0 500))

;; ---------------------------------------------------------------- the net
;; A pool p receives the parameters of every module made with it. Two
;; fully connected layers with a squashing function after each: 784 inputs,
;; 30 hidden units, 10 outputs, one per class.
(setq p (new-param))
(setq layers (new-seq p
                      (new-full p 784 30) (new-stanh)
                      (new-full p 30 10) (new-stanh)))
;; The cost compares the 10 outputs with +1 for the right class and -1 for
;; the others. new-net checks that each module takes what the previous one
;; gives (here: one 1x28x28 digit flattens into the 784 inputs).
(setq net (new-net p layers (new-cost 'sqerr 10) '(1 28 28)))
(printf "%d parameters: %s\n" (==> net nparams) (==> net describe))

;; ---------------------------------------------------------------- training
;; Online gradient descent: batches of 1, learning rate 0.01. train-net
;; prints one line per pass (the cost, the % of errors on the training
;; digits as it went, then on the test digits) and returns the last test
;; error.
(setq train-net-quiet ())
(setq err (train-net net (new-trainer 1 0.01) train test passes))
(printf "test error after %d passes: %.1f%%\n" passes err)

;; ---------------------------------------------------------------- using it
;; classify gives the class of one digit; fprop the 10 outputs.
(printf "digit 0 of the test set is a %d; the net says %d\n"
        (==> test label 0) (==> net classify (==> test sample 0)))

;; ---------------------------------------------------------------- save, load
;; save writes the weights (atomically); load reads them into a net of the
;; same shape, here a fresh one, which then answers as the trained one.
(setq file (concat (or (getenv "TMPDIR") "/tmp") "/my-first-net.w"))
(==> net save file)
(setq p2 (new-param))
(setq net2 (new-net p2 (new-seq p2 (new-full p2 784 30) (new-stanh)
                                   (new-full p2 30 10) (new-stanh))
                    (new-cost 'sqerr 10) '(1 28 28)))
(==> net2 load file)
(printf "the loaded copy: %.1f%% test errors (the original: %.1f%%)\n"
        (caddr (==> net2 test test)) (caddr (==> net test test)))
(unlink file)

;; ---------------------------------------------------------------- weights
;; weights is the whole parameter vector: the first layer's 784x30
;; weights, its 30 biases, then the second layer's. Its size, its range,
;; and the weights from the centre pixel (row 14, column 14) to the 30
;; hidden units:
(setq w (==> net weights))
(printf "%d weights in [%.3f, %.3f]\n" (idx-dim w 0) (idx-inf w) (idx-sup w))
(printf "from the centre pixel: %l\n"
        (mapcar (lambda (h) (w (+ (* h 784) (* 14 28) 14))) (range 0 4)))

;; ---------------------------------------------------------------- views
;; w is not a copy: like Lush's idx, it is a view that shares its numbers
;; with the net, so writing into it changes the net at once (and a view
;; taken before training shows the trained weights). array-copy with one
;; argument makes a real copy; with two it copies into the second.
(setq saved (array-copy w))
(array-fill w 0)
(printf "every weight set to 0 through the view: %.1f%% test errors\n"
        (caddr (==> net test test)))
(array-copy saved w)
(printf "the saved weights copied back into the view: %.1f%% test errors\n"
        (caddr (==> net test test)))
