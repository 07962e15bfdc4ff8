//! CloudFormation YAML: composes granit-parser events into spanned [`Value`]s, with short-form
//! intrinsic tags (`!Ref`, `!GetAtt`, `!Sub`, ...) turned into their long JSON form.

mod scalar;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use granit_parser::{ErrorKind, Event, Parser, ScalarStyle, ScanError, StructureStyle, Tag};

use crate::resource::ParseError;
use crate::value::{Entry, Value, ValueKind};
use repl_lint_source::{FileId, Span};
use scalar::TagKind;

/// Deepest nesting of collections (and short-form tags) accepted before giving up with an error.
pub const MAX_DEPTH: usize = 512;

/// Most nodes that alias expansion may produce over one document.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// A parsed YAML document.
#[derive(Debug, Clone)]
pub struct YamlDocument {
    /// The first document's root, or the error that stopped parsing.
    pub root: Result<Value, ParseError>,
    /// Duplicate keys (the later one wins, as CloudFormation does), each located at the later key.
    pub duplicate_keys: Vec<ParseError>,
    /// Comments: the span of the whole comment (from `#`) and the text after `#`.
    pub comments: Vec<(Span, String)>,
}

/// Parses the first YAML document of `text` (a whole file) into a spanned [`Value`].
///
/// Mappings keep duplicate keys in source order (as `parse_json` does) and report them in
/// [`YamlDocument::duplicate_keys`]. Anchors and aliases are expanded; an expanded alias takes
/// the alias's span at its top level.
pub fn parse_yaml(text: &str, file: FileId) -> YamlDocument {
    // The scanner reads ahead of the events (a run of `[` is one pending simple key), so it
    // enforces the collection depth itself; the composer also counts short-form tags.
    let options = granit_parser::options! {
        flow_nesting_limit: MAX_DEPTH,
        block_nesting_limit: MAX_DEPTH,
    };
    let mut parser = Parser::new_from_str_with_options(text, options);
    let mut composer = Composer {
        text,
        file,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        produced: 0,
        expanded: 0,
        duplicate_keys: Vec::new(),
        comments: Vec::new(),
    };
    let root = composer.run(&mut parser);
    if root.is_ok() {
        // Comments after the first document still count (suppressions at the end of a file).
        for item in parser {
            match item {
                Ok((Event::Comment(body, _), span)) => composer.comment(&body, &span),
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
    YamlDocument {
        root,
        duplicate_keys: composer.duplicate_keys,
        comments: composer.comments,
    }
}

/// A node that has been composed and waits to be placed in its parent.
struct Node {
    value: Value,
    /// The key text when the node can serve as a mapping key (an untagged or core-tagged scalar).
    key: Option<String>,
    /// Nesting levels inside the node (0 for a plain scalar).
    height: usize,
}

/// An anchored node, kept for its aliases.
struct Anchored {
    value: Value,
    key: Option<String>,
    height: usize,
    /// How many nodes the anchored node counts.
    nodes: usize,
}

/// The contents of an open collection.
enum Body {
    Seq(Vec<Value>),
    Map {
        entries: Vec<Entry>,
        /// The key read, waiting for its value.
        key: Option<(String, Span)>,
        seen: HashSet<String>,
    },
}

/// An open collection on the composer's stack.
struct Frame {
    body: Body,
    /// First byte of the collection.
    start: usize,
    /// Flow collections end at their closing bracket; block ones at their last child.
    flow: bool,
    /// A short-form tag to wrap the collection in: long-form key and tag span.
    wrap: Option<(String, Span)>,
    anchor: usize,
    /// The node counter when the collection opened.
    produced_before: usize,
    /// Nesting depth of this collection (counting short-form tags).
    depth: usize,
    /// Greatest height among the children.
    height: usize,
    /// End of the last child.
    last_end: usize,
}

struct Composer<'a> {
    text: &'a str,
    file: FileId,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    root: Option<Value>,
    /// Nodes composed so far, alias expansions included.
    produced: usize,
    /// Nodes produced by alias expansion so far.
    expanded: usize,
    duplicate_keys: Vec<ParseError>,
    comments: Vec<(Span, String)>,
}

type EventItem<'a> = Result<(Event<'a>, granit_parser::Span), ScanError>;

impl<'a> Composer<'a> {
    /// Reads events up to the end of the first document and returns its root.
    fn run(
        &mut self,
        events: &mut impl Iterator<Item = EventItem<'a>>,
    ) -> Result<Value, ParseError> {
        for item in events {
            let (event, span) = item.map_err(|e| self.scan_error(&e))?;
            let range = self.range(&span);
            match event {
                // Only the first document counts.
                Event::StreamEnd | Event::DocumentEnd => break,
                Event::Comment(body, _) => self.comment(&body, &span),
                Event::Alias(id) => self.alias(id, range)?,
                Event::UnresolvedAlias(name) => {
                    return Err(self.error_at(range.start, &format!("undefined alias `*{name}`")));
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let node = self.scalar(text, style, tag.as_deref(), &span, range);
                    self.produced += 1;
                    self.place(node, anchor, 1)?;
                }
                Event::SequenceStart(style, anchor, tag) => {
                    self.open(false, style, anchor, tag.as_deref(), &span, range)?;
                }
                Event::MappingStart(style, anchor, tag) => {
                    self.open(true, style, anchor, tag.as_deref(), &span, range)?;
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(range)?,
                // Stream start, anchor metadata and future event kinds carry no data.
                _ => {}
            }
        }
        Ok(self
            .root
            .take()
            .unwrap_or_else(|| Value::new(ValueKind::Null, Span::new(self.file, 0, 0))))
    }

    fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.file, range.start, range.end)
    }

    /// The event's byte range (granit-parser gives byte offsets for string input).
    fn range(&self, span: &granit_parser::Span) -> Range<usize> {
        span.byte_range().unwrap_or_else(|| {
            let start = char_to_byte(self.text, span.start.index());
            let end = char_to_byte(self.text, span.end.index());
            start..end.max(start)
        })
    }

    /// The span of a node's tag token, or an empty span at the node's start.
    fn tag_span(&self, span: &granit_parser::Span, node_start: usize) -> Span {
        let range = span
            .tag_span()
            .map(|t| self.range(&t))
            .or_else(|| {
                let start = span.tag_start()?;
                let b = start
                    .byte_offset()
                    .unwrap_or_else(|| char_to_byte(self.text, start.index()));
                Some(b..b + 1)
            })
            .unwrap_or(node_start..node_start);
        self.span(range)
    }

    /// An error at byte `offset`: one character wide, or zero-width at the end of the text.
    fn error_at(&self, offset: usize, message: &str) -> ParseError {
        error_at(self.text, self.file, offset, message)
    }

    fn scan_error(&self, e: &ScanError) -> ParseError {
        let mark = e.marker();
        let offset = mark
            .byte_offset()
            .unwrap_or_else(|| char_to_byte(self.text, mark.index()));
        if matches!(e.kind(), ErrorKind::RecursionLimitExceeded) {
            return self.error_at(offset, &too_deep());
        }
        let info = e.info();
        let info = if info.is_empty() {
            format!("{:?}", e.kind())
        } else {
            info
        };
        self.error_at(offset, &format!("invalid YAML: {info}"))
    }

    fn comment(&mut self, body: &str, span: &granit_parser::Span) {
        let range = self.range(span);
        self.comments.push((self.span(range), body.to_string()));
    }

    /// Wraps `inner` in a one-entry long-form map whose key is the tag.
    fn wrap(key: String, tag_span: Span, inner: Value) -> Value {
        let span = tag_span.cover(inner.span);
        let entry = Entry {
            key,
            key_span: tag_span,
            span,
            value: inner,
        };
        Value::new(ValueKind::Map(vec![entry]), span)
    }

    fn scalar(
        &self,
        text: Cow<'_, str>,
        style: ScalarStyle,
        tag: Option<&Tag>,
        span: &granit_parser::Span,
        mut range: Range<usize>,
    ) -> Node {
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            // Block scalars run up to the next line; keep the span on the text itself.
            let bytes = self.text.as_bytes();
            while range.end > range.start && matches!(bytes.get(range.end - 1), Some(b'\n' | b'\r'))
            {
                range.end -= 1;
            }
        }
        let vspan = self.span(range.clone());
        let plain = matches!(style, ScalarStyle::Plain);
        let kind = tag.map_or(TagKind::Other, scalar::classify);
        let resolved = match &kind {
            TagKind::Core(suffix) => match suffix.as_str() {
                "str" | "map" | "seq" => ValueKind::Str(text.to_string()),
                _ => scalar::resolve_plain(&text),
            },
            TagKind::NonSpecific | TagKind::Intrinsic(_) => ValueKind::Str(text.to_string()),
            TagKind::Other if plain => scalar::resolve_plain(&text),
            TagKind::Other => ValueKind::Str(text.to_string()),
        };
        let TagKind::Intrinsic(name) = kind else {
            return Node {
                value: Value::new(resolved, vspan),
                key: Some(text.into_owned()),
                height: 0,
            };
        };
        let tag_span = self.tag_span(span, range.start);
        let inner = if name == "Fn::GetAtt" {
            // `!GetAtt Resource.Attribute`: split at the first dot.
            let parts: Vec<&str> = match text.split_once('.') {
                Some((a, b)) => vec![a, b],
                None => vec![&text],
            };
            let items = parts
                .into_iter()
                .map(|p| Value::new(ValueKind::Str(p.to_string()), vspan))
                .collect();
            Value::new(ValueKind::List(items), vspan)
        } else {
            Value::new(resolved, vspan)
        };
        Node {
            value: Self::wrap(name, tag_span, inner),
            key: None,
            height: 1,
        }
    }

    fn open(
        &mut self,
        is_map: bool,
        style: StructureStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: &granit_parser::Span,
        range: Range<usize>,
    ) -> Result<(), ParseError> {
        let wrap = match tag.map(scalar::classify) {
            Some(TagKind::Intrinsic(name)) => Some((name, self.tag_span(span, range.start))),
            _ => None,
        };
        let parent = self.stack.last().map_or(0, |f| f.depth);
        let depth = parent + 1 + usize::from(wrap.is_some());
        if depth > MAX_DEPTH {
            return Err(self.error_at(range.start, &too_deep()));
        }
        let body = if is_map {
            Body::Map {
                entries: Vec::new(),
                key: None,
                seen: HashSet::new(),
            }
        } else {
            Body::Seq(Vec::new())
        };
        self.stack.push(Frame {
            body,
            start: range.start,
            flow: style == StructureStyle::Flow,
            wrap,
            anchor,
            produced_before: self.produced,
            depth,
            height: 0,
            last_end: range.start,
        });
        Ok(())
    }

    fn close(&mut self, range: Range<usize>) -> Result<(), ParseError> {
        let Some(frame) = self.stack.pop() else {
            return Err(self.error_at(range.start, "invalid YAML: unbalanced collection end"));
        };
        let end = if frame.flow {
            range.end
        } else {
            frame.last_end
        };
        let span = Span::new(self.file, frame.start, end.max(frame.start));
        let kind = match frame.body {
            Body::Seq(items) => ValueKind::List(items),
            Body::Map { entries, .. } => ValueKind::Map(entries),
        };
        let mut value = Value::new(kind, span);
        let mut height = frame.height + 1;
        self.produced += 1;
        if let Some((name, tag_span)) = frame.wrap {
            value = Self::wrap(name, tag_span, value);
            height += 1;
            self.produced += 1;
        }
        let nodes = self.produced.saturating_sub(frame.produced_before);
        let node = Node {
            value,
            key: None,
            height,
        };
        self.place(node, frame.anchor, nodes)
    }

    fn alias(&mut self, id: usize, range: Range<usize>) -> Result<(), ParseError> {
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(self.error_at(
                range.start,
                "invalid YAML: alias refers to a node that contains it",
            ));
        };
        self.expanded = self.expanded.saturating_add(anchored.nodes);
        if self.expanded > MAX_ALIAS_NODES {
            return Err(self.error_at(
                range.start,
                &format!("alias expansion exceeds {MAX_ALIAS_NODES} nodes"),
            ));
        }
        let depth = self.stack.last().map_or(0, |f| f.depth);
        if depth + anchored.height > MAX_DEPTH {
            return Err(self.error_at(
                range.start,
                &format!("invalid YAML: alias expansion nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        let mut value = anchored.value.clone();
        value.span = self.span(range);
        let node = Node {
            value,
            key: anchored.key.clone(),
            height: anchored.height,
        };
        let nodes = anchored.nodes;
        self.produced = self.produced.saturating_add(nodes);
        self.place(node, 0, nodes)
    }

    /// Records an anchored node and hands the node to its parent (or makes it the root).
    fn place(&mut self, node: Node, anchor: usize, nodes: usize) -> Result<(), ParseError> {
        if anchor != 0 {
            self.anchors.insert(
                anchor,
                Anchored {
                    value: node.value.clone(),
                    key: node.key.clone(),
                    height: node.height,
                    nodes,
                },
            );
        }
        let Some(frame) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(node.value);
            }
            return Ok(());
        };
        let end = node.value.span.end as usize;
        frame.last_end = frame.last_end.max(end);
        frame.height = frame.height.max(node.height);
        match &mut frame.body {
            Body::Seq(items) => items.push(node.value),
            Body::Map { entries, key, seen } => match key.take() {
                None => {
                    let Some(text) = node.key else {
                        let start = node.value.span.start as usize;
                        return Err(error_at(
                            self.text,
                            self.file,
                            start,
                            "mapping keys must be plain strings, not collections or tags",
                        ));
                    };
                    *key = Some((text, node.value.span));
                }
                Some((text, key_span)) => {
                    if !seen.insert(text.clone()) {
                        self.duplicate_keys.push(ParseError {
                            span: key_span,
                            message: format!("duplicate key `{text}` (the later one wins)"),
                        });
                    }
                    let span = Span::new(self.file, key_span.start as usize, end);
                    entries.push(Entry {
                        key: text,
                        key_span,
                        span,
                        value: node.value,
                    });
                }
            },
        }
        Ok(())
    }
}

/// The message for a document nested too deeply.
fn too_deep() -> String {
    format!("invalid YAML: nested deeper than {MAX_DEPTH} levels")
}

/// An error at byte `offset` of `text`: one character wide, or zero-width at the end.
fn error_at(text: &str, file: FileId, offset: usize, message: &str) -> ParseError {
    let offset = offset.min(text.len());
    let width = text
        .get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8);
    ParseError {
        span: Span::new(file, offset, offset + width),
        message: message.to_string(),
    }
}

/// The byte offset of the `index`-th character (the text's length past the end).
fn char_to_byte(text: &str, index: usize) -> usize {
    text.char_indices()
        .nth(index)
        .map_or(text.len(), |(byte, _)| byte)
}
