//! The compiled loops behind netenv's `learn` and `perf`: one Rust call
//! runs many iterations when every layer uses a built-in non-linear
//! function and the settings are the standard ones (netenv decides).
//!
//! `(%learn-fast n struct)` and `(%perf-fast a b struct)`, where `struct`
//! lists `(layer nlf dnlf)` for each non-input layer in forward order
//! (`()` functions mean the current globals `nlf` / `dnlf`). They read
//! `input-layer`, `desired-layer`, `pattern-matrix`, `desired-matrix`,
//! `current-pattern`, `patt-min`, `patt-max`, `alpha`, `decay`, `theta`,
//! `gamma`, `%nextpat-stay`, `%nextcho-rnd`, `%class-spec`,
//! `%cost-threshold`, `%newton-mode`, and update `age`, `current-pattern`,
//! `local-error`, `good-answer`.

use sn_units::{Class, Nlf, Plan, Rule, Stage, StepParams};

use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::interrupt;
use crate::lisp::{Interp, Res, Unwind, Value};

use super::nlf::{nlf_arg, NlfArg};
use super::{global_num, layer_of, with_net_it};

/// Rows of a matrix: data, number of rows, row length.
struct Rows {
    data: Vec<f32>,
    nrows: usize,
    ncols: usize,
}

impl Rows {
    fn of(it: &mut Interp, name: &str) -> Res<Rows> {
        let v = it.get_global(name);
        let Value::Array(a) = &v else {
            return Err(type_error(name, "a matrix (one pattern per row)", &v));
        };
        let nrows = a.dims().first().copied().unwrap_or(1);
        // The loops read a copy of the matrix: it must fit beside it.
        sn_array::budget::reserve_items(&format!("learn (a copy of {name})"), a.len(), 4)?;
        let data = a.to_vec();
        let ncols = data.len().checked_div(nrows).unwrap_or(0);
        Ok(Rows { data, nrows, ncols })
    }

    fn row(&self, n: usize) -> &[f32] {
        &self.data[n * self.ncols..(n + 1) * self.ncols]
    }
}

fn builtin(v: &Value, global: &str, it: &mut Interp, order: u8) -> Res<Option<Nlf>> {
    let v = if v.is_nil() {
        it.get_global(global)
    } else {
        v.clone()
    };
    if v.is_nil() {
        return Ok(Some(Nlf::default_tanh(order)));
    }
    Ok(match nlf_arg(&v, "learn")? {
        NlfArg::Builtin(n) => Some(n),
        NlfArg::Lisp(_) => None,
    })
}

/// The plan of the net described by `struct`, or `None` when a layer uses
/// a Lisp function.
fn plan_of(it: &mut Interp, st: &Value, n: &sn_units::Net) -> Res<Option<Plan>> {
    let items = st
        .list_to_vec()
        .ok_or_else(|| type_error("learn", "a net structure", st))?;
    let mut stages = Vec::new();
    for item in items {
        let parts = item.list_to_vec().unwrap_or_default();
        let [layer, f, df] = parts.as_slice() else {
            return Err(type_error("learn", "(layer nlf dnlf)", &item));
        };
        let units = layer_of(layer, "learn")?;
        match (builtin(f, "nlf", it, 0)?, builtin(df, "dnlf", it, 1)?) {
            (Some(nlf), Some(dnlf)) => stages.push(Stage { units, nlf, dnlf }),
            _ => return Ok(None),
        }
    }
    let input = layer_of(&it.get_global("input-layer"), "learn")?;
    let desired = layer_of(&it.get_global("desired-layer"), "learn")?;
    Plan::new(n, input, stages, desired)
        .map(Some)
        .map_err(Unwind::from)
}

fn class_spec(it: &mut Interp) -> Class {
    let spec = it
        .get_global("%class-spec")
        .list_to_vec()
        .unwrap_or_default();
    let name = spec
        .first()
        .and_then(|v| v.as_sym().map(|s| s.name.to_string()))
        .unwrap_or_default();
    let num = |i: usize| spec.get(i).and_then(|v| v.as_num()).unwrap_or(0.0) as f32;
    match name.as_str() {
        "max" => Class::Max,
        "sgn" => Class::Sgn {
            tmin: num(1),
            tmax: num(2),
        },
        "lms" => Class::Lms { margin: num(1) },
        "hamming" => Class::Hamming { margin: num(1) },
        "nil" => Class::Nil,
        _ => Class::Quadrant,
    }
}

