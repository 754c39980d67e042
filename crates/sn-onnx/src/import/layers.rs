//! The operators sn builds modules for, one node (or one pattern of
//! nodes) at a time.

use sn_modules::kernels::elem::{STANH_A, STANH_S};
use sn_modules::modules::{Act, ActKind, Conv, Full, LogSoftmax, MaxPool, Pad, Rbf, Subsample};
use sn_modules::{Module, Spec};

use super::{attr, attr_f, attr_i, attr_ints, op_err, Chain};
use crate::error::Result;
use crate::proto::NodeProto;

/// Builds the module(s) of the first node(s) of `nodes`; returns how many
/// nodes were used.
pub(crate) fn build(c: &mut Chain, nodes: &[&NodeProto]) -> Result<usize> {
    let n = nodes[0];
    let reads_cur = n.input.contains(&c.cur);
    if !reads_cur {
        return Err(op_err(
            n,
            &format!(
                "it does not read the previous node's output {:?} (sn imports chains of nodes)",
                c.cur
            ),
        ));
    }
    let used = match n.op_type.as_str() {
        "Identity" | "Dropout" => 1,
        "Flatten" => flatten(c, n, attr_i(n, "axis", 1) == 1)?,
        "Reshape" => reshape(c, n)?,
        "Gemm" => gemm(c, n)?,
        "MatMul" => matmul(c, n, nodes.get(1).copied())?,
        "Conv" => conv(c, n)?,
        "MaxPool" | "AveragePool" => pool(c, n)?,
        "Pad" => pad(c, n)?,
        "Mul" => stanh(c, nodes)?,
        "Tanh" => act(c, n, ActKind::Tanh)?,
        "Sigmoid" => act(c, n, ActKind::Logistic)?,
        "Relu" => act(c, n, ActKind::Relu)?,
        "LogSoftmax" => log_softmax(c, n)?,
        "ReduceSumSquare" => rbf(c, nodes)?,
        "Unsqueeze" => rbf_diff(c, nodes)?,
        _ => return Err(op_err(n, "sn has no module for this operator")),
    };
    if let Some(o) = nodes[used - 1].output.first() {
        c.cur = o.clone();
    }
    Ok(used)
}

fn act(c: &mut Chain, n: &NodeProto, k: ActKind) -> Result<usize> {
    c.push(n, Box::new(Act(k)))?;
    Ok(1)
}

/// `Flatten` with axis 1: nothing to compute in sn (full and rbf layers
/// read the flattened sample).
fn flatten(c: &mut Chain, n: &NodeProto, axis1: bool) -> Result<usize> {
    if !axis1 {
        return Err(op_err(n, "only axis 1 (one row per sample)"));
    }
    c.flat = true;
    Ok(1)
}

/// `Reshape` to `[batch, per-sample]`: a flattening.
fn reshape(c: &mut Chain, n: &NodeProto) -> Result<usize> {
    let t = c.constant(n, n.input.get(1).map_or("", |s| s))?;
    let s = crate::tensor::read_ints(t).map_err(|m| op_err(n, &m))?;
    let per = c.per() as i64;
    let ok = s.len() == 2
        && (s[0] == -1 || s[0] == 0 || s[0] >= 1)
        && (s[1] == per || (s[1] == -1 && s[0] != -1));
    flatten(c, n, ok)
}

/// Copies `v` into the pool at `r`.
fn fill(c: &mut Chain, r: std::ops::Range<usize>, v: &[f32]) {
    c.pool.x[r].copy_from_slice(v);
}

/// The bias of a layer of `nout` outputs from input `k` of `n` (zero when
/// absent; a scalar or `[1, nout]` is broadcast).
fn bias(c: &Chain, n: &NodeProto, k: usize, nout: usize, scale: f32) -> Result<Vec<f32>> {
    match n.input.get(k).filter(|s| !s.is_empty()) {
        None => Ok(vec![0.0; nout]),
        Some(name) => {
            let b = c.floats(n, name)?;
            match b.len() {
                1 => Ok(vec![b[0] * scale; nout]),
                l if l == nout => Ok(b.iter().map(|v| v * scale).collect()),
                l => Err(op_err(n, &format!("bias of {l} values for {nout} outputs"))),
            }
        }
    }
}

