//! Cheap pre-scan of bracket nesting, so that pathological input is rejected before the
//! recursive HCL parser and lowering ever see it.
//!
//! The scan is approximate on purpose: it skips comments, quoted strings (not the quotes inside
//! their interpolations) and heredoc bodies, and counts `{`, `[` and `(`.

/// Deepest bracket nesting a file may have.
pub const MAX_NESTING: usize = 256;

/// The byte offset of the bracket that takes the nesting past [`MAX_NESTING`], if any.
pub fn too_deep(text: &str) -> Option<usize> {
    let mut found = None;
    walk(text, |offset, byte, depth| {
        if matches!(byte, b'{' | b'[' | b'(') && depth > MAX_NESTING {
            found = Some(offset);
            return false;
        }
        true
    });
    found
}

/// Offsets where `text` may be cut into parts of at least `min_part` bytes that each hold whole
/// top-level blocks and attributes: the start of a line that begins with a name, after a
/// newline outside any bracket, comment, quoted string or heredoc. A part that does not parse
/// on its own shows that a cut was wrong (the scan is approximate), and the caller parses the
/// whole text instead.
pub fn top_level_cuts(text: &str, min_part: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut cuts = Vec::new();
    let mut last = 0;
    walk(text, |offset, byte, depth| {
        let next = offset + 1;
        let starts_name = bytes
            .get(next)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
        if byte == b'\n' && depth == 0 && starts_name && next - last >= min_part {
            cuts.push(next);
            last = next;
        }
        true
    });
    cuts
}

/// Walks the code of `text`, skipping comments, quoted strings and heredoc bodies: calls
/// `visit(offset, byte, depth)` for every bracket and newline, with the nesting depth after an
/// opening bracket (before a closing one), until `visit` returns false.
fn walk(text: &str, mut visit: impl FnMut(usize, u8, usize) -> bool) {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' | b'[' | b'(' => {
                depth += 1;
                if !visit(i, b, depth) {
                    return;
                }
                i += 1;
            }
            b'}' | b']' | b')' | b'\n' => {
                if !visit(i, b, depth) {
                    return;
                }
                if b != b'\n' {
                    depth = depth.saturating_sub(1);
                }
                i += 1;
            }
            b'#' => i = line_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = line_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = block_comment_end(bytes, i + 2),
            b'"' => i = string_end(bytes, i + 1),
            b'<' if bytes.get(i + 1) == Some(&b'<') => i = heredoc_end(text, i + 2),
            _ => i += 1,
        }
    }
}

/// The index of the newline ending the line that contains `i` (or the end of the text).
fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map_or(bytes.len(), |p| i + p)
}

fn block_comment_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        if bytes.get(i) == Some(&b'*') && bytes.get(i + 1) == Some(&b'/') {
            return i + 2;
        }
        i += 1;
    }
    bytes.len()
}

/// Skips a quoted string whose body starts at `i`; a string never spans lines.
fn string_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Skips a heredoc whose header (after `<<`) starts at `i`; returns `i` unchanged when the text
/// there is not a heredoc header.
fn heredoc_end(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    let mut j = i;
    if bytes.get(j) == Some(&b'-') {
        j += 1;
    }
    let name_start = j;
    while let Some(b) = bytes.get(j) {
        if b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-' {
            j += 1;
        } else {
            break;
        }
    }
    let Some(name) = text.get(name_start..j).filter(|n| !n.is_empty()) else {
        return i;
    };
    let mut line_start = line_end(bytes, j) + 1;
    while line_start < bytes.len() {
        let end = line_end(bytes, line_start);
        if text
            .get(line_start..end)
            .is_some_and(|line| line.trim() == name)
        {
            return end;
        }
        line_start = end + 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_brackets_and_skips_strings_comments_heredocs() {
        assert_eq!(too_deep("a = [[1]]"), None);
        let deep = "[".repeat(MAX_NESTING + 1);
        assert_eq!(too_deep(&deep), Some(MAX_NESTING));
        let quoted = format!("a = \"{}\"", "[".repeat(300));
        assert_eq!(too_deep(&quoted), None);
        let comment = format!(
            "# {}\n/* {} */\n// {}",
            "{".repeat(300),
            "(".repeat(300),
            "[".repeat(300)
        );
        assert_eq!(too_deep(&comment), None);
        let heredoc = format!("a = <<-EOT\n{}\n  EOT\nb = 1", "[".repeat(300));
        assert_eq!(too_deep(&heredoc), None);
        let after = format!("a = <<EOT\nx\nEOT\nb = {}", "[".repeat(300));
        assert_eq!(too_deep(&after), Some(20 + MAX_NESTING));
    }

    #[test]
    fn cuts_only_between_top_level_structures() {
        let text = "a = 1\nresource \"x\" \"y\" {\n  b = {\nc = 2\n}\n}\n\n# c\n_d = <<EOT\ne = 3\nEOT\nf = \"{\"\ng = 4\n";
        let cuts = top_level_cuts(text, 1);
        let starts: Vec<&str> = cuts.iter().map(|&c| &text[c..c + 2]).collect();
        // Not before `c = 2` (inside braces), `e = 3` (heredoc body) or `# c` (a comment).
        assert_eq!(starts, ["re", "_d", "f ", "g "]);
        // Parts of at least 20 bytes: the first cut after 20 bytes from the previous one.
        assert_eq!(top_level_cuts(text, 20), [cuts[1], cuts[2]]);
        assert!(top_level_cuts("a = 1\n", 1).is_empty());
    }
}
