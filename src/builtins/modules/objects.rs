//! The Lisp objects of the modules level: states, parameter pools,
//! modules, costs, networks, data sets and trainers, with their `==>`
//! methods.

use std::cell::RefCell;
use std::rc::Rc;

use sn_modules::module::check_pool;
use sn_modules::{Cost, Ctx, Dataset, ModError, Module, Net, Pool, State, Trainer};

use super::conv::{
    array_of, blame, dims_list, err, finite, labels_of, state_from_array, values_of,
};
use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Native, Res, Value};

/// A state (`x`, `dx`, `ddx`).
pub struct StateObj(pub RefCell<State>);

/// A parameter pool, shared by the modules made with it. `new-net` moves
/// the pool into the network and gives the param a fresh one; modules
/// made before keep the old, emptied pool (and say so when used).
pub struct ParamObj {
    pub pool: RefCell<Rc<RefCell<Pool>>>,
    pub vel: RefCell<Vec<f32>>,
}

impl ParamObj {
    /// The pool modules made now put their parameters in.
    pub fn pool(&self) -> Rc<RefCell<Pool>> {
        self.pool.borrow().clone()
    }
}

/// A module and the pool holding its parameters.
pub struct ModObj {
    pub m: RefCell<Box<dyn Module>>,
    pub pool: Rc<RefCell<Pool>>,
}

/// A cost.
pub struct CostObj(pub RefCell<Box<dyn Cost>>);

/// A network (pool, modules, cost).
pub struct NetObj(pub RefCell<Net>);

impl NetObj {
    /// Calls `f` with the network (from Rust code that got it as a Lisp
    /// value, e.g. a benchmark of a net built in Lisp).
    ///
    /// # Errors
    /// A domain error while the network is in use, or `f`'s error.
    pub fn with_net<R>(&self, f: impl FnOnce(&mut Net) -> Res<R>) -> Res<R> {
        let mut net = self
            .0
            .try_borrow_mut()
            .map_err(|_| LispError::new(ErrorKind::Domain, "net in use"))?;
        f(&mut net)
    }
}

/// A labelled data set.
pub struct DataObj(pub Dataset);

/// A trainer.
pub struct TrainerObj(pub RefCell<Trainer>);

/// The placeholder left in a module object moved into a sequence.
pub struct Moved;

impl Module for Moved {
    fn kind(&self) -> &'static str {
        "moved"
    }
    fn out_shape(&self, _inp: &[usize]) -> sn_modules::Result<sn_modules::Shape> {
        Err(ModError::config(
            "module",
            "this module was moved into a sequence or network",
        ))
    }
    fn fprop(&mut self, _: &Pool, i: &State, _: &mut State, _: Ctx) -> sn_modules::Result<()> {
        self.out_shape(&i.dims).map(|_| ())
    }
    fn bprop(&mut self, _: &mut Pool, i: &mut State, _: &State, _: Ctx) -> sn_modules::Result<()> {
        self.out_shape(&i.dims).map(|_| ())
    }
    fn bbprop(&mut self, _: &mut Pool, i: &mut State, _: &State, _: Ctx) -> sn_modules::Result<()> {
        self.out_shape(&i.dims).map(|_| ())
    }
}

/// Gives an error without a culprit the first argument of the message as
/// culprit (or the method's name when it has none).
pub fn culprit_arg(r: Res, a: &[Value], method: &str) -> Res {
    match a.first() {
        Some(v) => blame(r, v),
        None => blame(r, &Value::string(method)),
    }
}

fn busy(what: &str) -> crate::lisp::Unwind {
    LispError::new(
        ErrorKind::Domain,
        format!("{what} is in use (the same object twice?)"),
    )
    .into()
}

fn state_arg<'a>(a: &'a [Value], i: usize, f: &str) -> Res<&'a StateObj> {
    obj_arg::<StateObj>(a, i, f, "a state")
}

