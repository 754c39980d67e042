//! Objects: classes with slots, single inheritance, methods that see the
//! slots as variables and the object as `this`.

use std::cell::RefCell;
use std::rc::Rc;

use super::error::{ErrorKind, LispError};
use super::special::make_lambda;
use super::value::{Class, FnKind, Native, Object, Tail, Value};
use super::{Interp, Res};

/// A running method: its object, the slot symbols bound as variables, and
/// which of them a parameter of the method shadows.
///
/// Invariant: the slot values of the innermost running method's object
/// live in its slot variables; every other object keeps its values in its
/// slot storage. Entering a method writes the enclosing method's variables
/// back to its object, and leaving one reloads them, so that methods calling
/// methods on the same object, and `:this:slot`, all see one value.
pub(crate) struct MethodFrame {
    obj: Rc<Object>,
    /// For each slot, whether a parameter of the method hides its variable;
    /// `None` when none does (the common case, without allocating).
    shadowed: Option<Box<[bool]>>,
}

impl MethodFrame {
    fn shadowed(&self, k: usize) -> bool {
        self.shadowed.as_ref().is_some_and(|s| s[k])
    }
    /// Writes the slot variables to the object.
    fn store(&self) {
        let mut dst = self.obj.slots.borrow_mut();
        for (k, (s, _)) in self.obj.class.slots.iter().enumerate() {
            if !self.shadowed(k) {
                dst[k] = s.get();
            }
        }
    }
    /// Sets the slot variables from the object.
    fn reload(&self) {
        let src = self.obj.slots.borrow();
        for (k, (s, _)) in self.obj.class.slots.iter().enumerate() {
            if !self.shadowed(k) {
                s.set(src[k].clone());
            }
        }
    }
}

/// The live value of slot `i` of `o` if `o` is the innermost running
/// method's object (the value is then in the slot variable).
fn live_slot(it: &Interp, o: &Rc<Object>, i: usize) -> Option<Value> {
    let top = it.method_frames.last()?;
    (Rc::ptr_eq(&top.obj, o) && !top.shadowed(i)).then(|| o.class.slots[i].0.get())
}

/// Keeps the slot variable in step when a slot of the innermost running
/// method's object is assigned from outside the variable.
fn set_live_slot(it: &Interp, o: &Rc<Object>, i: usize, v: &Value) {
    if let Some(top) = it.method_frames.last() {
        if Rc::ptr_eq(&top.obj, o) && !top.shadowed(i) {
            o.class.slots[i].0.set(v.clone());
        }
    }
}

fn class_of_value(v: &Value, what: &str) -> Res<Rc<Class>> {
    match v {
        Value::Class(c) => Ok(c.clone()),
        other => Err(
            LispError::new(ErrorKind::Type, format!("{what}: expected a class"))
                .culprit(other.clone())
                .into(),
        ),
    }
}

/// Reads a slot of an object.
///
/// # Errors
/// `type` when `obj` is not an object, `index` when it has no such slot.
pub fn get_slot(it: &Interp, obj: &Value, name: &str) -> Res {
    match obj {
        Value::Object(o) => match o.slot_index(name) {
            Some(i) => Ok(live_slot(it, o, i).unwrap_or_else(|| o.slots.borrow()[i].clone())),
            None => Err(
                LispError::new(ErrorKind::Index, format!("no slot named {name}"))
                    .culprit(obj.clone())
                    .into(),
            ),
        },
        other => Err(LispError::new(ErrorKind::Type, "expected an object")
            .culprit(other.clone())
            .into()),
    }
}

/// Writes a slot of an object.
///
/// # Errors
/// As [`get_slot`].
pub fn set_slot(it: &Interp, obj: &Value, name: &str, v: Value) -> Res<()> {
    match obj {
        Value::Object(o) => match o.slot_index(name) {
            Some(i) => {
                set_live_slot(it, o, i, &v);
                o.slots.borrow_mut()[i] = v;
                Ok(())
            }
            None => Err(
                LispError::new(ErrorKind::Index, format!("no slot named {name}"))
                    .culprit(obj.clone())
                    .into(),
            ),
        },
        other => Err(LispError::new(ErrorKind::Type, "expected an object")
            .culprit(other.clone())
            .into()),
    }
}

