//! Connection patterns (`local-*`, `mask-*`, `equal-mask-*`, `tdnn-*`,
//! biases, `mask-epsi`), initial weights and rates (`%forget`, `%epsi`),
//! weight files and optimal brain damage.

use std::path::Path;

use sn_units::{FanIn, Map, Net, Sharing, Window};

use crate::lisp::args;
use crate::lisp::{Interp, Res, Unwind, Value};

use super::{layer_of, update_counters, with_net, with_net_it};

fn connect_1d(
    it: &mut Interp,
    a: &[Value],
    name: &'static str,
    toric: bool,
    sharing: Sharing,
) -> Res {
    let l1 = layer_of(&a[0], name)?;
    let n1 = args::usize(a, 1, name)?;
    let l2 = layer_of(&a[2], name)?;
    let n2 = args::usize(a, 3, name)?;
    let step = args::usize(a, 4, name)?;
    let size = args::usize(a, 5, name)?;
    let w = Window {
        xstep: step,
        ystep: 1,
        xsize: size,
        ysize: 1,
        toric,
    };
    run_window(
        it,
        name,
        Map {
            units: &l1,
            lin: 1,
            col: n1,
        },
        Map {
            units: &l2,
            lin: 1,
            col: n2,
        },
        w,
        sharing,
    )
}

/// The arguments of a 2-D pattern: `l1 lin1 col1 l2 lin2 col2 xstep ystep
/// xsize ysize`, as the two layers with their sizes and the window.
fn args_2d(a: &[Value], name: &'static str, toric: bool) -> Res<(Layer2d, Layer2d, Window)> {
    let l1 = layer_of(&a[0], name)?;
    let (lin1, col1) = (args::usize(a, 1, name)?, args::usize(a, 2, name)?);
    let l2 = layer_of(&a[3], name)?;
    let (lin2, col2) = (args::usize(a, 4, name)?, args::usize(a, 5, name)?);
    let (xstep, ystep) = (args::usize(a, 6, name)?, args::usize(a, 7, name)?);
    let (xsize, ysize) = (args::usize(a, 8, name)?, args::usize(a, 9, name)?);
    let w = Window {
        xstep,
        ystep,
        xsize,
        ysize,
        toric,
    };
    Ok(((l1, lin1, col1), (l2, lin2, col2), w))
}

/// A layer's units with its rows and columns.
type Layer2d = (Vec<u32>, usize, usize);

fn map(l: &Layer2d) -> Map<'_> {
    Map {
        units: &l.0,
        lin: l.1,
        col: l.2,
    }
}

fn connect_2d(
    it: &mut Interp,
    a: &[Value],
    name: &'static str,
    toric: bool,
    sharing: Sharing,
) -> Res {
    let (l1, l2, w) = args_2d(a, name, toric)?;
    run_window(it, name, map(&l1), map(&l2), w, sharing)
}

/// `(mask-2d-reverse l2 lin2 col2 l1 lin1 col1 xstep ystep xsize ysize)`:
/// each unit of the small map `l2` feeds a window of `l1`, one shared
/// kernel.
fn mask_2d_reverse(it: &mut Interp, a: &[Value]) -> Res {
    let name = "mask-2d-reverse";
    let (small, big, w) = args_2d(a, name, false)?;
    let r = with_net(it, name, |n| {
        n.window_reverse_connect(name, map(&small), map(&big), w)
            .map_err(Unwind::from)
    });
    connected(it, r)
}

/// After a connection pattern: the net's counters, SN2.8's warning if
/// any, and `t`.
fn connected(it: &mut Interp, r: Res<Option<String>>) -> Res {
    update_counters(it);
    if let Some(msg) = r? {
        it.out(&format!("{msg}\n"));
    }
    Ok(Value::truth(true))
}

fn run_window(
    it: &mut Interp,
    name: &'static str,
    a: Map,
    b: Map,
    w: Window,
    sharing: Sharing,
) -> Res {
    let r = with_net(it, name, |n| {
        n.window_connect(name, a, b, w, sharing)
            .map_err(Unwind::from)
    });
    connected(it, r)
}

macro_rules! patterns {
    ($($f:ident, $name:expr, $dim:ident, $toric:expr, $share:expr;)*) => {
        $(fn $f(it: &mut Interp, a: &[Value]) -> Res { $dim(it, a, $name, $toric, $share) })*
    };
}

patterns! {
    local_1d, "local-1d-connect", connect_1d, false, Sharing::None;
    local_2d, "local-2d-connect", connect_2d, false, Sharing::None;
    local_toric, "local-toric-connect", connect_2d, true, Sharing::None;
    mask_1d, "mask-1d-connect", connect_1d, false, Sharing::Kernel;
    mask_2d, "mask-2d-connect", connect_2d, false, Sharing::Kernel;
    mask_toric, "mask-toric-connect", connect_2d, true, Sharing::Kernel;
    equal_1d, "equal-mask-1d-connect", connect_1d, false, Sharing::Single;
    equal_2d, "equal-mask-2d-connect", connect_2d, false, Sharing::Single;
    equal_toric, "equal-mask-toric-connect", connect_2d, true, Sharing::Single;
}

