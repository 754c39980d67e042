//! Constructors: `new-state`, `new-param`, `new-full`, `new-conv`, ...,
//! `new-local`, `new-wrap`, `new-logsoftmax`, `new-seq`, `new-cost`, `new-net`, `idx-dataset`,
//! `array-dataset`, `new-trainer`.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use sn_modules::modules::{
    full_table, Act, ActKind, Conv, Full, Local, LogSoftmax, MaxPool, Pad, Rbf, Seq, Subsample,
    Wrap,
};
use sn_modules::{
    Cost, Dataset, DiagLm, Module, Net, Pool, RbfCost, Schedule, SoftmaxCe, SqErr, State,
    TrainConfig, Trainer,
};

use super::assemble::{check_net_shapes, check_seq_shapes, init_new};
use super::conv::{blame, blamed, dims_arg, finite, labels_of, reserve, values_of};
use super::live::LivePool;
use super::objects::{
    obj_arg, CostObj, DataObj, ModObj, Moved, NetObj, ParamObj, StateObj, TrainerObj,
};
use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Unwind, Value};

fn domain(msg: impl Into<String>) -> crate::lisp::Unwind {
    LispError::new(ErrorKind::Domain, msg).into()
}

fn module(m: Box<dyn Module>, pool: Rc<LivePool>) -> Value {
    Value::native(ModObj::new(m, pool))
}

fn param(a: &[Value], f: &str) -> Res<Rc<LivePool>> {
    Ok(obj_arg::<ParamObj>(a, 0, f, "a param (new-param)")?.pool())
}

/// Gives an error without a culprit the size arguments (all but the
/// first) as culprit.
fn blame_sizes(u: crate::lisp::Unwind, a: &[Value]) -> crate::lisp::Unwind {
    blamed(u, &Value::list(a.iter().skip(1).cloned().collect()))
}

fn with_pool<T>(p: &LivePool, f: impl FnOnce(&mut Pool) -> sn_modules::Result<T>) -> Res<T> {
    p.with_pool(|pool| f(pool).map_err(Unwind::from))
}

fn new_state(_it: &mut Interp, a: &[Value]) -> Res {
    let mut d = Vec::with_capacity(a.len());
    for i in 0..a.len() {
        d.push(args::usize(a, i, "new-state")?);
    }
    let n = d.iter().try_fold(1usize, |p, &x| p.checked_mul(x));
    if n.is_none_or(|n| n > State::MAX) {
        return Err(LispError::new(
            ErrorKind::Memory,
            format!("new-state: {d:?} holds more than 2^28 elements"),
        )
        .culprit(Value::list(a.to_vec()))
        .into());
    }
    let s = State::new(&d).map_err(|e| blamed(Unwind::from(e), &Value::list(a.to_vec())))?;
    Ok(Value::native(StateObj::new(s)))
}

fn new_param(_it: &mut Interp, _a: &[Value]) -> Res {
    Ok(Value::native(ParamObj::new()))
}

/// A new trainable module, initialised from the global generator.
fn trained(it: &mut Interp, mut m: Box<dyn Module>, p: Rc<LivePool>) -> Res {
    init_new(it, m.as_mut(), &p)?;
    Ok(module(m, p))
}

fn new_full(it: &mut Interp, a: &[Value]) -> Res {
    let p = param(a, "new-full")?;
    let (nin, nout) = (
        args::usize(a, 1, "new-full")?,
        args::usize(a, 2, "new-full")?,
    );
    let m = with_pool(&p, |pool| Full::new(pool, nin, nout)).map_err(|e| blame_sizes(e, a))?;
    trained(it, Box::new(m), p)
}

fn table_arg(a: &[Value], i: usize, cin: usize, cout: usize) -> Res<Vec<(usize, usize)>> {
    if args::opt(a, i).is_none() {
        if cin.saturating_mul(cout) > 1 << 24 {
            return Err(LispError::new(
                ErrorKind::Memory,
                format!("new-conv: {cin} x {cout} maps make more than 2^24 kernels"),
            )
            .culprit(Value::list(a[1..3].to_vec()))
            .into());
        }
        // the table's pairs, then the sorted copy Conv::new keeps
        reserve("new-conv", cin * cout * 8)?;
        return Ok(full_table(cin, cout));
    }
    let f = "new-conv";
    args::list(a, i, f)?
        .iter()
        .map(|e| match e.list_to_vec().as_deref() {
            Some([x, y]) => match (x.as_num(), y.as_num()) {
                (Some(x), Some(y))
                    if x >= 0.0 && y >= 0.0 && x.fract() == 0.0 && y.fract() == 0.0 =>
                {
                    Ok((x as usize, y as usize))
                }
                _ => Err(args::type_error(f, "(input output) pairs", e)),
            },
            _ => Err(args::type_error(f, "(input output) pairs", e)),
        })
        .collect()
}

