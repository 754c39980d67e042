//! ONNX export checked by an independent runtime (tract): LeNet-1, LeNet-5
//! (1998: connection table, subsampling, RBF output), MLPs and a net with
//! padding, max pooling, logistic, relu and log-softmax give the outputs
//! sn gives on 100 embedded digits, within 1e-4. Modules without an ONNX
//! equivalent are an error naming them; the Lisp method and the command
//! line write files the runtime reads.

mod common;

use std::path::{Path, PathBuf};

use prost::Message;
use sn_modules::lenet::{lenet1, lenet5, Head};
use sn_modules::modules::{Act, ActKind, Conv, Full, LogSoftmax, MaxPool, Pad, Seq, Wrap};
use sn_modules::{Dataset, Module, Net, Pool, SqErr, TrainConfig, Trainer};
use tract_onnx::prelude::*;

/// The largest difference allowed between sn and the runtime.
const TOL: f32 = 1e-4;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mnist")
}

/// The first `n` test digits (28×28), padded by `pad` (with the
/// background value) when asked.
fn digits(n: usize, pad: usize) -> Dataset {
    let d = sn_modules::data::load_idx_set(&data_dir(), "t10k")
        .expect("embedded digits")
        .head(n);
    if pad == 0 {
        d
    } else {
        d.padded(pad, -0.1).expect("padding")
    }
}

/// A few passes of SGD on 300 training digits, so that the exported
/// weights are trained ones.
fn train(net: &mut Net, pad: usize, eta: f32) {
    let d = sn_modules::data::load_idx_set(&data_dir(), "train")
        .expect("embedded digits")
        .head(300);
    let d = if pad == 0 {
        d
    } else {
        d.padded(pad, -0.1).expect("pad")
    };
    let mut t = Trainer::new(TrainConfig::sgd(eta, 1)).expect("trainer");
    t.train_epoch(net, &d).expect("training");
}

/// sn's outputs for the samples of `d`.
fn sn_outputs(net: &mut Net, d: &Dataset) -> (Vec<usize>, Vec<f32>) {
    net.set_input(&d.x, d.len()).expect("input");
    net.fprop().expect("fprop");
    (net.output.dims.clone(), net.output.x.clone())
}

/// The runtime's outputs for an ONNX file's bytes on the samples of `d`.
fn tract_outputs(bytes: &[u8], d: &Dataset) -> (Vec<usize>, Vec<f32>) {
    let mut dims = vec![d.len()];
    dims.extend_from_slice(&d.shape);
    let model = tract_onnx::onnx()
        .model_for_read(&mut std::io::Cursor::new(bytes))
        .expect("tract reads the model")
        .with_input_fact(0, InferenceFact::dt_shape(f32::datum_type(), &dims))
        .expect("input fact")
        .into_optimized()
        .expect("tract optimises the model")
        .into_runnable()
        .expect("runnable");
    let x = Tensor::from_shape(&dims, &d.x).expect("tensor");
    let out = model.run(tvec!(x.into())).expect("tract runs the model");
    let y = out[0].to_plain_array_view::<f32>().expect("float output");
    (y.shape().to_vec(), y.iter().copied().collect())
}

fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "as many outputs");
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

/// Exports `net`, runs the file with tract on `d` and compares; returns
/// the largest difference and the file's bytes.
fn check(label: &str, net: &mut Net, d: &Dataset) -> (f32, Vec<u8>) {
    let bytes = sn_onnx::model(net).expect("export").encode_to_vec();
    let (sd, sy) = sn_outputs(net, d);
    let (td, ty) = tract_outputs(&bytes, d);
    assert_eq!(sd, td, "{label}: output shapes");
    let diff = max_abs_diff(&sy, &ty);
    let spread = sy.iter().fold(0f32, |m, v| m.max(v.abs()));
    println!(
        "{label}: {} outputs, max |sn - tract| = {diff:e} (max |y| {spread})",
        sy.len()
    );
    assert!(spread > 0.01, "{label}: outputs not all near zero");
    assert!(diff <= TOL, "{label}: max abs difference {diff} > {TOL}");
    (diff, bytes)
}

#[test]
fn lenet1_runs_the_same_in_tract() {
    let mut net = lenet1(1).expect("lenet1");
    train(&mut net, 0, 0.01);
    check("lenet1", &mut net, &digits(100, 0));
}

