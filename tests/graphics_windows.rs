//! The graphics builtins end to end: Lisp drawing calls produce PNG files
//! with the expected size and pixels, with no display and no terminal.

use sn::lisp::{Interp, Output, Value};
use sn_graphics::png_io::read_png;
use sn_graphics::Rgb;
use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

/// An interpreter printing into a buffer, writing windows into a fresh folder.
fn interp(name: &str) -> (Interp, PathBuf, Rc<RefCell<Vec<u8>>>) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("graphics-windows")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut it = Interp::new();
    let buf = Rc::new(RefCell::new(Vec::new()));
    it.output = Output::Buffer(buf.clone());
    it.set_global("window-dir", Value::string(&dir.to_string_lossy()));
    (it, dir, buf)
}

fn run(it: &mut Interp, src: &str) -> Value {
    match it.eval_str(src) {
        Ok(v) => v,
        Err(e) => panic!("{src}: {e:?}"),
    }
}

#[test]
fn batch_writes_the_named_window() {
    let (mut it, dir, _) = interp("batch");
    run(&mut it, "(new-window 10 20 120 80 \"net\")");
    run(
        &mut it,
        "(graphics-batch (cls) (draw-line 0 5 119 5) (fill-rect 10 10 20 10)
           (color (alloccolor 0.5 0.5 0.5)) (fill-rect 50 50 4 4) (color color-fg))",
    );
    let img = read_png(&dir.join("net.png")).unwrap();
    assert_eq!((img.width(), img.height()), (120, 80));
    assert!((0..120).all(|x| img.get(x, 5) == Some(Rgb::BLACK)));
    assert_eq!(img.get(0, 4), Some(Rgb::WHITE));
    assert_eq!(img.get(10, 10), Some(Rgb::BLACK));
    assert_eq!(img.get(29, 19), Some(Rgb::BLACK));
    assert_eq!(img.get(30, 19), Some(Rgb::WHITE));
    assert_eq!(img.get(9, 10), Some(Rgb::WHITE));
    assert_eq!(img.get(52, 52), Some(Rgb(128, 128, 128)));
}

#[test]
fn batch_value_and_errors_inside_it() {
    let (mut it, dir, _) = interp("batch-error");
    run(&mut it, "(new-window 16 16 \"e\")");
    assert_eq!(
        run(&mut it, "(graphics-batch (fill-rect 0 0 4 4) 42)").as_num(),
        Some(42.0)
    );
    let r = it.eval_str("(graphics-batch (fill-rect 0 0 16 16) (car 1))");
    assert!(r.is_err());
    // The batch ended with the error: the file shows the drawing done before it.
    assert_eq!(
        read_png(&dir.join("e.png")).unwrap().get(15, 15),
        Some(Rgb::BLACK)
    );
    run(&mut it, "(graphics-batch (cls))");
    assert_eq!(
        read_png(&dir.join("e.png")).unwrap().get(15, 15),
        Some(Rgb::WHITE)
    );
}

#[test]
fn gray_lists_and_matrices_and_save_window() {
    let (mut it, dir, _) = interp("gray");
    run(&mut it, "(new-window 40 40 \"g\")");
    run(&mut it, "(gray-draw-list 0 0 '(0 1 2 3) 2 0 2 10)");
    run(&mut it, "(gray-draw-matrix 20 20 [[0 4][2 4]] 0 4 5 5)");
    let file = dir.join("copy.png");
    run(
        &mut it,
        &format!("(save-window window {:?})", file.to_string_lossy()),
    );
    let img = read_png(&file).unwrap();
    assert_eq!(img.get(5, 5), Some(Rgb::BLACK));
    assert_eq!(img.get(15, 5), Some(Rgb::gray(0.5)));
    assert_eq!(img.get(5, 15), Some(Rgb::WHITE));
    assert_eq!(img.get(15, 15), Some(Rgb::WHITE));
    assert_eq!(img.get(22, 27), Some(Rgb::gray(0.5)));
    assert_eq!(img.get(27, 22), Some(Rgb::WHITE));
}

