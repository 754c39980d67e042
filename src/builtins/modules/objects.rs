//! The Lisp objects of the modules level: modules, costs, data sets and
//! trainers, with their `==>` methods (states and params are in
//! `params.rs`, networks in `net.rs`). A module's `weights`, `kernel` and
//! `bias` are live views of its parameters.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use sn_modules::module::check_pool;
use sn_modules::{Cost, Ctx, Dataset, ModError, Module, ParamBlock, Pool, State, Trainer};

use super::conv::{array_of, blame, dims_list, labels_of};
use super::live::{Buf, LivePool};
pub use super::params::{ParamObj, StateObj};
use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Native, Res, Unwind, Value};

pub use super::live::busy;
pub use super::net::NetObj;

/// The range of a module's parameters in its pool, if they are
/// contiguous (a sequence's modules made one after the other).
fn param_span(m: &mut dyn Module) -> Option<Range<usize>> {
    fn spans(m: &mut dyn Module, out: &mut Vec<Range<usize>>) {
        if let Some(s) = m.as_seq_mut() {
            for c in s.mods.iter_mut() {
                spans(c.as_mut(), out);
            }
        } else if m.nparams() > 0 {
            let e = m.pool_end();
            out.push(e.saturating_sub(m.nparams())..e);
        }
    }
    let mut v = Vec::new();
    spans(m, &mut v);
    v.sort_by_key(|r| r.start);
    let mut merged: Option<Range<usize>> = None;
    for r in v {
        merged = match merged {
            None => Some(r),
            Some(m) if r.start == m.end => Some(m.start..r.end),
            Some(_) => return None,
        };
    }
    Some(merged.unwrap_or(0..0))
}

/// A module and the pool holding its parameters, with where they are in
/// it (kept when the module moves into a sequence or a network, so that
/// its weights can still be viewed there).
pub struct ModObj {
    /// The module.
    pub m: RefCell<Box<dyn Module>>,
    /// The pool holding its parameters.
    pub pool: Rc<LivePool>,
    span: Option<Range<usize>>,
    blocks: Vec<ParamBlock>,
}

impl ModObj {
    /// A module object for `m`, its parameters in `pool`.
    pub fn new(mut m: Box<dyn Module>, pool: Rc<LivePool>) -> ModObj {
        let span = param_span(m.as_mut());
        let blocks = m.param_blocks();
        ModObj {
            m: RefCell::new(m),
            pool,
            span,
            blocks,
        }
    }

    /// Runs `f` on the module and its pool: refuses a module whose param
    /// went into a network without it, and a pool not holding its
    /// parameters.
    fn run<R>(
        &self,
        m: &mut dyn Module,
        f: impl FnOnce(&mut dyn Module, &mut Pool) -> sn_modules::Result<R>,
    ) -> Res<R> {
        if self.pool.in_net() && m.kind() != "moved" && m.nparams() > 0 {
            return Err(LispError::new(
                ErrorKind::Domain,
                format!(
                    "{}: its param was moved into a network (new-net) that does not hold this module",
                    m.kind()
                ),
            )
            .into());
        }
        self.pool.with_pool(|pool| {
            check_pool(m, pool)?;
            f(m, pool).map_err(Unwind::from)
        })
    }

    /// `(==> m weights)`, `(==> m kernel)`, `(==> m bias)`: live views.
    fn view(&self, method: &str) -> Res {
        if method == "weights" {
            return match &self.span {
                Some(r) => self.pool.view(Buf::X, r.clone(), &[r.len()]),
                None => Err(LispError::new(
                    ErrorKind::Domain,
                    "weights: the module's parameters are not contiguous in its param",
                )
                .into()),
            };
        }
        match self.blocks.iter().find(|b| b.name == method) {
            Some(b) => self.pool.view(Buf::X, b.range.clone(), &b.dims),
            None => {
                let kind = self.m.try_borrow().map(|m| m.kind()).unwrap_or("module");
                Err(LispError::new(
                    ErrorKind::Domain,
                    format!("{method}: a {kind} module has no {method}"),
                )
                .into())
            }
        }
    }
}

/// A cost.
pub struct CostObj(pub RefCell<Box<dyn Cost>>);

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

/// Argument `i` of `f` as a state.
///
/// # Errors
/// A type error naming `f` when it is not a state.
pub fn state_arg<'a>(a: &'a [Value], i: usize, f: &str) -> Res<&'a StateObj> {
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

impl ModObj {
    fn prop(&self, method: &str, a: &[Value]) -> Res {
        let i = state_arg(a, 0, method)?;
        let o = state_arg(a, 1, method)?;
        let mut m = self.m.try_borrow_mut().map_err(|_| busy("module"))?;
        let ctx = Ctx {
            par: false,
            grad_in: true,
        };
        i.with_state(|si| {
            o.with_state(|so| {
                self.run(m.as_mut(), |m, pool| match method {
                    "fprop" => m.fprop(pool, si, so, ctx),
                    "bprop" => m.bprop(pool, si, so, ctx),
                    _ => m.bbprop(pool, si, so, ctx),
                })
            })
        })?;
        Ok(Value::Nil)
    }

    fn forget(&self, a: &[Value]) -> Res {
        let seed = if args::opt(a, 0).is_some() {
            args::int(a, 0, "forget")? as u64
        } else {
            1
        };
        let mut m = self.m.try_borrow_mut().map_err(|_| busy("module"))?;
        self.run(m.as_mut(), |m, pool| {
            m.forget(pool, &mut sn_modules::Rng::new(seed));
            Ok(())
        })?;
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
            "forget" => self.forget(a),
            "weights" | "kernel" | "bias" => self.view(method),
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
                let s = m.out_shape(&d)?;
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
            if method == "classify" {
                let b = if args::opt(a, 1).is_some() {
                    args::usize(a, 1, "classify")?
                } else {
                    0
                };
                return out.with_state(|s| {
                    if b >= s.batch() {
                        return Err(LispError::new(
                            ErrorKind::Index,
                            format!("classify: sample {b} of {}", s.batch()),
                        )
                        .culprit(a.get(1).cloned().unwrap_or(Value::Num(0.0)))
                        .into());
                    }
                    Ok(Value::Num(c.classify(s, b)? as f64))
                });
            }
            // read before the state's buffers move out (labels may be a view of them)
            let labels = labels_of(a, 1, method)?;
            out.with_state(|s| match method {
                "fprop" => c
                    .fprop(s, &labels)
                    .map(|e| Value::Num(e as f64))
                    .map_err(Unwind::from),
                "bprop" => c
                    .bprop(s, &labels)
                    .map(|_| Value::Nil)
                    .map_err(Unwind::from),
                _ => c
                    .bbprop(s, &labels)
                    .map(|_| Value::Nil)
                    .map_err(Unwind::from),
            })
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
