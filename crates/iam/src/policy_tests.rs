use super::*;

/// `prefix` + a symbol `key` shown as `shown` + `suffix`.
fn with_symbol(prefix: &str, key: &str, shown: &str, suffix: &str) -> SymStr {
    let mut out = SymStr::lit(prefix);
    out.push_shown_symbol(key, shown);
    out.push_lit(suffix);
    out
}

#[test]
fn a_lone_symbol_reads_as_its_expression() {
    assert_eq!(with_symbol("", "var.x", "var.x", "").to_string(), "var.x");
    let cfn = with_symbol("", "Parameter::P", "${P}", "");
    assert_eq!(cfn.to_string(), "${P}");
    let import = with_symbol("", "?0:4?", "!ImportValue shared", "");
    assert_eq!(import.to_string(), "!ImportValue shared");
}

#[test]
fn symbols_inside_text_read_as_interpolations() {
    let tf = with_symbol("arn:aws:s3:::", "var.x", "var.x", "/*");
    assert_eq!(tf.to_string(), "arn:aws:s3:::${var.x}/*");
    let sub = with_symbol(
        "arn:aws:s3:::",
        "AWS::StackName",
        "${AWS::StackName}",
        "-src",
    );
    assert_eq!(sub.to_string(), "arn:aws:s3:::${AWS::StackName}-src");
    // An intrinsic cannot be interpolated: it is set apart, not escaped as `${!...}`.
    let import = with_symbol("", "?0:4?", "!ImportValue shared", "/*");
    assert_eq!(import.to_string(), "(!ImportValue shared)/*");
    let json = with_symbol("", "?0:4?", r#"{"Fn::ImportValue": "x"}"#, "/*");
    assert_eq!(json.to_string(), r#"({"Fn::ImportValue": "x"})/*"#);
}

#[test]
fn a_hidden_prefix_is_not_shown_but_still_compared() {
    let mut arn = with_symbol("arn:aws:s3:::", "var.dst", "var.dst", "");
    arn.hidden_prefix = true;
    assert_eq!(arn.to_string(), "var.dst");
    let plain = with_symbol("arn:aws:s3:::", "var.dst", "var.dst", "");
    assert_eq!(arn, plain);
    arn.push_lit("/*");
    assert_eq!(arn.to_string(), "${var.dst}/*");
}

#[test]
fn symbols_compare_by_key_not_by_how_they_read() {
    let a = with_symbol("", "#0#B.bucket", "${B}", "");
    let b = with_symbol("", "#0#B.bucket", "B.bucket", "");
    let c = with_symbol("", "#1#B.bucket", "${B}", "");
    assert_eq!(a, b);
    assert_ne!(a, c);
    // Equal strings hash alike, whatever they read as.
    use std::hash::BuildHasher;
    let state = std::hash::RandomState::new();
    assert_eq!(state.hash_one(&a), state.hash_one(&b));
}
