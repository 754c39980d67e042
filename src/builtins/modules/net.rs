//! Networks and trainers as Lisp objects, and the built-in fast training
//! loop with its meter, checkpoints and resumption.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use sn_graphics::progress::{Mode, Progress};
use sn_modules::io::{self, Meta};
use sn_modules::{EpochReport, Net, Trainer};

use sn_array::Array;

use super::conv::{array_of, blamed, dims_list, values_of};
use super::live::{copy_into, Buf, LivePool};
use super::objects::{culprit_arg, obj_arg, DataObj, TrainerObj};
use crate::builtins::graphics::terminal::wants_bar;
use crate::builtins::tensorboard as tb;
use crate::builtins::tensorboard_net as tb_net;
use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Native, Res, Unwind, Value};

/// A network (modules, cost) and its pool's cells, which
/// `(==> net weights)` views share.
pub struct NetObj {
    net: RefCell<Net>,
    pool: Rc<LivePool>,
}

impl NetObj {
    /// A network object holding `net`'s pool in cells (moved, not copied).
    pub fn new(mut net: Net) -> NetObj {
        let pool = Rc::new(LivePool::from_pool(std::mem::take(&mut net.pool)));
        NetObj::with_pool(net, pool)
    }

    /// A network object whose pool is `pool` (`net.pool` is left empty:
    /// the buffers move in for each operation).
    pub fn with_pool(net: Net, pool: Rc<LivePool>) -> NetObj {
        pool.set_in_net();
        NetObj {
            net: RefCell::new(net),
            pool,
        }
    }

    /// The cells of the network's pool.
    pub fn live_pool(&self) -> &Rc<LivePool> {
        &self.pool
    }

    /// The network, for a name or a count that does not need its pool.
    pub fn net(&self) -> Res<std::cell::Ref<'_, Net>> {
        self.net.try_borrow().map_err(|_| busy())
    }

    /// Runs `f` on the network with its pool moved in for the call, and
    /// moved back after it (also on error). Refuses re-entrant use.
    pub fn with_net<R>(&self, f: impl FnOnce(&mut Net) -> Res<R>) -> Res<R> {
        let mut n = self.net.try_borrow_mut().map_err(|_| busy())?;
        self.pool.with_pool(|p| {
            std::mem::swap(&mut n.pool, p);
            let r = f(&mut n);
            std::mem::swap(&mut n.pool, p);
            r
        })
    }
}

/// The error of a network used while it is in use (re-entrant use).
fn busy() -> crate::lisp::Unwind {
    LispError::new(ErrorKind::Domain, "network in use").into()
}

/// The input array of `(==> net fprop x)` and its values, read out
/// first when it is a view of the network's own pool (whose buffers move
/// out during the call).
fn input_arg<'a>(net: &NetObj, a: &'a [Value], f: &str) -> Res<(&'a Array, Option<Vec<f32>>)> {
    let arr = args::array(a, 0, f)?;
    let own = match net.live_pool().holds(arr.storage()) {
        true => Some(values_of(arr, f)?),
        false => None,
    };
    Ok((arr, own))
}

/// Runs the network on an array of one sample (shape = input shape) or of
/// a batch (batch first), copied once into its input; returns the batch
/// size and whether it was a single sample.
fn net_fprop(n: &mut Net, arr: &Array, own: Option<&[f32]>, f: &str) -> Res<(usize, bool)> {
    let per: usize = n.in_shape.iter().product();
    let d = arr.dims();
    let single = d == n.in_shape.as_slice();
    let batch = if single {
        1
    } else {
        d.first().copied().unwrap_or(0)
    };
    if !single && (d.len() != n.in_shape.len() + 1 || &d[1..] != n.in_shape.as_slice()) {
        let mut want = vec![batch.max(1)];
        want.extend_from_slice(&n.in_shape);
        return Err(LispError::shape(&format!("{f} ({})", n.name), &want, d).into());
    }
    if batch == 0 || per == 0 {
        return Err(LispError::new(
            ErrorKind::Shape,
            format!("{f} ({}): no sample in an array of dims {d:?}", n.name),
        )
        .into());
    }
    let mut dims = vec![batch];
    dims.extend_from_slice(&n.in_shape);
    n.input.resize(&dims)?;
    match own {
        Some(v) => n.input.x.copy_from_slice(v),
        None => copy_into(arr, &mut n.input.x),
    }
    n.fprop()?;
    Ok((batch, single))
}

fn report_list(r: &EpochReport) -> Value {
    Value::list(vec![
        Value::Num(r.age as f64),
        Value::Num(r.cost),
        Value::Num(r.error_pct()),
        Value::Num(r.rate()),
    ])
}

