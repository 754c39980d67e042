//! SN2.8's Euclidean units (`update-nn-*`, `find-winner`, `find-loser`),
//! IAC/ART units (`update-excitation` ...), `update-deltastate` and the
//! conjugate-gradient weight step.

use sn_units::Iac;

use crate::lisp::args;
use crate::lisp::{Interp, Res, Unwind, Value};

use super::nlf::{nlf_arg, with_fn, NlfArg};
use super::prop::{resolve, Parsed, Table};
use super::{layer_of, with_net, with_net_it};

/// A required function argument (SN2.8's `GETNLF`).
fn nlf_at(a: &[Value], i: usize, fname: &str) -> Res<NlfArg> {
    nlf_arg(a.get(i).unwrap_or(&Value::Nil), fname)
}

fn update_nn_sum(it: &mut Interp, a: &[Value]) -> Res {
    let mut p = Parsed { rest: a };
    let theta = p.num().unwrap_or(0.0);
    let layers = p.layers("update-nn-sum")?;
    with_net_it(it, "update-nn-sum", |n, it| {
        for l in &layers {
            let rng = it.rng();
            n.update_nn_sum(theta, l, &mut || rng.gauss() as f32)?;
        }
        Ok(Value::truth(true))
    })
}

fn update_nn_state(it: &mut Interp, a: &[Value]) -> Res {
    let mut p = Parsed { rest: a };
    let theta = p.num().unwrap_or(0.0);
    let mut f = nlf_at(p.rest, 0, "update-nn-state")?;
    let layers = Parsed { rest: &p.rest[1..] }.layers("update-nn-state")?;
    with_net_it(it, "update-nn-state", |n, it| {
        for l in &layers {
            let rng = it.rng();
            n.update_nn_sum(theta, l, &mut || rng.gauss() as f32)?;
            with_fn(it, &mut f, |g| n.update_state_only(g, l))?;
        }
        Ok(Value::truth(true))
    })
}

fn update_nn_back_sum(it: &mut Interp, a: &[Value]) -> Res {
    let layers = Parsed { rest: a }.layers("update-nn-back-sum")?;
    with_net(it, "update-nn-back-sum", |n| {
        for l in &layers {
            n.update_nn_back_sum(l)?;
        }
        Ok(Value::truth(true))
    })
}

fn update_nn_gradient(it: &mut Interp, a: &[Value]) -> Res {
    let mut f = nlf_at(a, 0, "update-nn-gradient")?;
    let layers = Parsed { rest: &a[1..] }.layers("update-nn-gradient")?;
    with_net_it(it, "update-nn-gradient", |n, it| {
        for l in &layers {
            with_fn(it, &mut f, |g| n.update_nn_gradient(g, l))?;
        }
        Ok(Value::truth(true))
    })
}

fn deltastate_common(it: &mut Interp, a: &[Value], fname: &str, nn: bool) -> Res {
    let mut p = Parsed { rest: a };
    let given = p.nlf();
    let mut f = resolve(it, given, "dnlf", 1, fname)?;
    let layers = p.layers(fname)?;
    with_net_it(it, fname, |n, it| {
        for l in &layers {
            if nn {
                with_fn(it, &mut f, |g| n.update_nn_deltastate(g, l))?;
            } else {
                with_fn(it, &mut f, |g| n.update_deltastate(g, l))?;
            }
        }
        Ok(Value::truth(true))
    })
}

fn update_nn_deltastate(it: &mut Interp, a: &[Value]) -> Res {
    deltastate_common(it, a, "update-nn-deltastate", true)
}

fn update_deltastate(it: &mut Interp, a: &[Value]) -> Res {
    deltastate_common(it, a, "update-deltastate", false)
}

/// `(update-nn-ggradient dnlf ddnlf gamma layer ...)` and
/// `(update-nn-lmggradient dnlf gamma layer ...)`.
fn nn_ggradient_common(it: &mut Interp, a: &[Value], fname: &str, full: bool) -> Res {
    let mut df = nlf_at(a, 0, fname)?;
    let k = if full { 2 } else { 1 };
    let ddf = if full {
        Some(nlf_at(a, 1, fname)?)
    } else {
        None
    };
    let gamma = args::num(a, k, fname)? as f32;
    let layers = Parsed { rest: &a[k + 1..] }.layers(fname)?;
    with_net_it(it, fname, |n, it| {
        for l in &layers {
            match &ddf {
                None => with_fn(it, &mut df, |g| n.update_nn_ggradient(g, None, gamma, l))?,
                Some(NlfArg::Builtin(dd)) => {
                    let mut dd = dd.clone();
                    with_fn(it, &mut df, |g| {
                        n.update_nn_ggradient(g, Some(&mut dd), gamma, l)
                    })?
                }
                Some(NlfArg::Lisp(f)) => {
                    let mut vals = Vec::with_capacity(l.len());
                    for &u in l.iter() {
                        let x = n.units.nsum.get(u as usize).copied().unwrap_or(0.0);
                        vals.push(
                            it.apply(f, &[Value::Num(x as f64)])?
                                .as_num()
                                .unwrap_or(0.0) as f32,
                        );
                    }
                    let mut t = Table { vals, i: 0 };
                    with_fn(it, &mut df, |g| {
                        n.update_nn_ggradient(g, Some(&mut t), gamma, l)
                    })?
                }
            }
        }
        Ok(Value::Nil)
    })
}