fn tdnn_connect(it: &mut Interp, a: &[Value]) -> Res {
    let f = "tdnn-connect";
    let l1 = layer_of(&a[0], f)?;
    let (nf1, nt1) = (args::usize(a, 1, f)?, args::usize(a, 2, f)?);
    let l2 = layer_of(&a[3], f)?;
    let (nf2, nt2) = (args::usize(a, 4, f)?, args::usize(a, 5, f)?);
    let (step, size) = (args::usize(a, 6, f)?, args::usize(a, 7, f)?);
    let r = with_net(it, f, |n| {
        n.tdnn_connect(&l1, nf1, nt1, &l2, nf2, nt2, step, size)
            .map_err(Unwind::from)
    });
    connected(it, r)
}

fn bias_common(it: &mut Interp, a: &[Value], f: &'static str) -> Res {
    let l = layer_of(&a[0], f)?;
    let r = with_net(it, f, |n| {
        match f {
            "bias-connect" => n.bias_connect(&l),
            "shared-bias-connect" => n.shared_bias_connect(&l),
            _ => {
                let nf = args::usize(a, 1, f)?;
                let nt = args::usize(a, 2, f)?;
                n.tdnn_bias_connect(&l, nf, nt)
            }
        }
        .map_err(Unwind::from)
    });
    update_counters(it);
    r.map(|_| Value::truth(true))
}

fn bias_connect(it: &mut Interp, a: &[Value]) -> Res {
    bias_common(it, a, "bias-connect")
}
fn shared_bias_connect(it: &mut Interp, a: &[Value]) -> Res {
    bias_common(it, a, "shared-bias-connect")
}
fn tdnn_bias_connect(it: &mut Interp, a: &[Value]) -> Res {
    bias_common(it, a, "tdnn-bias-connect")
}

fn mask_epsi(it: &mut Interp, a: &[Value]) -> Res {
    let s = args::num(a, 0, "mask-epsi")? as f32;
    with_net(it, "mask-epsi", |n| {
        n.mask_epsi(s);
        Ok(Value::Num(s as f64))
    })
}

fn fan_in(a: &[Value], i: usize, f: &str) -> Res<FanIn> {
    Ok(match args::int(a, i, f)? {
        0 => FanIn::Const,
        1 => FanIn::Inv,
        _ => FanIn::Sqrt,
    })
}

fn opt_layer(a: &[Value], i: usize, f: &str) -> Res<Option<Vec<u32>>> {
    args::opt(a, i).map(|v| layer_of(v, f)).transpose()
}

/// `(%forget x mode [layer])`: mode 0 = ±x, 1 = ±x/fanin, 2 = ±x/√fanin.
fn forget(it: &mut Interp, a: &[Value]) -> Res {
    let x = args::num(a, 0, "forget")?;
    let mode = fan_in(a, 1, "forget")?;
    let layer = opt_layer(a, 2, "forget")?;
    with_net_it(it, "forget", |n, it| {
        let rng = it.rng();
        n.forget(x, mode, layer.as_deref(), &mut || rng.uniform() as f32)?;
        Ok(Value::Num(x))
    })
}

/// `(%epsi x mode [layer])`: mode 0 = x, 1 = x/fanin, 2 = x/√fanin.
fn epsi(it: &mut Interp, a: &[Value]) -> Res {
    let x = args::num(a, 0, "epsi")?;
    let mode = fan_in(a, 1, "epsi")?;
    let layer = opt_layer(a, 2, "epsi")?;
    with_net(it, "epsi", |n| {
        n.epsi(x, mode, layer.as_deref())?;
        Ok(Value::Num(x as f32 as f64))
    })
}

/// A weight-file builtin: `(name file)` runs `op` on the net and `file`,
/// and returns the file name.
fn weight_file(
    it: &mut Interp,
    a: &[Value],
    name: &str,
    op: impl FnOnce(&mut Net, &Path) -> Result<(), sn_units::UnitsError>,
) -> Res {
    let file = args::string(a, 0, name)?.to_string();
    with_net(it, name, |n| op(n, Path::new(&file)).map_err(Unwind::from))?;
    Ok(Value::string(&file))
}

fn save_weights(it: &mut Interp, a: &[Value]) -> Res {
    weight_file(it, a, "save-net", |n, p| n.save_weight_matrix(p))
}

fn load_weights(it: &mut Interp, a: &[Value]) -> Res {
    super::wfiles::load_weights(it, a)
}

fn save_ascii(it: &mut Interp, a: &[Value]) -> Res {
    weight_file(it, a, "save-ascii-net", |n, p| n.save_ascii(p))
}

