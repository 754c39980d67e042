//! The HTTP side: routes, the page, the PNGs and the event streams.
//!
//! Each connection has a thread of its own and carries one request
//! (answers say `Connection: close`), so an event stream or a slow client
//! never holds up another. Routes (GET or HEAD; anything else is 404): `/` the page, `/events`
//! server-sent events, `/curves.json`, `/windows/NAME.png` (NAME
//! percent-encoded) the latest picture of the live window NAME. A window
//! name is only a key of the store: nothing is ever read from disk.

use crate::store::Store;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Connections served at once (event streams included); more are closed
/// with 503.
const MAX_CONNECTIONS: usize = 128;
/// A comment line is sent on a quiet stream this often (it finds
/// clients that went away).
const KEEPALIVE: Duration = Duration::from_secs(10);
/// Time allowed to send a request's head, or to take an answer's bytes.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest request head read.
const MAX_HEAD: usize = 16 * 1024;

/// The page, with `/*STATE*/` replaced by the state when served.
const PAGE: &str = include_str!("page.html");

/// What the serving threads share.
pub(crate) struct Shared {
    pub store: Arc<Store>,
    pub stop: AtomicBool,
    pub connections: AtomicUsize,
    /// The event streams open, shut down when the view stops.
    pub streams: Mutex<Vec<(u64, TcpStream)>>,
}

/// Accepts connections until `shared.stop` is set (and a connection
/// wakes the loop); one thread per connection.
pub(crate) fn serve(listener: &TcpListener, shared: &Arc<Shared>) {
    let mut next = 0u64;
    for conn in listener.incoming() {
        if shared.stop.load(Ordering::Acquire) {
            return;
        }
        let Ok(stream) = conn else {
            // a failed accept (descriptors exhausted): go on after a breath
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        if shared.connections.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
            shared.connections.fetch_sub(1, Ordering::AcqRel);
            let mut s = stream;
            let _ = s.write_all(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            continue;
        }
        next += 1;
        let (sh, id) = (shared.clone(), next);
        let spawned = std::thread::Builder::new()
            .name("sn-view-client".into())
            .spawn(move || {
                let _ = handle(stream, &sh, id);
                sh.connections.fetch_sub(1, Ordering::AcqRel);
            });
        if spawned.is_err() {
            shared.connections.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

/// Reads one request head; `(method, path)`, `None` for a malformed or
/// unfinished one.
fn read_request(s: &mut TcpStream) -> std::io::Result<Option<(String, String)>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = s.read(&mut chunk)?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut rq = httparse::Request::new(&mut headers);
        match rq.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => {
                let m = rq.method.unwrap_or("").to_string();
                return Ok(Some((m, rq.path.unwrap_or("").to_string())));
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => {}
            _ => return Ok(None),
        }
    }
}

/// Serves the one request of a connection.
fn handle(mut s: TcpStream, shared: &Shared, id: u64) -> std::io::Result<()> {
    s.set_read_timeout(Some(IO_TIMEOUT))?;
    s.set_write_timeout(Some(IO_TIMEOUT))?;
    let Some((method, path)) = read_request(&mut s)? else {
        return send(&mut s, 400, "text/plain", b"bad request\n", false);
    };
    let head = method == "HEAD";
    if method != "GET" && !head {
        return not_found(&mut s, head);
    }
    let path = path.split_once('?').map_or(path.as_str(), |(p, _)| p);
    match path {
        "/" => {
            let page = PAGE.replace("/*STATE*/", &shared.store.state_json());
            send(
                &mut s,
                200,
                "text/html; charset=utf-8",
                page.as_bytes(),
                head,
            )
        }
        "/curves.json" => {
            let body = shared.store.curves_json();
            send(&mut s, 200, "application/json", body.as_bytes(), head)
        }
        "/events" => stream(s, shared, id),
        _ => match window_name(path).and_then(|n| shared.store.png(&n)) {
            Some(png) => send(&mut s, 200, "image/png", &png, head),
            None => not_found(&mut s, head),
        },
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        _ => "Not Found",
    }
}

/// Writes a whole answer and closes the connection.
fn send(
    s: &mut TcpStream,
    status: u16,
    kind: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    write!(
        s,
        "HTTP/1.1 {status} {}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        reason(status),
        body.len()
    )?;
    if !head {
        s.write_all(body)?;
    }
    s.flush()?;
    s.shutdown(Shutdown::Write)
}

fn not_found(s: &mut TcpStream, head: bool) -> std::io::Result<()> {
    send(s, 404, "text/plain; charset=utf-8", b"not found\n", head)
}

/// The window name of `/windows/NAME.png`, percent-decoded.
pub(crate) fn window_name(path: &str) -> Option<String> {
    let enc = path.strip_prefix("/windows/")?.strip_suffix(".png")?;
    percent_decode(enc)
}

/// `%XX` sequences decoded; `None` for a malformed one or bytes that
/// are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `/events`: the changes, as they come, until the client leaves or
/// the view stops (which shuts the connection down).
fn stream(mut s: TcpStream, shared: &Shared, id: u64) -> std::io::Result<()> {
    if let Ok(mut all) = shared.streams.lock() {
        all.push((id, s.try_clone()?));
    }
    let r = events(&mut s, shared);
    if let Ok(mut all) = shared.streams.lock() {
        all.retain(|(i, _)| *i != id);
    }
    let _ = s.shutdown(Shutdown::Both);
    r
}

/// Writes the event stream.
fn events(w: &mut TcpStream, shared: &Shared) -> std::io::Result<()> {
    w.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
          Cache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n",
    )?;
    w.flush()?;
    let mut seen = 0;
    loop {
        let ch = shared.store.changes(seen, KEEPALIVE);
        if ch.stopped || shared.stop.load(Ordering::Acquire) {
            return Ok(());
        }
        let mut text = String::new();
        if ch.events.is_empty() {
            text.push_str(": keep-alive\n\n");
        }
        for (name, data) in &ch.events {
            text.push_str(&format!("event: {name}\ndata: {data}\n\n"));
        }
        w.write_all(text.as_bytes())?;
        w.flush()?;
        seen = ch.seq;
    }
}

/// Shuts every open event stream down (the view stops).
pub(crate) fn close_streams(shared: &Shared) {
    if let Ok(all) = shared.streams.lock() {
        for (_, s) in all.iter() {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_names() {
        assert_eq!(window_name("/windows/net.png").as_deref(), Some("net"));
        assert_eq!(window_name("/windows/a%20b.png").as_deref(), Some("a b"));
        assert_eq!(window_name("/windows/..%2fx.png").as_deref(), Some("../x"));
        assert_eq!(window_name("/windows/bad%2.png"), None);
        assert_eq!(window_name("/windows/%ff.png"), None);
        assert_eq!(window_name("/other/net.png"), None);
        assert_eq!(window_name("/windows/net"), None);
    }
}
