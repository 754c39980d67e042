//! Lush's brace text: `{<tag> words ...}` read as a list.
//!
//! As in Lush 1, `{` is a macro character: `{<p> Click  here}` reads as
//! `(<p> 1 "Click" 2 "here")` — the tag as a (lower case) symbol, runs of
//! spaces as their length, a newline as -1 (an empty line as the list
//! `(<p> -1)`), a tab as -2, words (adjacent words and punctuation joined)
//! as strings, a nested brace as a nested list and `<words>` as
//! `(<c> "words")`. `,(form)` or `\(form)` puts a form in (not evaluated),
//! `,$form` too, and `\{` `\}` stand for the braces. `{<pre> ...</pre>}`
//! and `{<code> ...</code>}` keep their text as it is, ended by the end tag.

use super::{ReadError, Reader};
use crate::lisp::value::Value;
use crate::lisp::Interp;

/// The tags of Lush's brace texts (and their upper case forms).
const TAGS: [&str; 35] = [
    "<p>",
    "<pre>",
    "<code>",
    "<li>",
    "<br>",
    "<tt>",
    "<b>",
    "<i>",
    "<u>",
    "<c>",
    "<font>",
    "<center>",
    "<img>",
    "<ul>",
    "<div>",
    "<h1>",
    "<h2>",
    "<h3>",
    "<hlink>",
    "<see>",
    "<if-html>",
    "<if-latex>",
    "<if-ogre>",
    "<if-text>",
    "<meta>",
    "<ex>",
    "<author>",
    "<symbol>",
    "<location>",
    "<keywords>",
    "<date>",
    "<desc>",
    "<title>",
    "<type>",
    "<lit>",
];

/// The deepest nesting of brace texts read (they are read recursively).
const MAX_DEPTH: usize = 200;

