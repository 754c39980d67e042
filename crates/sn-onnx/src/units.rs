//! A layered units-level (SN2.8) network as an ONNX model (opset 13): what
//! forward propagation computes from the input units to the output units.
//!
//! The stages of forward propagation (each a list of units and its
//! non-linear function) are split by depth into blocks (see
//! `units_plan`); each block is a `Concat` of the values it reads (the
//! input and earlier blocks), a `Gemm` with the dense weight matrix
//! gathered from the connections (a shared weight repeated where it is
//! used, 0 where there is no connection) and the bias connections from
//! unit 0 as the bias, then its non-linear function as standard operators.
//! The output units are gathered from the blocks in their order.
//!
//! The input is named `input`, `[batch, number of input units]`; the
//! output `output`, `[batch, number of output units]`.

use std::path::Path;

use sn_units::{Net, Nlf, NlfKind};

use crate::error::{OnnxError, Result};
use crate::export::model_of;
use crate::proto::{AttributeProto, ModelProto, NodeProto, TensorProto};
use crate::tensor::{attr_int, floats, int64s};
use crate::units_plan::{plan, Block};

/// One stage of forward propagation: units computed together and their
/// non-linear function (of order 0).
#[derive(Debug, Clone)]
pub struct Stage {
    /// The units, in order.
    pub units: Vec<u32>,
    /// Their non-linear function.
    pub nlf: Nlf,
}

/// The graph being built.
#[derive(Default)]
struct Graph {
    nodes: Vec<NodeProto>,
    inits: Vec<TensorProto>,
    /// The concatenations made, by the values they join.
    concats: std::collections::HashMap<Vec<usize>, String>,
}

impl Graph {
    /// Adds node `op` named `name` reading `inputs`; returns its output,
    /// named after it.
    fn node(
        &mut self,
        op: &str,
        name: &str,
        inputs: &[&str],
        attrs: Vec<AttributeProto>,
    ) -> String {
        self.nodes.push(NodeProto {
            input: inputs.iter().map(|s| s.to_string()).collect(),
            output: vec![name.to_string()],
            name: name.to_string(),
            op_type: op.to_string(),
            attribute: attrs,
            ..Default::default()
        });
        name.to_string()
    }

    /// A float scalar initializer.
    fn scalar(&mut self, name: &str, v: f32) -> String {
        self.inits.push(floats(name, &[], &[v]));
        name.to_string()
    }

    /// `x · k`, a node named `name`.
    fn scale(&mut self, x: &str, k: f32, name: &str) -> String {
        let c = self.scalar(&format!("{name}.k"), k);
        self.node("Mul", name, &[x, &c], Vec::new())
    }

    /// `y + c·x + d`, as sn adds them (in that order), skipping zero terms.
    fn linear_tail(&mut self, y: String, x: &str, c: f32, d: f32, name: &str) -> String {
        let mut y = y;
        if c != 0.0 {
            let cx = self.scale(x, c, &format!("{name}.cx"));
            y = self.node("Add", &format!("{name}.pluscx"), &[&y, &cx], Vec::new());
        }
        if d != 0.0 {
            let dn = self.scalar(&format!("{name}.d"), d);
            y = self.node("Add", &format!("{name}.plusd"), &[&y, &dn], Vec::new());
        }
        y
    }
}

/// The name of a function as its SN2.8 constructor (`nlf-f-tanh`, ...).
pub fn nlf_name(n: &Nlf) -> String {
    let shape = match &n.kind {
        NlfKind::Zero => "0",
        NlfKind::Tanh { .. } => "tanh",
        NlfKind::Lin { .. } => "lin",
        NlfKind::Piecewise { .. } => "piecewise",
        NlfKind::Threshold { .. } => "threshold",
        NlfKind::Bell => "bell",
        NlfKind::Spline(_) => "spline",
        NlfKind::FiniteDiff { .. } => "all",
    };
    let order = ["f", "df", "ddf"][n.order.min(2) as usize];
    format!("nlf-{order}-{shape}")
}

