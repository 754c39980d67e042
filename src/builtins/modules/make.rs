//! Constructors: `new-state`, `new-param`, `new-full`, `new-conv`, ...,
//! `new-seq`, `new-cost`, `new-net`, `lenet5`, `lenet1`, `idx-dataset`,
//! `array-dataset`, `new-trainer`.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use sn_modules::lenet::{self, Head};
use sn_modules::modules::{
    full_table, Act, ActKind, Conv, Full, MaxPool, Pad, Rbf, Seq, Subsample,
};
use sn_modules::{
    Cost, Dataset, DiagLm, Module, Net, Pool, RbfCost, Schedule, SoftmaxCe, SqErr, State,
    TrainConfig, Trainer,
};

use super::conv::{dims_arg, err, labels_of};
use super::objects::{CostObj, DataObj, ModObj, Moved, NetObj, ParamObj, StateObj, TrainerObj};
use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Value};

fn domain(msg: impl Into<String>) -> crate::lisp::Unwind {
    LispError::new(ErrorKind::Domain, msg).into()
}

fn module(m: Box<dyn Module>, pool: Rc<RefCell<Pool>>) -> Value {
    Value::native(ModObj {
        m: RefCell::new(m),
        pool,
    })
}

fn param(a: &[Value], f: &str) -> Res<Rc<RefCell<Pool>>> {
    Ok(args::native::<ParamObj>(a, 0, f)?.pool.clone())
}

fn with_pool<T>(
    p: &Rc<RefCell<Pool>>,
    f: impl FnOnce(&mut Pool) -> sn_modules::Result<T>,
) -> Res<T> {
    let mut pool = p.try_borrow_mut().map_err(|_| domain("param in use"))?;
    f(&mut pool).map_err(err)
}

fn new_state(_it: &mut Interp, a: &[Value]) -> Res {
    let mut d = Vec::with_capacity(a.len());
    for i in 0..a.len() {
        d.push(args::usize(a, i, "new-state")?);
    }
    if d.len() > 4 || d.iter().product::<usize>() > 1 << 28 {
        return Err(domain("new-state: at most 4 dimensions and 2^28 elements"));
    }
    Ok(Value::native(StateObj(RefCell::new(State::new(&d)))))
}

fn new_param(_it: &mut Interp, _a: &[Value]) -> Res {
    Ok(Value::native(ParamObj {
        pool: Rc::new(RefCell::new(Pool::new())),
        vel: RefCell::new(Vec::new()),
    }))
}

fn new_full(_it: &mut Interp, a: &[Value]) -> Res {
    let p = param(a, "new-full")?;
    let (nin, nout) = (
        args::usize(a, 1, "new-full")?,
        args::usize(a, 2, "new-full")?,
    );
    let m = with_pool(&p, |pool| Full::new(pool, nin, nout))?;
    Ok(module(Box::new(m), p))
}

fn table_arg(a: &[Value], i: usize, cin: usize, cout: usize) -> Res<Vec<(usize, usize)>> {
    if args::opt(a, i).is_none() {
        if cin.saturating_mul(cout) > 1 << 24 {
            return Err(domain("new-conv: too many maps"));
        }
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

fn new_conv(_it: &mut Interp, a: &[Value]) -> Res {
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
    })?;
    Ok(module(Box::new(m), p))
}

fn new_subsample(_it: &mut Interp, a: &[Value]) -> Res {
    let p = param(a, "new-subsample")?;
    let (maps, s) = (
        args::usize(a, 1, "new-subsample")?,
        args::usize(a, 2, "new-subsample")?,
    );
    let m = with_pool(&p, |pool| Subsample::new(pool, maps, s))?;
    Ok(module(Box::new(m), p))
}

fn no_pool() -> Rc<RefCell<Pool>> {
    Rc::new(RefCell::new(Pool::new()))
}

fn new_maxpool(_it: &mut Interp, a: &[Value]) -> Res {
    let (maps, s) = (
        args::usize(a, 0, "new-maxpool")?,
        args::usize(a, 1, "new-maxpool")?,
    );
    Ok(module(
        Box::new(MaxPool::new(maps, s).map_err(err)?),
        no_pool(),
    ))
}