fn new_conv(it: &mut Interp, a: &[Value]) -> Res {
    let f = "new-conv";
    let p = param(a, f)?;
    let (cin, cout) = (args::usize(a, 1, f)?, args::usize(a, 2, f)?);
    let (kh, kw) = (args::usize(a, 3, f)?, args::usize(a, 4, f)?);
    let stride = if args::opt(a, 5).is_some() {
        args::usize(a, 5, f)?
    } else {
        1
    };
    let table = table_arg(a, 6, cin, cout)?;
    let m = with_pool(&p, |pool| {
        Conv::new(pool, cin, cout, (kh, kw), stride, &table)
    })
    .map_err(|e| blame_sizes(e, a))?;
    trained(it, Box::new(m), p)
}

fn new_subsample(it: &mut Interp, a: &[Value]) -> Res {
    let p = param(a, "new-subsample")?;
    let (maps, s) = (
        args::usize(a, 1, "new-subsample")?,
        args::usize(a, 2, "new-subsample")?,
    );
    let m = with_pool(&p, |pool| Subsample::new(pool, maps, s)).map_err(|e| blame_sizes(e, a))?;
    trained(it, Box::new(m), p)
}

/// `(new-local param cin cout ih iw kh kw [stride])`.
fn new_local(it: &mut Interp, a: &[Value]) -> Res {
    let f = "new-local";
    let p = param(a, f)?;
    let mut n = [0usize; 6];
    for (k, v) in n.iter_mut().enumerate() {
        *v = args::usize(a, k + 1, f)?;
    }
    let stride = if args::opt(a, 7).is_some() {
        args::usize(a, 7, f)?
    } else {
        1
    };
    let [cin, cout, ih, iw, kh, kw] = n;
    let m = with_pool(&p, |pool| {
        Local::new(pool, cin, cout, (ih, iw), (kh, kw), stride)
    })
    .map_err(|e| blame_sizes(e, a))?;
    trained(it, Box::new(m), p)
}

/// `(new-wrap before [after])`.
fn new_wrap(_it: &mut Interp, a: &[Value]) -> Res {
    let before = args::usize(a, 0, "new-wrap")?;
    let after = if args::opt(a, 1).is_some() {
        args::usize(a, 1, "new-wrap")?
    } else {
        before
    };
    if before.max(after) > 4096 {
        return Err(
            LispError::new(ErrorKind::Domain, "new-wrap: padding above 4096")
                .culprit(Value::list(a.to_vec()))
                .into(),
        );
    }
    Ok(module(Box::new(Wrap::new(before, after)), no_pool()))
}

fn no_pool() -> Rc<LivePool> {
    LivePool::empty()
}

fn new_maxpool(_it: &mut Interp, a: &[Value]) -> Res {
    let (maps, s) = (
        args::usize(a, 0, "new-maxpool")?,
        args::usize(a, 1, "new-maxpool")?,
    );
    Ok(module(Box::new(MaxPool::new(maps, s)?), no_pool()))
}

fn new_stanh(_it: &mut Interp, _a: &[Value]) -> Res {
    Ok(module(Box::new(Act(ActKind::Stanh)), no_pool()))
}

fn new_tanh(_it: &mut Interp, _a: &[Value]) -> Res {
    Ok(module(Box::new(Act(ActKind::Tanh)), no_pool()))
}

fn new_logistic(_it: &mut Interp, _a: &[Value]) -> Res {
    Ok(module(Box::new(Act(ActKind::Logistic)), no_pool()))
}

fn new_relu(_it: &mut Interp, _a: &[Value]) -> Res {
    Ok(module(Box::new(Act(ActKind::Relu)), no_pool()))
}