/// Emits `nlf` applied to `x`; returns its output, or `None` when the
/// function has no translation.
fn emit_nlf(g: &mut Graph, x: &str, nlf: &Nlf, name: &str) -> Option<String> {
    if nlf.order != 0 {
        return None;
    }
    Some(match nlf.kind {
        NlfKind::Zero => g.scale(x, 0.0, name),
        NlfKind::Tanh { a, b, c, d } => {
            let bx = g.scale(x, b, &format!("{name}.bx"));
            let t = g.node("Tanh", &format!("{name}.tanh"), &[&bx], Vec::new());
            let y = g.scale(&t, a, &format!("{name}.a"));
            g.linear_tail(y, x, c, d, name)
        }
        NlfKind::Lin { a, b, c, d } => {
            let y = g.scale(x, a * b + c, &format!("{name}.slope"));
            g.linear_tail(y, x, 0.0, d, name)
        }
        NlfKind::Piecewise { a, b, c, d } => {
            let bx = g.scale(x, b, &format!("{name}.bx"));
            let lo = g.scalar(&format!("{name}.lo"), -1.0);
            let hi = g.scalar(&format!("{name}.hi"), 1.0);
            let cl = g.node(
                "Clip",
                &format!("{name}.clip"),
                &[&bx, &lo, &hi],
                Vec::new(),
            );
            let y = g.scale(&cl, a, &format!("{name}.a"));
            g.linear_tail(y, x, c, d, name)
        }
        NlfKind::Threshold { a, b, c, d } => {
            let bx = g.scale(x, b, &format!("{name}.bx"));
            let zero = g.scalar(&format!("{name}.zero"), 0.0);
            let ge = g.node(
                "GreaterOrEqual",
                &format!("{name}.ge"),
                &[&bx, &zero],
                Vec::new(),
            );
            let (pa, na) = (
                g.scalar(&format!("{name}.pa"), a),
                g.scalar(&format!("{name}.na"), -a),
            );
            let y = g.node(
                "Where",
                &format!("{name}.step"),
                &[&ge, &pa, &na],
                Vec::new(),
            );
            g.linear_tail(y, x, c, d, name)
        }
        NlfKind::Bell => {
            // (1 - x²)³ where |x| < 1, else 0: the cube of relu(1 - x²)
            let x2 = g.node("Mul", &format!("{name}.x2"), &[x, x], Vec::new());
            let one = g.scalar(&format!("{name}.one"), 1.0);
            let u = g.node("Sub", &format!("{name}.u"), &[&one, &x2], Vec::new());
            let r = g.node("Relu", &format!("{name}.r"), &[&u], Vec::new());
            let r2 = g.node("Mul", &format!("{name}.r2"), &[&r, &r], Vec::new());
            g.node("Mul", &format!("{name}.r3"), &[&r2, &r], Vec::new())
        }
        NlfKind::Spline(_) | NlfKind::FiniteDiff { .. } => return None,
    })
}

/// The name of value `v`: `input`, or block `v - 1`'s output.
fn value_name(g: &[String], v: usize) -> String {
    if v == 0 {
        "input".to_string()
    } else {
        g[v - 1].clone()
    }
}

/// Emits block `k`: concatenation, `Gemm`, non-linear function.
fn emit_block(g: &mut Graph, outs: &[String], k: usize, b: &Block, nlf: &Nlf) -> Result<String> {
    let name = format!("L{}_d{}", k + 1, b.depth);
    let srcs: Vec<String> = b.sources.iter().map(|&v| value_name(outs, v)).collect();
    let x = if srcs.len() == 1 {
        srcs[0].clone()
    } else if let Some(c) = g.concats.get(&b.sources) {
        c.clone() // another block of the same depth read the same values
    } else {
        let refs: Vec<&str> = srcs.iter().map(String::as_str).collect();
        let c = g.node(
            "Concat",
            &format!("{name}.concat"),
            &refs,
            vec![attr_int("axis", 1)],
        );
        g.concats.insert(b.sources.clone(), c.clone());
        c
    };
    let m = b.units.len();
    let rows = b.weights.len() / m.max(1);
    let wn = format!("{name}.weight");
    g.inits.push(floats(&wn, &[rows, m], &b.weights));
    let bn = format!("{name}.bias");
    g.inits.push(floats(&bn, &[m], &b.bias));
    let s = g.node("Gemm", &format!("{name}.sum"), &[&x, &wn, &bn], Vec::new());
    emit_nlf(g, &s, nlf, &name).ok_or_else(|| OnnxError::Nlf {
        layer: b.stage + 1,
        nlf: nlf_name(nlf),
    })
}

