//! The builtin functions, one file per family.

pub mod amounts;
pub mod arrays;
pub mod atom_array;
pub mod brace_text;
pub mod calls;
pub mod errors;
pub mod files;
pub mod graphics;
pub mod graphs;
pub mod help;
pub mod knn;
pub mod lists;
pub mod liveview;
pub mod lush_matrix;
pub mod methods;
pub mod modules;
pub mod numbers;
pub mod onnx;
pub mod reading;
pub mod search_path;
pub mod strings;
pub mod system;
pub mod tensorboard;
pub mod tensorboard_net;
pub mod tl3;
pub mod tl3_classify;
pub mod tl3_lists;
pub mod units;

use crate::lisp::Interp;

impl Interp {
    /// A fresh interpreter with every builtin family registered on top of
    /// the core ([`Interp::bare`]) and the standard Lisp library path set.
    pub fn new() -> Interp {
        let mut it = Interp::bare();
        register_all(&mut it);
        it
    }
}

impl Default for Interp {
    fn default() -> Self {
        Self::new()
    }
}

/// Registers every family of builtins.
pub fn register_all(it: &mut Interp) {
    numbers::register(it);
    arrays::register(it);
    lists::register(it);
    calls::register(it);
    strings::register(it);
    system::register(it);
    errors::register(it);
    tl3::register(it);
    brace_text::register(it);
    lush_matrix::register(it);
    tl3_lists::register(it);
    tl3_classify::register(it);
    files::register(it);
    reading::register(it);
    graphics::register(it);
    units::register(it);
    knn::register(it);
    modules::register(it);
    graphs::register(it);
    amounts::register(it);
    tensorboard::register(it);
    liveview::register(it);
    onnx::register(it);
}
