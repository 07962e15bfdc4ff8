//! Cheap pre-scan of bracket nesting, so that pathological input is rejected before the
//! recursive HCL parser and lowering ever see it.
//!
//! The scan is approximate on purpose: it skips comments, quoted strings (not the quotes inside
//! their interpolations) and heredoc bodies, and counts `{`, `[` and `(`.

/// Deepest bracket nesting a file may have.
pub const MAX_NESTING: usize = 256;

/// The byte offset of the bracket that takes the nesting past [`MAX_NESTING`], if any.
pub fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
                i += 1;
            }
            b'}' | b']' | b')' => {
                depth = depth.saturating_sub(1);
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
    None
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
}
