//! `%save-onnx-units`: the current units-level network as an ONNX model,
//! through `sn_onnx::units`. netenv's `save-onnx-units` calls it with the
//! input and output layers and the stages of `forward-prop`.

use std::path::Path;

use sn_onnx::units::Stage;
use sn_units::Nlf;

use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Value};

use super::nlf::{nlf_arg, NlfArg};
use super::{layer_of, with_net};

const NAME: &str = "save-onnx-units";

/// The stage `(units nlf)` at position `k` (0-based); a () function is
/// the default tanh, as for `update-state`.
fn stage_of(v: &Value, k: usize) -> Res<Stage> {
    let items = v
        .list_to_vec()
        .filter(|l| l.len() == 2)
        .ok_or_else(|| type_error(NAME, "a stage (units nlf)", v))?;
    let units = layer_of(&items[0], NAME)?;
    let nlf = if items[1].is_nil() {
        Nlf::default_tanh(0)
    } else {
        match nlf_arg(&items[1], NAME)? {
            NlfArg::Builtin(n) => n,
            NlfArg::Lisp(f) => {
                let msg = format!(
                    "{NAME}: layer {}: its nlf is a Lisp function, which has no ONNX equivalent",
                    k + 1
                );
                return Err(LispError::new(ErrorKind::Domain, msg).culprit(f).into());
            }
        }
    };
    Ok(Stage { units, nlf })
}

/// `(%save-onnx-units path input output stages)`.
fn save_onnx_units(it: &mut Interp, a: &[Value]) -> Res {
    let path = args::string(a, 0, NAME)?.to_string();
    let input = layer_of(&a[1], NAME)?;
    let output = layer_of(&a[2], NAME)?;
    let stages = a[3]
        .list_to_vec()
        .ok_or_else(|| type_error(NAME, "a list of stages", &a[3]))?
        .iter()
        .enumerate()
        .map(|(k, s)| stage_of(s, k))
        .collect::<Res<Vec<Stage>>>()?;
    if input.is_empty() || output.is_empty() {
        let msg = format!("{NAME}: the input and output layers must not be empty");
        return Err(LispError::new(ErrorKind::Domain, msg).into());
    }
    with_net(it, NAME, |n| {
        sn_onnx::units::save_units(n, &input, &output, &stages, Path::new(&path))?;
        Ok(())
    })?;
    Ok(Value::string(&path))
}

/// Registers `%save-onnx-units`.
pub fn register(it: &mut Interp) {
    it.defn(
        "%save-onnx-units",
        4,
        Some(4),
        save_onnx_units,
        "(%save-onnx-units path input output stages) writes the current net as an ONNX model (opset 13) \
         computing, from the input units (ONNX input \"input\" [batch, n]) to the output units (\"output\"), \
         what update-state computes for each stage (units nlf) in order; returns path. See save-onnx-units.",
    );
}
