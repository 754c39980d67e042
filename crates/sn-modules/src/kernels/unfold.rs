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
