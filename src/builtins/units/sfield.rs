//! SN2.8's bulk field operations (`miscop.c`) in their own argument
//! lists: connection fields of the connections into a layer
//! (`(set-sfield layer f v)` ...), products and inverses of unit fields,
//! and unit-to-connection transfers (`set-swn`, `acc-swn`).

use sn_units::{Net, UnitField, WeightField};

use crate::lisp::args;
use crate::lisp::{Interp, Res, Value};

use super::fields::{nfield_of, sfield_of};
use super::{layer_of, with_net};

/// Every unit of nested lists of units (SN2.8's `mapneur` order).
pub(super) fn flat_units(v: &Value, fname: &str, out: &mut Vec<u32>) -> Res<()> {
    if !matches!(v, Value::Nil) {
        out.extend(layer_of(v, fname)?);
    }
    Ok(())
}

fn units_of(v: &Value, fname: &str) -> Res<Vec<u32>> {
    let mut out = Vec::new();
    flat_units(v, fname, &mut out)?;
    Ok(out)
}

/// Applies `f(old fields) -> new value of fd` to the weight of every
/// connection into `layer`.
fn map_conns(
    it: &mut Interp,
    fname: &'static str,
    layer: &[u32],
    fd: WeightField,
    f: impl Fn(&Net, usize) -> f32,
) -> Res {
    with_net(it, fname, |n| {
        for (_, _, w) in n.incoming_of(fname, layer)? {
            let v = f(n, w as usize);
            n.set_weight_at(fd, w as usize, v)?;
        }
        Ok(Value::Nil)
    })
}

/// Field `f` of weight `w` (0 for a field not yet allocated that far, as
/// a fresh field reads).
fn wf(n: &Net, f: WeightField, w: usize) -> f32 {
    n.weights.field(f).get(w).copied().unwrap_or(0.0)
}

/// `(set-sfield layer f v)`: returns `v`.
pub(super) fn set_sfield_layer(it: &mut Interp, a: &[Value]) -> Res {
    let l = units_of(&a[0], "set-sfield")?;
    let f = sfield_of(a, 1, "set-sfield")?;
    let v = args::num(a, 2, "set-sfield")? as f32;
    map_conns(it, "set-sfield", &l, f, |_, _| v)?;
    Ok(a[2].clone())
}

/// `(copy-sfield layer fd fs)` or `(copy-sfield layer fd layer2 fs)`: the
/// connections of the units of `layer2` are paired in order with those of
/// `layer`, unit by unit.
pub(super) fn copy_sfield_layer(it: &mut Interp, a: &[Value]) -> Res {
    let fname = "copy-sfield";
    let l = units_of(&a[0], fname)?;
    let fd = sfield_of(a, 1, fname)?;
    if a.len() == 3 {
        let fs = sfield_of(a, 2, fname)?;
        return map_conns(it, fname, &l, fd, |n, w| wf(n, fs, w));
    }
    if a.len() != 4 {
        return Err(crate::lisp::error::LispError::new(
            crate::lisp::error::ErrorKind::Arity,
            format!("{fname}: expects (copy-sfield layer fd fs) or (copy-sfield layer fd layer2 fs), got {} arguments", a.len()),
        )
        .with(crate::lisp::error_data::ErrorData::Arity {
            function: fname.to_string(),
            min: 3,
            max: Some(4),
            found: a.len(),
        })
        .into());
    }
    let l2 = units_of(&a[2], fname)?;
    let fs = sfield_of(a, 3, fname)?;
    if l.len() != l2.len() {
        return Err(crate::lisp::error::LispError::shape(fname, &[l.len()], &[l2.len()]).into());
    }
    with_net(it, fname, |n| {
        for (&u1, &u2) in l.iter().zip(&l2) {
            let d = n.incoming_of(fname, &[u1])?;
            let s = n.incoming_of(fname, &[u2])?;
            for ((_, _, wd), (_, _, ws)) in d.into_iter().zip(s) {
                let v = wf(n, fs, ws as usize);
                n.set_weight_at(fd, wd as usize, v)?;
            }
        }
        Ok(Value::Nil)
    })
}

/// `(op-sfield layer fd f1 a f2 b)`: `fd = a·f1 + b·f2`.
pub(super) fn op_sfield_layer(it: &mut Interp, a: &[Value]) -> Res {
    let fname = "op-sfield";
    let l = units_of(&a[0], fname)?;
    let fd = sfield_of(a, 1, fname)?;
    let (f1, c1) = (sfield_of(a, 2, fname)?, args::num(a, 3, fname)? as f32);
    let (f2, c2) = (sfield_of(a, 4, fname)?, args::num(a, 5, fname)? as f32);
    map_conns(it, fname, &l, fd, |n, w| {
        c1 * wf(n, f1, w) + c2 * wf(n, f2, w)
    })
}