/// Argument `i` as a native object of type `T`, or a type error that
/// names the expected kind of object (`what`).
pub fn obj_arg<'a, T: Native>(a: &'a [Value], i: usize, f: &str, what: &str) -> Res<&'a T> {
    match a.get(i) {
        Some(Value::Native(n)) if n.as_any().downcast_ref::<T>().is_some() => {
            args::native::<T>(a, i, f)
        }
        Some(v) => Err(args::type_error(f, what, v)),
        None => args::native::<T>(a, i, f),
    }
}

impl Native for StateObj {
    fn type_name(&self) -> &'static str {
        "state"
    }
    fn methods(&self) -> &'static [crate::lisp::value::MethodDoc] {
        crate::builtins::methods::STATE
    }
    fn repr(&self) -> String {
        match self.0.try_borrow() {
            Ok(s) => format!("::state{:?}", s.dims),
            Err(_) => "::state".to_string(),
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn send(&self, _it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
        let mut s = match self.0.try_borrow_mut() {
            Ok(s) => s,
            Err(_) => return Some(Err(busy("state"))),
        };
        let r = match method {
            "x" => array_of(&s.dims, &s.x),
            "dx" => array_of(&s.dims, &s.dx),
            "ddx" => array_of(&s.dims, &s.ddx),
            "dims" => Ok(dims_list(&s.dims)),
            "set-x" => args::array(a, 0, "state set-x")
                .and_then(|arr| blame(state_from_array(&mut s, arr), &a[0])),
            "clear-dx" => {
                s.clear_dx();
                Ok(Value::Nil)
            }
            "clear-ddx" => {
                s.clear_ddx();
                Ok(Value::Nil)
            }
            _ => return None,
        };
        Some(culprit_arg(r, a, method))
    }
}

impl Native for ParamObj {
    fn type_name(&self) -> &'static str {
        "param"
    }
    fn methods(&self) -> &'static [crate::lisp::value::MethodDoc] {
        crate::builtins::methods::PARAM
    }
    fn repr(&self) -> String {
        match self
            .pool
            .try_borrow()
            .map(|p| p.try_borrow().map(|p| p.len()))
        {
            Ok(Ok(n)) => format!("::param[{n}]"),
            _ => "::param".to_string(),
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn send(&self, _it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
        let pool = self.pool();
        let mut p = match pool.try_borrow_mut() {
            Ok(p) => p,
            Err(_) => return Some(Err(busy("param"))),
        };
        let n = p.len();
        let r = match method {
            "size" => Ok(Value::Num(n as f64)),
            "x" => array_of(&[n], &p.x),
            "dx" => array_of(&[n], &p.dx),
            "ddx" => array_of(&[n], &p.ddx),
            "eps" => array_of(&[n], &p.eps),
            "clear-dx" => {
                p.clear_dx();
                Ok(Value::Nil)
            }
            "clear-ddx" => {
                p.clear_ddx();
                Ok(Value::Nil)
            }
            "update" => match self.vel.try_borrow_mut() {
                Ok(mut vel) => param_update(&mut p, &mut vel, a),
                Err(_) => Err(busy("param")),
            },
            "set-eps" => param_set_eps(&mut p, a),
            "set-x" => args::array(a, 0, "param set-x").and_then(|arr| {
                if arr.len() != n {
                    return Err(LispError::shape("param set-x", &[n], arr.dims())
                        .culprit(a[0].clone())
                        .into());
                }
                let v = values_of(arr, "param set-x")?;
                p.x.copy_from_slice(&v);
                Ok(Value::Nil)
            }),
            _ => return None,
        };
        Some(culprit_arg(r, a, method))
    }
}

/// `(==> param update eta [momentum decay lm])`.
fn param_update(p: &mut Pool, vel: &mut Vec<f32>, a: &[Value]) -> Res {
    let f = "param update";
    args::num(a, 0, f)?;
    let eta = finite(a, 0, f, "eta", 0.0)?;
    let mom = finite(a, 1, f, "momentum", 0.0)?;
    let decay = finite(a, 2, f, "decay", 0.0)?;
    let lm = args::opt(a, 3).is_some_and(|v| v.truthy());
    sn_modules::trainer::update(p, vel, eta, mom, decay, lm);
    Ok(Value::Nil)
}

/// `(==> param set-eps mu count)`: `eps = 1/(mu + ddx/count)` (diagonal LM).
fn param_set_eps(p: &mut Pool, a: &[Value]) -> Res {
    let f = "param set-eps";
    args::num(a, 0, f)?;
    let mu = finite(a, 0, f, "mu", 0.0)?;
    if mu <= 0.0 {
        return Err(LispError::new(
            ErrorKind::Domain,
            format!("{f}: mu must be positive (eps = 1/(mu + ddx/count)), got {mu}"),
        )
        .culprit(a[0].clone())
        .into());
    }
    args::num(a, 1, f)?;
    let count = finite(a, 1, f, "count", 1.0)?.max(1.0);
    let Pool { ddx, eps, .. } = p;
    for (e, h) in eps.iter_mut().zip(ddx.iter()) {
        *e = 1.0 / (mu + h.max(0.0) / count);
    }
    Ok(Value::Nil)
}

impl ModObj {
    fn prop(&self, method: &str, a: &[Value]) -> Res {
        let f = method;
        let i = state_arg(a, 0, f)?;
        let o = state_arg(a, 1, f)?;
        let mut m = self.m.try_borrow_mut().map_err(|_| busy("module"))?;
        let mut pool = self.pool.try_borrow_mut().map_err(|_| busy("param"))?;
        check_pool(m.as_ref(), &pool).map_err(err)?;
        let mut si = i.0.try_borrow_mut().map_err(|_| busy("state"))?;
        let ctx = Ctx {
            par: false,
            grad_in: true,
        };
        if method == "fprop" {
            let mut so = o.0.try_borrow_mut().map_err(|_| busy("state"))?;
            m.fprop(&pool, &si, &mut so, ctx).map_err(err)?;
        } else {
            let so = o.0.try_borrow().map_err(|_| busy("state"))?;
            let r = if method == "bprop" {
                m.bprop(&mut pool, &mut si, &so, ctx)
            } else {
                m.bbprop(&mut pool, &mut si, &so, ctx)
            };
            r.map_err(err)?;
        }
        Ok(Value::Nil)
    }
}

impl Native for ModObj {
    fn type_name(&self) -> &'static str {
        "module"
    }
    fn methods(&self) -> &'static [crate::lisp::value::MethodDoc] {
        crate::builtins::methods::MODULE
    }
    fn repr(&self) -> String {
        match self.m.try_borrow() {
            Ok(m) => format!("::module<{}>", m.describe()),
            Err(_) => "::module".to_string(),
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn send(&self, _it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
        let r = match method {
            "fprop" | "bprop" | "bbprop" => self.prop(method, a),
            "forget" => (|| {
                let seed = if args::opt(a, 0).is_some() {
                    args::int(a, 0, "forget")? as u64
                } else {
                    1
                };
                let mut m = self.m.try_borrow_mut().map_err(|_| busy("module"))?;
                let mut pool = self.pool.try_borrow_mut().map_err(|_| busy("param"))?;
                check_pool(m.as_ref(), &pool).map_err(err)?;
                m.forget(&mut pool, &mut sn_modules::Rng::new(seed));
                Ok(Value::Nil)
            })(),
            "nparams" => self
                .m
                .try_borrow()
                .map(|m| Value::Num(m.nparams() as f64))
                .map_err(|_| busy("module")),
            "describe" => self
                .m
                .try_borrow()
                .map(|m| Value::string(&m.describe()))
                .map_err(|_| busy("module")),
            "out-dims" => (|| {
                let d = super::conv::dims_arg(a, 0, "out-dims")?;
                let m = self.m.try_borrow().map_err(|_| busy("module"))?;
                let s = m.out_shape(&d).map_err(err)?;
                Ok(dims_list(s.dims()))
            })(),
            _ => return None,
        };
        Some(culprit_arg(r, a, method))
    }
}

impl Native for CostObj {
    fn type_name(&self) -> &'static str {
        "cost"
    }
    fn methods(&self) -> &'static [crate::lisp::value::MethodDoc] {
        crate::builtins::methods::COST
    }
    fn repr(&self) -> String {
        match self.0.try_borrow() {
            Ok(c) => format!("::cost<{}, {} classes>", c.kind(), c.classes()),
            Err(_) => "::cost".to_string(),
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn send(&self, _it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
        let r = (|| {
            let out = state_arg(a, 0, method)?;
            let mut c = self.0.try_borrow_mut().map_err(|_| busy("cost"))?;
            let mut s = out.0.try_borrow_mut().map_err(|_| busy("state"))?;
            if method == "classify" {
                let b = if args::opt(a, 1).is_some() {
                    args::usize(a, 1, "classify")?
                } else {
                    0
                };
                if b >= s.batch() {
                    return Err(LispError::new(
                        ErrorKind::Index,
                        format!("classify: sample {b} of {}", s.batch()),
                    )
                    .culprit(a.get(1).cloned().unwrap_or(Value::Num(0.0)))
                    .into());
                }
                return Ok(Value::Num(c.classify(&s, b).map_err(err)? as f64));
            }
            let labels = labels_of(a, 1, method)?;
            match method {
                "fprop" => c
                    .fprop(&s, &labels)
                    .map(|e| Value::Num(e as f64))
                    .map_err(err),
                "bprop" => c.bprop(&mut s, &labels).map(|_| Value::Nil).map_err(err),
                _ => c.bbprop(&mut s, &labels).map(|_| Value::Nil).map_err(err),
            }
        })();
        match method {
            "fprop" | "bprop" | "bbprop" | "classify" => Some(culprit_arg(r, a, method)),
            _ => None,
        }
    }
}

impl Native for DataObj {
    fn type_name(&self) -> &'static str {
        "dataset"
    }
    fn methods(&self) -> &'static [crate::lisp::value::MethodDoc] {
        crate::builtins::methods::DATASET
    }
    fn repr(&self) -> String {
        format!("::dataset[{}x{:?}]", self.0.len(), self.0.shape)
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn send(&self, _it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
        let r = match method {
            "size" => Ok(Value::Num(self.0.len() as f64)),
            "shape" => Ok(dims_list(&self.0.shape)),
            "sample" => args::usize(a, 0, "sample").and_then(|i| {
                if i >= self.0.len() {
                    return Err(LispError::new(
                        ErrorKind::Index,
                        format!("sample {i} of {}", self.0.len()),
                    )
                    .into());
                }
                array_of(&self.0.shape, self.0.sample(i))
            }),
            "batch" => data_batch(&self.0, a),
            "label" => args::usize(a, 0, "label").and_then(|i| match self.0.y.get(i) {
                Some(&l) => Ok(Value::Num(l as f64)),
                None => Err(LispError::new(
                    ErrorKind::Index,
                    format!("label {i} of {}", self.0.len()),
                )
                .into()),
            }),
            _ => return None,
        };
        Some(culprit_arg(r, a, method))
    }
}

/// `(==> data batch i [n])`: samples `i..i+n` as one `[n, maps, h, w]` array.
fn data_batch(d: &Dataset, a: &[Value]) -> Res {
    let i = args::usize(a, 0, "batch")?;
    let n = if args::opt(a, 1).is_some() {
        args::usize(a, 1, "batch")?
    } else {
        1
    };
    if n == 0 || i.checked_add(n).is_none_or(|e| e > d.len()) {
        return Err(
            LispError::new(ErrorKind::Index, format!("batch {i}+{n} of {}", d.len())).into(),
        );
    }
    let mut dims = vec![n];
    dims.extend_from_slice(&d.shape);
    array_of(&dims, &d.x[i * d.per()..(i + n) * d.per()])
}
