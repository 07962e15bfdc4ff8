use std::collections::BTreeMap;

use super::*;
use crate::json::parse_json;
use crate::resource::Configuration;
use crate::value::{Entry, Reference, TextPart, Value, ValueKind};
use repl_lint_source::{FileId, SourceDb, SourceFile, Span};

/// A template parsed into a fresh source database.
fn parse(text: &str) -> (SourceDb, Value) {
    let mut db = SourceDb::default();
    let id = db.add(SourceFile::new(
        "t.json".into(),
        "t.json".into(),
        text.to_string(),
    ));
    let root = parse_json(text, id, 0).expect("test template is valid JSON");
    (db, root)
}

fn assign(pairs: &[(&str, bool)]) -> Scenario {
    let conditions: BTreeMap<String, bool> =
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    Scenario {
        conditions,
        ..Scenario::default()
    }
}

/// The names of the conditions used under `Resources`, sorted, without duplicates.
fn conditions_used(root: &Value) -> Vec<String> {
    let names: std::collections::BTreeSet<String> =
        condition_uses(root).into_iter().map(|u| u.name).collect();
    names.into_iter().collect()
}

fn lower(text: &str, pairs: &[(&str, bool)]) -> (SourceDb, Configuration) {
    let (db, root) = parse(text);
    let config = lower_template(&root, text, &assign(pairs));
    (db, config)
}

/// `(line, column)` of a span's start and end.
fn lc(db: &SourceDb, span: Span) -> ((u32, u32), (u32, u32)) {
    let (a, b) = db.range(span);
    ((a.line, a.column), (b.line, b.column))
}

fn body<'a>(config: &'a Configuration, id: &str) -> &'a Value {
    &config
        .resources
        .iter()
        .find(|r| r.address == id)
        .unwrap_or_else(|| panic!("no resource {id}"))
        .body
}

fn prop<'a>(config: &'a Configuration, id: &str, key: &str) -> &'a Value {
    body(config, id)
        .get(key)
        .unwrap_or_else(|| panic!("no property {key}"))
}

fn rf(target: &str, attr: &[&str]) -> Reference {
    Reference {
        target: target.to_string(),
        attr: attr.iter().map(|s| s.to_string()).collect(),
    }
}

fn kref(target: &str, attr: &[&str]) -> ValueKind {
    ValueKind::reference(rf(target, attr))
}

fn kstr(s: &str) -> ValueKind {
    ValueKind::Str(s.to_string())
}

fn lit(s: &str) -> TextPart {
    TextPart::Lit(s.to_string())
}

/// Takes a value apart without recursion (a 10,000-deep value would overflow the default drop).
fn dismantle(v: Value) {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v.kind {
            ValueKind::Map(entries) => stack.extend(entries.into_iter().map(|e| e.value)),
            ValueKind::List(items) => stack.extend(items),
            _ => {}
        }
    }
}

const REFS: &str = r#"{
  "Parameters": {
    "WithDefault": {"Type": "String", "Default": "dst-bucket"},
    "NoDefault": {"Type": "String"},
    "OneAllowed": {"Type": "String", "AllowedValues": ["only"]},
    "TwoAllowed": {"Type": "String", "AllowedValues": ["a", "b"]},
    "Names": {"Type": "CommaDelimitedList", "Default": "x, y,z"},
    "Ssm": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk-bootstrap/version"}
  },
  "Resources": {
    "Role": {"Type": "AWS::IAM::Role"},
    "Bucket": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "ToResource": {"Ref": "Role"},
        "ToDefault": {"Ref": "WithDefault"},
        "ToNoDefault": {"Ref": "NoDefault"},
        "ToOneAllowed": {"Ref": "OneAllowed"},
        "ToTwoAllowed": {"Ref": "TwoAllowed"},
        "ToList": {"Ref": "Names"},
        "ToSsm": {"Ref": "Ssm"},
        "ToPseudo": {"Ref": "AWS::AccountId"},
        "ToNowhere": {"Ref": "Missing"},
        "Gone": {"Ref": "AWS::NoValue"},
        "List": ["keep", {"Ref": "AWS::NoValue"}, "also"],
        "BadRef": {"Ref": ["x"]}
      }
    }
  }
}"#;

