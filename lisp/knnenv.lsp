;; knnenv — the Lisp half of SN2.8's codebook library: conversions with
;; netenv's pattern/desired matrices, the iris data, k-NN tests and
;; confusion matrices, multiedit and condense, supervised k-means, LVQ
;; initialisation, RBF networks (a codebook of centres feeding a netenv
;; net), topological maps with their hook makers, and the bidimensional
;; displays of the TSP and grid demos. The numerical primitives (codebooks,
;; knn, k-means, learn-lvq, .cb files) are sn's Rust builtins.

;; ---------------------------------------------------------------- codebooks

(defmethod |CODEBOOK| pretty ()
  (printf "'%l\n" this)
  (let ((words (codebook-word this)))
    (for (n 0 (1- (car (bound words))))
      (printf ";; ")
      (index-print (submatrix words n ()))
      (printf " Class %d\n" (codebook-label this n)))))

#? (patdes-to-codebook pattern desired) a codebook of the rows of pattern, each labelled by the column of the largest value of its row in desired
(de patdes-to-codebook (pattern desired)
  (let ((cb (new-codebook pattern)))
    (for (n 0 (1- (car (bound pattern))))
      (codebook-label cb n (rank-of-max (desired n ()))))
    cb))

#? (codebook-to-patdes cb) the list (pattern desired) of cb's word matrix and a desired matrix with 1 in the column of each word's label, -1 elsewhere
(de codebook-to-patdes (cb)
  (let* ((words (codebook-word cb))
         (ncode (car (bound words)))
         (desired (double-array ncode (1+ (sup (codebook-labels cb))))))
    (desired () () -1)
    (for (n 0 (1- ncode))
      (desired n (codebook-label cb n) 1))
    (list words desired)))

;; The file name found through the search path (name or name.cb), else ().
(de %knn-find-cb (name)
  (or (filepath name "|.cb")
      (filepath (concat-fname lushdir (concat "packages/sn28/examples/knnenv/" name)) "|.cb")))

