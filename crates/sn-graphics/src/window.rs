//! Named off-screen windows, written as PNG files.
//!
//! A window is a canvas with a name, a current colour and, optionally, a
//! folder. A window without a folder ([`Window::in_memory`]) is never
//! written by itself: only [`Window::save_as`] puts it on disk. With a
//! folder, its file is `FOLDER/NAME.png` (the name with characters other
//! than letters, digits, `-`, `_` and `.` replaced by `_`), written once
//! something has been drawn, and rewritten:
//! - when the outermost batch ends ([`Window::end_batch`]);
//! - outside batches, after a drawing call, if the last write is older than
//!   [`Window::AUTO_WRITE_INTERVAL`] (so a file being watched follows the
//!   drawing without a write per call);
//! - by [`Window::flush`], which writes only if something changed, and when
//!   the window is dropped.
//!
//! While a live view is on ([`crate::live`]), the same write points (and
//! [`Window::show_pending`]) also hand the picture to the view, in-memory
//! windows included.

use crate::canvas::Canvas;
use crate::color::{self, Rgb};
use crate::error::Result;
use crate::live;
use crate::png_io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// An off-screen window.
#[derive(Debug)]
pub struct Window {
    name: String,
    canvas: Canvas,
    color: i64,
    ink: Rgb,
    folder: Option<PathBuf>,
    batch_depth: u32,
    dirty: bool,
    last_write: Option<Instant>,
    id: u64,
    /// Drawn on since last handed to the live view.
    unshown: bool,
    last_shown: Option<Instant>,
}

impl Window {
    /// Minimum time between two writes triggered by drawing outside a batch.
    pub const AUTO_WRITE_INTERVAL: Duration = Duration::from_millis(250);

    /// A white window of `width` x `height` named `name`, written into
    /// `folder` once something is drawn on it.
    ///
    /// # Errors
    /// `Domain` if the size is not accepted by [`Canvas::new`].
    pub fn new(name: &str, width: usize, height: usize, folder: &Path) -> Result<Window> {
        Self::make(name, width, height, Some(folder.to_path_buf()))
    }

    /// A white window that is written only by [`Window::save_as`].
    ///
    /// # Errors
    /// `Domain` if the size is not accepted by [`Canvas::new`].
    pub fn in_memory(name: &str, width: usize, height: usize) -> Result<Window> {
        Self::make(name, width, height, None)
    }

    fn make(name: &str, width: usize, height: usize, folder: Option<PathBuf>) -> Result<Window> {
        Ok(Window {
            name: name.to_string(),
            canvas: Canvas::new(width, height)?,
            color: color::COLOR_FG,
            ink: Rgb::BLACK,
            folder,
            batch_depth: 0,
            // a blank window is not worth a file
            dirty: false,
            last_write: None,
            id: live::next_id(),
            unshown: false,
            last_shown: None,
        })
    }

    /// The name of the window.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The canvas (read only).
    pub fn canvas(&self) -> &Canvas {
        &self.canvas
    }

    /// The file the window is written to (`None`: an in-memory window).
    pub fn path(&self) -> Option<PathBuf> {
        let stem = file_stem(&self.name);
        self.folder.as_ref().map(|f| f.join(format!("{stem}.png")))
    }

    /// The current colour number.
    pub fn color(&self) -> i64 {
        self.color
    }

    /// The current colour.
    pub fn ink(&self) -> Rgb {
        self.ink
    }

    /// Sets the current colour; returns the previous colour number.
    ///
    /// # Errors
    /// `Domain` if `number` is not a colour number (see [`color::resolve`]).
    pub fn set_color(&mut self, number: i64) -> Result<i64> {
        self.ink = color::resolve(number)?;
        Ok(std::mem::replace(&mut self.color, number))
    }

    /// Draws on the canvas with `f`, then writes the file if the auto-write rule says so.
    ///
    /// # Errors
    /// `Io` if an automatic write fails.
    pub fn draw<R>(&mut self, f: impl FnOnce(&mut Canvas, Rgb) -> R) -> Result<R> {
        let ink = self.ink;
        let r = f(&mut self.canvas, ink);
        self.dirty = true;
        self.unshown = true;
        if self.batch_depth == 0 && self.write_is_due() {
            self.write()?;
        }
        Ok(r)
    }

