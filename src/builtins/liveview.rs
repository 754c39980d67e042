//! The live view: `(view-windows [port [host]])` (or `sn --view [PORT]`)
//! serves a page on http://127.0.0.1:PORT/ showing every window of the
//! session and the training curves, updated while they change (see the
//! `sn-view` crate). The server runs on threads of its own and reads only
//! a snapshot store that this thread publishes into: windows at their
//! write points, curves when `train-net` ends a pass or a scalar is
//! logged. While the view is off nothing is published.

use crate::builtins::graphics::show_windows;
use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Value};
use sn_view::View;
use std::cell::RefCell;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The port used when none is given.
pub const DEFAULT_PORT: u16 = 8028;

thread_local! {
    static VIEW: RefCell<Option<View>> = const { RefCell::new(None) };
}

/// Whether a view is running on this thread.
pub fn is_on() -> bool {
    sn_graphics::live::is_on()
}

/// The page's URL while a view runs.
pub fn url() -> Option<String> {
    VIEW.try_with(|v| v.borrow().as_ref().map(View::url))
        .ok()
        .flatten()
}

/// Adds the point (step, value) to the view's curve `name` (nothing when
/// the view is off).
pub fn curve_point(name: &str, step: f64, value: f64) {
    if !is_on() {
        return;
    }
    let _ = VIEW.try_with(|v| {
        if let Some(v) = v.borrow().as_ref() {
            v.store().point(name, step, value);
        }
    });
}

/// Shows the windows drawn on since they were last shown (the end of a
/// burst of drawing); called after a pass, a logged scalar and each REPL
/// input.
pub fn show_pending() {
    if is_on() {
        show_windows(false);
    }
}

/// Stops the view, if one runs.
pub fn stop() {
    sn_graphics::live::set_sink(None);
    // dropping the view ends its threads and frees the port
    let old = VIEW.try_with(|v| v.borrow_mut().take()).ok().flatten();
    drop(old);
}

/// Starts a view on `host:port` (stopping a running one first); its URL.
///
/// # Errors
/// `io` naming the address when it cannot be listened on (port taken).
pub fn start(addr: SocketAddr) -> Result<String, LispError> {
    stop();
    let view = View::start(addr).map_err(|e| {
        LispError::new(
            ErrorKind::Io,
            format!("view-windows: cannot serve on {addr}: {e}"),
        )
        .culprit(Value::Num(f64::from(addr.port())))
    })?;
    let url = view.url();
    sn_graphics::live::set_sink(Some(view.store()));
    VIEW.with(|v| *v.borrow_mut() = Some(view));
    show_windows(true);
    Ok(url)
}

/// The port argument: an integer in 0..=65535.
fn port_arg(a: &[Value], f: &str) -> Res<u16> {
    let p = args::int(a, 0, f)?;
    u16::try_from(p).map_err(|_| {
        LispError::new(
            ErrorKind::Domain,
            format!("{f}: port {p} is not in 0..65535"),
        )
        .culprit(a[0].clone())
        .into()
    })
}

/// The host argument: an IP address, 127.0.0.1 by default.
fn host_arg(a: &[Value], f: &str) -> Res<IpAddr> {
    let Some(v) = args::opt(a, 1) else {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    };
    let s = args::string(a, 1, f)?;
    s.parse()
        .map_err(|_| type_error(f, "an IP address such as \"127.0.0.1\"", v))
}

/// `(view-windows [port [host]])`.
fn view_windows(_: &mut Interp, a: &[Value]) -> Res {
    let f = "view-windows";
    if a.first().is_some_and(Value::is_nil) {
        stop();
        return Ok(Value::Nil);
    }
    if a.is_empty() {
        if let Some(u) = url() {
            return Ok(Value::string(&u));
        }
    }
    let port = if a.is_empty() {
        DEFAULT_PORT
    } else {
        port_arg(a, f)?
    };
    let host = host_arg(a, f)?;
    Ok(Value::string(&start(SocketAddr::new(host, port))?))
}

/// `(view-url)`.
fn view_url(_: &mut Interp, _: &[Value]) -> Res {
    Ok(url().map_or(Value::Nil, |u| Value::string(&u)))
}

/// Registers `view-windows` and `view-url`.
pub fn register(it: &mut Interp) {
    it.begin_family("graphics");
    it.defn("view-windows", 0, Some(2), view_windows, "(view-windows [port [host]]) serves the live view on http://HOST:PORT/ (host 127.0.0.1, port 8028 by default; port 0 takes any free port) and returns its URL: a page showing every window of the session and the curves of train-net, run, trun and tensorboard-scalar, updated while they change. With no argument while a view runs, returns its URL; (view-windows ()) stops it. Also `sn --view [PORT]`.");
    it.defn(
        "view-url",
        0,
        Some(0),
        view_url,
        "(view-url) the URL of the running live view (see view-windows), or ().",
    );
}
