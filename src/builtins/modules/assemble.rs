//! Sensible defaults at construction and assembly: new trainable modules
//! are initialised from the global random generator, and a network's
//! modules are checked to fit one another when it is assembled.

use sn_modules::modules::{Misfit, Seq};
use sn_modules::{Cost, Module, Rng};

use super::conv::reserve;
use super::live::LivePool;
use crate::lisp::error::{ErrorData, ErrorKind, LispError};
use crate::lisp::{Interp, Res};

/// Initialises the new module `m` as its `forget` does (weights and
/// biases uniform in ±1/√fan-in, as PyTorch), with one draw of the
/// interpreter's global generator per parameter (in the pool's order), so
/// that `(seed n)` before building reproduces a network.
pub fn init_new(it: &mut Interp, m: &mut dyn Module, pool: &LivePool) -> Res<()> {
    let n = m.nparams();
    if n == 0 {
        return Ok(());
    }
    reserve("init", n)?;
    let r = it.rng();
    let draws: Vec<f32> = (0..n).map(|_| r.uniform() as f32).collect();
    pool.with_pool(|pool| {
        m.forget(pool, &mut Rng::from_draws(draws, 0));
        Ok(())
    })
}

/// A shape without its batch dimension, as a Lisp list: `(1 28 28)`.
fn per_sample(d: &[usize]) -> String {
    let v: Vec<String> = d.iter().skip(1).map(usize::to_string).collect();
    format!("({})", v.join(" "))
}

/// What module `m` expects, per sample: maps modules take at least their
/// kernel or window (`(4 >=5 >=5)`), a pad any maps.
fn expected_text(m: &dyn Module, e: &[usize]) -> String {
    match (m.kind(), e.len()) {
        ("pad" | "wrap", _) => "(maps height width)".into(),
        ("local", _) => per_sample(e),
        (_, 4) => format!("({} >={} >={})", e[1], e[2], e[3]),
        _ => per_sample(e),
    }
}

/// The error of a sequence that does not fit: names the module that
/// cannot take its input, and the input or the module that gives it,
/// with both shapes.
fn misfit_error(seq: &Seq, f: &str, m: &Misfit) -> LispError {
    let taker = &seq.mods[m.index];
    let from = match m.index {
        0 => "the input".to_string(),
        i => format!("module {i} ({})", seq.mods[i - 1].describe()),
    };
    LispError::new(
        ErrorKind::Shape,
        format!(
            "{f}: {from} gives {} per sample, but module {} ({}) takes {}",
            per_sample(&m.got),
            m.index + 1,
            taker.describe(),
            expected_text(taker.as_ref(), &m.expected),
        ),
    )
    .with(ErrorData::Shape {
        op: f.to_string(),
        expected: m.expected.clone(),
        found: m.got.clone(),
    })
}

/// The input sizes tried by [`check_seq_shapes`] beyond a module's
/// smallest window: heights and widths.
const TRY_H: usize = 64;
const TRY_W: usize = 256;

/// Checks, when a sequence is made (before its input is known), that some
/// input fits its modules in order: a sample of the width the first full
/// layer reads, or maps of the count the first convolution reads with
/// heights and widths from its window up to 64 and 256 more. Modules that
/// cannot follow one another whatever the input (6 maps into a 4-map
/// subsampling, 7 inputs after 4 maps) are refused with the two modules
/// and their shapes, for the input that went furthest.
pub fn check_seq_shapes(seq: &Seq, f: &str) -> Res<()> {
    let first = match seq.fit(&[1, 1])? {
        Ok(_) => return Ok(()),
        Err(m) => m,
    };
    let taker = seq.mods[first.index].as_ref();
    let e = &first.expected;
    let candidates: Box<dyn Iterator<Item = Vec<usize>>> = match e.len() {
        2 => Box::new(std::iter::once(vec![1, e[1]])),
        4 if taker.kind() != "pad" => {
            let (c, h0, w0) = (e[1], e[2].max(1), e[3].max(1));
            Box::new(
                (h0..h0 + TRY_H).flat_map(move |h| (w0..w0 + TRY_W).map(move |w| vec![1, c, h, w])),
            )
        }
        _ => return Ok(()),
    };
    let mut best: Option<(Vec<usize>, Misfit)> = None;
    for inp in candidates {
        match seq.fit(&inp)? {
            Ok(_) => return Ok(()),
            Err(m) => {
                if best.as_ref().is_none_or(|(_, b)| m.index > b.index) {
                    best = Some((inp, m));
                }
            }
        }
    }
    let (inp, m) = best.unwrap_or((vec![1, 1], first));
    let mut e = misfit_error(seq, f, &m);
    e.message = format!(
        "{}, whatever the input (with input {} per sample, the furthest any input goes)",
        e.message,
        per_sample(&inp)
    );
    Err(e.into())
}

/// Checks that a network of `seq` and `cost` on samples of `dims` is
/// sound: each module takes what the one before gives (the first takes
/// `[1, dims...]`) and the last gives `[1, width]` (or `[1, width, 1, 1]`)
/// for the cost's width.
pub fn check_net_shapes(seq: &mut dyn Module, cost: &dyn Cost, dims: &[usize]) -> Res<()> {
    let f = "new-net";
    let Some(seq) = seq.as_seq_mut() else {
        return Err(
            LispError::new(ErrorKind::Type, "new-net: expected a sequence (new-seq)").into(),
        );
    };
    if dims.is_empty() || dims.len() > 3 {
        return Err(LispError::new(
            ErrorKind::Shape,
            format!("{f}: the input dims of a sample must have 1 to 3 dimensions, got {dims:?}"),
        )
        .into());
    }
    let mut d = vec![1];
    d.extend_from_slice(dims);
    let out = match seq.fit(&d)? {
        Ok(s) => s,
        Err(m) => return Err(misfit_error(seq, f, &m).into()),
    };
    let want = [1, cost.width()];
    if !sn_modules::cost_reads(out.dims(), cost.width()) {
        return Err(LispError::new(
            ErrorKind::Shape,
            format!(
                "{f}: the sequence gives {} per sample, the cost ({}, {} classes) reads {}",
                per_sample(out.dims()),
                cost.kind(),
                cost.classes(),
                per_sample(&want)
            ),
        )
        .with(ErrorData::Shape {
            op: format!("{f} (cost {})", cost.kind()),
            expected: want.to_vec(),
            found: out.dims().to_vec(),
        })
        .into());
    }
    Ok(())
}
