;; Modules: states, params, modules and costs as Lisp objects.

;; case: LeNet-5 as published: 60 000 parameters, 340 908 connections
(libload "lenet")
(setq net (lenet5 1))
(print (==> net nparams) (==> net connections))
(print (length (lenet5-c3-table)))
;; => 60000 340908
;; 60

;; case: LeNet-1 has 2 578 parameters
(libload "lenet")
(print (==> (lenet1 1) nparams))
;; => 2578

;; case: a full layer computes W x + b
(setq p (new-param))
(setq f (new-full p 2 1))
(==> p set-x [1 2 0.5])
(setq in (new-state 1 2))
(setq out (new-state 1))
(==> in set-x [[3 4]])
(==> f fprop in out)
(print (==> out dims) ((==> out x) 0 0))
;; => (1 1) 11.5

;; case: bprop accumulates into the parameter and input gradients
(setq p (new-param))
(setq f (new-full p 2 1))
(==> p set-x [1 2 0.5])
(setq in (new-state 1 2))
(setq out (new-state 1))
(==> in set-x [[3 4]])
(==> f fprop in out)
(==> out clear-dx)
(setq c (new-cost 'sqerr 1))
(==> c fprop out 0)
(==> c bprop out 0)
(==> f bprop in out)
(==> f bprop in out)
(setq g (==> p dx))
(print (g 0) (g 1) (g 2))
(setq gi (==> in dx))
(print (gi 0 0) (gi 0 1))
;; => 63 84 21
;; 21 42

;; case: a shape mismatch names the module and both shapes
(setq p (new-param))
(setq c1 (new-conv p 1 2 3 3))
(setq s (new-state 1 2 5 5))
(setq o (new-state 1))
(==> c1 fprop s o)
;; error: shape

;; case: convolution output shape with stride and table
(setq p (new-param))
(setq c (new-conv p 2 3 3 3 2 '((0 0) (1 1) (0 2) (1 2))))
(print (==> c nparams) (==> c out-dims '(4 2 9 9)))
;; => 39 (4 3 4 4)

;; case: a module moved into a sequence cannot be used alone
(setq p (new-param))
(setq f (new-full p 3 2))
(setq s (new-seq p f (new-stanh)))
(==> f fprop (new-state 1 3) (new-state 1))
;; error: domain

;; case: labels out of range are index errors
(setq c (new-cost 'softmax-ce 3))
(setq o (new-state 1 3))
(==> c fprop o 5)
;; error: index