/// The ONNX model of what forward propagation computes on `net` (its
/// weights as they are now) from the units of `input` (set from outside)
/// to those of `output`, `stages` being computed in order. Computed units
/// the outputs do not depend on are left out.
///
/// # Errors
/// [`OnnxError::NotLayered`] naming the unit when the net is not a
/// feed-forward net from `input` to `output` computable in the order of
/// `stages`; [`OnnxError::Nlf`] for a function with no ONNX equivalent
/// (splines, finite-difference or derivative functions).
pub fn units_model(
    net: &Net,
    input: &[u32],
    output: &[u32],
    stages: &[Stage],
    name: &str,
) -> Result<ModelProto> {
    let units: Vec<&[u32]> = stages.iter().map(|s| s.units.as_slice()).collect();
    let p = plan(net, input, output, &units)?;
    let mut g = Graph::default();
    let mut outs: Vec<String> = Vec::new();
    for (k, b) in p.blocks.iter().enumerate() {
        let y = emit_block(&mut g, &outs, k, b, &stages[b.stage].nlf)?;
        outs.push(y);
    }
    emit_output(&mut g, &outs, &p.output, &p.widths);
    Ok(model_of(
        name,
        (g.nodes, g.inits),
        (&[input.len()], &[output.len()]),
        format!("{name}: a units-level network exported by sn"),
    ))
}

/// The output: the values holding output units concatenated, then the
/// output units' columns gathered in their order (an `Identity` when
/// they are already in order). `widths`: the width of each value.
fn emit_output(g: &mut Graph, outs: &[String], output: &[(usize, usize)], widths: &[usize]) {
    let mut vals: Vec<usize> = output.iter().map(|&(v, _)| v).collect();
    vals.sort_unstable();
    vals.dedup();
    let names: Vec<String> = vals.iter().map(|&v| value_name(outs, v)).collect();
    let x = if names.len() == 1 {
        names[0].clone()
    } else {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        g.node("Concat", "output.concat", &refs, vec![attr_int("axis", 1)])
    };
    let mut offset = vec![0; widths.len()];
    let mut total = 0;
    for &v in &vals {
        offset[v] = total;
        total += widths[v];
    }
    let idx: Vec<i64> = output
        .iter()
        .map(|&(v, c)| (offset[v] + c) as i64)
        .collect();
    if idx.len() == total && idx.iter().enumerate().all(|(i, &j)| i as i64 == j) {
        g.node("Identity", "output", &[&x], Vec::new());
    } else {
        g.inits.push(int64s("output.columns", &idx));
        g.node(
            "Gather",
            "output",
            &[&x, "output.columns"],
            vec![attr_int("axis", 1)],
        );
    }
}

/// Writes the ONNX model of [`units_model`] at `path` (atomically).
///
/// # Errors
/// As [`units_model`]; `Io` if the file cannot be written.
pub fn save_units(
    net: &Net,
    input: &[u32],
    output: &[u32],
    stages: &[Stage],
    path: &Path,
) -> Result<()> {
    use prost::Message;
    let name = path
        .file_stem()
        .map_or("units".into(), |s| s.to_string_lossy().into_owned());
    let bytes = units_model(net, input, output, stages, &name)?.encode_to_vec();
    sn_files::write_with(path, |w| std::io::Write::write_all(w, &bytes)).map_err(|e| {
        OnnxError::Io {
            path: path.display().to_string(),
            msg: e.to_string(),
        }
    })
}
