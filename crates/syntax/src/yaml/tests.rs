//! Tests for the YAML composer: spans, short-form tags, limits, and parity with `parse_json`.

use super::*;
use crate::json::parse_json;
use repl_lint_source::{SourceDb, SourceFile};

/// Parses `text` and keeps a source database to turn spans into line/column pairs.
fn load(text: &str) -> (SourceDb, YamlDocument) {
    let mut db = SourceDb::default();
    let file = db.add(SourceFile::new(
        "t.yaml".into(),
        "t.yaml".into(),
        text.into(),
    ));
    (db, parse_yaml(text, file))
}

/// A span as 1-based `((line, col), (line, col))`.
type Range2 = ((u32, u32), (u32, u32));

/// 1-based `((line, col), (line, col))` of a span.
fn at(db: &SourceDb, span: Span) -> Range2 {
    let (a, b) = db.range(span);
    ((a.line, a.column), (b.line, b.column))
}

fn root(text: &str) -> (SourceDb, Value) {
    let (db, doc) = load(text);
    let value = doc
        .root
        .unwrap_or_else(|e| panic!("{text:?}: {}", e.message));
    (db, value)
}

/// The error of a document that must fail: its span as 1-based positions, and its message.
fn fails(text: &str) -> (Range2, String) {
    let (db, doc) = load(text);
    let e = doc.root.expect_err("should fail");
    (at(&db, e.span), e.message)
}

fn s(text: &str) -> ValueKind {
    ValueKind::Str(text.into())
}

/// True when two values have the same shape and content, ignoring spans.
fn same(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (ValueKind::List(x), ValueKind::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (ValueKind::Map(x), ValueKind::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(p, q)| p.key == q.key && same(&p.value, &q.value))
        }
        (x, y) => x == y,
    }
}

#[test]
fn nested_property_spans() {
    let text = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: src\n      VersioningConfiguration:\n        Status: Enabled\n";
    let (db, v) = root(text);
    assert_eq!(at(&db, v.span), ((1, 1), (7, 24)));
    let bucket = v.path(&["Resources", "Bucket"]).unwrap();
    assert_eq!(at(&db, bucket.span), ((3, 5), (7, 24)));
    let e = bucket
        .path(&["Properties", "VersioningConfiguration"])
        .unwrap()
        .entry("Status")
        .unwrap();
    assert_eq!(at(&db, e.key_span), ((7, 9), (7, 15)));
    assert_eq!(at(&db, e.span), ((7, 9), (7, 24)));
    assert_eq!(e.value.kind, s("Enabled"));
    assert_eq!(at(&db, e.value.span), ((7, 17), (7, 24)));
    let t = bucket.entry("Type").unwrap();
    assert_eq!(t.value.kind, s("AWS::S3::Bucket"));
    assert_eq!(at(&db, t.span), ((3, 5), (3, 26)));
}

/// The one entry of a long-form intrinsic map: key, key span, map span and inner value.
fn intrinsic(db: &SourceDb, v: &Value) -> (String, Range2, Range2, Value) {
    let [entry] = v.entries() else {
        panic!("not a one-entry map: {v:?}");
    };
    assert_eq!(entry.span, v.span);
    (
        entry.key.clone(),
        at(db, entry.key_span),
        at(db, v.span),
        entry.value.clone(),
    )
}

#[test]
fn ref_and_condition() {
    let (db, v) = root("a: !Ref MyBucket\nb: !Condition IsProd\n");
    let (k, ks, span, inner) = intrinsic(&db, v.get("a").unwrap());
    assert_eq!(
        (k.as_str(), ks, span),
        ("Ref", ((1, 4), (1, 8)), ((1, 4), (1, 17)))
    );
    assert_eq!(inner.kind, s("MyBucket"));
    assert_eq!(at(&db, inner.span), ((1, 9), (1, 17)));
    let (k, ks, span, inner) = intrinsic(&db, v.get("b").unwrap());
    assert_eq!(
        (k.as_str(), ks, span),
        ("Condition", ((2, 4), (2, 14)), ((2, 4), (2, 21)))
    );
    assert_eq!(inner.kind, s("IsProd"));
    // The entry holding a tagged value runs to the end of that value.
    assert_eq!(at(&db, v.entry("a").unwrap().span), ((1, 1), (1, 17)));
}