impl Native for NetObj {
    fn type_name(&self) -> &'static str {
        "net"
    }
    fn methods(&self) -> &'static [crate::lisp::value::MethodDoc] {
        crate::builtins::methods::NET
    }
    fn repr(&self) -> String {
        match self.net() {
            Ok(n) => format!("::net<{}, {} parameters>", n.name, n.nparams()),
            Err(_) => "::net".to_string(),
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn send(&self, _it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
        let r = match method {
            "fprop" | "classify" => self.fprop(method, a),
            "weights" => {
                let n = self.live_pool().len();
                self.live_pool().view(Buf::X, 0..n, &[n])
            }
            "nparams" | "connections" | "describe" | "input-dims" | "set-par" | "forget"
            | "save" | "load" | "test" => self.with_net(|n| net_method(n, method, a)),
            "save-onnx" => self.with_net(|n| crate::builtins::onnx::save_method(n, a)),
            _ => return None,
        };
        Some(culprit_arg(r, a, method))
    }
}

impl NetObj {
    /// `(==> net fprop x)` (the output, a fresh array) and `(==> net
    /// classify x)`.
    fn fprop(&self, method: &str, a: &[Value]) -> Res {
        let (arr, own) = input_arg(self, a, method)?;
        self.with_net(|n| {
            let (b, single) = net_fprop(n, arr, own.as_deref(), method)?;
            if method == "fprop" {
                let d = &n.output.dims;
                return if single {
                    array_of(&d[1..], &n.output.x)
                } else {
                    array_of(&d[..], &n.output.x[..b * n.output.sample_len()])
                };
            }
            let mut c = Vec::with_capacity(b);
            for i in 0..b {
                c.push(Value::Num(n.cost.classify(&n.output, i)? as f64));
            }
            Ok(if single {
                c.into_iter().next().unwrap_or(Value::Nil)
            } else {
                Value::list(c)
            })
        })
    }
}

/// The methods of a network that run on it with its pool.
fn net_method(n: &mut Net, method: &str, a: &[Value]) -> Res {
    match method {
        "nparams" => Ok(Value::Num(n.nparams() as f64)),
        "connections" => n
            .connections()
            .map(|c| Value::Num(c as f64))
            .map_err(Unwind::from),
        "describe" => Ok(Value::string(&n.seq_describe())),
        "input-dims" => Ok(dims_list(&n.in_shape)),
        "set-par" => {
            n.par = a.first().is_some_and(|v| v.truthy());
            Ok(Value::Nil)
        }
        "forget" => args::int(a, 0, "forget").and_then(|s| {
            n.forget(s as u64)
                .map(|()| Value::Nil)
                .map_err(Unwind::from)
        }),
        "save" => args::string(a, 0, "save").and_then(|p| {
            io::save(Path::new(p), n, Meta::default())
                .map(|_| Value::Nil)
                .map_err(Unwind::from)
        }),
        "load" => args::string(a, 0, "load").and_then(|p| {
            io::load(Path::new(p), n)
                .map(|m| Value::list(vec![Value::Num(m.epoch as f64), Value::Num(m.age as f64)]))
                .map_err(Unwind::from)
        }),
        _ => obj_arg::<DataObj>(a, 0, "test", "a data set").and_then(|d| {
            Trainer::test(n, &d.0, 500)
                .map(|r| report_list(&r))
                .map_err(Unwind::from)
        }),
    }
}

trait Describe {
    fn seq_describe(&self) -> String;
}

impl Describe for Net {
    fn seq_describe(&self) -> String {
        use sn_modules::Module;
        format!(
            "{}: {} | cost {}",
            self.name,
            self.seq.describe(),
            self.cost.kind()
        )
    }
}

impl Native for TrainerObj {
    fn type_name(&self) -> &'static str {
        "trainer"
    }
    fn methods(&self) -> &'static [crate::lisp::value::MethodDoc] {
        crate::builtins::methods::TRAINER
    }
    fn repr(&self) -> String {
        match self.0.try_borrow() {
            Ok(t) => format!(
                "::trainer<batch {}, epoch {}, age {}>",
                t.cfg.batch, t.epoch, t.age
            ),
            Err(_) => "::trainer".to_string(),
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn send(&self, _it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
        let r = match method {
            "age" => self
                .0
                .try_borrow()
                .map(|t| Value::Num(t.age as f64))
                .map_err(|_| busy()),
            "epoch" => self
                .0
                .try_borrow()
                .map(|t| Value::Num(t.epoch as f64))
                .map_err(|_| busy()),
            "set-schedule" => set_schedule(&self.0, a),
            "train-epoch" => (|| {
                let net = obj_arg::<NetObj>(a, 0, "train-epoch", "a network")?;
                let data = obj_arg::<DataObj>(a, 1, "train-epoch", "a data set")?;
                let mut t = self.0.try_borrow_mut().map_err(|_| busy())?;
                net.with_net(|n| {
                    t.train_epoch(n, &data.0)
                        .map(|r| report_list(&r))
                        .map_err(Unwind::from)
                })
            })(),
            _ => return None,
        };
        Some(culprit_arg(r, a, method))
    }
}

/// Checks, before any training, that a checkpoint can be written at `p`:
/// its folder exists and `p` is not a folder.
fn check_checkpoint_path(p: &str, culprit: &Value) -> Res<()> {
    let path = Path::new(p);
    let folder = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let problem = if path.is_dir() {
        Some("is a folder".to_string())
    } else if !folder.is_dir() {
        Some(format!("the folder {} does not exist", folder.display()))
    } else {
        None
    };
    match problem {
        Some(why) => Err(LispError::new(
            ErrorKind::Io,
            format!("train-net: cannot write the checkpoint {p}: {why}"),
        )
        .culprit(culprit.clone())
        .into()),
        None => Ok(()),
    }
}

/// Prints one warning per data set holding NaN or infinite values.
fn warn_non_finite(it: &mut Interp, sets: &[(&str, &DataObj)]) {
    for (k, (what, d)) in sets.iter().enumerate() {
        if sets[..k].iter().any(|(_, e)| std::ptr::eq(*e, *d)) {
            continue;
        }
        if let Some(i) = d.0.first_non_finite() {
            it.out(&format!(
                "*** warning: train-net: the {what} data has NaN or infinite values (first in sample {i}); \
                 a pass whose cost becomes NaN or infinite stops with an error\n"
            ));
        }
    }
}

/// `(train-net net trainer train test epochs [checkpoint])`.
pub fn train_net(it: &mut Interp, a: &[Value]) -> Res {
    let f = "train-net";
    let net = obj_arg::<NetObj>(a, 0, f, "a network")?;
    let tr = obj_arg::<TrainerObj>(a, 1, f, "a trainer")?;
    let train = obj_arg::<DataObj>(a, 2, f, "a data set")?;
    let test = obj_arg::<DataObj>(a, 3, f, "a data set")?;
    let epochs = args::usize(a, 4, f)?;
    let ck = match args::opt(a, 5) {
        Some(_) => Some(args::string(a, 5, f)?.to_string()),
        None => None,
    };
    if let Some(p) = &ck {
        check_checkpoint_path(p, &a[5])?;
    }
    if train.0.is_empty() {
        return Err(LispError::new(
            ErrorKind::Domain,
            "train-net: the training data set is empty",
        )
        .culprit(a[2].clone())
        .into());
    }
    let quiet = it.get_global("train-net-quiet").truthy();
    let mut t = tr.0.try_borrow_mut().map_err(|_| busy())?;
    net.with_net(|n| {
        let sets = (train, test);
        train_loop(
            it,
            n,
            &mut t,
            sets,
            epochs,
            ck.as_deref().zip(a.get(5)),
            quiet,
        )
    })
}

/// The loop of `train-net` on the network `n` (its pool moved in):
/// resumes from the checkpoint `ck` (path, argument) if it exists, trains
/// and tests until `epochs` passes are done, saving the checkpoint after
/// each.
fn train_loop(
    it: &mut Interp,
    n: &mut Net,
    t: &mut Trainer,
    (train, test): (&DataObj, &DataObj),
    epochs: usize,
    ck: Option<(&str, &Value)>,
    quiet: bool,
) -> Res {
    if let Some((p, arg)) = ck.filter(|(p, _)| Path::new(p).exists()) {
        let m = io::load(Path::new(p), n).map_err(|e| blamed(Unwind::from(e), arg))?;
        t.epoch = usize::try_from(m.epoch).unwrap_or(usize::MAX);
        t.age = m.age;
        if !quiet {
            it.out(&format!(
                "resuming from {p}: epoch {} age {}\n",
                m.epoch, m.age
            ));
        }
    }
    if t.epoch >= epochs {
        return nothing_to_train(it, n, t.epoch, &test.0, quiet);
    }
    warn_non_finite(it, &[("training", train), ("test", test)]);
    let logging = tb::enabled(it);
    if logging {
        tb_net::log_settings(it, n, t, (&train.0, &test.0), epochs)?;
    }
    // on a terminal, a bar over the samples of the run, with the epoch
    // lines printed above it
    let mut bar = (!quiet && t.epoch < epochs && wants_bar(it)).then(|| {
        it.flush();
        let total = (epochs - t.epoch) as u64 * train.0.len() as u64;
        Progress::new("train-net", total, Mode::Bar)
    });
    let mut last = Value::Nil;
    let mut watch = sn_modules::Watch::new();
    let mut run = || -> Res<()> {
        while t.epoch < epochs {
            let r = match &mut bar {
                Some(b) => t.train_epoch_with(n, &train.0, &mut |k| b.inc(k as u64)),
                None => t.train_epoch(n, &train.0),
            };
            let r = r?;
            // with a log folder, the test pass also counts the confusion
            let (te, conf) = if logging {
                let (te, c, k) = Trainer::test_confusion(n, &test.0, 500)?;
                (te, Some((c, k)))
            } else {
                (Trainer::test(n, &test.0, 500)?, None)
            };
            if !quiet {
                let line = format!(
                    "epoch {} {} | test cost={:.5} errors={:.2}%",
                    r.epoch,
                    r,
                    te.cost,
                    te.error_pct()
                );
                match &mut bar {
                    Some(b) => b.report(&line),
                    None => it.out(&format!("{line}\n")),
                }
            }
            if let Some((p, _)) = ck {
                let meta = Meta {
                    epoch: t.epoch as u64,
                    age: t.age,
                };
                io::save(Path::new(p), n, meta)?;
            }
            last = Value::Num(te.error_pct());
            let pass = i64::try_from(r.epoch).unwrap_or(i64::MAX);
            tb::log_pass(
                it,
                &tb::PassFigures {
                    pass,
                    train_cost: r.cost,
                    train_error: r.error_pct(),
                    test_cost: te.cost,
                    test_error: te.error_pct(),
                    samples_per_s: r.rate(),
                },
            )?;
            if let Some((c, k)) = &conf {
                tb_net::log_pictures(it, n, &test.0, (c, *k, te.error_pct()), pass)?;
            }
            let rate = t.last_rate(train.0.len());
            if let Some(s) = watch.after_pass(&r, n.cost.classes(), rate) {
                // said even when quiet: the run is not doing what was asked
                let stop = !t.rate_changes(epochs, train.0.len());
                let line = format!(
                    "*** train-net: {}{}",
                    s.message(),
                    if stop {
                        "; training stopped: the rate stays the same for the remaining passes"
                    } else {
                        ""
                    }
                );
                match &mut bar {
                    Some(b) => b.report(&line),
                    None => it.out(&format!("{line}\n")),
                }
                if stop {
                    break;
                }
            }
            crate::lisp::interrupt::check()?;
        }
        Ok(())
    };
    let r = run();
    if let Some(b) = &mut bar {
        // a run stopped by an error or Ctrl-C leaves no bar behind
        if r.is_ok() {
            b.finish();
        } else {
            b.clear();
        }
    }
    r.map(|()| last)
}

/// `train-net` with every pass already done (resumed past its last pass,
/// or asked for no more passes than the trainer has made): the same kind
/// of result as a run, the test error in % of the network as it is (for a
/// resumed run, the figure of its last pass), from a test pass.
fn nothing_to_train(
    it: &mut Interp,
    n: &mut Net,
    epoch: usize,
    test: &sn_modules::Dataset,
    quiet: bool,
) -> Res {
    let te = Trainer::test(n, test, 500)?;
    if !quiet {
        it.out(&format!(
            "nothing to train: {epoch} passes done | test cost={:.5} errors={:.2}%\n",
            te.cost,
            te.error_pct()
        ));
    }
    Ok(Value::Num(te.error_pct()))
}

/// `(==> trainer set-schedule '((pass eta) ...) [pass-length])`: the
/// learning rate from each pass on; a pass is an epoch, or pass-length
/// samples.
fn set_schedule(t: &std::cell::RefCell<Trainer>, a: &[Value]) -> Res {
    let f = "set-schedule";
    let mut steps = Vec::new();
    for e in args::list(a, 0, f)? {
        match e.list_to_vec().as_deref() {
            Some([p, v]) => match (p.as_num(), v.as_num()) {
                (Some(p), Some(v)) if p >= 0.0 && p.fract() == 0.0 && p < 1e15 && v.is_finite() => {
                    steps.push((p as usize, v as f32))
                }
                _ => return Err(args::type_error(f, "(pass eta) pairs", &e)),
            },
            _ => return Err(args::type_error(f, "(pass eta) pairs", &e)),
        }
    }
    steps.sort_by_key(|s| s.0);
    let len = if args::opt(a, 1).is_some() {
        args::usize(a, 1, f)? as u64
    } else {
        0
    };
    t.try_borrow_mut().map_err(|_| busy())?.cfg.schedule = sn_modules::Schedule(steps, len);
    Ok(Value::Nil)
}
