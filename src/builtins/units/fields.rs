//! Unit fields `(nval n [v])` ..., connection fields `(sval from to [v])`
//! ..., and their bulk versions over layers.

use sn_units::{UnitField, WeightField};

use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Unwind, Value};

use super::{layer_of, unit, with_net};

pub(super) fn unit_field_fn(it: &mut Interp, a: &[Value], f: UnitField, name: &str) -> Res {
    let u = args::int(a, 0, name)?;
    with_net(it, name, |n| match args::opt(a, 1) {
        None => n.unit_field(f, u).map(super::num32).map_err(Unwind::from),
        Some(_) => {
            let v = args::num(a, 1, name)?;
            n.set_unit_field(f, u, v as f32)?;
            Ok(Value::Num(v))
        }
    })
}

fn weight_field_fn(it: &mut Interp, a: &[Value], f: WeightField, name: &str) -> Res {
    let (from, to) = (unit(a, 0, name)?, unit(a, 1, name)?);
    with_net(it, name, |n| match args::opt(a, 2) {
        None if f == WeightField::Epsilon => match n.weight_of("sepsilon", from, to) {
            Ok(w) => Ok(super::num32(n.weight_epsilon(w as usize))),
            Err(_) => Ok(Value::Nil),
        },
        None => match n.weight_field(f, from, to) {
            Ok(x) => Ok(super::num32(x)),
            // SN2.8 reads a missing connection as ().
            Err(sn_units::UnitsError::NotConnected { .. }) => Ok(Value::Nil),
            Err(e) => Err(Unwind::from(e)),
        },
        Some(_) => {
            let v = args::num(a, 2, name)?;
            n.set_weight_field(f, from, to, v as f32)?;
            Ok(Value::Num(v))
        }
    })
}

macro_rules! field_fns {
    ($($fname:ident, $lname:expr, $which:ident :: $variant:ident;)*) => {
        $(fn $fname(it: &mut Interp, a: &[Value]) -> Res {
            field_dispatch!($which, it, a, $which::$variant, $lname)
        })*
    };
}
macro_rules! field_dispatch {
    (UnitField, $it:expr, $a:expr, $f:expr, $n:expr) => {
        unit_field_fn($it, $a, $f, $n)
    };
    (WeightField, $it:expr, $a:expr, $f:expr, $n:expr) => {
        weight_field_fn($it, $a, $f, $n)
    };
}

field_fns! {
    nval, "nval", UnitField::Val; nsum, "nsum", UnitField::Sum; ngrad, "ngrad", UnitField::Grad;
    nbacksum, "nbacksum", UnitField::BackSum; nepsilon, "nepsilon", UnitField::Epsilon;
    nggrad, "nggrad", UnitField::GGrad; nsqbacksum, "nsqbacksum", UnitField::SqBackSum;
    nsigma, "nsigma", UnitField::Sigma; nspare, "nspare", UnitField::Spare;
    sval, "sval", WeightField::Val; sdelta, "sdelta", WeightField::Delta; sacc, "sacc", WeightField::Acc;
    sepsilon, "sepsilon", WeightField::Epsilon; shess, "shess", WeightField::Hess;
    ssigma, "ssigma", WeightField::Sigma;
    ndesired, "ndesired", UnitField::Desired; nfreedom, "nfreedom", UnitField::Freedom;
    nspare2, "nspare2", UnitField::Spare2; nspare3, "nspare3", UnitField::Spare3;
}

/// The unit field of SN2.8's number (`n-val` = 1 ... `n-spare3` = 13).
pub(super) fn nfield_of(a: &[Value], i: usize, fname: &str) -> Res<UnitField> {
    let k = args::int(a, i, fname)?;
    Ok(match k {
        1 => UnitField::Val,
        2 => UnitField::Sum,
        3 => UnitField::Grad,
        4 => UnitField::BackSum,
        5 => UnitField::Epsilon,
        6 => UnitField::Desired,
        7 => UnitField::Freedom,
        8 => UnitField::GGrad,
        9 => UnitField::SqBackSum,
        10 => UnitField::Sigma,
        11 => UnitField::Spare,
        12 => UnitField::Spare2,
        13 => UnitField::Spare3,
        _ => {
            return Err(LispError::new(
                ErrorKind::Domain,
                format!("{fname}: no unit field {k} in sn"),
            )
            .culprit(a[i].clone())
            .into())
        }
    })
}

/// The weight field of SN2.8's number (`s-val` = 1 ... `s-hess` = 6).
pub(super) fn sfield_of(a: &[Value], i: usize, fname: &str) -> Res<WeightField> {
    let k = args::int(a, i, fname)?;
    Ok(match k {
        1 => WeightField::Val,
        2 => WeightField::Delta,
        3 => WeightField::Acc,
        4 => WeightField::Epsilon,
        5 => WeightField::Sigma,
        6 => WeightField::Hess,
        _ => {
            return Err(LispError::new(
                ErrorKind::Domain,
                format!("{fname}: no connection field {k} in sn"),
            )
            .culprit(a[i].clone())
            .into())
        }
    })
}

