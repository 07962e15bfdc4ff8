//! Lowering of HCL bodies, expressions and templates into spanned [`Value`]s. Uses of
//! variables and locals become placeholders (see [`super::placeholder`]), so that a file can be
//! lowered on its own before the module's names are known.

use std::collections::HashMap;
use std::ops::Range;

use hcl_edit::Span as _;
use hcl_edit::expr::{
    Expression, ForExpr, FuncCall, Object, ObjectKey, Traversal, TraversalOperator, UnaryOperator,
};
use hcl_edit::structure::Block;
use hcl_edit::structure::{Body, Structure};
use hcl_edit::template::{Element, Template};

use super::placeholder::{self, KEY_MARK, Step};
use super::{eval, for_expr};
use crate::value::{
    Entry, Reference, TextPart, Value, ValueKind, push_literal, push_value_text, shown_text,
};
use repl_lint_source::{FileId, Span};

/// Deepest recursion the lowering does before giving up with [`ValueKind::Unknown`].
pub(super) const MAX_DEPTH: usize = 256;

/// The text an AST was parsed from and how its byte ranges become [`Span`]s.
#[derive(Clone, Copy)]
pub(super) struct Src<'a> {
    /// The parsed text (a whole file, or a decoded string).
    pub text: &'a str,
    /// The file the text belongs to.
    pub file: FileId,
    /// When set, every node gets this span: the text is a decoded string whose offsets do not
    /// map one-to-one onto the file.
    pub fixed: Option<Span>,
    /// Where `text` starts in the file: a part of a large file is parsed on its own (see
    /// [`super::nesting::top_level_cuts`]).
    pub offset: usize,
}

impl Src<'_> {
    /// The span for a byte range of the parsed text.
    pub fn span_of(&self, range: Option<Range<usize>>) -> Span {
        match self.fixed {
            Some(span) => span,
            None => {
                let r = range.map_or(0..0, |r| self.offset + r.start..self.offset + r.end);
                Span::new(self.file, r.start, r.end)
            }
        }
    }

    /// The parsed text of a range as messages show it ([`shown_text`]), for `Unknown` reasons.
    pub fn excerpt(&self, range: Option<Range<usize>>) -> String {
        shown_text(range.and_then(|r| self.text.get(r)).unwrap_or("?"))
    }
}

/// Lowers the expressions of one text.
pub(super) struct Lower<'a> {
    /// Where the AST being lowered comes from.
    pub src: Src<'a>,
    /// The iterators of the `dynamic` blocks and `for` expressions being lowered, innermost last.
    pub iterators: &'a [Bound],
    /// What `file()` and `templatefile()` may read (none: they are unknown).
    pub reader: Option<&'a super::files::Reader<'a>>,
}

/// A name bound while lowering the inside of a `dynamic` block or `for` expression.
#[derive(Clone)]
pub(super) struct Bound {
    /// The name as written.
    pub name: String,
    /// For a `for` variable, its placeholder key (the name stands for the value itself); `None`
    /// for a `dynamic` iterator (used as `NAME.key` / `NAME.value`).
    pub for_key: Option<String>,
}

impl Lower<'_> {
    /// The innermost binding of `name`.
    fn bound(&self, name: &str) -> Option<&Bound> {
        self.iterators.iter().rev().find(|b| b.name == name)
    }
}

/// An unknown value with a reason.
pub(super) fn unknown(reason: impl Into<String>, span: Span) -> Value {
    Value::new(ValueKind::Unknown(reason.into()), span)
}