#[test]
fn pictures_and_text_without_terminal() {
    let (mut it, dir, buf) = interp("pictures");
    let d = dir.to_string_lossy().to_string();
    run(&mut it, &format!("(save-curves \"{d}/err.png\" \"error\" '((\"train\" 1 0.5 0.25) (\"test\" (1 1) (3 0.5))) \"mse\")"));
    run(
        &mut it,
        &format!("(save-weights \"{d}/w.png\" (matrix 4 1 5 5) 3)"),
    );
    run(
        &mut it,
        &format!("(save-confusion \"{d}/conf.png\" [[5 1][0 6]] \"test\")"),
    );
    run(
        &mut it,
        &format!(
            "(save-feature-maps \"{d}/maps.png\" (list (cons \"in\" (matrix 8 8)) (matrix 2 4 4)))"
        ),
    );
    let curves = read_png(&dir.join("err.png")).unwrap();
    assert_eq!((curves.width(), curves.height()), (480, 320));
    let w = read_png(&dir.join("w.png")).unwrap();
    assert_eq!((w.width(), w.height()), (15 + 2 + 2, 4 * (15 + 2) + 2));
    assert!(read_png(&dir.join("conf.png")).is_ok());
    assert!(read_png(&dir.join("maps.png")).is_ok());
    run(&mut it, "(show-array [[0 1][1 0]])");
    let p = "(let ((p (progress-start 3 \"x\"))) (progress-step p) (progress-report p \"epoch %d\" 1) (progress-end p))";
    assert_eq!(run(&mut it, p).as_num(), Some(1.0));
    let out = String::from_utf8(buf.borrow().clone()).unwrap();
    assert_eq!(out, "  ██\n██  \nepoch 1\n");
}

#[test]
fn bad_arguments_are_typed_errors() {
    let (mut it, _, _) = interp("errors");
    let kind = |it: &mut Interp, src: &str| it.eval_str(src).err().map(|e| e.kind().name());
    assert_eq!(kind(&mut it, "(new-window 0 10)"), Some("domain"));
    assert_eq!(kind(&mut it, "(new-window 1 2 3)"), Some("arity"));
    assert_eq!(kind(&mut it, "(color 123456789)"), Some("domain"));
    assert_eq!(kind(&mut it, "(draw-line 0 0 \"a\" 1)"), Some("type"));
    assert_eq!(
        kind(&mut it, "(gray-draw-matrix 0 0 (matrix 2 2 2) 0 1)"),
        Some("shape")
    );
    assert_eq!(
        kind(&mut it, "(rgb-draw-matrix 0 0 (matrix 2 2 2))"),
        Some("shape")
    );
    assert_eq!(
        kind(&mut it, "(draw-array 0 0 [1 2] \"jet\")"),
        Some("domain")
    );
    assert_eq!(kind(&mut it, "(save-window 3 \"x.png\")"), Some("type"));
    assert_eq!(
        kind(&mut it, "(save-curves \"/dev/null/x.png\" \"t\" ())"),
        Some("io")
    );
    // Huge coordinates are clipped, not a hang or a crash.
    assert!(it
        .eval_str("(draw-line -1e300 0 1e300 0) (draw-circle 0 0 1e12)")
        .is_ok());
}

#[test]
fn windows_are_written_when_their_thread_ends_even_if_leaked() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("graphics-windows")
        .join("leak");
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.to_string_lossy().to_string();
    std::thread::spawn(move || {
        let mut it = Interp::new();
        it.set_global("window-dir", Value::string(&d));
        let src = "(new-window 10 10 \"leak\") (draw-line 0 0 9 0) (draw-line 0 9 9 9)";
        assert!(it.eval_str(src).is_ok());
        // The interpreter is never dropped: only the end of the thread flushes.
        std::mem::forget(it);
    })
    .join()
    .unwrap();
    let img = read_png(&dir.join("leak.png")).unwrap();
    assert_eq!(img.get(5, 0), Some(Rgb::BLACK));
    assert_eq!(img.get(5, 9), Some(Rgb::BLACK));
}
