//! The snapshot store shared by the drawing thread and the server: the
//! latest picture of every live window and the points of every curve,
//! each change numbered by one sequence counter, so that a client that
//! saw everything up to change `n` asks for what came after `n`.

use crate::json;
use sn_graphics::live::Sink;
use sn_graphics::Canvas;
use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// Points kept per curve; beyond, every second point is dropped.
const MAX_POINTS: usize = 20_000;

/// The latest picture of a window.
struct Shot {
    id: u64,
    version: u64,
    canvas: Arc<Canvas>,
    png: Option<Arc<Vec<u8>>>,
}

/// A curve: its points, each with the change that added it.
#[derive(Default)]
struct Curve {
    /// The change that last emptied or thinned the curve.
    reset: u64,
    points: Vec<(u64, f64, f64)>,
}

#[derive(Default)]
struct State {
    seq: u64,
    windows: BTreeMap<String, Shot>,
    closed: BTreeMap<String, u64>,
    curves: BTreeMap<String, Curve>,
    stopped: bool,
}

/// What changed after a given change, as server-sent events.
pub struct Changes {
    /// The last change included.
    pub seq: u64,
    /// `(event name, JSON data)`.
    pub events: Vec<(&'static str, String)>,
    /// The view is stopping.
    pub stopped: bool,
}

/// The shared snapshots (see the module documentation).
#[derive(Default)]
pub struct Store {
    state: Mutex<State>,
    changed: Condvar,
}

impl Store {
    fn lock(&self) -> MutexGuard<'_, State> {
        // a panicking holder cannot leave the maps half-changed
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds the point (`step`, `value`) to curve `name`. A step before the
    /// curve's last one starts the curve again (a new run); the last step
    /// again replaces its value (netenv's `run` measures the net it was
    /// left with before training it further).
    pub fn point(&self, name: &str, step: f64, value: f64) {
        let mut s = self.lock();
        s.seq += 1;
        let seq = s.seq;
        let c = s.curves.entry(name.to_string()).or_default();
        match c.points.last() {
            Some(p) if step < p.1 => {
                c.points.clear();
                c.reset = seq;
            }
            Some(p) if step == p.1 => {
                c.points.pop();
                c.reset = seq;
            }
            _ => {}
        }
        c.points.push((seq, step, value));
        if c.points.len() > MAX_POINTS {
            let kept: Vec<_> = c.points.iter().copied().step_by(2).collect();
            c.points = kept;
            c.reset = seq;
        }
        drop(s);
        self.changed.notify_all();
    }

    /// The PNG of window `name`, encoded on first request of each version;
    /// `None` when no live window has that name.
    pub fn png(&self, name: &str) -> Option<Arc<Vec<u8>>> {
        let (version, canvas) = {
            let s = self.lock();
            let shot = s.windows.get(name)?;
            if let Some(p) = &shot.png {
                return Some(p.clone());
            }
            (shot.version, shot.canvas.clone())
        };
        let png = Arc::new(sn_graphics::png_io::encode(&canvas).ok()?);
        let mut s = self.lock();
        if let Some(shot) = s.windows.get_mut(name).filter(|w| w.version == version) {
            shot.png = Some(png.clone());
        }
        Some(png)
    }

    /// Every curve as a JSON object `{"name": [[step, value], ...], ...}`.
    pub fn curves_json(&self) -> String {
        let s = self.lock();
        let items: Vec<String> = s
            .curves
            .iter()
            .map(|(n, c)| format!("{}:{}", json::string(n), curve_points(c, 0)))
            .collect();
        format!("{{{}}}", items.join(","))
    }

    /// The whole state as JSON: `{"windows": [...], "curves": {...}}`.
    pub fn state_json(&self) -> String {
        let windows: Vec<String> = {
            let s = self.lock();
            s.windows.iter().map(|(n, w)| window_json(n, w)).collect()
        };
        format!(
            "{{\"windows\":[{}],\"curves\":{}}}",
            windows.join(","),
            self.curves_json()
        )
    }

