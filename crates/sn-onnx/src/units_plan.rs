//! The layers of a units-level network, found from its connections: each
//! computed unit's depth is one more than the deepest of its sources (the
//! input units are at depth 0, the bias unit 0 is a constant). The units of
//! one depth computed by one stage of forward propagation form a block: one
//! dense weight matrix over the concatenated values it reads, one bias
//! vector, one non-linear function.

use sn_units::Net;

use crate::error::{OnnxError, Result};

/// What forward propagation does with a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Neither set from outside nor computed.
    None,
    /// An input unit.
    Input,
    /// Computed by stage k (0-based, in the order of forward propagation).
    Stage(usize),
}

/// One block of units computed together.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// The stage that computes them (its non-linear function).
    pub stage: usize,
    /// Their depth (1 and over).
    pub depth: usize,
    /// The units, in the order of their stage.
    pub units: Vec<u32>,
    /// The values read, concatenated in this order: 0 is the input, k + 1
    /// the output of block k.
    pub sources: Vec<usize>,
    /// `[Σ widths of sources, units.len()]`, row-major: the weight of the
    /// connection from each source column to each unit, 0 where none.
    pub weights: Vec<f32>,
    /// Per unit: Σ weight · state of unit 0 over its bias connections.
    pub bias: Vec<f32>,
}

/// The blocks in an order where each reads only earlier ones, and where
/// each output unit is found: (value, column), value 0 being the input.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub blocks: Vec<Block>,
    pub output: Vec<(usize, usize)>,
    /// The width of each value (the input's, then each block's).
    pub widths: Vec<usize>,
}

fn err(unit: u32, msg: impl Into<String>) -> OnnxError {
    OnnxError::NotLayered {
        unit,
        msg: msg.into(),
    }
}

/// The role of every unit, after checking that `input` and `stages` name
/// units of the net, none twice, the bias unit in neither.
fn roles(net: &Net, input: &[u32], stages: &[&[u32]]) -> Result<Vec<Role>> {
    let n = net.nnum();
    let mut role = vec![Role::None; n];
    let check = |u: u32| -> Result<()> {
        match u {
            0 => Err(err(
                0,
                "the bias unit is neither an input nor a computed unit",
            )),
            u if u as usize >= n => Err(err(u, format!("not a unit of the net ({n} units)"))),
            _ => Ok(()),
        }
    };
    for &u in input {
        check(u)?;
        if role[u as usize] != Role::None {
            return Err(err(u, "appears twice in the input layer"));
        }
        role[u as usize] = Role::Input;
    }
    for (k, units) in stages.iter().enumerate() {
        for &u in *units {
            check(u)?;
            match role[u as usize] {
                Role::Input => {
                    return Err(err(
                        u,
                        format!("is an input unit computed by layer {}", k + 1),
                    ))
                }
                Role::Stage(j) => {
                    let msg = format!("is computed by two layers ({} and {})", j + 1, k + 1);
                    return Err(err(u, msg));
                }
                Role::None => role[u as usize] = Role::Stage(k),
            }
        }
    }
    Ok(role)
}

/// The incoming connections of each unit: (source, weight index).
fn incoming(net: &Net, role: &[Role]) -> Result<Vec<Vec<(u32, u32)>>> {
    let mut inc = vec![Vec::new(); net.nnum()];
    for c in net.connections() {
        if role[c.dst as usize] == Role::Input {
            let msg = format!("is an input unit with a connection from unit {}", c.src);
            return Err(err(c.dst, msg));
        }
        inc[c.dst as usize].push((c.src, c.w));
    }
    Ok(inc)
}

/// Marks the units the outputs depend on, checking that each computed one
/// reads only the bias, input units and units of earlier stages.
fn needed(role: &[Role], inc: &[Vec<(u32, u32)>], output: &[u32]) -> Result<Vec<bool>> {
    let mut need = vec![false; role.len()];
    let mut stack = Vec::new();
    for &u in output {
        match role.get(u as usize) {
            None => return Err(err(u, "is not a unit of the net")),
            Some(Role::None) => {
                let msg = "is an output unit neither in the input layer nor computed by a layer";
                return Err(err(u, msg));
            }
            Some(_) => stack.push(u),
        }
    }
    while let Some(u) = stack.pop() {
        if std::mem::replace(&mut need[u as usize], true) {
            continue;
        }
        let Role::Stage(k) = role[u as usize] else {
            continue;
        };
        for &(s, _) in &inc[u as usize] {
            match role[s as usize] {
                _ if s == 0 => {}
                Role::Input => need[s as usize] = true,
                Role::Stage(j) if j < k => stack.push(s),
                Role::Stage(j) => {
                    let when = if j == k {
                        "in the same layer"
                    } else {
                        "in a later layer"
                    };
                    let msg = format!(
                        "reads unit {s}, which forward propagation computes {when} \
                         (the net is not layered)"
                    );
                    return Err(err(u, msg));
                }
                Role::None => {
                    let msg = format!(
                        "reads unit {s}, which is neither an input unit nor computed by a layer"
                    );
                    return Err(err(u, msg));
                }
            }
        }
    }
    Ok(need)
}