#[test]
fn getatt_scalar_and_sequence() {
    let (db, v) = root("a: !GetAtt Role.Arn.Extra\nb: !GetAtt [Role, Arn]\n");
    let (k, ks, span, inner) = intrinsic(&db, v.get("a").unwrap());
    assert_eq!(
        (k.as_str(), ks, span),
        ("Fn::GetAtt", ((1, 4), (1, 11)), ((1, 4), (1, 26)))
    );
    let items = inner.items();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (&items[0].kind, &items[1].kind),
        (&s("Role"), &s("Arn.Extra"))
    );
    for item in items {
        assert_eq!(at(&db, item.span), ((1, 12), (1, 26)));
    }
    let (k, ks, span, inner) = intrinsic(&db, v.get("b").unwrap());
    assert_eq!(
        (k.as_str(), ks, span),
        ("Fn::GetAtt", ((2, 4), (2, 11)), ((2, 4), (2, 23)))
    );
    assert_eq!(at(&db, inner.span), ((2, 12), (2, 23)));
    assert_eq!(at(&db, inner.items()[1].span), ((2, 19), (2, 22)));
}

#[test]
fn sub_scalar_and_sequence() {
    let text = "a: !Sub 'arn:${AWS::Partition}:s3:::${B}/*'\nb: !Sub\n  - '${X}-${Y}'\n  - X: !Ref Q\n    Y: y\n";
    let (db, v) = root(text);
    let (k, ks, span, inner) = intrinsic(&db, v.get("a").unwrap());
    assert_eq!(
        (k.as_str(), ks, span),
        ("Fn::Sub", ((1, 4), (1, 8)), ((1, 4), (1, 44)))
    );
    assert_eq!(inner.kind, s("arn:${AWS::Partition}:s3:::${B}/*"));
    let (k, ks, span, inner) = intrinsic(&db, v.get("b").unwrap());
    assert_eq!(
        (k.as_str(), ks, span),
        ("Fn::Sub", ((2, 4), (2, 8)), ((2, 4), (5, 9)))
    );
    assert_eq!(at(&db, inner.span), ((3, 3), (5, 9)));
    let vars = &inner.items()[1];
    assert_eq!(at(&db, vars.span), ((4, 5), (5, 9)));
    let (k, _, span, _) = intrinsic(&db, vars.get("X").unwrap());
    assert_eq!((k.as_str(), span), ("Ref", ((4, 8), (4, 14))));
}

#[test]
fn other_intrinsics() {
    let text = "\
if: !If [IsProd, a, !Ref AWS::NoValue]
join: !Join ['', [a, !Ref B]]
select: !Select [0, !GetAZs '']
split: !Split [',', 'a,b']
map: !FindInMap [M, !Ref AWS::Region, Key]
imp: !ImportValue Shared-Arn
eq: !Equals [!Ref Env, prod]
b64: !Base64 hello
azs: !GetAZs
cidr: !Cidr [10.0.0.0/16, 6, 5]
";
    let (db, v) = root(text);
    let expect = [
        ("if", "Fn::If", ((1, 5), (1, 8)), ((1, 5), (1, 39))),
        ("join", "Fn::Join", ((2, 7), (2, 12)), ((2, 7), (2, 30))),
        ("select", "Fn::Select", ((3, 9), (3, 16)), ((3, 9), (3, 32))),
        ("split", "Fn::Split", ((4, 8), (4, 14)), ((4, 8), (4, 27))),
        ("map", "Fn::FindInMap", ((5, 6), (5, 16)), ((5, 6), (5, 43))),
        (
            "imp",
            "Fn::ImportValue",
            ((6, 6), (6, 18)),
            ((6, 6), (6, 29)),
        ),
        ("eq", "Fn::Equals", ((7, 5), (7, 12)), ((7, 5), (7, 29))),
        ("b64", "Fn::Base64", ((8, 6), (8, 13)), ((8, 6), (8, 19))),
        ("azs", "Fn::GetAZs", ((9, 6), (9, 13)), ((9, 6), (9, 13))),
        ("cidr", "Fn::Cidr", ((10, 7), (10, 12)), ((10, 7), (10, 32))),
    ];
    for (key, long, tag, span) in expect {
        let (k, ks, sp, _) = intrinsic(&db, v.get(key).unwrap());
        assert_eq!((k.as_str(), ks, sp), (long, tag, span), "{key}");
    }
    let inner = |key: &str| v.get(key).unwrap().entries()[0].value.clone();
    let select = inner("select");
    assert_eq!(select.items()[0].kind, ValueKind::Number(0.0));
    let (k, _, span, azs) = intrinsic(&db, &select.items()[1]);
    assert_eq!(
        (k.as_str(), span, azs.kind),
        ("Fn::GetAZs", ((3, 21), (3, 31)), s(""))
    );
    // A tagged empty scalar is an empty string, not null.
    assert_eq!(inner("azs").kind, s(""));
    let cidr = inner("cidr");
    let kinds: Vec<_> = cidr.items().iter().map(|i| i.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            s("10.0.0.0/16"),
            ValueKind::Number(6.0),
            ValueKind::Number(5.0)
        ]
    );
    assert_eq!(inner("b64").kind, s("hello"));
}

