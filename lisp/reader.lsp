;; reader.lsp -- reading handwritten amounts with graph transformers, as
;; the cheque reader of LeCun, Bottou, Bengio and Haffner (1998, sections
;; V-X): heuristic over-segmentation of the field, a recognizer on every
;; segment, the interpretation graph, composition with the grammar of
;; amounts, Viterbi. The recognizer is first trained on isolated
;; characters (the segments of the correct segmentation, and junk: the
;; segments that straddle two characters or cut one), then end to end on
;; whole fields with the discriminative forward criterion (section VI),
;; back-propagated through the graph transformers into its weights, with
;; stochastic diagonal Levenberg-Marquardt. The same recognizer run once
;; over the whole field is the space-displacement net (section VII).
;;
;;   (libload "reader")
;;   (setq r (new-reader 1))        ; recognizer, states, transformers
;;   (setq r2 (new-reader 1 2))     ; a committee of two recognizers
;;   (setq d (reader-char-data 1 3000 'train))   ; characters of 3 000 fields
;;   (reader-train-chars r (reader-net 1 13) (new-trainer 16 0.002 0.9)
;;                       (car d) (car d) 8)      ; 8 passes
;;   (reader-read r (car (amount-field 7 0 'test)))
;;   ; -> ("1,234.56" penalty posterior labels arcs)
;;
;; examples/read-amounts.lsp runs the whole experiment.
;;
;; Classes: digits 0-9, comma 10, point 11, junk 12.

(libload "net-reader")

(setq reader-classes 13 reader-junk 12)

;; The segment images' placement: () for segment-field's default (the ink
;; scaled to 22 pixels and centred by its mass, small ink left as in the
;; field), else a list (size min-side) of its arguments; '(0) gives the
;; images before that normalisation (the field's rows, centred in width).
(setq reader-segment-norm ())
;; The band of the cut paths: () for segment-field's default (4 columns),
;; 0 for straight cuts.
(setq reader-cut-band ())

#? (reader-segment-field image) segment-field on a field image with the
#? placement of segment images reader-segment-norm (() for segment-field's
#? default, or a list (size min-side) of its size and min-side arguments)
#? and the band of cut paths reader-cut-band (() for the default).
(de reader-segment-field (image)
  (segment-field image () () (car reader-segment-norm) (cadr reader-segment-norm)
                 reader-cut-band))

;; The rate of the character bonus (one number: plain gradient steps).
(setq reader-bonus-rate 0.01)
;; The numbers segment-field gives on each segment's shape, and the rate
;; of the segmenter's penalties learnt from them (plain gradient steps).
(setq reader-geometry 3 reader-geometry-rate 0.03)

#? (new-reader rseed [members]) a reader, its weights drawn after (seed
#? rseed): an alist of its recognizer (the module sequence of
#? reader-modules: LeNet-5 made convolutional in width, its last layer the
#? log-softmax over 13 classes), its parameters (rate factors eps 1 until
#? reader-set-rates), its input and output states, its grammars (made on
#? first use by reader-grammar), its character bonus (0 until learnt),
#? the weights of its segmenter's penalties (13 x reader-geometry, 0
#? until learnt: reader-segments) and the transformers it reads and
#? trains with. With members (1 unless
#? given: a number of LeNet-5s, or a list of each member's widths as
#? reader-modules takes them, () for LeNet-5's) recognizers, a committee:
#? each member has its own parameters
#? and states (the list members of (param seq in out widths); param, seq and in
#? are the first member's), and the reader's output state out holds the
#? mean of their log-probabilities (the log of the geometric mean of their
#? probabilities), which the graphs read and back-propagate into every
#? member.
(de new-reader (rseed &optional members)
  (seed rseed)
  (let* ((widths (cond ((consp members) members)
                       ((or (not members) (reader-counts-p (list members)))
                        (let ((l ())) (for (i 1 (or members 1)) (setq l (cons () l))) l))
                       (t (error (quote new-reader) "members is a number of recognizers (1 or more) or a list of their widths" members))))
         (ms (mapcar reader-member widths))
         (m (car ms)))
    (list (cons 'param (car m)) (cons 'seq (cadr m)) (cons 'in (caddr m))
          (cons 'out (new-state 1 reader-classes 1 1))
          (cons 'members ms) (cons 'shifts '((0 0)))
          (list 'grammars)
          (cons 'bonus 0) (cons 'bonus-dx 0)
          (cons 'geometry (matrix reader-classes reader-geometry))
          (cons 'geometry-dx (matrix reader-classes reader-geometry))
          (cons 'all (new-gt-compose-forward)) (cons 'answer (new-gt-compose-forward))
          (cons 'best (new-gt-compose-viterbi)))))

;; One recognizer of a reader, of reader-modules' widths: (param seq in
;; out widths), rates eps 1.
(de reader-member (widths)
  (let* ((p (new-param))
         (seq (reader-modules p reader-classes () widths)))
    (==> p set-eps 1 1)
    (list p seq (new-state 1 1 32 32) (new-state 1 reader-classes 1 1) widths)))

#? (reader-get r key) the part key of reader r.
(de reader-get (r key) (cdr (assoc key r)))

#? (reader-set-shifts r shifts) makes reader r read every segment image
#? shifted by each (dy dx) of the list shifts (rows down, columns right;
#? '((0 0)) reads them as they are) and average the log-probabilities,
#? as a committee of one recognizer on shifted inputs: the graphs read
#? the mean and its gradient goes back through every shifted copy. The
#? frames of a space-displacement net are not shifted. Returns shifts.
(de reader-set-shifts (r shifts)
  (unless (and (consp shifts) (reader-shifts-p shifts))
    (error (quote reader-set-shifts) "shifts is a list of (dy dx), whole numbers of pixels below 32" shifts))
  (rplacd (assoc 'shifts r) shifts)
  shifts)

;; True when every element of the list l is a list (dy dx) of whole
;; numbers below 32 in size.
(de reader-shifts-p (l)
  (cond ((not l) t)
        ((and (consp (car l)) (= (length (car l)) 2)
              (reader-pixels-p (car (car l))) (reader-pixels-p (cadr (car l))))
         (reader-shifts-p (cdr l)))
        (t ())))

(de reader-pixels-p (x)
  (and (numberp x) (= x (int x)) (< (abs x) 32)))

;; The segment images (n x 1 x 32 x 32) shifted by each (dy dx) of shifts,
;; background around: a batch of n x (length shifts), block k shifted by
;; the k-th.
(de reader-shifted-images (images shifts)
  (let* ((n (idx-dim images 0))
         (out (array-fill (matrix (* n (length shifts)) 1 32 32) -0.1))
         (k 0))
    (each ((s shifts))
      (let* ((dy (car s)) (dx (cadr s))
             (h (- 32 (abs dy))) (w (- 32 (abs dx))))
        (array-copy (idx-narrow (idx-narrow images 2 h (max 0 (- dy))) 3 w (max 0 (- dx)))
                    (idx-narrow (idx-narrow (idx-narrow out 0 n (* k n)) 2 h (max 0 dy)) 3 w (max 0 dx))))
      (incr k))
    out))

;; ---------------------------------------------------------------- grammars

#? (sdnn-grammar g) the grammar g for the frames of a space-displacement
#? net: every character of g may last several frames (its arc becomes an
#? arc to a new node that loops on the same label, then a null arc on;
#? null arcs stay), and junk frames (no character centred in the window)
#? may come before, between and after the characters.
(de sdnn-grammar (g)
  (let* ((n (==> g nnodes)) (h (new-graph n)))
    (==> h set-start (==> g start))
    (==> h set-end (==> g end))
    (for (i 0 (- n 1)) (==> h add-arc i i reader-junk))
    (each ((a (==> g arcs)))
      (let ((l (nth 2 a)))
        (if (not (numberp l))
            (==> h add-arc (car a) (cadr a) l)
          (let ((m (==> h add-node)))
            (==> h add-arc (car a) m l)
            (==> h add-arc m m l)
            (==> h add-arc m (cadr a) 'null)))))
    h))

;; ---------------------------------------------------------------- recognizer

#? (reader-recognize r images [frames]) runs the recognizer on a batch of
#? segment images (n x 1 x 32 x 32; each shifted by each of the reader's
#? shifts, reader-set-shifts) or, with frames true, on a whole field
#? (1 x 1 x 32 x W); returns its output state: log-probabilities of the 13
#? classes, n x 13 x 1 x 1 or 1 x 13 x 1 x T; for a committee or several
#? shifts, the mean over members and shifts.
(de reader-recognize (r images &optional frames)
  (let* ((ms (reader-get r 'members)) (out (reader-get r 'out))
         (shifts (if frames '((0 0)) (reader-get r 'shifts)))
         (ns (length shifts))
         (n (idx-dim images 0))
         (input (if (= shifts '((0 0))) images (reader-shifted-images images shifts))))
    (each ((m ms))
      (==> (nth 2 m) set-x input)
      (==> (nth 1 m) fprop (nth 2 m) (nth 3 m)))
    (let ((sum ()))
      (each ((m ms))
        (for (k 0 (- ns 1))
          (let ((x (idx-narrow (==> (nth 3 m) x) 0 n (* k n))))
            (setq sum (if sum (idx-add sum x sum) (copy-matrix x))))))
      (==> out set-x (if (= (* ns (length ms)) 1) sum (idx-dotm0 sum (/ 1 (* ns (length ms)))))))
    out))

#? (reader-segments r image) the interpretation graph of a field by
#? heuristic over-segmentation: a list (interp seg cuts out-view dx-view
#? paths geometry),
#? interp's penalties the recognizer's -log p of each class on each
#? segment of the segmentation graph seg (arcs of interp: segment * 13 +
#? class) plus the reader's character penalty (its bonus, learnt end to
#? end: over segments, a path of more characters adds more -log p, and
#? without it the reader would merge neighbours to read fewer) plus the
#? segmenter's penalty of the class on the segment (the segment's
#? geometry, as segment-field gives it: the ink its cut paths cross, its
#? height against the field's ink and its width, times the
#? class's row of the reader's geometry weights, learnt end to end: a
#? segment that cuts through strokes, or a piece lower than the field's
#? characters, is less likely a character), cuts the
#? column of each node of seg, the recognizer's output x and dx, where
#? the graph's penalties come from and its gradients go, the paths of
#? the cuts and the geometry (segment-field's).
(de reader-segments (r image)
  (let* ((s (reader-segment-field image))
         (out (reader-recognize r (cadr s)))
         (interp (graph-expand (car s) reader-classes))
         (bonus (reader-get r 'bonus))
         (geometry (nth 4 s)) (n (idx-dim geometry 0)))
    (==> interp load-penalties (==> out x) -1)
    (unless (= bonus 0)
      (==> interp set-penalties (idx-addm0 (==> interp penalties) bonus)))
    (when (> n 0)
      (==> interp set-penalties
           (idx-add (==> interp penalties)
                    (idx-reshape (idx-m2timesm2 geometry (idx-transpose (reader-get r 'geometry)))
                                 (* n reader-classes)))))
    (list interp (car s) (caddr s) (==> out x) (==> out dx) (nth 3 s) geometry)))

#? (reader-pad-field image) the field image with 16 columns of background
#? on each side and up to 3 more on the right, so that a
#? space-displacement net centres a window on every character and its
#? width is 32 + 4k.
(de reader-pad-field (image)
  (let* ((w (idx-dim image 1))
         (w2 (+ w 32))
         (w3 (+ w2 (mod (- 4 (mod w2 4)) 4)))
         (m (array-fill (matrix 32 w3) -0.1)))
    (array-copy image (idx-narrow m 1 w 16))
    m))

#? (reader-frames r image) the interpretation graph of a field by the
#? space-displacement net: the recognizer run once over the padded field
#? gives T vectors of 13 log-probabilities, one every 4 pixels; interp is
#? the linear graph of T steps of 13 arcs (step * 13 + class). A list
#? (interp () () out-view dx-view) as reader-segments.
(de reader-frames (r image)
  (let* ((f (reader-pad-field image))
         (out (reader-recognize r (idx-reshape f 1 1 32 (idx-dim f 1)) t))
         (x (idx-transpose (idx-select (idx-select (==> out x) 0 0) 1 0)))
         (dx (idx-transpose (idx-select (idx-select (==> out dx) 0 0) 1 0)))
         (n (idx-dim x 0))
         (g (new-graph (+ n 1))))
    (for (t 0 (- n 1)) (==> g add-arc t (+ t 1) 0 0 t))
    (setq g (graph-expand g reader-classes))
    (==> g load-penalties x -1)
    (list g () () x dx)))

#? (reader-interp r image sdnn) reader-frames when sdnn is true, else
#? reader-segments.
(de reader-interp (r image sdnn)
  (if sdnn (reader-frames r image) (reader-segments r image)))

#? (reader-grammar r kind sdnn) the grammar the interpretation graph of a
#? field of kind kind is composed with: the grammar of amounts for kind
#? amount, of exactly n digits for kind n; for the frames of a
#? space-displacement net, its sdnn-grammar. Made once per reader.
(de reader-grammar (r kind sdnn)
  (let* ((cell (assoc 'grammars r))
         (key (concat (str kind) (if sdnn "/frames" "")))
         (hit (assoc key (cdr cell))))
    (if hit
        (cdr hit)
      (let* ((g (if (numberp kind) (digits-grammar kind) (amount-grammar)))
             (g (if sdnn (sdnn-grammar g) g)))
        (rplacd cell (cons (cons key g) (cdr cell)))
        g))))

;; ---------------------------------------------------------------- reading

#? (reader-read r image [sdnn kind]) reads a field of kind kind (amount
#? unless given, or n for n digits): a list (text penalty
#? posterior labels arcs) of the best interpretation the grammar accepts
#? (Viterbi on the interpretation graph composed with the grammar),
#? the penalty of its best path, the posterior probability of that text
#? (exp of minus the forward penalty of the paths that read it plus the
#? forward penalty of all grammatical paths: the confidence used for
#? rejection), its classes, and the arcs of the interpretation graph on
#? the best path.
(de reader-read (r image &optional sdnn kind)
  (let* ((i (reader-interp r image sdnn))
         (interp (car i))
         (best (reader-get r 'best))
         (grammar (reader-grammar r (or kind 'amount) sdnn))
         (pen (==> best fprop interp grammar))
         (labels (reader-collapse (==> best labels) sdnn))
         (answer (reader-answer labels sdnn))
         (all (==> (reader-get r 'all) fprop interp grammar))
         (mine (==> (reader-get r 'answer) fprop interp answer)))
    (list (labels-text labels) pen (exp (- all mine)) labels (==> best arcs-a))))

;; The characters of a best path's labels. Over segments, every arc of
;; the path that is not null reads one character. Over the frames of a
;; space-displacement net, a character lasts one frame or more (its node of
;; sdnn-grammar loops on its label) and is closed by a null arc, and junk
;; frames read nothing: a character is counted at its first frame.
#? (reader-collapse labels sdnn) the characters a best path's labels read.
(de reader-collapse (labels sdnn)
  (let ((out ()) (open ()))
    (each ((l labels))
      (cond ((not (numberp l)) (setq open ()))
            ((>= l reader-junk))
            ((not sdnn) (setq out (cons l out)))
            ((not open) (setq out (cons l out) open t))))
    (reverse out)))

#? (reader-answer labels sdnn) the acceptor graph of the characters labels
#? (for the frames of a space-displacement net, its sdnn-grammar).
(de reader-answer (labels sdnn)
  (let ((a (graph-acceptor labels)))
    (if sdnn (sdnn-grammar a) a)))

;; ---------------------------------------------------------------- training

#? (reader-char-data seed nfields part [junk-keep kind distort]) isolated
#? characters for the recognizer, cut from nfields fields of stream seed
#? (part train or test, kind and distort as amount-field's): every segment of the
#? over-segmentation that is one character (by its ink: segment-truth),
#? with its class, and each junk segment (straddling two characters or
#? cutting one) with probability
#? junk-keep (0.15 unless given), class 12. A list (dataset nchars njunk).
(de reader-char-data (seed nfields part &optional junk-keep kind distort)
  (let* ((keep (or junk-keep 0.15))
         (cap (* nfields 16))
         (images (matrix cap 1 32 32))
         (labels (matrix cap))
         (n 0) (nchars 0) (njunk 0))
    (for (i 0 (- nfields 1))
      (let* ((f (amount-field seed i part (or kind 'amount) (or distort 0)))
             (s (reader-segment-field (car f)))
             (classes (car (segment-truth f s)))
             (k 0))
        (each ((c classes))
          (when (and (< n cap) (or (< c reader-junk) (< (rand) keep)))
            (array-copy (idx-select (cadr s) 0 k) (idx-select images 0 n))
            (labels n c)
            (incr n)
            (if (< c reader-junk) (incr nchars) (incr njunk)))
          (incr k))))
    (list (array-dataset (idx-narrow images 0 n 0) (idx-narrow labels 0 n 0))
          nchars njunk)))

#? (reader-train-chars r net trainer train test passes [member]) trains
#? net (made by reader-net with 13 classes) on the isolated characters of
#? data set train with train-net, then copies its weights into the
#? reader's recognizer (member number member of a committee, from 0; the
#? first unless given). Returns the test error in % on data set test.
(de reader-train-chars (r net trainer train test passes &optional member)
  (let ((err (train-net net trainer train test passes)))
    (array-copy (==> net weights) (==> (car (nth (or member 0) (reader-get r 'members))) x))
    err))

#? (reader-set-rates r data mu [n]) stochastic diagonal Levenberg-Marquardt:
#? the Gauss-Newton diagonal of the recognizer's parameters estimated on the
#? first n (500) characters of data set data (log-likelihood of their
#? class), then each parameter's rate factor eps = 1/(mu + that average);
#? for a committee, each member's from its own outputs.
(de reader-set-rates (r data mu &optional n)
  (let ((n (min (or n 500) (==> data size)))
        (cost (new-cost 'softmax-ce reader-classes)))
    (each ((m (reader-get r 'members)))
      (let ((p (car m)) (seq (nth 1 m)) (in (nth 2 m)) (out (nth 3 m)))
        (==> p clear-ddx)
        (for (i 0 (- n 1))
          (let ((l (list (==> data label i))))
            (==> in set-x (idx-reshape (==> data sample i) 1 1 32 32))
            (==> seq fprop in out)
            (==> cost fprop out l)
            (==> out clear-ddx)
            (==> cost bbprop out l)
            (==> seq bbprop in out)))
        (==> p set-eps mu n)))))

#? (reader-field-gradient r image text [sdnn kind]) the discriminative
#? forward criterion of a field of kind kind (amount unless given) whose
#? correct text is text: the forward penalty of
#? the interpretation graph composed with the correct answer, minus that of
#? the graph composed with the grammar (-log of the answer's posterior
#? probability). Its gradient goes back through both compositions, the
#? interpretation graph and the recognizer into the parameters' dx (cleared
#? first). Returns the criterion, or () when the correct answer is no path
#? of the interpretation graph (the over-segmentation missed a boundary
#? between two characters): nothing is learnt from such a field.
(de reader-field-gradient (r image text &optional sdnn kind)
  (let* ((i (reader-interp r image sdnn))
         (interp (car i))
         (answer (reader-answer (text-labels text) sdnn))
         (grammar (reader-grammar r (or kind 'amount) sdnn))
         (ta (reader-get r 'answer))
         (tall (reader-get r 'all))
         (constrained (catch-error (==> ta fprop interp answer) reader-no-path)))
    (when constrained
      (reader-backward r i interp answer grammar
                       (- constrained (==> tall fprop interp grammar))))))

;; The error handler of the constrained forward penalty: () when the
;; correct answer is no path of the interpretation graph (a domain error),
;; any other error raised again.
(de reader-no-path (message)
  (unless (= (error-info 'code) (error-code 'domain)) (error message))
  ())

;; The backward half of reader-field-gradient.
(de reader-backward (r i interp answer grammar loss)
  (let ((ta (reader-get r 'answer)) (tall (reader-get r 'all)))
    (==> interp clear-dx)
    (==> ta bprop interp answer 1)
    (==> tall bprop interp grammar -1)
    ;; the bonus is on every arc: its gradient is the sum of theirs; the
    ;; segmenter's penalty of class c on a segment is its geometry times
    ;; row c of the weights
    (rplacd (assoc 'bonus-dx r) (if (cadr i) (idx-sum (==> interp gradients)) 0))
    (let ((geometry (nth 6 i)) (dw (reader-get r 'geometry-dx)))
      (if (and geometry (> (idx-dim geometry 0) 0))
          (idx-m2timesm2 (idx-transpose (idx-reshape (==> interp gradients)
                                                     (idx-dim geometry 0) reader-classes))
                         geometry dw)
        ;; over frames: no segmenter
        (idx-clear dw)))
    (==> (reader-get r 'out) clear-dx)
    (==> interp scatter-gradients (nth 4 i) -1)
    (reader-members-bprop r)
    loss))

;; Back-propagates the gradient in the reader's output state into the
;; parameters' dx (cleared first) of every member: each shifted copy of
;; each member's output gets 1/(members x shifts) of it (its share of the
;; mean; all of it for one recognizer reading segments as they are).
(de reader-members-bprop (r)
  (let* ((ms (reader-get r 'members))
         (out (reader-get r 'out))
         (n (idx-dim (==> out dx) 0))
         ;; the shifted copies of the last reading (none over frames)
         (ns (div (idx-dim (==> (nth 3 (car ms)) dx) 0) n))
         (share (idx-dotm0 (==> out dx) (/ 1 (* ns (length ms))))))
    (each ((m ms))
      (for (k 0 (- ns 1))
        (array-copy share (idx-narrow (==> (nth 3 m) dx) 0 n (* k n))))
      (==> (car m) clear-dx)
      (==> (nth 1 m) bprop (nth 2 m) (nth 3 m)))))

#? (reader-train-field r image text eta [sdnn kind]) one step of end-to-end
#? training on a field: reader-field-gradient, then a step of eta times
#? the diagonal Levenberg-Marquardt rates (reader-set-rates), and steps of
#? reader-bonus-rate on the character bonus and of reader-geometry-rate on
#? the segmenter's weights over segments. Returns the
#? criterion before the step, or () for a field not learnt from. Each
#? member of a committee steps by eta times the number of members, so
#? that the mean output moves as a single recognizer's would.
(de reader-train-field (r image text eta &optional sdnn kind)
  (let ((loss (reader-field-gradient r image text sdnn kind))
        (ms (reader-get r 'members)))
    (when loss
      (each ((m ms)) (==> (car m) update (* eta (length ms)) 0 0 t))
      (let ((b (assoc 'bonus r)))
        (rplacd b (- (cdr b) (* reader-bonus-rate (reader-get r 'bonus-dx)))))
      (let ((w (reader-get r 'geometry)))
        (idx-sub w (idx-dotm0 (reader-get r 'geometry-dx) reader-geometry-rate) w)))
    loss))

;; ---------------------------------------------------------------- evaluation

#? (edit-distance a b) the Levenshtein distance between the lists a and b:
#? the fewest insertions, deletions and substitutions that turn a into b.
(de edit-distance (a b)
  (let* ((m (length a)) (n (length b))
         (d (matrix (+ m 1) (+ n 1))))
    (for (i 0 m) (d i 0 i))
    (for (j 0 n) (d 0 j j))
    (let ((x a))
      (for (i 1 m)
        (let ((y b))
          (for (j 1 n)
            (d i j (min (+ 1 (d (- i 1) j)) (+ 1 (d i (- j 1)))
                        (+ (d (- i 1) (- j 1)) (if (= (car x) (car y)) 0 1))))
            (setq y (cdr y))))
        (setq x (cdr x))))
    (d m n)))

#? (rejection-at results max-error) the smallest share of fields to
#? reject, the least confident first, so that at most max-error of the
#? fields kept are misread: results is a list of (posterior correct) and
#? the answer is a list (rejected-share error-share-of-kept kept).
(de rejection-at (results max-error)
  (let* ((s (sort results (lambda (u v) (> (car u) (car v)))))
         (n (length s)) (k 0) (errs 0) (best 0) (best-errs 0))
    (each ((u s))
      (incr k)
      (unless (cadr u) (incr errs))
      (when (<= errs (* max-error k)) (setq best k best-errs errs)))
    (list (/ (- n best) n) (if (> best 0) (/ best-errs best) 0) best)))

;; The string errors of the rejection curve reader-evaluate gives.
(setq reader-rejection-errors '(0.005 0.01 0.02 0.03 0.05))

#? (reader-evaluate r seed n kind [sdnn]) reads test fields 0 .. n-1 of
#? stream seed (kind as amount-field's) and returns an alist: n, correct
#? (whole fields read right), char-errors (edit distance summed) and chars
#? (characters of the truth), touching and touching-correct (the fields
#? with touching or overlapping neighbours), reject (the share to reject
#? for 1 % errors among the rest), curve (the share to reject for each
#? error of reader-rejection-errors, in that order: the rejection curve),
#? seconds.
(de reader-evaluate (r seed n kind &optional sdnn)
  (let ((ok 0) (cerr 0) (chars 0) (tn 0) (tok 0) (results ()) (t0 (time)))
    (for (i 0 (- n 1))
      (let* ((f (amount-field seed i 'test kind))
             (a (reader-read r (car f) sdnn kind))
             (truth (text-labels (cadr f)))
             (right (= (car a) (cadr f))))
        (when right (incr ok))
        (setq cerr (+ cerr (edit-distance (nth 3 a) truth)))
        (setq chars (+ chars (length truth)))
        (when (nth 3 f) (incr tn) (when right (incr tok)))
        (setq results (cons (list (nth 2 a) right) results))))
    (list (cons 'n n) (cons 'correct ok) (cons 'char-errors cerr) (cons 'chars chars)
          (cons 'touching tn) (cons 'touching-correct tok)
          (cons 'reject (car (rejection-at results 0.01)))
          (cons 'curve (mapcar (lambda (e) (car (rejection-at results e)))
                               reader-rejection-errors))
          (cons 'seconds (- (time) t0)))))

#? (reader-alone r seed n kind) the recognizer alone on the characters of
#? test fields 0 .. n-1 of stream seed, cut where the correct segmentation
#? cuts them (segment-truth's path; fields whose correct segmentation is no
#? path of the graph are left out): a list (errors chars expected), errors
#? the characters whose most probable class among the 12 characters (junk
#? left out) is wrong, and expected the share of fields that reading every
#? character alone at that error rate would read right: the mean of
#? (1 - errors/chars)^length over the fields. What the graph reads should
#? come close to it: the graph must not lose what the recognizer knows.
#? Then touching-errors and touching-chars: the same counts over the
#? fields with touching or overlapping neighbours only:
#? (errors chars expected touching-errors touching-chars).
(de reader-alone (r seed n kind)
  (let ((errs 0) (chars 0) (lengths ()) (terrs 0) (tchars 0))
    (for (i 0 (- n 1))
      (let* ((f (amount-field seed i 'test kind))
             (s (reader-segment-field (car f)))
             (path (cadr (segment-truth f s)))
             (labels (text-labels (cadr f)))
             (touching (nth 3 f)))
        (when path
          (let* ((x (==> (reader-recognize r (cadr s)) x))
                 (m (idx-reshape x (idx-dim x 0) reader-classes)))
            (setq lengths (cons (length labels) lengths))
            (each ((a path))
              (let ((seg (nth 4 (==> (car s) arc a))))
                (unless (= (car labels)
                           (idx-indexmax (idx-narrow (idx-select m 0 seg) 0 reader-junk 0)))
                  (incr errs)
                  (when touching (incr terrs)))
                (incr chars)
                (when touching (incr tchars))
                (setq labels (cdr labels))))))))
    (let ((q (- 1 (/ errs (max chars 1)))))
      (list errs chars
            (/ (apply + (mapcar (lambda (l) (** q l)) lengths)) (max (length lengths) 1))
            terrs tchars))))

#? (reader-train-fields r seed n passes eta kinds [sdnn distort])
#? end-to-end training on training fields 0 .. n-1 of stream seed (their
#? digits distorted by distort, as amount-field's), their kinds taken in
#? turn from the list kinds, for passes passes at rate eta (times the
#? diagonal Levenberg-Marquardt rates): prints the mean criterion, the
#? fields per second and the fields skipped (their answer no path of their
#? interpretation graph) of each pass; returns the last mean criterion.
(de reader-train-fields (r seed n passes eta kinds &optional sdnn distort)
  (let ((nk (length kinds)) (mean 0))
    (for (pass 1 passes)
      (let ((sum 0) (used 0) (t0 (time)))
        (for (i 0 (- n 1))
          (let* ((kind (nth (mod i nk) kinds))
                 (f (amount-field seed i 'train kind (or distort 0)))
                 (c (reader-train-field r (car f) (cadr f) eta sdnn kind)))
            (when c (setq sum (+ sum c)) (incr used))))
        (setq mean (/ sum (max used 1)))
        (printf "  pass %d: criterion %.4f, %.0f fields/s (%d fields without their answer skipped)\n"
                pass mean (/ n (- (time) t0)) (- n used))))
    mean))

;; ---------------------------------------------------------------- pictures

#? (reader-picture r image file [sdnn kind]) writes a PNG of a field of
#? kind kind (amount unless given) read by r:
#? the field (zoom 3), the answer and its posterior above it and, for
#? over-segmentation, the paths of the cuts of the best path's segments
#? with the class read in each segment. Returns the answer as reader-read does.
(de reader-picture (r image file &optional sdnn kind)
  (let* ((z 3) (w (idx-dim image 1))
         (a (reader-read r image sdnn kind))
         (win (new-window (+ 8 (* z w)) (+ 24 (* z 32)) "reader")))
    (draw-array 4 20 image 'gray-inverse -0.1 1.175 z)
    (color color-fg)
    (draw-text 4 12 (sprintf "%s  p=%.3f" (car a) (nth 2 a)))
    (unless sdnn
      (let* ((s (reader-segment-field image)) (seg (car s)) (cuts (caddr s)) (end-node ()))
        (color (alloccolor 0.8 0 0))
        (each ((e (nth 4 a)))
          (when e
            (let* ((arc (==> seg arc (div e reader-classes)))
                   (x0 (nth (car arc) cuts)))
              ;; each segment's left cut; the last one's right cut below
              (reader-draw-path (idx-select (nth 3 s) 0 (car arc)) 4 20 z)
              (setq end-node (cadr arc))
              (draw-text (+ 6 (* z x0)) (+ 30 (* z 32) -12)
                         (labels-text (list (mod e reader-classes)))))))
        (when end-node (reader-draw-path (idx-select (nth 3 s) 0 end-node) 4 20 z))))
    (save-window win file)
    a))

#? (reader-draw-path path x y z) draws in the current window and colour
#? the path of a cut (a row of segment-field's paths: one boundary per
#? row) over a field drawn at (x, y) with zoom z.
(de reader-draw-path (path x y z)
  (for (r 0 (- (idx-dim path 0) 1))
    (let ((b (+ x (* z (path r)))) (y0 (+ y (* z r))))
      (draw-line b y0 b (+ y0 z -1))
      (when (< r (- (idx-dim path 0) 1))
        (draw-line b (+ y0 z -1) (+ x (* z (path (+ r 1)))) (+ y0 z -1))))))

#? (reader-graph-picture r image file) writes a PNG of the segmentation
#? graph of a field: the field (zoom 4) with its cut paths, and under it one bar
#? per arc (segment) from its left cut to its right cut, stacked so that
#? bars do not overlap, each labelled with the class the recognizer reads
#? best in it (? for junk) and, where the bar is long enough, that class's
#? penalty; the bars of the best path read
#? through the grammar are red. Returns the number of arcs.
(de reader-graph-picture (r image file)
  (let* ((z 4) (w (idx-dim image 1))
         (i (reader-segments r image))
         (interp (car i)) (seg (cadr i)) (cuts (caddr i)) (x (nth 3 i))
         (best (reader-get r 'best))
         (dummy (==> best fprop interp (reader-grammar r 'amount ())))
         (on (mapcar (lambda (e) (and e (div e reader-classes))) (==> best arcs-a)))
         (rows ()) (placed ()) (n (==> seg narcs)))
    ;; greedy packing: each arc on the first row whose last bar ends before it
    (for (k 0 (- n 1))
      (let* ((arc (==> seg arc k)) (x0 (nth (car arc) cuts)) (x1 (nth (cadr arc) cuts))
             (row 0) (rs rows))
        (while (and rs (> (car rs) x0)) (setq rs (cdr rs)) (incr row))
        (if rs (rplaca rs x1) (setq rows (append rows (list x1))))
        (setq placed (cons (list k x0 x1 row) placed))))
    (let ((win (new-window (+ 8 (* z w)) (+ 30 (* z 32) (* 14 (length rows))) "graph")))
      (draw-array 4 4 image 'gray-inverse -0.1 1.175 z)
      (color (alloccolor 0 0 0.8))
      (for (k 0 (- (length cuts) 1)) (reader-draw-path (idx-select (nth 5 i) 0 k) 4 4 z))
      (each ((p placed))
        (let* ((k (car p)) (x0 (nth 1 p)) (x1 (nth 2 p))
               (y (+ 12 (* z 32) (* 14 (nth 3 p))))
               (c (idx-indexmax (idx-select (idx-reshape x (idx-dim x 0) reader-classes) 0 k))))
          (color (if (member k on) (alloccolor 0.8 0 0) (alloccolor 0.5 0.5 0.5)))
          (draw-line (+ 5 (* z x0)) y (+ 3 (* z x1)) y)
          (let ((t1 (sprintf "%s %.1f" (labels-text (list c)) (- (x k c 0 0)))))
            (draw-text (+ 6 (* z x0)) (+ y 11)
                       (if (<= (* 8 (strlen t1)) (- (* z (- x1 x0)) 2))
                           t1
                         (labels-text (list c)))))))
      (save-window win file))
    n))
