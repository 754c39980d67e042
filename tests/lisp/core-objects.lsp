;; Core, objects: classes, methods, slots as variables, inheritance, constructors.

;; case: defclass, new, slot defaults, :obj:slot
(defclass point object (x 0) (y 0))
(setq p (new point))
(print :p:x :p:y)
;; => 0 0

;; case: a constructor is the method named like the class
(defclass point object x y)
(defmethod point point (x0 y0) (setq x x0 y y0))
(setq p (new point 3 4))
(print :p:x :p:y)
;; => 3 4

;; case: methods see slots as variables and this as the object
(defclass point object x y)
(defmethod point point (x0 y0) (setq x x0 y y0))
(defmethod point norm2 () (+ (* x x) (* y y)))
(defmethod point self () this)
(setq p (new point 3 4))
(print (==> p norm2) (eq (==> p self) p))
;; => 25 t

;; case: slots written by a method stay written
(defclass counter object (n 0))
(defmethod counter tick (&optional (by 1)) (setq n (+ n by)) n)
(setq c (new counter))
(==> c tick)
(==> c tick 5)
(print :c:n (==> c tick))
;; => 6 7

;; case: setq on :obj:slot
(defclass box object content)
(setq b (new box))
(setq :b:content 'gift)
(print :b:content)
;; => gift

;; case: slot values are restored as variables after a method
(defclass cell object (v 1))
(defmethod cell get () v)
(setq v 'global-v)
(setq c (new cell))
(print (==> c get) v)
;; => 1 global-v

;; case: single inheritance of slots and methods
(defclass animal object (legs 4) name)
(defmethod animal describe () (list name legs))
(defmethod animal speak () 'generic)
(defclass bird animal (legs 2) (wings 2))
(defmethod bird speak () 'tweet)
(setq a (new animal) b (new bird))
(setq :b:name 'robin)
(print (==> a speak) (==> b speak) (==> b describe) :b:wings)
;; => generic tweet (robin 2) 2

;; case: inherited constructor
(defclass base object v)
(defmethod base base (x) (setq v x))
(defclass derived base w)
(setq d (new derived 5))
(print :d:v :d:w)
;; => 5 ()

;; case: an unknown method is an error naming it
(defclass thing object)
(==> (new thing) fly)
;; error: unbound-function

;; case: an unknown slot is an error
(defclass thing object a)
(setq th (new thing))
(print :th:nope)
;; error: index

;; case: new of a non-class is a type error
(new 'not-a-class)
;; error: type

;; case: arguments to a class without constructor are an arity error
(defclass plain object a)
(new plain 1 2)
;; error: arity

;; case: a method's arity error names the class and method
(defclass acc object)
(defmethod acc add (a b) (+ a b))
(catch-error (==> (new acc) add 1))
(print (cadr (last-error)))
;; => "wrong number of arguments to acc.add: expects 2, got 1"

;; case: -listeval makes an object callable
(defclass poly object a b)
(defmethod poly poly (a0 b0) (setq a a0 b b0))
(defmethod poly -listeval (x) (+ a (* b x)))
(setq f (new poly 1 2))
(print (f 10) (mapcar f '(0 1)))
;; => 21 (1 3)

;; case: calling an object without -listeval is an error
(defclass nocall object)
(setq o (new nocall))
(o 1)
;; error: unbound-function

;; case: classof, is-of-class, slots
(defclass animal object legs)
(defclass bird animal wings)
(setq b (new bird))
(print (eq (classof b) bird) (is-of-class b animal) (is-of-class (new animal) bird) (slots b))
;; => t t () (legs wings)

;; case: nested slot access :a:b:c
(defclass node object child val)
(setq n (new node))
(setq :n:child (new node))
(setq :n:child:val 'deep)
(print :n:child:val)
;; => deep

;; case: methods calling methods on this
(defclass rect object w h)
(defmethod rect rect (a b) (setq w a h b))
(defmethod rect area () (* w h))
(defmethod rect twice-area () (* 2 (==> this area)))
(print (==> (new rect 3 5) twice-area))
;; => 30

;; case: errors inside a method restore slot variables
(defclass e object (s 1))
(defmethod e boom () (setq s 2) (error "boom"))
(setq s 'outer)
(setq o (new e))
(catch-error (==> o boom))
(print s)
;; => outer

;; case: objects print with their class
(defclass printable object)
(print (= (substring (str (new printable)) 0 12) "::printable:"))
;; => t

;; case: a method calling methods on this sees their slot changes
(defclass ctr object (n 0))
(defmethod ctr inc () (setq n (+ n 1)))
(defmethod ctr twice () (==> this inc) (==> this inc) n)
(setq o (new ctr))
(print (==> o twice) :o:n)
;; => 2 2

;; case: a method called from a method sees the caller's slot changes
(defclass ctr object (n 0))
(defmethod ctr get () n)
(defmethod ctr set-and-get () (setq n 5) (==> this get))
(setq o (new ctr))
(print (==> o set-and-get) :o:n)
;; => 5 5

;; case: :this:slot and the slot variable are one place
(defclass ctr object (n 0))
(defmethod ctr m () (setq :this:n 7) (list n :this:n))
(defmethod ctr m2 () (setq n 8) :this:n)
(setq o (new ctr))
(print (==> o m) :o:n (==> o m2) :o:n)
;; => (7 7) 7 8 8

;; case: a method on another object of the same class keeps the two apart
(defclass ctr object (n 0))
(defmethod ctr poke () (setq n 99))
(defmethod ctr m (other) (setq n 1) (==> other poke) n)
(setq a (new ctr) b (new ctr))
(print (==> a m b) :a:n :b:n)
;; => 1 1 99

;; case: recursive methods on the same object
(defclass acc object (total 0))
(defmethod acc add-down (k) (when (> k 0) (setq total (+ total k)) (==> this add-down (- k 1))) total)
(setq o (new acc))
(print (==> o add-down 4) :o:total)
;; => 10 10

;; case: a plain function called by a method sets the slot variable
(defclass ctr object (n 0))
(de helper () (setq n 42))
(defmethod ctr m () (helper) n)
(setq n 'global)
(setq o (new ctr))
(print (==> o m) :o:n n)
;; => 42 42 global

;; case: a parameter named like a slot shadows it and leaves the slot alone
(defclass ctr object (n 0))
(defmethod ctr m (n) (setq n 5) (==> this show))
(defmethod ctr show () n)
(setq o (new ctr))
(print (==> o m 1) :o:n)
;; => 0 0
