//! Hostile inputs, made at small scale in temporary directories: special files where files are
//! expected, files over the size limit, links and ignore files that lead out of the repository
//! root, module cycles, directories that cannot be listed, and a language-server client that
//! lies about sizes or sends what is not JSON. Each must end (no test here waits on a clock: a
//! hang shows as a test that never finishes), with the exit code the contract gives, a located
//! RL001 where something was not read, and every other file's findings still there.

#[path = "support/lint.rs"]
mod lint;

use lint::{cli, copy_dir, example, write};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The findings of the broken example as `RLxxx:severity file:line:col`, under `dir` (`""`: in
/// the linted directory itself).
fn broken(dir: &str) -> Vec<String> {
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    [
        "RL202:error buckets.tf:38:5",
        "RL301:error iam.tf:11:22",
        "RL303:error iam.tf:43:11",
        "RL306:error iam.tf:75:19",
        "RL203:error replication.tf:3:1",
    ]
    .iter()
    .map(|f| f.replace(' ', &format!(" {prefix}")))
    .collect()
}

/// A temporary directory with `repo/.git/` and the broken example in `repo/`.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    copy_dir(&example("broken"), &repo);
    (tmp, repo)
}

/// `findings` sorted, for comparisons that do not depend on the report order.
fn sorted(mut findings: Vec<String>) -> Vec<String> {
    findings.sort();
    findings
}

