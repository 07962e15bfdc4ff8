//! Small questions about the text around a span that the fixes ask: where its line starts and
//! ends, how it is indented, which line ending and quote the file uses.

use repl_lint_source::SourceFile;

/// The line ending of a file: `\r\n` when it uses one, else `\n`.
pub fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// The offset where the line holding `offset` starts.
pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The offset where the line holding `offset` ends (before its `\n` or `\r\n`).
pub fn line_end(text: &str, offset: usize) -> usize {
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    if text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    }
}

/// The text of the line after the one holding `offset`, without its line ending (`None` on the
/// last line, also when the file ends with a line ending).
pub fn next_line(text: &str, offset: usize) -> Option<&str> {
    let start = offset + text[offset..].find('\n')? + 1;
    (start < text.len()).then(|| &text[start..line_end(text, start)])
}

/// The leading spaces and tabs of a line.
pub fn indentation(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// The last character before `offset` that is not whitespace, with its offset.
pub fn previous_non_space(text: &str, offset: usize) -> Option<(usize, char)> {
    text[..offset]
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_whitespace())
}

/// The quote a string is written with (`"` or `'`), or "" for a bare word.
pub fn quote_of(written: &str) -> &'static str {
    for quote in ["\"", "'"] {
        if written.len() >= 2 && written.starts_with(quote) && written.ends_with(quote) {
            return quote;
        }
    }
    ""
}

/// The text inside a string's quotes (the text itself for a bare word).
pub fn unquoted(written: &str) -> &str {
    let quote = quote_of(written).len();
    &written[quote..written.len() - quote]
}

/// True for a Terraform file in native syntax (`.tf`; `.tf.json` is JSON).
pub fn is_hcl(file: &SourceFile) -> bool {
    file.path.extension().is_some_and(|e| e == "tf")
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
