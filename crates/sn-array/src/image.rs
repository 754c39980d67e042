//! Geometric operations on 2-D images (`h × w` arrays), used to preprocess
//! digits: centre/pad, area-average downsampling, shifts, affine and
//! elastic distortions with bilinear interpolation. Each returns a fresh array.

use crate::array::Array;
use crate::error::ArrayError;

fn check_image(op: &str, a: &Array) -> Result<(usize, usize), ArrayError> {
    if a.ndim() != 2 {
        return Err(ArrayError::Rank {
            op: op.to_string(),
            given: 2,
            dims: a.dims().to_vec(),
        });
    }
    Ok((a.dims()[0], a.dims()[1]))
}

/// `img` centred in an `oh × ow` image filled with `fill` (cropped
/// symmetrically if smaller).
///
/// # Errors
/// `Rank` if `img` is not 2-D; `TooLarge` for an impossible size.
pub fn pad_center(img: &Array, oh: usize, ow: usize, fill: f32) -> Result<Array, ArrayError> {
    let (h, w) = check_image("image-pad", img)?;
    let src = img.to_vec();
    let out = Array::zeros(&[oh, ow])?;
    let mut data = vec![fill; oh * ow];
    let (dy, dx) = (
        (oh as isize - h as isize) / 2,
        (ow as isize - w as isize) / 2,
    );
    for y in 0..h {
        let ty = y as isize + dy;
        if ty < 0 || ty >= oh as isize {
            continue;
        }
        for x in 0..w {
            let tx = x as isize + dx;
            if tx >= 0 && tx < ow as isize {
                data[ty as usize * ow + tx as usize] = src[y * w + x];
            }
        }
    }
    out.data_mut().copy_from_slice(&data);
    Ok(out)
}

/// Weights of the area average of `n` input cells into `m` output cells:
/// row `i` holds the overlap of output cell `i` with each input cell,
/// normalised to sum 1.
fn area_weights(n: usize, m: usize) -> Vec<Vec<(usize, f32)>> {
    let r = n as f64 / m as f64;
    (0..m)
        .map(|i| {
            let (lo, hi) = (i as f64 * r, (i + 1) as f64 * r);
            let mut w = Vec::new();
            let mut k = lo.floor() as usize;
            while (k as f64) < hi && k < n {
                let ov = (hi.min(k as f64 + 1.0) - lo.max(k as f64)).max(0.0);
                if ov > 0.0 {
                    w.push((k, (ov / r) as f32));
                }
                k += 1;
            }
            w
        })
        .collect()
}

/// `img` reduced to `oh × ow` by averaging over the area each output pixel
/// covers (fractional overlaps weighted), as the 16×16 inputs of 1989 were made.
///
/// # Errors
/// `Rank` if `img` is not 2-D; `Domain` if the output is larger or empty.
pub fn downsample(img: &Array, oh: usize, ow: usize) -> Result<Array, ArrayError> {
    let (h, w) = check_image("image-downsample", img)?;
    if oh == 0 || ow == 0 || oh > h || ow > w {
        return Err(ArrayError::domain(
            "image-downsample",
            format!("cannot downsample {h}x{w} to {oh}x{ow}"),
        ));
    }
    let src = img.to_vec();
    let (wr, wc) = (area_weights(h, oh), area_weights(w, ow));
    let mut rows = vec![0f32; oh * w];
    for (i, ws) in wr.iter().enumerate() {
        for &(k, a) in ws {
            for x in 0..w {
                rows[i * w + x] += a * src[k * w + x];
            }
        }
    }
    let mut out = vec![0f32; oh * ow];
    for i in 0..oh {
        for (j, ws) in wc.iter().enumerate() {
            out[i * ow + j] = ws.iter().map(|&(k, a)| a * rows[i * w + k]).sum();
        }
    }
    Array::from_vec(&[oh, ow], out)
}

/// Bilinear sample of the `h × w` image `src` at (y, x), `fill` outside.
fn bilinear(src: &[f32], h: usize, w: usize, y: f32, x: f32, fill: f32) -> f32 {
    let at = |yy: isize, xx: isize| {
        if yy < 0 || xx < 0 || yy >= h as isize || xx >= w as isize {
            fill
        } else {
            src[yy as usize * w + xx as usize]
        }
    };
    // Far outside is all fill: clamping keeps the integer arithmetic small.
    let (y, x) = (y.clamp(-2.0, h as f32 + 1.0), x.clamp(-2.0, w as f32 + 1.0));
    let (y0, x0) = (y.floor(), x.floor());
    let (fy, fx) = (y - y0, x - x0);
    let (y0, x0) = (y0 as isize, x0 as isize);
    let top = at(y0, x0) * (1.0 - fx) + at(y0, x0 + 1) * fx;
    let bot = at(y0 + 1, x0) * (1.0 - fx) + at(y0 + 1, x0 + 1) * fx;
    top * (1.0 - fy) + bot * fy
}

