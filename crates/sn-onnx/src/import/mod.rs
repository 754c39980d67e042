//! An ONNX model as an sn module network. The graph must be a chain (each
//! node reads the previous node's output, and constants) of the operators
//! that sn's modules compute: `Gemm`, `MatMul` (+ `Add`), `Conv` (a zero
//! kernel is a missing table entry; a depthwise one with equal weights is
//! a subsampling), `MaxPool`, `AveragePool`, `Pad`, `Mul`→`Tanh`→`Mul` with
//! sn's constants, `Sigmoid`, `Relu`, `LogSoftmax`, `Flatten`, `Reshape`,
//! and the RBF pattern `ReduceSumSquare`, `Gemm` (alpha −2), `Add`. The
//! first node that is none of these is an error naming it.

mod layers;

use std::collections::HashMap;
use std::path::Path;

use prost::Message;
use sn_modules::cost::{Cost, RbfCost, SoftmaxCe, SqErr};
use sn_modules::modules::Seq;
use sn_modules::{Module, Net, Pool};

use crate::error::{OnnxError, Result};
use crate::proto::{attr_type, AttributeProto, GraphProto, ModelProto, NodeProto, TensorProto};

/// Reads the ONNX model in `path`.
///
/// # Errors
/// `Io` if unreadable; `Format` if it is not a protobuf ModelProto with a
/// graph; `Module(Memory)` past the memory budget.
pub fn read_model(path: &Path) -> Result<ModelProto> {
    let io = |e: std::io::Error| OnnxError::Io {
        path: path.display().to_string(),
        msg: e.to_string(),
    };
    let len = std::fs::metadata(path).map_err(io)?.len();
    sn_array::budget::reserve_items("load-onnx", len as usize, 2)
        .map_err(|e| sn_modules::ModError::Memory(e.to_string()))?;
    let bytes = std::fs::read(path).map_err(io)?;
    let m = ModelProto::decode(&bytes[..]).map_err(|e| format_err(path, &e.to_string()))?;
    if m.graph.as_ref().is_none_or(|g| g.node.is_empty()) {
        return Err(format_err(path, "no graph, or a graph without nodes"));
    }
    Ok(m)
}

fn format_err(path: &Path, msg: &str) -> OnnxError {
    OnnxError::Format {
        path: path.display().to_string(),
        msg: msg.to_string(),
    }
}

/// Reads `path` and builds its network (named after the graph, else the
/// file).
///
/// # Errors
/// As [`read_model`] and [`net_of`].
pub fn load(path: &Path) -> Result<Net> {
    let m = read_model(path)?;
    let stem = path
        .file_stem()
        .map_or("onnx".into(), |s| s.to_string_lossy());
    net_of(&m, &stem).map_err(|e| match e {
        OnnxError::Format { msg, .. } => format_err(path, &msg),
        e => e,
    })
}

/// The chain being built: the modules, their pool, the value the next
/// node must read and its shape.
pub(crate) struct Chain<'a> {
    pub consts: HashMap<&'a str, &'a TensorProto>,
    pub pool: Pool,
    pub seq: Seq,
    /// The value the next node reads.
    pub cur: String,
    /// Its shape in sn (batch of 1).
    pub shape: Vec<usize>,
    /// Whether ONNX sees it flattened to `[batch, n]` (sn's full and rbf
    /// layers flatten themselves).
    pub flat: bool,
}

impl Chain<'_> {
    /// Appends module `m` (built for `node`), checking that it takes the
    /// current shape.
    pub fn push(&mut self, node: &NodeProto, m: Box<dyn Module>) -> Result<()> {
        let s = m
            .out_shape(&self.shape)
            .map_err(|e| op_err(node, &format!("its input does not fit: {e}")))?;
        self.shape = s.dims().to_vec();
        self.flat = self.shape.len() == 2;
        self.seq.push(m);
        Ok(())
    }

    /// Values per sample of the current value.
    pub fn per(&self) -> usize {
        self.shape[1..].iter().product()
    }

    /// The constant named `name`.
    pub fn constant(&self, node: &NodeProto, name: &str) -> Result<&TensorProto> {
        self.consts.get(name).copied().ok_or_else(|| {
            op_err(
                node,
                &format!("input {name:?} is not a constant (initializer or Constant)"),
            )
        })
    }

    /// The values of constant `name` as floats.
    pub fn floats(&self, node: &NodeProto, name: &str) -> Result<Vec<f32>> {
        crate::tensor::read_floats(self.constant(node, name)?).map_err(|m| op_err(node, &m))
    }
}

/// The error for an operator, or a use of it, that sn cannot build.
pub(crate) fn op_err(node: &NodeProto, msg: &str) -> OnnxError {
    let name = if node.name.is_empty() {
        node.output.first().cloned().unwrap_or_default()
    } else {
        node.name.clone()
    };
    OnnxError::Operator {
        op: node.op_type.clone(),
        node: name,
        msg: msg.to_string(),
    }
}

