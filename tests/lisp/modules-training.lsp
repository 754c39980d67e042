;; Modules: training, in Lisp and with the built-in loop; save and load.

;; case: a Lisp training loop lowers LeNet-1's error
(libload "lenet")
(setq d (lenet1-data () 200))
(setq m (lenet1-modules))
(setq before (lenet-lisp-test m (cadr d)))
(lenet-lisp-epoch m (car d) 0.02)
(lenet-lisp-epoch m (car d) 0.02)
(print (< (lenet-lisp-test m (cadr d)) (- before 20)))
;; => t

;; case: the built-in loop trains (quietly here)
(libload "lenet")
(setq d (lenet1-data () 500))
(setq net (lenet1 2))
(setq err (let ((train-net-quiet t)) (train-net net (lenet1-recipe) (car d) (cadr d) 2)))
(print (< err 40))
;; => t

;; case: a saved network loads back with the same answers
(libload "lenet")
(setq d (lenet5-data () 20))
(setq a (lenet5 3))
(setq b (lenet5 4))
(setq f (concat test-dir "/sn-modules-golden.snp"))
(==> a save f)
(print (==> b load f))
(setq x (==> (car d) batch 0 5))
(print (equal (==> a classify x) (==> b classify x)))
(print (idx-sum (idx-sub (==> a fprop x) (==> b fprop x))))
;; => (0 0)
;; t
;; 0

;; case: loading a file of another network is a format error
(libload "lenet")
(setq f (concat test-dir "/sn-modules-golden-2.snp"))
(==> (lenet5 1) save f)
(==> (lenet1 1) load f)
;; error: format

;; case: train-net checkpoints every epoch and resumes from the checkpoint
(libload "lenet")
(setq d (lenet1-data () 100))
(setq f (concat test-dir "/sn-modules-golden-ck.snp"))
(setq train-net-quiet t)
(setq a (lenet1 1))
(setq ta (lenet1-recipe))
(train-net a ta (car d) (cadr d) 1 f)
(setq b (lenet1 2))
(setq tb (lenet1-recipe))
(train-net b tb (car d) (cadr d) 1 f)
(print (==> tb epoch) (==> tb age))
(print (idx-sum (idx-abs (idx-sub (==> a weights) (==> b weights)))))
;; => 1 100
;; 0

;; case: the 1998 recipe takes its damping mu as an option
(libload "lenet")
(print (lenet5-recipe) (lenet5-recipe 0.1))
;; => ::trainer<batch 1, epoch 0, age 0> ::trainer<batch 1, epoch 0, age 0>

;; case: the 1998 recipe's mu must be positive
(new-trainer 'paper 0)
;; error: domain