    /// Waits up to `timeout` for a change after `since`, then returns the
    /// changes after `since` (all of the state when `since` is 0).
    pub fn changes(&self, since: u64, timeout: Duration) -> Changes {
        let mut s = self.lock();
        if s.seq <= since && !s.stopped {
            s = self
                .changed
                .wait_timeout_while(s, timeout, |s| s.seq <= since && !s.stopped)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
        let mut events = Vec::new();
        for (n, w) in s.windows.iter().filter(|(_, w)| w.version > since) {
            events.push(("window", window_json(n, w)));
        }
        for (n, _) in s.closed.iter().filter(|(_, &q)| q > since) {
            events.push(("closed", format!("{{\"name\":{}}}", json::string(n))));
        }
        for (n, c) in &s.curves {
            if let Some(e) = curve_event(n, c, since) {
                events.push(("curve", e));
            }
        }
        Changes {
            seq: s.seq,
            events,
            stopped: s.stopped,
        }
    }

    /// Wakes every waiting client for good (the view stops).
    pub fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }
}

fn window_json(name: &str, w: &Shot) -> String {
    format!(
        "{{\"name\":{},\"version\":{},\"width\":{},\"height\":{}}}",
        json::string(name),
        w.version,
        w.canvas.width(),
        w.canvas.height()
    )
}

fn curve_points(c: &Curve, since: u64) -> String {
    let from = c.points.partition_point(|p| p.0 <= since);
    json::points(c.points[from..].iter().map(|p| (p.1, p.2)))
}

/// The event of a curve's points after `since`: all of them (`reset`) if
/// the curve was restarted since (or for a new client), else the new ones.
fn curve_event(name: &str, c: &Curve, since: u64) -> Option<String> {
    let reset = since == 0 || c.reset > since;
    let pts = if reset {
        curve_points(c, 0)
    } else if c.points.last().is_some_and(|p| p.0 > since) {
        curve_points(c, since)
    } else {
        return None;
    };
    Some(format!(
        "{{\"name\":{},\"reset\":{reset},\"points\":{pts}}}",
        json::string(name)
    ))
}

impl Sink for Store {
    fn window(&self, id: u64, name: &str, canvas: &Canvas) {
        let canvas = Arc::new(canvas.clone());
        let mut s = self.lock();
        s.seq += 1;
        let version = s.seq;
        s.closed.remove(name);
        s.windows.insert(
            name.to_string(),
            Shot {
                id,
                version,
                canvas,
                png: None,
            },
        );
        drop(s);
        self.changed.notify_all();
    }

    fn closed(&self, id: u64, name: &str) {
        let mut s = self.lock();
        if s.windows.get(name).is_some_and(|w| w.id == id) {
            s.windows.remove(name);
            s.seq += 1;
            let seq = s.seq;
            s.closed.insert(name.to_string(), seq);
            drop(s);
            self.changed.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_follow_the_sequence() {
        let st = Store::default();
        st.point("c", 1.0, 0.5);
        let all = st.changes(0, Duration::ZERO);
        assert_eq!(all.events.len(), 1);
        st.point("c", 2.0, 0.25);
        let next = st.changes(all.seq, Duration::ZERO);
        assert_eq!(
            next.events[0].1,
            r#"{"name":"c","reset":false,"points":[[2,0.25]]}"#
        );
        st.point("c", 2.0, 0.125);
        let same = st.changes(next.seq, Duration::ZERO);
        assert_eq!(
            same.events[0].1,
            r#"{"name":"c","reset":true,"points":[[1,0.5],[2,0.125]]}"#
        );
        st.point("c", 1.0, 0.75);
        let again = st.changes(same.seq, Duration::ZERO);
        assert_eq!(
            again.events[0].1,
            r#"{"name":"c","reset":true,"points":[[1,0.75]]}"#
        );
        assert!(st.changes(again.seq, Duration::ZERO).events.is_empty());
    }

    #[test]
    fn windows_come_and_go() {
        let st = Store::default();
        let c = Canvas::new(3, 2).unwrap();
        st.window(7, "w", &c);
        assert!(st.png("w").is_some_and(|p| p.starts_with(b"\x89PNG")));
        st.closed(8, "w"); // another window of that name: ignored
        assert!(st.png("w").is_some());
        st.closed(7, "w");
        assert!(st.png("w").is_none());
        let ch = st.changes(0, Duration::ZERO);
        assert_eq!(ch.events, vec![("closed", r#"{"name":"w"}"#.to_string())]);
    }
}
