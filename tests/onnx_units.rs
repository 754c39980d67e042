//! ONNX export of units-level (SN2.8) networks, `save-onnx-units`,
//! checked by an independent runtime (tract): the XOR net of
//! examples/xor.sn after training, LeCun's 1989 Net-5 (shared 3x3 and 5x5
//! kernels wrapping around their maps, as examples/digits-1989.lsp builds
//! it) and a net with skip connections, mixed nlfs and outputs in another
//! order give on 50 inputs what sn's forward-prop gives, within 1e-4.
//! Nets that are not layered, and nlfs with no ONNX equivalent, are Lisp
//! errors naming the unit or the function, and write nothing.

mod common;

use std::path::Path;
use std::process::Command;

use tract_onnx::prelude::*;

/// The largest difference allowed between sn and the runtime.
const TOL: f32 = 1e-4;

/// A fresh temporary folder, removed when dropped.
fn tmp() -> common::TempDir {
    common::temp_dir("sn-onnx-units-")
}

/// Lisp that draws `n` inputs uniform in [-1.5, 1.5], saves the net as
/// FILE.onnx (the outputs `out`), runs `after`, then forward-prop on each
/// input, and saves inputs and outputs as FILE.in.idx and FILE.out.idx.
fn io_script(file: &Path, n: usize, out: &str, after: &str) -> String {
    let fill = format!(
        "(for (i 0 {}) (for (j 0 (1- nin)) (xs i j (rand -1.5 1.5))))",
        n - 1
    );
    io_script_with(file, n, out, after, &fill)
}