#? (load-iris) sets iris-a (training set) and iris-t (test set) to the codebooks of Fisher's irises read from iris_train and iris_test (.cb text files, found through the search path); returns iris-t
(de load-iris ()
  (let ((train (%knn-find-cb "iris_train"))
        (test (%knn-find-cb "iris_test")))
    (when (not (and train test))
      (%err 'load-iris "cannot find the iris codebooks iris_train.cb and iris_test.cb (looked in the loading file's folder, the current folder, sn's library and SN_PATH)" (if train "iris_test.cb" "iris_train.cb")))
    (setq iris-a (load-ascii-codebook train))
    (setq iris-t (load-ascii-codebook test))))

;; ---------------------------------------------------------------- k-NN

#? (test-knn cbdata n cbref [k]) t when the k-NN rule in cbref (k 1) gives word n of cbdata its label, else ()
(de test-knn (cbdata n cbref &optional (k 1))
  (= (knn-class (codebook-word cbdata n) cbref k)
     (codebook-label cbdata n)))

#? (confusion-knn cbdata cbref [k]) the matrix counting the words of cbdata of label r that the k-NN rule (k 1) in cbref puts in class c, at row r, column c
(de confusion-knn (cbdata cbref &optional (k 1))
  (let* ((top (max (sup (codebook-labels cbdata)) (sup (codebook-labels cbref))))
         (counts (double-array (1+ top) (1+ top))))
    (for (n 0 (1- (car (bound (codebook-word cbdata)))))
      (let ((r (codebook-label cbdata n))
            (c (knn-class (codebook-word cbdata n) cbref k)))
        (counts r c (+ 1 (counts r c)))))
    counts))

#? (codebook-dist-and-labels x cbref) a matrix of two columns: the distances of vector x to the words of cbref, and their labels
(de codebook-dist-and-labels (x cbref)
  (let* ((d (codebook-distances x cbref))
         (res (double-array (car (bound d)) 2)))
    (array-copy d (submatrix res () 0))
    (array-copy (codebook-label cbref) (submatrix res () 1))
    res))

;; ---------------------------------------------------------------- editing

;; The n consecutive slices of cb (sharing its words), as a list.
(de %knn-slices (cb n)
  (let* ((last (1- (car (bound (codebook-word cb)))))
         (size (/ (1+ last) n))
         (res ()))
    (for (i 0 (1- n))
      (setq res (nconc1 res (codebook-split cb (int (* size i))
                                            (min last (1- (int (* size (1+ i)))))))))
    res))

#? (multiedit cb [n [verbose]]) the codebook left of cb by multiediting with n slices (n 3, at least 3): words that the nearest neighbour in the next slice misclassifies are dropped, until none is
(de multiedit (cb &optional (n 3) verbose)
  (when (< n 3)
    (%err 'multiedit "three subsets are required" n))
  (let ((drop (+ 10 (sup (codebook-labels cb))))
        (changed t))
    (while changed
      (setq changed ())
      (when verbose
        (printf "restarting with %d elements\n" (car (bound (codebook-word cb)))))
      (let* ((slices (%knn-slices cb n))
             (marks ()))
        ;; find the misclassified words of each slice first
        (for (i 0 (1- n))
          (let ((s (nth i slices))
                (ref (nth (mod (1+ i) n) slices))
                (bad ()))
            (for (j 0 (1- (car (bound (codebook-word s)))))
              (when (<> (knn-class (codebook-word s j) ref 1) (codebook-label s j))
                (setq changed t)
                (setq bad (cons j bad))))
            (setq marks (nconc1 marks bad))))
        ;; then mark them and keep the others
        (for (i 0 (1- n))
          (each ((j (nth i marks)))
            (codebook-label (nth i slices) j drop)))
        (setq cb (apply codebook-select (cons (lambda (c) (<> c drop)) slices)))))
    cb))

#? (condense cb [verbose]) a smaller codebook that classifies every word of cb right by the nearest-neighbour rule (Hart's condensing)
(de condense (cb &optional verbose)
  (let ((kept (codebook-split cb 0 0))
        (changed t))
    (while changed
      (setq changed ())
      (when verbose
        (printf "restarting with %d element(s)\n" (car (bound (codebook-word kept)))))
      (for (i 0 (1- (car (bound (codebook-word cb)))))
        (let ((near (car (knn (codebook-word cb i) kept 1))))
          (when (<> (codebook-label kept near) (codebook-label cb i))
            (setq kept (codebook-merge kept (codebook-split cb i i)))
            (setq changed t)))))
    kept))

;; ---------------------------------------------------------------- k-means, LVQ

#? (k-means-class cbdata k [classes]) k references per class (classes: a list of labels, default all of cbdata's) by k-means within each class, merged in one codebook
(de k-means-class (cbdata k &optional classes)
  (apply codebook-merge
         (all ((c (or classes (codebook-labels cbdata))))
           (k-means (codebook-select (lambda (l) (= l c)) cbdata) k))))

#? (codebook-assign-labels cbdata cbref [k]) labels each reference of cbref with the class it is most often among the k (1) nearest of, over the words of cbdata (ties broken at random); returns cbref
(de codebook-assign-labels (cbdata cbref &optional (k 1))
  (let* ((nref (car (bound (codebook-word cbref))))
         (votes (double-array nref (1+ (sup (codebook-labels cbdata))))))
    (for (i 0 (1- (car (bound (codebook-word cbdata)))))
      (let ((c (codebook-label cbdata i)))
        (each ((r (knn (codebook-word cbdata i) cbref k)))
          (votes r c (+ 1 (votes r c))))))
    (for (r 0 (1- nref))
      (let* ((row (votes r ()))
             (best (find-interval row (sup row))))
        (codebook-label cbref r
                        (if (cdr best)
                            (nth (int (rand 0 (length best))) best)
                          (car best)))))
    cbref))

#? (init-lvq cbdata k) k references by k-means over cbdata, labelled by codebook-assign-labels
(de init-lvq (cbdata k)
  (codebook-assign-labels cbdata (k-means cbdata k)))

#? (init-lvq-class cbdata k) k references per class by k-means-class
(de init-lvq-class (cbdata k)
  (k-means-class cbdata k))

;; ---------------------------------------------------------------- RBF

#? rbf-codebook the codebook of the RBF centres (set by init-rbf)
(setq rbf-codebook ())
#? rbf-classes the list of the labels the RBF network outputs (set by init-rbf)
(setq rbf-classes ())

;; The mean distance between 100 random words of cbdata and the other words,
;; each word's distance to itself replaced by the largest.
(de %rbf-mean-distance (cbdata)
  (let ((words (codebook-word cbdata))
        (total 0))
    (repeat 100
      (let* ((i (int (rand 0 (car (bound words)))))
             (d (codebook-distances (submatrix words i ()) cbdata)))
        (d i (sup-mat d))
        (incr total (mean-mat d))))
    total))

#? (init-rbf cbdata k) builds the RBF network on k centres per class by k-means-class (or on a codebook given as k): input layer of distances, bell layer, one output per class; returns t
(de init-rbf (cbdata k)
  (setq age 0)
  (setq rbf-classes (codebook-labels cbdata))
  (setq rbf-codebook
        (cond ((numberp k) (k-means-class cbdata k))
              ((= (classof k) |CODEBOOK|) k)
              (t (%err 'init-rbf "Not a number or a codebook" k))))
  (let ((nrbf (car (bound (codebook-word rbf-codebook))))
        (nclass (length rbf-classes)))
    (alloc-net (+ 1 (* 2 nrbf) (* 2 nclass))
               (+ nrbf (* nclass (1+ nrbf))))
    (build-net-nobias '((input-layer nrbf) (bell-layer nrbf (nlf-bell)) (output-layer nclass))
                      ())
    (each ((i input-layer) (j bell-layer)) (connect i j))
    (bias-connect output-layer)
    (connect bell-layer output-layer))
  (let ((w (/ 50 (%rbf-mean-distance cbdata))))
    (each ((i input-layer) (j bell-layer)) (sval i j w)))
  t)

#? (rbf-present-pattern layer n) puts into layer the distances of word n of rbf-cbdata to the centres of rbf-codebook
(de rbf-present-pattern (layer n)
  (get-pattern-2 (codebook-distances (submatrix (codebook-word rbf-cbdata) n ()) rbf-codebook)
                 layer))

#? (rbf-present-desired layer n) puts into layer 1 for the output of the class of word n of rbf-cbdata, -1 for the others
(de rbf-present-desired (layer n)
  (let ((c (codebook-label rbf-cbdata n)))
    (each ((u desired-layer) (l rbf-classes))
      (nval u (if (= l c) 1 -1)))))

#? (learn-rbf cbdata niter [epssigma epsclass]) niter sweeps of back-propagation over cbdata, the rates of the bell and output layers falling linearly to 0; returns t
(de learn-rbf (cbdata niter &optional epssigma epsclass)
  (when (not epssigma)
    (setq epssigma (* 0.02 (mean (flatten (all ((u bell-layer)) (weight u)))))))
  (when (not epsclass)
    (setq epsclass (/ 0.02 (sqrt (length bell-layer)))))
  (let ((rbf-cbdata cbdata)
        (present-pattern rbf-present-pattern)
        (present-desired rbf-present-desired)
        (dsigma (/ epssigma niter))
        (dclass (/ epsclass niter))
        (patt-min 0)
        (patt-max (1- (car (bound (codebook-word cbdata))))))
    (repeat niter
      (epsilon bell-layer epssigma)
      (epsilon output-layer epsclass)
      (for (n patt-min patt-max) (basic-iteration n))
      (setq epssigma (- epssigma dsigma))
      (setq epsclass (- epsclass dclass))))
  t)

#? (perf-rbf cbdata) the performance of the RBF network on cbdata (class-max), printed as perf prints it
(de perf-rbf (cbdata)
  (let ((rbf-cbdata cbdata)
        (present-pattern rbf-present-pattern)
        (present-desired rbf-present-desired)
        (patt-min 0)
        (patt-max (1- (car (bound (codebook-word cbdata))))))
    (set-class-max)
    (perf)))

;; ---------------------------------------------------------------- bidimensional data

;; A plot port mapping [xmin,xmax]x[ymin,ymax] on the current window.
(de %bidim-port (xmin ymin xmax ymax)
  (new-plot-port (list 0 (ysize) (xsize) 0) (list xmin ymin xmax ymax) open-circle))

#? (bidim-display-dots cb xmin ymin xmax ymax) plots the words of cb (first two coordinates) as dots
(de bidim-display-dots (cb xmin ymin xmax ymax)
  (let ((plot-port (%bidim-port xmin ymin xmax ymax)))
    (for (i 0 (1- (car (bound (codebook-word cb)))))
      (plt-plot (cb i 0) (cb i 1)))))

#? (bidim-display-1d cb xmin ymin xmax ymax) draws the words of cb joined by a line in order (nothing for an empty cb)
(de bidim-display-1d (cb xmin ymin xmax ymax)
  (let ((plot-port (%bidim-port xmin ymin xmax ymax))
        (n (car (bound (codebook-word cb)))))
    (when (> n 0)
      (plt-move (cb 0 0) (cb 0 1))
      (for (i 1 (1- n))
        (plt-draw (cb i 0) (cb i 1))))))

#? (bidim-display-ring cb xmin ymin xmax ymax) draws the words of cb joined by a closed line (nothing for an empty cb)
(de bidim-display-ring (cb xmin ymin xmax ymax)
  (let* ((last (1- (car (bound (codebook-word cb)))))
         (plot-port (%bidim-port xmin ymin xmax ymax)))
    (when (>= last 0)
      (plt-move (cb last 0) (cb last 1))
      (for (i 0 last)
        (plt-draw (cb i 0) (cb i 1))))))

#? (bidim-display-2d cb n m xmin ymin xmax ymax) draws the words of cb as a grid of n lines and m columns
(de bidim-display-2d (cb n m xmin ymin xmax ymax)
  (let ((grid (double-array n m 2)))
    (copy-any-matrix (submatrix (codebook-word cb) () '(0 1)) grid)
    (let ((plot-port (%bidim-port xmin ymin xmax ymax)))
      (for (i 0 (1- n))
        (plt-move (grid i 0 0) (grid i 0 1))
        (for (j 1 (1- m)) (plt-draw (grid i j 0) (grid i j 1))))
      (for (j 0 (1- m))
        (plt-move (grid 0 j 0) (grid 0 j 1))
        (for (i 1 (1- n)) (plt-draw (grid i j 0) (grid i j 1)))))))

#? (bidim-query string [xmin ymin xmax ymax]) shows string atop the current window and returns a codebook of the points clicked below it (scaled to the range, default [-1,1]²) until a click on the title
(de bidim-query (string &optional xmin ymin xmax ymax)
  (when (not xmin) (setq xmin -1 ymin -1 xmax 1 ymax 1))
  (cls)
  (gprintf 5 12 string)
  (draw-line 0 15 (xsize) 15)
  (let ((points ()) (going t))
    (while going
      (let ((click (get-click)))
        (if (or (not click) (< (cadr click) 15))
            (setq going ())
          (let ((x (car click)) (y (cadr click)))
            (draw-circle x y 3)
            (setq points (nconc1 points
                                 (list (+ xmin (/ (* x (- xmax xmin)) (xsize)))
                                       (- ymax (/ (* y (- ymax ymin)) (ysize))))))))))
    (let ((cb (new-codebook (length points) 2)))
      (for (i 0 (1- (length points)))
        (cb i 0 (car (nth i points)))
        (cb i 1 (cadr (nth i points))))
      cb)))

#? (bidim-init-ring cbdata nrefs) a codebook of nrefs references on a circle about the mean of cbdata's first two coordinates, of radius twice sdev-mat of its words
(de bidim-init-ring (cbdata nrefs)
  (let* ((words (codebook-word cbdata))
         (cx (mean-mat (submatrix words () 0)))
         (cy (mean-mat (submatrix words () 1)))
         (r (* 2 (sdev-mat words)))
         (ref (new-codebook nrefs (cadr (bound words))))
         (step (/ 6.28 nrefs)))
    (for (i 0 (1- nrefs))
      (ref i 0 (+ cx (* r (cos (* i step)))))
      (ref i 1 (+ cy (* r (sin (* i step))))))
    ref))

#? (bidim-init-2d cbdata n m) a codebook of n*m references on a grid of n lines and m columns spanning twice sdev-mat of each of cbdata's first two coordinates about their means
(de bidim-init-2d (cbdata n m)
  (let* ((words (codebook-word cbdata))
         (sx (* 2 (sdev-mat (submatrix words () 0))))
         (sy (* 2 (sdev-mat (submatrix words () 1))))
         (x0 (- (mean-mat (submatrix words () 0)) sx))
         (y0 (- (mean-mat (submatrix words () 1)) sy))
         (dx (/ (* 2 sx) (1- m)))
         (dy (/ (* 2 sy) (1- n)))
         (ref (new-codebook (* n m) (cadr (bound words)))))
    (for (i 0 (1- n))
      (for (j 0 (1- m))
        (ref (+ j (* i m)) 0 (+ x0 (* dx j)))
        (ref (+ j (* i m)) 1 (+ y0 (* dy i)))))
    ref))

;; ---------------------------------------------------------------- topological maps

#? (learn-tmap cbdata cbref niter topo epsi dst [display]) niter sweeps of Kohonen's rule over cbdata: each word pulls, by (epsi coeff) times (dst d coeff), the references of cbref at map distance d (given by (topo winner mat)) from its nearest; coeff falls from 1; (display cbdata cbref t) after each sweep
(de learn-tmap (cbdata cbref tmax topofunc epsifunc dstfunc &optional displayfunc)
  (let* ((ndata (car (bound (codebook-word cbdata))))
         (nref (car (bound (codebook-word cbref))))
         (dist (double-array nref)))
    (for (tnow 0 (1- tmax))
      (let ((coeff (/ (- tmax tnow) tmax)))
        (for (i 0 (1- ndata))
          (let ((x (codebook-word cbdata i))
                (eps (epsifunc coeff)))
            (topofunc (car (knn x cbref 1)) dist)
            (for (j 0 (1- nref))
              (let ((f (dstfunc (dist j) coeff)))
                (when f
                  (let ((w (codebook-word cbref j))
                        (a (* f eps)))
                    (idx-f1dotc w (- 1 a) w)
                    (idx-f1dotcacc x a w))))))))
      (when displayfunc (displayfunc cbdata cbref tnow)))))

;; A topology hook reading the map distances of node i from the table z of
;; distances to the centre (the node at index sizes in z): for each
;; dimension of size s, the slice of z starting at s - (i's coordinate).
(de %tmap-hook (z sizes)
  (let ((strides (all ((k (range 1 (length sizes)))) (apply * (nthcdr k sizes)))))
    (eval `(lambda (i mat)
             (let ((rest i) (subs ()))
               (each ((s ',sizes) (stride ',strides))
                 (let ((k (div rest stride)))
                   (setq rest (- rest (* k stride)))
                   (setq subs (nconc1 subs (list (- s k) (- (* 2 s) 1 k))))))
               (array-copy (apply submatrix (cons ,z subs)) mat))))))

#? (tmap-topo-kd n1 ... nk) the topology hook of a k-dimensional grid n1 x ... x nk (city-block distance)
(de tmap-topo-kd sizes
  (let* ((z (apply double-array (all ((s sizes)) (* 2 s))))
         (nd (length sizes)))
    (for (d 0 (1- nd))
      (let ((s (nth d sizes)))
        (for (i 0 (1- (* 2 s)))
          (let ((slice (apply submatrix (cons z (all ((e (range 0 (1- nd)))) (if (= e d) i ()))))))
            (m+c slice (abs (- i s)) slice)))))
    (%tmap-hook z sizes)))

#? (tmap-topo-1d n) the topology hook of a line of n nodes
(de tmap-topo-1d (n) (tmap-topo-kd n))
#? (tmap-topo-2d n m) the topology hook of a grid of n lines and m columns
(de tmap-topo-2d (n m) (tmap-topo-kd n m))
#? (tmap-topo-3d n m p) the topology hook of an n x m x p grid
(de tmap-topo-3d (n m p) (tmap-topo-kd n m p))

#? (tmap-topo-ring n) the topology hook of a ring of n nodes
(de tmap-topo-ring (n)
  (let ((z (double-array (* 2 n))))
    (for (i 0 (1- (* 2 n)))
      (z i (min i (abs (- n i)) (abs (- (* 2 n) i)))))
    (%tmap-hook z (list n))))

#? (tmap-epsi-const eps) the learning-rate hook giving eps always
(de tmap-epsi-const (ieps) (eval `(lambda (coeff) ,ieps)))
#? (tmap-epsi-lin eps) the learning-rate hook giving eps times coeff (falling from eps to 0)
(de tmap-epsi-lin (ieps) (eval `(lambda (coeff) (* ,ieps coeff))))
#? (tmap-dst-const d) the neighbourhood hook giving 1 up to map distance d, () beyond
(de tmap-dst-const (idist) (eval `(lambda (d coeff) (when (<= d ,idist) 1))))
#? (tmap-dst-lin d) the neighbourhood hook giving 1 up to map distance d times coeff, () beyond
(de tmap-dst-lin (idist) (eval `(lambda (d coeff) (when (<= d (* ,idist coeff)) 1))))

;; A display hook: the iteration, the data as dots, the map drawn by 'draw'.
(de %tmap-display (draw xmin ymin xmax ymax)
  (when (not xmin) (setq xmin -1 ymin -1 xmax 1 ymax 1))
  (eval `(lambda (cbd cbr tnow)
           (graphics-batch
            (cls)
            (gprintf 10 10 "Iteration %d" tnow)
            (bidim-display-dots cbd ,xmin ,ymin ,xmax ,ymax)
            (,@draw cbr ,xmin ,ymin ,xmax ,ymax)))))

#? (tmap-display-bidim-1d [xmin ymin xmax ymax]) the display hook of a line map (range default [-1,1]²)
(de tmap-display-bidim-1d (&optional xmin ymin xmax ymax)
  (%tmap-display '(bidim-display-1d) xmin ymin xmax ymax))
#? (tmap-display-bidim-ring [xmin ymin xmax ymax]) the display hook of a ring map
(de tmap-display-bidim-ring (&optional xmin ymin xmax ymax)
  (%tmap-display '(bidim-display-ring) xmin ymin xmax ymax))
#? (tmap-display-bidim-2d n m [xmin ymin xmax ymax]) the display hook of an n x m grid map
(de tmap-display-bidim-2d (n m &optional xmin ymin xmax ymax)
  (when (not xmin) (setq xmin -1 ymin -1 xmax 1 ymax 1))
  (eval `(lambda (cbd cbr tnow)
           (graphics-batch
            (cls)
            (gprintf 10 10 "Iteration %d" tnow)
            (bidim-display-dots cbd ,xmin ,ymin ,xmax ,ymax)
            (bidim-display-2d cbr ,n ,m ,xmin ,ymin ,xmax ,ymax)))))

;; ---------------------------------------------------------------- demos

#? (tsp-demo [niter [epsi]]) the travelling salesman by a ring map: click cities in a new window, then a ring of twice as many nodes learns niter (the number of cities) sweeps at rate epsi (0.33) and snaps onto the cities
(de tsp-demo (&optional niter (epsi 0.33))
  (let ((window ()))
    (new-window)
    (let* ((cities (bidim-query "Enter cities then click here."))
           (ncities (car (bound (codebook-word cities))))
           (nrefs (* 2 ncities))
           (ring (bidim-init-ring cities nrefs)))
      (learn-tmap cities ring (or niter ncities) (tmap-topo-ring nrefs)
                  (tmap-epsi-const epsi) (tmap-dst-lin (/ ncities 2))
                  (tmap-display-bidim-ring))
      (learn-tmap cities ring 1 (tmap-topo-ring nrefs)
                  (tmap-epsi-const 1) (tmap-dst-const 0)
                  (tmap-display-bidim-ring)))
    window))

#? (grid-demo) a grid map learning the points clicked in a new window (30 sweeps)
(de grid-demo ()
  (let ((window ()))
    (new-window)
    (let* ((points (bidim-query "Enter cities then click here."))
           (npoints (car (bound (codebook-word points))))
           (side (int (sqrt (+ 4 (/ npoints 2)))))
           (grid (bidim-init-2d points side side)))
      (bidim-display-2d grid side side 0 0 (xsize) (ysize))
      (learn-tmap points grid 30 (tmap-topo-2d side side) (tmap-epsi-lin 0.1)
                  (tmap-dst-lin (/ side 4)) (tmap-display-bidim-2d side side)))
    window))
