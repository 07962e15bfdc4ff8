//! Terraform HCL front end: parses and lowers the `.tf` files of one module in parallel, one
//! task per file, then resolves variables and locals across the module and substitutes them.
//!
//! Each file's syntax tree is dropped inside the task that parsed it: uses of `var.*` and
//! `local.*` are lowered into placeholders (see [`placeholder`]) and filled in afterwards.

mod absent;
mod cache;
mod embedded;
mod eval;
mod expand;
mod expr;
mod files;
mod for_expr;
mod funcs;
mod json_syntax;
mod legacy;
mod made;
mod modules;
mod nesting;
mod placeholder;
mod types;
mod vars;

#[cfg(test)]
mod tests;

use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Block, Body, Structure};
use rayon::prelude::*;
use std::sync::Arc;

use self::expr::{Lower, Src};
use self::vars::Scope;
use crate::json::parse_json;
use crate::resource::{Configuration, ParseError, Provider, Resource};
use crate::value::{Entry, Value, ValueKind};
use repl_lint_source::{FileId, SourceDb, Span};

pub use self::cache::{Cache, LoweredFiles};
pub use self::modules::{MAX_MODULE_DEPTH, Parsed, TerraformDir, parse_modules};

/// Meta-arguments taken out of resource and data bodies.
const META_ARGUMENTS: &[&str] = &["depends_on", "provider", "count", "for_each", "lifecycle"];

/// Depth at which variable defaults, locals and tfvars assignments are lowered.
const DEF_DEPTH: usize = 1;

/// One input file, lowered. Values may contain placeholders.
#[derive(Clone)]
enum Lowered {
    /// A `.tf` file, shared between the runs that keep it (see [`LoweredFiles`]) and the module
    /// instances that read it.
    Module(Arc<ModuleFile>),
    /// An HCL variables file: its assignments in order.
    Vars(Vec<(String, Value)>),
    /// A JSON variables file.
    JsonVars(Value),
}

impl Lowered {
    /// The lowering of a file's parts, in order, as one. The resources are moved once into a
    /// list of their exact number.
    fn join(parts: Vec<Lowered>) -> Lowered {
        let resources = parts
            .iter()
            .map(|part| match part {
                Lowered::Module(file) => file.resources.len(),
                _ => 0,
            })
            .sum::<usize>();
        let mut parts = parts.into_iter();
        let Some(mut first) = parts.next() else {
            return Lowered::Vars(Vec::new());
        };
        if let Lowered::Module(file) = &mut first {
            let file = Arc::make_mut(file);
            file.resources
                .reserve_exact(resources.saturating_sub(file.resources.len()));
        }
        parts.fold(first, Lowered::append)
    }

    /// The lowering of a file's parts joined: `next` follows `self` in the file.
    fn append(self, next: Lowered) -> Lowered {
        match (self, next) {
            (Lowered::Module(mut a), Lowered::Module(b)) => {
                Arc::make_mut(&mut a).append(Arc::unwrap_or_clone(b));
                Lowered::Module(a)
            }
            (Lowered::Vars(mut a), Lowered::Vars(b)) => {
                a.extend(b);
                Lowered::Vars(a)
            }
            // Parts of one file are lowered the same way.
            (first, _) => first,
        }
    }
}

/// What a `.tf` file contributes to its module.
#[derive(Default, Clone)]
struct ModuleFile {
    /// `resource` and `data` blocks, in order: shared handles from the start, so that gathering
    /// a module's resources and expanding them moves no resource.
    resources: Vec<Arc<Resource>>,
    /// `provider` blocks, in order.
    providers: Vec<Provider>,
    /// `variable` defaults, in order.
    defaults: Vec<(String, Value)>,
    /// `variable` type constraints, in order.
    types: Vec<(String, types::Type)>,
    /// The variables declared `nullable = false`.
    non_nullable: Vec<String>,
    /// `locals` attributes, in order.
    locals: Vec<(String, Value)>,
    /// `module` blocks, in order.
    calls: Vec<modules::Call>,
    /// `output` values, in order.
    outputs: Vec<(String, Value)>,
}

