//! Propagation primitives over lists of layers. Optional leading
//! arguments default to the global variables of the same name (`theta`,
//! `nlf`, `dnlf`, `ddnlf`, `gamma`, `alpha`, `decay`).

use sn_units::{Net, Nlf, Scope};

use crate::lisp::{Interp, Res, Unwind, Value};

use super::nlf::{is_nlf, nlf_arg, with_fn, NlfArg};
use super::{global_num, is_layer, layer_of, with_net_it};

/// The arguments of a primitive: optional leading values, then layers.
pub(super) struct Parsed<'a> {
    pub(super) rest: &'a [Value],
}

impl<'a> Parsed<'a> {
    pub(super) fn num(&mut self) -> Option<f32> {
        match self.rest.first() {
            Some(Value::Number(x)) => {
                self.rest = &self.rest[1..];
                Some(x.get() as f32)
            }
            _ => None,
        }
    }

    pub(super) fn nlf(&mut self) -> Option<Value> {
        match self.rest.first() {
            Some(v) if !is_layer(v) && is_nlf(v) => {
                self.rest = &self.rest[1..];
                Some(v.clone())
            }
            _ => None,
        }
    }

    pub(super) fn layers(&self, fname: &str) -> Res<Vec<Vec<u32>>> {
        self.rest.iter().map(|v| layer_of(v, fname)).collect()
    }
}

/// The function given, or the global `name`, or the default tanh.
pub(super) fn resolve(
    it: &mut Interp,
    given: Option<Value>,
    name: &str,
    order: u8,
    fname: &str,
) -> Res<NlfArg> {
    let v = given.unwrap_or_else(|| it.get_global(name));
    if v.is_nil() {
        return Ok(NlfArg::Builtin(Nlf::default_tanh(order)));
    }
    nlf_arg(&v, fname)
}

fn weighted_sums(n: &mut Net, it: &mut Interp, theta: f32, layer: &[u32]) -> Res<()> {
    let rng = it.rng();
    n.update_weighted_sum(theta, layer, &mut || rng.gauss() as f32)
        .map_err(Unwind::from)
}

fn update_weighted_sum(it: &mut Interp, a: &[Value]) -> Res {
    let mut p = Parsed { rest: a };
    let theta = p.num().unwrap_or_else(|| global_num(it, "theta"));
    let layers = p.layers("update-weighted-sum")?;
    with_net_it(it, "update-weighted-sum", |n, it| {
        for l in &layers {
            weighted_sums(n, it, theta, l)?;
        }
        Ok(Value::truth(true))
    })
}

fn state_common(it: &mut Interp, a: &[Value], fname: &str, sums: bool) -> Res {
    let mut p = Parsed { rest: a };
    let theta = if sums {
        p.num().unwrap_or_else(|| global_num(it, "theta"))
    } else {
        0.0
    };
    let given = p.nlf();
    let mut f = resolve(it, given, "nlf", 0, fname)?;
    let layers = p.layers(fname)?;
    with_net_it(it, fname, |n, it| {
        for l in &layers {
            if sums {
                weighted_sums(n, it, theta, l)?;
            }
            with_fn(it, &mut f, |g| n.update_state_only(g, l))?;
        }
        Ok(Value::truth(true))
    })
}

fn update_state_only(it: &mut Interp, a: &[Value]) -> Res {
    state_common(it, a, "update-state-only", false)
}

fn update_state(it: &mut Interp, a: &[Value]) -> Res {
    state_common(it, a, "update-state", true)
}

