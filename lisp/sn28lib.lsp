;; sn28lib — what SN2.8's own Lisp layer (netenv.sn, connect.sn,
;; knnenv.sn, loaded in place of sn's netenv when SN28_LIB names their
;; folder) calls beyond sn's primitives: Lush's plot ports (plotenv.lsp)
;; and a few array functions of Lush's libraries. A name that is already
;; bound (a builtin of sn's own) is left as it is.

(libload "plotenv")

(unless (boundp 'copy-array)
  #? (copy-array m) a new array with the dimensions and elements of m (TL3's name of copy-matrix)
  (de copy-array (m) (copy-matrix m)))

(unless (boundp 'idx-f1dotc)
  #? (idx-f1dotc m c o) o[i] = m[i]·c for the vectors m and o of the same size (Lush's libidx)
  (de idx-f1dotc (m c o)
    (when (<> (bound m) (bound o)) (error 'idx-f1dotc "vectors of different sizes" (list m o)))
    (for (i 0 (bound m 1)) (o i (* (m i) c)))
    ()))

(unless (boundp 'idx-f1dotcacc)
  #? (idx-f1dotcacc m c o) o[i] += m[i]·c for the vectors m and o of the same size (Lush's libidx)
  (de idx-f1dotcacc (m c o)
    (when (<> (bound m) (bound o)) (error 'idx-f1dotcacc "vectors of different sizes" (list m o)))
    (for (i 0 (bound m 1)) (o i (+ (o i) (* (m i) c))))
    ()))
(libload "ogre")
