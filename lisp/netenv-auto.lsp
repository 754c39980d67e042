;; netenv-auto — SN2.8's automatic training and architecture selection
;; (netenv-auto-train, netenv-auto-arch): conjugate gradient with growing
;; epoch counts, keeping the weights of the best test error.

(de %perf-both-test () (perf tpatt-min tpatt-max) (auto-plot-test))
(de %perf-both-train () (perf patt-min patt-max) (auto-plot-training))

#? (netenv-auto-train [check]) trains by conjugate gradient while the test error improves (and (check) holds); returns the best test error
(de netenv-auto-train (&optional check)
  (save-perf ";;; netenv-auto-train\n")
  (forget-sqrt 1)
  (perf tpatt-min tpatt-max) (reset-test-ports) (auto-plot-test)
  (perf patt-min patt-max) (reset-training-ports) (auto-plot-training)
  (let ((tge ()) (ag ()) (wm ()) (n 2))
    (while (and (or (not check) (check)) (or (not ag) (< age (* 2 ag))))
      (learn-batch-cg (int n))
      (%perf-both-test)
      (when (or (not tge) (< global-error tge))
        (setq tge global-error n (* n (sqrt 2)))
        (%perf-both-train)
        (setq ag age wm (get-sfield s-val))))
    (when wm
      (save-perf ";;; back to age %d\n" ag)
      (setq age ag)
      (set-sfield s-val wm)
      (perf patt-min patt-max)
      (perf tpatt-min tpatt-max)
      tge)))

;; A net input-size → hidden → output-size, fully connected with biases.
(de %auto-net (input-size hidden-size output-size)
  (alloc-net (+ input-size hidden-size (* 2 output-size) 1)
             (+ (* input-size hidden-size) (* hidden-size output-size) hidden-size output-size))
  (build-net (list (list 'input input-size) (list 'hidden hidden-size) (list 'output output-size))
             '((input hidden) (hidden output))))

#? (netenv-auto-arch [check input-size output-size]) tries growing hidden layers with netenv-auto-train; keeps the best
(de netenv-auto-arch (&optional check input-size output-size)
  (unless input-size (setq input-size (cadr (bound pattern-matrix))))
  (unless output-size (setq output-size (cadr (bound desired-matrix))))
  (let ((hidden-size 0) (tge ()) (ag ()) (hs 0) (wm ()))
    (while (and (or (not check) (check))
                (< (setq hidden-size (int (+ hidden-size 1 (* 0.2 hidden-size)))) (+ 10 (* 2 hs)))
                (< hidden-size (+ 10 (* (+ output-size input-size) (car (bound pattern-matrix))))))
      (printf "\n-------- trying architecture with %d hidden units --------\n" hidden-size)
      (save-perf ";;; trying architecture with %d hidden units\n" hidden-size)
      (%auto-net input-size hidden-size output-size)
      (netenv-auto-train check)
      (when (or (not tge) (< global-error tge))
        (setq tge global-error hs hidden-size ag age wm (get-sfield s-val))))
    (when wm
      (printf "\n-------- back to architecture with %d hidden units --------\n\n" hs)
      (save-perf ";;; back to architecture with %d hidden units\n" hs)
      (setq age ag)
      (%auto-net input-size hs output-size)
      (set-sfield s-val wm))))
