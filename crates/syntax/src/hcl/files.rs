//! `file(PATH)` and `templatefile(PATH, VARS)`.
//!
//! PATH must be known when the calling file is lowered: a literal, or `${path.module}/...`. It
//! is read relative to the calling file's module directory (a bare relative path is read there
//! too, as Terraform does when that module is the root it runs in). A path that leaves the
//! repository root of the module directory ([`discover::repository_root`]), a missing file, or
//! one over [`MAX_FILE`] bytes gives an unknown value, and nothing outside the root is read; a
//! file inside the root that is not a regular file (a FIFO) or cannot be read also gives an
//! unknown value, and is reported (RL001) through [`SourceDb::refuse`]. A file already in the run's [`SourceDb`] is read from
//! there, and its values get spans in it; any other file's values get the call's span.
//!
//! `file` gives the text (a JSON document is read as JSON, like a JSON string literal).
//! `templatefile` reads the text as a template whose interpolations may only name VARS (each
//! name is bound to a placeholder, see [`super::expr::Bound`]); the result is an operation
//! ([`NAME`]) decided once VARS is known.

use std::borrow::Cow;

use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::template::Element;

use super::eval::pending;
use super::expr::{Bound, Lower, Src, unknown};
use super::vars::substitute_with;
use crate::value::{Value, ValueKind};
use repl_lint_source::discover;
use repl_lint_source::fsread::{self, Confine, MaxFileSize, Refused};
use repl_lint_source::{FileId, SourceDb, Span, parent_dir};

/// The operation name of a `templatefile` call waiting for its variables.
pub(super) const NAME: &str = "templatefile";

/// Largest file read.
const MAX_FILE: u64 = 1 << 20;

/// What the lowering of one `.tf` file may read: its module directory.
pub(super) struct Reader<'a> {
    /// Every file of the run.
    pub db: &'a SourceDb,
    /// The calling file.
    pub file: FileId,
}

impl<'a> Reader<'a> {
    /// The text of the file at `path` (relative to the module directory) and its id when it is
    /// in the run, if it may be read. A file that exists inside the root but is not a regular
    /// file, or cannot be read, is recorded in the run's refused files (RL001).
    fn read(&self, path: &str) -> Option<(Cow<'a, str>, Option<FileId>)> {
        let dir = parent_dir(&self.db.file(self.file).path)?;
        let dir = self.db.resolve_dir(dir, discover::repository_root)?;
        let root = [dir.root];
        let wanted = dir.canonical.join(path);
        let target = std::fs::canonicalize(&wanted).ok()?;
        if !target.starts_with(&root[0]) {
            return None;
        }
        if let Some(id) = self.db.by_canonical_path(&target) {
            return Some((Cow::Borrowed(&self.db.file(id).text), Some(id)));
        }
        match fsread::read(&target, Confine::Roots(&root), MaxFileSize(MAX_FILE)) {
            Ok(bytes) => Some((
                Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
                None,
            )),
            // Too large for a value, or gone: unknown, quietly.
            Err(Refused::TooLarge { .. } | Refused::Missing | Refused::OutsideRoot(_)) => None,
            Err(refused) => {
                self.db.refuse(wanted, format!("cannot read: {refused}"));
                None
            }
        }
    }
}