impl<'a> Lower<'a> {
    /// Lowers a block body into a map: attributes by key, nested blocks as lists of maps under
    /// their type, `dynamic` blocks as unknown. Keys in `skip` (meta-arguments) are left out.
    pub fn body(&self, body: &Body, span: Span, depth: usize, skip: &[&str]) -> Value {
        if depth > MAX_DEPTH {
            return unknown("nested too deeply", span);
        }
        let mut entries: Vec<Entry> = Vec::new();
        let mut block_entry: HashMap<&str, usize> = HashMap::new();
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attr) => {
                    let key = attr.key.as_str();
                    if skip.contains(&key) {
                        continue;
                    }
                    entries.push(Entry {
                        key: key.to_string(),
                        key_span: self.src.span_of(attr.key.span()),
                        span: self.src.span_of(attr.span()),
                        value: self.expr(&attr.value, depth + 1),
                    });
                }
                Structure::Block(block) => {
                    let ident = block.ident.as_str();
                    if skip.contains(&ident) {
                        continue;
                    }
                    let block_span = self.src.span_of(block.span());
                    if ident == "dynamic" {
                        entries.push(self.dynamic(block, block_span, depth));
                        continue;
                    }
                    let value = self.body(&block.body, block_span, depth + 1, &[]);
                    let existing = block_entry.get(ident).and_then(|&i| entries.get_mut(i));
                    match existing {
                        Some(entry) => {
                            entry.span = entry.span.cover(block_span);
                            entry.value.span = entry.span;
                            if let ValueKind::List(items) = &mut entry.value.kind {
                                items.push(value);
                            }
                        }
                        None => {
                            block_entry.insert(ident, entries.len());
                            entries.push(Entry {
                                key: ident.to_string(),
                                key_span: self.src.span_of(block.ident.span()),
                                span: block_span,
                                value: Value::new(ValueKind::List(vec![value]), block_span),
                            });
                        }
                    }
                }
            }
        }
        // Bodies are kept until the run ends: no room for entries that never come.
        entries.shrink_to_fit();
        Value::new(ValueKind::Map(entries), span)
    }

    /// Lowers a `dynamic "LABEL" { for_each iterator content }` block into a marked entry that
    /// [`super::expand`] turns into blocks once the collection is known: its `content` is
    /// lowered with the iterator's `key`/`value` as placeholders.
    fn dynamic(&self, block: &Block, span: Span, depth: usize) -> Entry {
        let label = block.labels.first();
        let key_span = self.src.span_of(label.and_then(|l| l.span()));
        let label = label.map_or("", |l| l.as_str()).to_string();
        let iterator = match block.body.get_attribute("iterator").map(|a| &a.value) {
            Some(Expression::Variable(v)) => v.as_str().to_string(),
            Some(_) => String::new(),
            None => label.clone(),
        };
        let for_each = block
            .body
            .get_attribute("for_each")
            .map(|a| self.expr(&a.value, depth + 1));
        let content = block.body.get_blocks("content").next();
        let (Some(for_each), Some(content), false) = (for_each, content, iterator.is_empty())
        else {
            return Entry {
                value: unknown(format!("dynamic {label:?}"), span),
                key: label,
                key_span,
                span,
            };
        };
        let mut names = self.iterators.to_vec();
        names.push(Bound {
            name: iterator.clone(),
            for_key: None,
        });
        let inner = Lower {
            src: self.src,
            iterators: &names,
            reader: self.reader,
        };
        let content_span = self.src.span_of(content.span());
        let content = inner.body(&content.body, content_span, depth + 1, &[]);
        super::expand::dynamic_entry(label, key_span, span, iterator, for_each, content)
    }

    /// Lowers one expression.
    pub fn expr(&self, expr: &Expression, depth: usize) -> Value {
        let span = self.src.span_of(expr.span());
        if depth > MAX_DEPTH {
            return unknown("nested too deeply", span);
        }
        let kind = match expr {
            Expression::Null(_) => ValueKind::Null,
            Expression::Bool(b) => ValueKind::Bool(*b.value()),
            Expression::Number(n) => match n.value().as_f64() {
                Some(n) => ValueKind::Number(n),
                None => ValueKind::Unknown(self.src.excerpt(expr.span())),
            },
            Expression::String(s) => return self.quoted_string(s.value(), span),
            Expression::Array(items) => ValueKind::List(
                items
                    .iter()
                    .map(|item| self.expr(item, depth + 1))
                    .collect(),
            ),
            Expression::Object(object) => return self.object(object, span, depth),
            Expression::StringTemplate(t) => return self.string_template(t, span, depth),
            Expression::HeredocTemplate(h) => return self.heredoc(h, span, depth),
            Expression::Parenthesis(p) => return self.expr(p.inner(), depth + 1),
            Expression::Traversal(t) => return self.traversal(t, span, depth),
            Expression::FuncCall(call) => {
                return self.call(call, self.src.excerpt(expr.span()), span, depth);
            }
            Expression::Conditional(c) => {
                let operands = [&c.cond_expr, &c.true_expr, &c.false_expr]
                    .map(|e| self.expr(e, depth + 1))
                    .into();
                return eval::op("?:", self.src.excerpt(expr.span()), operands, span);
            }
            Expression::UnaryOp(u) => {
                let name = match u.operator.value() {
                    UnaryOperator::Not => "!",
                    UnaryOperator::Neg => "neg",
                };
                let operand = self.expr(&u.expr, depth + 1);
                return eval::op(name, self.src.excerpt(expr.span()), vec![operand], span);
            }
            Expression::BinaryOp(b) => {
                let operands = vec![
                    self.expr(&b.lhs_expr, depth + 1),
                    self.expr(&b.rhs_expr, depth + 1),
                ];
                let name = b.operator.value().as_str();
                return eval::op(name, self.src.excerpt(expr.span()), operands, span);
            }
            Expression::Variable(v) => match self.bound(v.as_str()) {
                Some(Bound {
                    for_key: Some(key), ..
                }) => ValueKind::reference(placeholder::new(key.clone())),
                _ => ValueKind::Unknown(self.src.excerpt(expr.span())),
            },
            Expression::ForExpr(f) => return self.for_expr(f, expr.span(), span, depth),
        };
        Value::new(kind, span)
    }

    fn object(&self, object: &Object, span: Span, depth: usize) -> Value {
        let mut entries = Vec::with_capacity(object.len());
        for (key, value) in object.iter() {
            let key_range = key.span();
            // A key that uses a variable is decided after substitution (see [`KEY_MARK`]).
            let mut pending_key = None;
            let key_text = match key {
                ObjectKey::Ident(ident) => ident.as_str().to_string(),
                ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                ObjectKey::Expression(e) => {
                    let key_value = self.expr(e, depth + 1);
                    let excerpt = || self.src.excerpt(key_range.clone());
                    match key_value.kind {
                        ValueKind::Str(s) => s,
                        _ if placeholder::pending(&key_value) => {
                            pending_key = Some(key_value);
                            format!("{KEY_MARK}{}", excerpt())
                        }
                        _ => excerpt(),
                    }
                }
            };
            let value_range = value.expr().span();
            let entry_range = match (&key_range, &value_range) {
                (Some(k), Some(v)) => Some(k.start..v.end),
                _ => None,
            };
            let mut value = self.expr(value.expr(), depth + 1);
            if let Some(key_value) = pending_key {
                value = Value::new(ValueKind::List(vec![key_value, value]), span);
            }
            entries.push(Entry {
                key: key_text,
                key_span: self.src.span_of(key_range),
                span: self.src.span_of(entry_range),
                value,
            });
        }
        Value::new(ValueKind::Map(entries), span)
    }

    /// Lowers a template (quoted string with interpolations, or heredoc body).
    pub fn template(&self, template: &Template, span: Span, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return unknown("nested too deeply", span);
        }
        let mut elements = template.iter();
        if let (Some(Element::Interpolation(only)), None) = (elements.next(), elements.next()) {
            let mut value = self.expr(&only.expr, depth + 1);
            value.span = span;
            return value;
        }
        let mut parts = Vec::new();
        for element in template.iter() {
            match element {
                Element::Literal(lit) => push_literal(&mut parts, lit.value()),
                Element::Interpolation(interp) => {
                    let value = self.expr(&interp.expr, depth + 1);
                    push_value(&mut parts, value, || self.src.excerpt(interp.span()));
                }
                // A template with `%{...}` directives is not evaluated: shown as written.
                Element::Directive(d) => {
                    let whole = Some(span.start as usize..span.end as usize);
                    let written = match self.src.fixed {
                        None => self.src.excerpt(whole),
                        Some(_) => self.src.excerpt(d.span()),
                    };
                    return unknown(written, span);
                }
            }
        }
        finish_parts(parts, span)
    }

    fn traversal(&self, t: &Traversal, span: Span, depth: usize) -> Value {
        let text = || self.src.excerpt(t.span());
        let Expression::Variable(root) = &t.expr else {
            let base = self.expr(&t.expr, depth + 1);
            return project(base, &t.operators, span, text);
        };
        let ops = &t.operators;
        let attr_at = |i: usize| match ops.get(i).map(|op| op.value()) {
            Some(TraversalOperator::GetAttr(name)) => Some(name.as_str()),
            _ => None,
        };
        let root = root.as_str();
        if let Some(Bound {
            for_key: Some(key), ..
        }) = self.bound(root)
        {
            let target = placeholder::new(key.clone());
            return project(
                Value::new(ValueKind::reference(target), span),
                ops,
                span,
                text,
            );
        }
        // A module output (`module.NAME.OUTPUT`) is a placeholder too: it is filled in once
        // the module call has been made (see [`super::modules`]).
        if root == "module"
            && let (Some(name), Some(output)) = (attr_at(0), attr_at(1))
        {
            let rest = ops.get(2..).unwrap_or(&[]);
            let target = placeholder::new(format!("module.{name}.{output}"));
            return project(
                Value::new(ValueKind::reference(target), span),
                rest,
                span,
                text,
            );
        }
        let target_len = match root {
            "var" | "local" => {
                let Some(name) = attr_at(0) else {
                    return unknown(text(), span);
                };
                let rest = ops.get(1..).unwrap_or(&[]);
                let target = placeholder::new(format!("{root}.{name}"));
                return project(
                    Value::new(ValueKind::reference(target), span),
                    rest,
                    span,
                    text,
                );
            }
            name if name == "each" || name == "count" || self.bound(name).is_some() => {
                let field = match (name, attr_at(0)) {
                    ("each", Some(f @ ("key" | "value"))) | ("count", Some(f @ "index")) => f,
                    (_, Some(f @ ("key" | "value"))) if name != "each" && name != "count" => f,
                    _ => return unknown(text(), span),
                };
                let rest = ops.get(1..).unwrap_or(&[]);
                let target = placeholder::new(placeholder::iter_key(name, field));
                return project(
                    Value::new(ValueKind::reference(target), span),
                    rest,
                    span,
                    text,
                );
            }
            "path" | "terraform" | "self" => return unknown(text(), span),
            "data" => 2,
            _ => 1,
        };
        let mut target = root.to_string();
        for i in 0..target_len {
            let Some(name) = attr_at(i) else {
                return unknown(text(), span);
            };
            target.push('.');
            target.push_str(name);
        }
        // A literal index after a resource address names one of its instances (`x[0]`,
        // `x["a"]`); see [`super::expand::fix_references`] for when it is kept.
        let mut target_len = target_len;
        if root != "module" {
            let step = ops.get(target_len).map(|op| Step::of(op.value()));
            let index = match step {
                Some(Step::Num(n))
                    if !matches!(ops[target_len].value(), TraversalOperator::GetAttr(_)) =>
                {
                    Some(format!("[{n}]"))
                }
                Some(Step::Key(k)) => Some(format!("[{k:?}]")),
                _ => None,
            };
            if let Some(index) = index {
                target.push_str(&index);
                target_len += 1;
            }
        }
        let reference = Reference {
            target,
            attr: Vec::new(),
        };
        let reference = Value::new(ValueKind::reference(reference), span);
        let rest = ops.get(target_len..).unwrap_or(&[]);
        // A splat right after a resource address (`x[*].id`, `x.*.id`) is the list of its
        // instances' values, read as the one instance the reference names after expansion
        // (see [`super::expand::fix_references`]): a resource without `count`/`for_each` is
        // exactly that; with no or several instances the reference is left unresolved.
        if root != "module"
            && let Some((first, after)) = rest.split_first()
            && matches!(
                first.value(),
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_)
            )
        {
            let one = project(reference, after, span, text);
            return Value::new(ValueKind::List(vec![one]), span);
        }
        project(reference, rest, span, text)
    }

    /// Lowers a function call; `text` is its source text, which an undecided call is shown as.
    fn call(&self, call: &FuncCall, text: String, span: Span, depth: usize) -> Value {
        let mut name = String::new();
        for ns in &call.name.namespace {
            name.push_str(ns.as_str());
            name.push_str("::");
        }
        name.push_str(call.name.name.as_str());
        let mut args = call.args.iter();
        if call.args.expand_final() {
            return unknown(text, span);
        }
        match (name.as_str(), args.next(), args.next()) {
            ("jsonencode" | "tolist", Some(arg), None) => self.expr(arg, depth + 1),
            ("file", Some(path), None) => self.read_file(&text, path, None, span, depth),
            ("templatefile", Some(path), Some(vars)) if call.args.len() == 2 => {
                self.read_file(&text, path, Some(vars), span, depth)
            }
            (f, Some(_), _) if eval::evaluates(f) => {
                let operands = call.args.iter().map(|a| self.expr(a, depth + 1)).collect();
                eval::op(f, text, operands, span)
            }
            _ => unknown(text, span),
        }
    }

    /// Lowers a `for` expression into an operation (see [`super::for_expr`]): its loop
    /// variables are bound to placeholders unique to it.
    fn for_expr(
        &self,
        f: &ForExpr,
        range: Option<Range<usize>>,
        span: Span,
        depth: usize,
    ) -> Value {
        let offset = range.as_ref().map_or(0, |r| r.start);
        let text = self.src.excerpt(range);
        let mut names = self.iterators.to_vec();
        let mut bind = |name: &str| {
            let key = for_expr::bound_key(name, offset, depth);
            names.push(Bound {
                name: name.to_string(),
                for_key: Some(key.clone()),
            });
            key
        };
        let key_var = f.intro.key_var.as_ref().map(|k| bind(k.as_str()));
        let value_var = bind(f.intro.value_var.as_str());
        let collection = self.expr(&f.intro.collection_expr, depth + 1);
        let inner = Lower {
            src: self.src,
            iterators: &names,
            reader: self.reader,
        };
        let key = f.key_expr.as_ref().map(|k| inner.expr(k, depth + 1));
        let parts = for_expr::Parts {
            key_var: key_var.unwrap_or_default(),
            value_var,
            object: key.is_some(),
            grouping: f.grouping,
            collection,
            key: key.unwrap_or_else(|| Value::new(ValueKind::Null, span)),
            value: inner.expr(&f.value_expr, depth + 1),
            cond: match &f.cond {
                Some(cond) => inner.expr(&cond.expr, depth + 1),
                None => Value::new(ValueKind::Bool(true), span),
            },
        };
        eval::op(for_expr::NAME, text, parts.operands(span), span)
    }
}