fn nums_of(v: &Value, fname: &str) -> Res<Vec<f32>> {
    let l = v
        .list_to_vec()
        .ok_or_else(|| type_error(fname, "a list of numbers", v))?;
    l.iter()
        .map(|x| {
            x.as_num()
                .map(|y| y as f32)
                .ok_or_else(|| type_error(fname, "a number", x))
        })
        .collect()
}

fn get_nfield(it: &mut Interp, a: &[Value]) -> Res {
    let l = layer_of(&a[0], "get-nfield")?;
    let f = nfield_of(a, 1, "get-nfield")?;
    with_net(it, "get-nfield", |n| {
        n.check_layer("get-nfield", &l)?;
        let v = n.units.field(f);
        Ok(Value::list(
            l.iter().map(|&u| super::num32(v[u as usize])).collect(),
        ))
    })
}

fn set_nfield(it: &mut Interp, a: &[Value]) -> Res {
    let l = layer_of(&a[0], "set-nfield")?;
    let f = nfield_of(a, 1, "set-nfield")?;
    let vals = match &a[2] {
        Value::Number(x) => vec![x.get() as f32; l.len()],
        v => nums_of(v, "set-nfield")?,
    };
    if vals.len() != l.len() {
        return Err(LispError::shape("set-nfield", &[l.len()], &[vals.len()]).into());
    }
    with_net(it, "set-nfield", |n| {
        n.check_layer("set-nfield", &l)?;
        let v = n.units.field_mut(f);
        for (&u, &x) in l.iter().zip(&vals) {
            v[u as usize] = x;
        }
        Ok(a[2].clone())
    })
}

fn copy_nfield(it: &mut Interp, a: &[Value]) -> Res {
    if a.len() == 3 {
        // SN2.8's (copy-nfield layer fd fs): within each unit.
        let l = layer_of(&a[0], "copy-nfield")?;
        let (fd, fs) = (
            nfield_of(a, 1, "copy-nfield")?,
            nfield_of(a, 2, "copy-nfield")?,
        );
        return with_net(it, "copy-nfield", |n| {
            n.check_layer("copy-nfield", &l)?;
            for &u in &l {
                let x = n.units.field(fs)[u as usize];
                n.units.field_mut(fd)[u as usize] = x;
            }
            Ok(Value::Nil)
        });
    }
    let (ld, fd) = (
        layer_of(&a[0], "copy-nfield")?,
        nfield_of(a, 1, "copy-nfield")?,
    );
    let (ls, fs) = (
        layer_of(&a[2], "copy-nfield")?,
        nfield_of(a, 3, "copy-nfield")?,
    );
    if ld.len() != ls.len() {
        return Err(LispError::shape("copy-nfield", &[ld.len()], &[ls.len()]).into());
    }
    with_net(it, "copy-nfield", |n| {
        n.check_layer("copy-nfield", &ld)?;
        n.check_layer("copy-nfield", &ls)?;
        let src: Vec<f32> = ls.iter().map(|&u| n.units.field(fs)[u as usize]).collect();
        let v = n.units.field_mut(fd);
        for (&u, x) in ld.iter().zip(src) {
            v[u as usize] = x;
        }
        Ok(Value::Nil)
    })
}

/// `(op-nfield layer fd f1 a f2 b)`: `fd = a·f1 + b·f2`.
fn op_nfield(it: &mut Interp, a: &[Value]) -> Res {
    let l = layer_of(&a[0], "op-nfield")?;
    let fd = nfield_of(a, 1, "op-nfield")?;
    let (f1, c1) = (
        nfield_of(a, 2, "op-nfield")?,
        args::num(a, 3, "op-nfield")? as f32,
    );
    let (f2, c2) = (
        nfield_of(a, 4, "op-nfield")?,
        args::num(a, 5, "op-nfield")? as f32,
    );
    with_net(it, "op-nfield", |n| {
        n.check_layer("op-nfield", &l)?;
        for &u in &l {
            let u = u as usize;
            let x = c1 * n.units.field(f1)[u] + c2 * n.units.field(f2)[u];
            n.units.field_mut(fd)[u] = x;
        }
        Ok(Value::Nil)
    })
}

/// `(get-sfield f)`: the field of every weight, in weight order.
fn get_sfield(it: &mut Interp, a: &[Value]) -> Res {
    let f = sfield_of(a, 0, "get-sfield")?;
    with_net(it, "get-sfield", |n| {
        Ok(Value::list(
            n.weights
                .field(f)
                .iter()
                .map(|&x| super::num32(x))
                .collect(),
        ))
    })
}

/// `(set-sfield f v)`: sets the field of every weight to a number or to
/// the elements of a list.
fn set_sfield(it: &mut Interp, a: &[Value]) -> Res {
    if super::is_layer(&a[0]) {
        return super::sfield::set_sfield_layer(it, a);
    }
    let f = sfield_of(a, 0, "set-sfield")?;
    let vals = match &a[1] {
        Value::Number(x) => Some((x.get() as f32, Vec::new())),
        v => Some((0.0, nums_of(v, "set-sfield")?)),
    };
    with_net(it, "set-sfield", |n| {
        let wnum = n.wnum();
        let Some((x, list)) = vals else {
            return Ok(Value::Nil);
        };
        if !list.is_empty() && list.len() != wnum {
            return Err(LispError::shape("set-sfield", &[wnum], &[list.len()]).into());
        }
        for w in 0..wnum {
            let v = if list.is_empty() { x } else { list[w] };
            n.set_weight_at(f, w, v)?;
        }
        Ok(Value::Nil)
    })
}

