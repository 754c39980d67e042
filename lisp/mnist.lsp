;; mnist.lsp -- the embedded MNIST digits and the preprocessing of the
;; historical experiments.
;;
;; sn embeds 10 000 MNIST digits (data/mnist/, see data/README.md):
;; 8 000 for training ("train") and 2 000 for testing ("test"), 28x28 grey
;; levels 0..255 (0 is background), labels 0..9.
;;
;;   (libload "mnist")
;;   (setq imgs (mnist-images "train"))          ; 8000x28x28
;;   (setq pd (mnist-patterns "train" 320 'bin16)) ; (patterns desired labels)
;;
;; Preprocessing of single images (28x28 arrays, values 0..255):
;;   mnist-pad32    centre in 32x32 (LeNet-5 inputs)
;;   mnist-scale    background -> bg, full ink -> ink (default -0.1 and 1.175)
;;   mnist-16       area-average down to 16x16 (the size of the 1989 inputs)
;;   mnist-binarize +1 for ink, -1 for background
;;   mnist-shift    random shift of a few pixels
;;   mnist-distort  random affine + elastic distortion
;; All random choices use the interpreter's seeded generator: (seed n)
;; makes them reproducible.

(defvar mnist-cache ())

#? (mnist-file name) the path of the embedded MNIST file name.
(de mnist-file (name)
  (concat sn-home "/data/mnist/" name))

(de mnist-part-prefix (part)
  (cond ((= part "train") "train")
        ((= part "test") "t10k")
        (t (error "mnist: part must be \"train\" or \"test\"" part))))

(de mnist-load-cached (name)
  (let ((hit (assoc name mnist-cache)))
    (if hit
        (cdr hit)
      (let ((m (load-matrix (mnist-file name))))
        (setq mnist-cache (cons (cons name m) mnist-cache))
        m))))

#? (mnist-images part) the images of part "train" (8000x28x28) or
#? "test" (2000x28x28), grey levels 0..255; loaded once and shared.
(de mnist-images (part)
  (mnist-load-cached (concat (mnist-part-prefix part) "-images-idx3-ubyte.gz")))

#? (mnist-labels part) the labels (0..9) of part "train" or "test".
(de mnist-labels (part)
  (mnist-load-cached (concat (mnist-part-prefix part) "-labels-idx1-ubyte.gz")))

#? (mnist-pad32 img) a 28x28 image centred in a fresh 32x32 one (LeNet-5).
(de mnist-pad32 (img)
  (image-pad img 32 32 0))

#? (mnist-scale img [bg ink]) grey levels 0..255 mapped linearly so that the
#? background is bg (default -0.1) and full ink is ink (default 1.175).
(de mnist-scale (img &optional (bg -0.1) (ink 1.175))
  (idx-add (idx-mul img (/ (- ink bg) 255)) bg))

#? (mnist-16 img) a 28x28 image reduced to 16x16 by area averaging.
(de mnist-16 (img)
  (image-downsample img 16 16))

#? (mnist-binarize img [threshold]) +1 where the grey level exceeds
#? threshold (default 127.5, half ink), -1 elsewhere.
(de mnist-binarize (img &optional (threshold 127.5))
  (image-binarize img threshold))

#? (mnist-random-int n) a random integer in -n..n from the seeded generator.
(de mnist-random-int (n)
  (- (int (rand 0 (+ 1 (* 2 n)))) n))

#? (mnist-shift img [n fill]) img moved by a random number of pixels in
#? -n..n (default 2) along each axis; fill (default 0) enters.
(de mnist-shift (img &optional (n 2) (fill 0))
  (image-shift img (mnist-random-int n) (mnist-random-int n) fill))

#? (mnist-distort img [angle scale alpha sigma fill]) a random affine
#? distortion (rotation up to angle degrees, default 10; scaling by up to
#? 1 +- scale, default 0.1) followed by an elastic distortion of strength
#? alpha (default 8; 0 for none) and smoothness sigma (default 4 pixels).
(de mnist-distort (img &optional (angle 10) (scale 0.1) (alpha 8) (sigma 4) (fill 0))
  (let* ((th (* (rand (- angle) angle) 0.0174532925))
         (sy (+ 1 (rand (- scale) scale)))
         (sx (+ 1 (rand (- scale) scale)))
         (c (cos th))
         (s (sin th))
         (out (image-affine img (/ c sy) (/ (- s) sy) (/ s sx) (/ c sx) 0 0 fill)))
    (if (> alpha 0)
        (image-elastic out alpha sigma fill)
      out)))

#? (mnist-prepare img format) one 28x28 image in a format:
#? 'raw (28x28, 0..1), 'lenet (32x32, -0.1..1.175), 'scaled16 (16x16,
#? -0.1..1.175), 'bin16 (16x16, +-1, as the 1989 digits).
(de mnist-prepare (img format)
  (selectq format
    (raw (idx-mul img (/ 1 255)))
    (lenet (mnist-scale (mnist-pad32 img)))
    (scaled16 (mnist-scale (mnist-16 img)))
    (bin16 (mnist-binarize (mnist-16 img)))
    (t (error "mnist-prepare: unknown format" format))))

#? (mnist-format-dims format) the dims of one image in format.
(de mnist-format-dims (format)
  (selectq format
    (raw '(28 28))
    (lenet '(32 32))
    ((scaled16 bin16) '(16 16))
    (t (error "mnist-format-dims: unknown format" format))))

#? (mnist-patterns part n format [distort]) the first n digits of part in
#? format (see mnist-prepare), as SN2.8 matrices: returns the list
#? (patterns desired labels) where patterns is n x pixels (one digit per
#? row), desired is n x 10 (+1 for the class, -1 elsewhere) and labels is
#? the n labels. With distort a function, each 28x28 image is passed
#? through it first (e.g. mnist-shift or mnist-distort).
(de mnist-patterns (part n format &optional distort)
  (let* ((imgs (mnist-images part))
         (labs (mnist-labels part))
         (dims (mnist-format-dims format))
         (size (* (car dims) (cadr dims)))
         (pats (matrix n size))
         (des (array-fill (matrix n 10) -1))
         (lab (matrix n)))
    (when (> n (idx-dim imgs 0))
      (error "mnist-patterns: not that many digits" n))
    (for (i 0 (- n 1))
      (let ((img (idx-select imgs 0 i)))
        (when distort (setq img (distort img)))
        (array-copy (idx-reshape (mnist-prepare img format) size) (pats i ()))
        (lab i (labs i))
        (des i (labs i) 1)))
    (list pats des lab)))

#? (mnist-text-art img) the lines of a text
#? picture of a 2-D image of grey levels 0..255 (one character per pixel).
(de mnist-text-art (img)
  (let ((ramp " .:-=+*#%@")
        (lines ()))
    (for (y 0 (- (idx-dim img 0) 1))
      (let ((line ""))
        (for (x 0 (- (idx-dim img 1) 1))
          (let ((k (int (* 9.99 (/ (max 0 (min 255 (img y x))) 255)))))
            (setq line (concat line (substring ramp k (+ k 1))))))
        (setq lines (cons line lines))))
    (reverse lines)))
