//! YAML text for suppressions: own-line `#` comments (not inside block scalars) and the extent of
//! the key or sequence item on the next line: that line and every more-indented line after it.

use super::Comment;
use std::ops::Range;

/// One line: its range (without the newline), indentation and trimmed text.
struct Line<'a> {
    start: usize,
    end: usize,
    indent: usize,
    text: &'a str,
}

/// The lines of `text` from byte `from` (which must start a line).
fn lines(text: &str, from: usize) -> impl Iterator<Item = Line<'_>> {
    let mut start = from;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
        let raw = text[start..end].trim_end_matches('\r');
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let line = Line {
            start,
            end: start + raw.len(),
            indent,
            text: raw.trim(),
        };
        start = end + 1;
        Some(line)
    })
}

/// True when a line ends with a block scalar indicator (`key: |`, `- >-`, `|2`).
fn opens_block_scalar(line: &str) -> bool {
    let last = line.rsplit([' ', '\t']).next().unwrap_or("");
    let preceded = line.len() == last.len()
        || line[..line.len() - last.len()]
            .trim_end()
            .ends_with([':', '-']);
    preceded
        && last.starts_with(['|', '>'])
        && last[1..]
            .bytes()
            .all(|b| matches!(b, b'-' | b'+' | b'0'..=b'9'))
}

/// The comments that fill their line (outside block scalars), and the offset of the first
/// line of content (not blank, a comment, `---` or a `%` directive).
pub fn comments(text: &str) -> (Vec<Comment>, usize) {
    let mut out = Vec::new();
    let mut first_code = text.len();
    let mut block_scalar: Option<usize> = None;
    for line in lines(text, 0) {
        if let Some(indent) = block_scalar {
            if line.text.is_empty() || line.indent > indent {
                continue;
            }
            block_scalar = None;
        }
        if let Some(body) = line.text.strip_prefix('#') {
            let start = line.start + line.indent;
            out.push(Comment {
                start,
                end: line.end,
                body: line.end - body.len()..line.end,
            });
        } else if !line.text.is_empty() {
            // A document marker or directive is not content: `ignore-file` may follow it.
            if line.text != "---" && !line.text.starts_with('%') {
                first_code = first_code.min(line.start + line.indent);
            }
            if opens_block_scalar(line.text) {
                block_scalar = Some(line.indent);
            }
        }
    }
    (out, first_code)
}

/// The key or item on the first line after `from` that is neither blank nor a comment, with
/// every following line indented deeper (and, for a key, a sequence written at its own
/// indentation). `None` at the end of the file.
pub fn extent(text: &str, from: usize) -> Option<Range<usize>> {
    let next_line = text[from..].find('\n').map_or(text.len(), |e| from + e + 1);
    let mut lines =
        lines(text, next_line).filter(|l| !l.text.is_empty() && !l.text.starts_with('#'));
    let head = lines.next()?;
    let is_item = head.text == "-" || head.text.starts_with("- ");
    let mut end = head.end;
    for line in lines {
        let sequence_under_key = !is_item
            && line.indent == head.indent
            && (line.text == "-" || line.text.starts_with("- "));
        if line.indent > head.indent || sequence_under_key {
            end = line.end;
        } else {
            break;
        }
    }
    Some(head.start + head.indent..end)
}

#[cfg(test)]
#[path = "yaml_tests.rs"]
mod tests;