/// The attribute `name` of `node`.
pub(crate) fn attr<'a>(node: &'a NodeProto, name: &str) -> Option<&'a AttributeProto> {
    node.attribute.iter().find(|a| a.name == name)
}

/// An integer attribute, or `default`.
pub(crate) fn attr_i(node: &NodeProto, name: &str, default: i64) -> i64 {
    attr(node, name).map_or(default, |a| a.i)
}

/// A float attribute, or `default`.
pub(crate) fn attr_f(node: &NodeProto, name: &str, default: f32) -> f32 {
    attr(node, name).map_or(default, |a| a.f)
}

/// An integer-list attribute (empty when absent).
pub(crate) fn attr_ints(node: &NodeProto, name: &str) -> Vec<i64> {
    attr(node, name).map_or(Vec::new(), |a| a.ints.clone())
}

/// The network of model `m`.
///
/// # Errors
/// `Operator` naming the first node sn cannot build; `Format` for a graph
/// without a usable input or whose output is not the chain's end.
pub fn net_of(m: &ModelProto, name: &str) -> Result<Net> {
    let g = m.graph.as_ref().ok_or_else(|| fmt("no graph"))?;
    let mut consts: HashMap<&str, &TensorProto> = HashMap::new();
    for t in &g.initializer {
        consts.insert(&t.name, t);
    }
    for n in g.node.iter().filter(|n| n.op_type == "Constant") {
        let t = attr(n, "value")
            .filter(|a| a.r#type == attr_type::TENSOR)
            .and_then(|a| a.t.as_ref());
        match (t, n.output.first()) {
            (Some(t), Some(o)) => consts.insert(o, t),
            _ => return Err(op_err(n, "only a Constant with a tensor value is read")),
        };
    }
    let (input, in_shape) = graph_input(g, &consts)?;
    let mut shape = vec![1];
    shape.extend_from_slice(&in_shape);
    let mut c = Chain {
        consts,
        pool: Pool::new(),
        seq: Seq::new(),
        cur: input,
        flat: shape.len() == 2,
        shape,
    };
    let nodes: Vec<&NodeProto> = g.node.iter().filter(|n| n.op_type != "Constant").collect();
    let mut i = 0;
    while i < nodes.len() {
        i += layers::build(&mut c, &nodes[i..])?;
    }
    let out = g
        .output
        .first()
        .ok_or_else(|| fmt("the graph has no output"))?;
    if out.name != c.cur {
        return Err(fmt(&format!(
            "the graph's output {:?} is not the end of its chain of nodes",
            out.name
        )));
    }
    if c.seq.is_empty() {
        return Err(fmt("the graph computes nothing sn has a module for"));
    }
    let name = if g.name.is_empty() { name } else { &g.name };
    let cost = cost_for(&c)?;
    Ok(Net::new(name, c.pool, c.seq, cost, &in_shape))
}

fn fmt(msg: &str) -> OnnxError {
    OnnxError::Format {
        path: String::new(),
        msg: msg.to_string(),
    }
}

/// The graph's data input (the first input that is not a constant) and
/// its sample shape (fixed dims after the batch).
fn graph_input(
    g: &GraphProto,
    consts: &HashMap<&str, &TensorProto>,
) -> Result<(String, Vec<usize>)> {
    let v = g
        .input
        .iter()
        .find(|v| !consts.contains_key(v.name.as_str()))
        .ok_or_else(|| fmt("the graph has no data input"))?;
    let dims = v
        .r#type
        .as_ref()
        .and_then(|t| t.tensor_type.as_ref())
        .and_then(|t| t.shape.as_ref())
        .ok_or_else(|| fmt(&format!("input {:?} has no shape", v.name)))?;
    let mut s = Vec::new();
    for d in dims.dim.iter().skip(1) {
        match d.dim_value {
            Some(n) if n > 0 && n <= 1 << 28 => s.push(n as usize),
            _ => {
                return Err(fmt(&format!(
                    "input {:?}: sample dims must be fixed sizes",
                    v.name
                )))
            }
        }
    }
    if dims.dim.len() < 2 || s.len() > 3 {
        return Err(fmt(&format!(
            "input {:?}: rank {} (sn takes 2 to 4, batch first)",
            v.name,
            dims.dim.len()
        )));
    }
    Ok((v.name.clone(), s))
}

/// A cost fitting the network's head: the RBF energy after an RBF layer,
/// squared error to ±1 after the scaled tanh, else softmax cross-entropy.
fn cost_for(c: &Chain) -> Result<Box<dyn Cost>> {
    let classes = c.per();
    let last = c.seq.mods.last().map_or("", |m| m.kind());
    Ok(match last {
        "rbf" => Box::new(RbfCost::new(classes)),
        "stanh" => Box::new(SqErr::one_of_n(classes, 1.0)?),
        _ => Box::new(SoftmaxCe::new(classes)),
    })
}