/// [`io_script`] with the inputs, the rows of `xs` (n × nin), made by `fill`.
fn io_script_with(file: &Path, n: usize, out: &str, after: &str, fill: &str) -> String {
    format!(
        "(let* ((f {f:?}) (nin (length input-layer)) (nout (length {out}))
                (xs (matrix {n} nin)) (ys (matrix {n} nout)))
           {fill}
           (save-onnx-units (concat f \".onnx\") input-layer {out})
           {after}
           (for (i 0 {m})
             (get-pattern xs i input-layer)
             (forward-prop net-struc)
             (let ((j 0)) (each ((u {out})) (ys i j (nval u)) (incr j))))
           (save-matrix xs (concat f \".in.idx\") 'idx-float)
           (save-matrix ys (concat f \".out.idx\") 'idx-float))",
        f = file.to_str().expect("utf8"),
        m = n - 1,
    )
}

/// Runs sn on `script` with netenv loaded; returns (success, stdout,
/// stderr).
fn run_sn(script: &str) -> (bool, String, String) {
    run_sn_in(&format!("(libload \"netenv\")\n{script}"), None)
}

/// Runs sn on `script` (in folder `dir`, with SN2.8's `lib/` as SN_PATH,
/// when given); returns (success, stdout, stderr).
fn run_sn_in(script: &str, dir: Option<(&Path, &Path)>) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sn"));
    if let Some((dir, lib)) = dir {
        cmd.current_dir(dir).env("SN_PATH", lib);
    }
    let out = cmd
        .args(["-e", script])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("sn runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn load_idx(p: &Path) -> (Vec<usize>, Vec<f32>) {
    let a = sn_array::io::load(p).expect("idx file sn wrote");
    (a.dims().to_vec(), a.to_vec())
}

/// The runtime's outputs for the ONNX file on inputs `x` of shape `dims`.
fn tract_outputs(file: &Path, dims: &[usize], x: &[f32]) -> (Vec<usize>, Vec<f32>) {
    let model = tract_onnx::onnx()
        .model_for_path(file)
        .expect("tract reads the model")
        .with_input_fact(0, InferenceFact::dt_shape(f32::datum_type(), dims))
        .expect("input fact")
        .into_optimized()
        .expect("tract optimises the model")
        .into_runnable()
        .expect("runnable");
    let t = Tensor::from_shape(dims, x).expect("tensor");
    let out = model.run(tvec!(t.into())).expect("tract runs the model");
    let y = out[0].to_plain_array_view::<f32>().expect("float output");
    (y.shape().to_vec(), y.iter().copied().collect())
}

/// Builds a net with `setup`, exports it with its outputs on 50 inputs,
/// runs the file in tract; returns the largest difference, the largest
/// output magnitude and the file's bytes (the files are removed).
fn compare(label: &str, setup: &str, out: &str, after: &str) -> (f32, f32, Vec<u8>) {
    let dir = tmp();
    let base = dir.join(label);
    let script = format!("{setup}\n{}", io_script(&base, 50, out, after));
    let (ok, _, err) = run_sn(&script);
    assert!(ok, "{label}: {err}");
    compare_files(label, &base)
}

/// Runs BASE.onnx in tract on BASE.in.idx and compares with BASE.out.idx;
/// as [`compare`].
fn compare_files(label: &str, base: &Path) -> (f32, f32, Vec<u8>) {
    let file = base.with_extension("onnx");
    let (xd, x) = load_idx(&base.with_extension("in.idx"));
    let (yd, y) = load_idx(&base.with_extension("out.idx"));
    let (td, ty) = tract_outputs(&file, &xd, &x);
    assert_eq!(td, yd, "{label}: output shapes");
    let diff = y
        .iter()
        .zip(&ty)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f32::max);
    let spread = y.iter().fold(0f32, |m, v| m.max(v.abs()));
    let bytes = std::fs::read(&file).expect("the ONNX file");
    for ext in ["onnx", "in.idx", "out.idx"] {
        let _ = std::fs::remove_file(base.with_extension(ext));
    }
    (diff, spread, bytes)
}

/// [`compare`], asserting a difference within [`TOL`] on outputs not all
/// near zero.
fn check(label: &str, setup: &str, out: &str) -> Vec<u8> {
    assert_close(label, compare(label, setup, out, ""))
}

/// Asserts a difference within [`TOL`] on outputs not all near zero.
fn assert_close(label: &str, (diff, spread, bytes): (f32, f32, Vec<u8>)) -> Vec<u8> {
    println!("{label}: 50 inputs, max |sn - tract| = {diff:e} (max |y| {spread})");
    assert!(spread > 0.01, "{label}: outputs not all near zero");
    assert!(diff <= TOL, "{label}: max abs difference {diff} > {TOL}");
    bytes
}

const XOR: &str = "(alloc-net 10 20) (seed 7)
  (build-net '((input 2) (hidden 2) (output 1)) '((input hidden) (hidden output)))
  (setq pattern-matrix (matrix 4 2) desired-matrix (matrix 4 1))
  (for (i 0 3)
    (let ((a (if (>= i 2) 1 -1)) (b (if (= (mod i 2) 1) 1 -1)))
      (pattern-matrix i 0 a) (pattern-matrix i 1 b) (desired-matrix i 0 (if (= a b) -1 1))))
  (ensemble 0 3) (set-class-quadrant) (forget 2) (epsi 0.3)
  (writing \"/dev/null\" (run 100 3))";

#[test]
fn xor_net_runs_the_same_in_tract() {
    check("xor", XOR, "output-layer");
}

/// Net-5 of 1989 as examples/digits-1989.lsp builds it: H1 two 8x8 maps of
/// shared 3x3 kernels, H2 four 4x4 maps of shared 5x5 kernels over both,
/// full to 10 outputs; a unit bias everywhere.
const NET5: &str = "(alloc-net 1000 10000) (seed 3)
  (setq input (newneurons 256) h1a (newneurons 64) h1b (newneurons 64) h1 (append h1a h1b))
  (each ((m (list h1a h1b))) (mask-toric-connect input 16 16 m 8 8 2 2 3 3) (bias-connect m))
  (setq h2 ())
  (repeat 4
    (let ((m (newneurons 16)))
      (mask-toric-connect h1a 8 8 m 4 4 2 2 5 5)
      (mask-toric-connect h1b 8 8 m 4 4 2 2 5 5)
      (bias-connect m)
      (setq h2 (append h2 m))))
  (setq output (newneurons 10))
  (connect h2 output) (bias-connect output)
  (define-net (mapcar list (list input h1 h2 output)))
  (forget-sqrt 1)
  (printf \"net-5: %d connections, %d weights\\n\" snum wnum)";

#[test]
fn net5_of_1989_with_shared_weights_runs_the_same_in_tract() {
    let (ok, said, err) = run_sn(NET5);
    assert!(ok, "{err}");
    assert!(said.contains("5194 connections, 1060 weights"), "{said}");
    let bytes = check("net5", NET5, "output-layer");
    // one layer per depth: a Gemm each, with the dense weights gathered
    // from the shared kernels (zero where there is no connection)
    let m = <sn_onnx::proto::ModelProto as prost::Message>::decode(&bytes[..]).expect("decode");
    let g = m.graph.expect("graph");
    let gemms: Vec<_> = g.node.iter().filter(|n| n.op_type == "Gemm").collect();
    assert_eq!(gemms.len(), 3, "H1, H2, output");
    let shapes: Vec<Vec<i64>> = ["L1_d1", "L2_d2", "L3_d3"]
        .iter()
        .map(|l| {
            let t = g
                .initializer
                .iter()
                .find(|t| t.name == format!("{l}.weight"));
            t.expect("weights").dims.clone()
        })
        .collect();
    assert_eq!(shapes, [vec![256, 128], vec![128, 64], vec![64, 10]]);
    let h1 = g
        .initializer
        .iter()
        .find(|t| t.name == "L1_d1.weight")
        .expect("H1");
    let w = sn_onnx::tensor::read_floats(h1).expect("floats");
    assert_eq!(
        w.iter().filter(|&&v| v != 0.0).count(),
        128 * 9,
        "3x3 windows"
    );
    assert_eq!(m.opset_import[0].version, 13);
}

#[test]
fn the_comparison_sees_a_changed_shared_weight() {
    // the file is written, then one kernel weight of H1 (shared by 64
    // connections) changes before sn computes its outputs
    let after = "(sval (car input) (car h1a) (+ 1 (sval (car input) (car h1a))))";
    let (diff, _, _) = compare("net5-changed", NET5, "output-layer", after);
    println!("net5 with one shared weight changed after export: max diff {diff:e}");
    assert!(diff > 10.0 * TOL, "{diff}");
}

/// Skip connections (the outputs read the input and two hidden layers of
/// different depths), one nlf per layer among those sn translates, and
/// the outputs asked in another order and with a hidden unit among them.
const MIXED: &str = "(alloc-net 40 200) (seed 5)
  (build-net '((input 3) (h1 4 (nlf-lin 0.5 1.5)) (h2 3 (nlf-tanh 0.8 0.1 1.2 0.05))
               (h3 3 (nlf-bin 1 0.2)) (output 4 (nlf-bell)))
             '((input h1) (h1 h2) (input h2) (h2 h3) (h3 output) (h1 output) (input output)))
  (forget 0.9)
  (setq out-mixed (append (reverse output-layer) (list (car h2))))";

#[test]
fn skip_connections_mixed_nlfs_and_reordered_outputs_run_the_same_in_tract() {
    check("mixed", MIXED, "out-mixed");
}

/// Runs `setup` then the export; asserts it fails with `expect` in the
/// message and writes nothing.
fn refused(label: &str, setup: &str, expect: &str) {
    let dir = tmp();
    let f = dir.join(format!("{label}.onnx"));
    let script = format!("{setup}\n(save-onnx-units {:?})", f.to_str().expect("utf8"));
    let (ok, _, err) = run_sn(&script);
    assert!(!ok, "{label}: the export should fail");
    assert!(err.contains(expect), "{label}: {err}");
    assert!(!f.exists(), "{label}: nothing written");
}

#[test]
fn nets_that_are_not_layered_are_errors_naming_the_unit() {
    // unit 5 (the output) feeds hidden unit 3 back
    refused(
        "cycle",
        &format!("{XOR} (connect 5 3)"),
        "save-onnx-units: unit 3: reads unit 5, which forward propagation computes in a later layer",
    );
    // a hidden unit reading its neighbour in the same layer
    refused(
        "lateral",
        &format!("{XOR} (connect 4 3)"),
        "unit 3: reads unit 4, which forward propagation computes in the same layer",
    );
    // a connection into the input layer
    refused(
        "into-input",
        &format!("{XOR} (connect 3 1)"),
        "unit 1: is an input unit with a connection from unit 3",
    );
    // a unit outside the layers (never computed) read by the output
    refused(
        "outside",
        &format!("{XOR} (setq extra (newneurons 1)) (connect extra output-layer)"),
        "unit 5: reads unit 7, which is neither an input unit nor computed by a layer",
    );
    // a forward-prop of the user's: what it computes is not known
    refused(
        "own-forward",
        &format!("{XOR} (de forward-prop (&optional ns) ())"),
        "save-onnx-units: forward-prop is not define-net's",
    );
}

#[test]
fn nlfs_without_onnx_equivalent_are_errors_naming_them() {
    let net = "(alloc-net 10 20) (seed 1)
      (build-net '((input 2) (hidden 2 (nlf-spline '(-1 0 1) '(-1 0.5 1))) (output 1))
                 '((input hidden) (hidden output)))";
    refused(
        "spline",
        net,
        "layer 1: the nlf nlf-f-spline has no ONNX equivalent",
    );
    let lisp = "(alloc-net 10 20)
      (build-net '((input 2) (hidden 2 (setq nlf (lambda (x) (* 2 x)))) (output 1))
                 '((input hidden) (hidden output)))";
    refused("lisp", lisp, "layer 1: its nlf is a Lisp function");
}

/// SN2.8's own 1989-style net, examples/bptool/NetMASK.sn made by its
/// `create-net` (two 8x8 maps of shared 3x3 kernels, four 4x4 maps of
/// shared kernels over both, shared biases per map, full to 10 outputs),
/// trained one pass on the first 320 digits of dig.pat as bptool's README
/// does, exported and run on the next 50 (the test digits). Skipped
/// without ../shared/sn28.
#[test]
fn sn28_bptool_netmask_runs_the_same_in_tract() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sn28");
    if !root.join("examples/bptool/NetMASK.sn").is_file() {
        eprintln!("skipped: {} is absent (SN2.8's examples)", root.display());
        return;
    }
    let dir = tmp();
    for f in ["NetMASK.sn", "dig.pat", "dig.des"] {
        std::fs::copy(root.join("examples/bptool").join(f), dir.join(f)).expect("copy");
    }
    let base = dir.join("netmask");
    let fill = "(for (i 0 49) (get-pattern pattern-matrix (+ 320 i) input-layer)
                  (let ((j 0)) (each ((u input-layer)) (xs i j (nval u)) (incr j))))";
    let script = format!(
        "(libload \"sn28/sn28ite\") (load \"NetMASK.sn\") (create-net)
         (load-patterns \"dig.pat\" \"dig.des\") (ensemble 0 319)
         (forget-sqrt 1) (mask-epsi 0.1) (writing \"/dev/null\" (learn 320))
         (printf \"netmask: %d units, %d connections, %d weights\\n\" nnum snum wnum)
         {}",
        io_script_with(&base, 50, "output-layer", "", fill)
    );
    let (ok, said, err) = run_sn_in(&script, Some((&dir, &root.join("lib"))));
    assert!(ok, "{err}");
    assert!(said.contains("469 units, 3146 connections"), "{said}");
    let bytes = assert_close("sn28 NetMASK", compare_files("netmask", &base));
    let m = <sn_onnx::proto::ModelProto as prost::Message>::decode(&bytes[..]).expect("decode");
    let g = m.graph.expect("graph");
    let concats = g.node.iter().filter(|n| n.op_type == "Concat").count();
    assert_eq!(
        concats, 2,
        "the prepro maps read both hidden maps, the output all four"
    );
}
