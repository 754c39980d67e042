//! Image preprocessing builtins on 2-D arrays: pad, downsample, shift,
//! binarize, affine and elastic distortions (with the seeded generator).

use sn_array::{image, ops, Array};

use super::out_arg;
use crate::lisp::args;
use crate::lisp::{Interp, Res, Value};

pub(super) fn register(it: &mut Interp) {
    it.defn("image-pad", 3, Some(4), image_pad, "(image-pad m h w [fill]) the 2-D image m centred in a fresh h×w image filled with fill (default 0); cropped if smaller.");
    it.defn("image-downsample", 3, Some(3), image_downsample, "(image-downsample m h w) the 2-D image m reduced to h×w by area averaging (fractional overlaps weighted).");
    it.defn("image-shift", 3, Some(4), image_shift, "(image-shift m dy dx [fill]) the 2-D image m moved by dy rows and dx columns; fill (default 0) enters.");
    it.defn("image-affine", 5, Some(8), image_affine, "(image-affine m a b c d [ty tx fill]) m resampled (bilinear): output pixel p, relative to the centre, reads the input at [[a b][c d]]·p + centre + (ty, tx).");
    it.defn("image-elastic", 3, Some(4), image_elastic, "(image-elastic m alpha sigma [fill]) elastic distortion (Simard 2003): random displacement fields from the seeded generator, smoothed by a gaussian of sigma and scaled by alpha.");
    it.defn(
        "image-binarize",
        1,
        Some(3),
        image_binarize,
        "(image-binarize m [threshold out]) +1 where m > threshold (default 0), -1 elsewhere.",
    );
}

fn fill_arg(a: &[Value], i: usize, fname: &str) -> Res<f32> {
    Ok(match args::opt(a, i) {
        Some(_) => args::num(a, i, fname)? as f32,
        None => 0.0,
    })
}

fn image_pad(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "image-pad")?;
    let h = args::usize(a, 1, "image-pad")?;
    let w = args::usize(a, 2, "image-pad")?;
    Ok(Value::array(image::pad_center(
        m,
        h,
        w,
        fill_arg(a, 3, "image-pad")?,
    )?))
}

fn image_downsample(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "image-downsample")?;
    let h = args::usize(a, 1, "image-downsample")?;
    let w = args::usize(a, 2, "image-downsample")?;
    Ok(Value::array(image::downsample(m, h, w)?))
}

fn image_shift(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "image-shift")?;
    let dy = args::int(a, 1, "image-shift")?;
    let dx = args::int(a, 2, "image-shift")?;
    Ok(Value::array(image::shift(
        m,
        dy,
        dx,
        fill_arg(a, 3, "image-shift")?,
    )?))
}

fn image_affine(_: &mut Interp, a: &[Value]) -> Res {
    let f = "image-affine";
    let m = args::array(a, 0, f)?;
    let mut k = [0f32; 4];
    for (j, v) in k.iter_mut().enumerate() {
        *v = args::num(a, j + 1, f)? as f32;
    }
    let ty = if a.len() > 5 {
        args::num(a, 5, f)? as f32
    } else {
        0.0
    };
    let tx = if a.len() > 6 {
        args::num(a, 6, f)? as f32
    } else {
        0.0
    };
    Ok(Value::array(image::affine(
        m,
        k,
        ty,
        tx,
        fill_arg(a, 7, f)?,
    )?))
}

fn image_elastic(it: &mut Interp, a: &[Value]) -> Res {
    let f = "image-elastic";
    let m = args::array(a, 0, f)?;
    let alpha = args::num(a, 1, f)? as f32;
    let sigma = args::num(a, 2, f)? as f32;
    let ry = Array::zeros(m.dims())?;
    let rx = Array::zeros(m.dims())?;
    let rng = it.rng();
    ops::fill_with(&ry, || rng.range(-1.0, 1.0) as f32);
    ops::fill_with(&rx, || rng.range(-1.0, 1.0) as f32);
    Ok(Value::array(image::elastic(
        m,
        &ry,
        &rx,
        alpha,
        sigma,
        fill_arg(a, 3, f)?,
    )?))
}

fn image_binarize(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "image-binarize")?;
    let t = fill_arg(a, 1, "image-binarize")?;
    let out = out_arg(a, 2, "image-binarize")?;
    Ok(Value::array(ops::map(m, out, |v| {
        if v > t {
            1.0
        } else {
            -1.0
        }
    })?))
}
