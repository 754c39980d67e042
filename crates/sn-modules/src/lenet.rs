//! LeNet-1 (1989/90) and LeNet-5 (1998) as published.

use crate::cost::{Cost, RbfCost, SoftmaxCe, SqErr};
use crate::error::Result;
use crate::modules::{full_table, Act, ActKind, Conv, Full, Rbf, Seq, Subsample};
use crate::net::Net;
use crate::pool::Pool;

/// LeNet-5's C3 connection table (LeCun et al. 1998, Table I): for each of
/// the 16 C3 maps, the S2 maps it reads.
pub const LENET5_C3: [&[usize]; 16] = [
    &[0, 1, 2],
    &[1, 2, 3],
    &[2, 3, 4],
    &[3, 4, 5],
    &[0, 4, 5],
    &[0, 1, 5],
    &[0, 1, 2, 3],
    &[1, 2, 3, 4],
    &[2, 3, 4, 5],
    &[0, 3, 4, 5],
    &[0, 1, 4, 5],
    &[0, 1, 2, 5],
    &[0, 1, 3, 4],
    &[1, 2, 4, 5],
    &[0, 2, 3, 5],
    &[0, 1, 2, 3, 4, 5],
];

/// LeNet-1's second convolution table: 12 maps reading one or two of the
/// 4 first-level maps (20 kernels).
pub const LENET1_C3: [&[usize]; 12] = [
    &[0],
    &[1],
    &[2],
    &[3],
    &[0, 1],
    &[1, 2],
    &[2, 3],
    &[0, 3],
    &[0, 2],
    &[1, 3],
    &[0, 1],
    &[2, 3],
];

/// `(input, output)` pairs from a per-output list of inputs.
pub fn table_of(rows: &[&[usize]]) -> Vec<(usize, usize)> {
    rows.iter()
        .enumerate()
        .flat_map(|(o, ins)| ins.iter().map(move |&i| (i, o)))
        .collect()
}

/// Output layer and cost of a LeNet-5 variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// The paper's Euclidean RBF with fixed ±1 codes and the energy of the
    /// correct class.
    Rbf,
    /// A full 84→10 layer with softmax cross-entropy (PyTorch reference).
    SoftmaxCe,
}

fn stanh() -> Box<Act> {
    Box::new(Act(ActKind::Stanh))
}

/// LeNet-5 on 32×32 inputs; `sparse_c3` selects the paper's table (else a
/// full 6→16 C3, as in the PyTorch reference); parameters initialised
/// from `seed`.
///
/// # Errors
/// None in practice (construction arguments are constants).
pub fn lenet5(head: Head, sparse_c3: bool, seed: u64) -> Result<Net> {
    let mut p = Pool::new();
    let mut s = Seq::new();
    s.push(Box::new(Conv::new(
        &mut p,
        1,
        6,
        (5, 5),
        1,
        &full_table(1, 6),
    )?));
    s.push(stanh());
    s.push(Box::new(Subsample::new(&mut p, 6, 2)?));
    s.push(stanh());
    let t3 = if sparse_c3 {
        table_of(&LENET5_C3)
    } else {
        full_table(6, 16)
    };
    s.push(Box::new(Conv::new(&mut p, 6, 16, (5, 5), 1, &t3)?));
    s.push(stanh());
    s.push(Box::new(Subsample::new(&mut p, 16, 2)?));
    s.push(stanh());
    s.push(Box::new(Conv::new(
        &mut p,
        16,
        120,
        (5, 5),
        1,
        &full_table(16, 120),
    )?));
    s.push(stanh());
    s.push(Box::new(Full::new(&mut p, 120, 84)?));
    s.push(stanh());
    let cost: Box<dyn Cost> = match head {
        Head::Rbf => {
            s.push(Box::new(Rbf::new(84, 10, Rbf::pm1_codes(84, 10, 1998)?)?));
            Box::new(RbfCost::new(10))
        }
        Head::SoftmaxCe => {
            s.push(Box::new(Full::new(&mut p, 84, 10)?));
            Box::new(SoftmaxCe::new(10))
        }
    };
    let mut n = Net::new("lenet5", p, s, cost, &[1, 32, 32]);
    n.forget(seed)?;
    Ok(n)
}

/// LeNet-1 on 28×28 inputs: 4 maps 5×5 → 2×2 subsampling → 12 maps 5×5
/// (20 kernels) → 2×2 subsampling → 10 outputs, ±1 targets.
///
/// # Errors
/// None in practice (construction arguments are constants).
pub fn lenet1(seed: u64) -> Result<Net> {
    let mut p = Pool::new();
    let mut s = Seq::new();
    s.push(Box::new(Conv::new(
        &mut p,
        1,
        4,
        (5, 5),
        1,
        &full_table(1, 4),
    )?));
    s.push(stanh());
    s.push(Box::new(Subsample::new(&mut p, 4, 2)?));
    s.push(stanh());
    s.push(Box::new(Conv::new(
        &mut p,
        4,
        12,
        (5, 5),
        1,
        &table_of(&LENET1_C3),
    )?));
    s.push(stanh());
    s.push(Box::new(Subsample::new(&mut p, 12, 2)?));
    s.push(stanh());
    s.push(Box::new(Full::new(&mut p, 192, 10)?));
    s.push(stanh());
    let mut n = Net::new(
        "lenet1",
        p,
        s,
        Box::new(SqErr::one_of_n(10, 1.0)?),
        &[1, 28, 28],
    );
    n.forget(seed)?;
    Ok(n)
}
