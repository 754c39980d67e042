//! States and parameter pools as Lisp objects: their buffers live in
//! storage cells, so that `(==> s x)`, `(==> p x)` ... are live views.

use std::cell::RefCell;
use std::rc::Rc;

use sn_array::Array;
use sn_modules::{Pool, State};

use super::conv::{dims_list, finite, values_of};
use super::live::{busy, copy_into, Buf, LivePool, LiveState};
use super::objects::culprit_arg;
use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Native, Res, Value};

/// A state (`x`, `dx`, `ddx`), its buffers in storage cells that its
/// views (`(==> s x)` ...) share.
pub struct StateObj(RefCell<LiveState>);

impl StateObj {
    /// A state object holding `s`'s buffers (moved in).
    pub fn new(s: State) -> StateObj {
        StateObj(RefCell::new(LiveState::new(s)))
    }

    /// Runs `f` on the state (its buffers moved in for the call).
    /// Refuses re-entrant use.
    pub fn with_state<R>(&self, f: impl FnOnce(&mut State) -> Res<R>) -> Res<R> {
        self.0
            .try_borrow_mut()
            .map_err(|_| busy("state"))?
            .with_state(f)
    }

    /// `(==> s set-x arr)`: one copy of `arr` into `x`, the state resized
    /// to its dims (the budget is asked first; on an error the state is
    /// left as it was).
    fn set_x(&self, arr: &Array) -> Res {
        let dims = arr.dims().to_vec();
        if dims.len() > 4 {
            return Err(LispError::new(
                ErrorKind::Shape,
                format!("state set-x: at most 4 dimensions, got {dims:?}"),
            )
            .into());
        }
        let mut ls = self.0.try_borrow_mut().map_err(|_| busy("state"))?;
        // a view of this state's own buffers is read before they move out
        let own = match ls.holds(arr.storage()) {
            true => Some(values_of(arr, "state set-x")?),
            false => None,
        };
        ls.with_state(|s| {
            s.resize(&dims)?;
            match &own {
                Some(v) => s.x.copy_from_slice(v),
                None => copy_into(arr, &mut s.x),
            }
            Ok(Value::Nil)
        })
    }
}

/// A parameter pool, shared by the modules made with it. `new-net` moves
/// the pool's cells into the network (views of them stay live) and gives
/// the param fresh ones; modules made before and left out of the network
/// say so when used.
pub struct ParamObj {
    /// The pool of the parameters (replaced when a net takes them).
    pub pool: RefCell<Rc<LivePool>>,
    /// The momentum velocities of `update`.
    pub vel: RefCell<Vec<f32>>,
}

impl ParamObj {
    /// A param with an empty pool.
    pub fn new() -> ParamObj {
        ParamObj {
            pool: RefCell::new(LivePool::empty()),
            vel: RefCell::new(Vec::new()),
        }
    }

    /// The pool modules made now put their parameters in.
    pub fn pool(&self) -> Rc<LivePool> {
        self.pool.borrow().clone()
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
            Ok(s) => format!("::state{:?}", s.dims()),
            Err(_) => "::state".to_string(),
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn send(&self, _it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
        let view = |b: Buf| {
            self.0
                .try_borrow_mut()
                .map_err(|_| busy("state"))
                .and_then(|mut s| s.view(b))
        };
        let r = match method {
            "x" => view(Buf::X),
            "dx" => view(Buf::Dx),
            "ddx" => view(Buf::Ddx),
            "dims" => self
                .0
                .try_borrow()
                .map(|s| dims_list(s.dims()))
                .map_err(|_| busy("state")),
            "set-x" => args::array(a, 0, "state set-x")
                .and_then(|arr| super::conv::blame(self.set_x(arr), &a[0])),
            "clear-dx" => self.with_state(|s| {
                s.clear_dx();
                Ok(Value::Nil)
            }),
            "clear-ddx" => self.with_state(|s| {
                s.clear_ddx();
                Ok(Value::Nil)
            }),
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
        match self.pool.try_borrow() {
            Ok(p) if !p.is_busy() => format!("::param[{}]", p.len()),
            _ => "::param".to_string(),
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn send(&self, _it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
        let p = self.pool();
        let n = p.len();
        let r = match method {
            "size" => Ok(Value::Num(n as f64)),
            "x" => p.view(Buf::X, 0..n, &[n]),
            "dx" => p.view(Buf::Dx, 0..n, &[n]),
            "ddx" => p.view(Buf::Ddx, 0..n, &[n]),
            "eps" => p.view(Buf::Eps, 0..n, &[n]),
            "clear-dx" => p.with_pool(|p| {
                p.clear_dx();
                Ok(Value::Nil)
            }),
            "clear-ddx" => p.with_pool(|p| {
                p.clear_ddx();
                Ok(Value::Nil)
            }),
            "update" => match self.vel.try_borrow_mut() {
                Ok(mut vel) => p.with_pool(|p| param_update(p, &mut vel, a)),
                Err(_) => Err(busy("param")),
            },
            "set-eps" => p.with_pool(|p| param_set_eps(p, a)),
            "set-x" => args::array(a, 0, "param set-x").and_then(|arr| param_set_x(&p, arr, a)),
            _ => return None,
        };
        Some(culprit_arg(r, a, method))
    }
}

/// `(==> param set-x arr)`: one copy of `arr` into the parameters.
fn param_set_x(p: &LivePool, arr: &Array, a: &[Value]) -> Res {
    let n = p.len();
    if arr.len() != n {
        return Err(LispError::shape("param set-x", &[n], arr.dims())
            .culprit(a[0].clone())
            .into());
    }
    // a view of the pool itself is read before its buffers move out
    let own = match p.holds(arr.storage()) {
        true => Some(values_of(arr, "param set-x")?),
        false => None,
    };
    p.with_pool(|p| {
        match &own {
            Some(v) => p.x.copy_from_slice(v),
            None => copy_into(arr, &mut p.x),
        }
        Ok(Value::Nil)
    })
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
