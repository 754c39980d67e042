//! The reader: text to forms. Atoms (numbers, strings, symbols, comments)
//! are parsed with nom; nesting is kept on an explicit stack, so that
//! 100 000 open parentheses are an error with a position, not a crash.
//! Every list read keeps its file, line and column.

use std::rc::Rc;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1, take_while_m_n};
use nom::character::complete::{char, digit0, digit1, one_of};
use nom::combinator::{opt, recognize};
use nom::sequence::{pair, preceded, tuple};
use nom::IResult;

use super::error::{ErrorKind, LispError};
use super::span::Span;
use super::value::Value;
use super::Interp;

mod brace;

/// A read error; `incomplete` is true when more input could complete it
/// (the REPL then asks for another line).
#[derive(Debug, Clone)]
pub struct ReadError {
    /// What is wrong with the text.
    pub message: String,
    /// Where the reader found it.
    pub span: Span,
    /// The text ended inside a form (an open list or string).
    pub incomplete: bool,
}

impl ReadError {
    /// The error as a Lisp error of kind `Read` at its position.
    pub fn into_lisp(self) -> LispError {
        LispError::new(ErrorKind::Read, self.message).at(self.span)
    }
}

/// A form read at top level, with the `#?` documentation lines before it.
pub struct Form {
    /// The form.
    pub value: Value,
    /// The text of the `#?` lines just before it, if any (help for a
    /// definition).
    pub doc: Option<String>,
    /// Where the form starts.
    pub span: Span,
}

fn is_delim(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | ')' | '[' | ']' | '"' | ';' | '\'' | '`' | ',' | '{'
        )
}

/// A whole token: a run of non-delimiter characters.
fn token(i: &str) -> IResult<&str, &str> {
    take_while1(|c| !is_delim(c))(i)
}

/// Decimal numbers: `3`, `-2.5`, `.5`, `1e-3`.
fn decimal(i: &str) -> IResult<&str, &str> {
    recognize(tuple((
        opt(one_of("+-")),
        alt((
            recognize(pair(digit1, opt(pair(char('.'), digit0)))),
            recognize(pair(char('.'), digit1)),
        )),
        opt(tuple((one_of("eE"), opt(one_of("+-")), digit1))),
    )))(i)
}

/// Hexadecimal numbers: `0x1A`, `-0xff`.
fn hex(i: &str) -> IResult<&str, (Option<char>, &str)> {
    pair(
        opt(one_of("+-")),
        preceded(
            alt((tag("0x"), tag("0X"))),
            take_while1(|c: char| c.is_ascii_hexdigit()),
        ),
    )(i)
}

/// Parses a token as a number if the whole token is one.
pub fn parse_number(tok: &str) -> Option<f64> {
    if let Ok(("", s)) = decimal(tok) {
        return s.parse::<f64>().ok();
    }
    if let Ok(("", (sign, digits))) = hex(tok) {
        let v = u64::from_str_radix(digits, 16).ok()? as f64;
        return Some(if sign == Some('-') { -v } else { v });
    }
    None
}

