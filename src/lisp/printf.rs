//! C-style formatting for `printf`, `sprintf` and `gprintf`:
//! `%d %i %x %c %s %f %e %g %l %%` with flags `- 0 + space`, width and precision.

use super::error::{ErrorKind, LispError};
use super::printer;
use super::value::Value;
use super::Res;

/// What C's `printf` prints for a number that is not finite.
fn c_nonfinite(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v > 0.0 {
        "inf".into()
    } else {
        "-inf".into()
    }
}

/// C's `%e` with `prec` digits after the point (exponent of at least two digits).
pub fn fmt_e(v: f64, prec: usize, upper: bool) -> String {
    if !v.is_finite() {
        return c_nonfinite(v);
    }
    let s = format!("{v:.prec$e}");
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if exp < 0 { '-' } else { '+' };
    let e = if upper { 'E' } else { 'e' };
    format!("{mant}{e}{sign}{:02}", exp.abs())
}

/// C's `%g`: `prec` significant digits, trailing zeros removed.
pub fn fmt_g(v: f64, prec: usize, upper: bool) -> String {
    if !v.is_finite() {
        return c_nonfinite(v);
    }
    let p = if prec == 0 { 1 } else { prec };
    if v == 0.0 {
        return if v.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    // exponent as %e would print it after rounding
    let e_repr = format!("{:.*e}", p - 1, v);
    let exp: i32 = e_repr
        .split_once('e')
        .and_then(|(_, x)| x.parse().ok())
        .unwrap_or(0);
    if exp < -4 || exp >= p as i32 {
        let s = fmt_e(v, p - 1, upper);
        let (mant, rest) = s.split_at(s.find(['e', 'E']).unwrap_or(s.len()));
        format!("{}{rest}", strip_zeros(mant))
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        strip_zeros(&format!("{v:.decimals$}")).to_string()
    }
}

fn strip_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

struct Spec {
    left: bool,
    zero: bool,
    plus: bool,
    space: bool,
    width: usize,
    prec: Option<usize>,
}

fn pad(s: String, spec: &Spec, numeric: bool) -> String {
    let mut s = s;
    if numeric && !s.starts_with('-') {
        if spec.plus {
            s.insert(0, '+');
        } else if spec.space {
            s.insert(0, ' ');
        }
    }
    let len = s.chars().count();
    if len >= spec.width {
        return s;
    }
    let fill = spec.width - len;
    if spec.left {
        s + &" ".repeat(fill)
    } else if spec.zero && numeric {
        let (sign, digits) = if s.starts_with(['-', '+', ' ']) {
            s.split_at(1)
        } else {
            ("", s.as_str())
        };
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        " ".repeat(fill) + &s
    }
}

/// Largest width or precision a directive may ask for.
const MAX_FIELD: usize = 4096;

/// Reads the digits of a width or a precision.
fn field_number(chars: &mut std::iter::Peekable<std::str::Chars>, what: &str) -> Res<usize> {
    let mut n = 0usize;
    while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
        n = n * 10 + d as usize;
        if n > MAX_FIELD {
            return Err(LispError::new(
                ErrorKind::Domain,
                format!("printf: {what} larger than {MAX_FIELD}"),
            )
            .into());
        }
        chars.next();
    }
    Ok(n)
}

fn num_arg(v: &Value, conv: char) -> Res<f64> {
    v.as_num().ok_or_else(|| {
        LispError::new(ErrorKind::Type, format!("printf: %{conv} expects a number"))
            .culprit(v.clone())
            .into()
    })
}

/// A number argument of an integer directive: not-a-number and the
/// infinities have no integer to print.
fn finite_arg(v: &Value, conv: char) -> Res<f64> {
    let n = num_arg(v, conv)?;
    if !n.is_finite() {
        return Err(LispError::new(
            ErrorKind::Domain,
            format!("printf: %{conv} of a number that is not finite"),
        )
        .culprit(v.clone())
        .into());
    }
    Ok(n)
}