#[test]
fn ref_to_resource_parameter_and_pseudo_parameter() {
    let (db, config) = lower(REFS, &[]);
    assert!(config.errors.is_empty(), "{:?}", config.errors);
    let to_res = prop(&config, "Bucket", "ToResource");
    assert_eq!(to_res.kind, kref("Role", &[]));
    assert_eq!(lc(&db, to_res.span), ((15, 23), (15, 38)));

    // A default is substituted, located where it is used.
    let to_default = prop(&config, "Bucket", "ToDefault");
    assert_eq!(to_default.kind, kstr("dst-bucket"));
    assert_eq!(lc(&db, to_default.span), ((16, 22), (16, 44)));

    assert_eq!(
        prop(&config, "Bucket", "ToNoDefault").kind,
        kref("Parameter::NoDefault", &[])
    );
    assert_eq!(prop(&config, "Bucket", "ToOneAllowed").kind, kstr("only"));
    assert_eq!(
        prop(&config, "Bucket", "ToTwoAllowed").kind,
        kref("Parameter::TwoAllowed", &[])
    );
    let list = prop(&config, "Bucket", "ToList");
    let names: Vec<_> = list.items().iter().filter_map(Value::as_str).collect();
    assert_eq!(names, ["x", "y", "z"]);
    assert!(list.items().iter().all(|v| v.span == list.span));
    // An SSM parameter's default is a Parameter Store key, not the value.
    assert_eq!(
        prop(&config, "Bucket", "ToSsm").kind,
        kref("Parameter::Ssm", &[])
    );
    assert_eq!(
        prop(&config, "Bucket", "ToPseudo").kind,
        kref("AWS::AccountId", &[])
    );
    assert_eq!(
        prop(&config, "Bucket", "ToNowhere").kind,
        kref("Missing", &[])
    );
    assert_eq!(
        prop(&config, "Bucket", "BadRef").kind,
        ValueKind::Unknown("{\"Ref\": [\"x\"]}".into())
    );
}

#[test]
fn no_value_removes_map_entries_and_list_elements() {
    let (db, config) = lower(REFS, &[]);
    assert!(body(&config, "Bucket").get("Gone").is_none());
    let list = prop(&config, "Bucket", "List");
    let kinds: Vec<_> = list.items().iter().map(|v| v.kind.clone()).collect();
    assert_eq!(kinds, [kstr("keep"), kstr("also")]);
    assert_eq!(lc(&db, list.items()[1].span), ((25, 51), (25, 57)));
}

#[test]
fn get_att_both_forms() {
    let text = r#"{"Resources": {
  "R": {"Type": "AWS::IAM::Role"},
  "B": {"Type": "AWS::S3::Bucket", "Properties": {
    "Long": {"Fn::GetAtt": ["R", "Arn"]},
    "Short": {"Fn::GetAtt": "R.Arn"},
    "Dotted": {"Fn::GetAtt": "Stack.Outputs.BucketArn"},
    "AttrRef": {"Fn::GetAtt": ["R", {"Ref": "AttrName"}]},
    "Bad": {"Fn::GetAtt": "NoDot"}
  }}
},
"Parameters": {"AttrName": {"Type": "String", "Default": "RoleId"}}}"#;
    let (db, config) = lower(text, &[]);
    let long = prop(&config, "B", "Long");
    assert_eq!(long.kind, kref("R", &["Arn"]));
    assert_eq!(lc(&db, long.span), ((4, 13), (4, 41)));
    assert_eq!(prop(&config, "B", "Short").kind, kref("R", &["Arn"]));
    assert_eq!(
        prop(&config, "B", "Dotted").kind,
        kref("Stack", &["Outputs.BucketArn"])
    );
    assert_eq!(prop(&config, "B", "AttrRef").kind, kref("R", &["RoleId"]));
    assert_eq!(
        prop(&config, "B", "Bad").kind,
        ValueKind::Unknown("{\"Fn::GetAtt\": \"NoDot\"}".into())
    );
}