fn new_logsoftmax(_it: &mut Interp, _a: &[Value]) -> Res {
    Ok(module(Box::new(LogSoftmax::new()), no_pool()))
}

fn new_rbf(_it: &mut Interp, a: &[Value]) -> Res {
    let (nin, classes) = (args::usize(a, 0, "new-rbf")?, args::usize(a, 1, "new-rbf")?);
    let seed = if args::opt(a, 2).is_some() {
        args::usize(a, 2, "new-rbf")? as u64
    } else {
        1998
    };
    let sizes = Value::list(a[..2].to_vec());
    let codes = Rbf::pm1_codes(nin, classes, seed).map_err(|e| blamed(Unwind::from(e), &sizes))?;
    let m = Rbf::new(nin, classes, codes).map_err(|e| blamed(Unwind::from(e), &sizes))?;
    Ok(module(Box::new(m), no_pool()))
}

fn new_pad(_it: &mut Interp, a: &[Value]) -> Res {
    let p = args::usize(a, 0, "new-pad")?;
    let v = if args::opt(a, 1).is_some() {
        args::num(a, 1, "new-pad")? as f32
    } else {
        0.0
    };
    Ok(module(Box::new(Pad::new(p, v)), no_pool()))
}

/// Moves the modules out of their objects into a sequence, after checking
/// that all can go (none is in use, moved already, or holds its
/// parameters in another param): a refused call moves nothing.
fn take_seq(a: &[Value], from: usize, pool: &Rc<LivePool>, f: &str) -> Res<Seq> {
    for i in from..a.len() {
        let m = args::native::<ModObj>(a, i, f)?;
        let slot = m.m.try_borrow().map_err(|_| domain("module in use"))?;
        if slot.kind() == "moved" {
            return Err(domain(format!(
                "{f}: module {} was already moved",
                i - from + 1
            )));
        }
        if slot.nparams() > 0 && !Rc::ptr_eq(&m.pool, pool) {
            return Err(domain(format!(
                "{f}: module {} has its parameters in another param",
                i - from + 1
            )));
        }
    }
    let mut s = Seq::new();
    for i in from..a.len() {
        let m = args::native::<ModObj>(a, i, f)?;
        let taken = match m.m.try_borrow_mut() {
            Ok(mut slot) if slot.kind() != "moved" => {
                Some(std::mem::replace(&mut *slot, Box::new(Moved)))
            }
            _ => None,
        };
        match taken {
            Some(t) => s.push(t),
            None => {
                // the same module twice
                give_back(s, a, from);
                return Err(domain(format!(
                    "{f}: module {} is given twice",
                    i - from + 1
                )));
            }
        }
    }
    Ok(s)
}

/// Puts the modules of a refused sequence back into their objects.
fn give_back(s: Seq, a: &[Value], from: usize) {
    for (i, m) in s.mods.into_iter().enumerate() {
        if let Ok(o) = args::native::<ModObj>(a, from + i, "new-seq") {
            if let Ok(mut slot) = o.m.try_borrow_mut() {
                *slot = m;
            }
        }
    }
}

fn new_seq(_it: &mut Interp, a: &[Value]) -> Res {
    let p = param(a, "new-seq")?;
    let s = take_seq(a, 1, &p, "new-seq")?;
    if let Err(e) = check_seq_shapes(&s, "new-seq") {
        give_back(s, a, 1);
        return Err(blamed(e, &Value::list(a[1..].to_vec())));
    }
    Ok(module(Box::new(s), p))
}

fn make_cost(kind: &str, classes: usize) -> Res<Box<dyn Cost>> {
    if classes == 0 {
        return Err(domain("new-cost: need at least one class"));
    }
    Ok(match kind {
        "rbf" => Box::new(RbfCost::new(classes)),
        "softmax-ce" | "ce" => Box::new(SoftmaxCe::new(classes)),
        "sqerr" | "mse" => Box::new(SqErr::one_of_n(classes, 1.0)?),
        _ => {
            return Err(domain(format!(
                "new-cost: unknown cost {kind} (rbf, softmax-ce, sqerr)"
            )))
        }
    })
}

fn new_cost(_it: &mut Interp, a: &[Value]) -> Res {
    let kind = args::name(a, 0, "new-cost")?;
    let classes = args::usize(a, 1, "new-cost")?;
    let known = ["rbf", "softmax-ce", "ce", "sqerr", "mse"].contains(&&*kind);
    let c = blame(make_cost(&kind, classes), &a[if known { 1 } else { 0 }])?;
    Ok(Value::native(CostObj(RefCell::new(c))))
}