fn update_nn_ggradient(it: &mut Interp, a: &[Value]) -> Res {
    nn_ggradient_common(it, a, "update-nn-ggradient", true)
}

fn update_nn_lmggradient(it: &mut Interp, a: &[Value]) -> Res {
    nn_ggradient_common(it, a, "update-nn-lmggradient", false)
}

/// `(update-nn-weight alpha decay [layer ...])`,
/// `(update-nn-w-newton alpha decay mu [layer ...])`.
fn nn_weight_common(it: &mut Interp, a: &[Value], fname: &str, newton: bool) -> Res {
    let alpha = args::num(a, 0, fname)? as f32;
    let decay = args::num(a, 1, fname)? as f32;
    let mu = if newton {
        Some(args::num(a, 2, fname)? as f32)
    } else {
        None
    };
    let k = if newton { 3 } else { 2 };
    let layers = Parsed { rest: &a[k..] }.layers(fname)?;
    with_net(it, fname, |n| {
        n.check_finite_units("update-nn-weight")?;
        if layers.is_empty() {
            return n
                .update_nn_weight(alpha, decay, mu, None)
                .map_err(Unwind::from)
                .map(|_| Value::Nil);
        }
        for l in &layers {
            n.update_nn_weight(alpha, decay, mu, Some(l))?;
        }
        Ok(Value::Nil)
    })
}

fn update_nn_weight(it: &mut Interp, a: &[Value]) -> Res {
    nn_weight_common(it, a, "update-nn-weight", false)
}

fn update_nn_w_newton(it: &mut Interp, a: &[Value]) -> Res {
    nn_weight_common(it, a, "update-nn-w-newton", true)
}

fn update_nn_acc(it: &mut Interp, a: &[Value]) -> Res {
    let l = match a.first() {
        Some(v) => Some(layer_of(v, "update-nn-acc")?),
        None => None,
    };
    with_net(it, "update-nn-acc", |n| {
        n.update_nn_acc(l.as_deref())?;
        Ok(Value::Nil)
    })
}

fn extreme(it: &mut Interp, a: &[Value], fname: &str, largest: bool) -> Res {
    let l = layer_of(&a[0], fname)?;
    with_net(it, fname, |n| match n.find_extreme(&l, largest)? {
        Some(u) => Ok(Value::Num(u as f64)),
        None => Ok(Value::Nil),
    })
}

fn find_winner(it: &mut Interp, a: &[Value]) -> Res {
    extreme(it, a, "find-winner", true)
}

fn find_loser(it: &mut Interp, a: &[Value]) -> Res {
    extreme(it, a, "find-loser", false)
}

fn excit_common(it: &mut Interp, a: &[Value], fname: &str, excite: bool) -> Res {
    let layers = Parsed { rest: a }.layers(fname)?;
    with_net(it, fname, |n| {
        for l in &layers {
            n.update_excitation(l, excite)?;
        }
        Ok(Value::Num(a.len() as f64))
    })
}

fn update_excitation(it: &mut Interp, a: &[Value]) -> Res {
    excit_common(it, a, "update-excitation", true)
}

fn update_inhibition(it: &mut Interp, a: &[Value]) -> Res {
    excit_common(it, a, "update-inhibition", false)
}

fn iac_args(a: &[Value], fname: &str) -> Res<(Vec<u32>, Iac)> {
    let x = |i| args::num(a, i, fname).map(|v| v as f32);
    let c = Iac {
        alpha: x(1)?,
        beta: x(2)?,
        gamma: x(3)?,
        min: x(4)?,
        max: x(5)?,
        rest: x(6)?,
        decay: x(7)?,
    };
    Ok((layer_of(&a[0], fname)?, c))
}

