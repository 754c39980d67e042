//! Lisp bindings of the modules level (gblearn2 style): states, parameter
//! pools, modules, costs, networks, data sets, trainers. Objects answer
//! `==>` messages (`fprop`, `bprop`, `bbprop`, `forget`, ...), so a
//! training loop can be written line by line in Lisp; `train-net` is the
//! built-in fast loop.

mod assemble;
mod conv;
mod live;
mod make;
mod net;
pub mod objects;
mod params;

pub use net::NetObj;

use crate::lisp::Interp;

/// Registers the modules family.
pub fn register(it: &mut Interp) {
    it.begin_family("modules");
    // a training pass started on an interpreter's thread stops on that
    // interpreter's interrupt flag (the pass itself runs on the pool)
    sn_modules::interrupt::set_source(|| Some(crate::lisp::interrupt::current()));
    make::register(it);
    it.defn(
        "train-net",
        5,
        Some(6),
        net::train_net,
        "(train-net net trainer train test epochs [checkpoint]) trains with the built-in loop until the trainer \
         has done `epochs` passes, printing the meter (age, cost, % correct, % errors, samples/s) and the test \
         results after each; with a checkpoint path, resumes from it if it exists and saves it (atomically) \
         after every epoch (its folder must exist: checked before training). Returns the last test error in %; \
         with no pass left to do (resumed past its last pass), the test error of the network as it is, that is \
         the figure of its last pass. A pass whose cost becomes NaN or infinite stops with an error (data \
         with NaN or infinite values is warned about once); NaN weights are never saved. A pass at learning rate 0, or a dead network (two passes whose cost \
         differs by less than 0.1 % with at most 1.5/classes correct: units saturated by a rate too high) is said \
         after the pass, even when quiet, with its likely cause; the run then stops, since the remaining passes \
         would print the same line, unless the schedule gives a later pass another rate. On a terminal a progress bar counts the samples \
         of the run under the epoch lines. Quiet when train-net-quiet is true.",
    );
}
