;; The programs of benches/interp.rs, timed from Lisp (median of 7 runs):
;;   sn benches/interp.lsp        and        python3 benches/interp.py

(de fib (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
(de add3 (a b c) (+ a b c))

(de median-ms (thunk)
  (let ((times (mapfor (k 1 7) (time (funcall thunk)))))
    (* 1000 (nth 3 (sort times)))))

(de report (name thunk)
  (printf "%-16s median %8.1f ms\n" name (median-ms thunk)))

(report "fib-25" (lambda () (fib 25)))
(report "sum-setq-1e6" (lambda () (let ((s 0)) (for (i 1 1000000) (setq s (+ s i))) s)))
(report "sum-incr-1e6" (lambda () (let ((s 0)) (for (i 1 1000000) (incr s i)) s)))
(report "list-build-1e6" (lambda () (let ((l ())) (for (i 1 1000000) (setq l (cons i l))) (length l))))
(report "call-loop-1e6" (lambda () (let ((s 0)) (for (i 1 1000000) (setq s (add3 s i 1))) s)))

(setq numbers (range 1 1000000))
(report "map-lambda-1e6" (lambda () (mapcar (lambda (x) (* x x)) numbers)))
(report "while-let-1e6"
        (lambda () (let ((i 0) (s 0))
                     (while (< i 1000000) (let ((j (* i 2))) (setq s (+ s j))) (incr i))
                     s)))
(setq vector (matrix 1000))
(report "array-elt-1e6"
        (lambda () (for (i 0 999) (for (k 0 999) (vector i (+ (vector i) 1))))))
(defclass counter object (n 0))
(defmethod counter bump () (setq n (+ n 1)))
(setq a-counter (new counter))
(report "method-1e6" (lambda () (for (i 1 1000000) (==> a-counter bump))))
