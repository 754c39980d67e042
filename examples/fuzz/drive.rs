//! The fuzz loop: cases generated from the seed, run over a few threads,
//! counted by class, one entry per distinct crash site with its first
//! reproductions, optionally minimized and written to a folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Instant;

use crate::calls;
use crate::child::{self, Class, Limits, Outcome};
use crate::gen::{self, Program, Rng, Seed};

/// What to run.
#[derive(Clone, Debug)]
pub struct Options {
    pub cases: u64,
    pub seed: u64,
    pub sn: PathBuf,
    /// SN_HOME of the children (the repository: lisp/ and data/).
    pub home: PathBuf,
    pub jobs: usize,
    pub limits: Limits,
    /// Where reproductions are written (none if `None`).
    pub out: Option<PathBuf>,
    /// Minimize the first reproduction of each distinct site.
    pub minimize: bool,
    /// Percentage of cases that are corpus mutants (the rest: builtin calls).
    pub mutants: u64,
    /// Progress lines on stderr.
    pub verbose: bool,
    /// Only show case K (its program and how it ends).
    pub show: Option<u64>,
}

/// A distinct crash site and its first reproductions.
#[derive(Clone, Debug)]
pub struct Site {
    pub class: Class,
    pub signature: String,
    pub count: u64,
    /// (case number, program, stderr), first few only.
    pub examples: Vec<(u64, Program, String)>,
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Summary {
    pub counts: BTreeMap<Class, u64>,
    pub sites: Vec<Site>,
    pub seconds: f64,
}

impl Summary {
    /// Cases of a class.
    pub fn count(&self, c: Class) -> u64 {
        self.counts.get(&c).copied().unwrap_or(0)
    }

