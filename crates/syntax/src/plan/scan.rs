//! A validating JSON scanner that walks a document without building it: the plan front end uses
//! it to find the few parts it needs and to skip everything else without allocating.

use std::borrow::Cow;

use crate::json::{MAX_DEPTH, parse_json};
use crate::resource::ParseError;
use repl_lint_source::{FileId, Span};

type Result<T> = std::result::Result<T, ParseError>;

/// A cursor over a JSON text.
pub(super) struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// The current byte offset.
    pub pos: usize,
    file: FileId,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str, file: FileId) -> Scanner<'a> {
        Scanner {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            file,
        }
    }

    /// An error at the current position (one byte wide, zero-width at the end).
    pub fn error(&self, message: &str) -> ParseError {
        let end = (self.pos + 1).min(self.bytes.len());
        ParseError {
            span: Span::new(self.file, self.pos, end.max(self.pos)),
            message: format!("invalid JSON: {message}"),
        }
    }

    pub fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub fn at_end(&mut self) -> bool {
        self.ws();
        self.pos >= self.bytes.len()
    }

    pub fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn require_byte(&mut self, b: u8, what: &str) -> Result<()> {
        self.ws();
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(what))
        }
    }

    /// Skips a string at the opening quote; returns whether it held escapes.
    fn skip_string(&mut self) -> Result<bool> {
        self.pos += 1;
        let mut escaped = false;
        loop {
            // Fast path over plain bytes.
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(escaped);
                }
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1
                        }
                        Some(b'u') => {
                            self.pos += 1;
                            for _ in 0..4 {
                                if !self.peek().is_some_and(|b| b.is_ascii_hexdigit()) {
                                    return Err(self.error("expected four hex digits after `\\u`"));
                                }
                                self.pos += 1;
                            }
                        }
                        _ => return Err(self.error("invalid escape")),
                    }
                }
                Some(_) => return Err(self.error("control character in string")),
            }
        }
    }

    /// Reads a string (after optional whitespace): its decoded text and the span of the quoted
    /// literal. Plain strings are borrowed from the input.
    pub fn string(&mut self) -> Result<(Cow<'a, str>, (usize, usize))> {
        self.ws();
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a string"));
        }
        let start = self.pos;
        let escaped = self.skip_string()?;
        let end = self.pos;
        let raw = &self.text[start..end];
        if !escaped {
            return Ok((Cow::Borrowed(&raw[1..raw.len() - 1]), (start, end)));
        }
        let value = parse_json(raw, self.file, start)?;
        Ok((
            Cow::Owned(value.as_str().unwrap_or("").to_string()),
            (start, end),
        ))
    }

    /// Reads a string value, or skips any other value and returns `None`.
    pub fn string_or_skip(&mut self, depth: usize) -> Result<Option<Cow<'a, str>>> {
        self.ws();
        if self.peek() == Some(b'"') {
            Ok(Some(self.string()?.0))
        } else {
            self.skip(depth)?;
            Ok(None)
        }
    }

    fn skip_number(&mut self) -> Result<()> {
        match crate::json::number_end(self.bytes, self.pos) {
            Ok(end) => {
                self.pos = end;
                Ok(())
            }
            Err((at, message)) => {
                self.pos = at;
                Err(self.error(message))
            }
        }
    }

    fn skip_word(&mut self, word: &[u8]) -> Result<()> {
        for &b in word {
            if self.peek() != Some(b) {
                return Err(self.error("expected a value"));
            }
            self.pos += 1;
        }
        Ok(())
    }

    fn key_colon(&mut self) -> Result<()> {
        self.ws();
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a string key"));
        }
        self.skip_string()?;
        self.require_byte(b':', "expected `:`")
    }

    /// Skips one value (after optional whitespace), validating it. `depth` is the nesting depth
    /// of the value's container; nesting beyond [`MAX_DEPTH`] is an error. Iterative: hostile
    /// nesting cannot overflow the stack.
    pub fn skip(&mut self, depth: usize) -> Result<()> {
        let mut stack: Vec<u8> = Vec::new();
        loop {
            // A value is expected here.
            self.ws();
            let mut closed = true;
            match self.peek() {
                Some(open @ (b'{' | b'[')) => {
                    if depth + stack.len() + 1 > MAX_DEPTH {
                        return Err(self.error(&format!("nested deeper than {MAX_DEPTH} levels")));
                    }
                    self.pos += 1;
                    self.ws();
                    let close = if open == b'{' { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                    } else {
                        stack.push(open);
                        if open == b'{' {
                            self.key_colon()?;
                        }
                        closed = false;
                    }
                }
                Some(b'"') => {
                    self.skip_string()?;
                }
                Some(b't') => self.skip_word(b"true")?,
                Some(b'f') => self.skip_word(b"false")?,
                Some(b'n') => self.skip_word(b"null")?,
                Some(b'-' | b'0'..=b'9') => self.skip_number()?,
                None => return Err(self.error("unexpected end of input, expected a value")),
                Some(_) => return Err(self.error("expected a value")),
            }
            if !closed {
                continue;
            }
            // After a value: close containers or move on to the next element.
            loop {
                let Some(&top) = stack.last() else {
                    return Ok(());
                };
                self.ws();
                match (top, self.peek()) {
                    (_, Some(b',')) => {
                        self.pos += 1;
                        if top == b'{' {
                            self.key_colon()?;
                        }
                        break;
                    }
                    (b'{', Some(b'}')) | (b'[', Some(b']')) => {
                        self.pos += 1;
                        stack.pop();
                    }
                    (b'{', _) => return Err(self.error("expected `,` or `}`")),
                    _ => return Err(self.error("expected `,` or `]`")),
                }
            }
        }
    }

    /// Skips one value and returns its byte range.
    pub fn range(&mut self, depth: usize) -> Result<(usize, usize)> {
        self.ws();
        let start = self.pos;
        self.skip(depth)?;
        Ok((start, self.pos))
    }

    /// Walks an object, calling `f` at each key with the scanner on its value (which `f` must
    /// consume). Any other value is skipped. Returns the object's byte range.
    pub fn object(
        &mut self,
        depth: usize,
        mut f: impl FnMut(&mut Self, Cow<'a, str>, (usize, usize)) -> Result<()>,
    ) -> Result<(usize, usize)> {
        self.ws();
        let start = self.pos;
        if self.peek() != Some(b'{') {
            self.skip(depth)?;
            return Ok((start, self.pos));
        }
        if depth + 1 > MAX_DEPTH {
            return Err(self.error(&format!("nested deeper than {MAX_DEPTH} levels")));
        }
        self.pos += 1;
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok((start, self.pos));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key"));
            }
            let (key, key_span) = self.string()?;
            self.require_byte(b':', "expected `:`")?;
            self.ws();
            f(self, key, key_span)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok((start, self.pos));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    /// Walks an array, calling `f` with the scanner on each element (which `f` must consume).
    /// Any other value is skipped.
    pub fn array(
        &mut self,
        depth: usize,
        mut f: impl FnMut(&mut Self) -> Result<()>,
    ) -> Result<()> {
        self.ws();
        if self.peek() != Some(b'[') {
            return self.skip(depth);
        }
        if depth + 1 > MAX_DEPTH {
            return Err(self.error(&format!("nested deeper than {MAX_DEPTH} levels")));
        }
        self.pos += 1;
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.ws();
            f(self)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }
}
