//! The language server driven over stdio with real JSON-RPC messages: initialize, workspace
//! diagnostics from disk, unsaved edits across files, close, hover, code actions, configuration
//! and suppressions, shutdown.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::{Client, fixed, summarize, uri, workspace};
use serde_json::json;
use std::time::Duration;

/// `examples/fixed/replication.tf` with the destination given by name (RL102) and its delete
/// marker replication removed (RL107).
fn broken_replication() -> String {
    let text = fixed("replication.tf").replace(
        "bucket        = aws_s3_bucket.replica.arn",
        "bucket        = aws_s3_bucket.replica.id",
    );
    without_delete_markers(&text)
}

fn without_delete_markers(text: &str) -> String {
    text.replace(
        "    delete_marker_replication {\n      status = \"Enabled\"\n    }\n\n",
        "",
    )
}

#[test]
fn initialize_announces_sync_hover_and_quick_fixes() {
    let (_dir, root) = workspace(&[]);
    let (client, result) = Client::start(&root);
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["textDocumentSync"]["openClose"], json!(true));
    assert_eq!(capabilities["textDocumentSync"]["change"], json!(1));
    assert_eq!(capabilities["hoverProvider"], json!(true));
    assert_eq!(
        capabilities["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );
    assert_eq!(capabilities["experimental"]["debounceMs"], json!(0));
    assert_eq!(result["serverInfo"]["name"], json!("repl-lint"));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn the_workspace_is_linted_from_disk_when_initialized() {
    let (_dir, root) = workspace(&[("replication.tf", &broken_replication())]);
    let (mut client, _) = Client::start(&root);
    let params = client.diagnostics(&root.join("replication.tf"));
    assert_eq!(summarize(&params), ["RL107 10:2", "RL102 19:22"]);
    let rl102 = &params["diagnostics"][1];
    assert_eq!(
        rl102["range"],
        json!({"start": {"line": 19, "character": 22}, "end": {"line": 19, "character": 46}})
    );
    assert_eq!(rl102["severity"], json!(1));
    assert_eq!(rl102["source"], json!("repl-lint"));
    assert_eq!(
        rl102["codeDescription"]["href"],
        json!("https://github.com/repl-lint/repl-lint/blob/main/rules/RL102.md")
    );
    // A file without findings gets nothing.
    assert!(!client.arrives(Duration::from_millis(500), |m| {
        m["params"]["uri"] == json!(uri(&root.join("iam.tf")))
    }));
    assert_eq!(client.shutdown(), Some(0));
}

/// `examples/fixed/buckets.tf` with the replica's versioning (the second status) set to `status`.
fn replica_versioning(status: &str) -> String {
    let text = fixed("buckets.tf");
    let at = text.rfind("status = \"Enabled\"").unwrap();
    format!("{}status = \"{status}\"{}", &text[..at], &text[at + 18..])
}

#[test]
fn an_unsaved_edit_in_one_file_is_checked_against_the_others_and_undone() {
    let (_dir, root) = workspace(&[]);
    let buckets = root.join("buckets.tf");
    let (mut client, _) = Client::start(&root);
    client.open(&buckets, &fixed("buckets.tf"));
    client.change(&buckets, 2, &replica_versioning("Suspended"));
    let params = client.diagnostics(&buckets);
    assert_eq!(summarize(&params), ["RL202 37:4"]);
    assert_eq!(params["version"], json!(2));
    let rl202 = &params["diagnostics"][0];
    assert_eq!(
        rl202["range"],
        json!({"start": {"line": 37, "character": 4}, "end": {"line": 37, "character": 24}})
    );
    assert_eq!(rl202["severity"], json!(1));
    let related = rl202["relatedInformation"].as_array().unwrap();
    assert!(
        related
            .iter()
            .any(|r| r["location"]["uri"] == json!(uri(&root.join("replication.tf")))),
        "{related:?}"
    );
    // Nothing was written: the disk still holds the correct file.
    assert_eq!(
        std::fs::read_to_string(&buckets).unwrap(),
        fixed("buckets.tf")
    );
    client.change(&buckets, 3, &fixed("buckets.tf"));
    let params = client.diagnostics(&buckets);
    assert_eq!(summarize(&params), Vec::<String>::new());
    assert_eq!(params["version"], json!(3));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn closing_a_document_brings_back_the_findings_on_disk() {
    let (_dir, root) = workspace(&[("replication.tf", &broken_replication())]);
    let replication = root.join("replication.tf");
    let (mut client, _) = Client::start(&root);
    assert_eq!(client.findings(&replication), ["RL107 10:2", "RL102 19:22"]);
    client.open(&replication, &broken_replication());
    let repaired = broken_replication().replace("replica.id", "replica.arn");
    client.change(&replication, 2, &repaired);
    assert_eq!(client.findings(&replication), ["RL107 10:2"]);
    client.close(&replication);
    assert_eq!(client.findings(&replication), ["RL107 10:2", "RL102 19:22"]);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_burst_of_edits_ends_with_the_findings_of_the_last_text() {
    let (_dir, root) = workspace(&[]);
    let buckets = root.join("buckets.tf");
    let (mut client, _) = Client::start(&root);
    client.open(&buckets, &fixed("buckets.tf"));
    for version in 2..=21 {
        let status = if version % 2 == 0 {
            "Enabled"
        } else {
            "Suspended"
        };
        client.change(&buckets, version, &replica_versioning(status));
    }
    // Runs of superseded texts are dropped or published in order; the last publish is of
    // version 21, whose replica versioning is suspended.
    let mut versions = Vec::new();
    loop {
        let params = client.diagnostics(&buckets);
        let version = params["version"].as_i64().unwrap();
        versions.push(version);
        if version == 21 {
            assert_eq!(summarize(&params), ["RL202 37:4"]);
            break;
        }
    }
    assert!(versions.is_sorted(), "{versions:?}");
    assert!(!client.arrives(Duration::from_millis(300), |m| {
        m["params"]["uri"] == json!(uri(&buckets))
    }));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn columns_are_counted_in_utf16_code_units() {
    let role = fixed("replication.tf").replace(
        "role   = aws_iam_role.replication.arn",
        "role   = \"r\u{f4}le-\u{1f680}\"",
    );
    let (_dir, root) = workspace(&[("replication.tf", &role)]);
    let (mut client, _) = Client::start(&root);
    let params = client.diagnostics(&root.join("replication.tf"));
    let rl101 = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == json!("RL101"))
        .expect("RL101");
    // `  role   = "rôle-🚀"`: the string starts at character 11; ô is one UTF-16 unit, the
    // rocket two: 1 + 5 + 2 + 1 = 9 units.
    assert_eq!(
        rl101["range"],
        json!({"start": {"line": 7, "character": 11}, "end": {"line": 7, "character": 20}})
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn hover_on_a_finding_shows_the_rule_documentation() {
    let (_dir, root) = workspace(&[("replication.tf", &broken_replication())]);
    let replication = root.join("replication.tf");
    let (mut client, _) = Client::start(&root);
    client.findings(&replication);
    let hover = |client: &mut Client, line: u32, character: u32| {
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(&replication)},
                   "position": {"line": line, "character": character}}),
        )
    };
    let on_rl102 = hover(&mut client, 19, 30);
    assert_eq!(on_rl102["contents"]["kind"], json!("markdown"));
    let text = on_rl102["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("**RL102** `aws_s3_bucket.replica.id` is the bucket's name"),
        "{text}"
    );
    assert!(text.contains("# RL102 destination-not-arn"), "{text}");
    assert!(text.contains("## Why it breaks replication"), "{text}");
    // A hover holds what fits: no examples, no test scaffolding, a link to the rest.
    assert!(!text.contains("```"), "{text}");
    assert!(text.contains("rules/RL102.md)"), "{text}");
    assert_eq!(
        on_rl102["range"],
        json!({"start": {"line": 19, "character": 22}, "end": {"line": 19, "character": 46}})
    );
    // The comment on line 0 holds no finding.
    assert_eq!(hover(&mut client, 0, 3), serde_json::Value::Null);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_file_that_does_not_parse_is_reported_and_the_others_still_linted() {
    let (_dir, root) = workspace(&[("replication.tf", &broken_replication())]);
    let replication = root.join("replication.tf");
    let (mut client, _) = Client::start(&root);
    client.findings(&replication);
    let broken = root.join("broken.tf");
    client.open(&broken, "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \n");
    let params = client.diagnostics(&broken);
    let codes: Vec<String> = summarize(&params)
        .into_iter()
        .map(|s| s.split(' ').next().unwrap().to_string())
        .collect();
    assert_eq!(codes, ["RL001"]);
    // Only the new file changed: replication.tf keeps its findings and is not republished;
    // fixing the broken buffer removes RL001.
    client.change(&broken, 2, "# nothing yet\n");
    assert_eq!(client.findings(&broken), Vec::<String>::new());
    assert!(
        !client
            .backlog()
            .iter()
            .any(|m| m["params"]["uri"] == json!(uri(&replication))),
        "{:?}",
        client.backlog()
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn configuration_and_suppression_comments_apply_as_on_the_command_line() {
    let suppressed = broken_replication().replace(
        "      bucket        = aws_s3_bucket.replica.id",
        "      # repl-lint: ignore RL102 the name is on purpose here\n      bucket        = aws_s3_bucket.replica.id",
    );
    let (_dir, root) = workspace(&[
        ("replication.tf", &suppressed),
        (".repl-lint.toml", "[severity]\nRL107 = \"warning\"\n"),
    ]);
    let replication = root.join("replication.tf");
    let (mut client, _) = Client::start(&root);
    let params = client.diagnostics(&replication);
    assert_eq!(summarize(&params), ["RL107 10:2"]);
    assert_eq!(params["diagnostics"][0]["severity"], json!(2));
    // The configuration changes on disk: the client says so, the server reloads it.
    let config = root.join(".repl-lint.toml");
    std::fs::write(&config, "ignore = [\"RL107\"]\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 2}]}),
    );
    assert_eq!(client.findings(&replication), Vec::<String>::new());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_file_changed_on_disk_is_linted_again_when_the_client_reports_it() {
    let (_dir, root) = workspace(&[]);
    let (mut client, _) = Client::start(&root);
    let buckets = root.join("buckets.tf");
    // The initial run has nothing to publish; wait until it is done (a hover is answered
    // only from a finished run).
    client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&buckets)}, "position": {"line": 0, "character": 0}}),
    );
    std::fs::write(&buckets, replica_versioning("Suspended")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&buckets), "type": 2}]}),
    );
    assert_eq!(client.findings(&buckets), ["RL202 37:4"]);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn cloudformation_templates_are_linted_too() {
    let template = "Resources:\n  Source:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled\n      ReplicationConfiguration:\n        Role: !GetAtt Role.Arn\n        Rules:\n          - Status: Enabled\n            Prefix: ''\n            Destination:\n              Bucket: !Ref Replica\n  Replica:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: {Service: s3.amazonaws.com}\n            Action: sts:AssumeRole\n";
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("template.yaml"), template).unwrap();
    let (mut client, _) = Client::start(&root);
    let findings = client.findings(&root.join("template.yaml"));
    assert!(
        findings.contains(&"RL102 12:22".to_string()),
        "{findings:?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn unknown_requests_get_an_error_and_the_server_goes_on() {
    let (_dir, root) = workspace(&[]);
    let (mut client, _) = Client::start(&root);
    let response = client.request_raw("textDocument/definition", json!({}));
    assert_eq!(response["error"]["code"], json!(-32601));
    let hover = client.request_raw("textDocument/hover", json!({"bogus": true}));
    assert_eq!(hover["error"]["code"], json!(-32602));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_document_outside_the_workspace_is_linted_with_its_directory() {
    let (_dir, root) = workspace(&[]);
    let (_elsewhere, other) = workspace(&[("replication.tf", &broken_replication())]);
    let (mut client, _) = Client::start(&root);
    let replication = other.join("replication.tf");
    client.open(&replication, &broken_replication());
    assert_eq!(client.findings(&replication), ["RL107 10:2", "RL102 19:22"]);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_broken_configuration_is_shown_and_requests_are_still_answered() {
    let (_dir, root) = workspace(&[(".repl-lint.toml", "select = 3\n")]);
    let (mut client, _) = Client::start(&root);
    let buckets = root.join("buckets.tf");
    let shown = client.arrives(lsp_client::WAIT, |m| m["method"] == "window/showMessage");
    assert!(shown, "{:?}", client.backlog());
    let message = client
        .backlog()
        .iter()
        .find(|m| m["method"] == "window/showMessage")
        .unwrap()["params"]
        .clone();
    assert_eq!(message["type"], json!(1));
    assert!(
        message["message"]
            .as_str()
            .unwrap()
            .contains(".repl-lint.toml"),
        "{message}"
    );
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&buckets)}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover, serde_json::Value::Null);
    assert_eq!(client.shutdown(), Some(0));
}