/// A full layer from weights `w` (`[nout × nin]`) and biases.
fn full(c: &mut Chain, n: &NodeProto, nin: usize, nout: usize, w: &[f32], b: &[f32]) -> Result<()> {
    if nin != c.per() {
        return Err(op_err(
            n,
            &format!(
                "{nin} inputs, but the previous value has {} per sample",
                c.per()
            ),
        ));
    }
    let m = Full::new(&mut c.pool, nin, nout)?;
    if let Some(Spec::Full { w: rw, b: rb, .. }) = m.spec() {
        fill(c, rw, w);
        fill(c, rb, b);
    }
    c.push(n, Box::new(m))
}

/// The `[k × m]` matrix `b` (row-major) transposed.
fn transpose(b: &[f32], k: usize, m: usize) -> Vec<f32> {
    (0..m)
        .flat_map(|j| (0..k).map(move |i| b[i * m + j]))
        .collect()
}

/// A 2-D constant's dims.
fn dims2(c: &Chain, n: &NodeProto, name: &str) -> Result<(usize, usize)> {
    let t = c.constant(n, name)?;
    match t.dims[..] {
        [a, b] if a > 0 && b > 0 => Ok((a as usize, b as usize)),
        _ => Err(op_err(n, &format!("{name:?} is not a matrix"))),
    }
}

/// `Gemm(x, B, C)` with alpha 1 (beta scales C): a full layer.
fn gemm(c: &mut Chain, n: &NodeProto) -> Result<usize> {
    if n.input.first() != Some(&c.cur)
        || attr_i(n, "transA", 0) != 0
        || attr_f(n, "alpha", 1.0) != 1.0
    {
        return Err(op_err(
            n,
            "only x·B + C (x first, not transposed, alpha 1); alpha −2 only in the RBF pattern",
        ));
    }
    let bn = n.input.get(1).map_or("", |s| s);
    let (r, k) = dims2(c, n, bn)?;
    let b = c.floats(n, bn)?;
    let (nin, nout, w) = if attr_i(n, "transB", 0) == 1 {
        (k, r, b)
    } else {
        (r, k, transpose(&b, r, k))
    };
    let bias = bias(c, n, 2, nout, attr_f(n, "beta", 1.0))?;
    full(c, n, nin, nout, &w, &bias)?;
    Ok(1)
}

/// `MatMul(x, B)`, with the following `Add` of a constant as its bias.
fn matmul(c: &mut Chain, n: &NodeProto, next: Option<&NodeProto>) -> Result<usize> {
    let bn = n
        .input
        .get(1)
        .filter(|_| n.input[0] == c.cur)
        .ok_or_else(|| op_err(n, "only x·B with B constant"))?;
    let (nin, nout) = dims2(c, n, bn)?;
    let w = transpose(&c.floats(n, bn)?, nin, nout);
    let out = n.output.first();
    let add = next.filter(|a| {
        a.op_type == "Add" && a.input.len() == 2 && a.input.iter().any(|i| Some(i) == out)
    });
    let (bias, used) = match add {
        Some(a) => {
            let other = a.input.iter().find(|i| Some(*i) != out).map_or("", |s| s);
            let b = c.floats(a, other)?;
            if b.len() != nout {
                return Err(op_err(
                    a,
                    &format!("a bias of {} values for {nout} outputs", b.len()),
                ));
            }
            (b, 2)
        }
        None => (vec![0.0; nout], 1),
    };
    full(c, n, nin, nout, &w, &bias)?;
    Ok(used)
}

/// Checks the attributes of a window operator: no padding, no dilation;
/// returns the kernel shape and the strides.
fn window(
    n: &NodeProto,
    kernel: Option<(usize, usize)>,
) -> Result<((usize, usize), (usize, usize))> {
    if attr_ints(n, "pads").iter().any(|&p| p != 0) {
        return Err(op_err(
            n,
            "padding inside the operator (sn pads with a Pad node)",
        ));
    }
    if attr_ints(n, "dilations").iter().any(|&d| d != 1) || attr_i(n, "ceil_mode", 0) != 0 {
        return Err(op_err(n, "dilations or ceil_mode"));
    }
    if let Some(a) = attr(n, "auto_pad") {
        if !matches!(&a.s[..], b"NOTSET" | b"VALID" | b"") {
            return Err(op_err(n, "auto_pad other than NOTSET or VALID"));
        }
    }
    let ks = attr_ints(n, "kernel_shape");
    let k = match (&ks[..], kernel) {
        ([h, w], _) if *h > 0 && *w > 0 => (*h as usize, *w as usize),
        ([], Some(k)) => k,
        _ => return Err(op_err(n, "a 2-D kernel_shape")),
    };
    let st = attr_ints(n, "strides");
    let s = match st[..] {
        [] => (1, 1),
        [h, w] if h > 0 && w > 0 => (h as usize, w as usize),
        _ => return Err(op_err(n, "2-D strides")),
    };
    Ok((k, s))
}