    /// Panics, aborts, memory kills, deaf hangs and odd exits.
    pub fn failures(&self) -> u64 {
        Class::ALL
            .iter()
            .filter(|c| c.is_failure())
            .map(|&c| self.count(c))
            .sum()
    }
}

/// What every worker shares.
struct Ctx {
    opts: Options,
    seeds: Vec<Seed>,
    builtins: Vec<calls::Sig>,
    symbols: Vec<String>,
    /// Removed with the workers' folders when the last worker is done.
    scratch: tempfile::TempDir,
}

/// Asks `sn` for its documented builtins (`(help 'topic)` for each topic
/// of `(help)`), plus the functions the Lisp libraries define.
pub fn builtins(sn: &Path, home: &Path) -> Result<Vec<String>, String> {
    let ask = |expr: &str| -> Result<String, String> {
        let o = std::process::Command::new(sn)
            .args(["-e", expr])
            .env("SN_HOME", home)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", sn.display()))?;
        Ok(String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let topics: Vec<String> = ask("(help)")?
        .lines()
        .filter(|l| l.ends_with(" functions"))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect();
    if topics.is_empty() {
        return Err(format!("{} lists no help topics", sn.display()));
    }
    let expr = format!(
        "(progn {})",
        topics
            .iter()
            .map(|t| format!("(help '{t})"))
            .collect::<String>()
    );
    let mut names: Vec<String> = ask(&expr)?
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| l.trim().to_string())
        .collect();
    for f in std::fs::read_dir(home.join("lisp"))
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let text = std::fs::read_to_string(f.path()).unwrap_or_default();
        for l in text.lines() {
            let mut w = l.split_whitespace();
            if matches!(w.next(), Some("(de" | "(df" | "(dm" | "(defun")) {
                names.extend(w.next().map(String::from));
            }
        }
    }
    names.retain(|n| !calls::EXCLUDED.contains(&n.as_str()));
    names.sort();
    names.dedup();
    Ok(names)
}

/// The parameters of each function, from its help line (none known: no
/// parameters, and calls get random argument counts anyway).
pub fn signatures(sn: &Path, home: &Path, names: &[String]) -> Result<Vec<calls::Sig>, String> {
    let expr: String = names
        .iter()
        .map(|n| format!("(catch-error (help '{n}) (lambda (m) ()))"))
        .collect();
    let o = std::process::Command::new(sn)
        .args(["-e", &format!("(progn {expr})")])
        .env("SN_HOME", home)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", sn.display()))?;
    let text = String::from_utf8_lossy(&o.stdout);
    Ok(names
        .iter()
        .map(|n| {
            text.lines()
                .find_map(|l| calls::parse_usage(n, l))
                .unwrap_or_else(|| calls::Sig {
                    name: n.clone(),
                    ..calls::Sig::default()
                })
        })
        .collect())
}

/// Case `k` of the run.
fn case(ctx: &Ctx, k: u64) -> Program {
    let mut r = Rng::for_case(ctx.opts.seed, k);
    if r.chance(ctx.opts.mutants) {
        let pool: Vec<String> = calls::VALUES.iter().map(|s| s.to_string()).collect();
        gen::mutant(&mut r, &ctx.seeds, &ctx.symbols, &pool)
    } else {
        calls::program(&mut r, &ctx.builtins)
    }
}

/// Runs one case in the scratch folder of worker `w`.
fn run_one(ctx: &Ctx, w: usize, p: &Program) -> Outcome {
    let dir = ctx.scratch.path().join(format!("w{w}"));
    child::run(&ctx.opts.sn, &ctx.opts.home, p, &ctx.opts.limits, &dir)
}

/// Runs the cases and gathers the summary.
pub fn run(opts: &Options) -> Result<Summary, String> {
    let t0 = Instant::now();
    let seeds = gen::corpus(&opts.home).map_err(|e| format!("corpus: {e}"))?;
    let names = builtins(&opts.sn, &opts.home)?;
    // Deleting files is left out of symbol replacement: corpus cases name
    // paths under sn-home.
    let symbols = names
        .iter()
        .filter(|s| *s != "delete-file")
        .cloned()
        .collect();
    let builtins = signatures(&opts.sn, &opts.home, &names)?;
    let scratch = tempfile::Builder::new()
        .prefix("sn-fuzz-")
        .tempdir()
        .map_err(|e| format!("scratch folder: {e}"))?;
    let ctx = Arc::new(Ctx {
        opts: opts.clone(),
        seeds,
        builtins,
        symbols,
        scratch,
    });
    if let Some(k) = opts.show {
        let p = case(&ctx, k);
        let o = run_one(&ctx, 0, &p);
        println!("; case {k}: {}", p.origin);
        for l in p.code.lines() {
            println!("{}", l.chars().take(300).collect::<String>());
        }
        println!("; => {} {}\n{}", o.class.name(), o.signature, o.stderr);
        return Ok(Summary::default());
    }
    let next = Arc::new(AtomicU64::new(0));
    let (tx, rx) = mpsc::channel::<(u64, Program, Outcome)>();
    let mut handles = Vec::new();
    for w in 0..opts.jobs.max(1) {
        let (ctx, next, tx) = (ctx.clone(), next.clone(), tx.clone());
        handles.push(std::thread::spawn(move || loop {
            let k = next.fetch_add(1, Ordering::SeqCst);
            if k >= ctx.opts.cases {
                break;
            }
            let p = case(&ctx, k);
            let o = run_one(&ctx, w, &p);
            if tx.send((k, p, o)).is_err() {
                break;
            }
        }));
    }
    drop(tx);
    let mut results: Vec<(u64, Program, Outcome)> = Vec::new();
    let mut summary = Summary::default();
    for (k, p, o) in rx {
        *summary.counts.entry(o.class).or_insert(0) += 1;
        let done: u64 = summary.counts.values().sum();
        if opts.verbose && done.is_multiple_of(1000) {
            eprintln!(
                "{done} cases, {} failures, {:.0} s",
                summary.failures(),
                t0.elapsed().as_secs_f64()
            );
        }
        if o.class.is_notable() {
            results.push((k, p, o));
        }
    }
    for h in handles {
        let _ = h.join();
    }
    results.sort_by_key(|r| r.0);
    summary.sites = sites(results);
    if opts.minimize {
        for s in &mut summary.sites {
            minimize_site(&ctx, s);
        }
    }
    summary.seconds = t0.elapsed().as_secs_f64();
    Ok(summary)
}

/// Groups notable outcomes by (class, signature), keeping 3 examples each.
fn sites(results: Vec<(u64, Program, Outcome)>) -> Vec<Site> {
    let mut by: BTreeMap<(Class, String), Site> = BTreeMap::new();
    for (k, p, o) in results {
        let s = by
            .entry((o.class, o.signature.clone()))
            .or_insert_with(|| Site {
                class: o.class,
                signature: o.signature.clone(),
                count: 0,
                examples: Vec::new(),
            });
        s.count += 1;
        if s.examples.len() < 3 {
            s.examples.push((k, p, o.stderr));
        }
    }
    by.into_values().collect()
}

/// Shrinks the first example of a site: drops forms (top level first,
/// then nested) as long as the case still ends the same way.
fn minimize_site(ctx: &Ctx, site: &mut Site) {
    let Some((_, prog, _)) = site.examples.first().cloned() else {
        return;
    };
    let slow = matches!(site.class, Class::DeafHang | Class::Interruptible);
    let mut budget = if slow { 25 } else { 400 };
    let mut toks = gen::tokens(&prog.code);
    let same = |toks: &[String]| {
        let p = Program {
            code: gen::untokens(toks),
            ..prog.clone()
        };
        let o = run_one(ctx, 0, &p);
        o.class == site.class && o.signature == site.signature
    };
    let mut i = 0;
    while i < toks.len() && budget > 0 {
        let e = gen::form_end(&toks, i);
        let mut t = toks.clone();
        t.drain(i..e);
        budget -= 1;
        if !t.is_empty() && same(&t) {
            toks = t;
        } else {
            i += 1;
        }
    }
    let code = gen::untokens(&toks);
    let origin = format!("{} (minimized)", prog.origin);
    site.examples.insert(
        0,
        (
            u64::MAX,
            Program {
                code,
                origin,
                ..prog
            },
            String::new(),
        ),
    );
}

/// Prints the table and the sites.
pub fn report(s: &Summary) {
    let total: u64 = s.counts.values().sum();
    println!("{total} cases in {:.0} s", s.seconds);
    for c in Class::ALL {
        println!("  {:<22} {:>8}", c.name(), s.count(c));
    }
    for site in &s.sites {
        println!(
            "\n[{}] x{}: {}",
            site.class.name(),
            site.count,
            site.signature
        );
        for (k, p, err) in site.examples.iter().take(2) {
            let case = if *k == u64::MAX {
                "minimized".to_string()
            } else {
                format!("case {k}")
            };
            println!(
                "  {case} ({}{}):",
                p.origin,
                if p.fold { ", .sn" } else { "" }
            );
            for l in p.code.lines().take(12) {
                println!("    {}", l.chars().take(200).collect::<String>());
            }
            if let Some(l) = err.lines().find(|l| !l.trim().is_empty()) {
                println!("    stderr: {}", l.chars().take(200).collect::<String>());
            }
        }
    }
}

/// Writes each site's reproductions to `dir` as runnable files.
pub fn write_repros(s: &Summary, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (n, site) in s.sites.iter().enumerate() {
        for (j, (k, p, err)) in site.examples.iter().enumerate() {
            let ext = if p.fold { "sn" } else { "lsp" };
            let name = format!("{:03}-{}-{j}.{ext}", n, site.class.name());
            let head = format!(
                "; {} x{}: {}\n; case {k}: {}\n; stderr: {}\n",
                site.class.name(),
                site.count,
                site.signature,
                p.origin,
                err.lines().next().unwrap_or("")
            );
            std::fs::write(dir.join(name), head + &p.code)?;
        }
    }
    Ok(())
}
