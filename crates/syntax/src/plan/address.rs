//! Terraform addresses and references as plans write them: `module.a["k"].aws_s3_bucket.b[0]`,
//! `aws_iam_role.r.arn`.

/// One dot-separated word of an address, with its instance key (`[0]`, `["a"]`) when given.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Word<'a> {
    pub name: &'a str,
    pub key: Option<&'a str>,
}

/// Splits an address or reference into words; brackets (and quoted strings inside them) stay
/// whole, attached to the word before them.
pub(super) fn words(s: &str) -> Vec<Word<'_>> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut start = 0;
    while i <= bytes.len() {
        match bytes.get(i) {
            None | Some(b'.') => {
                if i > start {
                    out.push(Word {
                        name: &s[start..i],
                        key: None,
                    });
                }
                i += 1;
                start = i;
            }
            Some(b'[') => {
                let name = &s[start..i];
                let open = i;
                i += 1;
                let mut in_str = false;
                while let Some(&b) = bytes.get(i) {
                    match b {
                        b'\\' if in_str => i += 1,
                        b'"' => in_str = !in_str,
                        b']' if !in_str => break,
                        _ => {}
                    }
                    i += 1;
                }
                let close = (i + 1).min(bytes.len());
                out.push(Word {
                    name,
                    key: Some(&s[open..close]),
                });
                i = close;
                // Skip to the next dot (anything else after a key is not expected).
                while i < bytes.len() && bytes[i] != b'.' {
                    i += 1;
                }
                i += 1;
                start = i;
            }
            Some(_) => i += 1,
        }
    }
    out.retain(|w| !w.name.is_empty() || w.key.is_some());
    out
}

/// One step of a resource address: `module.a`, `aws_s3_bucket.b` or `data.aws_x.y`, with a key.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Step {
    pub name: String,
    pub key: Option<String>,
    pub is_module: bool,
    /// Byte offset of the step in the address: `&address[..start]` is its parent's address.
    pub start: usize,
}

/// The steps of a resource address (modules first, the resource last).
pub(super) fn steps(address: &str) -> Vec<Step> {
    let w = words(address);
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let take = match w[i].name {
            "module" => 2,
            "data" => 3,
            _ => 2,
        };
        let end = (i + take).min(w.len());
        let name = w[i..end]
            .iter()
            .map(|x| x.name)
            .collect::<Vec<_>>()
            .join(".");
        out.push(Step {
            name,
            key: w[end - 1].key.map(str::to_string),
            is_module: w[i].name == "module",
            start: w[i].name.as_ptr() as usize - address.as_ptr() as usize,
        });
        i = end;
    }
    out
}

/// Joins steps back into an address, keeping each step's key when `keep(step_index)` says so.
pub(super) fn join(steps: &[Step], keep: impl Fn(usize) -> bool) -> String {
    let mut s = String::new();
    for (i, step) in steps.iter().enumerate() {
        if i > 0 {
            s.push('.');
        }
        s.push_str(&step.name);
        if let (Some(k), true) = (&step.key, keep(i)) {
            s.push_str(k);
        }
    }
    s
}

/// A reference that names a resource: `[data.]type.name[key]` and the attributes after (none for
/// a bare address).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ResourceRef {
    /// `aws_iam_role.r` or `data.aws_iam_policy_document.p`, without the key.
    pub base: String,
    pub key: Option<String>,
    pub attr: Vec<String>,
}

/// Reads a configuration reference; `None` unless it names an attribute of a resource or data
/// source (`var.x`, `local.y`, `module.m.out`, `each.key`, a bare `aws_x.y` are not).
pub(super) fn resource_ref(reference: &str) -> Option<ResourceRef> {
    resource_address(reference).filter(|r| !r.attr.is_empty())
}

/// Reads a reference or `depends_on` entry that names a resource or data source, with or
/// without attributes (`aws_x.y`, `aws_x.y[0].arn`, `data.aws_x.y`); `None` for `var.x`,
/// `local.y`, `module.m`, `each.key` and the like.
pub(super) fn resource_address(reference: &str) -> Option<ResourceRef> {
    let w = words(reference);
    let first = w.first()?;
    let skip = if first.name == "data" { 1 } else { 0 };
    if matches!(
        first.name,
        "var" | "local" | "module" | "each" | "count" | "path" | "terraform" | "self"
    ) || first.key.is_some()
    {
        return None;
    }
    let ty = w.get(skip)?;
    let name = w.get(skip + 1)?;
    if ty.key.is_some() || !ty.name.contains('_') || name.name.is_empty() {
        return None;
    }
    let attr: Vec<String> = w[skip + 2..]
        .iter()
        .filter(|x| !x.name.is_empty())
        .map(|x| x.name.to_string())
        .collect();
    let base = if skip == 1 {
        format!("data.{}.{}", ty.name, name.name)
    } else {
        format!("{}.{}", ty.name, name.name)
    };
    Some(ResourceRef {
        base,
        key: name.key.map(str::to_string),
        attr,
    })
}