impl ModuleFile {
    /// Adds what `next`, a later part of the same file, contributes.
    fn append(&mut self, next: ModuleFile) {
        let ModuleFile {
            resources,
            providers,
            defaults,
            types,
            non_nullable,
            locals,
            calls,
            outputs,
        } = next;
        self.resources.extend(resources);
        self.providers.extend(providers);
        self.defaults.extend(defaults);
        self.types.extend(types);
        self.non_nullable.extend(non_nullable);
        self.locals.extend(locals);
        self.calls.extend(calls);
        self.outputs.extend(outputs);
    }
}

/// Parses and lowers one Terraform module (all `.tf` files of one directory). `tfvars` are variable
/// files in increasing precedence (terraform.tfvars, then *.auto.tfvars in name order, then --var-file in order).
///
/// Variable files whose path ends in `.json` are read as JSON. Files that fail to parse are
/// reported in [`Configuration::errors`]; the other files still contribute. Module calls are not
/// followed here (their outputs stay symbolic); [`parse_modules`] follows them.
pub fn parse_module(db: &SourceDb, files: &[FileId], tfvars: &[FileId]) -> Configuration {
    let jobs: Vec<(FileId, bool)> = files
        .iter()
        .map(|&id| (id, false))
        .chain(tfvars.iter().map(|&id| (id, true)))
        .collect();
    let lowered: Vec<Result<Lowered, ParseError>> = jobs
        .par_iter()
        .map(|&(id, is_vars)| lower_file(db, id, is_vars))
        .collect();

    let mut config = Configuration::default();
    let mut resources = Vec::new();
    let mut scope = Scope::default();
    for result in lowered {
        match result {
            Err(e) => config.errors.push(e),
            Ok(Lowered::Module(file)) => {
                let file = Arc::unwrap_or_clone(file);
                for (name, value) in file.defaults {
                    scope.declare_var(&name, value);
                }
                for (name, ty) in file.types {
                    scope.declare_type(&name, ty);
                }
                for name in file.non_nullable {
                    scope.declare_non_nullable(&name);
                }
                for (name, value) in file.locals {
                    scope.declare_local(&name, value);
                }
                resources.extend(file.resources);
                config.providers.extend(file.providers);
            }
            Ok(Lowered::Vars(assignments)) => {
                for (name, value) in assignments {
                    scope.assign(&name, value);
                }
            }
            Ok(Lowered::JsonVars(value)) => scope.assign_json(value),
        }
    }

    scope.resolve_all();
    resources.par_iter_mut().for_each(|r| {
        let r = Arc::make_mut(r);
        scope.substitute(&mut r.body);
        // Module calls are not followed here: their outputs stay symbolic.
        modules::fill_outputs(&mut r.body, &modules::Outputs::new(), "");
    });
    let absent = absent::absent_resources(resources.iter().map(|r| &**r));
    config.resources = resources
        .into_par_iter()
        .flat_map_iter(|mut r| {
            absent::fail_absent(&mut Arc::make_mut(&mut r).body, &absent);
            expand::expand_resource(r)
        })
        .collect();
    config.providers.par_iter_mut().for_each(|p| {
        scope.substitute(&mut p.body);
        modules::fill_outputs(&mut p.body, &modules::Outputs::new(), "");
        expand::finalize_body(&mut p.body);
    });
    config.limits = scope.take_limits();
    let addresses: Vec<String> = config.resources.iter().map(|r| r.address.clone()).collect();
    expand::fix_references(&mut config, &addresses, |_| true);
    config
}

/// Files larger than this are cut into parts of at least this size at top-level structures,
/// parsed and lowered in parallel (see [`nesting::top_level_cuts`]): one file of half a million
/// resources then uses both cores, and only the syntax trees of the parts being lowered are alive.
const PART_BYTES: usize = 1 << 18;

/// Parses and lowers one file; its syntax tree is dropped before returning.
fn lower_file(db: &SourceDb, id: FileId, is_vars: bool) -> Result<Lowered, ParseError> {
    lower_file_in_parts(db, id, is_vars, PART_BYTES)
}