thread_local! {
    /// How many brace texts are being read on this thread.
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn is_tag(t: &str) -> bool {
    TAGS.iter().any(|&k| k == t || k.to_uppercase() == t)
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// The run of characters from here for which `keep` holds.
    fn take(&mut self, keep: impl Fn(char) -> bool) -> &str {
        let r = self.rest();
        let n = r.find(|c: char| !keep(c)).unwrap_or(r.len());
        self.pos += n;
        &r[..n]
    }

    fn spaces(&mut self) -> Value {
        Value::Num(self.take(|c| c == ' ').len() as f64)
    }

    /// Reads the brace construct starting at the `{` under the reader.
    pub(super) fn read_brace(&mut self, it: &mut Interp) -> Result<Value, ReadError> {
        let open = self.pos;
        let depth = DEPTH.with(|d| d.get());
        if depth >= MAX_DEPTH {
            return Err(self.error(open, "brace texts nested too deeply", false));
        }
        DEPTH.with(|d| d.set(depth + 1));
        let r = self.brace_at(it, open);
        DEPTH.with(|d| d.set(depth));
        r
    }

    fn brace_at(&mut self, it: &mut Interp, open: usize) -> Result<Value, ReadError> {
        self.pos += 1;
        self.take(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
        let tag = self
            .take(|c| !matches!(c, ' ' | '\t' | '\n' | '\r' | '{' | '}'))
            .to_string();
        if tag.is_empty() && self.peek().is_none() {
            return Err(self.error(open, "unterminated brace text {...}", true));
        }
        if !is_tag(&tag) {
            let msg =
                format!("illegal tag in brace construct: {tag:?} (expected a tag such as <p>)");
            return Err(self.error(open, msg, false));
        }
        let head = Value::Sym(it.intern(&tag.to_lowercase()));
        let mut items = vec![head];
        match tag.to_lowercase().as_str() {
            "<pre>" | "<code>" => {
                self.brace_pre(it, open, &tag.replacen('<', "</", 1), &mut items)?
            }
            "<ex>" => {
                let msg = "brace text: {<ex> ...} (an evaluated example) is not supported";
                return Err(self.error(open, msg, false));
            }
            _ => {
                self.brace_body(it, open, &mut items)?;
                join_strings(&mut items);
            }
        }
        Ok(Value::list(items))
    }

    fn brace_body(
        &mut self,
        it: &mut Interp,
        open: usize,
        items: &mut Vec<Value>,
    ) -> Result<(), ReadError> {
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error(open, "unterminated brace text {...}", true));
            };
            let item = match c {
                ' ' => self.spaces(),
                '\n' => {
                    self.pos += 1;
                    if self.peek() == Some('\n') {
                        self.pos += 1;
                        Value::list(vec![Value::Sym(it.intern("<p>")), Value::Num(-1.0)])
                    } else {
                        Value::Num(-1.0)
                    }
                }
                '\t' => {
                    self.pos += 1;
                    Value::Num(-2.0)
                }
                '{' => self.read_brace(it)?,
                '}' => {
                    self.pos += 1;
                    return Ok(());
                }
                ',' | '\\' => self.brace_escape(it, c)?,
                '<' => {
                    self.pos += 1;
                    self.brace_bracket(it)
                }
                _ => Value::string(self.take(|c| !" ,{}<\n\t\\".contains(c))),
            };
            items.push(item);
        }
    }

    /// After `,` or `\`: a form, a brace character, or the character itself.
    fn brace_escape(&mut self, it: &mut Interp, c: char) -> Result<Value, ReadError> {
        let at = self.pos;
        self.pos += c.len_utf8();
        match self.peek() {
            Some('$') => {
                self.pos += 1;
                self.brace_form(it, at)
            }
            Some('(') => self.brace_form(it, at),
            Some(b @ ('{' | '}')) => {
                self.pos += 1;
                Ok(Value::string(&b.to_string()))
            }
            Some(',' | '@' | '\\') => Err(self.error(
                at,
                "brace text: evaluated escapes (,, ,@ \\\\) are not supported",
                false,
            )),
            _ => Ok(Value::string(&c.to_string())),
        }
    }

    fn brace_form(&mut self, it: &mut Interp, at: usize) -> Result<Value, ReadError> {
        match self.read(it)? {
            Some(f) => Ok(f.value),
            None => Err(self.error(at, "unterminated brace text {...}", true)),
        }
    }

    /// `<words>` (the `<` read): `(<c> "words" ...)`, split at white space.
    fn brace_bracket(&mut self, it: &mut Interp) -> Value {
        let mut out = vec![Value::Sym(it.intern("<c>"))];
        let mut word = String::new();
        let mut level = 0i32;
        let mut any = false;
        while let Some(c) = self.peek() {
            let gap = match c {
                ' ' => self.spaces(),
                '\n' | '\t' => {
                    self.pos += 1;
                    Value::Num(if c == '\n' { -1.0 } else { -2.0 })
                }
                '<' | '>' => {
                    self.pos += 1;
                    level += if c == '<' { 1 } else { -1 };
                    if level < 0 {
                        break;
                    }
                    word.push(c);
                    continue;
                }
                _ => {
                    word.push_str(self.take(|c| !" <>\n\t".contains(c)));
                    continue;
                }
            };
            out.push(Value::string(&std::mem::take(&mut word)));
            out.push(gap);
            any = true;
        }
        if !word.is_empty() || !any {
            out.push(Value::string(&word));
        }
        Value::list(out)
    }

    /// Preformatted text up to `end_tag` and the closing `}`.
    fn brace_pre(
        &mut self,
        it: &mut Interp,
        open: usize,
        end_tag: &str,
        items: &mut Vec<Value>,
    ) -> Result<(), ReadError> {
        let mut found = false;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error(open, "unterminated brace text {...}", true));
            };
            let item = match c {
                ' ' => self.spaces(),
                '\n' | '\t' => {
                    self.pos += 1;
                    Value::Num(if c == '\n' { -1.0 } else { -2.0 })
                }
                '}' => {
                    self.pos += 1;
                    if found {
                        return Ok(());
                    }
                    Value::string("}")
                }
                _ => {
                    let w = self.take(|c| !" }\n\t".contains(c));
                    if w == end_tag {
                        found = true;
                        Value::Sym(it.intern(&w.to_lowercase()))
                    } else {
                        Value::string(w)
                    }
                }
            };
            items.push(item);
        }
    }
}

/// Joins adjacent strings (a word and the punctuation after it).
fn join_strings(items: &mut Vec<Value>) {
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for v in items.drain(..) {
        if let (Some(Value::Str(a)), Value::Str(b)) = (out.last_mut(), &v) {
            *a = std::rc::Rc::new(format!("{a}{b}"));
        } else {
            out.push(v);
        }
    }
    *items = out;
}
