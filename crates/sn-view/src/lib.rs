//! The live view of sn: a page on localhost showing every window of the
//! session and the training curves, updated while they change.
//!
//! The interpreter is single-threaded; the server runs on threads of its
//! own and reads only the [`Store`], a thread-safe snapshot that the
//! drawing thread publishes into: windows through [`sn_graphics::live`]
//! (a copy of the canvas at each write point, PNG-encoded by the server
//! on request) and curve points through [`Store::point`]. Nothing is
//! served from disk.

#![warn(missing_docs)]

mod json;
mod server;
mod store;

pub use store::{Changes, Store};

use server::Shared;
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// A running view: the server thread and the store it serves.
pub struct View {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
    addr: SocketAddr,
}

impl View {
    /// Listens on `addr` (port 0: any free port) and serves the store.
    ///
    /// # Errors
    /// The address cannot be bound (taken, not allowed) or the server
    /// thread cannot be started.
    pub fn start(addr: SocketAddr) -> std::io::Result<View> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            store: Arc::new(Store::default()),
            stop: AtomicBool::new(false),
            connections: AtomicUsize::new(0),
            streams: Mutex::new(Vec::new()),
        });
        let sh = shared.clone();
        let thread = std::thread::Builder::new()
            .name("sn-view".into())
            .spawn(move || server::serve(&listener, &sh))?;
        Ok(View {
            shared,
            thread: Some(thread),
            addr,
        })
    }

    /// The address listened on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The page's URL, `http://ADDR/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The store the view serves (publish into it).
    pub fn store(&self) -> Arc<Store> {
        self.shared.store.clone()
    }
}

impl Drop for View {
    /// Stops serving: the event streams end, the server thread is joined
    /// and the port is freed.
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Release);
        self.shared.store.stop();
        server::close_streams(&self.shared);
        // a connection wakes the accepting thread, which then sees `stop`
        let wake = match self.addr.ip() {
            ip if ip.is_unspecified() && ip.is_ipv4() => {
                SocketAddr::from(([127, 0, 0, 1], self.addr.port()))
            }
            ip if ip.is_unspecified() => {
                SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, self.addr.port()))
            }
            _ => self.addr,
        };
        if std::net::TcpStream::connect_timeout(&wake, std::time::Duration::from_secs(2)).is_ok() {
            if let Some(t) = self.thread.take() {
                let _ = t.join();
            }
        }
    }
}
