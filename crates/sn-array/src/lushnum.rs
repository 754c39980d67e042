//! Numbers as Lush 1 prints them (`print`, `pname`, `str`, `%l`, arrays):
//! at most four decimals between 1e-3 and 1e10, C's `%g` (six significant
//! digits, a signed exponent of at least two digits) outside, trailing
//! zeros of the fraction removed; `Nan`, `Inf`, `-Inf` for the others.
//!
//! Printing is lossy (`(/ 1 3)` prints `0.3333`), as in Lush; files that
//! must read back exactly use [`exact_number`].

/// Formats `x` as Lush 1 prints a number.
pub fn lush_number(x: f64) -> String {
    if x.is_nan() {
        return "Nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Inf" } else { "-Inf" }.into();
    }
    let y = x.abs();
    let s = if !(1e-3..=1e10).contains(&y) {
        c_g(x, 6)
    } else {
        format!("{x:.4}")
    };
    strip_fraction_zeros(&s)
}

/// Removes the zeros that end the fraction of `s` (and the point when
/// nothing is left of it), keeping whatever follows the digits (an
/// exponent): `1.5000` → `1.5`, `2.0000` → `2`, `1.50e+20` → `1.5e+20`.
fn strip_fraction_zeros(s: &str) -> String {
    let Some(dot) = s.find('.') else {
        return s.to_string();
    };
    let digits_end = s[dot + 1..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(s.len(), |k| dot + 1 + k);
    let frac = s[dot + 1..digits_end].trim_end_matches('0');
    let head = if frac.is_empty() {
        s[..dot].to_string()
    } else {
        format!("{}.{frac}", &s[..dot])
    };
    head + &s[digits_end..]
}

/// C's `%.{p}g` for a finite `x`: `p` significant digits, exponent form
/// when the exponent is below -4 or at least `p`, trailing zeros removed.
pub fn c_g(x: f64, p: usize) -> String {
    let p = p.max(1);
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let e_form = format!("{:.*e}", p - 1, x);
    let (mant, exp) = e_form.split_once('e').unwrap_or((&e_form, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= p as i32 {
        let sign = if exp < 0 { '-' } else { '+' };
        let mant = strip_fraction_zeros(mant);
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        strip_fraction_zeros(&format!("{x:.decimals$}"))
    }
}

/// Formats `x` so that reading it back gives `x` again (shortest
/// round-trip digits; integers without a point): for data files.
pub fn exact_number(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    if x == x.trunc() && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    if !(1e-5..1e15).contains(&x.abs()) {
        return format!("{x:e}");
    }
    format!("{x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_fraction_only() {
        assert_eq!(strip_fraction_zeros("1.5000"), "1.5");
        assert_eq!(strip_fraction_zeros("2.0000"), "2");
        assert_eq!(strip_fraction_zeros("100"), "100");
        assert_eq!(strip_fraction_zeros("1.50e+20"), "1.5e+20");
        assert_eq!(strip_fraction_zeros("1e+20"), "1e+20");
    }

    #[test]
    fn c_g_matches_c() {
        assert_eq!(c_g(1e20, 6), "1e+20");
        assert_eq!(c_g(1.234567e-5, 6), "1.23457e-05");
        assert_eq!(c_g(0.000123, 6), "0.000123");
        assert_eq!(c_g(123456789012.0, 6), "1.23457e+11");
        assert_eq!(c_g(999999.5, 6), "1e+06");
    }
}
