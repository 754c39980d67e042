;; graphics.lsp -- pictures of level-1 networks (units and connections),
;; drawn with sn's graphics primitives into off-screen windows.
;;
;;   (libload "graphics")
;;   (unit-weights c layer 16 16)     ; the weights into unit c as a 16x16 array
;;   (layer-weights hidden input 16 16) ; every hidden unit's weights: n x 16 x 16
;;   (draw-layered-net x y w h (list input hidden output))
;;   (output-map input (car output) -1.5 1.5 41) ; a 2-input net's answer
;;
;; Weights are drawn with save-weights / draw-weights, curves with
;; save-curves / draw-curves (see (help 'save-weights)).

#? (unit-weights c layer [rows cols]) the weights of the connections from
#? the units of layer into unit c, in the order of layer (0 where there is
#? no connection), as an array of dims (rows cols) (default one row).
(de unit-weights (c layer &optional rows cols)
  (let* ((cols (or cols (length layer)))
         (rows (or rows 1))
         (m (matrix rows cols))
         (from (amont c))
         (k 0))
    (each ((i layer))
      (when (and (< k (* rows cols)) (member i from))
        (m (div k cols) (mod k cols) (sval i c)))
      (incr k))
    m))

#? (layer-weights layer from rows cols) the weights from the units of from
#? into each unit of layer, as an array of dims (n rows cols): one tile per
#? unit for save-weights.
(de layer-weights (layer from rows cols)
  (let ((m (matrix (length layer) rows cols))
        (k 0))
    (each ((c layer))
      (idx-copy (unit-weights c from rows cols) (idx-select m 0 k))
      (incr k))
    m))

(de %unit-gray (s)
  (/ (+ 1 (max -1 (min 1 s))) 2))

;; Red for positive weights, blue for negative ones, paler when smaller
;; (as the colour map "bwr"); returns the line width: 1 to 3 pixels.
(de %weight-color (w maxw)
  (let* ((a (min 1 (/ (abs w) maxw)))
         (f (- 1 a)))
    (color (if (> w 0) (alloccolor 1 f f) (alloccolor f f 1)))
    (+ 1 (int (* 2 a)))))

;; A line lw pixels wide (offset sideways along the shorter axis).
(de %thick-line (x1 y1 x2 y2 lw)
  (let ((horizontal (> (abs (- x2 x1)) (abs (- y2 y1)))))
    (for (k 0 (- lw 1))
      (if horizontal
          (draw-line x1 (+ y1 k) x2 (+ y2 k))
        (draw-line (+ x1 k) y1 (+ x2 k) y2)))))

;; Positions (unit x y) of the units of layers, first layer at the bottom.
(de %unit-positions (x y w h layers r)
  (let ((pos ()) (li 0) (nl (length layers)))
    (each ((layer layers))
      (let ((ly (- (+ y h) r 2 (* li (/ (- h (* 2 r) 4) (max 1 (- nl 1))))))
            (step (/ w (length layer)))
            (ui 0))
        (each ((u layer))
          (setq pos (cons (list u (+ x (* (+ ui 0.5) step)) ly) pos))
          (incr ui)))
      (incr li))
    pos))

#? (draw-layered-net x y w h layers [maxw r]) draws the units of layers (a
#? list of unit lists, the input layer first and lowest) in the box x y w h of
#? the current window: each unit a circle of radius r (default 8) filled with
#? its state (-1 black, +1 white), each connection between two drawn units a
#? line, red for a positive weight and blue for a negative one, fully
#? coloured and 3 pixels wide when |w| >= maxw (default 2). Connections from
#? units that are not drawn (the bias unit 0) are left out.
(de draw-layered-net (x y w h layers &optional (maxw 2) (r 8))
  (let ((pos (%unit-positions x y w h layers r)))
    (each ((p pos))
      (each ((i (amont (car p))))
        (let ((q (assoc i pos)))
          (when q
            (%thick-line (cadr q) (caddr q) (cadr p) (caddr p)
                         (%weight-color (sval i (car p)) maxw))))))
    (each ((p pos))
      (let ((g (%unit-gray (nval (car p)))))
        (color (alloccolor g g g))
        (fill-circle (cadr p) (caddr p) r)
        (color color-fg)
        (draw-circle (cadr p) (caddr p) r)))
    (color color-fg)
    (length pos)))

#? (output-map in out lo hi n) the state of unit out when the two units of
#? in take every value of an n x n grid over [lo, hi]^2 (first input along
#? columns, second input upwards), computed with forward-prop: an n x n
#? array for draw-array.
(de output-map (in out lo hi n)
  (let ((m (matrix n n))
        (step (/ (- hi lo) (max 1 (- n 1)))))
    (for (row 0 (- n 1))
      (for (col 0 (- n 1))
        (nval (car in) (+ lo (* col step)))
        (nval (cadr in) (- hi (* row step)))
        (forward-prop)
        (m row col (nval out))))
    m))