/// `(new-net param seq cost in-dims [name])`: moves the param's pool and
/// the sequence in (the network keeps the pool's storage cells, so views
/// of `(==> param x)` made before show its weights; the param gets fresh
/// cells; modules made before on it and left out say so); the cost is copied, with
/// its kind and class count. The sequence's output for `in-dims` must be
/// what the cost reads (`[batch, width]`).
fn new_net(_it: &mut Interp, a: &[Value]) -> Res {
    let f = "new-net";
    let param = obj_arg::<ParamObj>(a, 0, f, "a param (new-param)")?;
    let p = param.pool();
    let seq = obj_arg::<ModObj>(a, 1, f, "a sequence (new-seq)")?;
    let cost = obj_arg::<CostObj>(a, 2, f, "a cost (new-cost)")?;
    let dims = dims_arg(a, 3, f)?;
    let name = if args::opt(a, 4).is_some() {
        args::name(a, 4, f)?.to_string()
    } else {
        "net".into()
    };
    if !Rc::ptr_eq(&seq.pool, &p) {
        return Err(LispError::new(
            ErrorKind::Domain,
            "new-net: the sequence's parameters are in another param",
        )
        .culprit(a[1].clone())
        .into());
    }
    if p.is_busy() {
        return Err(domain("param in use"));
    }
    let c = cost
        .0
        .try_borrow()
        .map_err(|_| domain("cost in use"))?
        .clone_box();
    let mut slot = seq
        .m
        .try_borrow_mut()
        .map_err(|_| domain("module in use"))?;
    check_net_shapes(slot.as_mut(), c.as_ref(), &dims)
        .map_err(|e| blamed(e, &Value::list(a[1..4].to_vec())))?;
    let seq_v = match slot.as_seq_mut() {
        Some(s) => std::mem::take(s),
        None => {
            return Err(
                LispError::new(ErrorKind::Type, "new-net: expected a sequence (new-seq)")
                    .culprit(a[1].clone())
                    .into(),
            )
        }
    };
    *slot = Box::new(Moved);
    // modules made from now on with this param go to fresh cells
    *param.pool.borrow_mut() = LivePool::empty();
    let net = Net::new(&name, Pool::new(), seq_v, c, &dims);
    Ok(Value::native(NetObj::with_pool(net, p)))
}

fn pad_opt(d: Dataset, a: &[Value], i: usize, f: &str) -> Res<Dataset> {
    match args::opt(a, i) {
        Some(_) => {
            let p = args::usize(a, i, f)?;
            if p > 64 {
                return Err(domain(format!("{f}: padding {p} too large")));
            }
            d.padded(p, -0.1)
                .map_err(|e| blamed(Unwind::from(e), &a[i]))
        }
        None => Ok(d),
    }
}

/// `(idx-dataset dir prefix [pad [n]])`: IDX files scaled to [-0.1, 1.175].
fn idx_dataset(_it: &mut Interp, a: &[Value]) -> Res {
    let f = "idx-dataset";
    let dir = args::string(a, 0, f)?;
    let prefix = args::name(a, 1, f)?;
    let mut d = sn_modules::data::load_idx_set(Path::new(dir), &prefix)?;
    if args::opt(a, 3).is_some() {
        d = d.head(args::usize(a, 3, f)?);
    }
    Ok(Value::native(DataObj(pad_opt(d, a, 2, f)?)))
}