fn update_iac_activation(it: &mut Interp, a: &[Value]) -> Res {
    let (l, c) = iac_args(a, "update-iac-activation")?;
    with_net(it, "update-iac-activation", |n| {
        n.update_iac_activation(&l, &c)
            .map_err(Unwind::from)
            .map(|_| Value::Nil)
    })
}

fn update_art_activation(it: &mut Interp, a: &[Value]) -> Res {
    let (l, c) = iac_args(a, "update-art-activation")?;
    with_net(it, "update-art-activation", |n| {
        n.update_art_activation(&l, &c)
            .map_err(Unwind::from)
            .map(|_| Value::Nil)
    })
}

fn update_wghtonly_conjgrad(it: &mut Interp, a: &[Value]) -> Res {
    let c = args::num(a, 0, "update-wghtonly-conjgrad")? as f32;
    with_net(it, "update-wghtonly-conjgrad", |n| {
        n.update_wghtonly_conjgrad(c)
            .map_err(Unwind::from)
            .map(|_| Value::Nil)
    })
}

use super::Def;

const DEFS: &[Def] = &[
    ("update-nn-sum", 0, None, update_nn_sum, "(update-nn-sum [theta] layer ...) Euclidean units: nsum = Σ (sval − nval)² (+ noise of sdev theta, default 0)"),
    ("update-nn-state", 1, None, update_nn_state, "(update-nn-state [theta] nlf layer ...) Euclidean sums then nval = nlf(nsum)"),
    ("update-nn-back-sum", 0, None, update_nn_back_sum, "(update-nn-back-sum layer ...) nbacksum = 2·Σ (nsum − sval)·ngrad(downstream)"),
    ("update-nn-gradient", 1, None, update_nn_gradient, "(update-nn-gradient dnlf layer ...) Euclidean back-sums then ngrad = nbacksum·f'(nsum)"),
    ("update-nn-deltastate", 0, None, update_nn_deltastate, "(update-nn-deltastate [dnlf] layer ...) ngrad = f'(nsum)·Σ 2(sdelta − ngrad(src))(sval − nval(src))"),
    ("update-nn-ggradient", 3, None, update_nn_ggradient, "(update-nn-ggradient dnlf ddnlf gamma layer ...) second derivatives of Euclidean units; ssigma averaged with rate gamma"),
    ("update-nn-lmggradient", 2, None, update_nn_lmggradient, "(update-nn-lmggradient dnlf gamma layer ...) Gauss-Newton second derivatives of Euclidean units"),
    ("update-nn-weight", 2, None, update_nn_weight, "(update-nn-weight alpha decay [layer ...]) sdelta = alpha·sdelta + (1−alpha)·ε·(sval − nval)·ngrad; sval = (1−ε·decay)·sval + sdelta"),
    ("update-nn-w-newton", 3, None, update_nn_w_newton, "(update-nn-w-newton alpha decay mu [layer ...]) update-nn-weight with rates ε/(mu + |ssigma|)"),
    ("update-nn-acc", 0, Some(1), update_nn_acc, "(update-nn-acc [layer]) sacc += Σ (sval − nval(src))·ngrad"),
    ("find-winner", 1, Some(1), find_winner, "(find-winner layer) the unit of largest nval (the first of equals)"),
    ("find-loser", 1, Some(1), find_loser, "(find-loser layer) the unit of smallest nval (the first of equals)"),
    ("update-deltastate", 0, None, update_deltastate, "(update-deltastate [dnlf] layer ...) ngrad = f'(nsum)·Σ (sval·ngrad(src) + sdelta·nval(src))"),
    ("update-wghtonly-conjgrad", 1, Some(1), update_wghtonly_conjgrad, "(update-wghtonly-conjgrad curvature) sval += (Σ sacc·sdelta / curvature)·sdelta"),
    ("update-excitation", 0, None, update_excitation, "(update-excitation layer ...) nspare1 = Σ sval·nval over positive weights; returns the number of layers"),
    ("update-inhibition", 0, None, update_inhibition, "(update-inhibition layer ...) nspare2 = Σ sval·nval over negative weights"),
    ("update-iac-activation", 8, Some(8), update_iac_activation, "(update-iac-activation layer alpha beta gamma min max rest decay) one IAC step on nsum"),
    ("update-art-activation", 8, Some(8), update_art_activation, "(update-art-activation layer alpha beta gamma min max rest decay) one ART step on nsum"),
];

pub fn register(it: &mut Interp) {
    for &(name, min, max, f, doc) in DEFS {
        it.defn(name, min, max, f, doc);
    }
}
