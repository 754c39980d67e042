//! The live view (`(view-windows [port])`, `sn --view [PORT]`): the PNG of
//! a drawn window served from memory at its size, 404 for every path that
//! is not a live window (parent folders, encoded slashes, absolute paths,
//! unknown names), server-sent events announcing drawing and training,
//! many clients coming and going, a taken port as a Lisp error, and the
//! page in a real browser (headless Chromium, skipped when absent) showing
//! the windows and a curve that grows while netenv trains.

mod common;

use sn::lisp::error::ErrorKind;
use sn::lisp::{printer, Interp, Output, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn interp() -> Interp {
    let mut it = Interp::new();
    it.output = Output::Buffer(Default::default());
    it
}

fn eval(it: &mut Interp, code: &str) -> Value {
    it.eval_str(code)
        .unwrap_or_else(|_| panic!("{code} failed"))
}

/// Starts a view on any free port in `it`; its address.
fn start_view(it: &mut Interp) -> SocketAddr {
    let url = eval(it, "(view-windows 0)");
    let Value::Str(u) = &url else {
        panic!("view-windows gave {}", printer::repr(&url))
    };
    addr_of(u)
}

/// The address of `http://ADDR/`.
fn addr_of(url: &str) -> SocketAddr {
    let a = url
        .strip_prefix("http://")
        .and_then(|r| r.strip_suffix('/'))
        .unwrap_or_else(|| panic!("not a view URL: {url}"));
    let addr: SocketAddr = a.parse().expect("an address");
    assert!(addr.ip().is_loopback(), "bound to {addr}, not 127.0.0.1");
    addr
}

/// Sends `request` (a request line and headers) and reads the whole
/// answer: status, head, body.
fn raw(addr: SocketAddr, request: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connect to the view");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).expect("read the answer");
    let end = all
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP head");
    let head = String::from_utf8_lossy(&all[..end]).to_string();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head}"));
    (status, head, all[end + 4..].to_vec())
}

fn get(addr: SocketAddr, path: &str) -> (u16, String, Vec<u8>) {
    raw(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    )
}

/// Width and height of a PNG (its IHDR), or `None` if not a PNG.
fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    if b.len() < 24 || &b[..8] != b"\x89PNG\r\n\x1a\n" || &b[12..16] != b"IHDR" {
        return None;
    }
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    Some((be(16), be(20)))
}

#[test]
fn a_drawn_window_is_served_as_a_png_of_its_size() {
    let mut it = interp();
    let addr = start_view(&mut it);
    eval(
        &mut it,
        "(new-window 40 30 \"net maps\") (draw-line 0 0 39 29)",
    );
    let (status, head, body) = get(addr, "/windows/net%20maps.png");
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: image/png"),
        "{head}"
    );
    assert_eq!(png_size(&body), Some((40, 30)));
    // the page and the curves are there too
    let (status, _, page) = get(addr, "/");
    assert_eq!(status, 200);
    let page = String::from_utf8_lossy(&page);
    assert!(
        page.contains("EventSource") && page.contains("net maps"),
        "{page}"
    );
    let (status, _, curves) = get(addr, "/curves.json");
    assert_eq!((status, curves.as_slice()), (200, b"{}".as_slice()));
    eval(&mut it, "(view-windows ())");
}

#[test]
fn paths_outside_the_live_windows_are_404() {
    let mut it = interp();
    let addr = start_view(&mut it);
    eval(&mut it, "(new-window 8 8 \"w\") (draw-line 0 0 7 7)");
    assert_eq!(get(addr, "/windows/w.png").0, 200);
    let outside = [
        "/../Cargo.toml",
        "/Cargo.toml",
        "/windows/..%2fCargo.toml",
        "/windows/..%2fCargo.toml.png",
        "/windows/..%2F..%2FCargo.toml.png",
        "/windows/../../Cargo.toml",
        "/windows/%2fetc%2fpasswd.png",
        "/windows//etc/passwd.png",
        "/windows/nosuch.png",
        "/windows/w.png/../../Cargo.toml",
        "/windows/w",
        "/windows/%zz.png",
        "/etc/passwd",
        "http://localhost/etc/passwd",
        "/curves.json/../Cargo.toml",
    ];
    for p in outside {
        let (status, _, body) = get(addr, p);
        assert_eq!(status, 404, "GET {p}");
        let text = String::from_utf8_lossy(&body);
        assert!(
            !text.contains("[package]") && !text.contains("root:"),
            "GET {p}: {text}"
        );
    }
    let post = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    assert_eq!(raw(addr, post).0, 404);
    // a window that is gone is no longer served
    eval(&mut it, "(setq window ())");
    assert_eq!(get(addr, "/windows/w.png").0, 404);
    eval(&mut it, "(view-windows ())");
}