/// `broken` findings plus `extra`, sorted.
fn broken_and(dir: &str, extra: &[&str]) -> Vec<String> {
    let mut all = broken(dir);
    all.extend(extra.iter().map(|s| s.to_string()));
    sorted(all)
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// The message of the first finding of `rule` in a `--format json` run.
fn message_of(cwd: &Path, args: &[&str], rule: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_repl-lint"))
        .current_dir(cwd)
        .args(args)
        .args(["--format", "json", "--fail-on", "never"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {report}"));
    found["message"].as_str().unwrap().to_string()
}

// ---- Special files ----

#[cfg(unix)]
#[test]
fn a_fifo_gitignore_is_reported_and_the_rest_linted() {
    let (_tmp, repo) = repository();
    mkfifo(&repo.join(".gitignore"));
    let run = cli(&repo, &["."]);
    assert_eq!(run.code, 1);
    assert_eq!(
        sorted(run.findings),
        broken_and("", &["RL001:error .gitignore:1:1"])
    );
    assert_eq!(
        message_of(&repo, &["."], "RL001"),
        "cannot read: it is a FIFO (named pipe), not a regular file"
    );
}

#[cfg(unix)]
#[test]
fn what_the_configuration_excludes_is_not_reported_as_unreadable() {
    let (_tmp, repo) = repository();
    mkfifo(&repo.join("vendor/.gitignore"));
    mkfifo(&repo.join("vendor/pipe.tf"));
    write(&repo, &[(".repl-lint.toml", "exclude = [\"vendor\"]\n")]);
    let run = cli(&repo, &["."]);
    assert_eq!((run.code, sorted(run.findings)), (1, broken_and("", &[])));
}

#[cfg(unix)]
#[test]
fn a_fifo_module_manifest_is_reported() {
    let (_tmp, repo) = repository();
    write(
        &repo,
        &[(
            "mod.tf",
            "module \"r\" {\n  source = \"hashicorp/consul/aws\"\n}\n",
        )],
    );
    mkfifo(&repo.join(".terraform/modules/modules.json"));
    let run = cli(&repo, &["."]);
    assert_eq!(run.code, 1);
    assert_eq!(
        sorted(run.findings),
        broken_and("", &["RL001:error .terraform/modules/modules.json:1:1"])
    );
}

#[cfg(unix)]
#[test]
fn file_of_a_fifo_is_reported_and_stays_unknown() {
    let (_tmp, repo) = repository();
    write(
        &repo,
        &[(
            "files.tf",
            "locals {\n  a = file(\"${path.module}/pipe\")\n}\n",
        )],
    );
    mkfifo(&repo.join("pipe"));
    let run = cli(&repo, &["."]);
    assert_eq!(run.code, 1);
    assert_eq!(
        sorted(run.findings),
        broken_and("", &["RL001:error pipe:1:1"])
    );
}

#[cfg(unix)]
#[test]
fn fifos_with_lintable_names_are_reported_and_a_fifo_path_given_alone_fails() {
    let (_tmp, repo) = repository();
    mkfifo(&repo.join("pipe.tf"));
    mkfifo(&repo.join("stack.yaml"));
    mkfifo(&repo.join("sub/terraform.tfvars"));
    write(&repo, &[("sub/main.tf", "")]);
    let run = cli(&repo, &["."]);
    assert_eq!(run.code, 1);
    assert_eq!(
        sorted(run.findings),
        broken_and(
            "",
            &[
                "RL001:error pipe.tf:1:1",
                "RL001:error stack.yaml:1:1",
                "RL001:error sub/terraform.tfvars:1:1",
            ]
        )
    );
    // Every lintable file failed: exit code 2, with the finding.
    let alone = cli(&repo, &["pipe.tf"]);
    assert_eq!(
        (alone.code, alone.findings),
        (2, vec!["RL001:error pipe.tf:1:1".to_string()])
    );
}

#[cfg(unix)]
#[test]
fn a_config_or_baseline_that_is_not_a_regular_file_is_a_usage_error() {
    let (_tmp, repo) = repository();
    mkfifo(&repo.join("pipe"));
    for flag in ["--config", "--baseline"] {
        let run = cli(&repo, &[".", flag, "pipe"]);
        assert_eq!(run.code, 2, "{flag}");
        assert!(run.findings.is_empty(), "{flag}");
        assert!(
            run.stderr.contains("pipe: cannot read")
                && run
                    .stderr
                    .contains("a FIFO (named pipe), not a regular file"),
            "{flag}: {}",
            run.stderr
        );
    }
    let run = cli(&repo, &[".", "--config", "."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("it is a directory, not a regular file"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_found_as_the_configuration_gives_the_defaults_and_is_reported() {
    let (_tmp, repo) = repository();
    mkfifo(&repo.join(".repl-lint.toml"));
    let run = cli(&repo, &["."]);
    assert_eq!(run.code, 1);
    assert_eq!(
        sorted(run.findings),
        broken_and("", &["RL001:error .repl-lint.toml:1:1"])
    );
}

// ---- Size limit ----

#[test]
fn a_file_over_the_limit_is_reported_from_the_flag_or_the_configuration() {
    let (_tmp, repo) = repository();
    write(&repo, &[("big.tf", &format!("#{}\n", "x".repeat(8190)))]);
    let want = broken_and("", &["RL001:error big.tf:1:1"]);
    let run = cli(&repo, &[".", "--max-file-size", "4KiB"]);
    assert_eq!((run.code, sorted(run.findings)), (1, want.clone()));
    assert_eq!(
        message_of(&repo, &[".", "--max-file-size", "4KiB"], "RL001"),
        "cannot read: it is 8 KiB, over the limit of 4 KiB (max-file-size)"
    );
    write(&repo, &[(".repl-lint.toml", "max-file-size = 4096\n")]);
    let run = cli(&repo, &["."]);
    assert_eq!((run.code, sorted(run.findings)), (1, want));
    // The flag wins over the file.
    let run = cli(&repo, &[".", "--max-file-size", "1MiB"]);
    assert_eq!((run.code, sorted(run.findings)), (1, broken_and("", &[])));
    write(&repo, &[(".repl-lint.toml", "max-file-size = \"lots\"\n")]);
    let run = cli(&repo, &["."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains(".repl-lint.toml:1:17: `max-file-size` must be"),
        "{}",
        run.stderr
    );
    let run = cli(&repo, &[".", "--max-file-size", "0"]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_baseline_over_the_limit_is_a_usage_error() {
    let (_tmp, repo) = repository();
    write(&repo, &[("baseline.json", &" ".repeat(4096))]);
    let run = cli(
        &repo,
        &[
            ".",
            "--baseline",
            "baseline.json",
            "--max-file-size",
            "1KiB",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("over the limit of 1 KiB"),
        "{}",
        run.stderr
    );
}

// ---- Module cycles ----

#[test]
fn a_module_cycle_is_reported_where_it_closes_and_the_rest_is_linted() {
    let (_tmp, repo) = repository();
    write(
        &repo,
        &[
            ("zz_mod.tf", "module \"a\" {\n  source = \"./a\"\n}\n"),
            ("a/main.tf", "module \"up\" {\n  source = \"../\"\n}\n"),
        ],
    );
    let run = cli(&repo, &["."]);
    assert_eq!(run.code, 1);
    assert_eq!(
        sorted(run.findings),
        broken_and("", &["RL001:error a/main.tf:2:12"])
    );
    assert_eq!(
        message_of(&repo, &["."], "RL001"),
        "module cycle: the source `../` of `module.a.module.up` leads back to the root module; \
         Terraform cannot load a module that calls itself, so this call is not followed"
    );
    // Linting the called directory alone: it is the root of the same cycle, closed in the
    // other file.
    let run = cli(&repo, &["a"]);
    assert_eq!(run.code, 1);
    assert!(
        run.findings
            .contains(&"RL001:error zz_mod.tf:2:12".to_string()),
        "{:?}",
        run.findings
    );
}

#[test]
fn a_module_calling_itself_is_reported() {
    let (_tmp, repo) = repository();
    write(
        &repo,
        &[("self.tf", "module \"me\" {\n  source = \"./\"\n}\n")],
    );
    let run = cli(&repo, &["."]);
    assert_eq!(
        sorted(run.findings),
        broken_and("", &["RL001:error self.tf:2:12"])
    );
}

// ---- Unreadable directories ----

#[cfg(unix)]
#[test]
fn a_directory_that_cannot_be_listed_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, repo) = repository();
    copy_dir(&example("broken"), &repo.join("locked"));
    let open = std::fs::Permissions::from_mode(0o755);
    std::fs::set_permissions(tmp.path(), open.clone()).unwrap();
    std::fs::set_permissions(repo.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    // Permissions do not bind the superuser: run as `nobody` then.
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let binary = env!("CARGO_BIN_EXE_repl-lint");
    let mut command = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", binary]);
        c
    } else {
        Command::new(binary)
    };
    let out = command
        .current_dir(&repo)
        .args([".", "--format", "json"])
        .output()
        .unwrap();
    std::fs::set_permissions(repo.join("locked"), open).unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rl001: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "RL001")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(rl001.len(), 1, "{report}");
    assert_eq!(rl001[0].0, "locked");
    assert!(
        rl001[0].1.starts_with("cannot list the directory: "),
        "{}",
        rl001[0].1
    );
    assert_eq!(report["summary"]["errors"], 6, "{report}");
}

// ---- Nothing outside the root ----

#[test]
fn an_ignore_file_above_the_repository_root_is_not_read() {
    let (tmp, repo) = repository();
    write(
        tmp.path(),
        &[(".gitignore", "*.tf\n"), (".ignore", "*.tf\n")],
    );
    let run = cli(&repo, &["."]);
    assert_eq!((run.code, sorted(run.findings)), (1, broken_and("", &[])));
}

#[test]
fn ignore_files_inside_the_root_apply_above_the_linted_path() {
    let (_tmp, repo) = repository();
    copy_dir(&example("broken"), &repo.join("infra/app"));
    copy_dir(&example("broken"), &repo.join("infra/old"));
    copy_dir(&example("broken"), &repo.join("infra/kept"));
    write(
        &repo,
        &[
            (".gitignore", "old/\n"),
            (".git/info/exclude", "kept/\ninfra/app/iam.tf\n"),
            ("infra/.gitignore", "!kept/\n"),
        ],
    );
    let run = cli(&repo, &["infra"]);
    let mut want: Vec<String> = broken("infra/app")
        .into_iter()
        .filter(|f| !f.contains("iam.tf"))
        .chain(broken("infra/kept"))
        .collect();
    // Without iam.tf the role is unknown.
    want.push("RL002:info infra/app/replication.tf:8:12".to_string());
    assert_eq!(sorted(run.findings), sorted(want));
}

#[cfg(unix)]
#[test]
fn links_out_of_the_root_are_reported_not_followed() {
    let (tmp, repo) = repository();
    write(
        tmp.path(),
        &[
            ("outside/evil.toml", "ignore = [\"RL2\", \"RL3\"]\n"),
            ("outside/evil_gitignore", "*.tf\n"),
            (
                "outside/extra.tf",
                "resource \"aws_s3_bucket\" \"x\" {\n}\n",
            ),
        ],
    );
    let link = |target: &str, name: &str| {
        std::os::unix::fs::symlink(tmp.path().join("outside").join(target), repo.join(name))
            .unwrap();
    };
    link("evil.toml", ".repl-lint.toml");
    link("evil_gitignore", ".gitignore");
    link("extra.tf", "extra.tf");
    let run = cli(&repo, &["."]);
    assert_eq!(run.code, 1);
    assert_eq!(
        sorted(run.findings),
        broken_and(
            "",
            &[
                "RL001:error .gitignore:1:1",
                "RL001:error .repl-lint.toml:1:1",
                "RL001:error extra.tf:1:1",
            ]
        )
    );
    let message = message_of(&repo, &["."], "RL001");
    assert!(
        message.starts_with("cannot read: it resolves to ")
            && message.ends_with("evil_gitignore, outside the repository root"),
        "{message}"
    );
}

#[test]
fn the_configuration_is_not_looked_up_above_the_repository_root() {
    let (tmp, repo) = repository();
    write(
        tmp.path(),
        &[(".repl-lint.toml", "ignore = [\"RL2\", \"RL3\"]\n")],
    );
    let run = cli(&repo, &["."]);
    assert_eq!((run.code, sorted(run.findings)), (1, broken_and("", &[])));
}

#[test]
fn file_outside_the_root_stays_unknown_without_being_read() {
    let (tmp, repo) = repository();
    write(
        tmp.path(),
        &[("secret.json", "{\"Version\": \"2012-10-17\"}")],
    );
    write(
        &repo,
        &[(
            "files.tf",
            "locals {\n  a = file(\"${path.module}/../secret.json\")\n}\n",
        )],
    );
    let run = cli(&repo, &["."]);
    assert_eq!((run.code, sorted(run.findings)), (1, broken_and("", &[])));
}

// ---- Language server ----

/// Starts `repl-lint lsp`, writes `input` and closes standard input; returns the exit code,
/// standard output and standard error.
fn lsp(input: &[u8]) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_repl-lint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The server may stop reading early (a refused message): a broken pipe is fine.
    let _ = stdin.write_all(input);
    drop(stdin);
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        stdout,
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn initialize(root_uri: Option<&str>) -> Vec<u8> {
    let mut out = frame(
        &serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": null, "rootUri": root_uri, "capabilities": {}}})
        .to_string(),
    );
    out.extend(frame(
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));
    out
}

fn shutdown_and_exit() -> Vec<u8> {
    let mut out = frame(r#"{"jsonrpc":"2.0","id":99,"method":"shutdown"}"#);
    out.extend(frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    out
}

/// The JSON bodies of the frames in `stdout`.
fn bodies(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .split("Content-Length: ")
        .filter(|s| !s.is_empty())
        .map(|s| serde_json::from_str(s.split_once("\r\n\r\n").unwrap().1).unwrap())
        .collect()
}

#[test]
fn lsp_a_huge_content_length_is_refused_without_reading_it() {
    let mut input = initialize(None);
    input.extend(b"Content-Length: 1000000000000\r\n\r\n{}");
    let (code, stdout, stderr) = lsp(&input);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("a message of 1000000000000 bytes is over the limit of 64 MiB"),
        "{stderr}"
    );
    // Publications of the first run may come before or after the refusal.
    let answers = bodies(&stdout);
    let refusal = answers
        .iter()
        .find(|a| a.get("error").is_some())
        .unwrap_or_else(|| panic!("no refusal among {answers:?}"));
    assert_eq!(refusal["error"]["code"], -32600, "{refusal}");
    assert_eq!(refusal["id"], serde_json::Value::Null);
}

#[test]
fn lsp_a_body_that_is_not_json_is_a_parse_error_and_the_server_serves_on() {
    let mut input = initialize(None);
    input.extend(frame("{\"jsonrpc\": \"2.0\", oops"));
    input.extend(frame("[1, 2]"));
    input.extend(shutdown_and_exit());
    let (code, stdout, stderr) = lsp(&input);
    assert_eq!(code, Some(0), "{stderr}");
    let answers = bodies(&stdout);
    let codes: Vec<&serde_json::Value> = answers
        .iter()
        .filter_map(|a| a.get("error"))
        .map(|e| &e["code"])
        .collect();
    assert_eq!(codes, [-32700, -32600]);
    assert!(
        answers
            .iter()
            .any(|a| a["id"] == 99 && a.get("result").is_some())
    );
}

#[test]
fn lsp_broken_framing_ends_with_what_broke() {
    let mut input = initialize(None);
    input.extend(b"Content-Type: text/plain\r\n\r\n{}");
    let (code, _, stderr) = lsp(&input);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("a message header without Content-Length"),
        "{stderr}"
    );
    assert!(!stderr.contains("hung up"), "{stderr}");
}

#[test]
fn lsp_a_document_outside_the_workspace_is_linted_with_its_own_directory_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    copy_dir(&example("broken"), &dir.join("nested"));
    let doc = dir.join("loose.tf");
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n";
    let uri = format!("file://{}", doc.display());
    let mut input = initialize(None);
    input.extend(frame(
        &serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "terraform", "version": 1,
                "text": text}}})
        .to_string(),
    ));
    // A hover waits for the run of the current inputs: once answered, the run has published.
    input.extend(frame(
        &serde_json::json!({"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}})
        .to_string(),
    ));
    // The hover must be answered before shutdown: shutdown is sent only after reading it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_repl-lint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&input).unwrap();
    stdin.flush().unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut published = Vec::new();
    loop {
        let message = read_frame(&mut stdout);
        if message["id"] == 5 {
            break;
        }
        if message["method"] == "textDocument/publishDiagnostics" {
            published.push(message["params"]["uri"].as_str().unwrap().to_string());
        }
    }
    stdin.write_all(&shutdown_and_exit()).unwrap();
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(0));
    // The document itself is published (it has no findings); nothing from `nested/`.
    assert_eq!(published, [uri]);
}

/// Reads one message from the server's output.
fn read_frame(reader: &mut impl std::io::BufRead) -> serde_json::Value {
    let mut length = 0;
    loop {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).unwrap() > 0, "server closed");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}
