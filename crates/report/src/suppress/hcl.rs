//! HCL text for suppressions: own-line comments (`#`, `//`, `/* */`) and the extent of the block
//! or attribute that starts after one. A small lexer that knows strings, interpolations,
//! heredocs and brackets, so that a `#` inside a string or heredoc is not a comment and a block
//! ends at its own closing brace.

use super::Comment;
use std::ops::{ControlFlow, Range};

/// Brackets deeper than this are not tracked (the extent then ends at the end of the file).
const MAX_DEPTH: usize = 256;

/// What the lexer passes through.
enum Event {
    /// A comment: its whole range and the range of its body (without the markers).
    Comment(Range<usize>, Range<usize>),
    /// A newline outside strings and heredocs, with the bracket depth there.
    LineEnd(usize, usize),
    /// A byte of code (not whitespace, not a comment).
    Code(usize),
}

/// What the lexer is inside of.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// `{`, `[` or `(`, with the byte that closes it.
    Open(u8),
    /// `${` or `%{` inside a string.
    Interpolation,
    /// A quoted string.
    Str,
}

/// The comments that begin their line, and the offset of the first code byte.
pub fn comments(text: &str) -> (Vec<Comment>, usize) {
    let mut out = Vec::new();
    let mut first_code = text.len();
    let mut line_has_code = false;
    walk(text, 0, &mut |event| {
        match event {
            Event::Comment(whole, body) if !line_has_code => out.push(Comment {
                start: whole.start,
                end: whole.end,
                body,
            }),
            Event::Comment(..) => {}
            Event::LineEnd(..) => line_has_code = false,
            Event::Code(at) => {
                line_has_code = true;
                first_code = first_code.min(at);
            }
        }
        ControlFlow::Continue(())
    });
    (out, first_code)
}

/// The block or attribute that starts at the first code after `from`: from its first byte to
/// the end of the line where its brackets close. `None` at the end of the file.
pub fn extent(text: &str, from: usize) -> Option<Range<usize>> {
    let mut start = None;
    let mut end = text.len();
    walk(text, from, &mut |event| match event {
        Event::Code(at) if start.is_none() => {
            start = Some(at);
            ControlFlow::Continue(())
        }
        Event::LineEnd(at, 0) if start.is_some() => {
            end = at;
            ControlFlow::Break(())
        }
        _ => ControlFlow::Continue(()),
    });
    start.map(|s| s..end)
}

/// Runs the lexer from `from`, reporting to `on` until it breaks or the text ends.
fn walk(text: &str, from: usize, on: &mut dyn FnMut(Event) -> ControlFlow<()>) {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        let next = bytes.get(i + 1).copied();
        if stack.last() == Some(&Frame::Str) {
            i += match (b, next) {
                (b'\\', _) | (b'$', Some(b'$')) | (b'%', Some(b'%')) => 2,
                (b'"', _) => {
                    stack.pop();
                    1
                }
                (b'$' | b'%', Some(b'{')) => {
                    stack.push(Frame::Interpolation);
                    2
                }
                // A quoted string cannot span lines: recover at the newline.
                (b'\n', _) => {
                    stack.pop();
                    0
                }
                _ => 1,
            };
            continue;
        }
        let flow = match (b, next) {
            (b'#', _) | (b'/', Some(b'/')) => {
                let end = line_end(text, i);
                let body = i + if b == b'#' { 1 } else { 2 };
                let flow = on(Event::Comment(i..end, body..end));
                i = end;
                flow
            }
            (b'/', Some(b'*')) => {
                let end = text[i + 2..]
                    .find("*/")
                    .map_or(text.len(), |e| i + 2 + e + 2);
                let body_end = end.saturating_sub(2).max(i + 2);
                let flow = on(Event::Comment(i..end, i + 2..body_end));
                i = end;
                flow
            }
            (b'\n', _) => {
                let flow = on(Event::LineEnd(i, stack.len()));
                i += 1;
                flow
            }
            (b'<', Some(b'<')) => {
                let flow = on(Event::Code(i));
                i = heredoc_end(text, i).unwrap_or(i + 2);
                flow
            }
            _ if b.is_ascii_whitespace() => {
                i += 1;
                ControlFlow::Continue(())
            }
            _ => {
                match b {
                    b'"' => push(&mut stack, Frame::Str),
                    b'{' => push(&mut stack, Frame::Open(b'}')),
                    b'[' => push(&mut stack, Frame::Open(b']')),
                    b'(' => push(&mut stack, Frame::Open(b')')),
                    b'}' | b']' | b')'
                        if matches!(stack.last(), Some(Frame::Open(c)) if *c == b)
                            || (b == b'}' && stack.last() == Some(&Frame::Interpolation)) =>
                    {
                        stack.pop();
                    }
                    _ => {}
                }
                let flow = on(Event::Code(i));
                i += 1;
                flow
            }
        };
        if flow.is_break() {
            return;
        }
    }
}

fn push(stack: &mut Vec<Frame>, frame: Frame) {
    if stack.len() < MAX_DEPTH {
        stack.push(frame);
    }
}

/// The offset of the newline that ends the line holding `at` (or the end of the text).
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |e| at + e)
}

/// For `<<EOF` or `<<-EOF` at `at`: the offset of the newline after the closing marker line
/// (or the end of the text). `None` when this is not a heredoc opener.
fn heredoc_end(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at + 2..)?;
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let marker_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        .count();
    let marker = rest.get(..marker_len).filter(|m| !m.is_empty())?;
    let open_end = line_end(text, at);
    let after_marker = &text[at..open_end];
    if !after_marker.trim_end().ends_with(marker) {
        return None;
    }
    let mut line_start = open_end + 1;
    while line_start < text.len() {
        let end = line_end(text, line_start);
        if text[line_start..end].trim() == marker {
            return Some(end);
        }
        line_start = end + 1;
    }
    Some(text.len())
}

#[cfg(test)]
#[path = "hcl_tests.rs"]
mod tests;
