//! Lush 1's random generator, as SN2.8 ran on it: the first numbers after
//! `(seed 0)` and `(seed 1)` (and the other seeds and forms below) must be
//! those of Lush 1.2.1's `src/fltlib.c` (`Fseed`, `Drand`, `Dgauss`) and
//! `src/arith.c` (`seed`, `rand`, `gauss`).
//!
//! The expected values come from the model below: a transcription of that
//! algorithm written separately from sn's `src/lisp/rng.rs` (64-bit
//! arithmetic with explicit reductions modulo 2^31 where the C code relies
//! on 32-bit wrapping and masking), so that a mistake in either shows.

mod common;

use common::run_sn;

const TWO31: i64 = 1 << 31;

/// Knuth's subtractive generator as Lush 1 has it.
struct Model {
    table: [i64; 56],
    a: usize,
    b: usize,
}

impl Model {
    /// `Fseed(x)`: `x` is the seed after C's `(int)` cast.
    fn seeded(x: i64) -> Model {
        let mut t = [0i64; 56];
        let mut j = (161_803_398 - x.abs()).rem_euclid(TWO31);
        t[55] = j;
        let mut k = 1i64;
        for i in 1..=54usize {
            let slot = (21 * i) % 55;
            t[slot] = k;
            k = (j - k).rem_euclid(TWO31);
            j = t[slot];
        }
        for _round in 0..4 {
            for i in 1..=54usize {
                t[i] = (t[i] - t[1 + (i + 30) % 55]).rem_euclid(TWO31);
            }
        }
        Model {
            table: t,
            a: 0,
            b: 31,
        }
    }

    /// Moves both cursors on (1 to 55, then 1 again); the raw difference.
    fn advance(&mut self) -> i64 {
        self.a = self.a % 55 + 1;
        self.b = self.b % 55 + 1;
        self.table[self.a] - self.table[self.b]
    }

    /// `Drand`: the scrambled difference, as a float times 2^-31.
    fn uniform(&mut self) -> f64 {
        let d = self.advance();
        let m = (d * 84_589 + 45_989).rem_euclid(TWO31);
        self.table[self.a] = m;
        ((m as f32) / 2_147_483_648.0f32) as f64
    }

    /// `Dgauss`: twelve differences, each read as a signed 24-bit number,
    /// summed and scaled by 2^-24 in single precision.
    fn gauss(&mut self) -> f64 {
        let mut sum = 0i64;
        let mut last = 0i64;
        for _ in 0..12 {
            let m = self.advance().rem_euclid(TWO31);
            self.table[self.a] = m;
            let low = m % (1 << 24);
            last = if low >= 1 << 23 { low - (1 << 24) } else { low };
            sum += last;
        }
        self.table[self.a] = (last * 84_589 + 45_989).rem_euclid(TWO31);
        ((sum as f32) / 16_777_216.0f32) as f64
    }
}

/// Runs `script` in sn and reads one number per output line (the value
/// of the script, printed last, is `()`).
fn sn_numbers(script: &str) -> Vec<f64> {
    run_sn(&["-e", script])
        .lines()
        .filter(|l| l.trim() != "()")
        .map(|l| {
            l.trim()
                .parse()
                .unwrap_or_else(|_| panic!("not a number: {l}"))
        })
        .collect()
}

fn assert_same(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{what}: {got:?}");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            g.to_bits() == w.to_bits(),
            "{what}: value {i} is {g:.17} where Lush 1 gives {w:.17}"
        );
    }
}

/// sn's script printing `n` draws of `form` at full precision.
fn draws(seed: &str, form: &str, n: usize) -> String {
    format!("(seed {seed}) (repeat {n} (printf \"%.17g\\n\" {form}))")
}

#[test]
fn first_uniform_numbers_after_seed_0_and_1() {
    for seed in [0i64, 1] {
        let mut m = Model::seeded(seed);
        let want: Vec<f64> = (0..60).map(|_| m.uniform()).collect();
        let got = sn_numbers(&draws(&seed.to_string(), "(rand)", 60));
        assert_same(&format!("(rand) after (seed {seed})"), &got, &want);
        assert!(want.iter().all(|&r| (0.0..=1.0).contains(&r)));
    }
}

