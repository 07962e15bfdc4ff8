//! Hints for parse errors caused by Terraform 0.11 (HCL 1) syntax that Terraform 0.12 and later
//! reject. Only constructs recognisable with certainty from the text at the error get a hint:
//!
//! - a quoted string split over lines that does close on a later line (HCL 1 accepted literal
//!   line breaks in quoted strings; HCL 2 reports "Invalid multi-line string");
//! - a quoted argument name in a body (`"Name" = "x"` inside `tags { }`; HCL 2: "Argument names
//!   must not be quoted").

/// The hint for a parse error at byte `offset` of `text` whose parser message is `message`, when
/// the text there is Terraform 0.11 syntax.
pub fn hint(text: &str, offset: usize, message: &str) -> Option<&'static str> {
    let rest = text.get(offset..)?;
    if message.contains("expected `\"` on the same line") && closes_on_a_later_line(rest) {
        return Some(
            "a quoted string that spans lines is Terraform 0.11 syntax, which Terraform 0.12 \
             and later reject",
        );
    }
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let before = text.get(line_start..offset)?;
    if before.trim().is_empty() && is_quoted_argument(rest) {
        return Some(
            "a quoted argument name is Terraform 0.11 syntax, which Terraform 0.12 and later \
             reject: remove the quotes, or set a map argument (`tags = { \"Name\" = ... }`)",
        );
    }
    None
}

/// Whether `rest` (starting at the line break inside an unclosed quoted string) holds the
/// string's closing quote on a later line, followed on that line only by what may end a value.
fn closes_on_a_later_line(rest: &str) -> bool {
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => {
                let after = rest.get(i + 1..).unwrap_or_default();
                let line = after.split('\n').next().unwrap_or_default().trim();
                return line.is_empty()
                    || line.starts_with(['#', ',', ']', ')', '}'])
                    || line.starts_with("//");
            }
            // An interpolation or directive could hold quotes of its own: not certain.
            '$' | '%' if rest.get(i + 1..).is_some_and(|r| r.starts_with('{')) => return false,
            _ => {}
        }
    }
    false
}

/// Whether `rest` starts with `"name" =` (a single `=`, not `==` or `=>`) on one line.
fn is_quoted_argument(rest: &str) -> bool {
    let Some(name_and_more) = rest.strip_prefix('"') else {
        return false;
    };
    let line = name_and_more.split('\n').next().unwrap_or_default();
    let Some(close) = line.find('"') else {
        return false;
    };
    let name = line.get(..close).unwrap_or_default();
    let after = line.get(close + 1..).unwrap_or_default().trim_start();
    !name.is_empty()
        && !name.contains(['\\', '$', '%'])
        && after.starts_with('=')
        && !after.starts_with("==")
        && !after.starts_with("=>")
}

#[cfg(test)]
#[path = "legacy_tests.rs"]
mod tests;