impl Lower<'_> {
    /// Lowers `file(PATH)` (`vars` is `None`) or `templatefile(PATH, VARS)`; `text` is the
    /// call's source text, which an unreadable file is shown as.
    pub(super) fn read_file(
        &self,
        text: &str,
        path: &Expression,
        vars: Option<&Expression>,
        span: Span,
        depth: usize,
    ) -> Value {
        let why = || text.to_string();
        let Some(reader) = self.reader else {
            return unknown(why(), span);
        };
        let Some((text, id)) = path_text(path).and_then(|p| reader.read(&p)) else {
            return unknown(why(), span);
        };
        let src = |text| match id {
            Some(file) => Src {
                text,
                file,
                fixed: None,
                offset: 0,
            },
            None => Src {
                text,
                file: span.file,
                fixed: Some(span),
                offset: 0,
            },
        };
        let Some(vars) = vars else {
            let lower = Lower {
                src: src(&text),
                iterators: &[],
                reader: None,
            };
            return lower.document(&text, span);
        };
        let Ok(template) = hcl_edit::parser::parse_template(&text) else {
            return unknown(why(), span);
        };
        // Every bare name the template interpolates is bound to a placeholder of its own.
        let names: Vec<Bound> = template_names(&template)
            .into_iter()
            .map(|n| Bound {
                for_key: Some(super::placeholder::iter_key(
                    &format!("{n}@{}", span.start),
                    NAME,
                )),
                name: n,
            })
            .collect();
        let lower = Lower {
            src: src(&text),
            iterators: &names,
            reader: None,
        };
        let whole = match id {
            Some(file) => Span::new(file, 0, text.len()),
            None => span,
        };
        let mut body = lower.template_document(&template, &text, whole, depth + 1);
        body.span = span;
        let keys = names
            .iter()
            .map(|b| {
                let key = b.for_key.clone().unwrap_or_default();
                Value::new(
                    ValueKind::List(vec![str_value(&b.name, span), str_value(&key, span)]),
                    span,
                )
            })
            .collect();
        let vars = self.expr(vars, depth + 1);
        let keys = Value::new(ValueKind::List(keys), span);
        super::eval::op(NAME, why(), vec![keys, body, vars], span)
    }
}

fn str_value(s: &str, span: Span) -> Value {
    Value::new(ValueKind::Str(s.to_string()), span)
}

/// The path a `file` argument names, when known without any variable: a literal, with
/// `${path.module}` read as `.`.
fn path_text(expr: &Expression) -> Option<String> {
    match expr {
        Expression::String(s) => Some(s.value().clone()),
        Expression::StringTemplate(t) => {
            let mut out = String::new();
            for element in t.iter() {
                match element {
                    Element::Literal(lit) => out.push_str(lit.value()),
                    Element::Interpolation(i) if is_path_module(&i.expr) => out.push('.'),
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// True for the traversal `path.module`.
fn is_path_module(expr: &Expression) -> bool {
    let Expression::Traversal(t) = expr else {
        return false;
    };
    let root = matches!(&t.expr, Expression::Variable(v) if v.as_str() == "path");
    let ops: Vec<&TraversalOperator> = t.operators.iter().map(|o| o.value()).collect();
    root && matches!(ops.as_slice(), [TraversalOperator::GetAttr(a)] if a.as_str() == "module")
}

/// The bare names a template interpolates (`${bucket}`), in order, without repeats.
fn template_names(template: &hcl_edit::template::Template) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for element in template.iter() {
        if let Element::Interpolation(i) = element {
            let name = match &i.expr {
                Expression::Variable(v) => v.as_str(),
                Expression::Traversal(t) => match &t.expr {
                    Expression::Variable(v) => v.as_str(),
                    _ => continue,
                },
                _ => continue,
            };
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// The result of a `templatefile` operation once its variables are known: each bound name
/// takes the variable's value. A name without a variable fails in Terraform: undecided.
pub(super) fn decide(operands: &[Value]) -> Option<Value> {
    let [keys, body, vars] = operands else {
        return None;
    };
    if pending(vars) || !matches!(vars.kind, ValueKind::Map(_)) || super::eval::is_op(vars) {
        return None;
    }
    let mut bindings = Vec::new();
    for pair in keys.items() {
        let [name, key] = pair.items() else {
            return None;
        };
        let value = vars.get(name.as_str()?)?.clone();
        bindings.push((key.as_str()?.to_string(), value));
    }
    let mut body = body.clone();
    substitute_with(&mut body, |k| {
        bindings
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    });
    Some(body)
}
