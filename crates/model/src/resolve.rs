//! Resolving: queries on the lowered model that resolve references and names between resources,
//! and turn values into the symbolic strings ([`SymStr`]) that the IAM evaluator compares. The
//! model is built and its references registered by [`crate::lower`]; these answer on demand.
//!
//! Bucket identity is matched by resource reference, by literal name or ARN, and by symbolic
//! name (the same unresolved template on both sides). Different resources are different buckets,
//! roles and keys: [`Model::same_bucket`] compares designations by resource, and a name or ARN
//! that AWS generates becomes an identity symbol ([`SymStr::push_identity`]) that the IAM
//! evaluator never equates with another resource's.

use crate::{BucketLink, KeyLink, Model, Node, NodeKind, UnitId};
use repl_lint_iam::policy::{Piece, SymStr};
use repl_lint_iam::{Tri, sym_equals};
use repl_lint_syntax::resource::Dialect;
use repl_lint_syntax::value::{Reference, TextPart, Value, ValueKind, written};

/// How deep name resolution may recurse (a bucket name built from another resource's name...).
const MAX_SYMBOL_DEPTH: usize = 8;

/// What an attribute reference yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrMeaning {
    /// The resource's ARN.
    Arn,
    /// The resource's name (`aws_s3_bucket.x.id`, `!Ref Bucket`, `aws_iam_role.x.name`).
    Name,
    /// Something else.
    Other,
}

/// A reference resolved to a resource in the files.
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'m> {
    /// The resource.
    pub node: &'m Node,
    /// What the referenced attribute yields.
    pub meaning: AttrMeaning,
}

/// The result of resolving a role value.
#[derive(Debug, Clone, PartialEq)]
pub enum RoleLink {
    /// A role in the files (index into [`Model::roles`]); `meaning` says whether the value is its ARN.
    Found(usize, AttrMeaning),
    /// A reference to a resource address that does not exist.
    Dangling(String),
    /// A role outside the files, or a value the linter cannot resolve.
    External(String),
}