#[test]
fn first_gaussian_numbers_after_seed_0_and_1() {
    for seed in [0i64, 1] {
        let mut m = Model::seeded(seed);
        let want: Vec<f64> = (0..20).map(|_| m.gauss()).collect();
        let got = sn_numbers(&draws(&seed.to_string(), "(gauss)", 20));
        assert_same(&format!("(gauss) after (seed {seed})"), &got, &want);
    }
}

#[test]
fn seeds_are_truncated_to_integers_and_their_sign_ignored() {
    let mut m = Model::seeded(0);
    let want: Vec<f64> = (0..5).map(|_| m.uniform()).collect();
    assert_same(
        "(seed 0.87)",
        &sn_numbers(&draws("0.87", "(rand)", 5)),
        &want,
    );
    assert_same(
        "(seed -0.5)",
        &sn_numbers(&draws("-0.5", "(rand)", 5)),
        &want,
    );
    let mut m = Model::seeded(7);
    let want: Vec<f64> = (0..5).map(|_| m.uniform()).collect();
    assert_same(
        "(seed -7.9)",
        &sn_numbers(&draws("-7.9", "(rand)", 5)),
        &want,
    );
    let mut m = Model::seeded(123_456_789);
    let want: Vec<f64> = (0..5).map(|_| m.uniform()).collect();
    assert_same(
        "(seed 123456789)",
        &sn_numbers(&draws("123456789", "(rand)", 5)),
        &want,
    );
}

#[test]
fn rand_and_gauss_forms_share_one_stream() {
    // (rand x) is in [-x, x], (rand lo hi) in [lo, hi], both (hi-lo)·r + lo;
    // (gauss s) has deviation s, (gauss m s) mean m: s·g + m.
    let mut m = Model::seeded(1);
    let mut want = Vec::new();
    for _ in 0..3 {
        want.push((0.5 - -0.5) * m.uniform() + -0.5);
        want.push((7.0 - 2.0) * m.uniform() + 2.0);
        want.push(3.0 * m.gauss() + 0.0);
        want.push(0.25 * m.gauss() + 10.0);
        want.push(m.uniform());
    }
    let form = "(progn (printf \"%.17g\\n%.17g\\n%.17g\\n%.17g\\n%.17g\\n\" \
                (rand 0.5) (rand 2 7) (gauss 3) (gauss 10 0.25) (rand)))";
    let got = sn_numbers(&format!("(seed 1) (repeat 3 {form})"));
    assert_same("mixed draws after (seed 1)", &got, &want);
}

#[test]
fn a_fresh_interpreter_draws_as_after_seed_0() {
    let mut m = Model::seeded(0);
    let want = vec![m.uniform(), m.uniform()];
    let got = sn_numbers("(printf \"%.17g\\n%.17g\\n\" (rand) (rand))");
    assert_same("no seed", &got, &want);
}

/// SN2.8's `forget` draws `(rand -x x)` for every connection, destination
/// by destination (cells 1 to nnum-1), each in the order `amont` lists its
/// sources (the order the connections were made: the bias first in
/// `build-net`). xor.sn's `(seed 0.87)` is `(seed 0)`; the 2-2-1 net then
/// starts from these weights.
#[test]
fn forget_draws_the_weights_in_sn28_order() {
    let script = "(libload \"netenv\") (alloc-net 100 1000) \
        (build-net '((input 2) (hidden 2) (output 1)) '((input hidden) (hidden output))) \
        (seed 0.87) (forget 1) (forget-sqrt 0.5) \
        (for (j 1 5) (each ((i (amont j))) (printf \"%.17g\\n\" (sval i j))))";
    let mut m = Model::seeded(0);
    // (forget 1): nine connections, then (forget-sqrt 0.5) redraws them
    // with the bound 0.5/√3 (every unit here has three inputs)
    for _ in 0..9 {
        m.uniform();
    }
    let b = 0.5 / 3f64.sqrt();
    let want: Vec<f32> = (0..9)
        .map(|_| ((b - -b) * m.uniform() + -b) as f32)
        .collect();
    // a weight is a single-precision number: sn reads it out through its
    // shortest decimal form, which converts back to the same f32
    let got: Vec<f32> = sn_numbers(script).iter().map(|&g| g as f32).collect();
    assert_eq!(got, want, "weights after forget-sqrt");
}