#[test]
fn sub_both_forms() {
    let text = r#"{"Parameters": {"Env": {"Type": "String", "Default": "prod"}, "Free": {"Type": "String"}},
"Resources": {
  "Src": {"Type": "AWS::S3::Bucket"},
  "B": {"Type": "AWS::S3::Bucket", "Properties": {
    "Plain": {"Fn::Sub": "no-vars"},
    "Param": {"Fn::Sub": "bucket-${Env}"},
    "Escaped": {"Fn::Sub": "a${!Literal}b"},
    "Attr": {"Fn::Sub": "${Src.Arn}/*"},
    "Mixed": {"Fn::Sub": "arn:${AWS::Partition}:s3:::${Src}-${Free}"},
    "Vars": {"Fn::Sub": ["${Name}/${Arn}/${Count}/${Weird}", {
      "Name": "fixed",
      "Arn": {"Fn::GetAtt": ["Src", "Arn"]},
      "Count": 3,
      "Weird": {"Fn::ImportValue": "x"}
    }]},
    "Unclosed": {"Fn::Sub": "a${b"},
    "Bad": {"Fn::Sub": 5}
  }}
}}"#;
    let (db, config) = lower(text, &[]);
    assert_eq!(prop(&config, "B", "Plain").kind, kstr("no-vars"));
    let param = prop(&config, "B", "Param");
    assert_eq!(param.kind, kstr("bucket-prod"));
    assert_eq!(lc(&db, param.span), ((6, 14), (6, 42)));
    assert_eq!(prop(&config, "B", "Escaped").kind, kstr("a${Literal}b"));
    assert_eq!(
        prop(&config, "B", "Attr").kind,
        ValueKind::Template(vec![TextPart::reference(rf("Src", &["Arn"])), lit("/*")])
    );
    assert_eq!(
        prop(&config, "B", "Mixed").kind,
        ValueKind::Template(vec![
            lit("arn:"),
            TextPart::reference(rf("AWS::Partition", &[])),
            lit(":s3:::"),
            TextPart::reference(rf("Src", &[])),
            lit("-"),
            TextPart::reference(rf("Parameter::Free", &[])),
        ])
    );
    assert_eq!(
        prop(&config, "B", "Vars").kind,
        ValueKind::Template(vec![
            lit("fixed/"),
            TextPart::reference(rf("Src", &["Arn"])),
            lit("/3/"),
            TextPart::Unknown("${Weird}".into()),
        ])
    );
    assert_eq!(prop(&config, "B", "Unclosed").kind, kstr("a${b"));
    assert_eq!(
        prop(&config, "B", "Bad").kind,
        ValueKind::Unknown("{\"Fn::Sub\": 5}".into())
    );
}

#[test]
fn join_select_split_find_in_map() {
    let text = r#"{"Parameters": {"Free": {"Type": "CommaDelimitedList"}, "Env": {"Type": "String", "Default": "prod"}},
"Mappings": {"Regions": {"prod": {"Dst": "arn:aws:s3:::dst", "Count": 2}}},
"Resources": {
  "Src": {"Type": "AWS::S3::Bucket"},
  "B": {"Type": "AWS::S3::Bucket", "Properties": {
    "Join": {"Fn::Join": ["", [{"Fn::GetAtt": ["Src", "Arn"]}, "/", 7, {"Ref": "Env"}]]},
    "JoinLit": {"Fn::Join": [",", ["a", "b"]]},
    "JoinUnknown": {"Fn::Join": [",", {"Ref": "Free"}]},
    "JoinSplit": {"Fn::Join": ["-", {"Fn::Split": [",", "p,q"]}]},
    "Select": {"Fn::Select": [1, ["zero", {"Ref": "Src"}]]},
    "SelectSplit": {"Fn::Select": ["0", {"Fn::Split": ["/", "x/y"]}]},
    "SelectOut": {"Fn::Select": [5, ["a"]]},
    "SelectUnknown": {"Fn::Select": [0, {"Ref": "Free"}]},
    "Split": {"Fn::Split": [",", "a,b"]},
    "SplitUnknown": {"Fn::Split": [",", {"Ref": "Src"}]},
    "Find": {"Fn::FindInMap": ["Regions", {"Ref": "Env"}, "Dst"]},
    "FindNumber": {"Fn::FindInMap": ["Regions", "prod", "Count"]},
    "FindRegion": {"Fn::FindInMap": ["Regions", {"Ref": "AWS::Region"}, "Dst"]},
    "FindMissing": {"Fn::FindInMap": ["Regions", "dev", "Dst"]},
    "FindDefault": {"Fn::FindInMap": ["Regions", "dev", "Dst", {"DefaultValue": "fallback"}]}
  }}
}}"#;
    let (db, config) = lower(text, &[]);
    let p = |k| prop(&config, "B", k);
    assert_eq!(
        p("Join").kind,
        ValueKind::Template(vec![
            TextPart::reference(rf("Src", &["Arn"])),
            lit("/7prod"),
        ])
    );
    assert_eq!(lc(&db, p("Join").span), ((6, 13), (6, 89)));
    assert_eq!(p("JoinLit").kind, kstr("a,b"));
    assert_eq!(
        p("JoinUnknown").kind,
        ValueKind::Unknown("{\"Fn::Join\": [\",\", {\"Ref\": \"Free\"}]}".into())
    );
    assert_eq!(p("JoinSplit").kind, kstr("p-q"));
    let select = p("Select");
    assert_eq!(select.kind, kref("Src", &[]));
    assert_eq!(lc(&db, select.span), ((10, 15), (10, 60)));
    assert_eq!(p("SelectSplit").kind, kstr("x"));
    assert_eq!(
        p("SelectOut").kind,
        ValueKind::Unknown("{\"Fn::Select\": [5, [\"a\"]]}".into())
    );
    assert_eq!(
        p("SelectUnknown").kind,
        ValueKind::Unknown("{\"Fn::Select\": [0, {\"Ref\": \"Free\"}]}".into())
    );
    let split: Vec<_> = p("Split").items().iter().map(|v| v.kind.clone()).collect();
    assert_eq!(split, [kstr("a"), kstr("b")]);
    assert_eq!(
        p("SplitUnknown").kind,
        ValueKind::Unknown("{\"Fn::Split\": [\",\", {\"Ref\": \"Src\"}]}".into())
    );
    let find = p("Find");
    assert_eq!(find.kind, kstr("arn:aws:s3:::dst"));
    assert_eq!(lc(&db, find.span), ((16, 13), (16, 66)));
    assert_eq!(p("FindNumber").kind, ValueKind::Number(2.0));
    assert_eq!(
        p("FindRegion").kind,
        ValueKind::Unknown(
            "{\"Fn::FindInMap\": [\"Regions\", {\"Ref\": \"AWS::Region\"}, \"Dst\"]}".into()
        )
    );
    assert_eq!(
        p("FindMissing").kind,
        ValueKind::Unknown("{\"Fn::FindInMap\": [\"Regions\", \"dev\", \"Dst\"]}".into())
    );
    assert_eq!(p("FindDefault").kind, kstr("fallback"));
}