/// `(op-sfield fd f1 a f2 b)`: for every weight, `fd = a·f1 + b·f2`.
fn op_sfield(it: &mut Interp, a: &[Value]) -> Res {
    if super::is_layer(&a[0]) {
        return super::sfield::op_sfield_layer(it, a);
    }
    let fd = sfield_of(a, 0, "op-sfield")?;
    let (f1, c1) = (
        sfield_of(a, 1, "op-sfield")?,
        args::num(a, 2, "op-sfield")? as f32,
    );
    let (f2, c2) = (
        sfield_of(a, 3, "op-sfield")?,
        args::num(a, 4, "op-sfield")? as f32,
    );
    with_net(it, "op-sfield", |n| {
        let v: Vec<f32> = {
            let (x, y) = (n.weights.field(f1), n.weights.field(f2));
            x.iter().zip(y).map(|(p, q)| c1 * p + c2 * q).collect()
        };
        for (w, x) in v.into_iter().enumerate() {
            n.set_weight_at(fd, w, x)?;
        }
        Ok(Value::Nil)
    })
}

/// `(copy-sfield fd fs)`: for every weight, `fd = fs`.
fn copy_sfield(it: &mut Interp, a: &[Value]) -> Res {
    if super::is_layer(&a[0]) {
        return super::sfield::copy_sfield_layer(it, a);
    }
    let fd = sfield_of(a, 0, "copy-sfield")?;
    let fs = sfield_of(a, 1, "copy-sfield")?;
    with_net(it, "copy-sfield", |n| {
        let v = n.weights.field(fs).clone();
        for (w, x) in v.into_iter().enumerate() {
            n.set_weight_at(fd, w, x)?;
        }
        Ok(Value::Nil)
    })
}

use super::Def;

const DEFS: &[Def] = &[
    (
        "get-nfield",
        2,
        Some(2),
        get_nfield,
        "(get-nfield layer field) list of a unit field (n-val ... numbers)",
    ),
    (
        "set-nfield",
        3,
        Some(3),
        set_nfield,
        "(set-nfield layer field v) sets a unit field to a number or list",
    ),
    (
        "copy-nfield",
        3,
        Some(4),
        copy_nfield,
        "(copy-nfield layer fd [src-layer] fs) unit field fd = field fs (of src-layer's units, in order)",
    ),
    (
        "op-nfield",
        6,
        Some(6),
        op_nfield,
        "(op-nfield layer fd f1 a f2 b) fd = a·f1 + b·f2",
    ),
    (
        "get-sfield",
        1,
        Some(1),
        get_sfield,
        "(get-sfield field) list of a weight field (s-val ...), weight order",
    ),
    (
        "set-sfield",
        2,
        Some(3),
        set_sfield,
        "(set-sfield field v) sets a weight field of every weight; (set-sfield layer field v) of the connections into layer",
    ),
    (
        "op-sfield",
        5,
        Some(6),
        op_sfield,
        "(op-sfield [layer] fd f1 a f2 b) fd = a·f1 + b·f2 for every weight, or for the connections into layer",
    ),
    (
        "copy-sfield",
        2,
        Some(4),
        copy_sfield,
        "(copy-sfield fd fs) for every weight; (copy-sfield layer fd [layer2] fs) for the connections into layer",
    ),
];

pub fn register(it: &mut Interp) {
    for &(name, min, max, f, doc) in DEFS {
        it.defn(name, min, max, f, doc);
    }
    let u = "unit field: (f n) reads, (f n v) writes";
    for (name, f) in [
        ("nval", nval as crate::lisp::value::SubrFn),
        ("nsum", nsum),
        ("ngrad", ngrad),
        ("nbacksum", nbacksum),
        ("nepsilon", nepsilon),
        ("nggrad", nggrad),
        ("nsqbacksum", nsqbacksum),
        ("nsigma", nsigma),
        ("nspare", nspare),
        ("nspare1", nspare),
        ("nspare2", nspare2),
        ("nspare3", nspare3),
        ("ndesired", ndesired),
        ("nfreedom", nfreedom),
    ] {
        it.defn(name, 1, Some(2), f, &format!("({name} n [v]) {u}"));
    }
    let s = "connection field: (f from to) reads (() if not connected), (f from to v) writes (shared weights share it)";
    for (name, f) in [
        ("sval", sval as crate::lisp::value::SubrFn),
        ("sdelta", sdelta),
        ("sacc", sacc),
        ("sepsilon", sepsilon),
        ("shess", shess),
        ("ssigma", ssigma),
    ] {
        it.defn(name, 2, Some(3), f, &format!("({name} from to [v]) {s}"));
    }
}