/// `(array-dataset images labels [pad])`: images `[n, h, w]` (or `[n, c, h, w]`), labels `[n]`.
fn array_dataset(_it: &mut Interp, a: &[Value]) -> Res {
    let f = "array-dataset";
    let img = args::array(a, 0, f)?;
    let y = labels_of(a, 1, f)?;
    let d = img.dims();
    if d.first() == Some(&0) || d.iter().skip(1).any(|&x| x == 0) {
        return Err(
            LispError::new(ErrorKind::Shape, format!("{f}: images {d:?} hold no value"))
                .culprit(a[0].clone())
                .into(),
        );
    }
    let shape = match d.len() {
        3 => vec![1, d[1], d[2]],
        4 => vec![d[1], d[2], d[3]],
        _ => {
            return Err(LispError::new(
                ErrorKind::Shape,
                format!("{f}: images must be [n h w] or [n c h w], got dims {d:?}"),
            )
            .culprit(a[0].clone())
            .into())
        }
    };
    if d[0] != y.len() {
        return Err(LispError::shape(f, &[y.len()], &[d[0]])
            .culprit(a[1].clone())
            .into());
    }
    let classes = y.iter().max().map_or(0, |m| m + 1);
    let ds = Dataset {
        x: values_of(img, f)?,
        y,
        shape,
        classes,
    };
    if args::opt(a, 2).is_some() && ds.shape[0] != 1 {
        return Err(domain("array-dataset: padding needs one map per sample"));
    }
    Ok(Value::native(DataObj(pad_opt(ds, a, 2, f)?)))
}

/// `mu` (argument `i`), the damping of diagonal Levenberg-Marquardt:
/// `eps = 1/(mu + h)` with `h >= 0`, so it must be positive.
fn mu_arg(a: &[Value], i: usize, f: &str) -> Res<f32> {
    let mu = finite(a, i, f, "mu", 0.0)?;
    if mu <= 0.0 {
        return Err(LispError::new(
            ErrorKind::Domain,
            format!("{f}: mu (the damping in eps = 1/(mu + h)) must be positive, got {mu}"),
        )
        .culprit(a[i].clone())
        .into());
    }
    Ok(mu)
}

/// `(new-trainer 'paper [mu])` or `(new-trainer batch eta [momentum decay mu samples])`.
fn new_trainer(_it: &mut Interp, a: &[Value]) -> Res {
    let f = "new-trainer";
    let mut cfg = if matches!(a.first(), Some(Value::Sym(_)) | Some(Value::Str(_))) {
        match &*args::name(a, 0, f)? {
            "paper" => {
                let mut c = TrainConfig::lenet5_paper();
                if let (Some(_), Some(lm)) = (args::opt(a, 1), c.lm.as_mut()) {
                    lm.mu = mu_arg(a, 1, f)?;
                }
                c
            }
            other => {
                return Err(LispError::new(
                    ErrorKind::Domain,
                    format!("{f}: unknown recipe {other} (paper)"),
                )
                .culprit(a[0].clone())
                .into())
            }
        }
    } else {
        let batch = args::usize(a, 0, f)?;
        if batch == 0 {
            return Err(LispError::new(
                ErrorKind::Domain,
                format!("{f}: the batch size must be positive"),
            )
            .culprit(a[0].clone())
            .into());
        }
        args::num(a, 1, f)?;
        let mut c = TrainConfig::sgd(finite(a, 1, f, "eta", 0.0)?, batch);
        c.momentum = finite(a, 2, f, "momentum", 0.0)?;
        c.decay = finite(a, 3, f, "decay", 0.0)?;
        if args::opt(a, 4).is_some() {
            let samples = if args::opt(a, 5).is_some() {
                args::usize(a, 5, f)?
            } else {
                500
            };
            c.lm = Some(DiagLm {
                mu: mu_arg(a, 4, f)?,
                samples,
            });
        }
        c
    };
    if let Some(Value::Number(_)) = a.get(6) {
        cfg.schedule = Schedule::constant(finite(a, 6, f, "eta", 0.0)?);
    }
    Ok(Value::native(TrainerObj(RefCell::new(
        Trainer::new(cfg).map_err(|e| blamed(Unwind::from(e), &Value::list(a.to_vec())))?,
    ))))
}

