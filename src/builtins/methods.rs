//! The dispatch tables of the native kinds: every method a net, module,
//! state ... answers with `==>`, with its help line. `Native::methods`
//! returns these tables and `send` refuses a method outside them, so they
//! are the one list that `(methods obj)`, `(help 'fprop)` and the
//! unknown-method error read.

use crate::lisp::value::MethodDoc;

/// `(==> state m ...)`: the activations of a layer of a module net.
pub const STATE: &[MethodDoc] = &[
    (
        "x",
        "(==> state x) the activations, as an array of the state's dims: a live view sharing the state's storage (writing it changes the state; no copy is made). A view taken at a larger batch stays valid when the batch shrinks (its tail reads 0).",
    ),
    (
        "dx",
        "(==> state dx) the gradients of the cost with respect to x: a live view sharing the state's storage, as x.",
    ),
    (
        "ddx",
        "(==> state ddx) the second derivatives (diagonal) of the cost with respect to x: a live view sharing the state's storage, as x.",
    ),
    (
        "dims",
        "(==> state dims) the list of the state's dimensions.",
    ),
    (
        "set-x",
        "(==> state set-x array) copies array into x (one copy), the state taking its dims (at most 4).",
    ),
    ("clear-dx", "(==> state clear-dx) sets dx to 0."),
    ("clear-ddx", "(==> state clear-ddx) sets ddx to 0."),
];

/// `(==> param m ...)`: a pool of trainable parameters.
pub const PARAM: &[MethodDoc] = &[
    ("size", "(==> param size) the number of parameters in the pool."),
    ("x", "(==> param x) the parameters, a 1-D array: a live view sharing the pool's storage (writing it changes the modules' weights; no copy). After new-net the view shows the network's weights."),
    ("dx", "(==> param dx) the gradients of the parameters: a live view, as x."),
    ("ddx", "(==> param ddx) the second derivatives (diagonal) of the parameters: a live view, as x."),
    ("eps", "(==> param eps) the per-parameter learning rate factors: a live view, as x."),
    ("clear-dx", "(==> param clear-dx) sets the gradients to 0."),
    ("clear-ddx", "(==> param clear-ddx) sets the second derivatives to 0."),
    ("update", "(==> param update eta [momentum decay lm]) one gradient step on the parameters (with momentum and weight decay; lm true scales each step by eps, the diagonal Levenberg-Marquardt rates)."),
    ("set-eps", "(==> param set-eps mu count) eps = 1/(mu + ddx/count): the diagonal Levenberg-Marquardt rates."),
    ("set-x", "(==> param set-x array) copies array (of the pool's size) into the parameters (one copy)."),
];

/// `(==> module m ...)`: a layer of the modules level (full, convolution ...).
pub const MODULE: &[MethodDoc] = &[
    ("fprop", "(==> module fprop in out) forward: computes state out from state in."),
    ("bprop", "(==> module bprop in out) backward: from out's dx, adds to in's dx and the parameters' dx."),
    ("bbprop", "(==> module bbprop in out) second derivatives: from out's ddx, adds to in's ddx and the parameters' ddx."),
    ("forget", "(==> module forget [seed]) re-initialises the module's weights (seed 1 unless given)."),
    ("nparams", "(==> module nparams) the number of parameters of the module."),
    ("describe", "(==> module describe) a one-line description of the module."),
    ("out-dims", "(==> module out-dims dims) the output dims the module gives for input dims."),
    ("weights", "(==> module weights) all the module's parameters (kernel then bias), a 1-D array of nparams elements: a live view sharing the pool's storage (writing it changes the module; still live once the module is in a network)."),
    ("kernel", "(==> module kernel) the module's weights shaped: full [nout nin], conv [kernels kh kw] (one kernel per table entry, by output map), subsample [maps] (the coefficients); a live view."),
    ("bias", "(==> module bias) the module's biases, one per output map or unit; a live view."),
];

