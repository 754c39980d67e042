//! ONNX files of module networks: `(==> net save-onnx path)`, `sn
//! --export-onnx OUT --net EXPR [--weights FILE]`, and `(load-onnx path)`.
//! The translation itself is the `sn-onnx` crate's.

use std::path::Path;

use sn_modules::Net;

use crate::lisp::args;
use crate::lisp::error::LispError;
use crate::lisp::{Res, Unwind, Value};

/// An ONNX error as a Lisp error of `f`; a file's error blames the path
/// argument (the others name their module or node).
fn blamed(f: &str, e: sn_onnx::OnnxError, path: &Value) -> Unwind {
    let of_file = matches!(
        e,
        sn_onnx::OnnxError::Io { .. } | sn_onnx::OnnxError::Format { .. }
    );
    let mut le = LispError::from(e);
    if !le.message.starts_with(f) {
        le.message = format!("{f}: {}", le.message);
    }
    if of_file {
        le = le.culprit(path.clone());
    }
    le.into()
}

/// `(==> net save-onnx path)`: writes the network as an ONNX model;
/// returns the path.
pub fn save_method(n: &Net, a: &[Value]) -> Res {
    let p = args::string(a, 0, "save-onnx")?;
    sn_onnx::save(n, Path::new(p)).map_err(|e| blamed("save-onnx", e, &a[0]))?;
    Ok(Value::string(p))
}

/// A Lisp string literal of `s`.
fn quoted(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    q
}

/// The Lisp program run by `sn --export-onnx OUT --net EXPR [--weights
/// FILE]`: makes the network with EXPR, loads FILE into it when given,
/// writes OUT and says so.
pub fn export_source(out: &str, net_expr: &str, weights: Option<&str>) -> String {
    let load = weights.map_or(String::new(), |w| format!("(==> net load {})", quoted(w)));
    format!(
        "(let ((net (progn {net_expr}\n)))\n  {load}\n  (==> net save-onnx {out})\n  \
         (printf \"%s: %d parameters written to %s\\n\" (==> net describe) (==> net nparams) {out}))",
        out = quoted(out)
    )
}

/// `(load-onnx path)`: the module network of an ONNX file.
fn load_onnx(_it: &mut crate::lisp::Interp, a: &[Value]) -> Res {
    let p = args::string(a, 0, "load-onnx")?;
    let net = sn_onnx::load(Path::new(p)).map_err(|e| blamed("load-onnx", e, &a[0]))?;
    Ok(Value::native(crate::builtins::modules::NetObj::new(net)))
}

/// Registers `load-onnx`.
pub fn register(it: &mut crate::lisp::Interp) {
    it.begin_family("onnx");
    it.defn(
        "load-onnx",
        1,
        Some(1),
        load_onnx,
        "(load-onnx path) the module network of an ONNX file (e.g. written by (==> net save-onnx path) or by \
         torch.onnx.export), its weights from the file's initializers. The graph must be a chain of Gemm, MatMul \
         (+ Add), Conv (zero kernels are absent table entries; a depthwise p x p conv stepped by p with equal \
         weights is a subsampling), MaxPool, AveragePool, Pad (constant), Mul 2/3 -> Tanh -> Mul 1.7159 (stanh), \
         Tanh, Sigmoid, Relu, LogSoftmax (axis 1), Flatten, Reshape, and the RBF patterns Unsqueeze, Sub, ReduceSumSquare \
         and ReduceSumSquare, Gemm (alpha -2), Add; the first other operator is an error naming it and its node. The cost: rbf after an RBF layer, \
         squared error to +-1 after stanh, else softmax cross-entropy.",
    );
}
