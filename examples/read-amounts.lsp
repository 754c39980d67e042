#!/usr/bin/env sn
;; read-amounts.lsp -- the cheque reader of LeCun, Bottou, Bengio and
;; Haffner (1998, sections V-X) on fields of embedded MNIST digits:
;; heuristic over-segmentation, a LeNet-5 on every segment (or a
;; committee of them), composition with the grammar of amounts, Viterbi;
;; trained first on isolated characters, then end to end on whole fields
;; with the discriminative forward criterion; and the same recognizer as a
;; space-displacement net.
;;
;;   sn examples/read-amounts.lsp [SIZE [SEED [PICTURES-DIR [DISTORT [MEMBERS [NTEST [SHIFTS [CUTS [SEGMENTER]]]]]]]]]
;;
;; SIZE is full (default: the characters of 24 000 fields, 12 000 fields
;; for end-to-end training, 1 000 test fields of each kind; about 13
;; minutes on 2 cores) or small (the setting of the tests, seconds). SEED seeds the
;; weights (1). MEMBERS (1 unless given) is the number of LeNet-5s of a
;; committee (new-reader's members), member k drawn with seed SEED + k,
;; each taking as long to train and to run as the first; or wide: a
;; LeNet-5 and a wider one (12, 32, 120 and 84 maps), about 2.6 times the
;; time of one. With PICTURES-DIR (not ""), writes there a PNG of test
;; field 0 read by each reader and one of its segmentation graph. NTEST
;; is the number of test fields of each kind (1 000 unless given in the
;; full setting, 100 in the small one): fields 0 .. NTEST-1 of the test
;; stream, so that the first 1 000 are always the same. SHIFTS is 1
;; (default: each segment read as it is) or 5: each segment read also
;; shifted by a pixel up, down, left and right, the log-probabilities
;; averaged (reader-set-shifts), in training end to end too; about 5 times
;; the time of reading and of end-to-end training over segments. CUTS is
;; paths (default: each cut bends around the ink within 4 columns of its
;; column, segment-field's band) or straight (band 0: straight cuts).
;; SEGMENTER is learnt (default: the segmenter's penalties, from each
;; segment's geometry, learnt in end-to-end training; reader-segments) or
;; none (their weights stay 0: the graph's penalties are the
;; recognizer's alone).
;;
;; Training fields use the 8 000 embedded training digits only, their
;; glyphs distorted by random affine and elastic maps scaled by DISTORT
;; (amount-field's distort; 1 unless given, 0 for none); test fields the
;; 2 000 test digits only, undistorted.

(libload "reader")

(setq args (argv))
(setq size (if args (car args) "full"))
(setq rseed (if (cdr args) (val (cadr args)) 1))
(setq pictures (if (and (cddr args) (> (strlen (caddr args)) 0)) (caddr args) ()))
(setq full (= size "full"))
(unless (or full (= size "small")) (error (quote read-amounts) "SIZE is full or small" size))

;; sizes: fields for isolated characters, their passes, end-to-end fields
;; and passes, test fields of each kind
(setq char-fields (if full 24000 300) char-passes (if full 6 3)
      char-schedule (if full '((0 0.002) (3 0.0005) (5 0.0002)) '((0 0.002)))
      e2e-fields (if full 12000 100) e2e-passes (if full 3 1)
      sdnn-fields (if full 4000 100) sdnn-passes (if full 6 1)
      ntest (let ((n (if (nthcdr 5 args) (val (nth 5 args)) (if full 1000 100))))
              (if (reader-counts-p (list n)) n
                (error (quote read-amounts) "NTEST is a number of test fields (1 or more)" (nth 5 args))))
      members (let ((m (if (nthcdr 4 args) (nth 4 args) "1")))
                (cond ((= m "wide") '(() (12 32 120 84)))
                      ((reader-counts-p (list (val m))) (val m))
                      (t (error (quote read-amounts) "MEMBERS is a number of recognizers (1 or more) or wide" m))))
      shifts (let ((n (if (nthcdr 6 args) (nth 6 args) "1")))
               (cond ((= n "1") '((0 0)))
                     ((= n "5") '((0 0) (0 1) (0 -1) (1 0) (-1 0)))
                     (t (error (quote read-amounts) "SHIFTS is 1 or 5" n))))
      reader-cut-band (let ((c (if (nthcdr 7 args) (nth 7 args) "paths")))
                        (cond ((= c "paths") ())
                              ((= c "straight") 0)
                              (t (error (quote read-amounts) "CUTS is paths or straight" c))))
      reader-geometry-rate (let ((g (if (nthcdr 8 args) (nth 8 args) "learnt")))
                             (cond ((= g "learnt") reader-geometry-rate)
                                   ((= g "none") 0)
                                   (t (error (quote read-amounts) "SEGMENTER is learnt or none" g))))
      kinds '(4 5 amount) eta 0.00003 sdnn-eta 0.0001 mu 0.1
      distort (if (nthcdr 3 args) (val (nth 3 args)) 1))

(setq nmembers (if (consp members) (length members) members))
(printf "reading amounts (%s setting, seed %d, training digits distorted by %g, %d recognizer%s%s%s%s)\n"
        size rseed distort nmembers (if (= nmembers 1) "" "s")
        (if (cdr shifts) (sprintf ", segments read with %d shifts" (length shifts)) "")
        (if reader-cut-band ", straight cuts" "")
        (if (= reader-geometry-rate 0) ", no segmenter's penalties" ""))

;; ---------------------------------------------------------------- characters
(seed rseed)
(setq r ())

;; Trains the reader's recognizers (made the first time: a committee of
;; members) on the isolated characters of char-fields training fields (cut
;; with the current reader-segment-norm), member k from weights of seed
;; rseed + k, and returns (test-errors train-set).
(de train-characters ()
  (let ((train (reader-char-data 1 char-fields 'train () () distort))
        (test (reader-char-data 2 (min 2000 (div char-fields 4)) 'test))
        (errors ()))
    (printf "isolated characters: %d train (%d characters, %d junk), %d test\n"
            (==> (car train) size) (nth 1 train) (nth 2 train) (==> (car test) size))
    (unless r (setq r (new-reader rseed members)))
    (for (k 0 (- nmembers 1))
      (let ((trainer (new-trainer 16 0.002 0.9))
            (widths (nth 4 (nth k (reader-get r 'members)))))
        (==> trainer set-schedule char-schedule)
        (setq errors (cons (reader-train-chars r (reader-net (+ rseed k) reader-classes () widths)
                                               trainer (car train) (car test) char-passes k)
                           errors))))
    (list (reverse errors) (car train))))

(setq trained (train-characters))
(reader-set-shifts r shifts)
(setq char-errors (car trained) train (cadr trained))
;; the recognizer alone on the correctly cut characters of the test fields,
;; and on single digits, each in a field of its own
(setq alone (mapcar (lambda (k) (reader-alone r 7 ntest k)) kinds))
(setq alone1 (reader-alone r 7 (* 2 ntest) 1))

;; ---------------------------------------------------------------- tables
(setq rows ())
(de evaluate-row (name sdnn)
  (let ((row (list name)))
    (each ((k kinds))
      (setq row (cons (reader-evaluate r 7 ntest k sdnn) row)))
    (setq rows (cons (reverse row) rows))
    (when pictures
      (let ((f (amount-field 7 0 'test)))
        (reader-picture r (car f) (concat pictures "/read-" (pname name) ".png") sdnn 'amount)))))

(de pct (a b) (if (> b 0) (* 100 (/ a b)) 0))
(de rget (alist k) (cdr (assoc k alist)))

(evaluate-row 'isolated ())

;; ---------------------------------------------------------------- end to end
(printf "end-to-end training over segments: %d fields, %d passes, eta %g, mu %g\n"
        e2e-fields e2e-passes eta mu)
(reader-set-rates r train mu)
(reader-train-fields r 3 e2e-fields e2e-passes eta kinds () distort)
(printf "  character bonus learnt: %.4f\n  segmenter's weights learnt (ink crossed, height, width):" (reader-get r 'bonus))
(each ((c '(0 1 4 10)))
  (let ((w (reader-get r 'geometry)))
    (printf " %s %.2f %.2f %.2f;" (labels-text (list c)) (w c 0) (w c 1) (w c 2))))
(printf "\n")
(evaluate-row 'end-to-end ())
(when pictures
  (reader-graph-picture r (car (amount-field 7 0 'test)) (concat pictures "/graph.png")))

;; ---------------------------------------------------------------- SDNN
;; The space-displacement net reads windows of the field as they are, so
;; it starts from a recognizer trained on segment images placed as in the
;; field (reader-segment-norm '(0)), not on the size-normalised ones.
(printf "space-displacement net from character-trained weights (images placed as in the field)\n")
(setq reader-segment-norm '(0))
(seed rseed)
(setq train (cadr (train-characters)))
(setq reader-segment-norm ())
(printf "space-displacement net: %d fields, %d passes, eta %g\n" sdnn-fields sdnn-passes sdnn-eta)
(reader-set-rates r train mu)
(reader-train-fields r 3 sdnn-fields sdnn-passes sdnn-eta kinds t distort)
(evaluate-row 'sdnn t)

;; ---------------------------------------------------------------- print
(setq rows (reverse rows))
(printf "\ncharacter test error of the recognizers trained on isolated characters:")
(each ((e char-errors)) (printf " %.2f%%" e))
(printf "\n")
(printf "the same on the correctly cut characters of the test fields, junk left out:")
(each ((a alone)) (printf " %.2f%%" (pct (car a) (cadr a))))
(printf "\n  in the fields with touching or overlapping neighbours:")
(each ((a alone)) (printf " %.2f%%" (pct (nth 3 a) (nth 4 a))))
(printf "\n  in the others:")
(each ((a alone)) (printf " %.2f%%" (pct (- (car a) (nth 3 a)) (- (cadr a) (nth 4 a)))))
(printf "\n  %d single digits, each in a field of its own: %.2f%%\n"
        (cadr alone1) (pct (car alone1) (cadr alone1)))
(printf "(alone: the fields that reading each of those characters alone would read right)\n")
(printf "\nwhole-string accuracy on %d test fields of each kind (touching or overlapping pairs apart)\n" ntest)
(printf "%-12s %-27s %-27s %-27s\n" "reader" "4 digits" "5 digits" "amounts")
(printf "%-12s" "alone")
(each ((a alone)) (printf " %6.2f%%                    " (* 100 (nth 2 a))))
(printf "\n")
(each ((row rows))
  (printf "%-12s" (pname (car row)))
  (each ((e (cdr row)))
    (printf " %6.2f%% (t %6.2f%% of %d)"
            (pct (rget e 'correct) (rget e 'n))
            (pct (rget e 'touching-correct) (rget e 'touching)) (rget e 'touching)))
  (printf "\n"))
(printf "\ncharacter error rate and rejection for 1%% string error\n")
(printf "%-12s %-20s %-20s %-20s\n" "reader" "4 digits" "5 digits" "amounts")
(each ((row rows))
  (printf "%-12s" (pname (car row)))
  (each ((e (cdr row)))
    (printf " %5.2f%% rej %6.2f%%" (pct (rget e 'char-errors) (rget e 'chars)) (* 100 (rget e 'reject))))
  (printf "\n"))
(printf "\nrejection curve: the share of fields to reject, the least confident first, for at most")
(each ((e reader-rejection-errors)) (printf " %g%%" (* 100 e)))
(printf " string error\n")
(printf "%-12s %-30s %-30s %-30s\n" "reader" "4 digits" "5 digits" "amounts")
(each ((row rows))
  (printf "%-12s" (pname (car row)))
  (each ((e (cdr row)))
    (each ((c (rget e 'curve))) (printf " %5.1f" (* 100 c)))
    (printf " "))
  (printf "\n"))
(printf "\nfields read per second:")
(each ((row rows))
  (printf " %s %.0f" (pname (car row))
          (/ (* 3 ntest) (apply + (mapcar (lambda (e) (rget e 'seconds)) (cdr row))))))
(printf "\n")
