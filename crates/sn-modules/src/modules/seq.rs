//! The sequence container: modules applied in order, with the
//! intermediate states owned by the container.

use crate::error::{ModError, Result};
use crate::module::{Ctx, Module, Shape};
use crate::pool::Pool;
use crate::rng::Rng;
use crate::state::State;

/// A chain of modules.
#[derive(Default)]
pub struct Seq {
    /// The modules, in order.
    pub mods: Vec<Box<dyn Module>>,
    /// Intermediate states: `states[i]` is the output of module `i`.
    pub states: Vec<State>,
}

/// Where a chain of modules stops fitting: module `index` (0-based) is
/// given a state of shape `got` (the input's, or the previous module's
/// output) where it expects `expected` (batch first; for maps, the
/// smallest height and width it takes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// The module that cannot take its input (0-based).
    pub index: usize,
    /// The shape it expects.
    pub expected: Vec<usize>,
    /// The shape it is given.
    pub got: Vec<usize>,
}

#[derive(Clone, Copy)]
enum Pass {
    B1,
    B2,
}

impl Seq {
    /// An empty sequence.
    pub fn new() -> Self {
        Seq::default()
    }

    /// Appends a module.
    pub fn push(&mut self, m: Box<dyn Module>) {
        self.mods.push(m);
    }

    /// Number of modules.
    pub fn len(&self) -> usize {
        self.mods.len()
    }

    /// The output shape for input `inp`, or the first module that does
    /// not fit the shape it is given (`Ok(Err(misfit))`).
    ///
    /// # Errors
    /// Errors other than shape mismatches (too large a shape).
    pub fn fit(&self, inp: &[usize]) -> Result<std::result::Result<Shape, Misfit>> {
        let mut s = Shape::new(inp)?;
        for (index, m) in self.mods.iter().enumerate() {
            s = match m.out_shape(s.dims()) {
                Ok(next) => next,
                Err(ModError::Shape { expected, got, .. }) => {
                    return Ok(Err(Misfit {
                        index,
                        expected,
                        got,
                    }))
                }
                Err(e) => return Err(e),
            };
        }
        Ok(Ok(s))
    }

    /// True when there is no module.
    pub fn is_empty(&self) -> bool {
        self.mods.is_empty()
    }

    fn back(
        &mut self,
        pool: &mut Pool,
        inp: &mut State,
        out: &State,
        ctx: Ctx,
        pass: Pass,
    ) -> Result<()> {
        let n = self.mods.len();
        if n == 0 {
            return Err(ModError::config("seq", "empty sequence"));
        }
        if self.states.len() + 1 < n {
            return Err(ModError::config("seq", "bprop before fprop"));
        }
        for s in &mut self.states[..n - 1] {
            match pass {
                Pass::B1 => s.clear_dx(),
                Pass::B2 => s.clear_ddx(),
            }
        }
        for i in (0..n).rev() {
            let c = Ctx {
                grad_in: i > 0 || ctx.grad_in,
                ..ctx
            };
            let m = &mut self.mods[i];
            let (a, b) = self.states.split_at_mut(i);
            let o: &State = if i == n - 1 { out } else { &b[0] };
            let x: &mut State = if i == 0 { &mut *inp } else { &mut a[i - 1] };
            match pass {
                Pass::B1 => m.bprop(pool, x, o, c)?,
                Pass::B2 => m.bbprop(pool, x, o, c)?,
            }
        }
        Ok(())
    }
}

impl Module for Seq {
    fn kind(&self) -> &'static str {
        "seq"
    }

    fn out_shape(&self, inp: &[usize]) -> Result<Shape> {
        let mut s = Shape::new(inp)?;
        for m in &self.mods {
            s = m.out_shape(s.dims())?;
        }
        Ok(s)
    }

    fn fprop(&mut self, pool: &Pool, inp: &State, out: &mut State, ctx: Ctx) -> Result<()> {
        let n = self.mods.len();
        if n == 0 {
            return Err(ModError::config("seq", "empty sequence"));
        }
        if self.states.len() + 1 < n {
            self.states.resize_with(n - 1, State::default);
        }
        for i in 0..n {
            let m = &mut self.mods[i];
            let (a, b) = self.states.split_at_mut(i);
            let x: &State = if i == 0 { inp } else { &a[i - 1] };
            let o: &mut State = if i == n - 1 { &mut *out } else { &mut b[0] };
            m.fprop(pool, x, o, ctx)?;
        }
        Ok(())
    }

    fn bprop(&mut self, pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        self.back(pool, inp, out, ctx, Pass::B1)
    }

    fn bbprop(&mut self, pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        self.back(pool, inp, out, ctx, Pass::B2)
    }

    fn forget(&mut self, pool: &mut Pool, rng: &mut Rng) {
        for m in &mut self.mods {
            m.forget(pool, rng);
        }
    }

    fn nparams(&self) -> usize {
        self.mods.iter().map(|m| m.nparams()).sum()
    }

    fn pool_end(&self) -> usize {
        self.mods.iter().map(|m| m.pool_end()).max().unwrap_or(0)
    }

    fn connections(&self, inp: &[usize]) -> Result<usize> {
        self.fold_shapes(inp, |m, s| m.connections(s))
    }

    fn macs(&self, inp: &[usize]) -> Result<usize> {
        self.fold_shapes(inp, |m, s| m.macs(s))
    }

    fn as_seq_mut(&mut self) -> Option<&mut Seq> {
        Some(self)
    }

    fn spec(&self) -> Option<crate::spec::Spec<'_>> {
        Some(crate::spec::Spec::Seq(&self.mods))
    }

    fn describe(&self) -> String {
        let parts: Vec<String> = self.mods.iter().map(|m| m.describe()).collect();
        format!("seq [{}]", parts.join("; "))
    }
}

impl Seq {
    fn fold_shapes(
        &self,
        inp: &[usize],
        f: impl Fn(&dyn Module, &[usize]) -> Result<usize>,
    ) -> Result<usize> {
        let mut s = Shape::new(inp)?;
        let mut total = 0;
        for m in &self.mods {
            total += f(m.as_ref(), s.dims())?;
            s = m.out_shape(s.dims())?;
        }
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modules::{Act, ActKind, Conv, Full};

    #[test]
    fn fit_names_the_first_module_that_does_not_fit() {
        let mut p = Pool::new();
        let mut s = Seq::new();
        s.push(Box::new(
            Conv::new(&mut p, 1, 2, (5, 5), 1, &[(0, 0), (0, 1)]).expect("conv"),
        ));
        s.push(Box::new(Act(ActKind::Stanh)));
        s.push(Box::new(Full::new(&mut p, 100, 10).expect("full")));
        let m = s.fit(&[1, 1, 28, 28]).expect("sizes").expect_err("misfit");
        assert_eq!(m.index, 2);
        assert_eq!((m.expected, m.got), (vec![1, 100], vec![1, 2, 24, 24]));
        let ok = s.fit(&[1, 1, 9, 14]).expect("sizes").expect("fits");
        assert_eq!(ok.dims(), [1, 10]);
    }
}
