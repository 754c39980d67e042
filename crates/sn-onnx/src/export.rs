//! A module network as an ONNX model (opset 13): its modules as standard
//! operators whose arithmetic is the modules' own, its weights as float
//! initializers, an input named `input` of shape `[batch, C, H, W]` and an
//! output named `output` of the shape the network gives.

use std::path::Path;

use sn_modules::kernels::elem::{STANH_A, STANH_S};
use sn_modules::modules::ActKind;
use sn_modules::{Module, Net, Spec};

use crate::error::{OnnxError, Result};
use crate::proto::{AttributeProto, GraphProto, ModelProto, NodeProto, OperatorSetIdProto};
use crate::tensor::{attr_float, attr_int, attr_ints, floats, int64s, value_info};

/// The operator set written.
pub const OPSET: i64 = 13;
/// The IR version written (the one of opsets 13 and 14).
pub const IR_VERSION: i64 = 7;

/// The graph being built: nodes, initializers and the current value.
struct Builder<'a> {
    pool: &'a [f32],
    nodes: Vec<NodeProto>,
    inits: Vec<TensorProto>,
    /// The value the next node reads.
    cur: String,
    /// Its shape, batch first (sn's shape for a batch of 1).
    shape: Vec<usize>,
    /// Whether `cur` has been flattened to `[batch, n]`.
    flat: bool,
    /// How RBF layers are written.
    opts: Options,
}

/// Choices of translation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Write RBF layers as ‖x‖² − 2·x·Rᵀ + ‖r‖² (`ReduceSumSquare`,
    /// `Gemm` alpha −2, `Add`) instead of `Unsqueeze`, `Sub`,
    /// `ReduceSumSquare`. Same function, but in float32 the expansion
    /// loses to cancellation about 4e-7 of the distances' size (1e-4 on
    /// LeNet-5's distances of 250), where the default form computes what
    /// sn computes, the squares of the differences.
    pub rbf_as_gemm: bool,
}

use crate::proto::TensorProto;

impl Builder<'_> {
    /// Adds a float initializer named after the node `at`.
    fn init(&mut self, at: &str, what: &str, dims: &[usize], v: &[f32]) -> String {
        let name = format!("{at}.{what}");
        self.inits.push(floats(&name, dims, v));
        name
    }

    /// Adds node `op` named `name`, reading `cur` then `more`; its output
    /// becomes `cur`.
    fn node(&mut self, op: &str, name: &str, more: &[String], attribute: Vec<AttributeProto>) {
        let mut input = vec![self.cur.clone()];
        input.extend_from_slice(more);
        let out = format!("{name}.out");
        self.nodes.push(NodeProto {
            input,
            output: vec![out.clone()],
            name: name.to_string(),
            op_type: op.to_string(),
            attribute,
            ..Default::default()
        });
        self.cur = out;
    }

    /// Flattens `cur` to `[batch, n]` unless it already is.
    fn flatten(&mut self, name: &str) {
        if !self.flat && self.shape.len() != 2 {
            self.node(
                "Flatten",
                &format!("{name}.flatten"),
                &[],
                vec![attr_int("axis", 1)],
            );
        }
        self.flat = true;
    }

    fn params(&self, r: &std::ops::Range<usize>) -> &[f32] {
        &self.pool[r.clone()]
    }
}

/// The ONNX model of `net` (its weights as they are now).
///
/// # Errors
/// `Unsupported` naming the first module (position and kind) that has no
/// ONNX equivalent; `Module` for a network whose shapes do not fit.
pub fn model(net: &Net) -> Result<ModelProto> {
    model_with(net, Options::default())
}

/// The ONNX model of `net`, written as `opts` says.
///
/// # Errors
/// As [`model`].
pub fn model_with(net: &Net, opts: Options) -> Result<ModelProto> {
    let mut in_dims = vec![1];
    in_dims.extend_from_slice(&net.in_shape);
    let out = net.seq.out_shape(&in_dims)?;
    sn_modules::module::check_pool(&net.seq, &net.pool)?;
    let mut b = Builder {
        pool: &net.pool.x,
        nodes: Vec::new(),
        inits: Vec::new(),
        cur: "input".to_string(),
        shape: in_dims,
        flat: false,
        opts,
    };
    emit_seq(&mut b, &net.seq.mods, "")?;
    match b.nodes.last_mut() {
        Some(last) => last.output = vec!["output".to_string()],
        None => {
            return Err(OnnxError::Unsupported {
                index: "0".to_string(),
                kind: "empty seq".to_string(),
            })
        }
    }
    Ok(model_of(
        &net.name,
        (b.nodes, b.inits),
        (&net.in_shape, &out.dims()[1..]),
        format!("{} exported by sn", net.name),
    ))
}