fn defclass(it: &mut Interp, a: &Value, _: usize) -> Res<Tail> {
    let Value::Sym(name) = a.car() else {
        return Err(
            LispError::new(ErrorKind::Type, "defclass: expected a class name")
                .culprit(a.car())
                .into(),
        );
    };
    let sup = it.eval(&a.cdr().car())?;
    let parent = if sup.is_nil() {
        None
    } else {
        Some(class_of_value(&sup, "defclass")?)
    };
    let mut slots: Vec<(super::Sym, Value)> =
        parent.as_ref().map(|p| p.slots.clone()).unwrap_or_default();
    for s in a.cdr().cdr().iter() {
        let (sym, default) = match &s {
            Value::Sym(x) => (x.clone(), Value::Nil),
            Value::Cons(_) => match s.car() {
                Value::Sym(x) => (x, s.cdr().car()),
                other => {
                    return Err(LispError::new(ErrorKind::Type, "defclass: bad slot")
                        .culprit(other)
                        .into())
                }
            },
            other => {
                return Err(LispError::new(ErrorKind::Type, "defclass: bad slot")
                    .culprit(other.clone())
                    .into())
            }
        };
        match slots.iter_mut().find(|(x, _)| Rc::ptr_eq(x, &sym)) {
            Some(slot) => slot.1 = default,
            None => slots.push((sym, default)),
        }
    }
    let class = Rc::new(Class {
        name: name.clone(),
        parent,
        slots,
        methods: RefCell::new(Vec::new()),
    });
    name.set(Value::Class(class));
    Ok(Tail::Done(Value::Sym(name)))
}

fn defmethod(it: &mut Interp, a: &Value, _: usize) -> Res<Tail> {
    let cv = it.eval(&a.car())?;
    let class = class_of_value(&cv, "defmethod")?;
    let Value::Sym(m) = a.cdr().car() else {
        return Err(
            LispError::new(ErrorKind::Type, "defmethod: expected a method name")
                .culprit(a.cdr().car())
                .into(),
        );
    };
    let label: Rc<str> = Rc::from(format!("{}.{}", class.name.name, m.name).as_str());
    let f = make_lambda(it, FnKind::Expr, &a.cdr().cdr(), Some(label))?;
    class.set_method(m.name.clone(), f);
    Ok(Tail::Done(Value::Sym(m)))
}

impl Interp {
    /// Sends a message to an object (or a native value).
    ///
    /// # Errors
    /// `unbound-function` when no method answers.
    pub fn send(&mut self, obj: &Value, method: &str, args: &[Value]) -> Res {
        match obj {
            Value::Object(o) => match o.class.find_method(method) {
                Some(Value::Func(l)) => self.call_method(o, &l, args),
                Some(other) => self.apply(&other, args),
                None => Err(LispError::new(
                    ErrorKind::UnboundFunction,
                    format!("no method {method} in class {}", o.class.name.name),
                )
                .culprit(obj.clone())
                .into()),
            },
            Value::Native(n) => {
                let n = n.clone();
                if let Some(Value::Class(c)) = n.class() {
                    match c.find_method(method) {
                        Some(Value::Func(l)) => return self.call_native_method(obj, &l, args),
                        Some(other) => return self.apply(&other, args),
                        None => {}
                    }
                }
                let table = n.methods();
                let known = table.is_empty() || table.iter().any(|(m, _)| *m == method);
                match known.then(|| n.send(self, method, args)).flatten() {
                    Some(r) => r,
                    None => Err(no_native_method(&n, method).culprit(obj.clone()).into()),
                }
            }
            other => Err(LispError::new(
                ErrorKind::Type,
                format!("cannot send {method} to a {}", other.type_name()),
            )
            .culprit(other.clone())
            .into()),
        }
    }

    /// Runs a method that `defmethod` gave the class of a native value
    /// (a codebook, say) with `this` bound to the value (it has no slots).
    fn call_native_method(
        &mut self,
        obj: &Value,
        l: &Rc<super::value::Lambda>,
        args: &[Value],
    ) -> Res {
        self.run_method(obj.clone(), None, l, args)
    }

    /// Runs a method with `this` and the slots bound as variables; slot
    /// variables are written back to the object when the method exits
    /// (see [`MethodFrame`] for methods calling methods).
    fn call_method(&mut self, o: &Rc<Object>, l: &Rc<super::value::Lambda>, args: &[Value]) -> Res {
        self.run_method(Value::Object(o.clone()), Some(o), l, args)
    }

