#!/usr/bin/env sn
;; show-digits.lsp -- a first look at the embedded MNIST digits.
;;
;;   sn examples/show-digits.lsp [n]
;;
;; Loads the 2 000 test digits shipped with sn (data/mnist/), prints the
;; first n (default 4) as text art with their labels, then the 16x16
;; binarized version of the first one: the kind of input the 1989 networks
;; of SN2.8 were trained on.

(libload "mnist")

(setq n (if (argv) (val (car (argv))) 4))
(setq imgs (mnist-images "test"))
(setq labs (mnist-labels "test"))
(printf "%d test digits of %dx%d pixels\n" (idx-dim imgs 0) (idx-dim imgs 1) (idx-dim imgs 2))

;; A character is about twice as tall as wide: halve the rows.
(for (i 0 (- n 1))
  (printf "\ndigit %d, label %d\n" i (labs i))
  (each ((line (mnist-text-art (image-downsample (idx-select imgs 0 i) 14 28))))
    (printf "  |%s|\n" line)))

;; The same digit as a 1989-style 16x16 binary input (+1 ink, -1 background).
(setq b (mnist-prepare (idx-select imgs 0 0) 'bin16))
(printf "\ndigit 0 as a 16x16 binary input (label %d)\n" (labs 0))
(for (y 0 15)
  (let ((line ""))
    (for (x 0 15)
      (setq line (concat line (if (> (b y x) 0) "##" ".."))))
    (printf "  %s\n" line)))