/// The model of a graph named `name` made of `nodes` and `inits`, whose
/// input `input` and output `output` have the given shapes after the
/// batch.
pub(crate) fn model_of(
    name: &str,
    (nodes, inits): (Vec<NodeProto>, Vec<TensorProto>),
    (in_dims, out_dims): (&[usize], &[usize]),
    doc: String,
) -> ModelProto {
    let graph = GraphProto {
        node: nodes,
        name: name.to_string(),
        initializer: inits,
        input: vec![value_info("input", in_dims)],
        output: vec![value_info("output", out_dims)],
        ..Default::default()
    };
    ModelProto {
        ir_version: IR_VERSION,
        producer_name: "sn".to_string(),
        producer_version: env!("CARGO_PKG_VERSION").to_string(),
        graph: Some(graph),
        opset_import: vec![OperatorSetIdProto {
            domain: String::new(),
            version: OPSET,
        }],
        doc_string: doc,
        ..Default::default()
    }
}

/// Writes `net` as an ONNX file at `path` (atomically).
///
/// # Errors
/// As [`model`]; `Io` if the file cannot be written.
pub fn save(net: &Net, path: &Path) -> Result<()> {
    use prost::Message;
    net.check_finite()?;
    let bytes = model(net)?.encode_to_vec();
    sn_files::write_with(path, |w| std::io::Write::write_all(w, &bytes)).map_err(|e| {
        OnnxError::Io {
            path: path.display().to_string(),
            msg: e.to_string(),
        }
    })
}

/// Emits the modules of a sequence; `prefix` is the position of the
/// enclosing seq (`""` at the top).
fn emit_seq(b: &mut Builder, mods: &[Box<dyn Module>], prefix: &str) -> Result<()> {
    for (k, m) in mods.iter().enumerate() {
        let index = format!("{prefix}{}", k + 1);
        let unsupported = || OnnxError::Unsupported {
            index: index.clone(),
            kind: m.kind().to_string(),
        };
        let spec = m.spec().ok_or_else(unsupported)?;
        let name = format!("m{}_{}", index.replace('.', "_"), m.kind());
        if let Spec::Seq(inner) = spec {
            emit_seq(b, inner, &format!("{index}."))?;
            continue;
        }
        emit(b, spec, &name).ok_or_else(unsupported)?;
        b.shape = m.out_shape(&b.shape)?.dims().to_vec();
        if b.shape.len() != 2 {
            b.flat = false;
        }
    }
    Ok(())
}

/// Emits one module; `None` when it has no translation.
fn emit(b: &mut Builder, spec: Spec, name: &str) -> Option<()> {
    match spec {
        Spec::Full {
            nin,
            nout,
            w,
            b: bias,
        } => {
            b.flatten(name);
            let (w, bias) = (b.params(&w).to_vec(), b.params(&bias).to_vec());
            let wn = b.init(name, "weight", &[nout, nin], &w);
            let bn = b.init(name, "bias", &[nout], &bias);
            b.node("Gemm", name, &[wn, bn], vec![attr_int("transB", 1)]);
        }
        Spec::Conv {
            cin,
            cout,
            kh,
            kw,
            stride,
            table,
            w,
            b: bias,
        } => {
            let dense = dense_kernels(b.params(&w), cin, cout, kh * kw, table);
            let bias = b.params(&bias).to_vec();
            let wn = b.init(name, "weight", &[cout, cin, kh, kw], &dense);
            let bn = b.init(name, "bias", &[cout], &bias);
            let attrs = vec![
                attr_ints("kernel_shape", &[kh, kw]),
                attr_ints("strides", &[stride, stride]),
            ];
            b.node("Conv", name, &[wn, bn], attrs);
        }
        Spec::Subsample {
            maps,
            p,
            coef,
            bias,
        } => {
            // sn: (coef / p²) · Σ window + bias, a depthwise convolution
            // whose p² weights are all coef / p²
            let k = (p * p) as f32;
            let w: Vec<f32> = b
                .params(&coef)
                .iter()
                .flat_map(|&c| std::iter::repeat_n(c / k, p * p))
                .collect();
            let bias = b.params(&bias).to_vec();
            let wn = b.init(name, "weight", &[maps, 1, p, p], &w);
            let bn = b.init(name, "bias", &[maps], &bias);
            let attrs = vec![
                attr_int("group", maps as i64),
                attr_ints("kernel_shape", &[p, p]),
                attr_ints("strides", &[p, p]),
            ];
            b.node("Conv", name, &[wn, bn], attrs);
        }
        Spec::MaxPool { p, .. } => {
            let attrs = vec![
                attr_ints("kernel_shape", &[p, p]),
                attr_ints("strides", &[p, p]),
            ];
            b.node("MaxPool", name, &[], attrs);
        }
        Spec::Pad { p, value } => {
            let pads = format!("{name}.pads");
            b.inits.push(int64s(
                &pads,
                &[0, 0, p as i64, p as i64, 0, 0, p as i64, p as i64],
            ));
            let v = b.init(name, "value", &[], &[value]);
            b.node("Pad", name, &[pads, v], Vec::new());
        }
        Spec::Act(ActKind::Stanh) => {
            let s = b.init(name, "slope", &[], &[STANH_S]);
            b.node("Mul", &format!("{name}.in"), &[s], Vec::new());
            b.node("Tanh", name, &[], Vec::new());
            let a = b.init(name, "amplitude", &[], &[STANH_A]);
            b.node("Mul", &format!("{name}.outscale"), &[a], Vec::new());
        }
        Spec::Act(ActKind::Tanh) => b.node("Tanh", name, &[], Vec::new()),
        Spec::Act(ActKind::Logistic) => b.node("Sigmoid", name, &[], Vec::new()),
        Spec::Act(ActKind::Relu) => b.node("Relu", name, &[], Vec::new()),
        Spec::LogSoftmax => b.node("LogSoftmax", name, &[], vec![attr_int("axis", 1)]),
        Spec::Rbf {
            nin,
            classes,
            protos,
        } => emit_rbf(b, name, nin, classes, protos),
        Spec::Seq(_) => return None,
    }
    Some(())
}