/// Formats `args` according to `fmt`.
///
/// # Errors
/// `type` when an argument does not fit its directive, `arity` when
/// arguments are missing, `domain` on an unknown directive.
pub fn format(fmt: &str, args: &[Value]) -> Res<String> {
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    let mut next_arg = 0usize;
    let mut take = |conv: char| -> Res<Value> {
        let v = args.get(next_arg).cloned().ok_or_else(|| {
            LispError::new(
                ErrorKind::Arity,
                format!("printf: missing argument for %{conv}"),
            )
        })?;
        next_arg += 1;
        Ok(v)
    };
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec {
            left: false,
            zero: false,
            plus: false,
            space: false,
            width: 0,
            prec: None,
        };
        while let Some(&f) = chars.peek() {
            match f {
                '-' => spec.left = true,
                '0' => spec.zero = true,
                '+' => spec.plus = true,
                ' ' => spec.space = true,
                _ => break,
            }
            chars.next();
        }
        spec.width = field_number(&mut chars, "width")?;
        if chars.peek() == Some(&'.') {
            chars.next();
            spec.prec = Some(field_number(&mut chars, "precision")?);
        }
        let Some(conv) = chars.next() else {
            return Err(LispError::new(ErrorKind::Domain, "printf: format ends after %").into());
        };
        let plain = !(spec.left || spec.zero || spec.plus || spec.space)
            && spec.width == 0
            && spec.prec.is_none();
        let piece = match conv {
            // as in Lush, a bare %d, %f, %e or %g prints the number as `print`
            // does (%d of its integer part, truncated)
            'd' | 'i' if plain => printer::num(finite_arg(&take(conv)?, conv)?.trunc() + 0.0),
            'f' | 'e' | 'g' if plain => printer::num(num_arg(&take(conv)?, conv)?),
            '%' => {
                out.push('%');
                continue;
            }
            'd' | 'i' => {
                let n = finite_arg(&take(conv)?, conv)?;
                // truncated to its integer part, as C's cast in Lush's
                // printf; exact even past 2^63
                let r = n.trunc();
                let s = if r == 0.0 {
                    "0".to_string()
                } else {
                    format!("{r:.0}")
                };
                pad(s, &spec, true)
            }
            'x' | 'X' => {
                // numbers are doubles, not machine words: a negative one
                // prints as a sign and the hex of its magnitude
                let v = take(conv)?;
                let x = finite_arg(&v, conv)?.round();
                if x.abs() >= 9.223_372_036_854_776e18 {
                    return Err(LispError::new(
                        ErrorKind::Domain,
                        format!("printf: %{conv} of a number beyond 64 bits"),
                    )
                    .culprit(v)
                    .into());
                }
                let n = x as i64;
                let sign = if n < 0 { "-" } else { "" };
                let m = n.unsigned_abs();
                let s = if conv == 'x' {
                    format!("{sign}{m:x}")
                } else {
                    format!("{sign}{m:X}")
                };
                pad(s, &spec, true)
            }
            'c' => {
                let v = take(conv)?;
                let n = num_arg(&v, conv)?;
                let c = (n >= 0.0 && n <= u32::MAX as f64)
                    .then(|| char::from_u32(n as u32))
                    .flatten()
                    .ok_or_else(|| {
                        LispError::new(ErrorKind::Type, "printf: %c expects a character code")
                            .culprit(v.clone())
                    })?;
                pad(c.to_string(), &spec, false)
            }
            'f' | 'F' => {
                let n = num_arg(&take(conv)?, conv)?;
                let p = spec.prec.unwrap_or(6);
                let s = if n.is_finite() {
                    format!("{n:.p$}")
                } else {
                    c_nonfinite(n)
                };
                pad(s, &spec, true)
            }
            'e' | 'E' => {
                let n = num_arg(&take(conv)?, conv)?;
                pad(fmt_e(n, spec.prec.unwrap_or(6), conv == 'E'), &spec, true)
            }
            'g' | 'G' => {
                let n = num_arg(&take(conv)?, conv)?;
                pad(fmt_g(n, spec.prec.unwrap_or(6), conv == 'G'), &spec, true)
            }
            's' => {
                let v = take(conv)?;
                let mut s = printer::text(&v);
                if let Some(p) = spec.prec {
                    s = s.chars().take(p).collect();
                }
                pad(s, &spec, false)
            }
            'l' => {
                let v = take(conv)?;
                pad(printer::repr(&v), &spec, false)
            }
            other => {
                return Err(LispError::new(
                    ErrorKind::Domain,
                    format!("printf: unknown directive %{other}"),
                )
                .into());
            }
        };
        out.push_str(&piece);
    }
    Ok(out)
}