/// `(mul-sfield layer fd f1 f2)`: `fd = f1·f2`.
fn mul_sfield(it: &mut Interp, a: &[Value]) -> Res {
    let fname = "mul-sfield";
    let l = units_of(&a[0], fname)?;
    let (fd, f1, f2) = (
        sfield_of(a, 1, fname)?,
        sfield_of(a, 2, fname)?,
        sfield_of(a, 3, fname)?,
    );
    map_conns(it, fname, &l, fd, |n, w| wf(n, f1, w) * wf(n, f2, w))
}

/// `(invert-sfield layer fd f c)`: `fd = c / f`.
fn invert_sfield(it: &mut Interp, a: &[Value]) -> Res {
    let fname = "invert-sfield";
    let l = units_of(&a[0], fname)?;
    let (fd, f) = (sfield_of(a, 1, fname)?, sfield_of(a, 2, fname)?);
    let c = args::num(a, 3, fname)? as f32;
    map_conns(it, fname, &l, fd, |n, w| c / wf(n, f, w))
}

/// Runs `op(fd value, f1 value, f2 value) -> (new fd, term)` over a layer
/// and returns the sum of the terms.
fn unit_op(
    it: &mut Interp,
    fname: &'static str,
    l: &[u32],
    fs: (UnitField, UnitField, UnitField),
    op: impl Fn(f32, f32) -> f32,
) -> Res {
    with_net(it, fname, |n| {
        n.check_layer(fname, l)?;
        let mut sum = 0.0f32;
        for &u in l {
            let u = u as usize;
            let x = op(n.units.field(fs.1)[u], n.units.field(fs.2)[u]);
            n.units.field_mut(fs.0)[u] = x;
            sum += x;
        }
        Ok(super::num32(sum))
    })
}

/// `(mul-nfield layer fd f1 f2)`: `fd = f1·f2`; returns `Σ fd`.
fn mul_nfield(it: &mut Interp, a: &[Value]) -> Res {
    let fname = "mul-nfield";
    let l = units_of(&a[0], fname)?;
    let fs = (
        nfield_of(a, 1, fname)?,
        nfield_of(a, 2, fname)?,
        nfield_of(a, 3, fname)?,
    );
    unit_op(it, fname, &l, fs, |x, y| x * y)
}

/// `(invert-nfield layer fd f c)`: `fd = c / f`; returns `Σ fd`.
fn invert_nfield(it: &mut Interp, a: &[Value]) -> Res {
    let fname = "invert-nfield";
    let l = units_of(&a[0], fname)?;
    let (fd, f) = (nfield_of(a, 1, fname)?, nfield_of(a, 2, fname)?);
    let c = args::num(a, 3, fname)? as f32;
    unit_op(it, fname, &l, (fd, f, f), move |x, _| c / x)
}

fn swn(it: &mut Interp, a: &[Value], fname: &'static str, acc: bool) -> Res {
    let u = super::unit(a, 0, fname)?;
    let fs = sfield_of(a, 1, fname)?;
    let fu = nfield_of(a, 2, fname)?;
    with_net(it, fname, |n| {
        n.set_swn(u, fs, fu, acc)?;
        Ok(Value::Nil)
    })
}

/// `(set-swn n fs fu)`: field `fs` of the connections into `n` = field
/// `fu` of their sources.
fn set_swn(it: &mut Interp, a: &[Value]) -> Res {
    swn(it, a, "set-swn", false)
}

/// `(acc-swn n fs fu)`: adds instead of setting.
fn acc_swn(it: &mut Interp, a: &[Value]) -> Res {
    swn(it, a, "acc-swn", true)
}

use super::Def;

const DEFS: &[Def] = &[
    ("mul-nfield", 4, Some(4), mul_nfield, "(mul-nfield layer fd f1 f2) unit field fd = f1·f2; returns Σ fd"),
    ("invert-nfield", 4, Some(4), invert_nfield, "(invert-nfield layer fd f c) unit field fd = c/f; returns Σ fd"),
    ("mul-sfield", 4, Some(4), mul_sfield, "(mul-sfield layer fd f1 f2) for the connections into layer, fd = f1·f2"),
    ("invert-sfield", 4, Some(4), invert_sfield, "(invert-sfield layer fd f c) for the connections into layer, fd = c/f"),
    ("set-swn", 3, Some(3), set_swn, "(set-swn n fs fu) connection field fs of the connections into n = unit field fu of their sources"),
    ("acc-swn", 3, Some(3), acc_swn, "(acc-swn n fs fu) connection field fs of the connections into n += unit field fu of their sources"),
];

pub fn register(it: &mut Interp) {
    for &(name, min, max, f, doc) in DEFS {
        it.defn(name, min, max, f, doc);
    }
}