/// Reads the event stream `s` until `want` is in what was read (or 20 s).
fn read_until(s: &mut TcpStream, seen: &mut String, want: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut buf = [0u8; 4096];
    while !seen.contains(want) && Instant::now() < deadline {
        match s.read(&mut buf) {
            Ok(0) => return false,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            Err(_) => {}
        }
    }
    seen.contains(want)
}

/// Whether the stream `s` ends (end of file or reset) within 10 s.
fn ends(s: &mut TcpStream) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return true,
        }
    }
    false
}

fn open_events(addr: SocketAddr) -> TcpStream {
    let mut s = TcpStream::connect(addr).expect("connect to the view");
    s.write_all(b"GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    s
}

#[test]
fn events_announce_drawing_and_scalars() {
    let mut it = interp();
    let addr = start_view(&mut it);
    eval(&mut it, "(new-window 20 10 \"plot\") (draw-line 0 0 19 9)");
    let mut s = open_events(addr);
    let mut seen = String::new();
    assert!(read_until(&mut s, &mut seen, "\"name\":\"plot\""), "{seen}");
    assert!(seen.contains("text/event-stream"), "{seen}");
    assert!(seen.contains("event: window"), "{seen}");
    seen.clear();
    // a new picture, once the rate limit allows it, and a new point
    std::thread::sleep(Duration::from_millis(150));
    eval(&mut it, "(graphics-batch (draw-line 0 9 19 0))");
    eval(&mut it, "(tensorboard-scalar \"demo/loss\" 3 0.25)");
    assert!(
        read_until(&mut s, &mut seen, "\"points\":[[3,0.25]]"),
        "{seen}"
    );
    assert!(seen.contains("event: curve"), "{seen}");
    assert!(
        seen.contains("event: window\ndata: {\"name\":\"plot\""),
        "{seen}"
    );
    let (_, _, curves) = get(addr, "/curves.json");
    assert_eq!(
        String::from_utf8_lossy(&curves),
        "{\"demo/loss\":[[3,0.25]]}"
    );
    // stopping ends the stream and frees the port
    eval(&mut it, "(view-windows ())");
    assert!(ends(&mut s), "the stream did not end");
    assert!(
        TcpStream::connect(addr).is_err(),
        "the port is still served"
    );
    assert!(eval(&mut it, "(view-url)").is_nil());
}

#[test]
fn many_clients_come_and_go() {
    let mut it = interp();
    let addr = start_view(&mut it);
    eval(&mut it, "(new-window 16 16 \"w\") (draw-line 0 0 15 15)");
    // streams opened and dropped at once, others left open
    let kept: Vec<TcpStream> = (0..20)
        .map(|i| {
            let s = open_events(addr);
            if i % 2 == 0 {
                drop(s);
                None
            } else {
                Some(s)
            }
        })
        .flatten()
        .collect();
    // a request cut in the middle
    let mut cut = TcpStream::connect(addr).unwrap();
    cut.write_all(b"GET /windows/w.p").unwrap();
    drop(cut);
    let clients: Vec<_> = (0..16)
        .map(|_| std::thread::spawn(move || get(addr, "/windows/w.png")))
        .collect();
    for c in clients {
        let (status, _, body) = c.join().expect("a client");
        assert_eq!((status, png_size(&body)), (200, Some((16, 16))));
    }
    // the streams still open all hear of a new point
    eval(&mut it, "(tensorboard-scalar \"n\" 1 2)");
    for mut s in kept {
        let mut seen = String::new();
        assert!(read_until(&mut s, &mut seen, "\"name\":\"n\""), "{seen}");
    }
    eval(&mut it, "(view-windows ())");
}

#[test]
fn a_taken_port_is_a_lisp_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut it = interp();
    let e = match it.eval_str(&format!("(view-windows {port})")) {
        Ok(v) => panic!("served on a taken port: {}", printer::repr(&v)),
        Err(u) => u.into_error(),
    };
    assert_eq!(e.kind, ErrorKind::Io, "{}", e.message);
    assert!(
        e.message.contains(&format!("127.0.0.1:{port}")),
        "{}",
        e.message
    );
    let culprit = e.culprit.as_ref().map(printer::repr);
    assert_eq!(culprit, Some(port.to_string()));
    let e = it
        .eval_str("(view-windows 70000)")
        .err()
        .expect("an error")
        .into_error();
    assert_eq!(e.kind, ErrorKind::Domain, "{}", e.message);
    // the session goes on, without a view
    assert!(eval(&mut it, "(view-url)").is_nil());
    assert!(!eval(&mut it, "(progn (view-windows 0) (view-url))").is_nil());
    eval(&mut it, "(view-windows ())");
}

