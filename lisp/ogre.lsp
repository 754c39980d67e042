;; ogre — the class names of Lush's widget toolkit Ogre (X11), so that
;; SN2.8's lib/imagetool.sn, matrixtool.sn, nettool.sn and bptool.sn load:
;; `(ogre)` defines each class (once) in sn's object system, with a
;; constructor that stops with a clear error, since sn has no Ogre GUI.
;; The tools built on them (stattool, normtool, nettool, bptool,
;; imagetool) are out of sn's scope; the functions under them are not.

(setq %ogre-defined ())

;; (class parent) in the order of Lush's libogre: parents first.
(setq %ogre-classes
      '((visualobject object) (control visualobject) (container visualobject)
        (disablelock object) (geometrylock object) (requesterlock object) (ogretasks object)
        (form container) (windowobject form) (autowindowobject windowobject)
        (column container) (row container) (stack container) (grid container)
        (emptyspace visualobject) (darkspace visualobject) (requester form)
        (string visualobject) (icon visualobject)
        (editstring control) (editnumber editstring) (editsecretstring editstring)
        (button control) (stdbutton button) (stdbuttonbg stdbutton) (tinybutton stdbutton)
        (checkbox button) (radiobutton checkbox) (imagebutton button)
        (menuitem control) (menupopup column) (menu visualobject) (choicemenu menu)
        (knob control) (dragarea knob) (sizearea knob)
        (frame container) (framesize frame)
        (slider control) (hslider slider) (vslider slider) (scrollbar slider)
        (hscrollbar scrollbar) (vscrollbar scrollbar)
        (viewerhole container) (viewer container) (selector form)
        (warningrequester requester) (errorrequester requester) (yesnorequester requester)
        (printrequester yesnorequester) (filerequester yesnorequester) (filereqbutton button)
        (edittext form) (textpane control) (ogrimage visualobject) (tiledimage ogrimage)
        (imageviewer viewer) (scroller viewer) (explorer control)
        (treebrowserknob knob) (treebrowser form)))

#? (ogre-missing class) stops with the error saying that the Ogre GUI (X11) is not part of sn
(de ogre-missing (class)
  (error (concat "the Ogre GUI (X11) is not part of sn: cannot make a "
                 (pname class) " (SN2.8's interactive tools need it)")
         class))

#? (ogre) defines the class names of Lush's Ogre toolkit (WindowObject, VisualObject, Menu, Button ...) so that files deriving from them load; making one stops with an error: the Ogre GUI (X11) is not part of sn
(de ogre ()
  (unless %ogre-defined
    (setq %ogre-defined t)
    (each ((cp %ogre-classes))
      (let ((c (car cp)) (p (cadr cp)))
        (eval `(defclass ,c ,p))
        (eval `(defmethod ,c ,c l (ogre-missing ',c))))))
  t)