    /// The body of a method call: `this` bound to `this_value`, and for an
    /// object `o` its slots as variables in a [`MethodFrame`].
    fn run_method(
        &mut self,
        this_value: Value,
        o: Option<&Rc<Object>>,
        l: &Rc<super::value::Lambda>,
        args: &[Value],
    ) -> Res {
        if self.eval_depth >= self.max_eval_depth || self.frames >= self.max_frames {
            return Err(self.overflow());
        }
        self.eval_depth += 1;
        self.frames += 1;
        if let Some(top) = self.method_frames.last() {
            top.store();
        }
        let base = self.bind_stack.len();
        // a fresh region: `this` and the slots are saved without lookups
        // (a repeated symbol is restored right by the last-in-first-out
        // unbinding)
        let this = self.wk.this.clone();
        self.push_binding(&this, this_value);
        if let Some(o) = o {
            self.push_slots(o, l);
        }
        let bound = self.bind_values(l, args, base);
        let r = match self.lower(bound) {
            Ok(()) => self.run_body(l),
            Err(e) => Err(e),
        };
        if o.is_some() {
            if let Some(frame) = self.method_frames.pop() {
                frame.store();
            }
        }
        self.unbind_to(base);
        if let Some(top) = self.method_frames.last() {
            top.reload();
        }
        self.frames -= 1;
        self.eval_depth -= 1;
        r
    }

    /// Binds the slots of `o` as variables and opens its [`MethodFrame`]
    /// (noting the slots that parameters of `l` hide).
    fn push_slots(&mut self, o: &Rc<Object>, l: &Rc<super::value::Lambda>) {
        {
            let values = o.slots.borrow();
            for ((s, _), v) in o.class.slots.iter().zip(values.iter()) {
                self.push_binding(s, v.clone());
            }
        }
        let hides = |s: &super::Sym| {
            l.params
                .required
                .iter()
                .chain(l.params.optional.iter().map(|(p, _)| p))
                .chain(l.params.rest.iter())
                .any(|p| matches!(p, super::value::Pattern::Sym(x) if Rc::ptr_eq(x, s)))
        };
        let shadowed = if o.class.slots.iter().any(|(s, _)| hides(s)) {
            Some(o.class.slots.iter().map(|(s, _)| hides(s)).collect())
        } else {
            None
        };
        self.method_frames.push(MethodFrame {
            obj: o.clone(),
            shadowed,
        });
    }
}

fn send_form(it: &mut Interp, a: &Value, _: usize) -> Res<Tail> {
    let obj = it.eval(&a.car())?;
    let m = match a.cdr().car() {
        Value::Sym(s) => s.name.clone(),
        other => match it.eval(&other)? {
            Value::Sym(s) => s.name.clone(),
            Value::Str(s) => Rc::from(s.as_str()),
            v => {
                return Err(
                    LispError::new(ErrorKind::Type, "==>: expected a method name")
                        .culprit(v)
                        .into(),
                )
            }
        },
    };
    let args = it.eval_args(&a.cdr().cdr())?;
    Ok(Tail::Done(it.send(&obj, &m, &args)?))
}

fn new(it: &mut Interp, a: &[Value]) -> Res {
    let class = class_of_value(&a[0], "new")?;
    let mut values = Vec::with_capacity(class.slots.len());
    for (_, d) in &class.slots {
        values.push(it.eval(d)?);
    }
    let obj = Rc::new(Object {
        class: class.clone(),
        slots: RefCell::new(values),
    });
    let mut c = Some(class.clone());
    while let Some(k) = c {
        if let Some(Value::Func(l)) = k.own_method(&k.name.name) {
            it.call_method(&obj, &l, &a[1..])?;
            return Ok(Value::Object(obj));
        }
        c = k.parent.clone();
    }
    if a.len() > 1 {
        return Err(LispError::new(
            ErrorKind::Arity,
            format!("class {} has no constructor", class.name.name),
        )
        .into());
    }
    Ok(Value::Object(obj))
}

/// The error for a method a native value does not answer: it lists the
/// methods that exist (those of its class, then those of its kind).
fn no_native_method(n: &Rc<Box<dyn Native>>, method: &str) -> LispError {
    let names = native_methods(n);
    let list = if names.is_empty() {
        "it answers no method".to_string()
    } else {
        format!("its methods: {}", names.join(" "))
    };
    LispError::new(
        ErrorKind::UnboundFunction,
        format!("no method {method} for {}; {list}", n.type_name()),
    )
}