/// The RBF layer as ‖x‖² − 2·x·Rᵀ + ‖r‖²: `ReduceSumSquare` of the input
/// (kept as a column), `Gemm` with alpha −2 and C the prototypes' squared
/// norms, and their sum.
fn emit_rbf(b: &mut Builder, name: &str, nin: usize, classes: usize, protos: &[f32]) {
    b.flatten(name);
    if !b.opts.rbf_as_gemm {
        return emit_rbf_diff(b, name, nin, classes, protos);
    }
    let x = b.cur.clone();
    let norms: Vec<f32> = protos
        .chunks_exact(nin)
        .map(|r| r.iter().map(|v| v * v).sum())
        .collect();
    let rn = b.init(name, "prototypes", &[classes, nin], protos);
    let cn = b.init(name, "norms", &[classes], &norms);
    b.node(
        "ReduceSumSquare",
        &format!("{name}.xnorm"),
        &[],
        vec![attr_ints("axes", &[1]), attr_int("keepdims", 1)],
    );
    let xn = std::mem::replace(&mut b.cur, x);
    let attrs = vec![
        attr_float("alpha", -2.0),
        attr_float("beta", 1.0),
        attr_int("transB", 1),
    ];
    b.node("Gemm", &format!("{name}.cross"), &[rn, cn], attrs);
    b.node("Add", name, &[xn], Vec::new());
}

/// The kernels of a connection table as a dense `[cout, cin, kk]` array,
/// zero where the table has no entry.
fn dense_kernels(
    w: &[f32],
    cin: usize,
    cout: usize,
    kk: usize,
    table: &[(usize, usize)],
) -> Vec<f32> {
    let mut d = vec![0.0; cout * cin * kk];
    for (e, &(i, o)) in table.iter().enumerate() {
        d[(o * cin + i) * kk..][..kk].copy_from_slice(&w[e * kk..][..kk]);
    }
    d
}

/// The RBF layer as sn computes it: `Unsqueeze` the input to
/// `[batch, 1, nin]`, `Sub` the prototypes `[classes, nin]` (broadcast to
/// `[batch, classes, nin]`), `ReduceSumSquare` over the last axis.
fn emit_rbf_diff(b: &mut Builder, name: &str, nin: usize, classes: usize, protos: &[f32]) {
    let axes = format!("{name}.axes");
    b.inits.push(int64s(&axes, &[1]));
    b.node("Unsqueeze", &format!("{name}.column"), &[axes], Vec::new());
    let rn = b.init(name, "prototypes", &[classes, nin], protos);
    b.node("Sub", &format!("{name}.diff"), &[rn], Vec::new());
    let attrs = vec![attr_ints("axes", &[2]), attr_int("keepdims", 0)];
    b.node("ReduceSumSquare", name, &[], attrs);
}