#[test]
fn unknown_functions() {
    let text = r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {
  "Import": {"Fn::ImportValue": "shared-role-arn"},
  "Azs": {"Fn::GetAZs": ""},
  "Cidr": {"Fn::Cidr": ["10.0.0.0/16", 2, 8]},
  "B64Lit": {"Fn::Base64": "hello"},
  "B64Ref": {"Fn::Base64": {"Ref": "AWS::Region"}},
  "Transform": {"Fn::Transform": {"Name": "AWS::Include"}},
  "Made": {"Fn::Frobnicate": 1},
  "NotIntrinsic": {"Ref": "B", "Other": 1}
}}}}"#;
    let (db, config) = lower(text, &[]);
    let p = |k| prop(&config, "B", k);
    let import = p("Import");
    assert_eq!(
        import.kind,
        ValueKind::Unknown("{\"Fn::ImportValue\": \"shared-role-arn\"}".into())
    );
    assert_eq!(lc(&db, import.span), ((2, 13), (2, 51)));
    assert_eq!(
        p("Azs").kind,
        ValueKind::Unknown("{\"Fn::GetAZs\": \"\"}".into())
    );
    assert_eq!(
        p("Cidr").kind,
        ValueKind::Unknown("{\"Fn::Cidr\": [\"10.0.0.0/16\", 2, 8]}".into())
    );
    assert_eq!(p("B64Lit").kind, kstr("hello"));
    assert_eq!(
        p("B64Ref").kind,
        ValueKind::Unknown("{\"Fn::Base64\": {\"Ref\": \"AWS::Region\"}}".into())
    );
    assert_eq!(
        p("Transform").kind,
        ValueKind::Unknown("{\"Fn::Transform\": {\"Name\": \"AWS::Include\"}}".into())
    );
    assert_eq!(
        p("Made").kind,
        ValueKind::Unknown("{\"Fn::Frobnicate\": 1}".into())
    );
    // Two keys: an ordinary map, with the Ref inside left as written.
    assert_eq!(p("NotIntrinsic").get("Ref").unwrap().kind, kstr("B"));
}

