//! The texts being read and evaluated form by form (files being loaded,
//! the command line, REPL inputs), innermost last. TL3's `read-string`
//! reads the characters that follow the current form in its text, and the
//! reader then goes on after them.

use std::rc::Rc;

use super::reader::Reader;
use super::{Interp, Res, Value};

/// One text being read, and where the reader stands in it.
pub struct Cursor {
    /// The whole text.
    pub text: Rc<str>,
    /// Byte offset just past the form being evaluated: where the reader
    /// goes on (and where `read-string` starts).
    pub pos: usize,
}

/// The stack of texts being read (an interpreter extension).
#[derive(Default)]
pub struct Inputs {
    /// The texts, outermost first.
    pub stack: Vec<Cursor>,
}

impl Interp {
    /// Reads and evaluates every form of `src` (registered as source
    /// `file`), with the text on the input stack while it runs.
    pub(super) fn run_forms(&mut self, src: &str, file: u32, fold: bool) -> Res {
        self.enter();
        let text: Rc<str> = Rc::from(src);
        let inputs = self.ext::<Inputs>();
        inputs.borrow_mut().stack.push(Cursor {
            text: text.clone(),
            pos: 0,
        });
        let depth = inputs.borrow().stack.len();
        let r = self.run_cursor(&text, file, fold, depth);
        inputs.borrow_mut().stack.truncate(depth - 1);
        r
    }

    /// The loop of [`Interp::run_forms`]: the position is handed to the
    /// input stack before each form is evaluated and taken back after.
    fn run_cursor(&mut self, text: &str, file: u32, fold: bool, depth: usize) -> Res {
        let inputs = self.ext::<Inputs>();
        let mut r = Reader::new(text, file, fold);
        let mut last = Value::Nil;
        loop {
            match r.read(self) {
                Ok(None) => return Ok(last),
                Ok(Some(form)) => {
                    if let Some(c) = inputs.borrow_mut().stack.get_mut(depth - 1) {
                        c.pos = r.pos();
                    }
                    last = self.eval(&form.value)?;
                    if let Some(c) = inputs.borrow().stack.get(depth - 1) {
                        r.set_pos(c.pos);
                    }
                    if let Some(doc) = form.doc {
                        self.attach_doc(&form.value, &doc);
                    }
                    // A Ctrl-C during a builtin at the top level of a file
                    // stops the load before its next form.
                    self.take_interrupt()?;
                }
                Err(e) => return Err(e.into_lisp().into()),
            }
        }
    }
}