impl Model {
    /// The resource a reference points at, with what the attribute yields.
    pub fn resolve(&self, unit: UnitId, r: &Reference) -> Option<Resolved<'_>> {
        let node = self.node(unit, &r.target)?;
        let attr = r.attr_name();
        let meaning = match node.dialect {
            Dialect::Terraform => match attr {
                "arn" => AttrMeaning::Arn,
                "id" | "bucket" | "name" => AttrMeaning::Name,
                _ => AttrMeaning::Other,
            },
            Dialect::CloudFormation => match attr {
                "" => AttrMeaning::Name,
                "Arn" => AttrMeaning::Arn,
                _ => AttrMeaning::Other,
            },
        };
        Some(Resolved { node, meaning })
    }

    /// True when a reference names a resource address, data source or CloudFormation logical ID
    /// that is not declared in the files (not a variable, module output, parameter or pseudo
    /// parameter, which name values rather than resources).
    pub fn is_dangling(&self, unit: UnitId, r: &Reference) -> bool {
        // `module.NAME` (an output, with the output name in `attr`) names a value; addresses
        // inside a module (`module.NAME.TYPE.NAME`) name resources.
        let module_output = r.target.starts_with("module.") && r.target.matches('.').count() == 1;
        let names_a_value =
            r.target.starts_with("var.") || module_output || r.target.contains("::");
        !names_a_value && !r.target.is_empty() && self.node(unit, &r.target).is_none()
    }

    /// The value as a symbolic string: literals stay, references to buckets and roles become
    /// their (possibly symbolic) names and ARNs, anything else becomes an opaque symbol.
    pub fn sym(&self, unit: UnitId, value: &Value) -> SymStr {
        let mut out = SymStr::default();
        self.push_sym(unit, value, &mut out, 0);
        out
    }

    fn push_sym(&self, unit: UnitId, value: &Value, out: &mut SymStr, depth: usize) {
        match &value.kind {
            ValueKind::Str(s) => out.push_lit(s),
            ValueKind::Number(n) => out.push_lit(&n.to_string()),
            ValueKind::Bool(b) => out.push_lit(if *b { "true" } else { "false" }),
            ValueKind::Template(parts) => {
                for part in parts {
                    match part {
                        TextPart::Lit(s) => out.push_lit(s),
                        TextPart::Ref(r) => self.push_ref_sym(unit, r, out, depth),
                        TextPart::Unknown(text) => push_unreadable(out, value, text),
                    }
                }
            }
            ValueKind::Ref(r) => self.push_ref_sym(unit, r, out, depth),
            ValueKind::Unknown(text) => push_unreadable(out, value, text),
            _ => push_unreadable(out, value, &written(value)),
        }
    }

    fn push_ref_sym(&self, unit: UnitId, r: &Reference, out: &mut SymStr, depth: usize) {
        if depth < MAX_SYMBOL_DEPTH
            && let Some(resolved) = self.resolve(unit, r)
        {
            let index = self.index_of(resolved.node);
            match (resolved.node.kind, resolved.meaning, index) {
                (NodeKind::Bucket, AttrMeaning::Name, Some(i)) => {
                    return self.push_bucket_name(i, out, depth + 1);
                }
                (NodeKind::Bucket, AttrMeaning::Arn, Some(i)) => {
                    out.push_lit("arn:aws:s3:::");
                    return self.push_bucket_name(i, out, depth + 1);
                }
                (NodeKind::Role, AttrMeaning::Name, Some(i)) => {
                    return self.push_role_name(i, out, depth + 1);
                }
                (NodeKind::KmsKey, AttrMeaning::Arn, Some(i)) => {
                    return out.push_sym(&self.key_arn_sym(i));
                }
                (NodeKind::Role, AttrMeaning::Arn, Some(i)) => {
                    out.push_lit("arn:aws:iam::");
                    out.push_shown_symbol(ACCOUNT, &account_shown(resolved.node.dialect));
                    out.push_lit(":role/");
                    return self.push_role_name(i, out, depth + 1);
                }
                _ => {}
            }
            if let Some(bucket) = self.configured_bucket(unit, r) {
                return self.push_sym(unit, bucket, out, depth + 1);
            }
        }
        let shown = shown_reference(self.unit_dialect(unit), r);
        // The resource type is the second-to-last segment (`[module.m.]data.aws_partition.p`).
        match (
            r.target.as_str(),
            r.target.rsplit('.').nth(1),
            r.attr_name(),
        ) {
            ("AWS::AccountId", _, _) | (_, Some("aws_caller_identity"), "account_id") => {
                out.push_shown_symbol(ACCOUNT, &shown)
            }
            // Bucket ARNs are written with the `aws` partition above; keep both sides alike.
            ("AWS::Partition", _, _) | (_, Some("aws_partition"), "partition") => {
                out.push_lit("aws")
            }
            _ => out.push_shown_symbol(&r.display(), &shown),
        }
    }

    /// The language of a unit's files (a unit is one Terraform configuration or one template).
    fn unit_dialect(&self, unit: UnitId) -> Dialect {
        self.nodes
            .get(unit)
            .and_then(|nodes| nodes.values().next())
            .map_or(Dialect::Terraform, |node| node.dialect)
    }

    /// How messages show the identity AWS generates for a resource: the expression that reads
    /// `attr` in Terraform, or `cfn` (`""` for `Ref`) in CloudFormation.
    fn shown_identity(&self, unit: UnitId, address: &str, attr: &str, cfn: &str) -> String {
        let dialect = self
            .node(unit, address)
            .map_or(Dialect::Terraform, |n| n.dialect);
        let attr = match dialect {
            Dialect::Terraform => attr,
            Dialect::CloudFormation => cfn,
        };
        shown_reference(
            dialect,
            &Reference {
                target: address.to_string(),
                attr: [attr]
                    .into_iter()
                    .filter(|a| !a.is_empty())
                    .map(String::from)
                    .collect(),
            },
        )
    }

    /// For `aws_s3_bucket_versioning.x.bucket` (or `.id`) and the like: the `bucket` value of the
    /// resource that configures a bucket.
    fn configured_bucket(&self, unit: UnitId, r: &Reference) -> Option<&Value> {
        if !matches!(r.attr_name(), "bucket" | "id") {
            return None;
        }
        self.bucket_attributes.get(&(unit, r.target.clone()))
    }

    fn index_of(&self, node: &Node) -> Option<usize> {
        node.index
    }

    fn push_bucket_name(&self, index: usize, out: &mut SymStr, depth: usize) {
        let Some(bucket) = self.buckets.get(index) else {
            return;
        };
        match &bucket.name {
            Some(name) => self.push_sym(bucket.unit, name, out, depth),
            None => out.push_identity(
                bucket.unit,
                &format!("{}.bucket", bucket.address),
                &self.shown_identity(bucket.unit, &bucket.address, "bucket", ""),
            ),
        }
    }

    fn push_role_name(&self, index: usize, out: &mut SymStr, depth: usize) {
        let Some(role) = self.roles.get(index) else {
            return;
        };
        match &role.name {
            Some(name) => self.push_sym(role.unit, name, out, depth),
            None => out.push_identity(
                role.unit,
                &format!("{}.name", role.address),
                &self.shown_identity(role.unit, &role.address, "name", ""),
            ),
        }
    }

    /// The KMS key a value (reference to a key or alias, alias name, key ID or ARN) designates.
    pub fn resolve_key(&self, unit: UnitId, value: &Value) -> KeyLink {
        self.resolve_key_at(unit, value, 0)
    }

    fn resolve_key_at(&self, unit: UnitId, value: &Value, depth: usize) -> KeyLink {
        if let ValueKind::Ref(r) = &value.kind
            && depth < MAX_SYMBOL_DEPTH
            && let Some(resolved) = self.resolve(unit, r)
        {
            match resolved.node.kind {
                NodeKind::KmsKey => {
                    if let Some(i) = resolved.node.index {
                        return KeyLink::Found(i);
                    }
                }
                NodeKind::KmsAlias => {
                    let target = self.alias_targets.get(&(unit, r.target.clone()));
                    if let Some(i) =
                        target.and_then(|t| match self.resolve_key_at(unit, t, depth + 1) {
                            KeyLink::Found(i) => Some(i),
                            KeyLink::External(_) => None,
                        })
                    {
                        return KeyLink::Found(i);
                    }
                }
                _ => {}
            }
        }
        let sym = self.sym(unit, value);
        // An alias ARN names the alias `alias/...` of its account and region: a key of the
        // files placed elsewhere is not the one.
        let alias = alias_ref(&sym);
        let literal = sym.as_literal();
        let alias_name = alias.as_ref().map(|a| a.name.as_str()).or(literal);
        let by_name = self.keys.iter().position(|k| {
            let placement = self.node(k.unit, &k.address).map(|n| &n.placement);
            let elsewhere = |place: Option<&crate::placement::Place>, named: Option<&String>| {
                place
                    .and_then(|p| p.literal.as_ref())
                    .zip(named)
                    .is_some_and(|(placed, named)| **placed != **named)
            };
            let by_alias = k.unit == unit
                && alias_name.is_some_and(|n| k.aliases.iter().any(|a| a.as_str() == Some(n)))
                && !alias.as_ref().is_some_and(|a| {
                    elsewhere(placement.map(|p| &p.region), a.region.as_ref())
                        || elsewhere(placement.map(|p| &p.account), a.account.as_ref())
                });
            by_alias
                || literal.is_some_and(|name| k.arn.as_ref().and_then(Value::as_str) == Some(name))
        });
        match by_name {
            Some(i) => KeyLink::Found(i),
            None => KeyLink::External(shown(&sym)),
        }
    }

    /// A key's ARN as a symbolic string: the ARN when the files state it, else one symbol per key
    /// (the same one a reference to its ARN attribute yields): the identity of a key the files
    /// create, a plain symbol for a key a data source reads.
    pub fn key_arn_sym(&self, index: usize) -> SymStr {
        let Some(key) = self.keys.get(index) else {
            return SymStr::default();
        };
        match key.arn.as_ref().and_then(Value::as_str) {
            Some(arn) => SymStr::lit(arn),
            None => {
                let mut out = SymStr::default();
                let key_name = format!("{}.arn", key.address);
                let shown = self.shown_identity(key.unit, &key.address, "arn", "Arn");
                // A data source reads a key that may be one of the files' own: no identity.
                if key.is_data {
                    out.push_shown_symbol(&key_name, &shown);
                } else {
                    out.push_identity(key.unit, &key_name, &shown);
                }
                out
            }
        }
    }

    /// A bucket's name as a symbolic string.
    pub fn bucket_name_sym(&self, index: usize) -> SymStr {
        let mut out = SymStr::default();
        self.push_bucket_name(index, &mut out, 0);
        out
    }

    /// A bucket's ARN as a symbolic string.
    pub fn bucket_arn_sym(&self, index: usize) -> SymStr {
        let mut out = SymStr::lit("arn:aws:s3:::");
        self.push_bucket_name(index, &mut out, 0);
        out
    }

    /// A role's ARN as a symbolic string (the account is the symbol `aws:account`).
    pub fn role_arn_sym(&self, index: usize) -> SymStr {
        let mut out = SymStr::lit("arn:aws:iam::");
        let dialect = self
            .roles
            .get(index)
            .map_or(Dialect::Terraform, |role| self.unit_dialect(role.unit));
        out.push_shown_symbol(ACCOUNT, &account_shown(dialect));
        out.push_lit(":role/");
        self.push_role_name(index, &mut out, 0);
        out
    }

    /// The account of the credentials of `unit` (`${AWS::AccountId}`,
    /// `data.aws_caller_identity.current.account_id`) as a symbolic string: the account of the
    /// resources the unit creates when the files name no literal one.
    pub fn credentials_account(&self, unit: UnitId) -> SymStr {
        let mut out = SymStr::default();
        out.push_shown_symbol(ACCOUNT, &account_shown(self.unit_dialect(unit)));
        out
    }

    /// The bucket a value (name, ARN or reference) designates.
    pub fn resolve_bucket(&self, unit: UnitId, value: &Value) -> BucketLink {
        self.resolve_bucket_at(unit, value, 0)
    }

    fn resolve_bucket_at(&self, unit: UnitId, value: &Value, depth: usize) -> BucketLink {
        if let ValueKind::Ref(r) = &value.kind {
            if let Some(resolved) = self.resolve(unit, r) {
                if let Some(i) = self
                    .index_of(resolved.node)
                    .filter(|_| resolved.node.kind == NodeKind::Bucket)
                {
                    return BucketLink::Found(i);
                }
                if let Some(bucket) = self
                    .configured_bucket(unit, r)
                    .filter(|_| depth < MAX_SYMBOL_DEPTH)
                {
                    return self.resolve_bucket_at(unit, bucket, depth + 1);
                }
            } else if self.is_dangling(unit, r) {
                return BucketLink::Dangling(r.display());
            }
        }
        let sym = self.sym(unit, value);
        let name = strip_bucket_arn(&sym);
        let candidates = self
            .bucket_by_name
            .get(&name)
            .map_or(&[][..], Vec::as_slice);
        match prefer_unit(candidates, unit, |i| self.buckets.get(i).map(|b| b.unit)) {
            Some(i) => BucketLink::Found(i),
            None => BucketLink::External(shown(&sym)),
        }
    }

    /// The ARN of the bucket a value (name, ARN or reference) designates, as a symbolic string
    /// (a bare name gets the ARN prefix).
    pub fn bucket_arn(&self, unit: UnitId, value: &Value) -> SymStr {
        self.arn_of(&self.resolve_bucket(unit, value), unit, value)
    }

    /// [`Model::bucket_arn`] of a value already resolved to `link`.
    fn arn_of(&self, link: &BucketLink, unit: UnitId, value: &Value) -> SymStr {
        if let BucketLink::Found(i) = link {
            return self.bucket_arn_sym(*i);
        }
        let sym = self.sym(unit, value);
        match sym.pieces.first() {
            Some(Piece::Lit(s)) if s.starts_with("arn:") => sym,
            first => {
                let mut arn = SymStr::lit("arn:aws:s3:::");
                arn.push_sym(&sym);
                // An unknown that may be a name or an ARN reads as written, never with the
                // prefix doubled.
                arn.hidden_prefix = matches!(first, Some(Piece::Symbol(_)));
                arn
            }
        }
    }

    /// Whether two values of `unit` designate the same bucket. Two buckets of the files are one
    /// bucket only when they are one resource (different resources are different buckets,
    /// whatever their names); anything else compares the bucket ARNs symbolically.
    pub fn same_bucket(&self, unit: UnitId, a: &Value, b: &Value) -> Tri {
        match (self.resolve_bucket(unit, a), self.resolve_bucket(unit, b)) {
            (BucketLink::Found(i), BucketLink::Found(j)) => Tri::from_bool(i == j),
            (link_a, link_b) => sym_equals(
                &self.arn_of(&link_a, unit, a),
                &self.arn_of(&link_b, unit, b),
                false,
            ),
        }
    }

    /// The role a value (ARN, name or reference) designates.
    pub fn resolve_role(&self, unit: UnitId, value: &Value) -> RoleLink {
        if let ValueKind::Ref(r) = &value.kind {
            if let Some(resolved) = self.resolve(unit, r) {
                if let Some(i) = self
                    .index_of(resolved.node)
                    .filter(|_| resolved.node.kind == NodeKind::Role)
                {
                    return RoleLink::Found(i, resolved.meaning);
                }
            } else if self.is_dangling(unit, r) {
                return RoleLink::Dangling(r.display());
            }
        }
        let sym = self.sym(unit, value);
        if let Some(text) = sym.as_literal() {
            let (name, meaning) = match text.rsplit_once(":role/") {
                Some((_, path_and_name)) => (
                    path_and_name.rsplit('/').next().unwrap_or(path_and_name),
                    AttrMeaning::Arn,
                ),
                None => (text, AttrMeaning::Name),
            };
            let candidates = self.role_by_name.get(name).map_or(&[][..], Vec::as_slice);
            if let Some(i) = prefer_unit(candidates, unit, |i| self.roles.get(i).map(|r| r.unit)) {
                return RoleLink::Found(i, meaning);
            }
        }
        RoleLink::External(shown(&sym))
    }
}

