;; Core, files and system: load, libload, help, .sn case folding, argv, getenv.

;; case: load a file and get the value of its last form
(setq f (concat test-dir "/one.lsp"))
(writing f (printf "(setq from-file 'yes)\n(+ 40 2)\n"))
(print (load f) from-file)
;; => 42 yes

;; case: load tries the suffix .lsp
(writing (concat test-dir "/suffixed.lsp") (printf "(setq sfx 'lsp)\n"))
(load (concat test-dir "/suffixed"))
(print sfx)
;; => lsp

;; case: load tries the suffix .sn and folds its symbols
(writing (concat test-dir "/script.sn") (printf "(SETQ Folded_Name 7)\n"))
(load (concat test-dir "/script"))
(print folded-name)
;; => 7

;; case: a loaded file loads others relative to itself
(writing (concat test-dir "/outer.lsp") (printf "(load \"inner\")\n(setq outer-done t)\n"))
(writing (concat test-dir "/inner.lsp") (printf "(setq inner-done t)\n"))
(load (concat test-dir "/outer"))
(print inner-done outer-done)
;; => t t

;; case: load runs the file every time, libload only once
(writing (concat test-dir "/count.lsp") (printf "(incr loads)\n"))
(setq loads 0)
(load (concat test-dir "/count"))
(load (concat test-dir "/count"))
(print loads)
(libload (concat test-dir "/count"))
(libload (concat test-dir "/count"))
(print loads)
;; => 2
;; 3

;; case: loading a missing file is an io error
(load "/nonexistent/dir/no-such-file")
;; error: io

;; case: an error in a loaded file stops the load and is reported
(writing (concat test-dir "/bad.lsp") (printf "(setq before-error 1)\n(car 5)\n(setq after-error 1)\n"))
(catch-error (load (concat test-dir "/bad")))
(print before-error after-error (car (last-error)))
;; => 1 () "type"

;; case: a read error in a loaded file is a read error
(writing (concat test-dir "/unbalanced.lsp") (printf "(print 1\n"))
(load (concat test-dir "/unbalanced"))
;; error: read

;; case: #? documentation in a loaded file is shown by help
(writing (concat test-dir "/doc.lsp") (printf "#? (tripled x) three times x\n(de tripled (x) (* 3 x))\n"))
(load (concat test-dir "/doc"))
(help 'tripled)
;; => (tripled x) three times x

;; case: a file that loads itself is stopped
(writing (concat test-dir "/self.lsp") (printf "(load \"self\")\n"))
(load (concat test-dir "/self"))
;; error: stack-overflow

;; case: .sn case folding: symbols lower-cased, _ becomes -
;; fold
(de Alloc_Net (N) (* N 2))
(print (alloc-net 21) (ALLOC_NET 1))
(print 'Some_Symbol_Name)
;; => 42 2
;; some-symbol-name

;; case: .sn case folding keeps strings and numbers
;; fold
(print "Keep_Case" 0x1F 1E2)
;; => "Keep_Case" 31 100

;; case: .sn case folding applies to :x
;; fold
(setq Net_Size 3)
(let ((net-size 5)) (print :Net_Size))
;; => 3

;; case: help of a builtin shows its documentation and kind
(setq f (concat test-dir "/help.txt"))
(writing f (help 'car))
(setq h (read-file f))
(print (= (substring h 0 5) "(car ") (= (right h 10) "[builtin]\n"))
;; => t t

;; case: help of a special form says so
(setq f (concat test-dir "/help.txt"))
(writing f (help 'for))
(setq h (read-file f))
(print (= (substring h 0 5) "(for ") (= (right h 15) "[special form]\n"))
;; => t t

;; case: help without argument lists the topics
(setq f (concat test-dir "/help.txt"))
(writing f (help))
(setq lines (string-split (read-file f) "\n"))
(print (car lines))
(print (> (length lines) 5))
(print (and (member "control" (all ((l (cddr lines))) (car (string-split l)))) t))
;; => "sn: a Lisp to drive neural networks. (help 'name) documents a function;"
;; t
;; t

;; case: help of a topic lists its functions
(setq f (concat test-dir "/help.txt"))
(writing f (help 'control))
(setq names (mapcar (lambda (l) (car (string-split l))) (cdr (string-split (read-file f) "\n"))))
(print (and (member "for" names) (member "catch-error" names) t))
;; => t

;; case: every builtin has documentation
(setq undocumented ())
(each ((name '(car cdr cons list + - * / div mod rand gauss seed sort range concat str val sprintf printf print pretty load libload getenv time argv exit help catch throw error)))
  (when (= (str (catch-error (eval name))) "()") (setq undocumented (cons name undocumented))))
(print undocumented)
;; => ()

;; case: help of an unknown name says so
(help 'no-such-thing-documented)
;; => no documentation for no-such-thing-documented

;; case: argv is a list of strings
(print (argv))
;; => ()

;; case: getenv
(print (stringp (getenv "PATH")) (getenv "SN_SURELY_NOT_SET_VARIABLE"))
;; => t ()

;; case: sn-home points to the installation
(print (filep (concat sn-home "/Cargo.toml")))
;; => t

;; case: writing appends with >>
(setq f (concat test-dir "/app.txt"))
(writing f (printf "a"))
(writing (concat ">>" f) (printf "b"))
(print (read-file f))
;; => "ab"

;; case: delete-file removes a file; deleting it again is an io error
(setq f (concat test-dir "/gone.txt"))
(writing f (printf "x"))
(print (filep f))
(delete-file f)
(print (filep f))
(delete-file f)
;; error: io
;; => t
;; ()
