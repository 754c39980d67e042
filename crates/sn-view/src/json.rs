//! The little JSON the view writes: strings, numbers and points.

use std::fmt::Write;

/// `s` as a JSON string literal; `<`, `>` and `&` are escaped too, so the
/// text can sit inside the page's `<script>`.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || "<>&\u{2028}\u{2029}".contains(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number (`null` when not finite).
pub fn number(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        "null".to_string()
    }
}

/// Points as `[[step,value],...]`.
pub fn points<'a>(pts: impl Iterator<Item = (f64, f64)> + 'a) -> String {
    let items: Vec<String> = pts
        .map(|(s, v)| format!("[{},{}]", number(s), number(v)))
        .collect();
    format!("[{}]", items.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(string("</script>"), r#""\u003c/script\u003e""#);
        assert_eq!(string("\n"), r#""\u000a""#);
    }

    #[test]
    fn numbers_and_points() {
        assert_eq!(number(f64::NAN), "null");
        assert_eq!(
            points([(1.0, 0.5), (2.0, 0.25)].into_iter()),
            "[[1,0.5],[2,0.25]]"
        );
    }
}