/// `(==> cost m ...)`: a cost module over the output state and labels.
pub const COST: &[MethodDoc] = &[
    ("fprop", "(==> cost fprop out labels) the cost of output state out for the labels (a number or a list, one per sample)."),
    ("bprop", "(==> cost bprop out labels) sets out's dx to the gradient of the cost."),
    ("bbprop", "(==> cost bbprop out labels) sets out's ddx to the second derivative of the cost."),
    ("classify", "(==> cost classify out [b]) the class answered for sample b (0 unless given) of out."),
];

/// `(==> dataset m ...)`: samples and labels for training or testing.
pub const DATASET: &[MethodDoc] = &[
    ("size", "(==> data size) the number of samples."),
    ("shape", "(==> data shape) the dims of one sample."),
    ("sample", "(==> data sample i) sample i as an array."),
    (
        "batch",
        "(==> data batch i [n]) samples i..i+n as one [n, ...] array (n is 1 unless given).",
    ),
    ("label", "(==> data label i) the label of sample i."),
];

/// `(==> net m ...)`: a network of modules with its cost (`new-net`).
pub const NET: &[MethodDoc] = &[
    ("nparams", "(==> net nparams) the number of parameters (free weights)."),
    ("connections", "(==> net connections) the number of connections (multiply-adds of one forward pass)."),
    ("describe", "(==> net describe) the modules of the net and its cost, on one line."),
    ("input-dims", "(==> net input-dims) the dims of one input sample."),
    ("fprop", "(==> net fprop x) the output for input x: one sample (input dims) or a batch ([n, input dims])."),
    ("classify", "(==> net classify x) the class for input x (a number), or the list of classes of a batch."),
    ("set-par", "(==> net set-par flag) true: the batches of propagation run in parallel."),
    ("forget", "(==> net forget seed) re-initialises every weight from seed."),
    ("weights", "(==> net weights) the parameters of the net, a 1-D array: a live view sharing the net's storage (writing it, e.g. (array-copy (load-matrix \"w.mat\") (==> net weights)), changes the net; training changes what it shows; no copy)."),
    ("save", "(==> net save path) writes the weights (and their epoch and age) to file path."),
    ("load", "(==> net load path) reads weights written by save into the net; returns (epoch age)."),
    ("test", "(==> net test data) tests on a data set: returns (age cost error% samples/s), error% the percent of misclassified samples."),
];

/// `(==> trainer m ...)`: the training loop's state (`new-trainer`).
pub const TRAINER: &[MethodDoc] = &[
    ("age", "(==> trainer age) the number of samples trained on so far."),
    ("epoch", "(==> trainer epoch) the number of passes done so far."),
    ("set-schedule", "(==> trainer set-schedule '((pass eta) ...)) the learning rate from each pass on."),
    ("train-epoch", "(==> trainer train-epoch net data) one pass over data: returns (age cost error% samples/s)."),
];

/// `(==> nlf eval x)`: a built-in non-linear function of the units level.
pub const NLF: &[MethodDoc] = &[(
    "eval",
    "(==> nlf eval x) the function's value at x (as calling (nlf x)).",
)];

/// `(==> graph m ...)`: a penalised graph (`new-graph`).
pub const GRAPH: &[MethodDoc] = &[
    ("nnodes", "(==> graph nnodes) the number of nodes."),
    ("narcs", "(==> graph narcs) the number of arcs."),
    ("start", "(==> graph start) the start node."),
    ("end", "(==> graph end) the end node."),
];

/// Every native kind that answers methods, by the name `classof` gives.
pub const KINDS: &[(&str, &[MethodDoc])] = &[
    ("state", STATE),
    ("param", PARAM),
    ("module", MODULE),
    ("cost", COST),
    ("dataset", DATASET),
    ("net", NET),
    ("trainer", TRAINER),
    ("nlf", NLF),
    ("graph", GRAPH),
];

/// The kinds that answer `method`, with its help line in each.
pub fn answering(method: &str) -> Vec<(&'static str, &'static str)> {
    KINDS
        .iter()
        .filter_map(|(k, t)| t.iter().find(|(m, _)| *m == method).map(|(_, h)| (*k, *h)))
        .collect()
}

/// The table of a kind named `kind`.
pub fn of_kind(kind: &str) -> Option<&'static [MethodDoc]> {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, t)| *t)
}