/// `img` moved by `dy` rows and `dx` columns (whole pixels), `fill` entering.
///
/// # Errors
/// `Rank` if `img` is not 2-D.
pub fn shift(img: &Array, dy: i64, dx: i64, fill: f32) -> Result<Array, ArrayError> {
    let (h, w) = check_image("image-shift", img)?;
    let src = img.to_vec();
    let mut out = vec![fill; h * w];
    for y in 0..h as i64 {
        let sy = y - dy;
        if sy < 0 || sy >= h as i64 {
            continue;
        }
        for x in 0..w as i64 {
            let sx = x - dx;
            if sx >= 0 && sx < w as i64 {
                out[(y * w as i64 + x) as usize] = src[(sy * w as i64 + sx) as usize];
            }
        }
    }
    Array::from_vec(&[h, w], out)
}

/// `img` resampled through the affine map: output pixel `p` (relative to
/// the centre `c`) takes the input at `A (p - c) + c + t`, where
/// `A = [[a[0] a[1]] [a[2] a[3]]]` acts on (y, x) and `t = (ty, tx)`.
///
/// # Errors
/// `Rank` if `img` is not 2-D.
pub fn affine(img: &Array, a: [f32; 4], ty: f32, tx: f32, fill: f32) -> Result<Array, ArrayError> {
    let (h, w) = check_image("image-affine", img)?;
    let src = img.to_vec();
    let (cy, cx) = ((h as f32 - 1.0) / 2.0, (w as f32 - 1.0) / 2.0);
    let mut out = vec![0f32; h * w];
    for y in 0..h {
        for x in 0..w {
            let (py, px) = (y as f32 - cy, x as f32 - cx);
            let sy = a[0] * py + a[1] * px + cy + ty;
            let sx = a[2] * py + a[3] * px + cx + tx;
            out[y * w + x] = bilinear(&src, h, w, sy, sx, fill);
        }
    }
    Array::from_vec(&[h, w], out)
}

/// A 1-D gaussian kernel of standard deviation `sigma`, radius 3 sigma but
/// at most `max_r` (beyond the image it would only meet zeros).
fn gaussian_kernel(sigma: f32, max_r: usize) -> Vec<f32> {
    let sigma = sigma as f64;
    let r = ((3.0 * sigma).ceil().max(1.0) as usize).min(max_r.max(1)) as isize;
    let k: Vec<f64> = (-r..=r)
        .map(|i| (-((i * i) as f64) / (2.0 * sigma * sigma)).exp())
        .collect();
    let s: f64 = k.iter().sum();
    k.into_iter().map(|v| (v / s) as f32).collect()
}

/// The taps `j` of a kernel of radius `r` (length `2r + 1`) that fall
/// inside `0..n` around position `x`: `x + j - r` in range.
fn taps(x: usize, r: usize, n: usize) -> std::ops::Range<usize> {
    let lo = r.saturating_sub(x);
    let hi = (r + n).saturating_sub(x).min(2 * r + 1);
    lo..hi.max(lo)
}

/// Separable gaussian smoothing of an `h × w` field (zero outside); only
/// the taps inside the field are visited.
fn smooth(f: &[f32], h: usize, w: usize, sigma: f32) -> Vec<f32> {
    let k = gaussian_kernel(sigma, h.max(w));
    let r = k.len() / 2;
    let mut tmp = vec![0f32; h * w];
    let mut out = vec![0f32; h * w];
    for y in 0..h {
        for x in 0..w {
            tmp[y * w + x] = taps(x, r, w).map(|j| k[j] * f[y * w + x + j - r]).sum();
        }
    }
    for y in 0..h {
        for x in 0..w {
            out[y * w + x] = taps(y, r, h).map(|j| k[j] * tmp[(y + j - r) * w + x]).sum();
        }
    }
    out
}

/// Elastic distortion (Simard, Steinkraus & Platt 2003): the random fields
/// `ry`, `rx` (same dims as `img`, values in [-1, 1]) are smoothed by a
/// gaussian of `sigma`, scaled by `alpha`, and give each pixel's source offset.
///
/// # Errors
/// `Rank` if `img` is not 2-D; `Shape` if a field has other dims;
/// `Domain` if `sigma` is not positive.
pub fn elastic(
    img: &Array,
    ry: &Array,
    rx: &Array,
    alpha: f32,
    sigma: f32,
    fill: f32,
) -> Result<Array, ArrayError> {
    let (h, w) = check_image("image-elastic", img)?;
    for f in [ry, rx] {
        if f.dims() != img.dims() {
            return Err(ArrayError::shape("image-elastic", img.dims(), f.dims()));
        }
    }
    if !sigma.is_finite() || sigma <= 0.0 || !alpha.is_finite() {
        return Err(ArrayError::domain(
            "image-elastic",
            format!("sigma {sigma} and alpha {alpha} must be finite, sigma positive"),
        ));
    }
    let src = img.to_vec();
    let fy = smooth(&ry.to_vec(), h, w, sigma);
    let fx = smooth(&rx.to_vec(), h, w, sigma);
    let mut out = vec![0f32; h * w];
    for y in 0..h {
        for x in 0..w {
            let k = y * w + x;
            out[k] = bilinear(
                &src,
                h,
                w,
                y as f32 + alpha * fy[k],
                x as f32 + alpha * fx[k],
                fill,
            );
        }
    }
    Array::from_vec(&[h, w], out)
}
