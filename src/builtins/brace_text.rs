//! `render-brace-text`: Lush's brace texts (`{<p> ...}`, see the reader)
//! printed as plain text, words wrapped between two margins.
//!
//! As Lush's plain text renderer: each word is printed followed by one
//! space and goes to the next line when it would pass the right margin;
//! `<p>` ends with one empty line, `<br>` ends the line, `<li>` is a `* `
//! item indented by 2, `<ul>` a list on its own lines, `<h1>`..`<h3>` titles
//! (`### `, `## `, `# `), `<pre>`/`<code>` keep their spacing; the style
//! tags (`<b>`, `<i>`, `<tt>`, `<c>` ...) print their words; `<font>` and
//! the `<if-...>` tags other than `<if-text>` print nothing. A list whose
//! head is not a tag is evaluated (as Lush does), so a brace may hold code.

use crate::lisp::args;
use crate::lisp::value::Value;
use crate::lisp::{Interp, Res};

/// The state of a rendering.
struct Text {
    cursor: usize,
    returns: usize,
    left: usize,
    right: usize,
}

impl Text {
    fn put(&mut self, it: &mut Interp, s: &str) {
        it.out(s);
        self.returns = 0;
        self.cursor += s.chars().count();
    }

    fn indent(&mut self, it: &mut Interp) {
        it.out(&" ".repeat(self.left));
        self.cursor = self.left;
    }

    /// A new line, unless the line is empty.
    fn br(&mut self, it: &mut Interp) {
        if self.cursor != self.left {
            self.cr(it);
        }
    }

    fn cr(&mut self, it: &mut Interp) {
        it.out("\n");
        self.returns += 1;
        self.indent(it);
    }

    /// One empty line, however many are asked in a row.
    fn parskip(&mut self, it: &mut Interp) {
        while self.returns < 2 {
            it.out("\n");
            self.returns += 1;
        }
        self.indent(it);
    }

    fn word(&mut self, it: &mut Interp, s: &str) {
        if self.cursor + s.chars().count() > self.right {
            self.br(it);
        }
        self.put(it, s);
        self.put(it, " ");
    }

    /// The items of a brace: strings as words, lists rendered, numbers (spacing) skipped.
    fn par(&mut self, it: &mut Interp, items: &[Value]) -> Res<()> {
        for x in items {
            match x {
                Value::Str(s) => self.word(it, s),
                Value::Cons(_) => self.render(it, x)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// Preformatted items up to the end tag, then the rest as words.
    fn pre(&mut self, it: &mut Interp, items: &[Value]) -> Res<()> {
        for (k, x) in items.iter().enumerate() {
            match (x, x.as_num()) {
                (Value::Sym(s), _) if s.name.starts_with("</") => {
                    return self.par(it, &items[k + 1..])
                }
                (Value::Str(s), _) => self.put(it, s),
                (_, Some(-1.0)) => self.cr(it),
                (_, Some(-2.0)) => self.put(it, &" ".repeat(7)),
                (_, Some(n)) if n >= 1.0 => self.put(it, &" ".repeat((n as usize).min(1 << 16))),
                _ => {}
            }
        }
        Ok(())
    }

    fn indented(
        &mut self,
        it: &mut Interp,
        f: impl FnOnce(&mut Self, &mut Interp) -> Res<()>,
    ) -> Res<()> {
        self.left += 2;
        let r = f(self, it);
        self.left -= 2;
        r
    }

    fn title(&mut self, it: &mut Interp, mark: &str, items: &[Value]) -> Res<()> {
        self.parskip(it);
        self.put(it, mark);
        self.par(it, items)?;
        self.parskip(it);
        Ok(())
    }

    /// Renders one brace list (a list with another head is evaluated).
    fn render(&mut self, it: &mut Interp, doc: &Value) -> Res<()> {
        let Some(items) = doc.list_to_vec() else {
            return Ok(());
        };
        let Some(Value::Sym(tag)) = items.first() else {
            it.eval(doc)?;
            return Ok(());
        };
        let body = &items[1..];
        match &*tag.name {
            "<p>" => {
                self.par(it, body)?;
                self.parskip(it);
            }
            "<pre>" | "<code>" => self.pre(it, body)?,
            "<li>" => {
                self.put(it, "* ");
                self.indented(it, |t, it| t.par(it, body))?;
                self.br(it);
            }
            "<br>" => {
                self.par(it, body)?;
                self.br(it);
            }
            "<ul>" => {
                self.br(it);
                self.par(it, body)?;
                self.br(it);
            }
            "<h1>" => self.title(it, "### ", body)?,
            "<h2>" => self.title(it, "## ", body)?,
            "<h3>" => self.title(it, "# ", body)?,
            "<img>" => {
                self.word(it, "[image:");
                self.par(it, body)?;
                self.word(it, "]");
            }
            "<hlink>" => {
                self.word(it, "[HLINK:");
                self.par(it, body)?;
                self.word(it, "]");
            }
            "<see>" => {
                self.br(it);
                self.put(it, "* ");
                self.indented(it, |t, it| {
                    t.word(it, "See:");
                    t.par(it, body)
                })?;
                self.br(it);
            }
            "<tt>" | "<b>" | "<i>" | "<u>" | "<c>" | "<center>" | "<div>" | "<if-text>" => {
                self.par(it, body)?
            }
            "<font>" | "<if-html>" | "<if-latex>" | "<if-ogre>" | "<meta>" | "<lit>"
            | "<author>" | "<symbol>" | "<location>" | "<keywords>" | "<date>" | "<desc>"
            | "<title>" | "<type>" => {}
            _ => {
                it.eval(doc)?;
            }
        }
        Ok(())
    }
}

/// `(render-brace-text left right brace)`.
fn render_brace_text(it: &mut Interp, a: &[Value]) -> Res {
    let f = "render-brace-text";
    let left = args::int(a, 0, f)?.clamp(0, 1 << 12) as usize;
    let right = args::int(a, 1, f)?.clamp(0, 1 << 20) as usize;
    let mut t = Text {
        cursor: 0,
        returns: 0,
        left,
        right,
    };
    t.render(it, &a[2])?;
    it.flush();
    Ok(Value::Nil)
}

pub(crate) fn register(it: &mut Interp) {
    it.defn("render-brace-text", 3, Some(3), render_brace_text, "(render-brace-text left right brace) prints the brace text brace (read from '{<p> words ...}) on the output as plain text, words wrapped at column right, lines indented by left: <p> paragraphs end with an empty line, <br> ends a line, <li> items start with \"* \", <h1>..<h3> are titles, <pre>/<code> keep their spacing; a list in the brace whose head is not a tag is evaluated.");
}