/// Registers the constructors.
pub fn register(it: &mut Interp) {
    let defs: &[(&str, usize, Option<usize>, crate::lisp::value::SubrFn, &str)] = &[
        ("new-state", 0, Some(4), new_state, "(new-state d0 [d1 d2 d3]) a state (x, dx, ddx) of that shape, batch first"),
        ("new-param", 0, Some(0), new_param, "(new-param) an empty parameter pool; modules made with it put their parameters there"),
        ("new-full", 3, Some(3), new_full, "(new-full param nin nout) a full (linear) layer, initialised as PyTorch's Linear: weights and biases uniform in +-1/sqrt(nin), drawn from the global random generator ((seed n) first reproduces them; (==> m forget seed) redraws them)"),
        ("new-conv", 5, Some(7), new_conv, "(new-conv param cin cout kh kw [stride table]) a convolution; table is a list of (input output) map pairs (default: all); initialised as PyTorch's Conv2d: kernels and biases uniform in +-1/sqrt(fan-in), fan-in = kh x kw x the inputs of that output map, drawn from the global random generator ((seed n) first reproduces them)"),
        ("new-subsample", 3, Some(3), new_subsample, "(new-subsample param maps p) LeNet subsampling: p x p average times a trainable coefficient plus a bias, per map; initialised with coefficients in [0.8, 1.2] and biases in +-0.1, drawn from the global random generator"),
        ("new-local", 7, Some(8), new_local, "(new-local param cin cout ih iw kh kw [stride]) a locally connected layer on cin maps of ih x iw: windows of kh x kw stepped by stride (default 1) as a convolution's, but every output unit has its own kernel and bias (no sharing), as in LeCun's 1989 Net-3 and Net-4; initialised uniform in +-1/sqrt(cin x kh x kw) from the global random generator"),
        ("new-wrap", 1, Some(2), new_wrap, "(new-wrap before [after]) toric padding: adds before rows and columns at the top and left of each map and after (default before) at the bottom and right, copied from the opposite edges, so the windows that follow wrap around (SN2.8's toric connections: before 0, after = window - step)"),
        ("new-maxpool", 2, Some(2), new_maxpool, "(new-maxpool maps p) max pooling over p x p windows"),
        ("new-stanh", 0, Some(0), new_stanh, "(new-stanh) the scaled tanh 1.7159 tanh(2x/3)"),
        ("new-tanh", 0, Some(0), new_tanh, "(new-tanh) the plain tanh(x), as PyTorch's nn.Tanh and ONNX's Tanh"),
        ("new-logistic", 0, Some(0), new_logistic, "(new-logistic) the logistic function"),
        ("new-relu", 0, Some(0), new_relu, "(new-relu) max(x, 0)"),
        ("new-logsoftmax", 0, Some(0), new_logsoftmax, "(new-logsoftmax) log softmax over the maps at every position of a (batch maps h w) or (batch n) state: y = x - log sum over maps of exp x, max subtracted first; -y are the penalties of the classes for graph transformers. bbprop propagates the Gauss-Newton diagonal (1 - 2p) ddy + p^2 sum(ddy), p = exp y"),
        ("new-rbf", 2, Some(3), new_rbf, "(new-rbf nin classes [seed]) Euclidean RBF outputs with fixed +-1 prototypes"),
        ("new-pad", 1, Some(2), new_pad, "(new-pad p [value]) pads each map by p with value"),
        ("new-seq", 1, None, new_seq, "(new-seq param m1 m2 ...) the modules in sequence (they are moved in). Modules that no input can go through in that order (6 maps into a 4-map subsampling, 4 maps of any size into a full layer of 7 inputs) are refused with a shape error naming both, and stay where they were"),
        ("new-cost", 2, Some(2), new_cost, "(new-cost kind classes) kind: rbf (energy of the right class), softmax-ce, sqerr (+-1 targets)"),
        ("new-net", 4, Some(5), new_net, "(new-net param seq cost in-dims [name]) a network (param and seq are moved in, the param gets a fresh pool; the cost is copied). Checks the shapes at assembly: each module must take what the one before gives (the first takes in-dims), else a shape error names both modules and their shapes; the sequence's output must be what the cost reads"),
        ("idx-dataset", 2, Some(4), idx_dataset, "(idx-dataset dir prefix [pad n]) labelled images from dir/prefix-images-idx3-ubyte[.gz] and labels, scaled to [-0.1, 1.175], padded by pad, first n"),
        ("array-dataset", 2, Some(3), array_dataset, "(array-dataset images labels [pad]) a data set from arrays (copied)"),
        ("new-trainer", 1, Some(7), new_trainer, "(new-trainer 'paper) the 1998 recipe, or (new-trainer batch eta [momentum decay mu samples eta-constant]): SGD, diagonal LM when mu is given. eta multiplies the gradient of the cost averaged over the batch (as PyTorch's lr with a mean loss); with momentum m, v = m v - eta (g + decay w), w += v"),
    ];
    for (name, min, max, fun, doc) in defs {
        it.defn(name, *min, *max, *fun, doc);
    }
}
