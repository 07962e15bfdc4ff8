//! The `Conditions` section as logic over values: every named condition is compiled once into
//! a graph of nodes (`Fn::And`, `Fn::Or`, `Fn::Not`, `Condition` references shared, never
//! copied), whose leaves say "this value equals that literal" (`Fn::Equals` over `!Ref P` and
//! literals). A value compared that way is a [`Var`]: a parameter, a pseudo parameter, or any
//! other expression (`Fn::FindInMap ...`), whose possible values are the literals it is compared
//! with, its default, and "any other value".
//!
//! Evaluation is three-valued over sets of possible values ([`Logic::evaluate`]) and visits each
//! node the asked conditions depend on once: its cost is linear in the size of the `Conditions`
//! section, however often a condition is referenced.

use std::collections::{HashMap, HashSet};

use crate::value::{Value, ValueKind, number_text};

use super::intrinsics::PSEUDO_PARAMETERS;

/// How deep condition definitions and their references may nest before compiling gives up
/// (the part below becomes unknown).
const MAX_DEPTH: usize = 64;

/// The most literals one value is compared with; a comparison beyond them is unknown. With the
/// default and "any other value", a value's possible values fit in a `u64` mask.
const MAX_VALUES: usize = 62;

/// How much of an expression's text identifies it (beyond it, its position does).
const MAX_KEY_TEXT: usize = 512;

/// A set of possible values of one [`Var`]: bit `i` is `values[i]`, bit `values.len()` is
/// "any other value".
pub(crate) type Mask = u64;

/// One node of the compiled conditions.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// Decided by the template alone (`Fn::Equals` of two literals).
    Const(bool),
    /// Cannot be evaluated (undefined, cyclic, malformed, too deep).
    Unknown,
    /// `var` equals its `value`-th literal.
    Is {
        var: usize,
        value: usize,
    },
    Not(usize),
    And(Vec<usize>),
    Or(Vec<usize>),
}

/// What "any other value" of a [`Var`] stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Others {
    /// Any value not among the literals.
    Any,
    /// The allowed values (`AllowedValues`) that are not among the literals.
    Allowed(Vec<String>),
    /// None: every allowed value is a literal.
    Nothing,
}

/// A value that conditions compare with literals.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Var {
    /// The parameter or pseudo parameter's name, or the text of the expression.
    pub(crate) name: String,
    /// True for a parameter declared in `Parameters`.
    pub(crate) parameter: bool,
    /// The literals it is compared with (and its default).
    pub(crate) values: Vec<String>,
    /// Its default, as an index into `values`.
    pub(crate) default: Option<usize>,
    /// What "any other value" stands for.
    pub(crate) others: Others,
}

impl Var {
    /// The bit of "any other value".
    pub(crate) fn other_bit(&self) -> usize {
        self.values.len()
    }

    /// The values it may take at all (its `AllowedValues`, or anything).
    fn possible(&self, allowed: Option<&[String]>) -> Mask {
        let mut mask = 0;
        for (i, value) in self.values.iter().enumerate() {
            if allowed.is_none_or(|a| a.contains(value)) {
                mask |= 1 << i;
            }
        }
        if self.others != Others::Nothing {
            mask |= 1 << self.other_bit();
        }
        mask
    }
}

/// The compiled `Conditions` section.
#[derive(Debug)]
pub(crate) struct Logic {
    /// Children always come before their parents.
    nodes: Vec<Node>,
    /// Each named condition's node.
    named: HashMap<String, usize>,
    /// The node of a condition that is not defined.
    undefined: usize,
    /// The compared values.
    pub(crate) vars: Vec<Var>,
    /// Each var's possible values before any condition is assumed.
    possible: Vec<Mask>,
}

impl Logic {
    /// Compiles the `Conditions` of a template (each definition once, in order).
    pub(crate) fn new(root: &Value) -> Logic {
        let mut compiler = Compiler {
            definitions: root.get("Conditions"),
            parameters: root.get("Parameters"),
            nodes: vec![Node::Unknown],
            named: HashMap::new(),
            in_progress: Vec::new(),
            vars: Vec::new(),
            var_of: HashMap::new(),
            allowed: Vec::new(),
        };
        if let Some(definitions) = compiler.definitions {
            for entry in definitions.entries() {
                compiler.named(&entry.key, 0);
            }
        }
        let possible = compiler.finish_vars();
        Logic {
            nodes: compiler.nodes,
            named: compiler.named,
            undefined: 0,
            vars: compiler.vars,
            possible,
        }
    }

    /// The node of condition `name` (an undefined one: unknown).
    pub(crate) fn condition(&self, name: &str) -> usize {
        self.named.get(name).copied().unwrap_or(self.undefined)
    }

    /// The number of nodes: the cost of one evaluation.
    pub(crate) fn size(&self) -> usize {
        self.nodes.len()
    }

    /// Each var's possible values before any condition is assumed.
    pub(crate) fn possible(&self) -> Vec<Mask> {
        self.possible.clone()
    }