/// The body of a string after its opening quote, up to the closing quote.
/// Returns the decoded text, or `Err(true)` if the input ends first and
/// `Err(false)` on a bad escape.
fn string_body(i: &str) -> Result<(&str, String), (bool, usize)> {
    let mut out = String::new();
    let mut rest = i;
    loop {
        let r: IResult<&str, &str> = take_while(|c| c != '"' && c != '\\')(rest);
        let Ok((r2, plain)) = r else {
            return Err((true, i.len() - rest.len()));
        };
        out.push_str(plain);
        rest = r2;
        let mut chars = rest.chars();
        match chars.next() {
            None => return Err((true, i.len())),
            Some('"') => return Ok((&rest[1..], out)),
            Some(_) => {
                let at = i.len() - rest.len();
                let Some(e) = chars.next() else {
                    return Err((true, at));
                };
                rest = &rest[1 + e.len_utf8()..];
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'b' => out.push('\x08'),
                    'f' => out.push('\x0c'),
                    'e' => out.push('\x1b'),
                    // TL3's octal escapes: one to three digits (`\007`)
                    '0'..='7' => {
                        let more = rest
                            .bytes()
                            .take(2)
                            .take_while(|b| (b'0'..=b'7').contains(b));
                        let n = more.count();
                        let digits = format!("{e}{}", &rest[..n]);
                        let code = u32::from_str_radix(&digits, 8).map_err(|_| (false, at))?;
                        out.push(char::from_u32(code).ok_or((false, at))?);
                        rest = &rest[n..];
                    }
                    // TL3's control escapes: `\^G` is Ctrl-G
                    '^' => match rest.chars().next() {
                        Some(c) if c.is_ascii() => {
                            out.push(((c as u8) & 0x1f) as char);
                            rest = &rest[1..];
                        }
                        _ => return Err((false, at)),
                    },
                    '\\' => out.push('\\'),
                    '"' => out.push('"'),
                    '\n' => {}
                    'x' => {
                        let h: IResult<&str, &str> =
                            take_while_m_n(1, 2, |c: char| c.is_ascii_hexdigit())(rest);
                        let Ok((r3, hs)) = h else {
                            return Err((false, at));
                        };
                        let code = u32::from_str_radix(hs, 16).map_err(|_| (false, at))?;
                        out.push(char::from_u32(code).ok_or((false, at))?);
                        rest = r3;
                    }
                    _ => return Err((false, at)),
                }
            }
        }
    }
}

enum FrameKind {
    Paren,
    Bracket,
}

struct Frame {
    kind: FrameKind,
    span: Span,
    items: Vec<Value>,
    tail: Option<Value>,
    dot: bool,
    /// Numeric items of an array literal: (dims, data).
    cells: Vec<(Vec<usize>, Vec<f32>)>,
    prefixes: Vec<(&'static str, Span)>,
}

/// Reads forms from one text.
pub struct Reader<'a> {
    src: &'a str,
    pos: usize,
    file: u32,
    fold: bool,
    line_starts: Vec<usize>,
    /// (line start, position, column) of the last position located.
    col_cache: std::cell::Cell<(usize, usize, usize)>,
}

/// Maximum number of dimensions of an array literal.
const MAX_LITERAL_DIMS: usize = 8;