/// [`lower_file`] with HCL files larger than `part_bytes` lowered in parts. When a part does
/// not parse on its own, the whole file is parsed instead, so errors are those of the file.
fn lower_file_in_parts(
    db: &SourceDb,
    id: FileId,
    is_vars: bool,
    part_bytes: usize,
) -> Result<Lowered, ParseError> {
    let file = db.file(id);
    if is_vars && file.path.extension().is_some_and(|e| e == "json") {
        return parse_json(&file.text, id, 0).map(Lowered::JsonVars);
    }
    if !is_vars && file.path.to_string_lossy().ends_with(".tf.json") {
        return json_syntax::lower_json_file(db, id).map(|file| Lowered::Module(Arc::new(file)));
    }
    let text = file.text.as_str();
    if text.len() > part_bytes && nesting::too_deep(text).is_none() {
        let cuts = nesting::top_level_cuts(text, part_bytes);
        let bounds: Vec<usize> = std::iter::once(0)
            .chain(cuts)
            .chain(std::iter::once(text.len()))
            .collect();
        let parts: Option<Vec<Lowered>> = bounds
            .par_windows(2)
            .map(|w| {
                let part = &text[w[0]..w[1]];
                let body = hcl_edit::parser::parse_body(part).ok()?;
                Some(lower_body(db, id, (part, w[0]), &body, is_vars))
            })
            .collect();
        if let Some(parts) = parts {
            return Ok(Lowered::join(parts));
        }
    }
    let body = parse_file(db, id)?;
    Ok(lower_body(db, id, (text, 0), &body, is_vars))
}

/// Lowers the parsed `body` of `text` (the file's text from byte `offset`, or all of it).
fn lower_body(
    db: &SourceDb,
    id: FileId,
    (text, offset): (&str, usize),
    body: &Body,
    is_vars: bool,
) -> Lowered {
    let reader = files::Reader { db, file: id };
    let lower = Lower {
        src: Src {
            text,
            file: id,
            fixed: None,
            offset,
        },
        iterators: &[],
        reader: Some(&reader),
    };
    if is_vars {
        let assignments = body
            .iter()
            .filter_map(|structure| match structure {
                Structure::Attribute(attr) => Some((
                    attr.key.as_str().to_string(),
                    lower.expr(&attr.value, DEF_DEPTH),
                )),
                Structure::Block(_) => None,
            })
            .collect();
        return Lowered::Vars(assignments);
    }
    let mut out = ModuleFile::default();
    for block in body.blocks() {
        match block.ident.as_str() {
            kind @ ("resource" | "data") => {
                let resource = lower_resource(&lower, block, kind == "data");
                out.resources.extend(resource.map(Arc::new));
            }
            "provider" => out.providers.extend(lower_provider(&lower, block)),
            "variable" => {
                let Some(name) = block.labels.first() else {
                    continue;
                };
                if let Some(default) = block.body.get_attribute("default") {
                    let value = lower.expr(&default.value, DEF_DEPTH);
                    out.defaults.push((name.as_str().to_string(), value));
                }
                if let Some(ty) = block.body.get_attribute("type") {
                    let ty = types::parse(&lower, &ty.value, DEF_DEPTH);
                    out.types.push((name.as_str().to_string(), ty));
                }
                let nullable = block.body.get_attribute("nullable");
                if nullable.is_some_and(|a| matches!(&a.value, Expression::Bool(b) if !*b.value()))
                {
                    out.non_nullable.push(name.as_str().to_string());
                }
            }
            "locals" => {
                for attr in block.body.attributes() {
                    let value = lower.expr(&attr.value, DEF_DEPTH);
                    out.locals.push((attr.key.as_str().to_string(), value));
                }
            }
            "module" | "output" => modules::lower_block(&lower, block, &mut out),
            _ => {}
        }
    }
    Lowered::Module(Arc::new(out))
}

/// Parses one HCL file after checking its nesting depth.
fn parse_file(db: &SourceDb, id: FileId) -> Result<Body, ParseError> {
    let text = db.file(id).text.as_str();
    if let Some(offset) = nesting::too_deep(text) {
        return Err(ParseError {
            span: byte_span(text, id, offset),
            message: format!(
                "brackets nested deeper than {} levels",
                nesting::MAX_NESTING
            ),
        });
    }
    hcl_edit::parser::parse_body(text).map_err(|e| {
        let offset = e.location().offset();
        let mut message = format!("HCL syntax error: {}", e.message());
        if let Some(hint) = legacy::hint(text, offset, e.message()) {
            message.push_str(" (");
            message.push_str(hint);
            message.push(')');
        }
        ParseError {
            span: byte_span(text, id, offset),
            message,
        }
    })
}

