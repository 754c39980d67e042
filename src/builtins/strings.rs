//! Strings: building, converting, slicing, formatting.

use crate::lisp::args::{self, type_error};
use crate::lisp::printer;
use crate::lisp::{Interp, Res, Value};

fn concat(_: &mut Interp, a: &[Value]) -> Res {
    let mut s = String::new();
    for v in a {
        s.push_str(&printer::text(v));
    }
    Ok(Value::string(&s))
}

fn str_(_: &mut Interp, a: &[Value]) -> Res {
    Ok(match &a[0] {
        Value::Str(_) => a[0].clone(),
        v => Value::string(&printer::repr(v)),
    })
}

fn val(_: &mut Interp, a: &[Value]) -> Res {
    let s = args::string(a, 0, "val")?;
    Ok(crate::lisp::reader::parse_number(s.trim())
        .map(Value::Num)
        .unwrap_or_default())
}

fn strlen(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::Num(
        args::string(a, 0, "strlen")?.chars().count() as f64
    ))
}

/// Character index, negative counting from the end, clamped.
fn char_index(i: i64, len: usize) -> usize {
    if i < 0 {
        (len as i64 + i).max(0) as usize
    } else {
        (i as usize).min(len)
    }
}

fn substring(_: &mut Interp, a: &[Value]) -> Res {
    let s = args::string(a, 0, "substring")?;
    let chars: Vec<char> = s.chars().collect();
    let from = char_index(args::int(a, 1, "substring")?, chars.len());
    let to = match a.get(2) {
        Some(_) => char_index(args::int(a, 2, "substring")?, chars.len()),
        None => chars.len(),
    };
    let out: String = if from < to {
        chars[from..to].iter().collect()
    } else {
        String::new()
    };
    Ok(Value::string(&out))
}

fn left(_: &mut Interp, a: &[Value]) -> Res {
    let s = args::string(a, 0, "left")?;
    let n = args::usize(a, 1, "left")?;
    Ok(Value::string(&s.chars().take(n).collect::<String>()))
}

fn right(_: &mut Interp, a: &[Value]) -> Res {
    let s = args::string(a, 0, "right")?;
    let n = args::usize(a, 1, "right")?;
    let len = s.chars().count();
    Ok(Value::string(
        &s.chars().skip(len.saturating_sub(n)).collect::<String>(),
    ))
}

fn sprintf(_: &mut Interp, a: &[Value]) -> Res {
    let f = args::string(a, 0, "sprintf")?;
    Ok(Value::string(&crate::lisp::printf::format(f, &a[1..])?))
}

fn upcase(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::string(&args::string(a, 0, "upcase")?.to_uppercase()))
}
fn downcase(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::string(
        &args::string(a, 0, "downcase")?.to_lowercase(),
    ))
}

fn split(_: &mut Interp, a: &[Value]) -> Res {
    let s = args::string(a, 0, "string-split")?;
    let parts: Vec<Value> = match a.get(1) {
        Some(_) => {
            let sep = args::string(a, 1, "string-split")?;
            if sep.is_empty() {
                s.chars().map(|c| Value::string(&c.to_string())).collect()
            } else {
                s.split(sep).map(Value::string).collect()
            }
        }
        None => s.split_whitespace().map(Value::string).collect(),
    };
    Ok(Value::list(parts))
}

fn pname(_: &mut Interp, a: &[Value]) -> Res {
    Ok(match &a[0] {
        Value::Sym(s) => Value::string(&s.name),
        Value::Str(_) => a[0].clone(),
        v => Value::string(&printer::repr(v)),
    })
}

fn intern(it: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::Sym(it.intern(args::string(a, 0, "intern")?)))
}

fn chr(_: &mut Interp, a: &[Value]) -> Res {
    let n = args::int(a, 0, "chr")?;
    match u32::try_from(n).ok().and_then(char::from_u32) {
        Some(c) => Ok(Value::string(&c.to_string())),
        None => Err(type_error("chr", "a character code", &a[0])),
    }
}

fn asc(_: &mut Interp, a: &[Value]) -> Res {
    let s = args::string(a, 0, "asc")?;
    match s.chars().next() {
        Some(c) => Ok(Value::Num(c as u32 as f64)),
        None => Err(type_error("asc", "a non-empty string", &a[0])),
    }
}

pub(crate) fn register(it: &mut Interp) {
    it.begin_family("strings");
    it.defn(
        "concat",
        0,
        None,
        concat,
        "(concat . strings) concatenation (other values as printed).",
    );
    it.defn(
        "str",
        1,
        Some(1),
        str_,
        "(str x) the printed text of x (a string is returned as is).",
    );
    it.defn(
        "val",
        1,
        Some(1),
        val,
        "(val s) the number written in s, or ().",
    );
    it.defn(
        "strlen",
        1,
        Some(1),
        strlen,
        "(strlen s) number of characters.",
    );
    it.defn(
        "substring",
        2,
        Some(3),
        substring,
        "(substring s from [to]) characters from..to-1 (negative counts from the end).",
    );
    it.defn(
        "left",
        2,
        Some(2),
        left,
        "(left s n) the first n characters.",
    );
    it.defn(
        "right",
        2,
        Some(2),
        right,
        "(right s n) the last n characters.",
    );
    it.defn(
        "sprintf",
        1,
        None,
        sprintf,
        "(sprintf fmt . args) formats like printf, returns a string.",
    );
    it.defn("upcase", 1, Some(1), upcase, "(upcase s) upper case.");
    it.defn("downcase", 1, Some(1), downcase, "(downcase s) lower case.");
    it.defn(
        "string-split",
        1,
        Some(2),
        split,
        "(string-split s [sep]) the list of pieces (white space by default).",
    );
    it.defn(
        "pname",
        1,
        Some(1),
        pname,
        "(pname x) the name of a symbol (or printed text).",
    );
    it.defn(
        "intern",
        1,
        Some(1),
        intern,
        "(intern s) the symbol named s.",
    );
    it.defn(
        "chr",
        1,
        Some(1),
        chr,
        "(chr n) the one-character string of code n.",
    );
    it.defn(
        "asc",
        1,
        Some(1),
        asc,
        "(asc s) the code of the first character.",
    );
}
