//! Lush 1's graphics as SN2.8's programs call them: conjgrad's demo and
//! its `go-...` functions, SN2.8's `plot-nlf` and `plot-perf-file`, run
//! from a temporary copy of `../shared/sn28` with their windows written as
//! PNG files (`SN_WINDOWS`), whose pixels are checked; `get-click` from
//! `SN_CLICKS` and without clicks; brace texts read and rendered. The tests
//! that need SN2.8 print a skip message and pass when it is absent.

use std::path::Path;
use std::process::{Command, Stdio};

use sn_graphics::{Canvas, Rgb};

mod common;
use common::{copy_tree, sn28};

/// A fresh temporary folder for one test.
fn temp(name: &str) -> common::TempDir {
    common::temp_dir(&format!("sn28-plots-{name}-"))
}

struct Run {
    status: Option<i32>,
    out: String,
    err: String,
}

impl Run {
    fn assert_clean(&self, what: &str) {
        assert!(
            self.status == Some(0) && !self.err.contains("***") && !self.out.contains("***"),
            "{what}: status {:?}\nstdout (end): {}\nstderr: {}",
            self.status,
            tail(&self.out),
            self.err
        );
    }
}

fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

/// Runs sn in `dir` with `args`, windows written into `dir/win`.
fn sn(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Run {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sn"));
    c.args(args)
        .current_dir(dir)
        .env("SN_WINDOWS", dir.join("win"))
        .env_remove("SN_CLICKS")
        .stdin(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().expect("run sn");
    Run {
        status: o.status.code(),
        out: String::from_utf8_lossy(&o.stdout).into_owned(),
        err: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn png(dir: &Path, name: &str) -> Canvas {
    let p = dir.join("win").join(name);
    sn_graphics::png_io::read_png(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Pixels of colour `c` in the box [x0, x1) x [y0, y1).
fn count(cv: &Canvas, (x0, y0, x1, y1): (i64, i64, i64, i64), pred: impl Fn(Rgb) -> bool) -> usize {
    let mut n = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            if cv.get(x, y).is_some_and(&pred) {
                n += 1;
            }
        }
    }
    n
}

const RED: Rgb = Rgb(255, 0, 0);

/// conjgrad's folder copied with SN2.8's lib.
fn conjgrad(test: &str) -> Option<common::TempDir> {
    let s = sn28()?;
    let d = temp(&format!("conjgrad-{test}"));
    copy_tree(&s.join("examples/conjgrad"), &d);
    Some(d)
}

/// The plot of conjgrad's 400 x 400 graph window: the axes of its plot
/// rectangle (60, 40)-(350, 370) are drawn (the left and bottom sides).
fn assert_axes(cv: &Canvas) {
    assert_eq!((cv.width(), cv.height()), (400, 400));
    let left = count(cv, (60, 40, 61, 371), |p| p == Rgb::BLACK);
    let bottom = count(cv, (60, 370, 351, 371), |p| p == Rgb::BLACK);
    assert!(left > 300 && bottom > 280, "axes: {left} {bottom}");
    let title = count(cv, (60, 10, 350, 21), |p| p != Rgb::WHITE);
    assert!(title > 100, "title pixels {title}");
}

#[test]
fn conjgrad_demo_draws_its_windows() {
    let Some(d) = conjgrad("demo") else { return };
    let r = sn(&d, &["demo"], &[]);
    r.assert_clean("conjgrad demo");
    assert!(r.out.contains("(go-batch-cg)"), "{}", r.out);
    let g = png(&d, "Approximation_and_Target_Function.png");
    assert_axes(&g);
    // no data yet (the demo does not call carrex): the 21 points are at 0
    let red = count(&g, (61, 40, 350, 370), |p| p == RED);
    assert!(red > 0, "the output's marker is red");
    let states = png(&d, "Network_States.png");
    let ink = count(&states, (0, 0, 400, 400), |p| p != Rgb::WHITE);
    assert!(ink > 500, "Network States: {ink} pixels drawn");
}

/// Runs `(go-...)` after the demo; asserts it ends cleanly with its last
/// error under `goal`, and the final plot holds both curves.
fn go(name: &str, goal: f64) {
    let Some(d) = conjgrad(name) else { return };
    let r = sn(&d, &["-e", &format!("(load \"demo\") ({name})")], &[]);
    r.assert_clean(name);
    let last = r
        .out
        .lines()
        .rev()
        .find_map(|l| l.split("error=").nth(1))
        .unwrap_or_else(|| panic!("{name}: no perf line\n{}", tail(&r.out)));
    let err: f64 = last
        .split(',')
        .next()
        .and_then(|e| e.trim().parse().ok())
        .expect("an error figure");
    assert!(err <= goal, "{name}: last error {err} above {goal}");
    let g = png(&d, "Approximation_and_Target_Function.png");
    assert_axes(&g);
    // sin(pi x) on [-1, 1]: the curves span the plot's height
    let inside = (61, 40, 350, 370);
    let red = count(&g, inside, |p| p == RED);
    let black = count(&g, inside, |p| p == Rgb::BLACK);
    assert!(red > 300 && black > 300, "{name}: red {red}, black {black}");
    let red_top = count(&g, (61, 40, 350, 100), |p| p == RED);
    let red_bottom = count(&g, (61, 310, 350, 370), |p| p == RED);
    assert!(
        red_top > 10 && red_bottom > 10,
        "{name}: the output curve spans the plot"
    );
}

#[test]
fn conjgrad_go_online() {
    go("go-online", 0.008);
}

/// About 10 s on a quiet machine.
#[test]
fn conjgrad_go_batch() {
    go("go-batch", 0.008);
}

#[test]
fn conjgrad_go_lm() {
    go("go-lm", 0.005);
}

#[test]
fn conjgrad_go_batch_lm() {
    go("go-batch-lm", 0.005);
}

#[test]
fn conjgrad_go_batch_cg() {
    go("go-batch-cg", 0.0015);
}

#[test]
fn conjgrad_go_cg_points_to_batch_cg() {
    let Some(d) = conjgrad("go-cg") else { return };
    let r = sn(&d, &["-e", "(load \"demo\") (go-cg)"], &[]);
    r.assert_clean("go-cg");
    assert!(r.out.contains("Try (go-batch-cg)"));
}

#[test]
fn plot_nlf_draws_three_curves() {
    let Some(s) = sn28() else { return };
    let d = temp("nlf");
    let lib = s.join("lib/plot-nlf.sn");
    let script = format!("(load {:?})\n(plot-nlf -3 3)\n", lib.to_string_lossy());
    std::fs::write(d.join("nlf.sn"), script).unwrap();
    sn(&d, &["nlf.sn"], &[]).assert_clean("plot-nlf");
    let g = png(&d, "NLF.png");
    let (w, h) = (g.width() as i64, g.height() as i64);
    // plot rectangle (60, h-30)-(w-50, 40): axes, then curves inside
    let left = count(&g, (60, 40, 61, h - 30), |p| p == Rgb::BLACK);
    assert!(left as i64 > h - 80, "left axis {left}");
    let inside = count(&g, (62, 41, w - 50, h - 32), |p| p == Rgb::BLACK);
    assert!(
        inside as i64 > 2 * (w - 110),
        "three curves: {inside} pixels"
    );
    // the nlf passes through the centre of the plot (0, 0)
    let (cx, cy) = (60 + (w - 110) / 2, 40 + (h - 70) / 2);
    let centre = count(&g, (cx - 3, cy - 3, cx + 4, cy + 4), |p| p == Rgb::BLACK);
    assert!(centre > 0, "nothing drawn at the origin");
}

#[test]
fn plot_perf_file_plots_each_ensemble() {
    let Some(s) = sn28() else { return };
    let d = temp("perf");
    let perf = "    10 0.5  50.00 ;{0-9}\n    10 0.6  40.00 ;{10-19}\n    20 0.3  70.00 ;{0-9}\n    20 0.4  60.00 ;{10-19}\n    30 0.1  90.00 ;{0-9}\n    30 0.2  80.00 ;{10-19}\n";
    std::fs::write(d.join("run.perf"), perf).unwrap();
    let lib = s.join("lib/perf-file.sn");
    let script = format!(
        "(load {:?})\n(plot-perf-file \"run\")\n",
        lib.to_string_lossy()
    );
    std::fs::write(d.join("perf.sn"), script).unwrap();
    let r = sn(&d, &["perf.sn"], &[]);
    r.assert_clean("plot-perf-file");
    assert!(
        r.out.contains("{0-9} open-circle") && r.out.contains("{10-19} closed-circle"),
        "{}",
        r.out
    );
    let g = png(&d, "Perf_plotting.png");
    let (w, h) = (g.width() as i64, g.height() as i64);
    // (age 30, perf 90) of {0-9}: an open circle at the right end
    let (px, py) = (w - 50, (h - 30) - (9 * (h - 70)) / 10);
    let ring = count(&g, (px - 4, py - 4, px + 5, py + 5), |p| p == Rgb::BLACK);
    assert!(ring >= 8, "marker at ({px}, {py}): {ring} pixels");
    // (age 20, perf 60) of {10-19}: a filled disc, black at its centre
    let (qx, qy) = (60 + (w - 110) / 2, (h - 30) - (6 * (h - 70)) / 10);
    let disc = count(&g, (qx - 1, qy - 1, qx + 2, qy + 2), |p| p == Rgb::BLACK);
    assert!(disc >= 5, "disc at ({qx}, {qy}): {disc}");
    let e = png(&d, "Error_plotting.png");
    assert!(count(&e, (61, 41, w - 50, h - 31), |p| p == Rgb::BLACK) > 100);
}

#[test]
fn get_click_reads_sn_clicks_then_says_there_is_no_pointer() {
    let d = temp("clicks");
    std::fs::write(d.join("clicks"), "10 20\n# a comment\n\n300 40\n5 5\n").unwrap();
    let script = "(new-window 100 100 \"w\")\n(print (get-click))\n(print (get-click '(0 0 50 50)))\n(print (get-click))\n";
    std::fs::write(d.join("c.lsp"), script).unwrap();
    let r = sn(&d, &["c.lsp"], &[("SN_CLICKS", &d.join("clicks"))]);
    // (300 40) is outside the rectangle and skipped
    assert_eq!(
        r.out.lines().take(2).collect::<Vec<_>>(),
        ["(10 20)", "(5 5)"]
    );
    assert_eq!(r.status, Some(1));
    assert!(
        r.err.contains("no pointer") && r.err.contains("SN_CLICKS") && r.err.contains("[io]"),
        "{}",
        r.err
    );
    assert!(r.err.contains("culprit: ::window:w"), "{}", r.err);

    let r = sn(
        &d,
        &[
            "-e",
            "(set-clicks '((1 2) (3.4 5.6))) (list (get-click) (get-click))",
        ],
        &[],
    );
    assert_eq!(r.out.trim(), "((1 2) (3 6))");
    let r = sn(&d, &["-e", "(get-click)"], &[]);
    assert_eq!(r.status, Some(1));
    assert!(r.err.contains("set-clicks"), "{}", r.err);

    std::fs::write(d.join("bad"), "1 2\n3 x\n").unwrap();
    let r = sn(&d, &["-e", "(get-click)"], &[("SN_CLICKS", &d.join("bad"))]);
    assert!(
        r.err.contains(":2:") && r.err.contains("[format]"),
        "{}",
        r.err
    );
}

#[test]
fn braces_read_and_render_as_lush() {
    let d = temp("brace");
    let script = "(print '{<p> Click  in the {<b> window}, then\n  <here>.})\n(render-brace-text 0 30 '{<p> This demo finds an approximative solution of the Travelling Salesman Problem.})\n(print 'end)\n";
    std::fs::write(d.join("b.lsp"), script).unwrap();
    let r = sn(&d, &["b.lsp"], &[]);
    assert_eq!(r.status, Some(0), "{}", r.err);
    let lines: Vec<&str> = r.out.lines().collect();
    assert_eq!(
        lines[0],
        r#"(<p> 1 "Click" 2 "in" 1 "the" 1 (<b> 1 "window") "," 1 "then" -1 2 (<c> "here") ".")"#
    );
    let text = &lines[1..lines.len() - 1];
    assert!(text.len() >= 3, "{text:?}");
    for l in text {
        assert!(l.len() <= 31, "line over the margin: {l:?}");
    }
    let words: Vec<&str> = text.iter().flat_map(|l| l.split_whitespace()).collect();
    assert_eq!(
        words.join(" "),
        "This demo finds an approximative solution of the Travelling Salesman Problem."
    );
    assert_eq!(
        text.last(),
        Some(&""),
        "a paragraph ends with an empty line"
    );
    assert_eq!(lines.last(), Some(&"end"));

    let r = sn(&d, &["-e", "'{<nope> x}"], &[]);
    assert!(
        r.err.contains("illegal tag") && r.err.contains("[read]"),
        "{}",
        r.err
    );
    let deep = format!("'{}", "{<p> ".repeat(100_000));
    std::fs::write(d.join("deep.lsp"), deep).unwrap();
    let r = sn(&d, &["deep.lsp"], &[]);
    assert!(r.err.contains("nested too deeply"), "{}", r.err);
}

/// netenv's own error and performance plots (plot ports, as SN2.8's), on
/// xor.sn, which calls init-error-plotting and init-perf-plotting.
#[test]
fn xor_plots_its_error_and_performance() {
    let Some(s) = sn28() else { return };
    let d = temp("xor");
    copy_tree(&s.join("examples/netold/xor"), &d);
    let lib = s.join("lib");
    let r = sn(&d, &["demo"], &[("SN_PATH", &lib)]);
    r.assert_clean("xor demo");
    let e = png(&d, "Error_plotting.png");
    assert_eq!((e.width(), e.height()), (500, 300));
    // the plot rectangle of nice-brect: (60, 270)-(450, 40); open circles
    // along the curve, every label and the title drawn
    let inside = count(&e, (62, 40, 450, 268), |p| p == Rgb::BLACK);
    assert!(inside > 400, "error curve: {inside} pixels");
    let labels = count(&e, (0, 40, 58, 280), |p| p == Rgb::BLACK);
    assert!(labels > 200, "y labels: {labels} pixels");
    let p = png(&d, "Perf_plotting.png");
    assert!(count(&p, (62, 40, 450, 268), |p| p == Rgb::BLACK) > 300);
}

/// sn's own plot-perf-file (netenv), on a perf file with one of the
/// comment lines that sn's netenv writes there.
#[test]
fn sn_plot_perf_file_reads_perf_lines_and_comments() {
    let d = temp("own-perf");
    let perf = ";;; (load-patterns \"a\" \"b\")\n  100 0.8 20.00 ;{0-3}\n  200 0.4 60.00 ;{0-3}\n  200 0.5 50.00\n  300 0.1 100.00 ;{0-3}\n  300 0.2 75.00\n";
    std::fs::write(d.join("own.perf"), perf).unwrap();
    std::fs::write(d.join("p.sn"), "(print (plot-perf-file \"own\"))\n").unwrap();
    let r = sn(&d, &["p.sn"], &[]);
    r.assert_clean("plot-perf-file");
    // a line without a range repeating the age before is the test set
    assert!(
        r.out.contains("{0-3} open-circle") && r.out.contains("Test closed-circle"),
        "{}",
        r.out
    );
    assert!(r.out.contains("(\"{0-3}\" \"Test\")"), "{}", r.out);
    let g = png(&d, "Perf_plotting.png");
    let (w, h) = (g.width() as i64, g.height() as i64);
    // (age 300, performance 100) of {0-3}: the top right corner of the plot
    let ring = count(&g, (w - 54, 36, w - 45, 45), |p| p == Rgb::BLACK);
    assert!(ring >= 8, "marker at the top right: {ring}");
    // (age 200, performance 50) of Test: a filled disc in the middle
    let (qx, qy) = (60 + (w - 110) / 2, (h - 30) - (h - 70) / 2);
    assert!(count(&g, (qx - 1, qy - 1, qx + 2, qy + 2), |p| p == Rgb::BLACK) >= 5);
}