fn init_grad_common(it: &mut Interp, a: &[Value], fname: &str, th: bool) -> Res {
    let mut p = Parsed { rest: a };
    let given = p.nlf();
    let mut df = resolve(it, given, "dnlf", 1, fname)?;
    let max = if th { 3 } else { 2 };
    if p.rest.len() < 2 || p.rest.len() > max {
        let what = "output and desired layers";
        return Err(crate::lisp::args::type_error(
            fname,
            what,
            &Value::list(a.to_vec()),
        ));
    }
    let out = layer_of(&p.rest[0], fname)?;
    let des = layer_of(&p.rest[1], fname)?;
    let thr = th.then(|| p.rest.get(2).and_then(|v| v.as_num()).unwrap_or(0.0) as f32);
    with_net_it(it, fname, |n, it| {
        let c = with_fn(it, &mut df, |g| n.init_grad_thlms(g, &out, &des, thr))?;
        Ok(Value::Num(c))
    })
}

fn init_grad_lms(it: &mut Interp, a: &[Value]) -> Res {
    init_grad_common(it, a, "init-grad-lms", false)
}

fn init_grad_thlms(it: &mut Interp, a: &[Value]) -> Res {
    init_grad_common(it, a, "init-grad-thlms", true)
}

fn update_back_sum(it: &mut Interp, a: &[Value]) -> Res {
    let layers = Parsed { rest: a }.layers("update-back-sum")?;
    with_net_it(it, "update-back-sum", |n, _| {
        for l in &layers {
            n.update_back_sum(l)?;
        }
        Ok(Value::truth(true))
    })
}

fn gradient_common(it: &mut Interp, a: &[Value], fname: &str, backsum: bool) -> Res {
    let mut p = Parsed { rest: a };
    let given = p.nlf();
    let mut df = resolve(it, given, "dnlf", 1, fname)?;
    let layers = p.layers(fname)?;
    with_net_it(it, fname, |n, it| {
        for l in &layers {
            if backsum {
                n.update_back_sum(l)?;
            }
            with_fn(it, &mut df, |g| n.update_gradient_only(g, l))?;
        }
        // SN2.8: update-gradient-only returns its argument count.
        Ok(if backsum {
            Value::truth(true)
        } else {
            Value::Num(a.len() as f64)
        })
    })
}

fn update_gradient_only(it: &mut Interp, a: &[Value]) -> Res {
    gradient_common(it, a, "update-gradient-only", false)
}

fn update_gradient(it: &mut Interp, a: &[Value]) -> Res {
    gradient_common(it, a, "update-gradient", true)
}

/// Runs a weight primitive on the given layers, or on the whole net.
fn on_scope(
    it: &mut Interp,
    fname: &str,
    layers: Vec<Vec<u32>>,
    f: impl FnOnce(&mut Net, Scope) -> sn_units::Result<()>,
) -> Res {
    with_net_it(it, fname, |n, _| {
        let refs: Vec<&[u32]> = layers.iter().map(|l| l.as_slice()).collect();
        let scope = if refs.is_empty() {
            Scope::All
        } else {
            Scope::Layers(&refs)
        };
        f(n, scope)?;
        Ok(Value::Nil)
    })
}

fn alpha_decay(it: &mut Interp, p: &mut Parsed) -> (f32, f32) {
    let alpha = p.num().unwrap_or_else(|| global_num(it, "alpha"));
    let decay = p.num().unwrap_or_else(|| global_num(it, "decay"));
    (alpha, decay)
}

fn update_weight(it: &mut Interp, a: &[Value]) -> Res {
    let mut p = Parsed { rest: a };
    let (alpha, decay) = alpha_decay(it, &mut p);
    let layers = p.layers("update-weight")?;
    on_scope(it, "update-weight", layers, |n, s| {
        n.check_finite_units("update-weight")?;
        n.update_weight(alpha, decay, s)
    })
}

fn update_w_newton(it: &mut Interp, a: &[Value]) -> Res {
    let mut p = Parsed { rest: a };
    let (alpha, decay) = alpha_decay(it, &mut p);
    let mu = p.num().unwrap_or_else(|| global_num(it, "mu"));
    let layers = p.layers("update-w-newton")?;
    on_scope(it, "update-w-newton", layers, |n, s| {
        n.check_finite_units("update-w-newton")?;
        n.update_w_newton(alpha, decay, mu, s)
    })
}