fn obd_prune(it: &mut Interp, a: &[Value]) -> Res {
    let f = args::num(a, 0, "obd-prune")? as f32;
    let r = with_net(it, "obd-prune", |n| Ok(Value::Num(n.obd_prune(f) as f64)));
    update_counters(it);
    r
}

fn saliencies(it: &mut Interp, _a: &[Value]) -> Res {
    with_net(it, "obd-saliencies", |n| {
        Ok(Value::list(
            n.saliencies().into_iter().map(Value::Num).collect(),
        ))
    })
}

use super::Def;

const DEFS: &[Def] = &[
    ("local-1d-connect", 6, Some(6), local_1d, "(local-1d-connect l1 n1 l2 n2 step size): each unit of l2 sees a window of l1"),
    ("local-2d-connect", 10, Some(10), local_2d, "(local-2d-connect l1 lin1 col1 l2 lin2 col2 xstep ystep xsize ysize): each unit of l2 sees a window of l1"),
    ("local-toric-connect", 10, Some(10), local_toric, "(local-toric-connect l1 lin1 col1 l2 lin2 col2 xstep ystep xsize ysize): windows wrap around the edges of l1"),
    ("mask-1d-connect", 6, Some(6), mask_1d, "(mask-1d-connect l1 n1 l2 n2 step size): one shared kernel (convolution)"),
    ("mask-2d-reverse", 10, Some(10), mask_2d_reverse, "(mask-2d-reverse l2 lin2 col2 l1 lin1 col1 xstep ystep xsize ysize): each unit of the lin2 x col2 map l2 feeds an xsize x ysize window of the lin1 x col1 map l1, windows stepped by xstep, ystep, one shared kernel (a transposed convolution); warns when the windows do not tile l1 exactly"),
    ("mask-2d-connect", 10, Some(10), mask_2d, "(mask-2d-connect l1 lin1 col1 l2 lin2 col2 xstep ystep xsize ysize): one shared kernel (convolution)"),
    ("mask-toric-connect", 10, Some(10), mask_toric, "(mask-toric-connect l1 lin1 col1 l2 lin2 col2 xstep ystep xsize ysize): one shared kernel, wrap-around edges"),
    ("equal-mask-1d-connect", 6, Some(6), equal_1d, "(equal-mask-1d-connect l1 n1 l2 n2 step size): one single weight for the whole kernel"),
    ("equal-mask-2d-connect", 10, Some(10), equal_2d, "(equal-mask-2d-connect l1 lin1 col1 l2 lin2 col2 xstep ystep xsize ysize): one single weight for the whole kernel"),
    ("equal-mask-toric-connect", 10, Some(10), equal_toric, "(equal-mask-toric-connect l1 lin1 col1 l2 lin2 col2 xstep ystep xsize ysize): one single weight, wrap-around edges"),
    ("tdnn-connect", 8, Some(8), tdnn_connect, "(tdnn-connect l1 nframes1 ntraits1 l2 nframes2 ntraits2 step size) time-delay connections shared along time"),
    ("bias-connect", 1, Some(1), bias_connect, "(bias-connect layer) each unit its own bias"),
    ("shared-bias-connect", 1, Some(1), shared_bias_connect, "(shared-bias-connect layer) one bias for the whole layer"),
    ("tdnn-bias-connect", 3, Some(3), tdnn_bias_connect, "(tdnn-bias-connect layer nframes ntraits) one bias per trait"),
    ("mask-epsi", 1, Some(1), mask_epsi, "(mask-epsi s) each weight's ε = s/√fanin/√(connections sharing it)"),
    ("%forget", 2, Some(3), forget, "(%forget x mode [layer]) uniform weights in ±x (mode 0), ±x/fanin (1), ±x/√fanin (2)"),
    ("%epsi", 2, Some(3), epsi, "(%epsi x mode [layer]) unit rates x (mode 0), x/fanin (1), x/√fanin (2)"),
    ("%save-weights", 1, Some(1), save_weights, "(%save-weights file) SN2.8's weight file (a Lush float vector of every weight), written atomically"),
    ("%load-weights", 1, Some(1), load_weights, "(%load-weights file) loads SN2.8 weight files (matrix or records) and sn's older SNW1 files; the net is untouched on error"),
    ("%save-ascii-weights", 1, Some(1), save_ascii, "(%save-ascii-weights file) `from to weight` lines"),
    ("%obd-prune", 1, Some(1), obd_prune, "(%obd-prune fraction) cuts the connections whose saliency shess·sval² is below the fraction quantile; returns how many"),
    ("obd-saliencies", 0, Some(0), saliencies, "(obd-saliencies) the saliency shess·sval² of every weight"),
];

pub fn register(it: &mut Interp) {
    for &(name, min, max, f, doc) in DEFS {
        it.defn(name, min, max, f, doc);
    }
}