/// The code actions for a range of `path`.
fn code_actions(
    client: &mut Client,
    path: &std::path::Path,
    range: serde_json::Value,
) -> Vec<serde_json::Value> {
    let result = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(path)}, "range": range,
               "context": {"diagnostics": []}}),
    );
    result.as_array().expect("an array of actions").clone()
}

#[test]
fn quick_fixes_are_offered_verified_and_remove_their_finding_when_applied() {
    let (_dir, root) = workspace(&[("replication.tf", &broken_replication())]);
    let replication = root.join("replication.tf");
    let (mut client, _) = Client::start(&root);
    let mut text = broken_replication();
    client.open(&replication, &text);
    assert_eq!(client.findings(&replication), ["RL107 10:2", "RL102 19:22"]);

    // On the destination bucket: the RL102 fix (the RL107 finding spans the whole rule and
    // has its own fix there too).
    let cursor =
        json!({"start": {"line": 19, "character": 30}, "end": {"line": 19, "character": 30}});
    let actions = code_actions(&mut client, &replication, cursor);
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 2, "{actions:#?}");
    let rl102 = actions
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == json!("RL102"))
        .expect("a fix for RL102");
    assert_eq!(rl102["kind"], json!("quickfix"));
    assert_eq!(rl102["isPreferred"], json!(true));
    let edits = rl102["edit"]["changes"][uri(&replication)]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(edits.len(), 1, "{edits:?}");
    text = lsp_client::apply_edits(&text, &edits);
    assert!(
        text.contains("bucket        = aws_s3_bucket.replica.arn"),
        "{text}"
    );
    client.change(&replication, 2, &text);
    assert_eq!(client.findings(&replication), ["RL107 10:2"]);

    let on_rule =
        json!({"start": {"line": 10, "character": 2}, "end": {"line": 10, "character": 2}});
    let actions = code_actions(&mut client, &replication, on_rule);
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["diagnostics"][0]["code"], json!("RL107"));
    let edits = actions[0]["edit"]["changes"][uri(&replication)]
        .as_array()
        .unwrap()
        .clone();
    text = lsp_client::apply_edits(&text, &edits);
    assert!(text.contains("delete_marker_replication {"), "{text}");
    client.change(&replication, 3, &text);
    assert_eq!(client.findings(&replication), Vec::<String>::new());

    // Nothing left to fix; a range without findings has no actions.
    let top = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 5}});
    assert_eq!(
        code_actions(&mut client, &replication, top),
        Vec::<serde_json::Value>::new()
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_fix_is_not_offered_when_re_linting_shows_it_adds_a_finding() {
    // The bucket statement also grants `s3:GetObjectVersionAcl` (object-level) on the bucket
    // ARN: RL306. Its fix, `/*`, would take `s3:ListBucket` away (a new RL302), so
    // verification rejects it and no action is offered.
    let iam = fixed("iam.tf")
        .replacen(
            "          \"s3:ListBucket\",\n",
            "          \"s3:ListBucket\",\n          \"s3:GetObjectVersionAcl\",\n",
            1,
        )
        .replacen(
            "          \"s3:GetObjectVersionAcl\",\n          \"s3:GetObjectVersionTagging\"",
            "          \"s3:GetObjectVersionTagging\"",
            1,
        );
    let (_dir, root) = workspace(&[("iam.tf", &iam)]);
    let path = root.join("iam.tf");
    let (mut client, _) = Client::start(&root);
    let params = client.diagnostics(&path);
    assert_eq!(summarize(&params), ["RL306 37:19"]);
    let range = params["diagnostics"][0]["range"].clone();
    assert_eq!(
        code_actions(&mut client, &path, range),
        Vec::<serde_json::Value>::new()
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn exit_without_shutdown_is_exit_code_1_and_requests_after_shutdown_are_refused() {
    let (_dir, root) = workspace(&[]);
    let (client, _) = Client::start(&root);
    assert_eq!(client.exit(), Some(1));

    let (mut client, _) = Client::start(&root);
    assert_eq!(
        client.request("shutdown", serde_json::Value::Null),
        serde_json::Value::Null
    );
    let late = client.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&root.join("buckets.tf"))},
               "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(late["error"]["code"], json!(-32600));
    assert_eq!(client.exit(), Some(0));
}

#[test]
fn a_document_fixed_right_after_opening_gets_an_empty_publish() {
    // The findings of the file on disk are published first. The editor then opens the file and
    // fixes it before the open's run starts: the run that follows finds nothing in the file, and
    // the editor must be told so (an empty list), or it keeps showing the stale errors.
    let (_dir, root) = workspace(&[("replication.tf", &broken_replication())]);
    let replication = root.join("replication.tf");
    let (mut client, _) = Client::start(&root);
    assert!(!client.findings(&replication).is_empty());
    client.open(&replication, &broken_replication());
    client.change(&replication, 2, &fixed("replication.tf"));
    let params = client.diagnostics(&replication);
    assert_eq!(params["version"], json!(2), "{params}");
    assert_eq!(params["diagnostics"], json!([]), "{params}");
    assert_eq!(client.shutdown(), Some(0));
}
