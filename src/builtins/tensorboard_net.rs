//! What `train-net` logs to TensorBoard besides its scalars, while a log
//! folder is set: the run's settings as text when it starts, and after
//! each pass three pictures drawn by sn's picture code
//! (`sn_graphics::pictures`, as `save-weights`, `save-feature-maps` and
//! `save-confusion` draw them): the first layer's weights, the feature
//! maps of the first test sample, and the confusion matrix on the test
//! set. A picture that cannot be drawn (no layer with weights, states of
//! more than 3 dims) is left out.

use super::tensorboard::{log_canvas, log_text};
use crate::lisp::{Interp, Res};
use sn_graphics::pictures::{self as pic, MapLayer, TileOptions};
use sn_graphics::{Canvas, ColorMap};
use sn_modules::{Dataset, Module, Net, Trainer};

/// Tag of the settings text.
pub const SETTINGS: &str = "settings";
/// Tag of the first layer's weights.
pub const WEIGHTS: &str = "pictures/weights";
/// Tag of the feature maps of the first test sample.
pub const MAPS: &str = "pictures/feature_maps";
/// Tag of the confusion matrix on the test set.
pub const CONFUSION: &str = "pictures/confusion";

/// Largest zoom of a weight tile; tiles are zoomed to about 48 pixels.
const MAX_ZOOM: usize = 12;

/// The settings of a `train-net` run, as Markdown.
pub fn settings_text(
    n: &Net,
    t: &Trainer,
    (train, test): (&Dataset, &Dataset),
    epochs: usize,
) -> String {
    let c = &t.cfg;
    let sched = &c.schedule;
    let rates: Vec<String> = sched
        .0
        .iter()
        .map(|(p, e)| format!("{e} from pass {}", p + 1))
        .collect();
    let per = if sched.1 == 0 {
        "a pass is an epoch".to_string()
    } else {
        format!("a pass is {} samples", sched.1)
    };
    let lm = c.lm.map_or_else(
        || "none".to_string(),
        |l| format!("mu {} on {} samples", l.mu, l.samples),
    );
    let mods: Vec<String> = n
        .seq
        .mods
        .iter()
        .enumerate()
        .map(|(i, m)| format!("{}. {}", i + 1, m.describe()))
        .collect();
    let rows = [
        ("sn version", env!("CARGO_PKG_VERSION").to_string()),
        ("network", n.name.clone()),
        ("input", format!("{:?}", n.in_shape)),
        ("parameters", n.nparams().to_string()),
        ("learning rate", rates.join(", ")),
        ("schedule", per),
        ("batch", c.batch.to_string()),
        ("momentum", c.momentum.to_string()),
        ("weight decay", c.decay.to_string()),
        ("diagonal Levenberg-Marquardt", lm),
        ("seed", c.seed.to_string()),
        ("epochs", format!("{epochs} (from pass {})", t.epoch + 1)),
        ("training samples", train.len().to_string()),
        ("test samples", test.len().to_string()),
        ("classes", n.cost.classes().to_string()),
    ];
    let mut s = String::from("| setting | value |\n|---|---|\n");
    for (k, v) in rows {
        s.push_str(&format!("| {k} | {v} |\n"));
    }
    s.push_str("\nModules:\n\n");
    for m in mods {
        s.push_str(&format!("    {m}\n"));
    }
    s
}

/// Logs the settings at the pass the run starts from.
///
/// # Errors
/// The event file cannot be written.
pub fn log_settings(
    it: &mut Interp,
    n: &Net,
    t: &Trainer,
    sets: (&Dataset, &Dataset),
    epochs: usize,
) -> Res<()> {
    let text = settings_text(n, t, sets, epochs);
    log_text(
        it,
        SETTINGS,
        i64::try_from(t.epoch).unwrap_or(i64::MAX),
        &text,
    )
    .map(|_| ())
}

