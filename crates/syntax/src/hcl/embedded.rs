//! JSON documents embedded in Terraform strings and heredocs (inline IAM and bucket policies):
//! detected, parsed with spans, and their `${...}` interpolations lowered like templates.

use hcl_edit::Span as _;
use hcl_edit::template::{Element, HeredocTemplate, StringTemplate, Template};

use super::expr::{Lower, Src};
use crate::json::parse_json;
use crate::value::{Value, ValueKind};
use repl_lint_source::Span;

/// True when the text looks like a JSON document worth trying.
fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['))
}

/// Gives every node of a value the same span (JSON decoded out of an escaped string).
fn flatten_spans(value: &mut Value, span: Span) {
    value.span = span;
    match &mut value.kind {
        ValueKind::List(items) => items.iter_mut().for_each(|v| flatten_spans(v, span)),
        ValueKind::Map(entries) => {
            for entry in entries {
                entry.key_span = span;
                entry.span = span;
                flatten_spans(&mut entry.value, span);
            }
        }
        _ => {}
    }
}

impl Lower<'_> {
    /// A quoted string without interpolations: JSON when it parses as such (every node gets the
    /// whole string's span), else a plain string.
    pub(super) fn quoted_string(&self, text: &str, span: Span) -> Value {
        if looks_like_json(text)
            && let Ok(mut value) = parse_json(text, span.file, 0)
        {
            flatten_spans(&mut value, span);
            return value;
        }
        Value::new(ValueKind::Str(text.to_string()), span)
    }

    /// A quoted string with interpolations: JSON when its text (interpolations kept as written)
    /// parses as such, else a template.
    pub(super) fn string_template(
        &self,
        template: &StringTemplate,
        span: Span,
        depth: usize,
    ) -> Value {
        let mut text = String::new();
        for element in template.iter() {
            match element {
                // Re-escape literal `${` / `%{` so they stay literal when the JSON strings are
                // read as templates again.
                Element::Literal(lit) => {
                    text.push_str(&lit.value().replace("${", "$${").replace("%{", "%%{"))
                }
                other => text.push_str(
                    other
                        .span()
                        .and_then(|r| self.src.text.get(r))
                        .unwrap_or(""),
                ),
            }
        }
        if looks_like_json(&text)
            && let Ok(mut value) = parse_json(&text, span.file, 0)
        {
            flatten_spans(&mut value, span);
            self.interpolate(&mut value, depth);
            return value;
        }
        self.template(template, span, depth)
    }

    /// A whole file's text read by `file()`: JSON when it parses as such (spans in the file when
    /// it is in the run, else the call's `span`), else the text.
    pub(super) fn document(&self, text: &str, span: Span) -> Value {
        if looks_like_json(text)
            && let Ok(mut value) = parse_json(text, self.src.file, 0)
        {
            if let Some(fixed) = self.src.fixed {
                flatten_spans(&mut value, fixed);
            }
            return value;
        }
        Value::new(ValueKind::Str(text.to_string()), span)
    }

    /// A template file's text read by `templatefile()`: JSON with its strings read as templates
    /// when it parses as such, else a template.
    pub(super) fn template_document(
        &self,
        template: &Template,
        text: &str,
        span: Span,
        depth: usize,
    ) -> Value {
        if looks_like_json(text)
            && let Ok(mut value) = parse_json(text, self.src.file, 0)
        {
            if let Some(fixed) = self.src.fixed {
                flatten_spans(&mut value, fixed);
            }
            self.interpolate(&mut value, depth);
            return value;
        }
        self.template(template, span, depth)
    }

    /// A heredoc: JSON when its original source body parses as such (exact spans), else a template.
    pub(super) fn heredoc(&self, heredoc: &HeredocTemplate, span: Span, depth: usize) -> Value {
        let range = heredoc.template.span();
        let body = range.clone().and_then(|r| self.src.text.get(r));
        if let (Some(body), Some(range)) = (body, range)
            && looks_like_json(body)
        {
            let parsed = match self.src.fixed {
                None => parse_json(body, self.src.file, self.src.offset + range.start),
                Some(fixed) => parse_json(body, fixed.file, 0).map(|mut v| {
                    flatten_spans(&mut v, fixed);
                    v
                }),
            };
            if let Ok(mut value) = parsed {
                self.interpolate(&mut value, depth);
                return value;
            }
        }
        self.template(&heredoc.template, span, depth)
    }

    /// Reads every JSON string containing `${` or `%{` as an HCL template; parts of a string get
    /// the string's span.
    fn interpolate(&self, value: &mut Value, depth: usize) {
        match &mut value.kind {
            ValueKind::Str(s) if s.contains("${") || s.contains("%{") => {
                let text = s.clone();
                if let Ok(template) = hcl_edit::parser::parse_template(&text) {
                    let src = Src {
                        text: &text,
                        file: value.span.file,
                        fixed: Some(value.span),
                        offset: 0,
                    };
                    let lowered = Lower {
                        src,
                        iterators: self.iterators,
                        reader: self.reader,
                    }
                    .template(&template, value.span, depth + 1);
                    *value = lowered;
                }
            }
            ValueKind::List(items) => items.iter_mut().for_each(|v| self.interpolate(v, depth)),
            ValueKind::Map(entries) => entries
                .iter_mut()
                .for_each(|e| self.interpolate(&mut e.value, depth)),
            _ => {}
        }
    }
}