    /// The nodes the given ones depend on (themselves included), children first, and the vars
    /// among their leaves.
    pub(crate) fn cone(&self, roots: &[usize]) -> (Vec<usize>, Vec<usize>) {
        let mut inside = HashSet::new();
        let mut stack: Vec<usize> = roots.to_vec();
        let mut vars = Vec::new();
        while let Some(index) = stack.pop() {
            if !inside.insert(index) {
                continue;
            }
            match &self.nodes[index] {
                Node::Not(child) => stack.push(*child),
                Node::And(children) | Node::Or(children) => stack.extend(children),
                Node::Is { var, .. } => vars.push(*var),
                Node::Const(_) | Node::Unknown => {}
            }
        }
        let mut nodes: Vec<usize> = inside.into_iter().collect();
        nodes.sort_unstable();
        vars.sort_unstable();
        vars.dedup();
        (nodes, vars)
    }

    /// Evaluates the `cone` (children first) into `values` (one slot per node): each node's
    /// three-valued value when every var takes one of the values in its mask (`None`: it
    /// depends on which, or cannot be known).
    pub(crate) fn evaluate(&self, masks: &[Mask], cone: &[usize], values: &mut [Option<bool>]) {
        for &index in cone {
            values[index] = match &self.nodes[index] {
                Node::Const(value) => Some(*value),
                Node::Unknown => None,
                Node::Is { var, value } => {
                    let mask = masks[*var];
                    if mask == 1 << value {
                        Some(true)
                    } else if mask & (1 << value) == 0 {
                        Some(false)
                    } else {
                        None
                    }
                }
                Node::Not(child) => values[*child].map(|v| !v),
                Node::And(children) => combine(children.iter().map(|&c| values[c]), false),
                Node::Or(children) => combine(children.iter().map(|&c| values[c]), true),
            };
        }
    }
}

/// `Fn::And` (`decisive` false) or `Fn::Or` (`decisive` true) over possibly unknown values.
fn combine(values: impl Iterator<Item = Option<bool>>, decisive: bool) -> Option<bool> {
    let mut unknown = false;
    for value in values {
        match value {
            Some(v) if v == decisive => return Some(decisive),
            Some(_) => {}
            None => unknown = true,
        }
    }
    (!unknown).then_some(!decisive)
}

/// One side of an `Fn::Equals`.
enum Operand {
    Literal(String),
    /// A value known by a name: a parameter, a pseudo parameter, or an expression's text.
    Named(String),
}

/// Builds a [`Logic`].
struct Compiler<'a> {
    definitions: Option<&'a Value>,
    parameters: Option<&'a Value>,
    nodes: Vec<Node>,
    named: HashMap<String, usize>,
    /// The conditions being compiled (a reference back to one of them is a cycle).
    in_progress: Vec<String>,
    vars: Vec<Var>,
    var_of: HashMap<String, usize>,
    /// Each var's `AllowedValues`, when it has some.
    allowed: Vec<Option<Vec<String>>>,
}