#[test]
fn tags_on_mappings_and_core_tags() {
    let text = "a: !Transform\n  Name: AWS::Include\n  Parameters: {Location: s3://b/k}\nb: [!!str 12, !!int '7', !!null '', ! 5, !Length [1, 2]]\n";
    let (db, v) = root(text);
    let (k, ks, span, inner) = intrinsic(&db, v.get("a").unwrap());
    assert_eq!(
        (k.as_str(), ks, span),
        ("Fn::Transform", ((1, 4), (1, 14)), ((1, 4), (3, 35)))
    );
    assert_eq!(inner.get("Name").unwrap().kind, s("AWS::Include"));
    let kinds: Vec<_> = v
        .get("b")
        .unwrap()
        .items()
        .iter()
        .map(|i| i.kind.clone())
        .collect();
    assert_eq!(
        kinds[..4],
        [s("12"), ValueKind::Number(7.0), ValueKind::Null, s("5")]
    );
    assert_eq!(
        v.get("b").unwrap().items()[4].entries()[0].key,
        "Fn::Length"
    );
}

#[test]
fn scalars_follow_the_core_schema() {
    let (_, v) = root(
        "a: 1\nb: -2.5\nc: true\nd: False\ne: ~\nf:\ng: 'true'\nh: 012345678901\ni: yes\nj: \"1\"\n",
    );
    let kinds: Vec<_> = v.entries().iter().map(|e| e.value.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            ValueKind::Number(1.0),
            ValueKind::Number(-2.5),
            ValueKind::Bool(true),
            ValueKind::Bool(false),
            ValueKind::Null,
            ValueKind::Null,
            s("true"),
            s("012345678901"),
            s("yes"),
            s("1"),
        ]
    );
}

#[test]
fn block_scalars() {
    let (db, v) = root("a: |\n  x\n  y\nb: >-\n  p\n  q\nc: 1\n");
    assert_eq!(v.get("a").unwrap().kind, s("x\ny\n"));
    assert_eq!(v.get("b").unwrap().kind, s("p q"));
    assert_eq!(at(&db, v.get("a").unwrap().span), ((2, 3), (3, 4)));
}

#[test]
fn non_ascii_before_a_value() {
    let text = "Description: \"é 😀 ü\"\nKey: été # ça\nNext: !Ref Ωmega\n";
    let (db, v) = root(text);
    let e = v.entry("Key").unwrap();
    assert_eq!(at(&db, e.value.span), ((2, 6), (2, 9)));
    assert_eq!(db.file(e.value.span.file).slice(e.value.span), "été");
    let (_, ks, span, inner) = intrinsic(&db, v.get("Next").unwrap());
    assert_eq!((ks, span), (((3, 7), (3, 11)), ((3, 7), (3, 17))));
    assert_eq!(inner.kind, s("Ωmega"));
    let (db, doc) = load("a: \"é\" ]\n");
    let err = doc.root.unwrap_err();
    assert_eq!(at(&db, err.span), ((1, 8), (1, 9)));
}

#[test]
fn crlf_line_ends() {
    let (db, v) = root("a: 1\r\nb:\r\n  c: [x,\r\n    y]\r\n  d: z\r\n");
    let b = v.entry("b").unwrap();
    assert_eq!(at(&db, b.value.span), ((3, 3), (5, 7)));
    let c = b.value.get("c").unwrap();
    assert_eq!(at(&db, c.span), ((3, 6), (4, 7)));
    assert_eq!(c.items()[1].kind, s("y"));
    assert_eq!(b.value.get("d").unwrap().kind, s("z"));
}

#[test]
fn duplicate_keys_reported_at_the_later_key() {
    let (db, doc) = load("a: 1\nb:\n  x: 1\n  x: 2\na: 3\n");
    let v = doc.root.as_ref().unwrap();
    assert_eq!(v.get("a").unwrap().kind, ValueKind::Number(3.0));
    assert_eq!(v.path(&["b", "x"]).unwrap().kind, ValueKind::Number(2.0));
    let spans: Vec<_> = doc.duplicate_keys.iter().map(|e| at(&db, e.span)).collect();
    assert_eq!(spans, [((4, 3), (4, 4)), ((5, 1), (5, 2))]);
    assert!(doc.duplicate_keys[0].message.contains("`x`"));
}