const CONDITIONAL: &str = r#"{
  "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}, "Unused": {"Fn::Not": [{"Condition": "IsProd"}]}},
  "Parameters": {"Env": {"Type": "String"}},
  "Resources": {
    "Dst": {"Type": "AWS::S3::Bucket", "Condition": "WantDst"},
    "Src": {
      "Type": "AWS::S3::Bucket",
      "DependsOn": "Dst",
      "Properties": {
        "Mode": {"Fn::If": ["IsProd", "prod-mode", {"Fn::Sub": "dev-${Env}"}]},
        "Maybe": {"Fn::If": ["IsProd", {"Ref": "AWS::NoValue"}, 1]},
        "Nested": [{"Deep": {"Fn::If": ["IsProd", {"Fn::If": ["Inner", "a", "b"]}, "c"]}}]
      }
    },
    "Role": {"Type": "AWS::IAM::Role", "DependsOn": ["Src", "Dst"]}
  }
}"#;

#[test]
fn conditions_used_lists_if_and_resource_conditions() {
    let (_, root) = parse(CONDITIONAL);
    assert_eq!(conditions_used(&root), ["Inner", "IsProd", "WantDst"]);
    let (_, not_template) = parse(r#"{"Resources": [1]}"#);
    assert!(conditions_used(&not_template).is_empty());
}

#[test]
fn if_follows_the_assignment() {
    let (db, config) = lower(CONDITIONAL, &[("IsProd", true), ("Inner", false)]);
    let mode = prop(&config, "Src", "Mode");
    assert_eq!(mode.kind, kstr("prod-mode"));
    assert_eq!(lc(&db, mode.span), ((10, 17), (10, 79)));
    assert!(body(&config, "Src").get("Maybe").is_none());
    let deep = prop(&config, "Src", "Nested").items()[0]
        .get("Deep")
        .unwrap();
    assert_eq!(deep.kind, kstr("b"));

    let (_, config) = lower(CONDITIONAL, &[("IsProd", false)]);
    assert_eq!(
        prop(&config, "Src", "Mode").kind,
        ValueKind::Template(vec![
            lit("dev-"),
            TextPart::reference(rf("Parameter::Env", &[]))
        ])
    );
    assert_eq!(prop(&config, "Src", "Maybe").kind, ValueKind::Number(1.0));
    let deep = prop(&config, "Src", "Nested").items()[0]
        .get("Deep")
        .unwrap();
    assert_eq!(deep.kind, kstr("c"));

    // Not in the assignment: unknown.
    let (_, config) = lower(CONDITIONAL, &[]);
    assert_eq!(
        prop(&config, "Src", "Mode").kind,
        ValueKind::Unknown(
            "{\"Fn::If\": [\"IsProd\", \"prod-mode\", {\"Fn::Sub\": \"dev-${Env}\"}]}".into()
        )
    );
    assert_eq!(
        prop(&config, "Src", "Maybe").kind,
        ValueKind::Unknown("{\"Fn::If\": [\"IsProd\", {\"Ref\": \"AWS::NoValue\"}, 1]}".into())
    );
}

#[test]
fn resource_condition_excludes_or_includes() {
    let ids = |config: &Configuration| -> Vec<String> {
        config.resources.iter().map(|r| r.address.clone()).collect()
    };
    let (_, config) = lower(CONDITIONAL, &[("WantDst", false)]);
    assert_eq!(ids(&config), ["Src", "Role"]);
    let (_, config) = lower(CONDITIONAL, &[("WantDst", true)]);
    assert_eq!(ids(&config), ["Dst", "Src", "Role"]);
    // Unknown: kept.
    let (_, config) = lower(CONDITIONAL, &[]);
    assert_eq!(ids(&config), ["Dst", "Src", "Role"]);
}

#[test]
fn resource_fields_and_depends_on() {
    let (db, config) = lower(CONDITIONAL, &[]);
    let dst = &config.resources[0];
    assert_eq!(dst.address, "Dst");
    assert_eq!(dst.type_name, "AWS::S3::Bucket");
    assert!(!dst.is_data);
    assert!(dst.provider.is_none());
    assert_eq!(lc(&db, dst.header), ((5, 5), (5, 10)));
    assert_eq!(lc(&db, dst.span), ((5, 5), (5, 63)));
    // No Properties: an empty map spanning the resource.
    assert_eq!(dst.body.kind, ValueKind::Map(vec![]));
    assert_eq!(dst.body.span, dst.span);

    let src = &config.resources[1];
    assert_eq!(src.depends_on.len(), 1);
    assert_eq!(src.depends_on[0].0, "Dst");
    assert_eq!(lc(&db, src.depends_on[0].1), ((8, 20), (8, 25)));
    assert_eq!(lc(&db, src.span), ((6, 5), (14, 6)));

    let role = &config.resources[2];
    let deps: Vec<_> = role
        .depends_on
        .iter()
        .map(|(d, s)| (d.as_str(), lc(&db, *s)))
        .collect();
    assert_eq!(
        deps,
        [("Src", ((15, 54), (15, 59))), ("Dst", ((15, 61), (15, 66)))]
    );
}

#[test]
fn malformed_templates_do_not_panic() {
    let (db, config) = lower(r#"{"Resources": ["AWS::S3::Bucket"]}"#, &[]);
    assert!(config.resources.is_empty());
    assert_eq!(config.errors.len(), 1);
    assert_eq!(lc(&db, config.errors[0].span), ((1, 15), (1, 34)));

    let text = r#"{"Resources": {
  "NoType": {"Properties": {}},
  "NumType": {"Type": 5},
  "NotMap": "x",
  "StrProps": {"Type": "AWS::S3::Bucket", "Properties": "oops"},
  "BadDeps": {"Type": "AWS::S3::Bucket", "DependsOn": [1, "Ok"]},
  "NullProps": {"Type": "AWS::S3::Bucket", "Properties": null},
  "RainModule": {"Type": {"Fn::Rain::Module": "bucket-policy.yaml"}},
  "Fn::ForEach::Buckets": ["Id", ["A"], {}]
}}"#;
    let (db, config) = lower(text, &[]);
    let ids: Vec<_> = config
        .resources
        .iter()
        .map(|r| r.address.as_str())
        .collect();
    assert_eq!(ids, ["StrProps", "BadDeps", "NullProps"]);
    assert_eq!(body(&config, "StrProps").kind, ValueKind::Map(vec![]));
    assert_eq!(body(&config, "NullProps").kind, ValueKind::Map(vec![]));
    assert_eq!(config.resources[1].depends_on[0].0, "Ok");
    let at: Vec<_> = config.errors.iter().map(|e| lc(&db, e.span).0).collect();
    assert_eq!(at, [(2, 3), (3, 23), (4, 13), (5, 57), (6, 56)]);
    assert!(
        config.errors[0].message.contains("`NoType` has no `Type`"),
        "{}",
        config.errors[0].message
    );

    // Odd shapes everywhere else.
    for text in [
        r#"{}"#,
        r#"[]"#,
        r#""Resources""#,
        r#"{"Resources": null}"#,
        r#"{"Parameters": 1, "Mappings": [], "Resources": {"B": {"Type": "AWS::S3::Bucket",
           "Properties": {"a": {"Ref": "P"}, "b": {"Fn::FindInMap": "x"}, "c": {"Fn::If": []},
           "d": {"Fn::Join": 1}, "e": {"Fn::Select": [-1, [1]]}, "f": {"Fn::Split": ["", "ab"]},
           "g": {"Fn::Sub": ["${x}", 1]}, "h": {"Fn::Sub": "${}"}, "i": {"Fn::GetAtt": [1, 2]},
           "j": {"Fn::Select": [0.5, [1]]}, "k": {"Fn::FindInMap": [1, 2, 3, 4]}}}}}"#,
        r#"{"Parameters": {"P": {"Default": {"Ref": "P"}}}, "Resources": {"B": {"Type": "AWS::S3::Bucket",
           "Properties": {"a": {"Ref": "P"}, "b": {"Fn::Sub": "${P}"}}}}}"#,
        r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"Fn::If": ["C", {"A": 1}, {"Ref": "AWS::NoValue"}]}}}}"#,
    ] {
        let (_, root) = parse(text);
        let _ = is_template(&root);
        let _ = conditions_used(&root);
        for value in [true, false] {
            let _ = lower_template(&root, text, &assign(&[("C", value)]));
        }
        let _ = lower_template(&root, text, &Scenario::default());
    }
}