/// `MaxPool`, or `AveragePool` (a subsampling of coefficient 1, bias 0),
/// over `p×p` windows stepped by `p`.
fn pool(c: &mut Chain, n: &NodeProto) -> Result<usize> {
    let ((kh, kw), s) = window(n, None)?;
    if kh != kw || s != (kh, kw) || n.output.len() > 1 || c.shape.len() != 4 {
        return Err(op_err(
            n,
            "only square windows stepped by their size, on maps, with one output",
        ));
    }
    let maps = c.shape[1];
    if n.op_type == "MaxPool" {
        c.push(n, Box::new(MaxPool::new(maps, kh)?))?;
        return Ok(1);
    }
    let m = Subsample::new(&mut c.pool, maps, kh)?;
    if let Some(Spec::Subsample { coef, bias, .. }) = m.spec() {
        c.pool.x[coef].fill(1.0);
        c.pool.x[bias].fill(0.0);
    }
    c.push(n, Box::new(m))?;
    Ok(1)
}

/// `Pad` by the same `p` on both sides of both spatial dims, constant mode.
fn pad(c: &mut Chain, n: &NodeProto) -> Result<usize> {
    if attr(n, "mode").is_some_and(|a| a.s != b"constant") {
        return Err(op_err(n, "only constant padding"));
    }
    let pads = match n.input.get(1).filter(|s| !s.is_empty()) {
        Some(p) => crate::tensor::read_ints(c.constant(n, p)?).map_err(|m| op_err(n, &m))?,
        None => attr_ints(n, "pads"),
    };
    let value = match n.input.get(2).filter(|s| !s.is_empty()) {
        Some(v) => *c
            .floats(n, v)?
            .first()
            .ok_or_else(|| op_err(n, "empty constant_value"))?,
        None => attr_f(n, "value", 0.0),
    };
    let p = pads.get(2).copied().unwrap_or(-1);
    if pads.len() != 8 || pads != [0, 0, p, p, 0, 0, p, p] || p < 0 {
        return Err(op_err(
            n,
            &format!("pads {pads:?}: sn pads both spatial dims by the same width on every side"),
        ));
    }
    c.push(n, Box::new(Pad::new(p as usize, value)))?;
    Ok(1)
}

/// `LogSoftmax` over the maps (axis 1).
fn log_softmax(c: &mut Chain, n: &NodeProto) -> Result<usize> {
    let rank = if c.flat { 2 } else { c.shape.len() as i64 };
    let axis = attr_i(n, "axis", -1);
    let axis = if axis < 0 { axis + rank } else { axis };
    if axis != 1 || (c.flat && c.shape.len() > 2 && c.per() != c.shape[1]) {
        return Err(op_err(
            n,
            "only over axis 1 (the maps, or the values of a flat sample)",
        ));
    }
    c.push(n, Box::new(LogSoftmax::new()))?;
    Ok(1)
}

/// The scalar constant among the inputs of `n` that is not `x`.
fn scalar_operand(c: &Chain, n: &NodeProto, x: &str) -> Result<f32> {
    let other = n.input.iter().find(|i| *i != x).map_or("", |s| s);
    match c.floats(n, other)?[..] {
        [v] => Ok(v),
        _ => Err(op_err(n, "only a multiplication by a scalar constant")),
    }
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= 1e-6 * b.abs()
}

