;; The helpers of lisp/graphics.lsp: level-1 nets as arrays and pictures.

;; case: unit-weights reads the weights into a unit, in the order of a layer
(libload "netenv")
(libload "graphics")
(alloc-net 10 50)
(build-net '((input 4) (output 1)) '((input output)))
(sval 1 5 0.5)
(sval 2 5 -1)
(sval 3 5 0.25)
(sval 4 5 2)
(print (unit-weights 5 input 2 2))
(print (unit-weights 5 (reverse input)))
;; => [[0.5 -1][0.25 2]]
;; [[2 0.25 -1 0.5]]

;; case: unit-weights leaves 0 where there is no connection
(libload "netenv")
(libload "graphics")
(alloc-net 10 50)
(build-net '((a 2) (b 1)) ())
(connect (car a) (car b) 3)
(print (unit-weights (car b) a))
;; => [[3 0]]

;; case: layer-weights gives one tile per unit
(libload "netenv")
(libload "graphics")
(alloc-net 20 100)
(build-net '((input 4) (hidden 3)) '((input hidden)))
(print (idx-dim (layer-weights hidden input 2 2)))
;; => (3 2 2)

;; case: draw-layered-net draws every unit of its layers
(libload "netenv")
(libload "graphics")
(setq window-dir test-dir)
(alloc-net 10 50)
(build-net '((input 2) (hidden 2) (output 1)) '((input hidden) (hidden output)))
(new-window 100 100 "net")
(print (draw-layered-net 0 0 100 100 (list input hidden output)))
;; => 5

;; case: output-map samples a two-input net over a grid
(libload "netenv")
(libload "graphics")
(alloc-net 10 50)
(build-net '((input 2) (output 1)) '((input output)))
(sval 0 3 0)
(sval 1 3 1)
(sval 2 3 0)
(nlf-lin 1 1)
(define-net '((input) (output)))
(print (output-map input (car output) -1 1 3))
;; => [[-1 0 1][-1 0 1][-1 0 1]]