#[test]
fn lenet5_with_table_and_rbf_runs_the_same_in_tract() {
    let mut net = lenet5(Head::Rbf, true, 1).expect("lenet5");
    train(&mut net, 2, 0.005);
    let (_, bytes) = check("lenet5", &mut net, &digits(100, 2));
    // the table's missing kernels are zero in the dense Conv
    let m = sn_onnx::proto::ModelProto::decode(&bytes[..]).expect("decode");
    let g = m.graph.expect("graph");
    let c3 = g
        .initializer
        .iter()
        .find(|t| t.name == "m5_conv.weight")
        .expect("C3 weights");
    assert_eq!(c3.dims, [16, 6, 5, 5]);
    let w = sn_onnx::tensor::read_floats(c3).expect("floats");
    let zero_kernels = w
        .chunks_exact(25)
        .filter(|k| k.iter().all(|&v| v == 0.0))
        .count();
    assert_eq!(zero_kernels, 96 - 60, "the 36 pairs outside Table I");
    assert_eq!(m.opset_import[0].version, 13);
    assert_eq!(g.input[0].name, "input");
    assert_eq!(g.output[0].name, "output");
}

#[test]
fn lenet5_rbf_as_gemm_expansion_runs_in_tract_and_imports_back() {
    let mut net = lenet5(Head::Rbf, true, 1).expect("lenet5");
    train(&mut net, 2, 0.005);
    let opts = sn_onnx::Options { rbf_as_gemm: true };
    let m = sn_onnx::model_with(&net, opts).expect("export");
    let ops: Vec<&str> = m
        .graph
        .as_ref()
        .expect("graph")
        .node
        .iter()
        .map(|n| n.op_type.as_str())
        .collect();
    assert_eq!(ops[ops.len() - 3..], ["ReduceSumSquare", "Gemm", "Add"]);
    let d = digits(100, 2);
    let (_, sy) = sn_outputs(&mut net, &d);
    let (_, ty) = tract_outputs(&m.encode_to_vec(), &d);
    let diff = max_abs_diff(&sy, &ty);
    let rel = diff / sy.iter().fold(0f32, |a, v| a.max(v.abs()));
    println!("lenet5 (RBF as Gemm expansion): max |sn - tract| = {diff:e}, {rel:e} of the largest output");
    // float32 cancellation in |x|² - 2x·r + |r|²: a few ulps of the distances
    assert!(rel <= 2e-6, "{rel}");
    let mut back = sn_onnx::net_of(&m, "g").expect("import");
    let (_, by) = sn_outputs(&mut back, &d);
    assert_eq!(
        max_abs_diff(&sy, &by),
        0.0,
        "the prototypes come back exactly"
    );
}

#[test]
fn lenet5_torch_variant_runs_the_same_in_tract() {
    let mut net = lenet5(Head::SoftmaxCe, false, 2).expect("lenet5");
    check("lenet5-torch", &mut net, &digits(100, 2));
}

/// 784 → 30 → 10 with the scaled tanh (my-first-net's MLP).
fn mlp() -> Net {
    let mut p = Pool::new();
    let mut s = Seq::new();
    s.push(Box::new(Full::new(&mut p, 784, 30).expect("full")));
    s.push(Box::new(Act(ActKind::Stanh)));
    s.push(Box::new(Full::new(&mut p, 30, 10).expect("full")));
    s.push(Box::new(Act(ActKind::Stanh)));
    let cost = Box::new(SqErr::one_of_n(10, 1.0).expect("cost"));
    let mut n = Net::new("mlp", p, s, cost, &[1, 28, 28]);
    n.forget(3).expect("forget");
    n
}

#[test]
fn mlp_runs_the_same_in_tract() {
    let mut net = mlp();
    train(&mut net, 0, 0.01);
    check("mlp", &mut net, &digits(100, 0));
}

/// Pad, a strided conv, max pooling, relu, logistic, a nested seq and a
/// log-softmax head.
fn pooled_net() -> Net {
    let mut p = Pool::new();
    let mut inner = Seq::new();
    inner.push(Box::new(MaxPool::new(5, 2).expect("maxpool")));
    inner.push(Box::new(Act(ActKind::Relu)));
    let mut s = Seq::new();
    s.push(Box::new(Pad::new(2, -0.1)));
    let t = sn_modules::modules::full_table(1, 5);
    s.push(Box::new(
        Conv::new(&mut p, 1, 5, (4, 3), 2, &t).expect("conv"),
    ));
    s.push(Box::new(inner));
    s.push(Box::new(Full::new(&mut p, 5 * 7 * 7, 20).expect("full")));
    s.push(Box::new(Act(ActKind::Logistic)));
    s.push(Box::new(Full::new(&mut p, 20, 10).expect("full")));
    s.push(Box::new(LogSoftmax::new()));
    let cost = Box::new(sn_modules::SoftmaxCe::new(10));
    let mut n = Net::new("pooled", p, s, cost, &[1, 28, 28]);
    n.forget(4).expect("forget");
    n
}