/// Among resources matched by name, the first of `unit` (the configuration that names it), else
/// the first of any unit.
fn prefer_unit(
    candidates: &[usize],
    unit: UnitId,
    unit_of: impl Fn(usize) -> Option<UnitId>,
) -> Option<usize> {
    let same_unit = candidates.iter().find(|&&i| unit_of(i) == Some(unit));
    same_unit.or(candidates.first()).copied()
}

/// The key of the account symbol: the account of the credentials (`AWS::AccountId`, the
/// caller identity's `account_id`), the same text wherever it is written.
const ACCOUNT: &str = "aws:account";

/// How messages show the account when the files write no expression for it.
fn account_shown(dialect: Dialect) -> String {
    match dialect {
        Dialect::Terraform => "data.aws_caller_identity.current.account_id".to_string(),
        Dialect::CloudFormation => "${AWS::AccountId}".to_string(),
    }
}

/// A reference as the user wrote it: `aws_s3_bucket.b.arn` in Terraform, `${Bucket.Arn}` (the
/// `Fn::Sub` form, which also reads as `!Ref`/`!GetAtt`) in CloudFormation.
fn shown_reference(dialect: Dialect, r: &Reference) -> String {
    match dialect {
        Dialect::Terraform => r.display(),
        Dialect::CloudFormation => {
            let target = r.target.strip_prefix("Parameter::").unwrap_or(&r.target);
            let mut text = format!("${{{target}");
            for attr in &r.attr {
                text.push('.');
                text.push_str(attr);
            }
            text.push('}');
            text
        }
    }
}

