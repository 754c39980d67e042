;; graphenv — Lush 1's graphics environment for SN2.8 programs: colours,
;; text sizes, the plot markers (open-circle ...), gsave, and the plot
;; ports (new-plot-port, draw-axes, setup-axes, plt-move, plt-draw,
;; plot-lists ...), drawing into sn's off-screen windows.
;;
;; The argument lists are Lush 1's (lsh/libstd/graphenv.lsh and the port
;; functions of plotenv.lsh that SN2.8's libraries call); this is sn's own
;; code. The plots are drawn at once, as SN2.8's plotting library did: a
;; port maps values to the pixels of a rectangle of its window, and every
;; plt-* call draws there.
;;
;; A plot port is the list ((x y) window xscale xoffset yscale yoffset object):
;; the last point (x y) given to plt-move, plt-draw or plt-plot (() after
;; plt-clear), the window it draws in, the map from values to pixels
;; (pixel = offset + scale * value) and the marker function of plt-plot.

(defvar plot-port ())
(defvar current-object ())
(defvar object-size 3)
(defvar sd-bar-size ())

;; ---------------------------------------------------------------- colours

#? (color-rgb r g b) sets the drawing colour of the current window to red, green, blue in [0, 1]
(de color-rgb (r g b) (color (alloccolor r g b)))

#? (color-shade x) sets the drawing colour to the grey level x in [0, 1] (0 black)
(de color-shade (x) (color-rgb x x x))

#? (colorp) t: sn's windows have colours
(de colorp () t)