#[test]
fn pad_maxpool_relu_logistic_logsoftmax_run_the_same_in_tract() {
    let mut net = pooled_net();
    check("pooled", &mut net, &digits(100, 0));
}

#[test]
fn a_module_without_onnx_equivalent_is_named() {
    let mut p = Pool::new();
    let mut inner = Seq::new();
    inner.push(Box::new(Act(ActKind::Stanh)));
    inner.push(Box::new(Wrap::new(0, 1)));
    let mut s = Seq::new();
    s.push(Box::new(Act(ActKind::Stanh)));
    s.push(Box::new(inner));
    s.push(Box::new(Full::new(&mut p, 5 * 5, 3).expect("full")));
    let cost = Box::new(SqErr::one_of_n(3, 1.0).expect("cost"));
    let net = Net::new("wrapped", p, s, cost, &[1, 4, 4]);
    let e = sn_onnx::model(&net).expect_err("wrap has no ONNX equivalent");
    let msg = e.to_string();
    assert!(msg.contains("module 2.2 (wrap)"), "{msg}");
}

fn sn_bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sn"))
}

use std::process::Command;

/// A temporary folder of the test `test` (one per test), removed when
/// dropped.
fn tmp(test: &str) -> common::TempDir {
    common::temp_dir(&format!("sn-onnx-test-{test}-"))
}