fn new_stanh(_it: &mut Interp, _a: &[Value]) -> Res {
    Ok(module(Box::new(Act(ActKind::Stanh)), no_pool()))
}

fn new_logistic(_it: &mut Interp, _a: &[Value]) -> Res {
    Ok(module(Box::new(Act(ActKind::Logistic)), no_pool()))
}

fn new_relu(_it: &mut Interp, _a: &[Value]) -> Res {
    Ok(module(Box::new(Act(ActKind::Relu)), no_pool()))
}

fn new_rbf(_it: &mut Interp, a: &[Value]) -> Res {
    let (nin, classes) = (args::usize(a, 0, "new-rbf")?, args::usize(a, 1, "new-rbf")?);
    let seed = if args::opt(a, 2).is_some() {
        args::usize(a, 2, "new-rbf")? as u64
    } else {
        1998
    };
    let m = Rbf::new(nin, classes, Rbf::pm1_codes(nin, classes, seed)).map_err(err)?;
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

/// Moves the modules out of their objects into a sequence.
fn take_seq(a: &[Value], from: usize, pool: &Rc<RefCell<Pool>>, f: &str) -> Res<Seq> {
    let mut s = Seq::new();
    for i in from..a.len() {
        let m = args::native::<ModObj>(a, i, f)?;
        let np =
            m.m.try_borrow()
                .map_err(|_| domain("module in use"))?
                .nparams();
        if np > 0 && !Rc::ptr_eq(&m.pool, pool) {
            return Err(domain(format!(
                "{f}: module {} has its parameters in another param",
                i - from + 1
            )));
        }
    }
    for i in from..a.len() {
        let m = args::native::<ModObj>(a, i, f)?;
        let mut slot = m.m.try_borrow_mut().map_err(|_| domain("module in use"))?;
        if slot.kind() == "moved" {
            return Err(domain(format!(
                "{f}: module {} was already moved",
                i - from + 1
            )));
        }
        s.push(std::mem::replace(&mut *slot, Box::new(Moved)));
    }
    Ok(s)
}

fn new_seq(_it: &mut Interp, a: &[Value]) -> Res {
    let p = param(a, "new-seq")?;
    let s = take_seq(a, 1, &p, "new-seq")?;
    Ok(module(Box::new(s), p))
}

fn make_cost(kind: &str, classes: usize) -> Res<Box<dyn Cost>> {
    Ok(match kind {
        "rbf" => Box::new(RbfCost::new(classes)),
        "softmax-ce" | "ce" => Box::new(SoftmaxCe::new(classes)),
        "sqerr" | "mse" => Box::new(SqErr::one_of_n(classes, 1.0)),
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
    Ok(Value::native(CostObj(RefCell::new(make_cost(
        &kind, classes,
    )?))))
}

/// `(new-net param seq cost in-dims [name])`: moves param and seq in.
fn new_net(_it: &mut Interp, a: &[Value]) -> Res {
    let f = "new-net";
    let p = param(a, f)?;
    let seq = args::native::<ModObj>(a, 1, f)?;
    let cost = args::native::<CostObj>(a, 2, f)?;
    let dims = dims_arg(a, 3, f)?;
    let name = if args::opt(a, 4).is_some() {
        args::name(a, 4, f)?.to_string()
    } else {
        "net".into()
    };
    if !Rc::ptr_eq(&seq.pool, &p) {
        return Err(domain(
            "new-net: the sequence's parameters are in another param",
        ));
    }
    let mut slot = seq
        .m
        .try_borrow_mut()
        .map_err(|_| domain("module in use"))?;
    if slot.kind() != "seq" {
        return Err(domain("new-net: expected a sequence (new-seq)"));
    }
    let seq_v = match slot.as_seq_mut() {
        Some(s) => std::mem::take(s),
        None => return Err(domain("new-net: expected a sequence")),
    };
    *slot = Box::new(Moved);
    let pool = std::mem::take(&mut *p.try_borrow_mut().map_err(|_| domain("param in use"))?);
    let c = std::mem::replace(&mut *cost.0.borrow_mut(), make_cost("rbf", 1)?);
    let net = Net::new(&name, pool, seq_v, c, &dims);
    Ok(Value::native(NetObj(RefCell::new(net))))
}

fn lenet5_fn(_it: &mut Interp, a: &[Value]) -> Res {
    let seed = if args::opt(a, 0).is_some() {
        args::usize(a, 0, "lenet5")? as u64
    } else {
        1
    };
    let variant = if args::opt(a, 1).is_some() {
        args::name(a, 1, "lenet5")?.to_string()
    } else {
        "paper".into()
    };
    let net = match variant.as_str() {
        "paper" => lenet::lenet5(Head::Rbf, true, seed),
        "torch" => lenet::lenet5(Head::SoftmaxCe, false, seed),
        _ => {
            return Err(domain(format!(
                "lenet5: unknown variant {variant} (paper, torch)"
            )))
        }
    }
    .map_err(err)?;
    Ok(Value::native(NetObj(RefCell::new(net))))
}

fn lenet1_fn(_it: &mut Interp, a: &[Value]) -> Res {
    let seed = if args::opt(a, 0).is_some() {
        args::usize(a, 0, "lenet1")? as u64
    } else {
        1
    };
    Ok(Value::native(NetObj(RefCell::new(
        lenet::lenet1(seed).map_err(err)?,
    ))))
}

fn lenet5_table(_it: &mut Interp, _a: &[Value]) -> Res {
    let pairs = lenet::table_of(&lenet::LENET5_C3);
    Ok(Value::list(
        pairs
            .iter()
            .map(|&(i, o)| Value::list(vec![Value::Num(i as f64), Value::Num(o as f64)]))
            .collect(),
    ))
}

fn pad_opt(d: Dataset, a: &[Value], i: usize, f: &str) -> Res<Dataset> {
    match args::opt(a, i) {
        Some(_) => {
            let p = args::usize(a, i, f)?;
            if p > 64 {
                return Err(domain(format!("{f}: padding {p} too large")));
            }
            Ok(d.padded(p, -0.1))
        }
        None => Ok(d),
    }
}

/// `(idx-dataset dir prefix [pad [n]])`: IDX files scaled to [-0.1, 1.175].
fn idx_dataset(_it: &mut Interp, a: &[Value]) -> Res {
    let f = "idx-dataset";
    let dir = args::string(a, 0, f)?;
    let prefix = args::name(a, 1, f)?;
    let mut d = sn_modules::data::load_idx_set(Path::new(dir), &prefix).map_err(err)?;
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
    let shape = match d.len() {
        3 => vec![1, d[1], d[2]],
        4 => vec![d[1], d[2], d[3]],
        _ => return Err(LispError::shape(f, &[y.len(), 0, 0], d).into()),
    };
    if d[0] != y.len() {
        return Err(LispError::shape(f, &[y.len()], &[d[0]]).into());
    }
    let classes = y.iter().max().map_or(0, |m| m + 1);
    let ds = Dataset {
        x: img.to_vec(),
        y,
        shape,
        classes,
    };
    if args::opt(a, 2).is_some() && ds.shape[0] != 1 {
        return Err(domain("array-dataset: padding needs one map per sample"));
    }
    Ok(Value::native(DataObj(pad_opt(ds, a, 2, f)?)))
}

/// `(new-trainer 'paper [mu])` or `(new-trainer batch eta [momentum decay mu samples])`.
fn new_trainer(_it: &mut Interp, a: &[Value]) -> Res {
    let f = "new-trainer";
    let cfg = if matches!(a.first(), Some(Value::Sym(_)) | Some(Value::Str(_))) {
        match &*args::name(a, 0, f)? {
            "paper" => {
                let mut c = TrainConfig::lenet5_paper();
                if let (Some(_), Some(lm)) = (args::opt(a, 1), c.lm.as_mut()) {
                    let mu = args::num(a, 1, f)?;
                    if mu.is_nan() || mu <= 0.0 {
                        return Err(domain(format!("{f}: mu must be positive, got {mu}")));
                    }
                    lm.mu = mu as f32;
                }
                c
            }
            other => return Err(domain(format!("{f}: unknown recipe {other} (paper)"))),
        }
    } else {
        let num = |i: usize| -> Res<f32> {
            Ok(if args::opt(a, i).is_some() {
                args::num(a, i, f)? as f32
            } else {
                0.0
            })
        };
        let mut c = TrainConfig::sgd(args::num(a, 1, f)? as f32, args::usize(a, 0, f)?);
        c.momentum = num(2)?;
        c.decay = num(3)?;
        if args::opt(a, 4).is_some() {
            let samples = if args::opt(a, 5).is_some() {
                args::usize(a, 5, f)?
            } else {
                500
            };
            c.lm = Some(DiagLm {
                mu: num(4)?,
                samples,
            });
        }
        c
    };
    let mut cfg = cfg;
    if let Some(Value::Number(_)) = a.get(6) {
        cfg.schedule = Schedule::constant(args::num(a, 6, f)? as f32);
    }
    Ok(Value::native(TrainerObj(RefCell::new(
        Trainer::new(cfg).map_err(err)?,
    ))))
}

/// Registers the constructors.
pub fn register(it: &mut Interp) {
    let defs: &[(&str, usize, Option<usize>, crate::lisp::value::SubrFn, &str)] = &[
        ("new-state", 0, Some(4), new_state, "(new-state d0 [d1 d2 d3]) a state (x, dx, ddx) of that shape, batch first"),
        ("new-param", 0, Some(0), new_param, "(new-param) an empty parameter pool; modules made with it put their parameters there"),
        ("new-full", 3, Some(3), new_full, "(new-full param nin nout) a full (linear) layer"),
        ("new-conv", 5, Some(7), new_conv, "(new-conv param cin cout kh kw [stride table]) a convolution; table is a list of (input output) map pairs (default: all)"),
        ("new-subsample", 3, Some(3), new_subsample, "(new-subsample param maps p) LeNet subsampling: p x p sum times a trainable coefficient plus a bias, per map"),
        ("new-maxpool", 2, Some(2), new_maxpool, "(new-maxpool maps p) max pooling over p x p windows"),
        ("new-stanh", 0, Some(0), new_stanh, "(new-stanh) the scaled tanh 1.7159 tanh(2x/3)"),
        ("new-logistic", 0, Some(0), new_logistic, "(new-logistic) the logistic function"),
        ("new-relu", 0, Some(0), new_relu, "(new-relu) max(x, 0)"),
        ("new-rbf", 2, Some(3), new_rbf, "(new-rbf nin classes [seed]) Euclidean RBF outputs with fixed +-1 prototypes"),
        ("new-pad", 1, Some(2), new_pad, "(new-pad p [value]) pads each map by p with value"),
        ("new-seq", 1, None, new_seq, "(new-seq param m1 m2 ...) the modules in sequence (they are moved in)"),
        ("new-cost", 2, Some(2), new_cost, "(new-cost kind classes) kind: rbf (energy of the right class), softmax-ce, sqerr (+-1 targets)"),
        ("new-net", 4, Some(5), new_net, "(new-net param seq cost in-dims [name]) a network (param and seq are moved in)"),
        ("lenet5", 0, Some(2), lenet5_fn, "(lenet5 [seed variant]) LeNet-5 as in 1998 (variant paper: 60 000 parameters, 340 908 connections), or variant torch (full C3, softmax cross-entropy)"),
        ("lenet1", 0, Some(1), lenet1_fn, "(lenet1 [seed]) LeNet-1: 28x28 input, 2 578 parameters"),
        ("lenet5-c3-table", 0, Some(0), lenet5_table, "(lenet5-c3-table) LeNet-5's C3 connection table as (input output) pairs"),
        ("idx-dataset", 2, Some(4), idx_dataset, "(idx-dataset dir prefix [pad n]) labelled images from dir/prefix-images-idx3-ubyte[.gz] and labels, scaled to [-0.1, 1.175], padded by pad, first n"),
        ("array-dataset", 2, Some(3), array_dataset, "(array-dataset images labels [pad]) a data set from arrays (copied)"),
        ("new-trainer", 1, Some(7), new_trainer, "(new-trainer 'paper) the 1998 recipe, or (new-trainer batch eta [momentum decay mu samples eta-constant]): SGD, diagonal LM when mu is given"),
    ];
    for (name, min, max, fun, doc) in defs {
        it.defn(name, *min, *max, *fun, doc);
    }
}
