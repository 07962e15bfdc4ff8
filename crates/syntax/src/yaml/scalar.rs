//! Scalar resolution (YAML 1.2 core schema) and the meaning of node tags.

use granit_parser::Tag;

use crate::value::ValueKind;

/// What a node's tag asks for.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum TagKind {
    /// A CloudFormation short-form intrinsic, with its long-form key (`Ref`, `Fn::Sub`, ...).
    Intrinsic(String),
    /// A YAML core-schema tag (`!!str`, `!!int`, ...), by suffix.
    Core(String),
    /// The non-specific tag `!`: a scalar stays a string.
    NonSpecific,
    /// Any other tag: ignored.
    Other,
}

/// Classifies a tag as the parser resolved it.
pub(super) fn classify(tag: &Tag) -> TagKind {
    if let Some(suffix) = tag.core_suffix() {
        return TagKind::Core(suffix.to_string());
    }
    match (tag.handle(), tag.suffix()) {
        ("!", "") | ("", "!") => TagKind::NonSpecific,
        ("!", name) => TagKind::Intrinsic(long_form(name)),
        _ => TagKind::Other,
    }
}

/// The long-form key of a short-form tag name: `Ref`, `Condition`, otherwise `Fn::<Name>`.
fn long_form(name: &str) -> String {
    match name {
        "Ref" | "Condition" => name.to_string(),
        _ if name.starts_with("Fn::") => name.to_string(),
        _ => format!("Fn::{name}"),
    }
}

/// The value of an untagged plain scalar under the YAML 1.2 core schema.
///
/// Decimal integers written with a leading zero (`012345678901`, an account ID) stay strings:
/// reading them as numbers would lose digits, and CloudFormation keeps them as text.
pub(super) fn resolve_plain(text: &str) -> ValueKind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => ValueKind::Null,
        "true" | "True" | "TRUE" => ValueKind::Bool(true),
        "false" | "False" | "FALSE" => ValueKind::Bool(false),
        _ => number(text).map_or_else(|| ValueKind::Str(text.to_string()), ValueKind::Number),
    }
}

/// A core-schema number (`12`, `-1.5e3`, `0x1F`, `0o17`, `.inf`, `.nan`), or None.
fn number(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return radix(hex, 16);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return radix(oct, 8);
    }
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (body.get(..i)?, Some(body.get(i + 1..)?)),
        None => (body, None),
    };
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let shape_ok = all_digits(int_part)
        && match frac_part {
            // `.5` and `1.` are numbers; a lone `.` is not.
            Some(f) => all_digits(f) && !(int_part.is_empty() && f.is_empty()),
            None => !int_part.is_empty(),
        };
    if !shape_ok {
        return None;
    }
    if int_part.len() > 1 && int_part.starts_with('0') {
        return None;
    }
    if let Some(e) = exponent {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        if digits.is_empty() || !all_digits(digits) {
            return None;
        }
    }
    text.parse::<f64>().ok()
}

/// Digits in `radix` (at least one), folded into a float.
fn radix(digits: &str, radix: u32) -> Option<f64> {
    if digits.is_empty() {
        return None;
    }
    let mut n = 0f64;
    for c in digits.chars() {
        n = n * f64::from(radix) + f64::from(c.to_digit(radix)?);
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> Option<f64> {
        match resolve_plain(text) {
            ValueKind::Number(n) => Some(n),
            _ => None,
        }
    }

    #[test]
    fn core_schema() {
        assert_eq!(resolve_plain("~"), ValueKind::Null);
        assert_eq!(resolve_plain(""), ValueKind::Null);
        assert_eq!(resolve_plain("NULL"), ValueKind::Null);
        assert_eq!(resolve_plain("True"), ValueKind::Bool(true));
        assert_eq!(resolve_plain("FALSE"), ValueKind::Bool(false));
        assert_eq!(resolve_plain("yes"), ValueKind::Str("yes".into()));
        assert_eq!(num("12"), Some(12.0));
        assert_eq!(num("-1.5e3"), Some(-1500.0));
        assert_eq!(num("+7"), Some(7.0));
        assert_eq!(num(".5"), Some(0.5));
        assert_eq!(num("1."), Some(1.0));
        assert_eq!(num("0x1F"), Some(31.0));
        assert_eq!(num("0o17"), Some(15.0));
        assert_eq!(num("0"), Some(0.0));
        assert_eq!(num("0.25"), Some(0.25));
        assert_eq!(num(".inf"), Some(f64::INFINITY));
        assert!(num(".nan").is_some_and(f64::is_nan));
        for s in [
            "012345678901",
            "1e",
            ".",
            "1.2.3",
            "inf",
            "nan",
            "0x",
            "0xG",
            "1_000",
            "-",
            "e5",
            "1e+",
        ] {
            assert_eq!(num(s), None, "{s}");
        }
    }
}
