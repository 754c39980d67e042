;; case: a saved net loads back with identical outputs
(libload "netenv")
(alloc-net 30 100)
(seed 11)
(build-net '((input 3) (hidden 4) (output 2)) '((input hidden) (hidden output)))
(setq pattern-matrix [[0.5 -1 0.25]] desired-matrix [[1 -1]])
(forget-sqrt 1)
(de outputs () (present-pattern input-layer 0) (forward-prop) (state output-layer))
(setq before (outputs) file (concat test-dir "/net.wei"))
(save-net file)
(forget 1)
(setq changed (outputs))
(load-net file)
(print (equal before (outputs)) (equal before changed))
;; => t ()

;; case: a corrupt weight file is an error and leaves the net untouched
(libload "netenv")
(alloc-net 30 100)
(seed 11)
(build-net '((input 3) (output 2)) '((input output)))
(forget 1)
(setq file (concat test-dir "/bad.wei") w (dump-weights))
(writing file (printf "SNW1 this is not a weight file"))
(print (catch-error (load-net file) (lambda (m) 'failed)) (equal w (dump-weights)))
(load-net file)
;; => failed t
;; error: format

;; case: a file of another net is refused
(libload "netenv")
(alloc-net 30 100)
(build-net '((input 3) (output 2)) '((input output)))
(setq file (concat test-dir "/small.wei"))
(save-net file)
(alloc-net 30 100)
(build-net '((input 4) (output 2)) '((input output)))
(load-net file)
;; error: format

;; case: a missing file is an io error
(libload "netenv")
(alloc-net 5 5)
(load-net "/nonexistent/dir/x.wei")
;; error: io