// ------------------------------------------------------------ the binary

/// A fresh temporary folder for `name`.
fn temp(name: &str) -> common::TempDir {
    common::temp_dir(&format!("sn-live-view-{name}-"))
}

/// xor.sn trained round after round (a perf and an error plot each
/// round) until the file `stop` appears.
const XOR: &str = "(alloc_net 10 20) (seed 7)
(build_net '((input 2) (hidden 2) (output 1)) '((input hidden) (hidden output)))
(setq pattern_matrix (matrix 4 2) desired_matrix (matrix 4 1))
(for (i 0 3)
  (let ((a (if (>= i 2) 1 -1)) (b (if (= (mod i 2) 1) 1 -1)))
    (pattern_matrix i 0 a) (pattern_matrix i 1 b)
    (desired_matrix i 0 (if (= a b) -1 1))))
(ensemble 0 3) (set_class_quadrant) (forget 2) (epsi 0.1)
(init_error_plotting 2000 1.5)
(setq rounds 0)
(while (and (not (filep \"stop\")) (< rounds 2000))
  (run 4 1) (sleep 0.05) (incr rounds))
";

/// sn running a training, killed when dropped (when a test fails before
/// [`finish`]) so that it does not outlive the test and its folder.
struct Training(Child);

impl Drop for Training {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `sn --view 0 xor-live.sn` running in `dir`, and the view's address
/// read from its standard error.
fn start_training(dir: &Path) -> (Training, SocketAddr) {
    std::fs::write(dir.join("xor-live.sn"), XOR).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sn"))
        .args(["--view", "0", "xor-live.sn"])
        .current_dir(dir)
        .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sn runs");
    let stderr = child.stderr.take().unwrap();
    let child = Training(child);
    let mut line = String::new();
    let mut err = BufReader::new(stderr);
    err.read_line(&mut line).expect("sn's first line");
    let url = line
        .trim()
        .strip_prefix("sn: live view on ")
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    // the rest of standard error is drained so that sn never blocks on it
    std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
    (child, addr_of(url))
}

/// Tells the training to stop and waits for sn (killed after 20 s).
fn finish(mut child: Training, dir: &Path) {
    std::fs::write(dir.join("stop"), "").unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.0.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.0.kill();
            panic!("sn did not stop");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The number of points of curve `name` in `/curves.json`.
fn points_served(addr: SocketAddr, name: &str) -> usize {
    let (_, _, body) = get(addr, "/curves.json");
    let text = String::from_utf8_lossy(&body).to_string();
    let Some(at) = text.find(&format!("\"{name}\":[")) else {
        return 0;
    };
    let rest = &text[at + name.len() + 4..];
    let end = rest.find("]]").map_or(0, |e| e + 1);
    rest[..end].matches('[').count()
}

#[test]
fn the_command_line_view_follows_netenv_training() {
    let dir = temp("cli");
    let (child, addr) = start_training(&dir);
    let mut s = open_events(addr);
    let mut seen = String::new();
    assert!(
        read_until(&mut s, &mut seen, "\"name\":\"train/error\""),
        "{seen}"
    );
    let first = points_served(addr, "train/error");
    seen.clear();
    assert!(
        read_until(&mut s, &mut seen, "\"name\":\"Error plotting\""),
        "{seen}"
    );
    let (status, _, png) = get(addr, "/windows/Error%20plotting.png");
    assert_eq!((status, png_size(&png)), (200, Some((500, 300))));
    let deadline = Instant::now() + Duration::from_secs(20);
    while points_served(addr, "train/error") <= first && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        points_served(addr, "train/error") > first,
        "the curve did not grow"
    );
    finish(child, &dir);
}

#[test]
fn view_without_a_port_leaves_the_script_alone() {
    // `--view FILE`: FILE is the script (the default port then, which a
    // parallel run may hold: only the parsing is checked when it fails)
    let dir = temp("noport");
    std::fs::write(dir.join("u.lsp"), "(print (view-url))").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sn"))
        .args(["--view", "u.lsp"])
        .current_dir(&dir)
        .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .expect("sn runs");
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    if out.status.success() {
        assert!(o.contains("\"http://127.0.0.1:8028/\""), "{o}\n{e}");
    } else {
        assert!(
            e.contains("*** sn: --view: view-windows: cannot serve on 127.0.0.1:8028"),
            "{e}"
        );
    }
}

// ------------------------------------------------------------ the browser

const CHROMIUM: &str = "/usr/bin/chromium";

/// Runs headless Chromium on `url` with `what` (`--dump-dom` or
/// `--screenshot=FILE`); its standard output.
fn chromium(profile: &Path, what: &str, url: &str) -> String {
    let mut c = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1100,900",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(what)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium runs");
    let mut out = String::new();
    let mut so = c.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let _ = so.read_to_string(&mut out);
        out
    });
    let deadline = Instant::now() + Duration::from_secs(90);
    while c.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = c.kill();
            panic!("chromium did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

/// The `data-points` of the curve `name` in a dumped DOM.
fn dom_points(dom: &str, name: &str) -> usize {
    let tag = format!("data-curve=\"{name}\"");
    let Some(at) = dom.find(&tag) else { return 0 };
    let end = dom[at..].find('>').map_or(dom.len(), |e| at + e);
    let svg = &dom[at..end];
    svg.split("data-points=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_browser_shows_the_windows_and_a_growing_curve() {
    if !Path::new(CHROMIUM).exists() {
        eprintln!("skipped: {CHROMIUM} is absent (Debian package chromium)");
        return;
    }
    let dir = temp("browser");
    let (child, addr) = start_training(&dir);
    let url = format!("http://{addr}/");
    let deadline = Instant::now() + Duration::from_secs(20);
    while points_served(addr, "train/error") < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = dir.join("profile");
    let dom1 = chromium(&profile, "--dump-dom", &url);
    let shot1 = dir.join("s1.png");
    chromium(&profile, &format!("--screenshot={}", shot1.display()), &url);
    std::thread::sleep(Duration::from_millis(1500));
    let shot2 = dir.join("s2.png");
    chromium(&profile, &format!("--screenshot={}", shot2.display()), &url);
    let dom2 = chromium(&profile, "--dump-dom", &url);
    for dom in [&dom1, &dom2] {
        assert!(
            dom.contains("<figure data-window=\"Error plotting\"")
                && dom.contains("src=\"/windows/Error%20plotting.png?v="),
            "no window picture in the page:\n{dom}"
        );
    }
    let (n1, n2) = (
        dom_points(&dom1, "train/error"),
        dom_points(&dom2, "train/error"),
    );
    assert!(n1 >= 2 && n2 > n1, "train/error: {n1} then {n2} points");
    let (p1, p2) = (
        std::fs::read(&shot1).unwrap(),
        std::fs::read(&shot2).unwrap(),
    );
    assert_eq!(png_size(&p1), Some((1100, 900)));
    assert_eq!(png_size(&p2), Some((1100, 900)));
    assert_ne!(p1, p2, "two screenshots 1.5 s apart are the same");
    finish(child, &dir);
}
