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
    ("save-onnx", "(==> net save-onnx path) writes the net as an ONNX model (opset 13; input \"input\" [batch, input dims], output \"output\"; the weights as initializers) for ONNX runtimes and PyTorch: full, conv (a connection table as a dense conv with zero kernels), subsample (depthwise conv), maxpool, pad, stanh (Mul, Tanh, Mul), logistic, relu, logsoftmax and rbf; other modules (local, wrap) are an error naming them. Returns path."),
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

/// `(==> graph m ...)`: a penalised graph (`new-graph`, `graph-acceptor`,
/// `graph-expand`). Labels are non-negative integers or the symbols
/// null, wild, junk.
pub const GRAPH: &[MethodDoc] = &[
    ("nnodes", "(==> graph nnodes) the number of nodes."),
    ("narcs", "(==> graph narcs) the number of arcs."),
    ("start", "(==> graph start) the start node."),
    ("end", "(==> graph end) the end node."),
    ("add-node", "(==> graph add-node) adds a node; returns its number."),
    ("add-arc", "(==> graph add-arc src dst label [penalty data slot]) adds an arc from node src to node dst; returns its number. label: an integer >= 0 or null, wild, junk; penalty 0 unless given (a number or +inf); data (an index the caller gives meaning to, e.g. a segment) and slot (an element of an external penalty array, see load-penalties): none unless given."),
    ("set-start", "(==> graph set-start n) makes node n the start node."),
    ("set-end", "(==> graph set-end n) makes node n the end node."),
    ("arc", "(==> graph arc i) arc i as the list (src dst label penalty data slot); data and slot () when none."),
    ("arcs", "(==> graph arcs) the list of every arc, as arc gives them."),
    ("labels", "(==> graph labels) the list of the arcs' labels."),
    ("penalties", "(==> graph penalties) the arcs' penalties, a new 1-D array (a copy)."),
    ("gradients", "(==> graph gradients) the arcs' gradients dx (what bprops added), a new 1-D array (a copy)."),
    ("set-penalties", "(==> graph set-penalties array) sets the arcs' penalties from array (one element per arc, row-major)."),
    ("clear-dx", "(==> graph clear-dx) sets the arcs' gradients to 0."),
    ("load-penalties", "(==> graph load-penalties array [scale]) for every arc with a slot, penalty = scale * the element slot of array (row-major; scale 1 unless given); array may be a live view, e.g. (==> state x)."),
    ("scatter-gradients", "(==> graph scatter-gradients array [scale]) for every arc with a slot, adds scale * its gradient to the element slot of array (row-major), e.g. the live view (==> state dx)."),
    ("copy", "(==> graph copy) a new graph with the same nodes, arcs, penalties and gradients."),
];

/// `(==> t m ...)`: a Viterbi transformer (`new-gt-viterbi`).
pub const GT_VITERBI: &[MethodDoc] = &[
    ("fprop", "(==> gt-viterbi fprop g) the penalty of g's best path (remembered for bprop, path, labels); an error when g has no path."),
    ("bprop", "(==> gt-viterbi bprop g [d]) adds d (1 unless given) to the dx of the arcs of the best path of the last fprop (g unchanged since)."),
    ("path", "(==> gt-viterbi path) the arc numbers of the last fprop's best path, from start to end."),
    ("labels", "(==> gt-viterbi labels) the labels of the last fprop's best path."),
];

/// `(==> t m ...)`: a forward transformer (`new-gt-forward`).
pub const GT_FORWARD: &[MethodDoc] = &[
    ("fprop", "(==> gt-forward fprop g) the forward penalty of g, -log sum over paths of exp(-penalty); an error when g has no path."),
    ("bprop", "(==> gt-forward bprop g [d]) adds d (1 unless given) times each arc's posterior probability to its dx (g unchanged since the last fprop)."),
];

/// `(==> t m ...)`: a composition transformer (`new-gt-compose`).
pub const GT_COMPOSE: &[MethodDoc] = &[
    ("fprop", "(==> gt-compose fprop a b) the composition of a with the grammar b, a new graph; the data of each composed arc is the number of the arc of a it came from (() for a null move of b), so (==> a arc data) gives back its segment."),
    ("bprop", "(==> gt-compose bprop a b [d]) adds d (1 unless given) times the composed graph's dx into the dx of the arcs of a and b each composed arc came from."),
    ("refresh", "(==> gt-compose refresh a b) recomputes the composed graph's penalties from a's and b's current penalties (same arcs)."),
    ("from-a", "(==> gt-compose from-a) for each arc of the last composed graph, the arc of a it came from (() when none)."),
    ("from-b", "(==> gt-compose from-b) for each arc of the last composed graph, the arc of b it came from (() when none)."),
];

/// `(==> t m ...)`: the forward penalty of a composition (`new-gt-compose-forward`).
pub const GT_COMPOSE_FORWARD: &[MethodDoc] = &[
    ("fprop", "(==> gt-compose-forward fprop a b) the forward penalty of the composition of a with b, without building it; an error when it has no path."),
    ("bprop", "(==> gt-compose-forward bprop a b [d]) adds d (1 unless given) times the gradient into the dx of a and of b."),
];

/// `(==> t m ...)`: the best path of a composition (`new-gt-compose-viterbi`).
pub const GT_COMPOSE_VITERBI: &[MethodDoc] = &[
    ("fprop", "(==> gt-compose-viterbi fprop a b) the penalty of the best path of the composition of a with b, without building it; an error when it has no path."),
    ("bprop", "(==> gt-compose-viterbi bprop a b [d]) adds d (1 unless given) to the dx of the arcs of a and b the best path takes."),
    ("labels", "(==> gt-compose-viterbi labels) the labels of the last best path (as the composed arcs are labelled)."),
    ("arcs-a", "(==> gt-compose-viterbi arcs-a) for each arc of the last best path, the arc of a it takes (() for a null move of b)."),
    ("arcs-b", "(==> gt-compose-viterbi arcs-b) for each arc of the last best path, the arc of b it takes (() for a null move of a)."),
];

/// `(==> t m ...)`: the discriminative forward criterion (`new-gt-criterion`).
pub const GT_CRITERION: &[MethodDoc] = &[
    ("fprop", "(==> gt-criterion fprop interp answer) the forward penalty of interp composed with answer (an acceptor, or any graph of the allowed answers) minus the forward penalty of interp; an error when no path of interp matches."),
    ("bprop", "(==> gt-criterion bprop interp answer [d]) adds d (1 unless given) times the gradient of the criterion into interp's dx (constrained minus free posteriors)."),
    ("parts", "(==> gt-criterion parts) the list (constrained free) of the last fprop's two forward penalties."),
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
    ("gt-viterbi", GT_VITERBI),
    ("gt-forward", GT_FORWARD),
    ("gt-compose", GT_COMPOSE),
    ("gt-compose-forward", GT_COMPOSE_FORWARD),
    ("gt-compose-viterbi", GT_COMPOSE_VITERBI),
    ("gt-criterion", GT_CRITERION),
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