/// The layers of `net` between `input` and `output`, as forward
/// propagation computes them: `stages` in order, each computing its units.
///
/// # Errors
/// [`OnnxError::NotLayered`] naming the unit that makes the net not a
/// feed-forward one; [`OnnxError::Array`] when a weight matrix exceeds the
/// memory budget.
pub(crate) fn plan(net: &Net, input: &[u32], output: &[u32], stages: &[&[u32]]) -> Result<Plan> {
    let role = roles(net, input, stages)?;
    let inc = incoming(net, &role)?;
    let need = needed(&role, &inc, output)?;
    // where each unit's value is: (value, column); depth of each unit
    let mut at = vec![(usize::MAX, 0usize); role.len()];
    let mut depth = vec![0usize; role.len()];
    for (i, &u) in input.iter().enumerate() {
        at[u as usize] = (0, i);
    }
    // (depth, stage) of each needed computed unit, in stage order
    let mut keyed: Vec<(usize, usize, u32)> = Vec::new();
    for (k, units) in stages.iter().enumerate() {
        for &u in *units {
            if !need[u as usize] {
                continue;
            }
            let d = inc[u as usize]
                .iter()
                .filter(|&&(s, _)| s != 0)
                .map(|&(s, _)| depth[s as usize])
                .max()
                .unwrap_or(0)
                + 1;
            depth[u as usize] = d;
            keyed.push((d, k, u));
        }
    }
    keyed.sort_by_key(|&(d, k, _)| (d, k)); // stable: stage order within
    let mut blocks: Vec<Block> = Vec::new();
    for &(d, k, u) in &keyed {
        match blocks.last_mut() {
            Some(b) if b.depth == d && b.stage == k => b.units.push(u),
            _ => blocks.push(Block {
                stage: k,
                depth: d,
                units: vec![u],
                sources: Vec::new(),
                weights: Vec::new(),
                bias: Vec::new(),
            }),
        }
        let b = blocks.len() - 1;
        at[u as usize] = (b + 1, blocks[b].units.len() - 1);
    }
    let widths: Vec<usize> = std::iter::once(input.len())
        .chain(blocks.iter().map(|b| b.units.len()))
        .collect();
    let state0 = net.units.nval.first().copied().unwrap_or(1.0);
    for b in &mut blocks {
        fill(b, net, &inc, &at, &widths, state0)?;
    }
    let output = output.iter().map(|&u| at[u as usize]).collect();
    Ok(Plan {
        blocks,
        output,
        widths,
    })
}

/// The sources, dense weights and biases of block `b`.
fn fill(
    b: &mut Block,
    net: &Net,
    inc: &[Vec<(u32, u32)>],
    at: &[(usize, usize)],
    widths: &[usize],
    state0: f32,
) -> Result<()> {
    let mut src: Vec<usize> = b
        .units
        .iter()
        .flat_map(|&u| inc[u as usize].iter())
        .filter(|&&(s, _)| s != 0)
        .map(|&(s, _)| at[s as usize].0)
        .collect();
    src.sort_unstable();
    src.dedup();
    if src.is_empty() {
        src.push(0); // zero weights on the input give the batch its size
    }
    let mut offset = vec![usize::MAX; widths.len()];
    let mut rows = 0;
    for &v in &src {
        offset[v] = rows;
        rows += widths[v];
    }
    let m = b.units.len();
    sn_array::budget::reserve_items("save-onnx-units", rows.max(1).saturating_mul(m), 4)?;
    let w = &net.weights.val;
    b.weights = vec![0.0; rows * m];
    b.bias = vec![0.0; m];
    for (j, &u) in b.units.iter().enumerate() {
        for &(s, wi) in &inc[u as usize] {
            let v = w[wi as usize];
            if s == 0 {
                b.bias[j] += v * state0;
            } else {
                let (val, col) = at[s as usize];
                b.weights[(offset[val] + col) * m + j] += v;
            }
        }
    }
    b.sources = src;
    Ok(())
}