#[test]
fn comments_collected() {
    let (db, doc) = load("# top\na: 1 # repl-lint: ignore RL101\n# end\n");
    assert!(doc.root.is_ok());
    let got: Vec<_> = doc
        .comments
        .iter()
        .map(|(sp, t)| (at(&db, *sp), t.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (((1, 1), (1, 6)), " top"),
            (((2, 6), (2, 31)), " repl-lint: ignore RL101"),
            (((3, 1), (3, 6)), " end"),
        ]
    );
}

#[test]
fn anchors_and_aliases_expand() {
    let text = "base: &b\n  Status: Enabled\n  Prefix: logs/\nrule: *b\nname: &n x\nnames: [*n, *n]\n*n : key-from-alias\n";
    let (db, v) = root(text);
    assert!(same(v.get("rule").unwrap(), v.get("base").unwrap()));
    let rule = v.get("rule").unwrap();
    // The expansion sits where the alias is; its insides keep their original spans.
    assert_eq!(at(&db, rule.span), ((4, 7), (4, 9)));
    assert_eq!(
        at(&db, rule.get("Status").unwrap().span),
        ((2, 11), (2, 18))
    );
    let names: Vec<_> = v
        .get("names")
        .unwrap()
        .items()
        .iter()
        .map(|i| i.kind.clone())
        .collect();
    assert_eq!(names, [s("x"), s("x")]);
    assert_eq!(v.get("x").unwrap().kind, s("key-from-alias"));
}

#[test]
fn alias_errors() {
    let (pos, msg) = fails("a: *nope\n");
    assert_eq!(pos, ((1, 4), (1, 5)));
    assert!(msg.contains("anchor"), "{msg}");
    let (pos, msg) = fails("a: &x [1, *x]\n");
    assert_eq!(pos, ((1, 11), (1, 12)));
    assert!(msg.contains("contains it"), "{msg}");
    let (_, msg) = fails("&k [a]: 1\n");
    assert!(msg.contains("mapping keys"), "{msg}");
}

#[test]
fn billion_laughs_rejected() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..=9 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let started = std::time::Instant::now();
    let (db, doc) = load(&text);
    assert!(started.elapsed().as_secs() < 5);
    let e = doc.root.expect_err("should be rejected");
    assert!(
        e.message.contains("alias expansion exceeds"),
        "{}",
        e.message
    );
    let file = db.file(e.span.file);
    assert!(file.slice(e.span).starts_with('*'));
}

#[test]
fn deep_nesting_rejected() {
    let (pos, msg) = fails(&"[".repeat(10_000));
    assert!(msg.contains("deeper than 512"), "{msg}");
    assert_eq!(pos, ((1, 513), (1, 514)));
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&" ".repeat(i));
        text.push_str("a:\n");
    }
    let (_, msg) = fails(&text);
    assert!(
        msg.contains("deeper than") || msg.contains("nesting"),
        "{msg}"
    );
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(load(&ok).1.root.is_ok());
}

#[test]
fn syntax_error_positions() {
    assert_eq!(fails("a: [1, 2\n").0, ((1, 4), (1, 5)));
    assert_eq!(fails("a: 1\n b: 2\n").0.0.0, 2);
    // granit-parser points at the content after the tab.
    assert_eq!(fails("a:\n\tb: 1\n").0, ((2, 2), (2, 3)));
    let (pos, msg) = fails("x: \"open\n");
    assert!(msg.starts_with("invalid YAML"), "{msg}");
    assert_eq!(pos, ((1, 4), (1, 5)));
}

#[test]
fn odd_inputs_do_not_panic() {
    for text in [
        "",
        "# only\n",
        "---\n",
        "\u{FFFD}\u{FFFD}: \u{FFFD}",
        "a: 1\n---\nb: [",
        "...",
        "? [a]\n: b\n",
        "{a: 1}}",
        "- - - -",
        "!Ref",
        "&a",
        "*",
    ] {
        let _ = parse_yaml(text, FileId(0));
    }
    let (_, v) = root("");
    assert_eq!(v.kind, ValueKind::Null);
    let (_, v) = root("a: 1\n---\nb: [\n");
    assert_eq!(v.get("a").unwrap().kind, ValueKind::Number(1.0));
    assert!(v.get("b").is_none());
}