#[test]
fn properties_chosen_by_if() {
    let text = r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"Fn::If": ["C", {"A": 1}, {"Ref": "AWS::NoValue"}]}}}}"#;
    let (_, config) = lower(text, &[("C", true)]);
    assert_eq!(prop(&config, "B", "A").kind, ValueKind::Number(1.0));
    let (_, config) = lower(text, &[("C", false)]);
    assert_eq!(body(&config, "B").kind, ValueKind::Map(vec![]));
    let (_, config) = lower(text, &[]);
    assert_eq!(
        body(&config, "B").kind,
        ValueKind::Unknown("{\"Fn::If\": [\"C\", {\"A\": 1}, {\"Ref\": \"AWS::NoValue\"}]}".into())
    );
}

/// A template whose `Deep` property nests `depth` intrinsics built by `wrap`.
fn deep_template(depth: usize, wrap: impl Fn(Value, Span) -> Value) -> Value {
    let span = Span::new(FileId(0), 0, 1);
    let mut v = Value::new(ValueKind::Str("leaf".into()), span);
    for _ in 0..depth {
        v = wrap(v, span);
    }
    let entry = |key: &str, value: Value| Entry {
        key: key.to_string(),
        key_span: span,
        span,
        value,
    };
    let map = |entries: Vec<Entry>| Value::new(ValueKind::Map(entries), span);
    let s = |text: &str| Value::new(ValueKind::Str(text.into()), span);
    let resource = map(vec![
        entry("Type", s("AWS::S3::Bucket")),
        entry("Properties", map(vec![entry("Deep", v)])),
    ]);
    map(vec![entry("Resources", map(vec![entry("B", resource)]))])
}

