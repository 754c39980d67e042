//! Source positions and the table of file names they refer to.

/// A position in a source: file id (0 = none), line and column (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    /// The source's id in the [`SourceMap`]; 0 for text with no name.
    pub file: u32,
    /// The line, from 1; 0 in [`Span::NONE`].
    pub line: u32,
    /// The column, from 1.
    pub col: u32,
}

impl Span {
    /// No position (line 0).
    pub const NONE: Span = Span {
        file: 0,
        line: 0,
        col: 0,
    };
    /// True for a span that is no position (line 0).
    pub fn is_none(&self) -> bool {
        self.line == 0
    }
}

/// File names by id; id 0 is reserved for "no file".
#[derive(Default)]
pub struct SourceMap {
    names: Vec<String>,
    texts: Vec<std::rc::Rc<str>>,
}

impl SourceMap {
    /// Registers a source text under a name; the same name reuses its id.
    pub fn add(&mut self, name: &str, text: &str) -> u32 {
        if let Some(i) = self.names.iter().position(|n| n == name) {
            self.texts[i] = std::rc::Rc::from(text);
            return i as u32 + 1;
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
    /// `file:line:col` for a span, or an empty string.
    pub fn describe(&self, s: Span) -> String {
        if s.is_none() {
            String::new()
        } else {
            format!("{}:{}:{}", self.name(s.file), s.line, s.col)
        }
    }
}