/// `Mul` by 2/3, `Tanh`, `Mul` by 1.7159: sn's scaled tanh.
fn stanh(c: &mut Chain, nodes: &[&NodeProto]) -> Result<usize> {
    let n = nodes[0];
    let s = scalar_operand(c, n, &c.cur)?;
    let out0 = n.output.first().map_or("", |s| s);
    let t = nodes
        .get(1)
        .filter(|t| t.op_type == "Tanh" && t.input.first().is_some_and(|i| i == out0));
    let out1 = t.and_then(|t| t.output.first()).map_or("", |s| s);
    let m = nodes
        .get(2)
        .filter(|m| m.op_type == "Mul" && m.input.iter().any(|i| i == out1));
    let (Some(_), Some(m)) = (t, m) else {
        return Err(op_err(
            n,
            "a Mul is read only as sn's scaled tanh: Mul by 2/3, Tanh, Mul by 1.7159",
        ));
    };
    let a = scalar_operand(c, m, out1)?;
    if !close(s, STANH_S) || !close(a, STANH_A) {
        return Err(op_err(
            n,
            &format!(
                "Mul {s}, Tanh, Mul {a}: sn's scaled tanh is Mul {STANH_S}, Tanh, Mul {STANH_A}"
            ),
        ));
    }
    c.push(n, Box::new(Act(ActKind::Stanh)))?;
    Ok(3)
}

/// `ReduceSumSquare(x)`, `Gemm(x, R, ‖r‖², alpha −2)`, `Add`: the RBF
/// layer `Σ_j (x_j − r_ij)²` with prototypes R.
fn rbf(c: &mut Chain, nodes: &[&NodeProto]) -> Result<usize> {
    let n = nodes[0];
    let bad = || {
        op_err(n, "read only as the RBF pattern ReduceSumSquare(x), Gemm(x, R, |r|², alpha -2, transB 1), Add")
    };
    let x = c.cur.clone();
    let xn = n.output.first().ok_or_else(bad)?;
    let g = nodes
        .get(1)
        .filter(|g| g.op_type == "Gemm" && g.input.first() == Some(&x))
        .ok_or_else(bad)?;
    let go = g.output.first().ok_or_else(bad)?;
    let a = nodes
        .get(2)
        .filter(|a| a.op_type == "Add" && a.input.contains(go) && a.input.contains(xn))
        .ok_or_else(bad)?;
    if attr_f(g, "alpha", 1.0) != -2.0
        || attr_i(g, "transB", 0) != 1
        || attr_i(g, "transA", 0) != 0
        || attr_f(g, "beta", 1.0) != 1.0
    {
        return Err(bad());
    }
    let rn = g.input.get(1).map_or("", |s| s);
    let (classes, nin) = dims2(c, g, rn)?;
    let protos = c.floats(g, rn)?;
    let norms = bias(c, g, 2, classes, 1.0)?;
    for (r, &nr) in protos.chunks_exact(nin).zip(&norms) {
        let want: f32 = r.iter().map(|v| v * v).sum();
        if (want - nr).abs() > 1e-4 * (1.0 + want.abs()) {
            return Err(op_err(
                g,
                &format!("C holds {nr} where the prototype's squared norm is {want}"),
            ));
        }
    }
    if nin != c.per() {
        return Err(op_err(
            g,
            &format!(
                "{nin} inputs, but the previous value has {} per sample",
                c.per()
            ),
        ));
    }
    let _ = a;
    c.push(g, Box::new(Rbf::new(nin, classes, protos)?))?;
    Ok(3)
}

/// `Unsqueeze(x, [1])`, `Sub(·, R)`, `ReduceSumSquare(axes [2],
/// keepdims 0)`: the RBF layer with prototypes R, as sn computes it.
fn rbf_diff(c: &mut Chain, nodes: &[&NodeProto]) -> Result<usize> {
    let n = nodes[0];
    let bad = || {
        op_err(n, "read only as the RBF pattern Unsqueeze(x, [1]), Sub(x, R), ReduceSumSquare(axes [2], keepdims 0)")
    };
    let axes = match n.input.get(1).filter(|s| !s.is_empty()) {
        Some(a) => crate::tensor::read_ints(c.constant(n, a)?).map_err(|m| op_err(n, &m))?,
        None => attr_ints(n, "axes"),
    };
    let uo = n.output.first().ok_or_else(bad)?;
    let sub = nodes
        .get(1)
        .filter(|s| s.op_type == "Sub" && s.input.first() == Some(uo))
        .ok_or_else(bad)?;
    let so = sub.output.first().ok_or_else(bad)?;
    let r = nodes
        .get(2)
        .filter(|r| r.op_type == "ReduceSumSquare" && r.input.first() == Some(so))
        .ok_or_else(bad)?;
    let raxes = attr_ints(r, "axes");
    if axes != [1]
        || !(raxes == [2] || raxes == [-1])
        || attr_i(r, "keepdims", 1) != 0
        || !c.flat && c.shape.len() != 2
    {
        return Err(bad());
    }
    let rn = sub.input.get(1).map_or("", |s| s);
    let (classes, nin) = dims2(c, sub, rn)?;
    let protos = c.floats(sub, rn)?;
    if nin != c.per() {
        return Err(op_err(
            sub,
            &format!(
                "{nin} inputs, but the previous value has {} per sample",
                c.per()
            ),
        ));
    }
    c.push(r, Box::new(Rbf::new(nin, classes, protos)?))?;
    Ok(3)
}

