//! What a module is, read from outside: its kind, sizes and where its
//! parameters are in the pool, for tools that translate a network into
//! another format (ONNX export) without reaching into the modules' fields.

use std::ops::Range;

use crate::module::Module;
use crate::modules::ActKind;

/// A module's configuration. Parameter ranges index the network's pool.
#[derive(Clone)]
pub enum Spec<'a> {
    /// `out = W·in + b` over the flattened sample; `w` is `[nout × nin]`.
    Full {
        /// Inputs.
        nin: usize,
        /// Outputs.
        nout: usize,
        /// Weights, row-major `[nout × nin]`.
        w: Range<usize>,
        /// Biases `[nout]`.
        b: Range<usize>,
    },
    /// Convolution: one `kh×kw` kernel per `(input, output)` table entry,
    /// stored in the order of `table` (sorted by output, then input).
    Conv {
        /// Input maps.
        cin: usize,
        /// Output maps.
        cout: usize,
        /// Kernel height.
        kh: usize,
        /// Kernel width.
        kw: usize,
        /// Stride (both directions).
        stride: usize,
        /// The connection table, `(input, output)` pairs.
        table: &'a [(usize, usize)],
        /// Kernels, one `kh×kw` block per table entry.
        w: Range<usize>,
        /// Biases `[cout]`.
        b: Range<usize>,
    },
    /// LeNet subsampling: `(coef/p²)·Σ window + bias` per map.
    Subsample {
        /// Maps.
        maps: usize,
        /// Window (and stride).
        p: usize,
        /// Coefficients `[maps]`.
        coef: Range<usize>,
        /// Biases `[maps]`.
        bias: Range<usize>,
    },
    /// Max over `p×p` windows stepped by `p`.
    MaxPool {
        /// Maps.
        maps: usize,
        /// Window (and stride).
        p: usize,
    },
    /// A border of `p` on every side, of constant `value`.
    Pad {
        /// Width of the border.
        p: usize,
        /// Its value.
        value: f32,
    },
    /// A point-wise function.
    Act(ActKind),
    /// Log-softmax over dimension 1.
    LogSoftmax,
    /// `y_i = Σ_j (x_j − r_ij)²` with fixed prototypes `[classes × nin]`.
    Rbf {
        /// Inputs.
        nin: usize,
        /// Classes (outputs).
        classes: usize,
        /// Prototypes, row-major.
        protos: &'a [f32],
    },
    /// A sequence of modules.
    Seq(&'a [Box<dyn Module>]),
}
