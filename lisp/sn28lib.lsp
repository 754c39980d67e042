;; sn28lib — what SN2.8's own Lisp layer (netenv.sn, connect.sn,
;; knnenv.sn, loaded in place of sn's netenv when SN28_LIB names their
;; folder) calls beyond sn's primitives: Lush 1's graphics environment
;; (plot ports, markers, colours) and the Ogre class names (ogre.lsp),
;; which sn's own netenv loads too.

(libload "graphenv")
(libload "ogre")