/// The span of the character at `offset`, or an empty span at the end of the text.
fn byte_span(text: &str, file: FileId, offset: usize) -> Span {
    let offset = offset.min(text.len());
    let len = text
        .get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8);
    Span::new(file, offset, offset + len)
}

/// The span from the block keyword to the end of its last label.
fn header_span(lower: &Lower, block: &Block) -> Span {
    let start = lower.src.span_of(block.ident.span());
    match block.labels.last() {
        Some(label) => start.cover(lower.src.span_of(label.span())),
        None => start,
    }
}

/// Lowers a `resource` or `data` block with two labels.
fn lower_resource(lower: &Lower, block: &Block, is_data: bool) -> Option<Resource> {
    let [type_label, name_label] = block.labels.as_slice() else {
        return None;
    };
    let type_name = type_label.as_str().to_string();
    let address = if is_data {
        format!("data.{type_name}.{}", name_label.as_str())
    } else {
        format!("{type_name}.{}", name_label.as_str())
    };
    let span = lower.src.span_of(block.span());
    let mut body = lower.body(&block.body, span, 0, META_ARGUMENTS);
    // `count` and `for_each` stay in the body until expansion (see [`expand`]).
    if let ValueKind::Map(entries) = &mut body.kind {
        for (name, key) in [
            ("count", expand::COUNT_KEY),
            ("for_each", expand::FOR_EACH_KEY),
        ] {
            if let Some(attr) = block.body.get_attribute(name) {
                entries.push(Entry {
                    key: key.to_string(),
                    key_span: lower.src.span_of(attr.key.span()),
                    span: lower.src.span_of(attr.span()),
                    value: lower.expr(&attr.value, 1),
                });
            }
        }
    }

    let depends_on = dependencies(lower, &block.body);
    let provider = block
        .body
        .get_attribute("provider")
        .and_then(|attr| match &attr.value {
            Expression::String(s) => Some(s.value().clone()),
            other => dotted_name(other, usize::MAX),
        });
    Some(Resource {
        address,
        type_name,
        is_data,
        header: header_span(lower, block),
        span,
        body,
        depends_on,
        provider,
        exists_before_apply: false,
        unexpanded: None,
    })
}

/// Lowers a `provider` block, keyed by name and alias.
fn lower_provider(lower: &Lower, block: &Block) -> Option<Provider> {
    let name = block.labels.first()?.as_str();
    let alias = block
        .body
        .get_attribute("alias")
        .and_then(|a| a.value.as_str());
    let key = match alias {
        Some(alias) => format!("{name}.{alias}"),
        None => name.to_string(),
    };
    let span = lower.src.span_of(block.span());
    Some(Provider {
        key,
        body: lower.body(&block.body, span, 0, &[]),
        header: header_span(lower, block),
    })
}

/// The addresses a `resource` or `module` block's `depends_on` list names, with their spans.
fn dependencies(lower: &Lower, body: &Body) -> Vec<(String, Span)> {
    let Some(Expression::Array(items)) = body.get_attribute("depends_on").map(|a| &a.value) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| Some((dependency_address(item)?, lower.src.span_of(item.span()))))
        .collect()
}

/// The address a `depends_on` element names: `T.N`, `data.T.N` or `module.M` (attribute steps
/// after the address are dropped).
fn dependency_address(expr: &Expression) -> Option<String> {
    let root = match expr {
        Expression::Traversal(t) => match &t.expr {
            Expression::Variable(v) => v.as_str(),
            _ => return None,
        },
        _ => return None,
    };
    let parts = if root == "data" { 3 } else { 2 };
    let name = dotted_name(expr, parts)?;
    (name.split('.').count() == parts).then_some(name)
}

/// `root.a.b` from a variable or traversal, taking at most `max_parts` names and stopping at the
/// first non-attribute step.
pub(super) fn dotted_name(expr: &Expression, max_parts: usize) -> Option<String> {
    match expr {
        Expression::Variable(v) => Some(v.as_str().to_string()),
        Expression::Traversal(t) => {
            let Expression::Variable(root) = &t.expr else {
                return None;
            };
            let mut name = root.as_str().to_string();
            let steps = t.operators.iter().take(max_parts.saturating_sub(1));
            for op in steps {
                let TraversalOperator::GetAttr(attr) = op.value() else {
                    break;
                };
                name.push('.');
                name.push_str(attr.as_str());
            }
            Some(name)
        }
        _ => None,
    }
}