    fn write_is_due(&self) -> bool {
        self.last_write
            .is_none_or(|t| t.elapsed() >= Self::AUTO_WRITE_INTERVAL)
    }

    /// Fills the window with the background (white).
    ///
    /// # Errors
    /// `Io` if an automatic write fails.
    pub fn cls(&mut self) -> Result<()> {
        self.draw(|c, _| c.clear(Rgb::WHITE))
    }

    /// Enters a batch: no automatic writes until the matching [`Window::end_batch`].
    pub fn begin_batch(&mut self) {
        self.batch_depth = self.batch_depth.saturating_add(1);
    }

    /// Leaves a batch; when the outermost batch ends, writes the file.
    ///
    /// # Errors
    /// `Io` if the write fails (the batch is left all the same).
    pub fn end_batch(&mut self) -> Result<()> {
        self.batch_depth = self.batch_depth.saturating_sub(1);
        if self.batch_depth == 0 {
            self.write()?;
        }
        Ok(())
    }

    /// Whether a batch is open.
    pub fn in_batch(&self) -> bool {
        self.batch_depth > 0
    }

    /// Writes the window's file now (nothing for an in-memory window).
    ///
    /// # Errors
    /// `Io` if the folder cannot be made or the file cannot be written.
    pub fn write(&mut self) -> Result<()> {
        if let Some(path) = self.path() {
            png_io::write_png(&self.canvas, &path)?;
        }
        self.dirty = false;
        self.last_write = Some(Instant::now());
        if live::is_on() {
            self.show_due();
        }
        Ok(())
    }

    /// The identity of the window (unique in the process).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Hands the picture to the live view if it changed since last shown
    /// and the last showing is older than [`live::SHOW_INTERVAL`].
    fn show_due(&mut self) {
        let due = self
            .last_shown
            .is_none_or(|t| t.elapsed() >= live::SHOW_INTERVAL);
        if self.unshown && due {
            self.show();
        }
    }

    /// Hands the picture to the live view if it changed since last shown
    /// (the end of a burst of drawing that [`live::SHOW_INTERVAL`] held back).
    pub fn show_pending(&mut self) {
        if self.unshown && live::is_on() {
            self.show();
        }
    }

    /// Hands the picture to the live view now (nothing when it is off).
    pub fn show(&mut self) {
        live::with_sink(|s| s.window(self.id, &self.name, &self.canvas));
        self.unshown = false;
        self.last_shown = Some(Instant::now());
    }

    /// Writes the window's file if it changed since the last write.
    ///
    /// # Errors
    /// `Io` as [`Window::write`].
    pub fn flush(&mut self) -> Result<()> {
        if self.dirty {
            self.write()?;
        }
        Ok(())
    }

    /// Writes the picture to another file (the window's own file is unchanged).
    ///
    /// # Errors
    /// `Io` if the file cannot be written.
    pub fn save_as(&self, path: &Path) -> Result<()> {
        png_io::write_png(&self.canvas, path)
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        // Errors cannot be reported from a drop; `flush` is the checked path.
        let _ = self.flush();
        if live::is_on() {
            live::with_sink(|s| s.closed(self.id, &self.name));
        }
    }
}

/// The file name stem of a window name: unsafe characters become `_`.
pub fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    match stem.trim_start_matches('.') {
        "" => "window".to_string(),
        s => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_safe() {
        assert_eq!(file_stem("error curve"), "error_curve");
        assert_eq!(file_stem("../x"), "_x");
        assert_eq!(file_stem(""), "window");
        assert_eq!(file_stem("net-2.a"), "net-2.a");
    }

    #[test]
    fn colors_are_checked() {
        let dir = std::env::temp_dir();
        let mut w = Window::new("t", 4, 4, &dir).unwrap();
        assert_eq!(w.set_color(0xFF0000).unwrap(), color::COLOR_FG);
        assert_eq!(w.ink(), Rgb(255, 0, 0));
        assert!(w.set_color(-7).is_err());
        assert_eq!(w.color(), 0xFF0000);
        w.dirty = false;
    }
}
