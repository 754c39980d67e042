//! Weights ↔ matrices (`weight-to-matrix` ...) and SN2.8's weight files
//! with cell lists (`save-net/merge`, `save-ascii-net/merge`,
//! `merge-net`). The format of each file is documented in
//! `sn_units::sn28io`; sn's `save-net` writes SN2.8's matrix form.
//! Vectors of weights follow SN2.8's numbering of the weights
//! ([`Net::sn28_weight_order`]), so that they are the vectors SN2.8 makes.

use std::path::Path;

use sn_units::{Net, WeightField};

use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Unwind, Value};

use super::sfield::flat_units;
use super::{update_counters, with_net};

fn no_weights(fname: &str) -> crate::lisp::error::Unwind {
    LispError::new(
        ErrorKind::User,
        format!("{fname}: no network created (no weight)"),
    )
    .into()
}

/// Checks that `m` is a vector of `n` elements.
fn check_vec(m: &sn_array::Array, n: usize, fname: &str, v: &Value) -> Res<()> {
    if m.dims() != [n] {
        return Err(LispError::shape(fname, &[n], m.dims())
            .culprit(v.clone())
            .into());
    }
    Ok(())
}

/// `(X-to-matrix [m])`: the field of every weight, in a new vector or in `m`.
fn field_to_matrix(it: &mut Interp, a: &[Value], f: WeightField, fname: &str) -> Res {
    let vals = with_net(it, fname, |n| {
        let v = n.weights.field(f);
        Ok(n.sn28_weight_order()
            .iter()
            .map(|&w| v[w as usize])
            .collect::<Vec<f32>>())
    })?;
    if vals.is_empty() {
        return Err(no_weights(fname));
    }
    match a.first() {
        None => {
            let m = sn_array::Array::from_vec(&[vals.len()], vals)?;
            Ok(Value::array(m))
        }
        Some(v) => {
            let m = args::array(a, 0, fname)?;
            check_vec(m, vals.len(), fname, v)?;
            for (i, x) in vals.into_iter().enumerate() {
                m.set(&[i], x)?;
            }
            Ok(v.clone())
        }
    }
}

/// `(matrix-to-X m)`: sets the field of every weight from a vector.
fn matrix_to_field(it: &mut Interp, a: &[Value], f: WeightField, fname: &str) -> Res {
    let m = args::array(a, 0, fname)?;
    let vals = m.to_vec();
    let dims = m.dims().to_vec();
    with_net(it, fname, |n| {
        if n.wnum() == 0 {
            return Err(no_weights(fname));
        }
        if dims != [n.wnum()] {
            return Err(LispError::shape(fname, &[n.wnum()], &dims)
                .culprit(a[0].clone())
                .into());
        }
        let order = n.sn28_weight_order().to_vec();
        for (w, x) in order.into_iter().zip(vals) {
            n.set_weight_at(f, w as usize, x)?;
        }
        Ok(Value::Nil)
    })
}

macro_rules! transfers {
    ($($to:ident, $from:ident, $field:ident, $tn:expr, $fnm:expr;)*) => {
        $(fn $to(it: &mut Interp, a: &[Value]) -> Res {
            field_to_matrix(it, a, WeightField::$field, $tn)
        }
        fn $from(it: &mut Interp, a: &[Value]) -> Res {
            matrix_to_field(it, a, WeightField::$field, $fnm)
        })*
    };
}

transfers! {
    weight_to_matrix, matrix_to_weight, Val, "weight-to-matrix", "matrix-to-weight";
    acc_to_matrix, matrix_to_acc, Acc, "acc-to-matrix", "matrix-to-acc";
    delta_to_matrix, matrix_to_delta, Delta, "delta-to-matrix", "matrix-to-delta";
    hess_to_matrix, matrix_to_hess, Hess, "hess-to-matrix", "matrix-to-hess";
}

/// The file name and the cells of the remaining arguments (nested lists
/// flattened, in order).
fn file_and_cells(a: &[Value], fname: &str) -> Res<(String, Vec<u32>)> {
    let file = match a.first() {
        Some(Value::Str(s)) => s.to_string(),
        Some(v) => return Err(type_error(fname, "a file name", v)),
        None => return Err(type_error(fname, "a file name", &Value::Nil)),
    };
    let mut cells = Vec::new();
    for v in &a[1..] {
        flat_units(v, fname, &mut cells)?;
    }
    Ok((file, cells))
}

fn save_records(it: &mut Interp, a: &[Value], fname: &str, ascii: bool) -> Res {
    let (file, cells) = file_and_cells(a, fname)?;
    let age = super::global_num(it, "age") as i32;
    let cells = (a.len() > 1).then_some(cells);
    with_net(it, fname, |n| {
        n.save_sn28_records(Path::new(&file), cells.as_deref(), ascii, age)
            .map_err(Unwind::from)
    })?;
    Ok(a[0].clone())
}

/// `(save-net/merge file cells ...)`: SN2.8's binary connection records.
fn save_net_merge(it: &mut Interp, a: &[Value]) -> Res {
    save_records(it, a, "save-net/merge", false)
}

