;; Graphics: off-screen windows, colours, drawing and batches.
;; Windows are written into the test directory of each case.

;; case: new-window returns the window and sets `window`
(setq window-dir test-dir)
(setq w (new-window 0 0 64 32 "golden"))
(print w)
(print (eq w window))
(print (xsize) (ysize))
;; => ::window:golden
;; t
;; 64 32

;; case: the file is named after the window, in window-dir
(setq window-dir test-dir)
(new-window 8 8 "net state")
(print (= (window-file) (concat window-dir "/net_state.png")))
;; => t

;; case: colour numbers
(print color-fg color-bg color-gray)
(print (alloccolor 1 0 0) (alloccolor 0 0 1) (alloccolor 0.5 0.5 0.5))
;; => -1 -2 -3
;; 16711680 255 8421504

;; case: drawing puts pixels where asked
(setq window-dir test-dir)
(new-window 20 20 "pixels")
(print (color))
(graphics-batch
  (draw-line 0 0 19 19)
  (color (alloccolor 0 1 0))
  (fill-rect 10 0 5 5)
  (color color-fg))
(print (point 7 7) (point 7 8) (point 12 2) (point 15 2) (point 30 30))
;; => -1
;; 0 16777215 65280 16777215 ()

;; case: gray-draw-list goes from black (minv) to white (maxv)
(setq window-dir test-dir)
(new-window 30 10 "grays")
(gray-draw-list 0 0 '(-1 0 1) 3 -1 1 10)
(print (point 5 5) (point 15 5) (point 25 5))
;; => 0 8421504 16777215

;; case: draw-list squares grow with the value, negative ones are outlined
(setq window-dir test-dir)
(new-window 30 10 "squares")
(draw-list 0 0 '(1 0.5 -1) 3 1 10 8)
(print (point 1 1) (point 11 1) (point 13 3) (point 20 4) (point 24 4))
;; => 0 16777215 0 0 16777215

;; case: graphics-batch returns the value of its body
(setq window-dir test-dir)
(new-window 4 4 "batch")
(print (graphics-batch (cls) (+ 1 2)))
;; => 3

;; case: gprintf formats like printf and draws ink
(setq window-dir test-dir)
(new-window 100 12 "text")
(gprintf 0 10 "%d%%" 42)
(setq ink 0)
(for (x 0 99) (for (y 0 11) (when (= (point x y) 0) (incr ink))))
(print (> ink 10))
;; => t

;; case: a zero size is a domain error
(new-window 0 10)
;; error: domain

;; case: an unknown colour number is a domain error
(setq window-dir test-dir)
(new-window 4 4 "c")
(color -9)
;; error: domain

;; case: drawing needs numbers
(draw-line 0 0 'a 1)
;; error: type

;; case: gray-draw-matrix needs 1 or 2 dimensions
(setq window-dir test-dir)
(new-window 4 4 "m")
(gray-draw-matrix 0 0 (matrix 2 2 2) 0 1)
;; error: shape

;; case: draw-text draws any value; rect-text gives the box it covers
(setq window-dir test-dir)
(new-window 60 20 "text2")
(draw-text 2 10 'hi)
(setq ink 0)
(for (x 0 59) (for (y 0 19) (when (= (point x y) 0) (incr ink))))
(print (> ink 5) (rect-text 2 10 "hi") (rect-text 0 7 "a\nbc"))
;; => t (2 3 16 8) (0 0 16 18)