fn clear_acc(it: &mut Interp, _a: &[Value]) -> Res {
    on_scope(it, "clear-acc", vec![], |n, _| {
        n.clear_acc();
        Ok(())
    })
}

fn update_acc(it: &mut Interp, a: &[Value]) -> Res {
    let layers = Parsed { rest: a }.layers("update-acc")?;
    on_scope(it, "update-acc", layers, |n, s| n.update_acc(s))
}

fn update_delta(it: &mut Interp, a: &[Value]) -> Res {
    let alpha = Parsed { rest: a }
        .num()
        .unwrap_or_else(|| global_num(it, "alpha"));
    on_scope(it, "update-delta", vec![], |n, _| {
        n.update_delta(alpha);
        Ok(())
    })
}

fn update_wghtonly(it: &mut Interp, a: &[Value]) -> Res {
    let decay = Parsed { rest: a }
        .num()
        .unwrap_or_else(|| global_num(it, "decay"));
    on_scope(it, "update-wghtonly", vec![], |n, _| {
        n.update_wghtonly(decay);
        Ok(())
    })
}

fn ggradient_common(it: &mut Interp, a: &[Value], fname: &str, full: bool) -> Res {
    let mut p = Parsed { rest: a };
    let g1 = p.nlf();
    let g2 = if full { p.nlf() } else { None };
    let gamma = p.num().unwrap_or_else(|| global_num(it, "gamma"));
    let mut df = resolve(it, g1, "dnlf", 1, fname)?;
    let mut ddf = if full {
        Some(resolve(it, g2, "ddnlf", 2, fname)?)
    } else {
        None
    };
    let layers = p.layers(fname)?;
    with_net_it(it, fname, |n, it| {
        for l in &layers {
            match ddf.as_mut() {
                None => with_fn(it, &mut df, |g| n.update_lmggradient(g, gamma, l))?,
                Some(NlfArg::Builtin(dd)) => {
                    let mut dd = dd.clone();
                    with_fn(it, &mut df, |g| {
                        n.update_ggradient(g, Some(&mut dd), gamma, l)
                    })?
                }
                Some(NlfArg::Lisp(f)) => {
                    // Two Lisp callbacks cannot share the interpreter: evaluate
                    // the second derivative into nspare-free temporaries first.
                    let f = f.clone();
                    let mut dd_vals = Vec::with_capacity(l.len());
                    for &u in l.iter() {
                        let x = n.unit_field(sn_units::UnitField::Sum, u as i64)?;
                        dd_vals.push(
                            it.apply(&f, &[Value::Num(x as f64)])?
                                .as_num()
                                .unwrap_or(0.0) as f32,
                        );
                    }
                    let mut table = Table {
                        vals: dd_vals,
                        i: 0,
                    };
                    with_fn(it, &mut df, |g| {
                        n.update_ggradient(g, Some(&mut table), gamma, l)
                    })?
                }
            }
        }
        Ok(Value::Nil)
    })
}

/// Replays precomputed values, in unit order (second derivative given by
/// a Lisp function).
pub(super) struct Table {
    pub(super) vals: Vec<f32>,
    pub(super) i: usize,
}

impl sn_units::ScalarFn for Table {
    fn eval(&mut self, _x: f32) -> sn_units::Result<f32> {
        let v = self.vals.get(self.i).copied().unwrap_or(0.0);
        self.i += 1;
        Ok(v)
    }
}

fn update_ggradient(it: &mut Interp, a: &[Value]) -> Res {
    ggradient_common(it, a, "update-ggradient", true)
}

fn update_lmggradient(it: &mut Interp, a: &[Value]) -> Res {
    ggradient_common(it, a, "update-lmggradient", false)
}

fn clear_hess(it: &mut Interp, _a: &[Value]) -> Res {
    on_scope(it, "clear-hess", vec![], |n, _| {
        n.clear_hess();
        Ok(())
    })
}