/// Applies the traversal steps after a value (see [`apply_steps`]); on a placeholder the steps
/// are recorded for later. The result gets `span`.
fn project(
    mut value: Value,
    ops: &[hcl_edit::Decorated<TraversalOperator>],
    span: Span,
    text: impl Fn() -> String,
) -> Value {
    let steps: Vec<Step> = ops.iter().map(|op| Step::of(op.value())).collect();
    match &mut value.kind {
        ValueKind::Ref(r) if placeholder::is(r) => {
            if !steps.is_empty() {
                placeholder::push_steps(r, text(), &steps);
            }
        }
        _ => value = apply_steps(value, &steps, text),
    }
    // Kept until the run ends: no room for attribute names that never come.
    if let ValueKind::Ref(r) = &mut value.kind {
        r.attr.shrink_to_fit();
    }
    value.span = span;
    value
}

/// Applies traversal steps: attribute and index lookups into known maps and lists; attribute
/// names extend a reference (index and splat steps are dropped); anything else, or a missing
/// key or element, gives `Unknown(text())`. The span of the result is left to the caller.
pub(super) fn apply_steps(mut value: Value, steps: &[Step], text: impl Fn() -> String) -> Value {
    for step in steps {
        let next = match (step, value.kind) {
            (_, ValueKind::Unknown(reason)) => ValueKind::Unknown(reason),
            (Step::Attr(name), ValueKind::Ref(mut r)) => {
                r.attr.push(name.clone());
                ValueKind::Ref(r)
            }
            // An element of a variable or data source stays that element (`var.names[0]`).
            (Step::Num(i), ValueKind::Ref(mut r)) if names_a_value(&r) => {
                r.attr.push(format!("[{i}]"));
                ValueKind::Ref(r)
            }
            (Step::Key(key), ValueKind::Ref(mut r)) if names_a_value(&r) => {
                r.attr.push(format!("[{key:?}]"));
                ValueKind::Ref(r)
            }
            (_, ValueKind::Ref(r)) => ValueKind::Ref(r),
            (Step::Attr(key) | Step::Key(key), ValueKind::Map(entries)) => {
                match entries.into_iter().rev().find(|e| e.key == *key) {
                    Some(entry) => {
                        value = entry.value;
                        continue;
                    }
                    None => eval::error(text()),
                }
            }
            (Step::Num(i), ValueKind::List(items)) => match items.into_iter().nth(*i) {
                Some(item) => {
                    value = item;
                    continue;
                }
                None => eval::error(text()),
            },
            (Step::Opaque, _) => ValueKind::Unknown(text()),
            // A lookup into a known value that does not have it fails in Terraform too.
            _ => eval::error(text()),
        };
        value = Value::new(next, value.span);
    }
    value
}

/// True for a reference to a variable or data source, whose elements are values of their own.
fn names_a_value(r: &Reference) -> bool {
    !placeholder::is(r) && (r.target.starts_with("var.") || r.target.starts_with("data."))
}

/// Appends an interpolated value as template parts (a variable placeholder remembers the
/// interpolation's text for its messages).
pub(super) fn push_value(parts: &mut Vec<TextPart>, value: Value, text: impl Fn() -> String) {
    let value = match value.kind {
        ValueKind::Ref(mut r) if placeholder::is(&r) => {
            placeholder::set_interpolation(&mut r, text());
            Value::new(ValueKind::Ref(r), value.span)
        }
        _ => value,
    };
    push_value_text(parts, value, text);
}

/// A `Str` when every part is literal, else a `Template`.
pub(super) fn finish_parts(mut parts: Vec<TextPart>, span: Span) -> Value {
    match parts.as_mut_slice() {
        [] => Value::new(ValueKind::Str(String::new()), span),
        [TextPart::Lit(s)] => Value::new(ValueKind::Str(std::mem::take(s)), span),
        _ => Value::new(ValueKind::Template(parts), span),
    }
}