/// The first module with a kernel (searching nested sequences), its
/// index at the top level, and the kernel's values and dims.
fn first_kernel(n: &mut Net) -> Option<(usize, Vec<f32>, Vec<usize>)> {
    fn find(m: &mut dyn Module, pool: &[f32]) -> Option<(Vec<f32>, Vec<usize>)> {
        if let Some(b) = m.param_blocks().into_iter().find(|b| b.name == "kernel") {
            return Some((pool.get(b.range.clone())?.to_vec(), b.dims));
        }
        let seq = m.as_seq_mut()?;
        seq.mods.iter_mut().find_map(|m| find(m.as_mut(), pool))
    }
    let pool = &n.pool.x;
    n.seq
        .mods
        .iter_mut()
        .enumerate()
        .find_map(|(i, m)| find(m.as_mut(), pool).map(|(v, d)| (i, v, d)))
}

/// The picture of the first layer's weights: a convolution's kernels as
/// tiles; a full layer fed by the input as one tile per output unit in the
/// input's shape; any other as a matrix (outputs by inputs).
pub fn weights_picture(n: &mut Net) -> Option<Canvas> {
    let (at, data, mut dims) = first_kernel(n)?;
    let per: usize = n.in_shape.iter().product();
    if at == 0 && dims.len() == 2 && dims[1] == per {
        if let [.., h, w] = n.in_shape[..] {
            dims = vec![data.len() / (h * w), h, w];
        }
    }
    let h = dims[dims.len().saturating_sub(2)..]
        .first()
        .copied()
        .unwrap_or(1)
        .max(1);
    let opts = TileOptions {
        zoom: if dims.len() >= 3 {
            48usize.div_ceil(h).clamp(1, MAX_ZOOM)
        } else {
            2
        },
        ..TileOptions::default()
    };
    pic::weight_tiles(&data, &dims, &opts).ok()
}

/// The feature maps of test sample 0: the input, then each module's
/// output (named "k kind"), layers of more than 3 dims left out.
pub fn maps_picture(n: &mut Net, test: &Dataset) -> Res<Option<Canvas>> {
    if test.is_empty() {
        return Ok(None);
    }
    n.load_batch(test, &[0])?;
    n.fprop()?;
    let mut owned: Vec<(String, &[f32], &[usize])> =
        vec![("input".to_string(), &n.input.x[..], &n.input.dims[1..])];
    // states[k] is module k's output, the last module's is the net's
    let outs = n.seq.states.iter().take(n.seq.mods.len().saturating_sub(1));
    for (k, (m, s)) in n.seq.mods.iter().zip(outs.chain([&n.output])).enumerate() {
        let dims = s.dims.get(1..).unwrap_or(&[]);
        if (1..=3).contains(&dims.len()) && !s.x.is_empty() {
            owned.push((format!("{} {}", k + 1, m.kind()), &s.x[..], dims));
        }
    }
    let layers: Vec<MapLayer> = owned
        .iter()
        .map(|(name, data, dims)| MapLayer { name, data, dims })
        .collect();
    Ok(pic::feature_maps(&layers, ColorMap::Gray).ok())
}

/// The confusion matrix `conf` (`k` x `k` counts) with the test error.
pub fn confusion_picture(conf: &[u64], k: usize, error_pct: f64) -> Option<Canvas> {
    let counts: Vec<f32> = conf.iter().map(|&c| c as f32).collect();
    let title = format!("test set: {error_pct:.2}% errors");
    pic::confusion_matrix(&counts, &[k, k], &[], &title).ok()
}

/// Logs the three pictures of pass `pass`: the weights, the feature maps
/// (one forward pass of one sample) and the confusion matrix `conf`.
///
/// # Errors
/// The forward pass fails or the event file cannot be written.
pub fn log_pictures(
    it: &mut Interp,
    n: &mut Net,
    test: &Dataset,
    (conf, k, error_pct): (&[u64], usize, f64),
    pass: i64,
) -> Res<()> {
    if let Some(c) = weights_picture(n) {
        log_canvas(it, WEIGHTS, pass, &c)?;
    }
    if let Some(c) = maps_picture(n, test)? {
        log_canvas(it, MAPS, pass, &c)?;
    }
    if let Some(c) = confusion_picture(conf, k, error_pct) {
        log_canvas(it, CONFUSION, pass, &c)?;
    }
    Ok(())
}