fn check_sizes(p: &Plan, pat: &Rows, des: &Rows) -> Res<()> {
    if pat.ncols != p.input.len() || des.ncols != p.output().len() || pat.nrows != des.nrows {
        let msg = format!(
            "learn: patterns {}x{} and desired {}x{} do not fit {} inputs and {} outputs",
            pat.nrows,
            pat.ncols,
            des.nrows,
            des.ncols,
            p.input.len(),
            p.output().len()
        );
        return Err(LispError::new(ErrorKind::Shape, msg).into());
    }
    Ok(())
}

fn range_check(a: i64, b: i64, nrows: usize) -> Res<()> {
    if a < 0 || b < a || b as usize >= nrows {
        let msg = format!("pattern range {a}..{b} outside the {nrows} patterns");
        return Err(LispError::new(ErrorKind::Index, msg).into());
    }
    Ok(())
}

/// The pattern order of netenv (`set-nextpat-*`, `set-nextcho-*`).
struct Order {
    pmin: usize,
    pmax: usize,
    stay: bool,
    rnd: bool,
}

impl Order {
    fn next(&self, cur: usize, it: &mut Interp) -> usize {
        if self.stay {
            cur
        } else if self.rnd {
            self.pmin + it.rng().below(self.pmax - self.pmin + 1)
        } else if cur >= self.pmax {
            self.pmin
        } else {
            cur + 1
        }
    }
}

/// The scalars of one step, from netenv's globals.
fn step_params(it: &mut Interp) -> StepParams {
    let newton = it.get_global("%newton-mode").truthy();
    StepParams {
        alpha: global_num(it, "alpha"),
        decay: global_num(it, "decay"),
        theta: global_num(it, "theta"),
        gamma: global_num(it, "gamma"),
        mu: global_num(it, "mu"),
        threshold: it.get_global("%cost-threshold").as_num().map(|x| x as f32),
        rule: if newton { Rule::Newton } else { Rule::Plain },
    }
}

/// An error of a learning step on pattern `cur`: a cost that is not finite
/// names the pattern (the culprit) and the age at which learning stopped.
fn step_error(e: sn_units::UnitsError, cur: usize, age: f64) -> crate::lisp::Unwind {
    match e {
        sn_units::UnitsError::NotFinite { what, .. } => LispError::new(
            ErrorKind::Domain,
            format!("learn: pattern {cur} at age {age}: {what}"),
        )
        .culprit(Value::Num(cur as f64))
        .into(),
        e => Unwind::from(e),
    }
}

fn learn_fast(it: &mut Interp, a: &[Value]) -> Res {
    let count = args::usize(a, 0, "%learn-fast")?;
    let (pat, des) = (
        Rows::of(it, "pattern-matrix")?,
        Rows::of(it, "desired-matrix")?,
    );
    let (pmin, pmax) = (
        global_num(it, "patt-min") as i64,
        global_num(it, "patt-max") as i64,
    );
    range_check(pmin, pmax, pat.nrows)?;
    let mut cur = (global_num(it, "current-pattern") as i64).clamp(pmin, pmax) as usize;
    let order = Order {
        pmin: pmin as usize,
        pmax: pmax as usize,
        stay: it.get_global("%nextpat-stay").truthy(),
        rnd: it.get_global("%nextcho-rnd").truthy(),
    };
    let (class, p) = (class_spec(it), step_params(it));
    let mut age = it.get_global("age").as_num().unwrap_or(0.0);
    let (mut err, mut good) = (0.0f64, false);
    let done = with_net_it(it, "learn", |n, it| {
        let Some(mut plan) = plan_of(it, &a[1], n)? else {
            return Ok(false);
        };
        check_sizes(&plan, &pat, &des)?;
        let nout = plan.output().len().max(1) as f64;
        for k in 0..count {
            if k % 1024 == 1023 {
                interrupt::check()?;
            }
            let rng = it.rng();
            let mut gauss = || rng.gauss() as f32;
            let cost = plan
                .step(n, pat.row(cur), des.row(cur), &p, &mut gauss)
                .map_err(|e| step_error(e, cur, age))?;
            err = cost / nout;
            good = class.good(&plan.outputs(n), des.row(cur));
            age += 1.0;
            cur = order.next(cur, it);
        }
        Ok(true)
    })?;
    if !done {
        return Ok(Value::Nil);
    }
    it.set_global("age", Value::Num(age));
    it.set_global("current-pattern", Value::Num(cur as f64));
    if count > 0 {
        it.set_global("local-error", Value::Num(err));
        it.set_global("good-answer", Value::truth(good));
    }
    Ok(Value::truth(true))
}

