//! Progress of long runs: a bar with rate and remaining time when standard
//! output is a terminal, plain lines (one per epoch) when it is not, so that
//! logs of scripts and CI stay readable.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Where progress goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A bar if standard output is a terminal, lines otherwise.
    Auto,
    /// Always a bar (drawn only if standard output is a terminal).
    Bar,
    /// One line per report on standard output.
    Lines,
    /// Nothing at all.
    Quiet,
}

enum Sink {
    Bar(ProgressBar),
    Lines(Box<dyn Write + Send>),
    Quiet,
}

/// A progress reporter over `total` steps (patterns, batches...).
pub struct Progress {
    sink: Sink,
    total: u64,
    done: u64,
    start: Instant,
    shown: Instant,
}

impl Progress {
    /// A reporter labelled `label` over `total` steps.
    pub fn new(label: &str, total: u64, mode: Mode) -> Progress {
        let mode = match mode {
            Mode::Auto if std::io::stdout().is_terminal() => Mode::Bar,
            Mode::Auto => Mode::Lines,
            m => m,
        };
        let sink = match mode {
            Mode::Bar => Sink::Bar(bar(label, total)),
            Mode::Lines => Sink::Lines(Box::new(std::io::stdout())),
            _ => Sink::Quiet,
        };
        Progress {
            sink,
            total,
            done: 0,
            start: Instant::now(),
            shown: Instant::now(),
        }
    }

    /// A reporter writing its lines to `out` (for logs and tests).
    pub fn to_writer(total: u64, out: Box<dyn Write + Send>) -> Progress {
        Progress {
            sink: Sink::Lines(out),
            total,
            done: 0,
            start: Instant::now(),
            shown: Instant::now(),
        }
    }

    /// Advances by `n` steps.
    pub fn inc(&mut self, n: u64) {
        self.done = self.done.saturating_add(n);
        if let Sink::Bar(b) = &self.sink {
            // The rate shown is refreshed at most five times a second.
            if self.shown.elapsed() >= Duration::from_millis(200) {
                b.set_prefix(format!("{:.0}/s", self.rate()));
                self.shown = Instant::now();
            }
            b.inc(n);
        }
    }

    /// Steps done so far.
    pub fn done(&self) -> u64 {
        self.done
    }

    /// Steps per second since the start.
    pub fn rate(&self) -> f64 {
        let secs = self.start.elapsed().as_secs_f64();
        if secs > 0.0 {
            self.done as f64 / secs
        } else {
            0.0
        }
    }

    /// Estimated time to finish, if any step was done.
    pub fn remaining(&self) -> Option<Duration> {
        let rate = self.rate();
        (rate > 0.0 && self.total >= self.done)
            .then(|| Duration::from_secs_f64((self.total - self.done) as f64 / rate))
    }

    /// Prints a report line (an epoch summary): above the bar on a terminal,
    /// as a line of its own otherwise. Write errors (a closed pipe) are ignored:
    /// progress never stops a run.
    pub fn report(&mut self, line: &str) {
        match &mut self.sink {
            Sink::Bar(b) => b.println(line),
            Sink::Lines(w) => {
                let _ = writeln!(w, "{line}").and_then(|()| w.flush());
            }
            Sink::Quiet => {}
        }
    }

    /// Removes the bar without a summary (a run that stopped early).
    pub fn clear(&mut self) {
        if let Sink::Bar(b) = &self.sink {
            b.finish_and_clear();
        }
    }

    /// Ends the bar, replacing it by a summary line (steps, time, rate);
    /// lines need no ending.
    pub fn finish(&mut self) {
        if let Sink::Bar(b) = &self.sink {
            let secs = self.start.elapsed().as_secs_f64();
            b.println(format!(
                "{}: {} steps in {secs:.1} s ({:.0}/s)",
                b.message(),
                self.done,
                self.rate()
            ));
            b.finish_and_clear();
        }
    }
}

fn bar(label: &str, total: u64) -> ProgressBar {
    let b = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stdout());
    let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {prefix} eta {eta}")
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    b.set_style(style);
    b.set_message(label.to_string());
    b
}

/// The standard epoch line: `epoch=E  age=A  cost=C  correct=P%  speed=S pat/s`.
pub fn epoch_line(epoch: u64, age: u64, cost: f64, correct_pct: f64, per_sec: f64) -> String {
    format!("epoch={epoch}  age={age}  cost={cost:.6}  correct={correct_pct:.2}%  speed={per_sec:.0} pat/s")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn lines_without_terminal() {
        let out = Shared::default();
        let mut p = Progress::to_writer(10, Box::new(out.clone()));
        p.inc(4);
        p.report(&epoch_line(1, 4, 0.5, 75.0, 100.0));
        p.inc(6);
        p.report("done");
        p.finish();
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert_eq!(
            text,
            "epoch=1  age=4  cost=0.500000  correct=75.00%  speed=100 pat/s\ndone\n"
        );
        assert_eq!(p.done(), 10);
        assert_eq!(
            p.remaining().map(|d| d.as_secs()),
            Some(0).filter(|_| p.rate() > 0.0)
        );
    }

    #[test]
    fn quiet_and_hidden_bar_do_not_fail() {
        let mut q = Progress::new("q", 3, Mode::Quiet);
        q.inc(3);
        q.report("nothing");
        let mut b = Progress::new("b", 3, Mode::Bar);
        b.inc(1);
        b.finish();
        assert_eq!(b.done(), 1);
    }
}