impl Compiler<'_> {
    fn push(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// The node of a named condition, compiled once.
    fn named(&mut self, name: &str, depth: usize) -> usize {
        if let Some(&node) = self.named.get(name) {
            return node;
        }
        let definitions = self.definitions;
        let definition = definitions.and_then(|d| d.get(name));
        if definition.is_none() {
            return 0;
        }
        // Too deep or cyclic: unknown here, but not remembered (it may compile from elsewhere).
        if depth > MAX_DEPTH || self.in_progress.iter().any(|n| n == name) {
            return 0;
        }
        self.in_progress.push(name.to_string());
        let node = definition.map_or(0, |d| self.expression(d, depth + 1));
        self.in_progress.pop();
        self.named.insert(name.to_string(), node);
        node
    }

    /// The node of a condition expression.
    fn expression(&mut self, expression: &Value, depth: usize) -> usize {
        if depth > MAX_DEPTH {
            return 0;
        }
        let [entry] = expression.entries() else {
            return 0;
        };
        let parts = entry.value.items();
        match entry.key.as_str() {
            "Condition" => match entry.value.as_str() {
                Some(name) => self.named(name, depth + 1),
                None => 0,
            },
            "Fn::Not" => match parts {
                [part] => {
                    let child = self.expression(part, depth + 1);
                    self.push(Node::Not(child))
                }
                _ => 0,
            },
            "Fn::And" | "Fn::Or" if !parts.is_empty() => {
                let children = parts
                    .iter()
                    .map(|p| self.expression(p, depth + 1))
                    .collect();
                self.push(if entry.key == "Fn::And" {
                    Node::And(children)
                } else {
                    Node::Or(children)
                })
            }
            "Fn::Equals" => match parts {
                [a, b] => self.equals(a, b),
                _ => 0,
            },
            _ => 0,
        }
    }

    /// `Fn::Equals [a, b]`.
    fn equals(&mut self, a: &Value, b: &Value) -> usize {
        match (self.operand(a), self.operand(b)) {
            (Operand::Literal(x), Operand::Literal(y)) => self.push(Node::Const(x == y)),
            (Operand::Named(name), Operand::Literal(value))
            | (Operand::Literal(value), Operand::Named(name)) => self.is(&name, value),
            (Operand::Named(x), Operand::Named(y)) if x == y => self.push(Node::Const(true)),
            // Two values compared with each other: whether they are equal is a value of its own.
            (Operand::Named(x), Operand::Named(y)) => {
                let (x, y) = if x < y { (x, y) } else { (y, x) };
                self.is(&format!("{x} == {y}"), "true".to_string())
            }
        }
    }

    /// The node "var `name` equals `value`".
    fn is(&mut self, name: &str, value: String) -> usize {
        let var = self.var(name);
        let values = &mut self.vars[var].values;
        let index = match values.iter().position(|v| *v == value) {
            Some(index) => index,
            None if values.len() < MAX_VALUES => {
                values.push(value);
                values.len() - 1
            }
            None => return 0,
        };
        self.push(Node::Is { var, value: index })
    }

    fn operand(&self, value: &Value) -> Operand {
        if let Some(text) = literal_text(value) {
            return Operand::Literal(text);
        }
        if let [entry] = value.entries()
            && entry.key == "Ref"
            && let Some(target) = entry.value.as_str()
            && (PSEUDO_PARAMETERS.contains(&target) || self.parameter(target).is_some())
        {
            return Operand::Named(target.to_string());
        }
        let mut key = String::new();
        key_text(value, &mut key, 0);
        Operand::Named(key)
    }

    fn parameter(&self, name: &str) -> Option<&Value> {
        self.parameters.and_then(|p| p.get(name))
    }

    /// The var named `name`, created on first use.
    fn var(&mut self, name: &str) -> usize {
        if let Some(&var) = self.var_of.get(name) {
            return var;
        }
        let declaration = self.parameter(name);
        let mut var = Var {
            name: name.to_string(),
            parameter: declaration.is_some(),
            values: Vec::new(),
            default: None,
            others: Others::Any,
        };
        let mut allowed = None;
        if let Some(declaration) = declaration {
            let ty = declaration.get("Type").and_then(Value::as_str);
            // An SSM parameter's default names the parameter in Parameter Store, not its value.
            let ssm = ty.is_some_and(|t| t.starts_with("AWS::SSM::Parameter::Value"));
            if !ssm && let Some(default) = declaration.get("Default").and_then(literal_text) {
                var.values.push(default);
                var.default = Some(0);
            }
            let list: Vec<String> = declaration
                .get("AllowedValues")
                .map(|a| a.items().iter().filter_map(literal_text).collect())
                .unwrap_or_default();
            allowed = (!list.is_empty()).then_some(list);
        }
        self.vars.push(var);
        self.allowed.push(allowed);
        self.var_of.insert(name.to_string(), self.vars.len() - 1);
        self.vars.len() - 1
    }

    /// Settles what "any other value" means for each var, and returns their possible values.
    fn finish_vars(&mut self) -> Vec<Mask> {
        let mut possible = Vec::with_capacity(self.vars.len());
        for (var, allowed) in self.vars.iter_mut().zip(&self.allowed) {
            if let Some(allowed) = allowed {
                let rest: Vec<String> = allowed
                    .iter()
                    .filter(|a| !var.values.contains(a))
                    .cloned()
                    .collect();
                var.others = if rest.is_empty() {
                    Others::Nothing
                } else {
                    Others::Allowed(rest)
                };
            }
            possible.push(var.possible(allowed.as_deref()));
        }
        possible
    }
}

/// A scalar as CloudFormation compares it: strings, numbers and booleans as text.
fn literal_text(value: &Value) -> Option<String> {
    match &value.kind {
        ValueKind::Str(s) => Some(s.clone()),
        ValueKind::Number(n) => Some(number_text(*n)),
        ValueKind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The text that identifies an expression: two expressions written alike are one value.
/// Beyond [`MAX_KEY_TEXT`] characters or [`MAX_DEPTH`] levels, its position identifies it.
fn key_text(value: &Value, out: &mut String, depth: usize) {
    if depth > MAX_DEPTH || out.len() > MAX_KEY_TEXT {
        out.push_str(&format!("@{}:{}", value.span.file.0, value.span.start));
        return;
    }
    match &value.kind {
        ValueKind::Map(entries) => {
            out.push('{');
            for entry in entries {
                out.push_str(&format!("{:?}:", entry.key));
                key_text(&entry.value, out, depth + 1);
                out.push(',');
            }
            out.push('}');
        }
        ValueKind::List(items) => {
            out.push('[');
            for item in items {
                key_text(item, out, depth + 1);
                out.push(',');
            }
            out.push(']');
        }
        _ => match literal_text(value) {
            Some(text) => out.push_str(&format!("{text:?}")),
            None => out.push_str(&format!("@{}:{}", value.span.file.0, value.span.start)),
        },
    }
}