impl<'a> Reader<'a> {
    /// `fold` turns on SN2.8 symbol folding (lower case, `_` to `-`).
    pub fn new(src: &'a str, file: u32, fold: bool) -> Reader<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Reader {
            src,
            pos: 0,
            file,
            fold,
            line_starts,
            col_cache: std::cell::Cell::new((0, 0, 1)),
        }
    }

    fn span_at(&self, pos: usize) -> Span {
        let line = self.line_starts.partition_point(|&s| s <= pos);
        let start = self.line_starts[line - 1];
        let pos = pos.min(self.src.len());
        // Columns are counted from the last position asked on the same
        // line, so that a long line is not rescanned for every token.
        let (c_start, c_pos, c_col) = self.col_cache.get();
        let col = if c_start == start && c_pos <= pos {
            c_col + self.src[c_pos..pos].chars().count()
        } else {
            self.src[start..pos].chars().count() + 1
        };
        self.col_cache.set((start, pos, col));
        Span::at(self.file, line as u32, col as u32)
    }

    /// The position of the last character before `pos` (the end of a
    /// form that was read up to `pos`).
    fn end_before(&self, pos: usize) -> Span {
        let mut s = self.span_at(pos);
        if s.col > 1 {
            s.col -= 1;
        } else if s.line > 1 {
            // `pos` starts a line: the form ended with the one before
            let prev = self.line_starts[s.line as usize - 2];
            let text = &self.src[prev..self.line_starts[s.line as usize - 1] - 1];
            s.line -= 1;
            s.col = text.chars().count().max(1) as u32;
        }
        s
    }

    fn error(&self, pos: usize, msg: impl Into<String>, incomplete: bool) -> ReadError {
        ReadError {
            message: msg.into(),
            span: self.span_at(pos),
            incomplete,
        }
    }

    /// The byte offset where the next form will be read.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Moves the reader to a byte offset (after text consumed by
    /// `read-string`); an offset past the end or inside a character is
    /// ignored.
    pub fn set_pos(&mut self, pos: usize) {
        if pos <= self.src.len() && self.src.is_char_boundary(pos) {
            self.pos = pos;
        }
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    /// Skips white space and comments; collects `#?` lines into `doc`.
    fn skip_ws(&mut self, doc: &mut Option<String>) -> Result<(), ReadError> {
        loop {
            let r = self.rest();
            let trimmed = r.trim_start();
            self.pos += r.len() - trimmed.len();
            let r = self.rest();
            if r.starts_with(';') {
                self.skip_line();
            } else if let Some(text) = r.strip_prefix("#?") {
                let line = text.split('\n').next().unwrap_or("");
                let line = line.strip_prefix(' ').unwrap_or(line);
                let d = doc.get_or_insert_with(String::new);
                if !d.is_empty() {
                    d.push('\n');
                }
                d.push_str(line.trim_end());
                self.skip_line();
            } else if r.starts_with("#!") {
                match r.find("!#") {
                    Some(end) => self.pos += end + 2,
                    None if self.pos == 0 => self.skip_line(),
                    None => return Err(self.error(self.pos, "unterminated #! comment", true)),
                }
            } else {
                return Ok(());
            }
        }
    }

    fn skip_line(&mut self) {
        match self.rest().find('\n') {
            Some(n) => self.pos += n + 1,
            None => self.pos = self.src.len(),
        }
    }

    /// Reads the next top-level form, `Ok(None)` at the end of the text.
    pub fn read(&mut self, it: &mut Interp) -> Result<Option<Form>, ReadError> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut prefixes: Vec<(&'static str, Span)> = Vec::new();
        let mut doc = None;
        loop {
            let mut ignored = None;
            self.skip_ws(if stack.is_empty() && prefixes.is_empty() {
                &mut doc
            } else {
                &mut ignored
            })?;
            let start = self.pos;
            let span = self.span_at(start);
            // where the datum read in this turn starts (a list: its '(')
            let mut first = span;
            let Some(c) = self.rest().chars().next() else {
                if let Some(f) = stack.last() {
                    let what = if matches!(f.kind, FrameKind::Paren) {
                        "list"
                    } else {
                        "array literal"
                    };
                    let mut e =
                        self.error(start, format!("unexpected end of input in {what}"), true);
                    e.message.push_str(&format!(
                        " opened at line {}, column {}",
                        f.span.line, f.span.col
                    ));
                    return Err(e);
                }
                if !prefixes.is_empty() {
                    return Err(self.error(start, "unexpected end of input after a quote", true));
                }
                return Ok(None);
            };
            let datum = match c {
                '(' | '[' => {
                    self.pos += 1;
                    let kind = if c == '(' {
                        FrameKind::Paren
                    } else {
                        FrameKind::Bracket
                    };
                    if matches!(kind, FrameKind::Paren)
                        && stack
                            .last()
                            .is_some_and(|f| matches!(f.kind, FrameKind::Bracket))
                    {
                        return Err(self.error(
                            start,
                            "array literals hold numbers and arrays only",
                            false,
                        ));
                    }
                    stack.push(Frame {
                        kind,
                        span,
                        items: Vec::new(),
                        tail: None,
                        dot: false,
                        cells: Vec::new(),
                        prefixes: std::mem::take(&mut prefixes),
                    });
                    continue;
                }
                ')' | ']' => {
                    self.pos += 1;
                    if !prefixes.is_empty() {
                        return Err(self.error(start, format!("'{c}' after a quote"), false));
                    }
                    let Some(frame) = stack.pop() else {
                        // As Lush's reader: closing parentheses before a
                        // top-level form are skipped, without a warning.
                        if c == ')' {
                            continue;
                        }
                        return Err(self.error(start, format!("unexpected '{c}'"), false));
                    };
                    prefixes = frame.prefixes.clone();
                    first = frame.span;
                    match self.close(it, frame, c, start, &mut stack)? {
                        Some(v) => v,
                        None => continue,
                    }
                }
                '\'' | '`' => {
                    self.pos += 1;
                    prefixes.push((if c == '\'' { "quote" } else { "backquote" }, span));
                    continue;
                }
                ',' => {
                    self.pos += 1;
                    if self.rest().starts_with('@') {
                        self.pos += 1;
                        prefixes.push(("splice", span));
                    } else {
                        prefixes.push(("unquote", span));
                    }
                    continue;
                }
                '~' if self.rest()[1..]
                    .chars()
                    .next()
                    .is_some_and(|n| !n.is_whitespace() && n != ')' && n != ']') =>
                {
                    self.pos += 1;
                    prefixes.push(("not", span));
                    continue;
                }
                // TL3's quoted symbols: `|CODEBOOK|` keeps its case
                '|' if !stack
                    .last()
                    .is_some_and(|f| matches!(f.kind, FrameKind::Bracket)) =>
                {
                    let body = &self.rest()[1..];
                    let Some(end) = body
                        .find(['|', '\n'])
                        .filter(|&e| body.as_bytes()[e] == b'|')
                    else {
                        return Err(self.error(start, "unterminated |symbol|", false));
                    };
                    self.pos += end + 2;
                    Value::Sym(it.intern(&body[..end]))
                }
                // Lush's brace text, `{<p> words ...}`
                '{' if !stack
                    .last()
                    .is_some_and(|f| matches!(f.kind, FrameKind::Bracket)) =>
                {
                    self.read_brace(it)?
                }
                '"' => match string_body(&self.rest()[1..]) {
                    Ok((rest, s)) => {
                        self.pos = self.src.len() - rest.len();
                        Value::Str(Rc::new(s))
                    }
                    Err((true, _)) => return Err(self.error(start, "unterminated string", true)),
                    Err((false, at)) => {
                        return Err(self.error(start + 1 + at, "bad escape in string", false))
                    }
                },
                _ => {
                    let (rest, tok) = match token(self.rest()) {
                        Ok(x) => x,
                        Err(_) => return Err(self.error(start, "unreadable character", false)),
                    };
                    self.pos = self.src.len() - rest.len();
                    if tok == "." {
                        match stack.last_mut() {
                            Some(f)
                                if matches!(f.kind, FrameKind::Paren)
                                    && !f.items.is_empty()
                                    && !f.dot
                                    && prefixes.is_empty() =>
                            {
                                f.dot = true;
                                continue;
                            }
                            _ => return Err(self.error(start, "misplaced dot", false)),
                        }
                    }
                    if let Some(f) = stack.last_mut() {
                        if matches!(f.kind, FrameKind::Bracket) {
                            if !prefixes.is_empty() {
                                return Err(self.error(
                                    start,
                                    "array literals hold numbers and arrays only",
                                    false,
                                ));
                            }
                            if (tok == "d" || tok == "f") && f.cells.is_empty() {
                                continue;
                            }
                            match parse_number(tok) {
                                Some(n) => {
                                    f.cells.push((Vec::new(), vec![n as f32]));
                                    continue;
                                }
                                None => {
                                    return Err(self.error(
                                        start,
                                        format!("array literals hold numbers only, not {tok}"),
                                        false,
                                    ))
                                }
                            }
                        }
                    }
                    self.atom(it, tok, span)
                }
            };
            // A datum is complete: record its extent, apply the pending
            // prefixes (each form extends to the end of the datum). Only
            // lists that can be calls (headed by a symbol or a list) have
            // their end kept: errors point at calls, and lists of numbers
            // (data) would only fill the source map.
            let end = self.end_before(self.pos);
            let mut datum = datum;
            if let Value::Cons(c) = &datum {
                if matches!(c.car(), Value::Sym(_) | Value::Cons(_)) {
                    it.sources.set_end(first.to(end));
                }
            }
            while let Some((p, ps)) = prefixes.pop() {
                let head = Value::Sym(it.intern(p));
                datum = Value::cons_at(head, Value::cons(datum, Value::Nil), ps);
                it.sources.set_end(ps.to(end));
                first = ps;
            }
            match stack.last_mut() {
                None => {
                    return Ok(Some(Form {
                        value: datum,
                        doc,
                        span: first.to(end),
                    }))
                }
                Some(f) if matches!(f.kind, FrameKind::Bracket) => {
                    return Err(self.error(
                        start,
                        "array literals hold numbers and arrays only",
                        false,
                    ));
                }
                Some(f) if f.dot => {
                    if f.tail.is_some() {
                        return Err(self.error(start, "more than one form after a dot", false));
                    }
                    f.tail = Some(datum);
                }
                Some(f) => f.items.push(datum),
            }
        }
    }

    /// Closes a frame: a list, or an array literal (pushed into its parent
    /// array literal, in which case `None` is returned).
    fn close(
        &self,
        it: &mut Interp,
        frame: Frame,
        c: char,
        at: usize,
        stack: &mut [Frame],
    ) -> Result<Option<Value>, ReadError> {
        match frame.kind {
            FrameKind::Paren => {
                if c != ')' {
                    return Err(self.error(at, "']' closes a '('", false));
                }
                if frame.dot && frame.tail.is_none() {
                    return Err(self.error(at, "nothing after a dot", false));
                }
                let mut list = frame.tail.unwrap_or(Value::Nil);
                let n = frame.items.len();
                for (k, v) in frame.items.into_iter().rev().enumerate() {
                    let sp = if k + 1 == n { frame.span } else { Span::NONE };
                    list = Value::cons_at(v, list, sp);
                }
                Ok(Some(list))
            }
            FrameKind::Bracket => {
                if c != ']' {
                    return Err(self.error(at, "')' closes a '['", false));
                }
                let sub = frame
                    .cells
                    .first()
                    .map(|(d, _)| d.clone())
                    .unwrap_or_default();
                if frame.cells.iter().any(|(d, _)| *d != sub) {
                    return Err(self.error(at, "array literal rows of different shapes", false));
                }
                if sub.len() + 1 > MAX_LITERAL_DIMS {
                    return Err(self.error(at, "array literal with more than 8 dimensions", false));
                }
                let mut dims = vec![frame.cells.len()];
                dims.extend(sub);
                let data: Vec<f32> = frame.cells.into_iter().flat_map(|(_, d)| d).collect();
                if let Some(parent) = stack.last_mut() {
                    if matches!(parent.kind, FrameKind::Bracket) {
                        parent.cells.push((dims, data));
                        return Ok(None);
                    }
                }
                let _ = it;
                match sn_array::Array::from_vec(&dims, data) {
                    Ok(a) => Ok(Some(Value::array(a))),
                    Err(e) => Err(self.error(at, e.to_string(), false)),
                }
            }
        }
    }

    fn atom(&self, it: &mut Interp, tok: &str, span: Span) -> Value {
        if let Some(n) = parse_number(tok) {
            return Value::Num(n);
        }
        let name = if self.fold {
            fold_name(tok)
        } else {
            tok.to_string()
        };
        if name.len() > 1 && name.starts_with(':') {
            let parts: Vec<&str> = name[1..].split(':').filter(|p| !p.is_empty()).collect();
            if !parts.is_empty() {
                let mut items = vec![Value::Sym(it.intern("scope"))];
                // a part that is a number stays one (`:3` is then an
                // error when evaluated, not the global of a symbol `3`)
                items.extend(parts.iter().map(|p| match parse_number(p) {
                    Some(n) => Value::Num(n),
                    None => Value::Sym(it.intern(p)),
                }));
                let l = Value::list(items);
                if let Value::Cons(c) = &l {
                    c.set_span(span);
                }
                return l;
            }
        }
        Value::Sym(it.intern(&name))
    }
}

/// True when `src` is a complete sequence of forms, or fails for a reason
/// more input cannot fix. Used by the REPL to decide when to evaluate.
pub fn is_complete(it: &mut Interp, src: &str) -> bool {
    let mut r = Reader::new(src, 0, false);
    loop {
        match r.read(it) {
            Ok(Some(_)) => continue,
            Ok(None) => return true,
            Err(e) => return !e.incomplete,
        }
    }
}

/// Lush 1's symbol folding: lower case, and every `_` after the first
/// character read as `-` (`alloc_net` is `alloc-net`, `_x` stays `_x`).
fn fold_name(tok: &str) -> String {
    tok.char_indices()
        .map(|(i, c)| if i > 0 && c == '_' { '-' } else { c })
        .collect::<String>()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::fold_name;

    #[test]
    fn lush_folding_keeps_a_leading_underscore() {
        assert_eq!(fold_name("Alloc_Net"), "alloc-net");
        assert_eq!(fold_name("_x_y"), "_x-y");
        assert_eq!(fold_name("iris_A"), "iris-a");
    }
}
