//! Source positions and the table of file names they refer to.

use std::collections::HashMap;

/// The extent of a form in a source: file id (0 = none), the line and
/// column (1-based) of its first character and, when known, of its last
/// one (`end_line` 0 = unknown: a position only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    /// The source's id in the [`SourceMap`]; 0 for text with no name.
    pub file: u32,
    /// The line, from 1; 0 in [`Span::NONE`].
    pub line: u32,
    /// The column of the first character, from 1.
    pub col: u32,
    /// The line of the last character (0: unknown).
    pub end_line: u32,
    /// The column of the last character.
    pub end_col: u32,
}

impl Span {
    /// No position (line 0).
    pub const NONE: Span = Span {
        file: 0,
        line: 0,
        col: 0,
        end_line: 0,
        end_col: 0,
    };
    /// The position of one character (the end not yet known).
    pub fn at(file: u32, line: u32, col: u32) -> Span {
        Span {
            file,
            line,
            col,
            end_line: 0,
            end_col: 0,
        }
    }
    /// True for a span that is no position (line 0).
    pub fn is_none(&self) -> bool {
        self.line == 0
    }
    /// True when the end of the form is known.
    pub fn has_end(&self) -> bool {
        self.end_line != 0
    }
    /// This span ending where `end` (a position) is.
    pub fn to(self, end: Span) -> Span {
        Span {
            end_line: end.line,
            end_col: end.col,
            ..self
        }
    }
}

/// File names by id; id 0 is reserved for "no file". The ends of the
/// forms read from each file are kept here, by their start, rather than
/// in every cons (which holds its start only, packed in one word).
#[derive(Default)]
pub struct SourceMap {
    names: Vec<String>,
    texts: Vec<std::rc::Rc<str>>,
    /// (file, line, col) of the start of a form read → (line, col) of its end.
    ends: HashMap<(u32, u32, u32), (u32, u32)>,
}

impl SourceMap {
    /// Registers a source text under a name; the same name reuses its id.
    pub fn add(&mut self, name: &str, text: &str) -> u32 {
        if let Some(i) = self.names.iter().position(|n| n == name) {
            self.texts[i] = std::rc::Rc::from(text);
            let id = i as u32 + 1;
            self.ends.retain(|k, _| k.0 != id);
            return id;
        }
        self.names.push(name.to_string());
        self.texts.push(std::rc::Rc::from(text));
        self.names.len() as u32
    }
    /// The source line a span points into, if its text is known.
    pub fn line(&self, s: Span) -> Option<String> {
        if s.is_none() || s.file == 0 {
            return None;
        }
        let text = self.texts.get(s.file as usize - 1)?;
        text.lines().nth(s.line as usize - 1).map(|l| l.to_string())
    }
    /// Records where the form starting at `span` ends (a form read from
    /// a file; others have no position).
    pub fn set_end(&mut self, span: Span) {
        if span.file != 0 && !span.is_none() && span.has_end() {
            self.ends.insert(
                (span.file, span.line, span.col),
                (span.end_line, span.end_col),
            );
        }
    }
    /// `s` with the end of its form, when one was recorded.
    pub fn complete(&self, s: Span) -> Span {
        if s.has_end() || s.is_none() {
            return s;
        }
        match self.ends.get(&(s.file, s.line, s.col)) {
            Some(&(end_line, end_col)) => Span {
                end_line,
                end_col,
                ..s
            },
            None => s,
        }
    }
    /// The name registered under `id`; empty for 0 or an unknown id.
    pub fn name(&self, id: u32) -> &str {
        if id == 0 {
            return "";
        }
        self.names
            .get(id as usize - 1)
            .map(|s| s.as_str())
            .unwrap_or("")
    }
    /// `file:line:col` of the start of a span, or an empty string.
    pub fn describe(&self, s: Span) -> String {
        if s.is_none() {
            String::new()
        } else {
            format!("{}:{}:{}", self.name(s.file), s.line, s.col)
        }
    }
}