/// `Conv`: dense (a zero kernel is an absent table entry) or depthwise
/// with equal weights (a subsampling).
fn conv(c: &mut Chain, n: &NodeProto) -> Result<usize> {
    let wn = n
        .input
        .get(1)
        .filter(|_| n.input[0] == c.cur)
        .ok_or_else(|| op_err(n, "x first, W constant"))?;
    let t = c.constant(n, wn)?;
    let d: Vec<usize> = t.dims.iter().map(|&v| v.max(0) as usize).collect();
    let [cout, cin_g, kh, kw] = d[..] else {
        return Err(op_err(n, "only 2-D convolutions"));
    };
    let w = c.floats(n, wn)?;
    let (_, (sh, sw)) = window(n, Some((kh, kw)))?;
    if c.shape.len() != 4 || sh != sw {
        return Err(op_err(
            n,
            "on maps, with the same stride in both directions",
        ));
    }
    let cin = c.shape[1];
    let group = attr_i(n, "group", 1).max(1) as usize;
    let b = bias(c, n, 2, cout, 1.0)?;
    if group == 1 && cin_g == cin {
        return dense_conv(c, n, (cin, cout, kh, kw, sh), &w, &b);
    }
    if group == cin && cout == cin && cin_g == 1 && kh == kw && sh == kh {
        return depthwise(c, n, kh, &w, &b);
    }
    Err(op_err(n, &format!("group {group} with {cin} input maps: sn has dense convolutions and depthwise 2x2-style subsampling")))
}

fn dense_conv(
    c: &mut Chain,
    n: &NodeProto,
    g: (usize, usize, usize, usize, usize),
    w: &[f32],
    b: &[f32],
) -> Result<usize> {
    let (cin, cout, kh, kw, s) = g;
    let kk = kh * kw;
    let mut table = Vec::new();
    let mut kernels = Vec::new();
    for o in 0..cout {
        for i in 0..cin {
            let k = &w[(o * cin + i) * kk..][..kk];
            if k.iter().any(|&v| v != 0.0) {
                table.push((i, o));
                kernels.extend_from_slice(k);
            }
        }
    }
    let m = Conv::new(&mut c.pool, cin, cout, (kh, kw), s, &table)?;
    if let Some(Spec::Conv { w: rw, b: rb, .. }) = m.spec() {
        fill(c, rw, &kernels);
        fill(c, rb, b);
    }
    c.push(n, Box::new(m))?;
    Ok(1)
}

/// A depthwise `p×p` convolution stepped by `p` whose weights are equal
/// in each map: sn's subsampling with coefficient `p²·w`.
fn depthwise(c: &mut Chain, n: &NodeProto, p: usize, w: &[f32], b: &[f32]) -> Result<usize> {
    let maps = c.shape[1];
    let mut coefs = Vec::with_capacity(maps);
    for (m, k) in w.chunks_exact(p * p).enumerate() {
        if k.iter().any(|&v| v != k[0]) {
            return Err(op_err(n, &format!("depthwise kernel {m} has unequal weights (sn's subsampling has one coefficient per map)")));
        }
        coefs.push(k[0] * (p * p) as f32);
    }
    let m = Subsample::new(&mut c.pool, maps, p)?;
    if let Some(Spec::Subsample { coef, bias, .. }) = m.spec() {
        fill(c, coef, &coefs);
        fill(c, bias, b);
    }
    c.push(n, Box::new(m))?;
    Ok(1)
}
