//! Case generation for the fuzz harness: a small seeded PRNG, the corpus
//! (golden Lisp cases and example scripts), token-level mutations of it,
//! and random calls of builtins on a pool of awkward values.
//!
//! Everything here is deterministic in the seed: case `k` of a run with
//! seed `s` is always the same program, whatever the number of threads.

use std::path::Path;

/// SplitMix64: tiny, fast, and good enough to pick mutations.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for case `case` of a run seeded with `seed`.
    pub fn for_case(seed: u64, case: u64) -> Rng {
        // the case number goes through the mixer so that near cases get
        // unrelated streams
        let mut h = Rng(case);
        let mut r = Rng(seed.wrapping_mul(0xD6E8_FEB8_6659_FD93) ^ h.next());
        r.next();
        r
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `p` percent.
    pub fn chance(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    /// A random element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// One program of the corpus: its text and whether it is an SN2.8 script
/// (read with case folding, i.e. run as a `.sn` file).
#[derive(Clone, Debug)]
pub struct Seed {
    pub origin: String,
    pub code: String,
    pub fold: bool,
}

/// A generated case: the program, how to run it, and where it came from.
#[derive(Clone, Debug)]
pub struct Program {
    pub code: String,
    pub fold: bool,
    pub origin: String,
}

/// Makes corpus text safe to run in a scratch directory: absolute `/tmp/`
/// paths become relative ones, so a mutated case writes only where it runs.
fn sanitize(code: &str) -> String {
    code.replace("\"/tmp/", "\"./")
}

/// Splits a golden file into its `;; case:` chunks.
fn golden_cases(file: &str, text: &str) -> Vec<Seed> {
    let mut out: Vec<Seed> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix(";; case:") {
            out.push(Seed {
                origin: format!("{file}: {}", name.trim()),
                code: String::new(),
                fold: false,
            });
        } else if let Some(s) = out.last_mut() {
            s.fold |= line.trim_end() == ";; fold";
            s.code.push_str(line);
            s.code.push('\n');
        }
    }
    out
}

/// Loads the corpus: every case of `tests/lisp/*.lsp` and every example
/// script `examples/*.lsp`, `examples/*.sn` under `root`.
pub fn corpus(root: &Path) -> std::io::Result<Vec<Seed>> {
    let mut seeds = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/lisp"))?
        .chain(std::fs::read_dir(root.join("examples"))?)
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("lsp" | "sn")))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f)?;
        let name = f.strip_prefix(root).unwrap_or(&f).display().to_string();
        if name.starts_with("tests") {
            seeds.extend(golden_cases(&name, &text).into_iter().map(|mut s| {
                s.code = sanitize(&s.code);
                s
            }));
        } else {
            let fold = name.ends_with(".sn");
            seeds.push(Seed {
                origin: name,
                code: sanitize(&text),
                fold,
            });
        }
    }
    Ok(seeds)
}

/// Splits Lisp text into tokens: parentheses, brackets, quote marks,
/// strings and atoms; comments are dropped.
pub fn tokens(src: &str) -> Vec<String> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch.is_whitespace() {
            i += 1;
        } else if ch == ';' || (ch == '#' && c.get(i + 1) == Some(&'?')) {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if "()[]'`".contains(ch) {
            out.push(ch.to_string());
            i += 1;
        } else if ch == ',' {
            let at = c.get(i + 1) == Some(&'@');
            out.push(if at { ",@".into() } else { ",".into() });
            i += if at { 2 } else { 1 };
        } else if ch == '"' {
            let start = i;
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(c.len());
            out.push(c[start..i].iter().collect());
        } else {
            let start = i;
            while i < c.len() && !c[i].is_whitespace() && !"()[]'`,\";".contains(c[i]) {
                i += 1;
            }
            out.push(c[start..i].iter().collect());
        }
    }
    out
}

/// Joins tokens back into text (no space after an opening or a quote mark).
pub fn untokens(toks: &[String]) -> String {
    let mut s = String::new();
    for (k, t) in toks.iter().enumerate() {
        let prev = if k > 0 { toks[k - 1].as_str() } else { "(" };
        if !matches!(prev, "(" | "[" | "'" | "`" | "," | ",@") && !matches!(t.as_str(), ")" | "]") {
            s.push(if k % 12 == 11 { '\n' } else { ' ' });
        }
        s.push_str(t);
    }
    s.push('\n');
    s
}

/// The end (exclusive) of the form starting at token `i`.
pub fn form_end(toks: &[String], i: usize) -> usize {
    let mut depth = 0i64;
    let mut j = i;
    while j < toks.len() {
        match toks[j].as_str() {
            "(" | "[" => depth += 1,
            ")" | "]" => depth -= 1,
            "'" | "`" | "," | ",@" if depth == 0 => {
                j += 1;
                continue;
            }
            _ => {}
        }
        j += 1;
        if depth <= 0 {
            break;
        }
    }
    j
}