#[test]
fn save_onnx_method_and_export_flag_write_what_tract_runs() {
    let dir = tmp("flag");
    let (f1, w, f2) = (dir.join("m.onnx"), dir.join("m.w"), dir.join("cli.onnx"));
    let script = format!(
        "(libload \"lenet\") (setq net (lenet1 7)) (==> net save {w:?}) \
         (print (==> net save-onnx {f1:?}))"
    );
    let out = sn_bin().args(["-e", &script]).output().expect("sn runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = sn_bin()
        .args(["--export-onnx", f2.to_str().expect("utf8"), "--net"])
        .arg("(progn (libload \"lenet\") (lenet1 99))")
        .args(["--weights", w.to_str().expect("utf8")])
        .output()
        .expect("sn runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("2578 parameters written to"), "{said}");
    // same weights (loaded over seed 99's): same file, and sn's Rust
    // LeNet-1 with the same seed gives what tract computes from it
    let (a, b) = (
        std::fs::read(&f1).expect("m.onnx"),
        std::fs::read(&f2).expect("cli.onnx"),
    );
    assert_eq!(a, b, "the method and the flag write the same model");
    let mut net = lenet1(7).expect("lenet1");
    let d = digits(20, 0);
    let (_, sy) = sn_outputs(&mut net, &d);
    let (_, ty) = tract_outputs(&a, &d);
    assert!(max_abs_diff(&sy, &ty) <= TOL);
}

#[test]
fn save_onnx_of_a_wrap_net_is_a_lisp_error() {
    let dir = tmp("wrap");
    let f = dir.join("bad.onnx");
    let script = format!(
        "(setq p (new-param)) \
         (setq net (new-net p (new-seq p (new-wrap 0 1) (new-full p 25 3)) (new-cost 'sqerr 3) '(1 4 4))) \
         (==> net save-onnx {f:?})"
    );
    let out = sn_bin().args(["-e", &script]).output().expect("sn runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("module 1 (wrap) has no ONNX equivalent"),
        "{err}"
    );
    assert!(!f.exists(), "nothing written");
}

// ------------------------------------------------------------------ import

/// Exports `net`, imports the model back and compares the two nets'
/// outputs on `d`; returns the largest difference.
fn round_trip(label: &str, net: &mut Net, d: &Dataset) -> f32 {
    let m = sn_onnx::model(net).expect("export");
    let bytes = m.encode_to_vec();
    let m = sn_onnx::proto::ModelProto::decode(&bytes[..]).expect("decode");
    let mut back = sn_onnx::net_of(&m, label).expect("import");
    assert_eq!(back.nparams(), net.nparams(), "{label}: parameters");
    let (sd, sy) = sn_outputs(net, d);
    let (bd, by) = sn_outputs(&mut back, d);
    assert_eq!(sd, bd, "{label}: output shapes");
    let diff = max_abs_diff(&sy, &by);
    println!(
        "{label}: export -> import, max |sn - imported| = {diff:e}; {}",
        back.seq.describe()
    );
    assert!(diff <= 1e-5, "{label}: {diff}");
    diff
}

#[test]
fn exported_nets_import_back_with_the_same_outputs() {
    let mut n1 = lenet1(5).expect("lenet1");
    train(&mut n1, 0, 0.01);
    round_trip("lenet1", &mut n1, &digits(100, 0));
    let mut n5 = lenet5(Head::Rbf, true, 5).expect("lenet5");
    train(&mut n5, 2, 0.005);
    round_trip("lenet5", &mut n5, &digits(100, 2));
    let mut m = mlp();
    round_trip("mlp", &mut m, &digits(100, 0));
    let mut p = pooled_net();
    round_trip("pooled", &mut p, &digits(100, 0));
    // the imported LeNet-5 has the paper's table back and its RBF head
    let bytes = sn_onnx::model(&n5).expect("export").encode_to_vec();
    let m = sn_onnx::proto::ModelProto::decode(&bytes[..]).expect("decode");
    let back = sn_onnx::net_of(&m, "x").expect("import");
    assert!(
        back.seq.describe().contains("60 kernels"),
        "{}",
        back.seq.describe()
    );
    assert_eq!(back.cost.kind(), n5.cost.kind());
}

/// A chain input → op → output, op of kind `op` named `node`.
fn one_node_model(op: &str, node: &str) -> sn_onnx::proto::ModelProto {
    use sn_onnx::proto::*;
    use sn_onnx::tensor::value_info;
    ModelProto {
        ir_version: 7,
        opset_import: vec![OperatorSetIdProto {
            domain: String::new(),
            version: 13,
        }],
        graph: Some(GraphProto {
            node: vec![NodeProto {
                input: vec!["input".into()],
                output: vec!["output".into()],
                name: node.into(),
                op_type: op.into(),
                ..Default::default()
            }],
            input: vec![value_info("input", &[3, 8])],
            output: vec![value_info("output", &[3, 8])],
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[test]
fn an_unsupported_operator_is_named_with_its_node() {
    let Err(e) = sn_onnx::net_of(&one_node_model("LSTM", "lstm_7"), "m") else {
        panic!("LSTM imported")
    };
    let msg = e.to_string();
    assert!(
        msg.contains("operator LSTM") && msg.contains("lstm_7"),
        "{msg}"
    );
    // a supported one builds
    let n = sn_onnx::net_of(&one_node_model("Relu", "r"), "m").expect("Relu");
    assert_eq!(n.seq.describe(), "seq [relu]");
}

#[test]
fn average_pool_imports_as_a_subsampling_and_agrees_with_tract() {
    use sn_onnx::tensor::{attr_ints, value_info};
    let mut m = one_node_model("AveragePool", "avg");
    let g = m.graph.as_mut().expect("graph");
    g.node[0].attribute = vec![
        attr_ints("kernel_shape", &[2, 2]),
        attr_ints("strides", &[2, 2]),
    ];
    g.input = vec![value_info("input", &[1, 28, 28])];
    g.output = vec![value_info("output", &[1, 14, 14])];
    let mut net = sn_onnx::net_of(&m, "avg").expect("import");
    assert_eq!(net.seq.describe(), "seq [subsample 1 maps, 2x2]");
    let d = digits(100, 0);
    let (_, sy) = sn_outputs(&mut net, &d);
    let (_, ty) = tract_outputs(&m.encode_to_vec(), &d);
    let diff = max_abs_diff(&sy, &ty);
    println!("AveragePool: max |sn - tract| = {diff:e}");
    assert!(diff <= 1e-6, "{diff}");
}

#[test]
fn load_onnx_in_lisp_and_its_errors() {
    let dir = tmp("load");
    let f = dir.join("rt.onnx");
    let mut n = lenet1(3).expect("lenet1");
    sn_onnx::save(&n, &f).expect("save");
    let d = digits(1, 0);
    let (_, y) = sn_outputs(&mut n, &d);
    let script = format!(
        "(setq net (load-onnx {f:?})) (setq x (==> (idx-dataset (concat sn-home \"/data/mnist\") \"t10k\" 0 1) sample 0)) \
         (setq y (==> net fprop x)) (for (i 0 9) (printf \"%.7f\\n\" (y i))) (print (==> net describe))"
    );
    let said = common::run_sn(&["-e", &script]);
    let ly: Vec<f32> = said
        .lines()
        .take(10)
        .map(|l| l.trim().parse().expect("a number"))
        .collect();
    assert!(max_abs_diff(&ly, &y) <= 1e-6, "{said}");
    // a truncated file and a file that is not protobuf: Lisp errors
    let bytes = std::fs::read(&f).expect("read");
    let cut = dir.join("cut.onnx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
    let junk = dir.join("junk.onnx");
    std::fs::write(&junk, b"\xff\xff\xff\xff not a model").expect("write");
    for (p, what) in [(&cut, "truncated"), (&junk, "junk")] {
        let script = format!("(load-onnx {p:?})");
        let out = sn_bin().args(["-e", &script]).output().expect("sn runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{what}: an error, not a crash: {err}"
        );
        assert!(err.contains("not an ONNX model"), "{what}: {err}");
    }
}

/// A LeNet-5 trained in PyTorch and written by `torch.onnx.export`
/// (tests/data/onnx, made by scripts/torch_lenet5_onnx.py) imports into sn
/// with PyTorch's test error, digit for digit, and PyTorch's outputs.
#[test]
fn a_lenet5_exported_by_pytorch_imports_with_its_test_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/onnx");
    let model = dir.join("torch-lenet5.onnx");
    let facts = std::fs::read_to_string(dir.join("torch-lenet5.json")).expect("facts");
    let torch_errors: usize = facts
        .split("\"test_errors\": ")
        .nth(1)
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|s| s.parse().ok())
        .expect("test_errors in the json");
    let raw = std::fs::read(dir.join("torch-lenet5.onnx.out100")).expect("outputs");
    let want: Vec<f32> = raw
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    assert_eq!(want.len(), 1000);
    let script = format!(
        "(setq net (load-onnx {model:?})) \
         (setq d (idx-dataset (concat sn-home \"/data/mnist\") \"t10k\" 2)) \
         (printf \"%d\\n\" (round (* (nth 2 (==> net test d)) (/ (==> d size) 100)))) \
         (for (i 0 99) (let ((y (==> net fprop (==> d sample i)))) \
           (for (j 0 9) (printf \"%.8g\\n\" (y j)))))"
    );
    let said = common::run_sn(&["-e", &script]);
    let mut lines = said.lines();
    let sn_errors: usize = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .expect("errors");
    let got: Vec<f32> = lines
        .take(1000)
        .map(|l| l.trim().parse().expect("a number"))
        .collect();
    assert_eq!(got.len(), 1000, "{said}");
    let diff = max_abs_diff(&got, &want);
    println!("PyTorch LeNet-5: {torch_errors} test errors in PyTorch, {sn_errors} in sn; max |sn - torch| = {diff:e}");
    assert_eq!(sn_errors, torch_errors);
    assert!(diff <= TOL, "{diff}");
}

/// `sn --export-onnx` with a net expression that fails, a value that is
/// no net, a weights file that is not there or an output folder that is
/// not there: a Lisp error naming the problem, exit status 1, no file.
#[test]
fn export_flag_bad_input_is_an_error_and_writes_nothing() {
    let dir = tmp("flagbad");
    let out = dir.join("x.onnx");
    let lenet = "(progn (libload \"lenet\") (lenet1))";
    let missing = dir.join("no.w");
    let cases: [(&str, &[&str], &str); 4] = [
        ("(car 1)", &[], "car: expected a list"),
        ("3", &[], "save-onnx"),
        (
            lenet,
            &["--weights", missing.to_str().expect("utf8")],
            "no.w",
        ),
        (lenet, &[], "no/such/dir"),
    ];
    for (i, (net, more, says)) in cases.iter().enumerate() {
        let target = if i == 3 {
            dir.join("no/such/dir/x.onnx")
        } else {
            out.clone()
        };
        let r = sn_bin()
            .args([
                "--export-onnx",
                target.to_str().expect("utf8"),
                "--net",
                net,
            ])
            .args(*more)
            .output()
            .expect("sn runs");
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(1), "case {i}: {err}");
        assert!(err.contains(says), "case {i}: {err}");
        assert!(!target.exists(), "case {i}: no file written");
    }
}
