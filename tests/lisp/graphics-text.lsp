;; Graphics in the terminal: text art and progress reports.

;; case: show-array maps the range to shades, two characters per value
(show-array [[1 0.75 0.5][0.25 0 1]])
;; => ██▓▓▒▒
;; ░░  ██

;; case: show-array with an explicit range clips
(show-array [3 2 1 4 2] 1 3)
;; => ██▒▒  ██▒▒

;; case: show-array takes lists too
(show-array '(1 0 1))
;; => ██  ██

;; case: progress prints only its report lines when output is not a terminal
(setq p (progress-start 100 "training"))
(for (e 1 2)
  (progress-step p 50)
  (progress-report p "epoch=%d  cost=%5.3f" e (/ 1 e)))
(print (progress-end p))
;; => epoch=1  cost=1.000
;; epoch=2  cost=0.500
;; 100

;; case: an unknown text art style is a domain error
(show-array [1 2] 1 2 'fancy)
;; error: domain
