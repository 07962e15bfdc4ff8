//! Strict JSON (RFC 8259) parser that keeps a byte span on every node: used for JSON documents
//! embedded in Terraform strings and heredocs (and any other JSON whose positions matter).

use crate::resource::ParseError;
use crate::value::{Entry, Value, ValueKind};
use repl_lint_source::{FileId, Span};

/// Deepest nesting of arrays and objects accepted before giving up with an error.
pub const MAX_DEPTH: usize = 512;

/// Parses strict JSON (RFC 8259) into a spanned Value; `base` is the byte offset of `text` inside file `file`.
///
/// Objects become [`ValueKind::Map`] with duplicate keys kept in source order; an entry's
/// `key_span` covers the quoted key and its `span` runs from the key to the end of the value.
pub fn parse_json(text: &str, file: FileId, base: usize) -> Result<Value, ParseError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        file,
        base,
    };
    p.skip_ws();
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    file: FileId,
    base: usize,
}

impl Parser<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(
            self.file,
            self.base.saturating_add(start),
            self.base.saturating_add(end),
        )
    }

    /// An error at the current position: one byte wide, or zero-width at the end of the text.
    fn error(&self, message: &str) -> ParseError {
        let end = if self.pos < self.bytes.len() {
            self.pos + 1
        } else {
            self.pos
        };
        ParseError {
            span: self.span(self.pos, end),
            message: format!("invalid JSON: {message}"),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect_word(&mut self, word: &str, kind: ValueKind) -> Result<Value, ParseError> {
        let start = self.pos;
        for &b in word.as_bytes() {
            if self.peek() != Some(b) {
                return Err(self.error(&format!("expected `{word}`")));
            }
            self.pos += 1;
        }
        Ok(Value::new(kind, self.span(start, self.pos)))
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        match self.peek() {
            None => Err(self.error("unexpected end of input, expected a value")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => {
                let start = self.pos;
                let s = self.string()?;
                Ok(Value::new(ValueKind::Str(s), self.span(start, self.pos)))
            }
            Some(b't') => self.expect_word("true", ValueKind::Bool(true)),
            Some(b'f') => self.expect_word("false", ValueKind::Bool(false)),
            Some(b'n') => self.expect_word("null", ValueKind::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn check_depth(&self, depth: usize) -> Result<(), ParseError> {
        if depth > MAX_DEPTH {
            Err(self.error(&format!("nested deeper than {MAX_DEPTH} levels")))
        } else {
            Ok(())
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.check_depth(depth)?;
        let start = self.pos;
        self.pos += 1; // `{`
        let mut entries = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::new(
                ValueKind::Map(entries),
                self.span(start, self.pos),
            ));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = self.span(key_start, self.pos);
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:`"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth)?;
            let span = self.span(key_start, self.pos);
            entries.push(Entry {
                key,
                key_span,
                span,
                value,
            });
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::new(
                        ValueKind::Map(entries),
                        self.span(start, self.pos),
                    ));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.check_depth(depth)?;
        let start = self.pos;
        self.pos += 1; // `[`
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::new(
                ValueKind::List(items),
                self.span(start, self.pos),
            ));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::new(
                        ValueKind::List(items),
                        self.span(start, self.pos),
                    ));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        match number_end(self.bytes, start) {
            Ok(end) => self.pos = end,
            Err((at, message)) => {
                self.pos = at;
                return Err(self.error(message));
            }
        }
        let literal = self.text.get(start..self.pos).unwrap_or("");
        match literal.parse::<f64>() {
            Ok(n) => Ok(Value::new(ValueKind::Number(n), self.span(start, self.pos))),
            Err(_) => Err(self.error("invalid number")),
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| char::from(b).to_digit(16));
            match digit {
                Some(d) => {
                    n = n * 16 + d;
                    self.pos += 1;
                }
                None => return Err(self.error("expected four hex digits after `\\u`")),
            }
        }
        Ok(n)
    }

    /// Reads a string starting at the opening quote; leaves `pos` after the closing quote.
    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    out.push_str(self.text.get(run..self.pos).unwrap_or(""));
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(self.text.get(run..self.pos).unwrap_or(""));
                    self.pos += 1;
                    self.escape(&mut out)?;
                    run = self.pos;
                }
                Some(b) if b < 0x20 => return Err(self.error("control character in string")),
                Some(_) => self.pos += 1,
            }
        }
    }

    /// Decodes one escape; `pos` is just after the backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let hi = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&hi)
                    && self.bytes.get(self.pos) == Some(&b'\\')
                    && self.bytes.get(self.pos + 1) == Some(&b'u')
                {
                    let save = self.pos;
                    self.pos += 2;
                    let lo = self.hex4()?;
                    if (0xDC00..0xE000).contains(&lo) {
                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                    } else {
                        // A lone high surrogate followed by another escape: decode that one next.
                        self.pos = save;
                        hi
                    }
                } else {
                    hi
                };
                // Lone surrogates cannot live in a Rust string: they become U+FFFD.
                out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                return Ok(());
            }
            _ => return Err(self.error("invalid escape")),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }
}

/// The end of the JSON number (RFC 8259 grammar) that starts at `start`, or the position and
/// message of the first error. Shared by the spanned parser and the plan scanner.
pub(crate) fn number_end(bytes: &[u8], start: usize) -> Result<usize, (usize, &'static str)> {
    let digits = |mut at: usize| {
        let from = at;
        while let Some(b'0'..=b'9') = bytes.get(at) {
            at += 1;
        }
        (at, at - from)
    };
    let mut at = start;
    if bytes.get(at) == Some(&b'-') {
        at += 1;
    }
    match bytes.get(at) {
        Some(b'0') => {
            at += 1;
            if let Some(b'0'..=b'9') = bytes.get(at) {
                return Err((at, "leading zeros are not allowed"));
            }
        }
        Some(b'1'..=b'9') => at = digits(at).0,
        _ => return Err((at, "expected a digit")),
    }
    if bytes.get(at) == Some(&b'.') {
        let (end, count) = digits(at + 1);
        if count == 0 {
            return Err((end, "expected a digit after `.`"));
        }
        at = end;
    }
    if let Some(b'e' | b'E') = bytes.get(at) {
        at += 1;
        if let Some(b'+' | b'-') = bytes.get(at) {
            at += 1;
        }
        let (end, count) = digits(at);
        if count == 0 {
            return Err((end, "expected a digit in the exponent"));
        }
        at = end;
    }
    Ok(at)
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