/// `(save-ascii-net/merge file cells ...)`: the same as text.
fn save_ascii_net_merge(it: &mut Interp, a: &[Value]) -> Res {
    save_records(it, a, "save-ascii-net/merge", true)
}

/// `(merge-net file)`: the cell count of an SN2.8 record file, `()` for
/// another file; `(merge-net file cells ...)`: loads the records into the
/// connections between the cells, sets `age`, returns the file name.
fn merge_net(it: &mut Interp, a: &[Value]) -> Res {
    let (file, cells) = file_and_cells(a, "merge-net")?;
    if a.len() == 1 {
        let h = sn_units::sn28_header(Path::new(&file))?;
        return Ok(h.map_or(Value::Nil, |(h, _)| Value::Num(h.count as f64)));
    }
    let h = with_net(it, "merge-net", |n| {
        n.merge_sn28(Path::new(&file), &cells).map_err(Unwind::from)
    })?;
    it.set_global("age", Value::Num(h.age as f64));
    update_counters(it);
    Ok(a[0].clone())
}

/// `(%load-weights file)`: loads any weight file sn knows (see
/// [`load_any`]); an SN2.8 record file also sets `age`, as SN2.8's
/// `load-net` does. Returns the file name.
pub(super) fn load_weights(it: &mut Interp, a: &[Value]) -> Res {
    let file = args::string(a, 0, "load-net")?.to_string();
    let age = with_net(it, "load-net", |n| {
        load_any(n, Path::new(&file)).map_err(Unwind::from)
    })?;
    if let Some(age) = age {
        it.set_global("age", Value::Num(age as f64));
    }
    Ok(Value::string(&file))
}

/// Loads SN2.8's records (cells 1..nnum−1; returns their age), sn's
/// older `SNW1` file, or a Lush matrix of `wnum` weights.
fn load_any(n: &mut Net, path: &Path) -> Result<Option<i32>, sn_units::UnitsError> {
    if sn_units::sn28_header(path)?.is_some() {
        let cells: Vec<u32> = (1..n.nnum() as u32).collect();
        return n.merge_sn28(path, &cells).map(|h| Some(h.age));
    }
    let mut head = [0u8; 4];
    if let Ok(mut f) = std::fs::File::open(path) {
        use std::io::Read;
        let _ = f.read(&mut head);
    }
    if &head == b"SNW1" {
        return n.load_weights(path).map(|_| None);
    }
    let bad = |what: String| sn_units::UnitsError::Format {
        file: path.display().to_string(),
        what,
    };
    let m = sn_array::io::load(path).map_err(|e| bad(e.to_string()))?;
    if m.dims() != [n.wnum()] {
        return Err(sn_units::UnitsError::WeightCount {
            file: path.display().to_string(),
            expected: n.wnum(),
            found: m.len(),
        });
    }
    let vals = m.to_vec();
    if let Some(k) = vals.iter().position(|x| !x.is_finite()) {
        return Err(bad(format!("weight {k} is not finite")));
    }
    let order = n.sn28_weight_order().to_vec();
    for (w, x) in order.into_iter().zip(vals) {
        n.set_weight_at(WeightField::Val, w as usize, x)?;
    }
    Ok(None)
}

use super::Def;

const DEFS: &[Def] = &[
    ("weight-to-matrix", 0, Some(1), weight_to_matrix, "(weight-to-matrix [m]) every weight value, in weight order, in a new vector or in m"),
    ("matrix-to-weight", 1, Some(1), matrix_to_weight, "(matrix-to-weight m) sets every weight value from a vector of wnum elements"),
    ("acc-to-matrix", 0, Some(1), acc_to_matrix, "(acc-to-matrix [m]) every sacc, in weight order"),
    ("matrix-to-acc", 1, Some(1), matrix_to_acc, "(matrix-to-acc m) sets every sacc from a vector"),
    ("delta-to-matrix", 0, Some(1), delta_to_matrix, "(delta-to-matrix [m]) every sdelta, in weight order"),
    ("matrix-to-delta", 1, Some(1), matrix_to_delta, "(matrix-to-delta m) sets every sdelta from a vector"),
    ("hess-to-matrix", 0, Some(1), hess_to_matrix, "(hess-to-matrix [m]) every shess, in weight order"),
    ("matrix-to-hess", 1, Some(1), matrix_to_hess, "(matrix-to-hess m) sets every shess from a vector"),
    ("save-net/merge", 1, None, save_net_merge, "(save-net/merge file cells ...) SN2.8's binary records of the connections between the cells (numbered 1.. in order)"),
    ("save-ascii-net/merge", 1, None, save_ascii_net_merge, "(save-ascii-net/merge file cells ...) SN2.8's text records (.WEI count age, then from to weight)"),
    ("merge-net", 1, None, merge_net, "(merge-net file) cell count of an SN2.8 weight file, or (); (merge-net file cells ...) loads it into the connections between the cells"),
];

pub fn register(it: &mut Interp) {
    for &(name, min, max, f, doc) in DEFS {
        it.defn(name, min, max, f, doc);
    }
}