fn update_hess(it: &mut Interp, a: &[Value]) -> Res {
    let layers = Parsed { rest: a }.layers("update-hess")?;
    on_scope(it, "update-hess", layers, |n, s| n.update_hess(s))
}

fn hessian_scale(it: &mut Interp, a: &[Value]) -> Res {
    let mu = Parsed { rest: a }
        .num()
        .unwrap_or_else(|| global_num(it, "mu"));
    on_scope(it, "hessian-scale", vec![], |n, _| {
        n.hessian_scale(mu);
        Ok(())
    })
}

pub fn register(it: &mut Interp) {
    type F = crate::lisp::value::SubrFn;
    let defs: [(&str, F, &str); 20] = [
        ("update-weighted-sum", update_weighted_sum, "([theta] layer ...) nsum = Σ sval·nval (+ gaussian noise of sdev theta)"),
        ("update-state-only", update_state_only, "([nlf] layer ...) nval = nlf(nsum)"),
        ("update-state", update_state, "([theta] [nlf] layer ...) weighted sums then states, layer by layer"),
        ("init-grad-lms", init_grad_lms, "([dnlf] output desired) output gradients of ½Σ(desired−nval)²; returns that cost"),
        ("init-grad-thlms", init_grad_thlms, "([dnlf] output desired [threshold]) thresholded LMS: no error beyond a desired value past ±threshold"),
        ("update-back-sum", update_back_sum, "(layer ...) nbacksum = Σ sval·ngrad(downstream)"),
        ("update-gradient-only", update_gradient_only, "([dnlf] layer ...) ngrad = nbacksum·f'(nsum)"),
        ("update-gradient", update_gradient, "([dnlf] layer ...) back-sums then gradients, layer by layer"),
        ("update-weight", update_weight, "([alpha [decay]] [layer ...]) sdelta = alpha·sdelta + (1−alpha)·ε·Σ nval·ngrad; sval = (1−decay·ε)·sval + sdelta"),
        ("clear-acc", clear_acc, "() sacc = 0"),
        ("update-acc", update_acc, "([layer ...]) sacc += nval·ngrad·ε for every connection (ε: the weight's sepsilon if set, else the destination's nepsilon)"),
        ("update-delta", update_delta, "([alpha]) sdelta = alpha·sdelta + (1−alpha)·sacc for every weight"),
        ("update-wghtonly", update_wghtonly, "([decay]) sval = (1−decay)·sval + sdelta for every weight (decay not scaled by ε, as in SN2.8's iterative kernels)"),
        ("update-ggradient", update_ggradient, "([dnlf [ddnlf]] [gamma] layer ...) diagonal second derivatives nggrad; ssigma = (1−gamma)·ssigma + gamma·nggrad·nval² for the connections into the layers"),
        ("update-lmggradient", update_lmggradient, "([dnlf] [gamma] layer ...) Gauss-Newton diagonal second derivatives nggrad; ssigma = (1−gamma)·ssigma + gamma·nggrad·nval² for the connections into the layers"),
        ("clear-hess", clear_hess, "() shess = 0"),
        ("update-hess", update_hess, "([layer ...]) shess += ssigma for the weights of the connections into the layers (every weight without layers)"),
        ("hessian-scale", hessian_scale, "([mu]) sacc = sacc / (mu + |shess|) for every weight"),
        ("update-w-newton", update_w_newton, "([alpha [decay [mu]]] [layer ...]) clear-acc, update-acc, clear-hess, update-hess, hessian-scale mu, update-delta alpha, update-wghtonly decay (with layers: that sequence once per unit, as SN2.8)"),
        ("net-mu", net_mu, "() the mu of the last hessian-scale"),
    ];
    for (name, f, doc) in defs {
        it.defn(
            name,
            0,
            None,
            f,
            &format!("({name} {}", doc.trim_start_matches('(')),
        );
    }
}

fn net_mu(it: &mut Interp, _a: &[Value]) -> Res {
    with_net_it(it, "net-mu", |n, _| Ok(Value::Num(n.mu as f64)))
}
