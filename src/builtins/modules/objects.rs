//! The Lisp objects of the modules level: states, parameter pools,
//! modules, costs, networks, data sets and trainers, with their `==>`
//! methods.

use std::cell::RefCell;
use std::rc::Rc;

use sn_modules::{Cost, Ctx, Dataset, ModError, Module, Net, Pool, State, Trainer};

use super::conv::{array_of, dims_list, err, labels_of, state_from_array};
use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Native, Res, Value};

/// A state (`x`, `dx`, `ddx`).
pub struct StateObj(pub RefCell<State>);

/// A parameter pool, shared by the modules made with it.
pub struct ParamObj {
    pub pool: Rc<RefCell<Pool>>,
    pub vel: RefCell<Vec<f32>>,
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

fn busy(what: &str) -> crate::lisp::Unwind {
    LispError::new(
        ErrorKind::Domain,
        format!("{what} is in use (the same object twice?)"),
    )
    .into()
}

fn state_arg<'a>(a: &'a [Value], i: usize, f: &str) -> Res<&'a StateObj> {
    args::native::<StateObj>(a, i, f)
}

impl Native for StateObj {
    fn type_name(&self) -> &'static str {
        "state"
    }
    fn repr(&self) -> String {
        format!("::state{:?}", self.0.borrow().dims)
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
            "set-x" => {
                args::array(a, 0, "state set-x").and_then(|arr| state_from_array(&mut s, arr))
            }
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
        Some(r)
    }
}

impl Native for ParamObj {
    fn type_name(&self) -> &'static str {
        "param"
    }
    fn repr(&self) -> String {
        format!("::param[{}]", self.pool.borrow().len())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn send(&self, _it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
        let mut p = match self.pool.try_borrow_mut() {
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
            "update" => param_update(&mut p, &mut self.vel.borrow_mut(), a),
            "set-eps" => param_set_eps(&mut p, a),
            "set-x" => args::array(a, 0, "param set-x").and_then(|arr| {
                let v = arr.to_vec();
                if v.len() != n {
                    return Err(LispError::shape("param set-x", &[n], arr.dims()).into());
                }
                p.x.copy_from_slice(&v);
                Ok(Value::Nil)
            }),
            _ => return None,
        };
        Some(r)
    }
}

/// `(==> param update eta [momentum decay lm])`.
fn param_update(p: &mut Pool, vel: &mut Vec<f32>, a: &[Value]) -> Res {
    let f = "param update";
    let eta = args::num(a, 0, f)? as f32;
    let mom = if args::opt(a, 1).is_some() {
        args::num(a, 1, f)? as f32
    } else {
        0.0
    };
    let decay = if args::opt(a, 2).is_some() {
        args::num(a, 2, f)? as f32
    } else {
        0.0
    };
    let lm = args::opt(a, 3).is_some_and(|v| v.truthy());
    sn_modules::trainer::update(p, vel, eta, mom, decay, lm);
    Ok(Value::Nil)
}

/// `(==> param set-eps mu count)`: `eps = 1/(mu + ddx/count)` (diagonal LM).
fn param_set_eps(p: &mut Pool, a: &[Value]) -> Res {
    let mu = args::num(a, 0, "param set-eps")? as f32;
    let count = args::num(a, 1, "param set-eps")?.max(1.0) as f32;
    let Pool { ddx, eps, .. } = p;
    for (e, h) in eps.iter_mut().zip(ddx.iter()) {
        *e = 1.0 / (mu + h / count);
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
                m.forget(&mut pool, &mut sn_modules::Rng::new(seed));
                Ok(Value::Nil)
            })(),
            "nparams" => Ok(Value::Num(self.m.borrow().nparams() as f64)),
            "describe" => Ok(Value::string(&self.m.borrow().describe())),
            "out-dims" => (|| {
                let d = super::conv::dims_arg(a, 0, "out-dims")?;
                let s = self.m.borrow().out_shape(&d).map_err(err)?;
                Ok(dims_list(s.dims()))
            })(),
            _ => return None,
        };
        Some(r)
    }
}

impl Native for CostObj {
    fn type_name(&self) -> &'static str {
        "cost"
    }
    fn repr(&self) -> String {
        format!("::cost<{}>", self.0.borrow().kind())
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
                    .into());
                }
                return Ok(Value::Num(c.classify(&s, b) as f64));
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
            "fprop" | "bprop" | "bbprop" | "classify" => Some(r),
            _ => None,
        }
    }
}

impl Native for DataObj {
    fn type_name(&self) -> &'static str {
        "dataset"
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
        Some(r)
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
