//! Networks and trainers as Lisp objects, and the built-in fast training
//! loop with its meter, checkpoints and resumption.

use std::path::Path;

use sn_graphics::progress::{Mode, Progress};
use sn_modules::io::{self, Meta};
use sn_modules::{EpochReport, Net, Trainer};

use super::conv::{array_of, dims_list, err};
use super::objects::{DataObj, NetObj, TrainerObj};
use crate::builtins::graphics::terminal::wants_bar;
use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Native, Res, Value};

fn busy() -> crate::lisp::Unwind {
    LispError::new(ErrorKind::Domain, "network in use").into()
}

/// Runs the network on an array of one sample (shape = input shape) or of
/// a batch (batch first); returns the output array.
fn net_fprop(n: &mut Net, a: &[Value], f: &str) -> Res<(usize, bool)> {
    let arr = args::array(a, 0, f)?;
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
    let x = arr.to_vec();
    n.set_input(&x[..batch * per], batch).map_err(err)?;
    n.fprop().map_err(err)?;
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
    fn repr(&self) -> String {
        match self.0.try_borrow() {
            Ok(n) => format!("::net<{}, {} parameters>", n.name, n.nparams()),
            Err(_) => "::net".to_string(),
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn send(&self, _it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
        let mut n = match self.0.try_borrow_mut() {
            Ok(n) => n,
            Err(_) => return Some(Err(busy())),
        };
        let r = match method {
            "nparams" => Ok(Value::Num(n.nparams() as f64)),
            "connections" => n.connections().map(|c| Value::Num(c as f64)).map_err(err),
            "describe" => Ok(Value::string(&n.seq_describe())),
            "input-dims" => Ok(dims_list(&n.in_shape)),
            "fprop" => net_fprop(&mut n, a, "fprop").and_then(|(b, single)| {
                let d = &n.output.dims;
                if single {
                    array_of(&d[1..], &n.output.x)
                } else {
                    array_of(&d[..], &n.output.x[..b * n.output.sample_len()])
                }
            }),
            "classify" => net_fprop(&mut n, a, "classify").map(|(b, single)| {
                let c: Vec<Value> = (0..b)
                    .map(|i| Value::Num(n.cost.classify(&n.output, i) as f64))
                    .collect();
                if single {
                    c.into_iter().next().unwrap_or(Value::Nil)
                } else {
                    Value::list(c)
                }
            }),
            "set-par" => {
                n.par = a.first().is_some_and(|v| v.truthy());
                Ok(Value::Nil)
            }
            "forget" => args::int(a, 0, "forget").map(|s| {
                n.forget(s as u64);
                Value::Nil
            }),
            "weights" => array_of(&[n.pool.len()], &n.pool.x),
            "save" => args::string(a, 0, "save").and_then(|p| {
                io::save(Path::new(p), &n, Meta::default())
                    .map(|_| Value::Nil)
                    .map_err(err)
            }),
            "load" => args::string(a, 0, "load").and_then(|p| {
                io::load(Path::new(p), &mut n)
                    .map(|m| {
                        Value::list(vec![Value::Num(m.epoch as f64), Value::Num(m.age as f64)])
                    })
                    .map_err(err)
            }),
            "test" => args::native::<DataObj>(a, 0, "test").and_then(|d| {
                Trainer::test(&mut n, &d.0, 500)
                    .map(|r| report_list(&r))
                    .map_err(err)
            }),
            _ => return None,
        };
        Some(r)
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
            "age" => Ok(Value::Num(self.0.borrow().age as f64)),
            "epoch" => Ok(Value::Num(self.0.borrow().epoch as f64)),
            "set-schedule" => set_schedule(&self.0, a),
            "train-epoch" => (|| {
                let net = args::native::<NetObj>(a, 0, "train-epoch")?;
                let data = args::native::<DataObj>(a, 1, "train-epoch")?;
                let mut t = self.0.try_borrow_mut().map_err(|_| busy())?;
                let mut n = net.0.try_borrow_mut().map_err(|_| busy())?;
                t.train_epoch(&mut n, &data.0)
                    .map(|r| report_list(&r))
                    .map_err(err)
            })(),
            _ => return None,
        };
        Some(r)
    }
}

/// `(train-net net trainer train test epochs [checkpoint])`.
pub fn train_net(it: &mut Interp, a: &[Value]) -> Res {
    let f = "train-net";
    let net = args::native::<NetObj>(a, 0, f)?;
    let tr = args::native::<TrainerObj>(a, 1, f)?;
    let train = args::native::<DataObj>(a, 2, f)?;
    let test = args::native::<DataObj>(a, 3, f)?;
    let epochs = args::usize(a, 4, f)?;
    let ck = match args::opt(a, 5) {
        Some(_) => Some(args::string(a, 5, f)?.to_string()),
        None => None,
    };
    let quiet = it.get_global("train-net-quiet").truthy();
    let mut t = tr.0.try_borrow_mut().map_err(|_| busy())?;
    let mut n = net.0.try_borrow_mut().map_err(|_| busy())?;
    if let Some(p) = ck.as_deref().filter(|p| Path::new(p).exists()) {
        let m = io::load(Path::new(p), &mut n).map_err(err)?;
        t.epoch = m.epoch as usize;
        t.age = m.age;
        if !quiet {
            it.out(&format!(
                "resuming from {p}: epoch {} age {}\n",
                m.epoch, m.age
            ));
        }
    }
    // on a terminal, a bar over the samples of the run, with the epoch
    // lines printed above it
    let mut bar = (!quiet && t.epoch < epochs && wants_bar(it)).then(|| {
        it.flush();
        let total = (epochs - t.epoch) as u64 * train.0.len() as u64;
        Progress::new("train-net", total, Mode::Bar)
    });
    let mut last = Value::Nil;
    let mut run = || -> Res<()> {
        while t.epoch < epochs {
            let r = match &mut bar {
                Some(b) => t.train_epoch_with(&mut n, &train.0, &mut |k| b.inc(k as u64)),
                None => t.train_epoch(&mut n, &train.0),
            };
            let r = r.map_err(err)?;
            let te = Trainer::test(&mut n, &test.0, 500).map_err(err)?;
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
            if let Some(p) = &ck {
                let meta = Meta {
                    epoch: t.epoch as u64,
                    age: t.age,
                };
                io::save(Path::new(p), &n, meta).map_err(err)?;
            }
            last = Value::Num(te.error_pct());
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

/// `(==> trainer set-schedule '((pass eta) ...) [pass-length])`: the
/// learning rate from each pass on; a pass is an epoch, or pass-length
/// samples.
fn set_schedule(t: &std::cell::RefCell<Trainer>, a: &[Value]) -> Res {
    let f = "set-schedule";
    let mut steps = Vec::new();
    for e in args::list(a, 0, f)? {
        match e.list_to_vec().as_deref() {
            Some([p, v]) => match (p.as_num(), v.as_num()) {
                (Some(p), Some(v)) if p >= 0.0 && p.fract() == 0.0 => {
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