#[test]
fn deep_nesting_does_not_overflow() {
    let list = |items: Vec<Value>, span| Value::new(ValueKind::List(items), span);
    let one = |key: &str, value: Value, span| {
        Value::new(
            ValueKind::Map(vec![Entry {
                key: key.to_string(),
                key_span: span,
                span,
                value,
            }]),
            span,
        )
    };
    let s = |text: &str, span| Value::new(ValueKind::Str(text.into()), span);
    let ifs = deep_template(10_000, |v, span| {
        one(
            "Fn::If",
            list(vec![s("C", span), v, s("x", span)], span),
            span,
        )
    });
    let joins = deep_template(10_000, |v, span| {
        one(
            "Fn::Join",
            list(vec![s("", span), list(vec![v], span)], span),
            span,
        )
    });
    let maps = deep_template(10_000, |v, span| one("Key", v, span));
    for (root, conditions) in [(ifs, vec!["C"]), (joins, vec![]), (maps, vec![])] {
        assert!(is_template(&root));
        assert_eq!(conditions_used(&root), conditions);
        for assignment in [assign(&[("C", true)]), Scenario::default()] {
            let config = lower_template(&root, "", &assignment);
            let deep = prop(&config, "B", "Deep");
            let mut unknown = false;
            let mut stack = vec![deep];
            while let Some(v) = stack.pop() {
                match &v.kind {
                    ValueKind::Unknown(_) => unknown = true,
                    ValueKind::Template(parts) => {
                        unknown |= parts.iter().any(|p| matches!(p, TextPart::Unknown(_)));
                    }
                    ValueKind::Map(entries) => stack.extend(entries.iter().map(|e| &e.value)),
                    ValueKind::List(items) => stack.extend(items),
                    _ => {}
                }
            }
            assert!(unknown, "the bottom of a 10,000-deep value is not lowered");
            config
                .resources
                .into_iter()
                .for_each(|r| dismantle(std::sync::Arc::unwrap_or_clone(r).body));
        }
        dismantle(root);
    }
}

#[test]
fn nested_intrinsics() {
    let text = r#"{"Parameters": {"Env": {"Type": "String", "Default": "prod"}},
"Resources": {"Src": {"Type": "AWS::S3::Bucket"}, "B": {"Type": "AWS::S3::Bucket", "Properties": {
  "X": {"Fn::If": ["C", {"Fn::Join": ["/", [{"Fn::Sub": "${Src.Arn}"}, {"Fn::Select": [0, {"Fn::Split": [",", {"Fn::Sub": "${Env},dev"}]}]}, "*"]]}, "no"]}
}}}}"#;
    let (_, config) = lower(text, &[("C", true)]);
    assert_eq!(
        prop(&config, "B", "X").kind,
        ValueKind::Template(vec![
            TextPart::reference(rf("Src", &["Arn"])),
            lit("/prod/*")
        ])
    );
}

#[test]
fn is_template_recognises_templates_only() {
    let sam = r#"{"AWSTemplateFormatVersion": "2010-09-09", "Transform": "AWS::Serverless-2016-10-31",
"Resources": {"Fn": {"Type": "AWS::Serverless::Function", "Properties": {"Runtime": "python3.12"}},
"Api": {"Type": "AWS::Serverless::Api"}}}"#;
    assert!(is_template(&parse(sam).1));
    let mixed = r#"{"Resources": {"M": {"Type": "MongoDB::Atlas::Cluster"}, "B": {"Type": "AWS::S3::Bucket"},