#? (gsave . body) evaluates body, then restores the colour, font and line style of the current window; returns the value of body
(dmd gsave body
  `(let ((%gsave-state (list (color) (font) (linestyle))))
     (unwind-protect (progn ,@body)
       (color (car %gsave-state))
       (font (cadr %gsave-state))
       (linestyle (caddr %gsave-state)))))

(de linestyle-solid () (linestyle 0))
(de linestyle-dotted () (linestyle 1))
(de linestyle-dashed () (linestyle 2))
(de linestyle-dotdashed () (linestyle 3))

;; ---------------------------------------------------------------- text and rectangles

#? (text-width s) the width in pixels of the text s in the current font
(de text-width (s) (nth 2 (rect-text 0 0 s)))

#? (text-height s) the height in pixels of the text s in the current font
(de text-height (s) (nth 3 (rect-text 0 0 s)))

#? (window-rect) the rectangle (0 0 w h) of the current window
(de window-rect () (list 0 0 (xsize) (ysize)))

#? (rect-2-points (x y w h)) the corners (x1 y1 x2 y2) of a rectangle
(de rect-2-points ((x y w h)) (list x y (+ x w -1) (+ y h -1)))

#? (points-2-rect (x1 y1 ... xn yn)) the smallest rectangle (x y w h) holding the points
(de points-2-rect (points)
  (let ((xs ()) (ys ()))
    (while points
      (setq xs (cons (car points) xs) ys (cons (cadr points) ys))
      (setq points (cddr points)))
    (list (inf xs) (inf ys) (1+ (- (sup xs) (inf xs))) (1+ (- (sup ys) (inf ys))))))

;; ---------------------------------------------------------------- markers

#? (object-nil x y) the plot marker that draws nothing
(de object-nil (x y) ())

#? (closed-square x y) a filled square of half side object-size at pixel x, y
(de closed-square (x y)
  (fill-rect (- x object-size) (- y object-size) (* 2 object-size) (* 2 object-size)))

#? (open-square x y) a square of half side object-size at pixel x, y (inside cleared)
(de open-square (x y)
  (gsave (color color-bg) (closed-square x y))
  (draw-rect (- x object-size) (- y object-size) (* 2 object-size) (* 2 object-size)))

#? (closed-circle x y) a disc of radius object-size at pixel x, y
(de closed-circle (x y) (fill-circle x y object-size))

#? (open-circle x y) a circle of radius object-size at pixel x, y (inside cleared)
(de open-circle (x y)
  (gsave (color color-bg) (closed-circle x y))
  (draw-circle x y object-size))

(de %triangle (x y dir)
  (list (- x object-size) (+ y (* dir object-size))
        (+ x object-size) (+ y (* dir object-size))
        x (- y (* dir object-size))))

#? (closed-up-triangle x y) a filled triangle, point up, at pixel x, y
(de closed-up-triangle (x y) (apply fill-polygon (%triangle x y 1)))

#? (closed-down-triangle x y) a filled triangle, point down, at pixel x, y
(de closed-down-triangle (x y) (apply fill-polygon (%triangle x y -1)))

(de %open-triangle (x y dir)
  (let (((x1 y1 x2 y2 x3 y3) (%triangle x y dir)))
    (gsave (color color-bg) (fill-polygon x1 y1 x2 y2 x3 y3))
    (draw-line x1 y1 x2 y2)
    (draw-line x3 y3 x1 y1)
    (draw-line x3 y3 x2 y2)))

#? (open-up-triangle x y) a triangle, point up, at pixel x, y (inside cleared)
(de open-up-triangle (x y) (%open-triangle x y 1))

#? (open-down-triangle x y) a triangle, point down, at pixel x, y (inside cleared)
(de open-down-triangle (x y) (%open-triangle x y -1))

#? (straight-cross x y) a + of half size object-size at pixel x, y
(de straight-cross (x y)
  (draw-line x (- y object-size) x (+ y object-size))
  (draw-line (- x object-size) y (+ x object-size) y))

#? (oblique-cross x y) an x of half size object-size at pixel x, y
(de oblique-cross (x y)
  (draw-line (- x object-size) (- y object-size) (+ x object-size) (+ y object-size))
  (draw-line (- x object-size) (+ y object-size) (+ x object-size) (- y object-size)))

;; ---------------------------------------------------------------- plot ports

#? (nice-brect) the pixel rectangle (xmin ymin xmax ymax) of a plot in the current window, leaving room for the axes' labels and the title (ymin is the bottom)
(de nice-brect () (list 60 (- (ysize) 30) (- (xsize) 50) 40))

#? (rect-2-ppbrect (x y w h)) the (xmin ymin xmax ymax) of new-plot-port for a rectangle
(de rect-2-ppbrect ((x y w h)) (list x (+ y h) (+ x w) y))

#? (new-plot-port [brect rect object]) a plot port drawing into the current window: the values of rect (xmin ymin xmax ymax) go to the pixels of brect (bxmin bymin bxmax bymax; default (nice-brect)); rect defaults to (0 0 1 1); object (default open-square) is the marker of plt-plot. The port is returned, not made current: set plot-port to it.
(de new-plot-port (&optional brect rect object)
  (when (not window) (new-window))
  (let (((bxmin bymin bxmax bymax) (or brect (nice-brect)))
        ((xmin ymin xmax ymax) (or rect '(0 0 1 1))))
    (when (or (= xmin xmax) (= ymin ymax))
      (error "new-plot-port: the range of values is empty" rect))
    (let ((xscale (/ (- bxmax bxmin) (- xmax xmin)))
          (yscale (/ (- bymax bymin) (- ymax ymin))))
      (list (list () ()) window
            xscale (- bxmin (* xmin xscale))
            yscale (- bymin (* ymin yscale))
            (or object open-square)))))

#? (copy-plot-port port [object]) a new port drawing where port draws, with its own last point and the marker object (default port's)
(de copy-plot-port (port &optional object)
  (let ((p (append port ())))
    (rplaca p (list () ()))
    (when object (rplaca (nthcdr 6 p) object))
    p))

(de %port (fname)
  (when (not (consp plot-port))
    (error (concat (pname fname) ": no plot port; set plot-port (new-plot-port, setup-axes)")
           plot-port))
  plot-port)

;; The pixels of the values x, y in the current port.
(de %plt-x (x) (+ (nth 3 plot-port) (* (nth 2 plot-port) x)))
(de %plt-y (y) (+ (nth 5 plot-port) (* (nth 4 plot-port) y)))

#? (plt-move x y) moves the pen of the current plot port (plot-port) to the values x, y
(de plt-move (x y)
  (let ((pos (car (%port 'plt-move))))
    (rplaca pos x)
    (rplaca (cdr pos) y)
    (list x y)))

#? (plt-clear) lifts the pen of the current plot port: the next plt-draw starts a new line
(de plt-clear ()
  (let ((pos (car (%port 'plt-clear))))
    (rplaca pos ())
    (rplaca (cdr pos) ())
    ()))

#? (plt-draw x y) a line from the pen of the current plot port to the values x, y (nothing after plt-clear), then moves the pen there
(de plt-draw (x y)
  (let* ((p (%port 'plt-draw)) (pos (car p)) (window (nth 1 p)))
    (when (car pos)
      (draw-line (%plt-x (car pos)) (%plt-y (cadr pos)) (%plt-x x) (%plt-y y)))
    (plt-move x y)))

#? (plt-plot x y) draws the marker of the current plot port (or current-object when set) at the values x, y and moves the pen there
(de plt-plot (x y)
  (let* ((p (%port 'plt-plot)) (window (nth 1 p)) (f (or current-object (nth 6 p))))
    (f (%plt-x x) (%plt-y y))
    (plt-move x y)))

#? (plt-sd x y v) a vertical bar from y - v to y + v at x in the current plot port, with ends of half width sd-bar-size (default object-size)
(de plt-sd (x y v)
  (let* ((p (%port 'plt-sd)) (window (nth 1 p))
         (px (%plt-x x)) (lo (%plt-y (- y v))) (hi (%plt-y (+ y v)))
         (s (if (numberp sd-bar-size) sd-bar-size object-size)))
    (draw-line px lo px hi)
    (draw-line (- px s) lo (+ px s) lo)
    (draw-line (- px s) hi (+ px s) hi)))

#? (plt-color c) sets the colour of the window of the current plot port
(de plt-color (c) (let ((window (nth 1 (%port 'plt-color)))) (color c)))

#? (plt-color-rgb r g b) sets the colour of the window of the current plot port
(de plt-color-rgb (r g b) (let ((window (nth 1 (%port 'plt-color-rgb)))) (color-rgb r g b)))

#? (plt-linestyle n) sets the line style of the window of the current plot port
(de plt-linestyle (n) (let ((window (nth 1 (%port 'plt-linestyle)))) (linestyle n)))

#? (plt-object f) makes f the marker of the current plot port
(de plt-object (f) (rplaca (nthcdr 6 (%port 'plt-object)) f) f)

#? (plt-object-size n) sets object-size, the half size of the markers
(de plt-object-size (n) (setq object-size n))

#? (plt-sd-bar-size n) sets sd-bar-size, the half width of the ends of plt-sd's bars
(de plt-sd-bar-size (n) (setq sd-bar-size n))

;; ---------------------------------------------------------------- axes

(de %label-text (f v) (let ((s (f v))) (if (stringp s) s (str s))))

#? (draw-axes brect xlabels ylabels name [x2l y2l]) draws in the window of the current plot port the axes of the pixel rectangle brect (bxmin bymin bxmax bymax): the left and bottom sides, a tick and a label at each value of the lists xlabels and ylabels (placed by the port's map; the text is (x2l v), default str), and the title name above
(de draw-axes ((bxmin bymin bxmax bymax) xlabel ylabel name &optional x2l y2l)
  (let* ((p (%port 'draw-axes)) (window (nth 1 p))
         (x2l (or x2l str)) (y2l (or y2l str)))
    (graphics-batch
      (when (stringp name) (draw-text bxmin (- bymax 20) name))
      (draw-line bxmin bymin bxmin bymax)
      (draw-line bxmin bymin bxmax bymin)
      (each ((x xlabel))
        (let* ((x (if (< (abs x) 1e-8) 0 x))
               (bx (%plt-x x)) (s (%label-text x2l x)))
          (draw-line bx (- bymin 3) bx (+ bymin 3))
          (draw-text (- bx (div (text-width s) 2)) (+ bymin 5 (text-height s)) s)))
      (each ((y ylabel))
        (let* ((y (if (< (abs y) 1e-8) 0 y))
               (by (%plt-y y)) (s (%label-text y2l y)))
          (draw-line (- bxmin 3) by (+ bxmin 3) by)
          (draw-text (max 0 (- bxmin 8 (text-width s))) by s))))
    ()))

#? (nice-scale min max [deltamin]) label values between min and max at a round step (at least deltamin)
(de nice-scale (mini maxi &optional deltamin)
  (let* ((d (abs (- maxi mini)))
         (step1 (** 10 (int (/ (log (/ d 3)) (log 10)))))
         (ratio (/ (if (numberp deltamin) deltamin 0) step1))
         (step (* step1 (max 1 (+ (int ratio) (if (= ratio (int ratio)) 0 1)))))
         (start (* step (int (/ (+ mini step) step)))))
    (range start maxi step)))

#? (setup-axes xmin ymin xmax ymax [xstep ystep name object x2l y2l]) clears the current window, makes plot-port a port of its (nice-brect) for values in [xmin, xmax] x [ymin, ymax] with the marker object (default open-square), and draws the axes, labelled every xstep and ystep (default nice-scale), with the title name; returns the port
(de setup-axes (&optional xmin ymin xmax ymax xstep ystep (name "") object x2l y2l)
  (when (not (and (numberp xmin) (numberp ymin) (numberp xmax) (numberp ymax)))
    (error "setup-axes: the first four arguments must be numbers"
           (list xmin ymin xmax ymax)))
  (let ((brect (nice-brect))
        (xlabel (if xstep (range xmin xmax xstep) (nice-scale xmin xmax)))
        (ylabel (if ystep (range ymin ymax ystep) (nice-scale ymin ymax))))
    (cls)
    (setq plot-port (new-plot-port brect (list xmin ymin xmax ymax) (or object open-square)))
    (draw-axes brect xlabel ylabel name x2l y2l)
    plot-port))

;; ---------------------------------------------------------------- curves

#? (plot-lists lx ly) in the current plot port, the line through the points of abscissas lx and ordinates ly, and a marker on each
(de plot-lists (lx ly)
  (graphics-batch
    (plt-clear)
    (each ((x lx) (y ly)) (plt-draw x y))
    (each ((x lx) (y ly)) (plt-plot x y))))

#? (plot-lists-sd lx ly lv) as plot-lists, with a bar of half height v at each point (plt-sd)
(de plot-lists-sd (lx ly lv)
  (graphics-batch
    (plt-clear)
    (each ((x lx) (y ly)) (plt-draw x y))
    (each ((x lx) (y ly) (v lv)) (plt-sd x y v) (plt-plot x y))))

#? (graph-scale min max) (min' max' step): min and max rounded out to a round step
(de graph-scale (mini maxi)
  (let ((mult (** 10 (int (/ (log (/ (- maxi mini) 2)) (log 10))))))
    (list (* mult (int (/ mini mult)))
          (* mult (int (+ 0.99 (/ maxi mult))))
          mult)))

#? (graph-xy lx ly [name]) clears the current window and plots ly against lx on scaled axes
(de graph-xy (lx ly &optional (name ""))
  (let (((xmin xmax xstep) (graph-scale (inf lx) (sup lx)))
        ((ymin ymax ystep) (graph-scale (inf ly) (sup ly))))
    (let ((plot-port (setup-axes xmin ymin xmax ymax xstep ystep name)))
      (plot-lists lx ly)
      plot-port)))

#? (graph-xyv lx ly lv [name]) as graph-xy, with bars of half height lv
(de graph-xyv (lx ly lv &optional (name ""))
  (let (((xmin xmax xstep) (graph-scale (inf lx) (sup lx)))
        ((ymin ymax ystep) (graph-scale (- (inf ly) (sup lv)) (+ (sup ly) (sup lv)))))
    (let ((plot-port (setup-axes xmin ymin xmax ymax xstep ystep name)))
      (plot-lists-sd lx ly lv)
      plot-port)))