/// Templates written in YAML (short forms) and in long-form JSON must compose to the same value.
#[test]
fn yaml_and_json_agree() {
    let pairs = [
        (
            "a: 1\nb: [true, null, -2.5]\nc: {d: x}\n",
            r#"{"a": 1, "b": [true, null, -2.5], "c": {"d": "x"}}"#,
        ),
        (
            "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${AWS::StackName}-src'\n      VersioningConfiguration: {Status: Enabled}\n",
            r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Fn::Sub": "${AWS::StackName}-src"}, "VersioningConfiguration": {"Status": "Enabled"}}}}}"#,
        ),
        (
            "Role: !GetAtt ReplRole.Arn\nDest: !GetAtt [Dst, Arn]\nId: !Ref AWS::AccountId\n",
            r#"{"Role": {"Fn::GetAtt": ["ReplRole", "Arn"]}, "Dest": {"Fn::GetAtt": ["Dst", "Arn"]}, "Id": {"Ref": "AWS::AccountId"}}"#,
        ),
        (
            "Bucket: !If\n  - IsProd\n  - !Join ['-', [a, !Ref Env]]\n  - !Ref AWS::NoValue\nCondition: IsProd\n",
            r#"{"Bucket": {"Fn::If": ["IsProd", {"Fn::Join": ["-", ["a", {"Ref": "Env"}]]}, {"Ref": "AWS::NoValue"}]}, "Condition": "IsProd"}"#,
        ),
        (
            "Conditions:\n  P: !Equals [!Ref Env, prod]\n  Q: !And [!Condition P, !Not [!Condition R]]\n  R: !Or [!Condition P, !Equals [a, b]]\n",
            r#"{"Conditions": {"P": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}, "Q": {"Fn::And": [{"Condition": "P"}, {"Fn::Not": [{"Condition": "R"}]}]}, "R": {"Fn::Or": [{"Condition": "P"}, {"Fn::Equals": ["a", "b"]}]}}}"#,
        ),
        (
            "Rules:\n  - Id: r1\n    Priority: 1\n    Filter: {Prefix: ''}\n    Destination:\n      Bucket: !Sub\n        - 'arn:aws:s3:::${N}'\n        - N: !ImportValue DestName\n      Account: '012345678901'\n",
            r#"{"Rules": [{"Id": "r1", "Priority": 1, "Filter": {"Prefix": ""}, "Destination": {"Bucket": {"Fn::Sub": ["arn:aws:s3:::${N}", {"N": {"Fn::ImportValue": "DestName"}}]}, "Account": "012345678901"}}]}"#,
        ),
        (
            "AZ: !Select [1, !GetAZs '']\nNets: !Cidr [!Ref Block, 4, 8]\nUser: !Base64 {'Fn::Sub': x}\nV: !FindInMap [M, !Ref AWS::Region, K]\nS: !Split [',', !Ref L]\n",
            r#"{"AZ": {"Fn::Select": [1, {"Fn::GetAZs": ""}]}, "Nets": {"Fn::Cidr": [{"Ref": "Block"}, 4, 8]}, "User": {"Fn::Base64": {"Fn::Sub": "x"}}, "V": {"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "K"]}, "S": {"Fn::Split": [",", {"Ref": "L"}]}}"#,
        ),
        (
            "Policy:\n  Statement:\n    - Effect: Allow\n      Action: [s3:GetObjectVersion, 's3:Replicate*']\n      Resource: !Sub '${B.Arn}/*'\n",
            r#"{"Policy": {"Statement": [{"Effect": "Allow", "Action": ["s3:GetObjectVersion", "s3:Replicate*"], "Resource": {"Fn::Sub": "${B.Arn}/*"}}]}}"#,
        ),
    ];
    for (yaml, json) in pairs {
        let (_, y) = root(yaml);
        let j = parse_json(json, FileId(0), 0).unwrap();
        assert!(same(&y, &j), "{yaml}\n{y:#?}\n{j:#?}");
    }
}

#[test]
fn short_form_tags_count_toward_depth() {
    let text = format!("{}x{}", "!Not [".repeat(300), "]".repeat(300));
    let (pos, msg) = fails(&text);
    assert!(msg.contains("deeper than 512"), "{msg}");
    // The 257th tagged sequence is the first past the limit (two levels each).
    assert_eq!(pos.0, (1, 256 * 6 + 6));
    let ok = format!("{}x{}", "!Not [".repeat(200), "]".repeat(200));
    assert!(load(&ok).1.root.is_ok());
}