"Mod": {"Type": "My::Org::Bucket::MODULE"}}}"#;
    assert!(is_template(&parse(mixed).1));
    let custom =
        r#"{"Resources": {"C": {"Type": "Custom::Thing"}, "S": {"Type": "Alexa::ASK::Skill"}}}"#;
    assert!(is_template(&parse(custom).1));

    // A CDK synthesized template, pinned in the repository (`testdata/SOURCES.tsv`).
    let cdk = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/aws-cdk/BucketReplicationTestStack.template.json"
    ));
    let (_, root) = parse(cdk);
    assert!(is_template(&root));
    let config = lower_template(&root, cdk, &Scenario::default());
    assert!(config.errors.is_empty());
    assert!(
        config
            .resources
            .iter()
            .any(|r| r.type_name == "AWS::S3::Bucket")
    );

    for text in [
        r#"{"name": "pkg", "version": "1.0.0", "dependencies": {"left-pad": "^1"}}"#,
        r#"{"format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {}, "resource_changes": []}"#,
        r#"{"resource": {"aws_s3_bucket": {"b": {"bucket": "x"}}}}"#,
        r#"{"Resources": {}}"#,
        r#"{"Resources": {"X": {"Type": "Microsoft.Storage/storageAccounts"}}}"#,
        r#"{"Resources": ["AWS::S3::Bucket"]}"#,
        r#"[{"Resources": {"X": {"Type": "AWS::S3::Bucket"}}}]"#,
    ] {
        assert!(!is_template(&parse(text).1), "{text}");
    }
}

#[test]
fn no_value_branch_removes_a_list_element() {
    let text = r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {
  "Rules": ["first", {"Fn::If": ["C", "second", {"Ref": "AWS::NoValue"}]}, "third"],
  "Sub": {"Fn::Sub": ["${V}-x", {"V": {"Ref": "AWS::NoValue"}}]}
}}}}"#;
    let strings = |config: &Configuration| -> Vec<String> {
        prop(config, "B", "Rules")
            .items()
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let (_, config) = lower(text, &[("C", true)]);
    assert_eq!(strings(&config), ["first", "second", "third"]);
    let (db, config) = lower(text, &[("C", false)]);
    assert_eq!(strings(&config), ["first", "third"]);
    assert_eq!(
        lc(&db, prop(&config, "B", "Rules").items()[1].span),
        ((2, 76), (2, 83))
    );
    // A substitution variable that is removed cannot be spliced into text.
    assert_eq!(
        prop(&config, "B", "Sub").kind,
        ValueKind::Template(vec![TextPart::Unknown("${V}".into()), lit("-x")])
    );
}

#[test]
fn parameters_follow_the_scenario() {
    let text = r#"{
      "Parameters": {
        "Dst": {"Type": "String", "Default": ""},
        "Env": {"Type": "String", "Default": "dev"},
        "Zones": {"Type": "CommaDelimitedList", "Default": "a"},
        "Free": {"Type": "String", "Default": "kept"}
      },
      "Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {
        "Dst": {"Ref": "Dst"}, "Sub": {"Fn::Sub": "arn:aws:s3:::${Dst}"}, "Env": {"Ref": "Env"},
        "Zones": {"Ref": "Zones"}, "Free": {"Ref": "Free"}
      }}}
    }"#;
    let (_, root) = parse(text);
    let scenario = Scenario {
        parameters: [
            ("Dst", Binding::Unknown),
            ("Env", Binding::Value("prod".into())),
            ("Zones", Binding::Value("x, y".into())),
        ]
        .into_iter()
        .map(|(name, binding)| (name.to_string(), binding))
        .collect(),
        ..Scenario::default()
    };
    let config = lower_template(&root, text, &scenario);
    assert_eq!(
        prop(&config, "B", "Dst").kind,
        ValueKind::reference(rf("Parameter::Dst", &[]))
    );
    assert_eq!(
        prop(&config, "B", "Sub").kind,
        ValueKind::Template(vec![
            lit("arn:aws:s3:::"),
            TextPart::reference(rf("Parameter::Dst", &[]))
        ])
    );
    assert_eq!(prop(&config, "B", "Env").kind, kstr("prod"));
    let zones: Vec<&str> = prop(&config, "B", "Zones")
        .items()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(zones, ["x", "y"]);
    assert_eq!(prop(&config, "B", "Free").kind, kstr("kept"));
}
