;; plotenv — Lush's plot ports (the old plotting interface that SN2.8's
;; own netenv.sn and knnenv.sn draw their curves with), on sn's windows.
;;
;; A plot port maps a rectangle of values onto a rectangle of the window
;; that was current when it was made; `plot-port` names the current one.
;; The drawing objects draw a mark of `object-size` pixels at x, y.
;; Loaded with SN2.8's Lisp layer (SN28_LIB); a name that is already
;; bound (a builtin of sn's own) is left as it is.

(unless (boundp 'plot-port) (setq plot-port ()))
(unless (boundp 'object-size) (setq object-size 3))

(unless (boundp 'object-nil)
  #? (object-nil x y) the drawing object that draws nothing
  (de object-nil (x y) ())
  #? (closed-square x y) a filled square of side 2·object-size at x, y
  (de closed-square (x y)
    (fill-rect (- x object-size) (- y object-size) (* 2 object-size) (* 2 object-size)))
  #? (open-square x y) the outline of a square of side 2·object-size at x, y
  (de open-square (x y)
    (draw-rect (- x object-size) (- y object-size) (* 2 object-size) (* 2 object-size)))
  #? (closed-circle x y) a disc of radius object-size at x, y
  (de closed-circle (x y) (fill-circle x y object-size))
  #? (open-circle x y) a circle of radius object-size at x, y
  (de open-circle (x y) (draw-circle x y object-size))
  #? (straight-cross x y) a + of half-size object-size at x, y
  (de straight-cross (x y)
    (draw-line x (- y object-size) x (+ y object-size))
    (draw-line (- x object-size) y (+ x object-size) y))
  #? (oblique-cross x y) an x of half-size object-size at x, y
  (de oblique-cross (x y)
    (draw-line (- x object-size) (- y object-size) (+ x object-size) (+ y object-size))
    (draw-line (- x object-size) (+ y object-size) (+ x object-size) (- y object-size))))

(unless (boundp 'new-plot-port)
  #? (nice-brect) the whole current window as a plot rectangle (x0 y0 x1 y1), y upwards
  (de nice-brect () (list 0 (ysize) (xsize) 0))
  #? (rect-2-ppbrect (x y w h)) a window rectangle as a plot rectangle (x0 y0 x1 y1)
  (de rect-2-ppbrect (r)
    (list (nth 0 r) (+ (nth 1 r) (nth 3 r)) (+ (nth 0 r) (nth 2 r)) (nth 1 r)))

  ;; a port: (window brect prect object pen), pen the last point drawn
  #? (new-plot-port [brect prect object]) a plot port drawing the values of prect (xmin ymin xmax ymax) into the window rectangle brect (x0 y0 x1 y1, default the whole current window), marking points with object
  (de new-plot-port (&optional brect prect object)
    (list window (or brect (when window (nice-brect))) (or prect (list 0 0 1 1)) object ()))
  #? (copy-plot-port port [object]) a port with the same rectangles as port and its own pen (and object, when given)
  (de copy-plot-port (port &optional object)
    (list (nth 0 port) (nth 1 port) (nth 2 port) (or object (nth 3 port)) ()))

  ;; the window point (x y) of the values x, y in port p
  (de %port-xy (p x y)
    (let ((b (nth 1 p)) (r (nth 2 p)))
      (let ((sx (/ (- (nth 2 b) (nth 0 b)) (let ((d (- (nth 2 r) (nth 0 r)))) (if (= d 0) 1 d))))
            (sy (/ (- (nth 3 b) (nth 1 b)) (let ((d (- (nth 3 r) (nth 1 r)))) (if (= d 0) 1 d)))))
        (list (int (+ (nth 0 b) (* sx (- x (nth 0 r)))))
              (int (+ (nth 1 b) (* sy (- y (nth 1 r)))))))))

  ;; runs body with the current port's window (when it has one)
  (dmd %in-port body
    `(when (and plot-port (car plot-port))
       (let ((window (car plot-port))) ,@body)))

  #? (plt-clear) forgets the pen position of the current plot port
  (de plt-clear () (when plot-port (rplaca (nthcdr 4 plot-port) ())) ())
  #? (plt-move x y) moves the pen of the current plot port to x, y
  (de plt-move (x y)
    (when plot-port (rplaca (nthcdr 4 plot-port) (%port-xy plot-port x y))) ())
  #? (plt-draw x y) draws a line from the pen of the current plot port to x, y and moves the pen there
  (de plt-draw (x y)
    (let ((q (when plot-port (%port-xy plot-port x y))) (pen (nth 4 plot-port)))
      (%in-port (when pen (draw-line (car pen) (cadr pen) (car q) (cadr q))))
      (when plot-port (rplaca (nthcdr 4 plot-port) q)))
    ())
  #? (plt-plot x y) marks x, y with the object of the current plot port
  (de plt-plot (x y)
    (let ((q (when plot-port (%port-xy plot-port x y))) (f (nth 3 plot-port)))
      (%in-port (when f (f (car q) (cadr q)))))
    ())
  #? (draw-axes brect xlabel ylabel name) draws the frame brect of the current plot port, ticks and labels at the values of the lists xlabel and ylabel, and the title name
  (de draw-axes (brect xlabel ylabel name &optional x2l y2l)
    (%in-port
     (let ((x0 (min (nth 0 brect) (nth 2 brect))) (y0 (min (nth 1 brect) (nth 3 brect)))
           (r (nth 2 plot-port)) (b (nth 1 plot-port)))
       (draw-rect x0 y0 (abs (- (nth 2 brect) (nth 0 brect))) (abs (- (nth 3 brect) (nth 1 brect))))
       (each ((x xlabel))
         (let ((q (%port-xy plot-port x (nth 1 r))))
           (draw-line (car q) (cadr q) (car q) (- (cadr q) 4))
           (draw-text (car q) (+ (cadr q) 12) x)))
       (each ((y ylabel))
         (let ((q (%port-xy plot-port (nth 0 r) y)))
           (draw-line (car q) (cadr q) (+ (car q) 4) (cadr q))
           (draw-text (+ (car q) 6) (cadr q) y)))
       (when (and name (<> name "")) (draw-text (+ x0 10) (+ y0 14) name))))
    ()))
