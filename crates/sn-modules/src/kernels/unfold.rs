//! Unfolding (im2col) and folding (col2im) of one sample's maps.

/// Geometry of a 2-D convolution over one sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geom {
    /// Input maps.
    pub cin: usize,
    /// Input height.
    pub h: usize,
    /// Input width.
    pub w: usize,
    /// Kernel height.
    pub kh: usize,
    /// Kernel width.
    pub kw: usize,
    /// Stride (both directions).
    pub s: usize,
}

impl Geom {
    /// Output height.
    pub fn oh(&self) -> usize {
        (self.h - self.kh) / self.s + 1
    }
    /// Output width.
    pub fn ow(&self) -> usize {
        (self.w - self.kw) / self.s + 1
    }
    /// Rows of the unfolded matrix (`cin·kh·kw`).
    pub fn k(&self) -> usize {
        self.cin * self.kh * self.kw
    }
    /// Columns of the unfolded matrix (`oh·ow`).
    pub fn n(&self) -> usize {
        self.oh() * self.ow()
    }
}

/// `col[(c,ky,kx), (oy,ox)] = inp[c, oy·s+ky, ox·s+kx]`.
pub fn unfold(g: &Geom, inp: &[f32], col: &mut [f32]) {
    let (oh, ow, n) = (g.oh(), g.ow(), g.n());
    let mut r = 0;
    for c in 0..g.cin {
        let plane = &inp[c * g.h * g.w..(c + 1) * g.h * g.w];
        for ky in 0..g.kh {
            for kx in 0..g.kw {
                let row = &mut col[r * n..(r + 1) * n];
                for oy in 0..oh {
                    let src = &plane[(oy * g.s + ky) * g.w + kx..];
                    let dst = &mut row[oy * ow..(oy + 1) * ow];
                    if g.s == 1 {
                        dst.copy_from_slice(&src[..ow]);
                    } else {
                        for (ox, d) in dst.iter_mut().enumerate() {
                            *d = src[ox * g.s];
                        }
                    }
                }
                r += 1;
            }
        }
    }
}

/// `inp[c, oy·s+ky, ox·s+kx] += col[(c,ky,kx), (oy,ox)]` (adjoint of [`unfold`]).
pub fn fold_add(g: &Geom, col: &[f32], inp: &mut [f32]) {
    let (oh, ow, n) = (g.oh(), g.ow(), g.n());
    let mut r = 0;
    for c in 0..g.cin {
        let plane = &mut inp[c * g.h * g.w..(c + 1) * g.h * g.w];
        for ky in 0..g.kh {
            for kx in 0..g.kw {
                let row = &col[r * n..(r + 1) * n];
                for oy in 0..oh {
                    let dst = &mut plane[(oy * g.s + ky) * g.w + kx..];
                    let src = &row[oy * ow..(oy + 1) * ow];
                    if g.s == 1 {
                        dst[..ow].iter_mut().zip(src).for_each(|(d, v)| *d += v);
                    } else {
                        for (ox, v) in src.iter().enumerate() {
                            dst[ox * g.s] += v;
                        }
                    }
                }
                r += 1;
            }
        }
    }
}

/// `colt[(oy,ox), (c,ky,kx)] = inp[c, oy·s+ky, ox·s+kx]`: the transpose of
/// [`unfold`], one row of `cin·kh·kw` values per output position, so that
/// weight gradients read it in place.
pub fn unfold_t(g: &Geom, inp: &[f32], colt: &mut [f32]) {
    match g.kw {
        5 => unfold_t_kw::<5>(g, inp, colt),
        3 => unfold_t_kw::<3>(g, inp, colt),
        _ => unfold_t_any(g, inp, colt),
    }
}

/// [`unfold_t`] for a kernel width known at compile time (inlined copies).
fn unfold_t_kw<const KW: usize>(g: &Geom, inp: &[f32], colt: &mut [f32]) {
    let (oh, ow, k) = (g.oh(), g.ow(), g.k());
    for oy in 0..oh {
        for ox in 0..ow {
            let row = &mut colt[(oy * ow + ox) * k..][..k];
            let mut runs = row.chunks_exact_mut(KW);
            for c in 0..g.cin {
                let plane = &inp[c * g.h * g.w..(c + 1) * g.h * g.w];
                for ky in 0..g.kh {
                    let src: &[f32; KW] =
                        match plane[(oy * g.s + ky) * g.w + ox * g.s..][..KW].try_into() {
                            Ok(a) => a,
                            Err(_) => return,
                        };
                    if let Some(dst) = runs.next() {
                        dst.copy_from_slice(src);
                    }
                }
            }
        }
    }
}

fn unfold_t_any(g: &Geom, inp: &[f32], colt: &mut [f32]) {
    let (oh, ow, k) = (g.oh(), g.ow(), g.k());
    for oy in 0..oh {
        for ox in 0..ow {
            let row = &mut colt[(oy * ow + ox) * k..][..k];
            let mut r = 0;
            for c in 0..g.cin {
                let plane = &inp[c * g.h * g.w..(c + 1) * g.h * g.w];
                for ky in 0..g.kh {
                    let src = &plane[(oy * g.s + ky) * g.w + ox * g.s..][..g.kw];
                    row[r..r + g.kw].copy_from_slice(src);
                    r += g.kw;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_transpose(g: &Geom) {
        let inp: Vec<f32> = (0..g.cin * g.h * g.w).map(|v| v as f32).collect();
        let (k, n) = (g.k(), g.n());
        let mut col = vec![0.0; k * n];
        let mut colt = vec![-1.0; k * n];
        unfold(g, &inp, &mut col);
        unfold_t(g, &inp, &mut colt);
        for r in 0..k {
            for j in 0..n {
                assert_eq!(col[r * n + j], colt[j * k + r], "{g:?}");
            }
        }
    }

    #[test]
    fn unfold_t_is_the_transpose_of_unfold() {
        let geoms = [(2, 7, 6, 3, 2, 2), (3, 9, 8, 2, 5, 1), (1, 6, 7, 3, 3, 2)];
        for (cin, h, w, kh, kw, s) in geoms {
            check_transpose(&Geom {
                cin,
                h,
                w,
                kh,
                kw,
                s,
            });
        }
    }
}
