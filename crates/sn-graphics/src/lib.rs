//! Graphics for sn: off-screen windows, drawing, PNG pictures, plots, text art
//! and progress reports.
//!
//! SN2.8 and Lush drew networks and error curves in X11 windows. Here a
//! [`Window`] is an RGB [`Canvas`] (white background, black ink, origin top
//! left) that is written as a PNG file named after the window. Nothing needs a
//! display or a terminal. The crate knows nothing of the Lisp: values come in
//! as `f32` slices with their dims, and the bindings of the root crate glue
//! them to Lisp arrays and lists.
//!
//! - [`canvas`]: pixels and primitives (lines, rectangles, circles);
//! - [`text`]: an 8x8 bitmap font for `gprintf` and labels;
//! - [`color`]: colour numbers of Lush and colour maps;
//! - [`values`]: `draw-value`, `draw-list`, `gray-draw-list`, `gray-draw-matrix`,
//!   `rgb-draw-matrix`, `draw-array`;
//! - [`window`]: named windows, batches and atomic PNG writes ([`png_io`]);
//! - [`live`]: windows handed to a live view while one is on;
//! - [`pictures`]: weight tiles, feature maps, confusion matrices, curves;
//! - [`textart`]: arrays as Unicode block or shade characters;
//! - [`progress`]: a progress bar on terminals, one line per epoch otherwise.

#![warn(missing_docs)]

pub mod canvas;
pub mod color;
pub mod error;
pub mod live;
pub mod pictures;
pub mod png_io;
pub mod progress;
pub mod text;
pub mod textart;
pub mod values;
pub mod window;

pub use canvas::Canvas;
pub use color::{ColorMap, Rgb};
pub use error::{GraphicsError, Result};
pub use values::Grid;
pub use window::Window;