/// Closes the lists left open at the end of `toks`.
fn close_all(toks: &mut Vec<String>) {
    let mut open = Vec::new();
    for t in toks.iter() {
        match t.as_str() {
            "(" => open.push(")"),
            "[" => open.push("]"),
            ")" | "]" => {
                open.pop();
            }
            _ => {}
        }
    }
    while let Some(c) = open.pop() {
        toks.push(c.to_string());
    }
}

/// Whether a token is a number atom.
fn is_number(t: &str) -> bool {
    t.parse::<f64>().is_ok()
}

/// Whether a token is a plain symbol atom.
fn is_symbol(t: &str) -> bool {
    !t.is_empty() && !is_number(t) && !"()[]'`,\"".contains(&t[..1]) && !t.starts_with(",@")
}

/// Numbers that tend to find edge cases.
pub const EDGE_NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "2",
    "-0.5",
    "1e308",
    "-1e308",
    "1e-320",
    "(/ 0 0)",
    "(/ 1 0)",
    "(- (/ 1 0))",
    "4294967296",
    "9007199254740993",
    "1e20",
    "-2147483649",
    "2147483648",
    "65536",
    "100000",
    "1e9",
    "255",
    "256",
    "-7",
    "3.5",
    "1e15",
];

/// Applies one random mutation to `toks`; returns its name.
fn mutate_once(
    r: &mut Rng,
    toks: &mut Vec<String>,
    symbols: &[String],
    pool: &[String],
) -> &'static str {
    if toks.is_empty() {
        toks.push(pool[r.below(pool.len())].clone());
        return "insert";
    }
    let i = r.below(toks.len());
    let e = form_end(toks, i);
    match r.below(20) {
        0 | 1 => {
            toks.drain(i..e);
            "delete-form"
        }
        2 | 3 => {
            let f: Vec<String> = toks[i..e].to_vec();
            toks.splice(e..e, f);
            "duplicate-form"
        }
        4 | 5 => {
            let j = e + r.below(toks.len() - e + 1);
            if j < toks.len() {
                let e2 = form_end(toks, j);
                let b: Vec<String> = toks[j..e2].to_vec();
                let a: Vec<String> = toks[i..e].to_vec();
                toks.splice(j..e2, a);
                toks.splice(i..e, b);
            }
            "swap-forms"
        }
        6..=9 => {
            let nums: Vec<usize> = (0..toks.len()).filter(|&k| is_number(&toks[k])).collect();
            if let Some(&k) = nums.get(r.below(nums.len().max(1))) {
                toks[k] = r.pick(EDGE_NUMBERS).to_string();
            }
            "edge-number"
        }
        10..=13 => {
            let syms: Vec<usize> = (0..toks.len()).filter(|&k| is_symbol(&toks[k])).collect();
            if let Some(&k) = syms.get(r.below(syms.len().max(1))) {
                toks[k] = r.pick(symbols).clone();
            }
            "replace-symbol"
        }
        14 | 15 => {
            toks.truncate(i);
            if r.chance(70) {
                close_all(toks);
            }
            "truncate"
        }
        16 => {
            if r.chance(50) {
                toks.insert(i, r.pick(&["(", ")", "[", "]"]).to_string());
            } else if let Some(k) = toks
                .iter()
                .skip(i)
                .position(|t| "()[]".contains(t.as_str()))
            {
                toks.remove(i + k);
            }
            "unbalance"
        }
        17 | 18 => {
            toks.splice(i..e, std::iter::once(r.pick(pool).clone()));
            "replace-with-value"
        }
        _ => {
            let n = [100, 10_000, 200_000][r.below(3)];
            let nest = format!("'{}{}", "(".repeat(n), ")".repeat(n));
            toks.splice(i..e, std::iter::once(nest));
            "deep-nesting"
        }
    }
}

/// A mutant of a random corpus seed (1 to 4 mutations).
pub fn mutant(r: &mut Rng, seeds: &[Seed], symbols: &[String], pool: &[String]) -> Program {
    let s = r.pick(seeds);
    let mut toks = tokens(&s.code);
    let mut ops = Vec::new();
    for _ in 0..1 + r.below(4) {
        ops.push(mutate_once(r, &mut toks, symbols, pool));
    }
    let mut code = String::from("(setq test-dir \".\")\n");
    code.push_str(&untokens(&toks));
    Program {
        code,
        fold: s.fold,
        origin: format!("mutant of {} by {}", s.origin, ops.join("+")),
    }
}