/// Appends a symbol that equals nothing else, for a value the linter cannot read: its key
/// carries the place (for uniqueness) and `written`, the source expression messages show.
fn push_unreadable(out: &mut SymStr, value: &Value, written: &str) {
    let key = format!("?{}:{}?{written}", value.span.file.0, value.span.start);
    out.push_shown_symbol(&key, written);
}

/// A value outside the files as messages name it: as written, and an empty string as `""`.
fn shown(sym: &SymStr) -> String {
    match sym.to_string() {
        text if text.is_empty() => "\"\"".to_string(),
        text => text,
    }
}

/// The bucket name inside a bucket ARN (`arn:<partition>:s3:::name`), or the string itself.
fn strip_bucket_arn(sym: &SymStr) -> SymStr {
    let mut out = SymStr::default();
    let mut pieces = sym.pieces.iter();
    match pieces.next() {
        Some(Piece::Lit(first)) if first.starts_with("arn:") && first.contains(":s3:::") => {
            let rest = first.split_once(":s3:::").map_or("", |(_, r)| r);
            out.push_lit(rest);
        }
        Some(first) => out.push_piece(first),
        None => {}
    }
    for p in pieces {
        out.push_piece(p);
    }
    out
}

/// A KMS alias a key value names: `alias/<name>`, or an alias ARN
/// (`arn:<partition>:kms:<region>:<account>:alias/<name>`) whose alias name is written literally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasRef {
    /// The alias name, `alias/<name>`.
    pub name: String,
    /// True for an alias ARN.
    pub is_arn: bool,
    /// The ARN's region, when written literally.
    pub region: Option<String>,
    /// The ARN's account, when written literally.
    pub account: Option<String>,
}

/// The alias a (symbolic) key value names, when it names one.
pub fn alias_ref(sym: &SymStr) -> Option<AliasRef> {
    use repl_lint_iam::policy::Piece;
    if let Some(name) = sym.as_literal().filter(|t| t.starts_with("alias/")) {
        return Some(AliasRef {
            name: name.to_string(),
            is_arn: false,
            region: None,
            account: None,
        });
    }
    // Symbols become a character no ARN holds, so that a field holding one is not literal.
    const SYMBOL: char = '\u{0}';
    let text: String = sym
        .pieces
        .iter()
        .map(|p| match p {
            Piece::Lit(s) => s.clone(),
            Piece::Symbol(_) => SYMBOL.to_string(),
        })
        .collect();
    let fields: Vec<&str> = text.splitn(6, ':').collect();
    let literal = |s: &str| (!s.contains(SYMBOL)).then(|| s.to_string());
    match fields.as_slice() {
        ["arn", _, "kms", region, account, alias]
            if alias.starts_with("alias/") && !alias.contains(SYMBOL) =>
        {
            Some(AliasRef {
                name: alias.to_string(),
                is_arn: true,
                region: literal(region),
                account: literal(account),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
#[path = "resolve_tests.rs"]
mod tests;