/// `(%perf-fast a b struct)` → `(sum-of-local-errors good count)`, or `()`
/// when a layer uses a Lisp function.
fn perf_fast(it: &mut Interp, a: &[Value]) -> Res {
    let (lo, hi) = (args::int(a, 0, "perf")?, args::int(a, 1, "perf")?);
    let (pat, des) = (
        Rows::of(it, "pattern-matrix")?,
        Rows::of(it, "desired-matrix")?,
    );
    range_check(lo, hi, pat.nrows)?;
    let class = class_spec(it);
    let threshold = it.get_global("%cost-threshold").as_num().map(|x| x as f32);
    let res = with_net_it(it, "perf", |n, it| {
        let Some(mut plan) = plan_of(it, &a[2], n)? else {
            return Ok(None);
        };
        check_sizes(&plan, &pat, &des)?;
        let nout = plan.output().len().max(1) as f64;
        let (mut sum, mut good) = (0.0f64, 0usize);
        for r in lo as usize..=hi as usize {
            plan.present(n, pat.row(r));
            plan.forward(n, 0.0, &mut || 0.0)?;
            sum += plan.backward(n, des.row(r), threshold)? / nout;
            good += class.good(&plan.outputs(n), des.row(r)) as usize;
        }
        Ok(Some((sum, good)))
    })?;
    Ok(match res {
        None => Value::Nil,
        Some((s, g)) => Value::list(vec![
            Value::Num(s),
            Value::Num(g as f64),
            Value::Num((hi - lo + 1) as f64),
        ]),
    })
}

/// `(get-pattern matrix row layer)`: copies row `row` of `matrix` (all
/// its other dimensions, flattened) into the states of `layer`.
fn get_pattern(it: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "get-pattern")?;
    let row = args::int(a, 1, "get-pattern")?;
    let layer = layer_of(&a[2], "get-pattern")?;
    let nrows = m.dims().first().copied().unwrap_or(1);
    if row < 0 || row as usize >= nrows {
        let msg = format!("get-pattern: row {row} outside the {nrows} rows");
        return Err(LispError::new(ErrorKind::Index, msg)
            .culprit(a[1].clone())
            .into());
    }
    let ncols = m.len().checked_div(nrows).unwrap_or(0);
    if ncols != layer.len() {
        return Err(LispError::shape("get-pattern", &[ncols], &[layer.len()]).into());
    }
    let vals: Vec<f32> = if m.ndim() == 0 {
        vec![m.to_vec().first().copied().unwrap_or(0.0)]
    } else {
        let sel = m.select(0, row as usize)?;
        sel.to_vec()
    };
    with_net_it(it, "get-pattern", |n, _| {
        n.check_layer("get-pattern", &layer)?;
        for (&u, v) in layer.iter().zip(vals) {
            n.units.nval[u as usize] = v;
        }
        Ok(Value::Nil)
    })
}

pub fn register(it: &mut Interp) {
    it.defn(
        "get-pattern",
        3,
        Some(3),
        get_pattern,
        "(get-pattern matrix row layer) copies a row of a matrix into the states of a layer",
    );
    it.defn(
        "%learn-fast",
        2,
        Some(2),
        learn_fast,
        "(%learn-fast n struct) n online iterations in Rust (netenv's learn)",
    );
    it.defn(
        "%perf-fast",
        3,
        Some(3),
        perf_fast,
        "(%perf-fast a b struct) (error-sum good count) over patterns a..b",
    );
}