/// The method names a native value answers, sorted: those `defmethod`
/// gave its class and those of its kind's dispatch table.
pub fn native_methods(n: &Rc<Box<dyn Native>>) -> Vec<String> {
    let mut names: Vec<String> = n.methods().iter().map(|(m, _)| m.to_string()).collect();
    if let Some(Value::Class(c)) = n.class() {
        names.extend(class_methods(&c));
    }
    names.sort();
    names.dedup();
    names
}

/// The method names of a class and its ancestors.
fn class_methods(c: &Class) -> Vec<String> {
    let mut names = Vec::new();
    let mut class = Some(c);
    while let Some(k) = class {
        names.extend(k.methods.borrow().iter().map(|(m, _)| m.to_string()));
        class = k.parent.as_deref();
    }
    names
}

/// `(methods obj)`: the sorted method names of an object, a class or a
/// native value (a network, a module ...).
fn methods(it: &mut Interp, a: &[Value]) -> Res {
    let mut names = match &a[0] {
        Value::Object(o) => class_methods(&o.class),
        Value::Class(c) => class_methods(c),
        Value::Native(n) => native_methods(n),
        other => {
            return Err(LispError::new(
                ErrorKind::Type,
                "methods: expected an object, a class or a native value",
            )
            .culprit(other.clone())
            .into())
        }
    };
    names.sort();
    names.dedup();
    Ok(Value::list(
        names.iter().map(|m| Value::Sym(it.intern(m))).collect(),
    ))
}

/// `(classof obj)`: the class of an object; for a native value, its class
/// if it has one (a codebook), else the name of its kind (`net`, `module` ...),
/// which `help` and `methods` describe.
fn classof(it: &mut Interp, a: &[Value]) -> Res {
    match &a[0] {
        Value::Object(o) => Ok(Value::Class(o.class.clone())),
        Value::Native(n) => Ok(n
            .class()
            .unwrap_or_else(|| Value::Sym(it.intern(n.type_name())))),
        _ => Ok(Value::Nil),
    }
}

fn is_of_class(_: &mut Interp, a: &[Value]) -> Res {
    let c = class_of_value(&a[1], "is-of-class")?;
    Ok(match &a[0] {
        Value::Object(o) => Value::truth(o.class.is_subclass_of(&c)),
        _ => Value::Nil,
    })
}

fn slots(_: &mut Interp, a: &[Value]) -> Res {
    match &a[0] {
        Value::Object(o) => Ok(Value::list(
            o.class
                .slots
                .iter()
                .map(|(s, _)| Value::Sym(s.clone()))
                .collect(),
        )),
        Value::Class(c) => Ok(Value::list(
            c.slots.iter().map(|(s, _)| Value::Sym(s.clone())).collect(),
        )),
        // a native value keeps its fields in Rust: no slots (see `methods`)
        Value::Native(_) => Ok(Value::Nil),
        other => Err(
            LispError::new(ErrorKind::Type, "slots: expected an object or class")
                .culprit(other.clone())
                .into(),
        ),
    }
}

pub(crate) fn register(it: &mut Interp) {
    it.begin_family("objects");
    it.defspecial("defclass", defclass, "(defclass name super . slots) defines a class; slots are s or (s default). The root class is object.");
    it.defspecial("defmethod", defmethod, "(defmethod class method args . body) defines a method; slots read and write like variables, this is the object.");
    it.defop("==>", super::compile::Op::Send, send_form, "(==> obj method . args) sends a message (method looked up in the class, then its ancestors).");
    it.defn(
        "new",
        1,
        None,
        new,
        "(new class . args) makes an object; the method named like the class is the constructor.",
    );
    it.defn(
        "classof",
        1,
        Some(1),
        classof,
        "(classof obj) the class of an object; for a native value (net, module, state ...) its class or the name of its kind (see (help kind)).",
    );
    it.defn(
        "methods",
        1,
        Some(1),
        methods,
        "(methods obj) the sorted names of the methods an object, a class or a native value (net, module ...) answers with ==>.",
    );
    it.defn(
        "is-of-class",
        2,
        Some(2),
        is_of_class,
        "(is-of-class obj class) true if obj belongs to class or a subclass.",
    );
    it.defn(
        "slots",
        1,
        Some(1),
        slots,
        "(slots obj-or-class) the list of slot names.",
    );
    let object = it.intern("object");
    object.set(Value::Class(Rc::new(Class {
        name: object.clone(),
        parent: None,
        slots: Vec::new(),
        methods: RefCell::new(Vec::new()),
    })));
}
