#!/usr/bin/env node
// Differential test of repl-lint's HCL parsing against HashiCorp's own parser (hclsyntax, in
// `@cdktf/hcl2json`, compiled to WebAssembly): every compared file must get an RL001 from
// repl-lint exactly when the reference rejects it. Run through `run.sh`, which installs the
// package and builds the binary:
//
//   node compare.js --bin PATH --modules DIR [--root REPO] [--corpus DIR] [--mutants N] [--seed S] [--keep DIR]
//
// Compared files: every `.tf` and `.tfvars` under the repository's `testdata/` and `tests/`, under
// `--corpus` when that directory exists, a fixed list of hand-written cases (SYNTHETIC) and N
// mutants of files the reference accepts (deterministic: a seeded generator, inputs in sorted
// order). Each file is linted alone in its own directory (a `.tfvars` as `terraform.tfvars` beside
// an empty `main.tf`), all directories in one `repl-lint --format json` run.
// Prints every disagreement and a summary line; exits 1 on any disagreement.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { execFileSync } = require("child_process");
const { createRequire } = require("module");

function parseArgs(argv) {
  const args = { mutants: 400, seed: 20261207 };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (!key.startsWith("--") || value === undefined) {
      throw new Error(`bad argument ${key}`);
    }
    args[key.slice(2)] = value;
  }
  for (const required of ["bin", "modules"]) {
    if (!args[required]) throw new Error(`--${required} is required`);
  }
  args.root = path.resolve(args.root || path.join(__dirname, "..", ".."));
  args.corpus = args.corpus || path.join(args.root, "..", "shared", "corpus");
  args.mutants = Number(args.mutants);
  args.seed = Number(args.seed);
  return args;
}

// ---------------------------------------------------------------------------------------------
// Exclusions: files on which repl-lint and the reference may disagree by design. Each names why.

const EXCLUSIONS = [
  {
    name: "nesting-bound",
    // Safety bounds against stack overflow that HCL does not have: repl-lint refuses brackets
    // nested deeper than 256 levels before parsing (crates/syntax/src/hcl/nesting.rs), and hcl-edit
    // refuses expressions, templates and blocks nested deeper than 64 levels and more than 128
    // chained binary operators (patches/hcl-edit/src/parser/nesting.rs). Only files that the
    // reference accepts and that hit one of these bounds.
    applies: (c) =>
      c.ref === null &&
      c.rl.length > 0 &&
      c.rl.every(
        (m) =>
          m.startsWith("brackets nested deeper than") ||
          m.endsWith("invalid nesting depth; expected at most 64 nested levels") ||
          m.endsWith("invalid binary operation; expected at most 128 chained binary operators"),
      ),
  },
  {
    name: "json-conversion",
    // hcl2json parses with hclsyntax and then converts the body to JSON; only the second step
    // fails ("convert to HCL: ...") when blocks of one type have different numbers of labels
    // (`resource "aws_s3_bucket" { }` beside `resource "aws_s3_bucket" "b" { }`): JSON cannot
    // hold both. The file is valid HCL syntax. Terraform rejects such a block later, when it
    // decodes the body against its block schema ("Missing name for resource"), not as a parse
    // error; repl-lint skips a resource block without two labels.
    applies: (c) => c.ref !== null && c.ref.startsWith("convert to HCL:") && c.rl.length === 0,
  },
];

// ---------------------------------------------------------------------------------------------
// Inputs

const HCL_FILE = /\.(tf|tfvars)$/;

function walk(dir, out) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== ".git" && entry.name !== ".terraform") {
        walk(full, out);
      }
    } else if (entry.isFile() && HCL_FILE.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

/// Hand-written cases: the shapes of the known parser bugs and their neighbours.
const SYNTHETIC = [
  ["heredoc-marker-quote.tf", 'locals {\n  x = <<EOF\nsqlplus << EOF\nEOF"\nEOF\n}\n'],
  ["heredoc-marker-prefix.tf", "x = <<EOF\nEOFX\nEOF\n"],
  ["heredoc-marker-dash-suffix.tf", "x = <<EOF\nEOF-1\nEOF\n"],
  ["heredoc-marker-comment.tf", "x = <<EOF\nEOF # not a comment\nEOF\n"],
  ["heredoc-marker-trailing-space.tf", "x = <<EOF\nhello\nEOF   \ny = 1\n"],
  ["heredoc-marker-leading-space.tf", "x = <<EOF\nhello\n   EOF\n"],
  ["heredoc-marker-tabs.tf", "x = <<EOF\nhello\n\t EOF\t\n"],
  ["heredoc-marker-formfeed.tf", "x = <<EOF\nhello\n\fEOF\v\n"],
  ["heredoc-marker-nbsp.tf", "x = <<EOF\nhello\n\u00a0EOF\u00a0\n"],
  ["heredoc-indented.tf", "resource \"a\" \"b\" {\n  x = <<-EOT\n    {\n      \"a\": 1\n    }\n    EOT\n}\n"],
  ["heredoc-indented-prefix.tf", "x = <<-EOT\n    EOTX\n    EOT\n"],
  ["heredoc-crlf.tf", "x = <<EOF\r\nhello\r\nEOF\"\r\nEOF\r\ny = 1\r\n"],
  ["heredoc-crlf-trailing-space.tf", "x = <<EOF\r\nhello\r\nEOF  \r\n"],
  ["heredoc-empty.tf", "x = <<EOF\nEOF\ny = <<EOF\nfoo\nEOF\n"],
  ["heredoc-at-eof-no-newline.tf", "x = <<EOF\nhello\nEOF"],
  ["heredoc-empty-at-eof.tf", "x = <<EOF\nEOF"],
  ["heredoc-unterminated.tf", "x = <<EOF\nhello\n"],
  ["heredoc-only-suffixed-marker.tf", "x = <<EOF\nhello\nEOF\"\n"],
  ["heredoc-interp-then-marker.tf", "x = <<EOF\n${a}EOF\nEOF\n"],
  ["heredoc-directive.tf", "x = <<EOF\n%{ if true }EOF%{ endif }\nEOF\n"],
  ["heredoc-two-markers.tf", "x = [<<A, <<B]\na\nA\nb\nB\n"],
  ["heredoc-in-call.tf", "x = jsonencode(<<EOF\n{}\nEOF\n)\n"],
  ["heredoc-no-newline-after-intro.tf", "x = <<EOF hello\nEOF\n"],
  ["heredoc-dash-marker.tf", "x = <<END-OF-TEXT\nEND-OF-TEXT-2\nEND-OF-TEXT\n"],
  ["heredoc-marker-then-comma.tf", "x = [<<EOF\na\nEOF, \"b\"]\n"],
  ["heredoc-marker-then-newline-comma.tf", "x = [<<EOF\na\nEOF\n, \"b\"]\n"],
  ["heredoc-marker-then-paren.tf", "x = f(<<EOF\na\nEOF)\n"],
  ["heredoc-marker-then-brace.tf", "x = { a = <<EOF\na\nEOF\n}\n"],
  ["heredoc-intro-trailing-space.tf", "x = <<EOF  \na\nEOF\n"],
  ["heredoc-intro-crlf.tf", "x = <<EOF\r\na\nEOF\n"],
  ["heredoc-directive-strip.tf", "x = <<EOF\n%{ for a in b ~}\n${a}\n%{ endfor ~}\nEOF\n"],
  ["heredoc-marker-in-interpolation.tf", "x = <<EOF\n${\nEOF\n}\nEOF\n"],
  ["heredoc-nested.tf", "x = <<A\n${<<B\nin\nB\n}\nA\n"],
  ["heredoc-indented-tabs.tf", "x = <<-EOF\n\t\ta\n\tEOF\n"],
  ["heredoc-lowercase-marker.tf", "x = <<eof\na\neof\n"],
  ["heredoc-unicode-marker.tf", "x = <<ÉOF\na\nÉOF\n"],
  ["heredoc-digit-marker.tf", "x = <<1EOF\na\n1EOF\n"],
  ["heredoc-space-after-lt.tf", "x = << EOF\na\nEOF\n"],
  ["object-repeated-key.tf", "x = { a = 1, a = 2 }\n"],
  ["object-repeated-key-lines.tf", "locals {\n  s = {\n    k = \"INFO\"\n    o = \"x\"\n    k = \"DEBUG\"\n  }\n}\n"],
  ["object-repeated-key-types.tf", "x = { a = [1], a = { b = true }, a = null, a = \"s\" }\n"],
  ["object-repeated-quoted-key.tf", "x = { \"a\" = 1, a = 2, \"a\" = 3 }\n"],
  ["object-repeated-nested.tf", "x = { o = { a = 1, a = 2 }, o = { b = { c = 1, c = 2 } } }\n"],
  ["object-repeated-expr-key.tf", "x = { (var.k) = 1, (var.k) = 2 }\n"],
  ["object-repeated-colon.tf", "x = { a: 1, a: 2 }\n"],
  ["body-repeated-attribute.tf", "a = 1\na = 2\n"],
  ["block-repeated-attribute.tf", "locals {\n  a = { k = 1, k = 2 }\n  a = 2\n}\n"],
  ["block-repeated-attribute-nested.tf", "resource \"a\" \"b\" {\n  c {\n    d = 1\n    d = 2\n  }\n}\n"],
  ["tfvars-repeated-key.tfvars", "tags = { Name = \"a\", Name = \"b\" }\n"],
  ["tfvars-repeated-attribute.tfvars", "a = 1\na = 2\n"],
  ["for-object-repeated-key.tf", "x = { for k in [\"a\", \"a\"] : k => 1 }\n"],
  ["legacy-block-label-unquoted.tf", "resource aws_s3_bucket b {\n}\n"],
  ["legacy-interp-string.tf", "x = \"${var.a}\"\n"],
  ["legacy-list-call.tf", "x = \"${list(\"a\")}\"\n"],
  ["legacy-tags-block.tf", "resource \"a\" \"b\" {\n  tags {\n    Name = \"x\"\n  }\n}\n"],
  ["legacy-depends-on-strings.tf", "resource \"a\" \"b\" {\n  depends_on = [\"aws_s3_bucket.x\"]\n}\n"],
  ["legacy-map-without-equals.tf", "variable \"m\" {\n  default {\n    a = 1\n  }\n}\n"],
  ["legacy-bare-splat-in-string.tf", "x = \"${aws_s3_bucket.b.*.arn}\"\n"],
  ["legacy-nested-quotes.tf", "x = \"${lookup(var.m, \"k\")}\"\n"],
  ["legacy-escaped-quotes.tf", "x = \"${lookup(var.m, \\\"k\\\")}\"\n"],
  ["bom.tf", "\ufeffx = 1\n"],
  ["crlf-only.tf", "resource \"a\" \"b\" {\r\n  x = 1\r\n}\r\n"],
  ["lone-cr.tf", "x = 1\ry = 2\n"],
  ["lone-cr-in-heredoc.tf", "x = <<EOF\na\rb\nEOF\n"],
  ["lone-cr-in-comment.tf", "# a\rb\nx = 1\n"],
  ["lone-cr-in-string.tf", "x = \"a\rb\"\n"],
  ["cr-before-crlf.tf", "x = 1\r\r\n"],
  ["string-newline-in-interpolation.tf", "x = \"${\n  a\n}\"\n"],
  ["string-newline-then-quote.tf", "x = \"a\n\"\n"],
  ["label-newline.tf", "resource \"a\nb\" \"c\" {\n}\n"],
  ["no-final-newline.tf", "x = 1"],
  ["tab-indented.tf", "locals {\n\tx = 1\n}\n"],
  ["formfeed-between-tokens.tf", "x =\f1\n"],
  ["vtab-after-value.tf", "x = 1\v\n"],
  ["nbsp-between-tokens.tf", "x =\u00a01\n"],
  ["one-line-block.tf", "locals { x = 1 }\n"],
  ["one-line-block-two-attrs.tf", "locals { x = 1, y = 2 }\n"],
  ["empty-file.tf", ""],
  ["comment-only.tf", "# nothing\n// here\n/* either */\n"],
  ["unterminated-block-comment.tf", "x = 1\n/* open\n"],
  ["string-escapes.tf", "x = \"\\n\\t\\\\\\\"\\u00e9\\U0001F600\"\n"],
  ["string-bad-escape.tf", "x = \"\\q\"\n"],
  ["string-newline.tf", "x = \"a\nb\"\n"],
  ["template-escapes.tf", "x = \"$${a} %%{b} $ %\"\n"],
  ["number-exponent.tf", "x = 1.5e+3\n"],
  ["trailing-dot-number.tf", "x = 1.\n"],
  ["splat-legacy-index.tf", "x = a.0.b\n"],
  ["conditional-multiline.tf", "x = (\n  true\n  ? 1\n  : 2\n)\n"],
  ["array-trailing-comma.tf", "x = [1, 2,]\n"],
  ["object-trailing-comma.tf", "x = { a = 1, }\n"],
  ["object-no-separator.tf", "x = { a = 1 b = 2 }\n"],
  ["nesting-64.tf", `x = ${"[".repeat(64)}${"]".repeat(64)}\n`],
  ["nesting-70.tf", `x = ${"[".repeat(70)}${"]".repeat(70)}\n`],
  ["nesting-300.tf", `x = ${"[".repeat(300)}${"]".repeat(300)}\n`],
  ["operators-128.tf", `x = ${Array(129).fill("1").join(" + ")}\n`],
  ["operators-130.tf", `x = ${Array(131).fill("1").join(" + ")}\n`],
];

/// Expressions, valid and invalid, each compared as `x = EXPR` and injected into real files.
const EXPRESSIONS = [
  "1", "-1", "1.5e3", "1e-2", "1E+2", ".5", "5.", "0x10", "1_000", "01", "true", "null", "\"s\"",
  "[]", "[1,]", "[1 2]", "[1,,2]", "[,]", "{}", "{a=1,}", "{a=1 b=2}", "{a=1,,b=2}", "{,}",
  "a.b.c", "a[0]", "a.0", "a.0.b", "a[*].b", "a.*.b", "a[*][0]", "a.b.*", "a[*]", "*", "a.-b",
  "a-b", "a - b", "a -b", "1-1", "a->b", "a => b", "a = b", "a...", "a.b[\"c\"].d[0].e[*].f",
  "f()", "f(1,)", "f(a...)", "f(a..., b)", "f(,)", "f(a)(b)", "a.b(c)", "provider::aws::arn_parse(\"x\")",
  "a::b()", "a::b", "a ? b : c", "a ? b", "a ? b : c ? d : e", "!a", "!!a", "-a", "--1", "- -1",
  "a == b == c", "a < b < c", "a && b || c", "a & b", "a | b", "a ** b", "a % b", "(a)", "((a))", "()",
  "[for x in y: x]", "[for x in y: x if x]", "{for k, v in m: k => v}", "{for k, v in m: k => v...}",
  "[for x in y: x...]", "[for x in y]", "{for x in y: x}", "[for k, v, w in y: k]", "[for x in y : x if]",
  "[for in y: 1]", "{for k in m: k => 1 if k}", "a[b[c]]", "a[]", "a[1,2]",
  "\"${a}\"", "\"${a}${b}\"", "\"%{if a}x%{endif}\"", "\"%{if a}x%{else}y%{endif}\"",
  "\"%{for x in y}${x}%{endfor}\"", "\"%{for k, v in y}${k}%{endfor}\"", "\"%{if a}x\"", "\"%{endif}\"",
  "\"%{else}\"", "\"%{if a}%{endfor}\"", "\"${a~}\"", "\"${~a}\"", "\"%{~if a~}x%{~endif~}\"",
  "\"$${a}\"", "\"%%{a}\"", "\"$$\"", "\"$\"", "\"%\"", "\"\\q\"", "\"\\u00e9\"", "\"\\U0001F600\"",
  "\"\\u00\"", "\"\\x41\"", "\"\\b\"", "\"\\f\"", "\"\\/\"", "\"\\r\\t\\\\\"",
  "\"${\"nested ${\"deep\"}\"}\"", "\"${a\"", "\"${}\"", "\"${a b}\"", "\"${a}\" \"b\"",
  "{ (a) = 1 }", "{ a.b = 1 }", "{ a[0] = 1 }", "{ f(a) = 1 }", "{ \"a\" : 1 }", "{ a = 1, \"a\" = 2 }",
  "{ for = 1 }", "{ if = 1 }", "{ in = 1 }", "{ null = 1 }", "{ true = 1 }", "{ 1 = 2 }", "{ -1 = 2 }",
  "{ \"${a}\" = 1 }", "{ a = 1\n b = 2 }", "{\n  a = 1, b = 2\n}", "{ a = 1 // c\n}", "{ a = 1 /* c */ }",
  "[\n  1,\n  2\n]", "[\n  1\n  2\n]", "f(\n  1,\n  2\n)", "f(\n  1\n  ,2)", "(\n  a\n)",
  "a\n? b\n: c", "[a\n? b\n: c]", "1 +\n2", "1\n+ 2", "-\n1", "!\ntrue", "a.\nb", "a\n.b",
  "jsonencode({a = [1, {b = null}]})", "tolist([\"a\"])[0]", "{a = 1}.a", "{a = 1}[\"a\"]", "[1][0]",
  "\"a\".b", "1.a", "a.\"b\"", "a.1e3", "a.1.5", "a[\"b\"][0]",
  "1e400", "-1e400", "1e-400", "a.1e400", "-0", "1.0e10", "f()[*].a", "(a)[*]", "a[*].b[*].c",
  "a.*.b.*.c", "a.*.*", "a.*.b.c.*", "a.*.0.*", "a[*].b.*.c", "a.*.b[*].c", "a.*.b[0].*.c", "a[*].*",
  "a.*[0].*", "(a.*.b).*.c", "a[*]...", "[a...]",
  "\"${a}%\"", "\"100%\"", "\"$$$\"", "\"%%%\"", "\"${a}$\"", "<<EOF\n100%\n$\n%\nEOF",
  "<<EOF\n$${a}\n%%{b}\nEOF", "<<EOF\n${a}\n  EOF", "<<-EOF\n\t${a}\n\tEOF",
  "{ a = <<EOF\nx\nEOF\n}", "[<<EOF\nx\nEOF\n]", "a ? <<EOF\nx\nEOF\n: b",
  "\"%{ foo }\"", "\"%{ for x in }%{ endfor }\"", "\"%{ for x in y }\"", "\"%{ if }%{ endif }\"",
  "\"%{ if a }%{ else }%{ else }%{ endif }\"", "\"${a}${\"${b}\"}\"", "a- b", "a-1", "a--b", "a -1",
  "count.index-1", "f(a..., )", "1..2", "\"a\\\"", "\"\\\\\"", "a.b.-1", "a[-1]", "a.-1",
  "try(a.b, null)", "can(regex(\"^a\", b))", "optional(string, \"x\")", "object({ a = optional(number) })",
];

/// Top-level statements, valid and invalid, each compared alone and injected into real files.
const STATEMENTS = [
  "b {}", "b { }", "b {\n}", "b {a = 1}", "b { a = 1 }", "b { a = 1\n}", "b {\n  a = 1 }", "b { c {} }",
  "b { a = 1, b = 2 }", "b {} c {}", "b \"l\" x \"m\" {}", "b l {}", "b 1 {}", "b \"${a}\" {}",
  "b \"l\"\n{\n}", "b = {}", "b {\n  c = 1\n} d = 2", "a-b = 1", "1a = 1", "_ = 1", "-a = 1",
  "for = 1", "in = 1", "if = 1", "\u00e9 = 1", "a.b = 1", "a[0] = 1", "\"a\" = 1", "a : 1", "a = 1 b = 2",
  "a = 1;", "a = 1,", "a =\n1", "a\n= 1", "= 1", "a", "a =", "b { dynamic \"c\" { for_each = x } }",
  "b {\n  c \"d\" {\n    e = 1\n  }\n}", "b {\n  c = 1\n  c {\n  }\n}", "b {\n  c {\n  }\n  c = 1\n}",
  "b \"a\" \"a\" {\n}\nb \"a\" \"a\" {\n}", "a = 1 # c", "a = 1 // c", "a = 1 /* c */", "a = /* c */ 1",
  "/* a */ b {}", "b /* c */ {}", "b { # c\n}", "{}", "}", "{", "[1]", "\"a\"",
  "resource /* c */ \"a\" \"b\" {}", "b \"l\" /* c */ {\n}", "b {\n  a = 1 /* c\n  d */\n}",
  "terraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\", version = \"~> 5.0\" }\n  }\n}",
  "moved {\n  from = a.b\n  to   = a.c\n}", "import {\n  to = a.b\n  id = \"x\"\n}",
  "check \"c\" {\n  assert {\n    condition     = true\n    error_message = \"m\"\n  }\n}",
];

// ---------------------------------------------------------------------------------------------
// Mutations (seeded)

/// mulberry32: a small deterministic generator.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKEN = /"(?:[^"\\\n]|\\.)*"|<<-?[A-Za-z_][\w-]*|[A-Za-z_][\w-]*|\d+(?:\.\d+)?|==|!=|<=|>=|&&|\|\||=>|\.\.\.|\S/g;

function tokens(text) {
  return [...text.matchAll(TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

const pick = (r, items) => items[Math.floor(r() * items.length)];
const splice = (text, start, end, insert) => text.slice(0, start) + insert + text.slice(end);

function lineSpans(text) {
  const spans = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) {
      if (start < text.length) spans.push({ start, end: text.length });
      return spans;
    }
    spans.push({ start, end: nl + 1 });
    start = nl + 1;
  }
}

/// Heredocs in `text`: intro offset, marker, and the span of the first line whose trim is the marker.
function heredocs(text) {
  const found = [];
  for (const m of text.matchAll(/<<(-?)([A-Za-z_][\w-]*)\r?\n/g)) {
    const bodyStart = m.index + m[0].length;
    for (const line of lineSpans(text.slice(bodyStart))) {
      const content = text.slice(bodyStart + line.start, bodyStart + line.end);
      if (content.trim() === m[2]) {
        found.push({ marker: m[2], close: { start: bodyStart + line.start, end: bodyStart + line.end } });
        break;
      }
    }
  }
  return found;
}

const ODD_WHITESPACE = ["\t", "   ", "\f", "\v", "\u00a0", "\r", " \t "];
const OTHER_VALUES = ['"other"', "[1, 2]", "{ n = true }", "null", "42", "var.x"];

/// Each mutation returns [description, new text] or null when it does not apply.
const MUTATIONS = {
  "delete-token": (t, r) => {
    const all = tokens(t);
    if (!all.length) return null;
    const tok = pick(r, all);
    return [`delete token ${JSON.stringify(t.slice(tok.start, tok.end))}@${tok.start}`, splice(t, tok.start, tok.end, "")];
  },
  "duplicate-token": (t, r) => {
    const all = tokens(t);
    if (!all.length) return null;
    const tok = pick(r, all);
    const s = t.slice(tok.start, tok.end);
    return [`duplicate token ${JSON.stringify(s)}@${tok.start}`, splice(t, tok.end, tok.end, " " + s)];
  },
  "delete-line": (t, r) => {
    const lines = lineSpans(t);
    if (!lines.length) return null;
    const l = pick(r, lines);
    return [`delete line@${l.start}`, splice(t, l.start, l.end, "")];
  },
  "duplicate-line": (t, r) => {
    const lines = lineSpans(t);
    if (!lines.length) return null;
    const l = pick(r, lines);
    const s = t.slice(l.start, l.end);
    return [`duplicate line@${l.start}`, splice(t, l.end, l.end, s.endsWith("\n") ? s : "\n" + s)];
  },
  "join-lines": (t, r) => {
    const lines = lineSpans(t).filter((l) => t[l.end - 1] === "\n");
    if (!lines.length) return null;
    const l = pick(r, lines);
    return [`join line@${l.start} with the next`, splice(t, l.end - 1, l.end, " ")];
  },
  "unbalance": (t, r) => {
    const brackets = [...t.matchAll(/[{}[\]()]/g)];
    if (!brackets.length) return null;
    const b = pick(r, brackets);
    if (r() < 0.5) return [`delete ${b[0]}@${b.index}`, splice(t, b.index, b.index + 1, "")];
    return [`double ${b[0]}@${b.index}`, splice(t, b.index, b.index, b[0])];
  },
  "duplicate-attribute": (t, r) => {
    const lines = lineSpans(t).filter((l) => /^\s*("[^"\n]*"|[A-Za-z_][\w-]*)\s*[=:][^=>]/.test(t.slice(l.start, l.end)));
    if (!lines.length) return null;
    const l = pick(r, lines);
    const line = t.slice(l.start, l.end);
    const copy = r() < 0.5 ? line : line.replace(/([=:]\s*).*?(,?\s*)$/, `$1${pick(r, OTHER_VALUES)}$2`);
    return [`repeat key of line@${l.start}`, splice(t, l.end, l.end, copy.endsWith("\n") ? copy : "\n" + copy)];
  },
  "heredoc-marker": (t, r) => {
    const docs = heredocs(t);
    if (!docs.length) return null;
    const d = pick(r, docs);
    const eol = t.slice(d.close.start, d.close.end).endsWith("\r\n") ? "\r\n" : "\n";
    const variants = [
      ["suffix quote", `${d.marker}"${eol}`],
      ["suffix letter", `${d.marker}X${eol}`],
      ["suffix spaces", `${d.marker}   ${eol}`],
      ["prefix tab", `\t${d.marker}${eol}`],
      ["suffix comment", `${d.marker} # c${eol}`],
      ["lower case", `${d.marker.toLowerCase()}${eol}`],
      ["no newline", d.marker],
    ];
    const [name, line] = pick(r, variants);
    if (r() < 0.5) {
      // Replace the closing line.
      return [`heredoc ${d.marker} closing line: ${name}`, splice(t, d.close.start, d.close.end, line)];
    }
    // Insert the variant as a content line before the real closing line.
    return [`heredoc ${d.marker} content line: ${name}`, splice(t, d.close.start, d.close.start, line.endsWith("\n") ? line : line + eol)];
  },
  "string-to-heredoc": (t, r) => {
    const strings = [...t.matchAll(/= *("[^"\\\n$%]*")[ \t]*\r?\n/g)];
    if (!strings.length) return null;
    const m = pick(r, strings);
    const value = m[1].slice(1, -1);
    const start = m.index + m[0].indexOf(m[1]);
    const dash = r() < 0.5 ? "-" : "";
    const closing = pick(r, ["EOT", "  EOT", "EOT  ", "EOT\"", "EOTX"]);
    return [`string@${start} to heredoc closed by ${JSON.stringify(closing)}`, splice(t, start, start + m[1].length, `<<${dash}EOT\n  ${value}\n${closing}`)];
  },
  "odd-whitespace": (t, r) => {
    const lines = lineSpans(t);
    if (!lines.length) return null;
    const l = pick(r, lines);
    const ws = pick(r, ODD_WHITESPACE);
    const atEnd = r() < 0.5;
    const at = atEnd ? l.end - (t[l.end - 1] === "\n" ? 1 : 0) : l.start;
    return [`insert ${JSON.stringify(ws)} at line@${l.start} ${atEnd ? "end" : "start"}`, splice(t, at, at, ws)];
  },
  "crlf": (t) => (t.includes("\r\n") ? null : ["CRLF line endings", t.replace(/\n/g, "\r\n")]),
  "strip-final-newline": (t) => (t.endsWith("\n") ? ["strip the final newline", t.replace(/\r?\n+$/, "")] : null),
  "equals-to-colon": (t, r) => {
    const eqs = [...t.matchAll(/[^=!<>]=(?![=>])/g)];
    if (!eqs.length) return null;
    const m = pick(r, eqs);
    return [`= to :@${m.index + 1}`, splice(t, m.index + 1, m.index + 2, ":")];
  },
  "delete-quote": (t, r) => {
    const quotes = [...t.matchAll(/"/g)];
    if (!quotes.length) return null;
    const q = pick(r, quotes);
    return [`delete quote@${q.index}`, splice(t, q.index, q.index + 1, "")];
  },
  "comma-at-line-end": (t, r) => {
    const lines = lineSpans(t).filter((l) => t[l.end - 1] === "\n");
    if (!lines.length) return null;
    const l = pick(r, lines);
    return [`comma at end of line@${l.start}`, splice(t, l.end - 1, l.end - 1, ",")];
  },
  "expression": (t, r) => {
    const lines = lineSpans(t).filter((l) => /^\s*[A-Za-z_][\w-]*\s*=\s*\S.*$/.test(t.slice(l.start, l.end).trimEnd()));
    if (!lines.length) return null;
    const l = pick(r, lines);
    const line = t.slice(l.start, l.end);
    const eq = line.indexOf("=");
    const end = l.start + line.trimEnd().length;
    const expr = pick(r, EXPRESSIONS);
    return [`value of line@${l.start} := ${JSON.stringify(expr)}`, splice(t, l.start + eq + 1, end, " " + expr)];
  },
  "statement": (t, r) => {
    // Insert at the start of a line that starts a top-level statement, or after a block's `{`.
    const lines = lineSpans(t).filter((l) => /^[A-Za-z_]|\{\s*$/.test(t.slice(l.start, l.end).trimEnd()));
    const statement = pick(r, STATEMENTS);
    if (!lines.length) return [`append ${JSON.stringify(statement)}`, `${t}\n${statement}\n`];
    const l = pick(r, lines);
    const opensBlock = /\{\s*$/.test(t.slice(l.start, l.end).trimEnd());
    const at = opensBlock ? l.end : l.start;
    return [`insert ${JSON.stringify(statement)} at ${at}`, splice(t, at, at, `${statement}\n`)];
  },
  "open-comment": (t, r) => {
    const all = tokens(t);
    if (!all.length) return null;
    const tok = pick(r, all);
    return [`open /* before ${tok.start}`, splice(t, tok.start, tok.start, "/* ")];
  },
};

function mutants(originals, count, seed) {
  const r = rng(seed);
  const names = Object.keys(MUTATIONS);
  const out = [];
  for (let attempts = 0; out.length < count && attempts < count * 20; attempts++) {
    const source = pick(r, originals);
    const name = pick(r, names);
    const result = MUTATIONS[name](source.text, r);
    if (!result || result[1] === source.text) continue;
    out.push({
      label: `${source.label} [${name}: ${result[0]}]`,
      base: path.basename(source.label),
      text: result[1],
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The two parsers

async function referenceVerdicts(hcl2json, cases) {
  for (const c of cases) {
    try {
      await hcl2json.parse(c.base, c.text);
      c.ref = null;
    } catch (e) {
      c.ref = String(e.message || e).replace(/\s+/g, " ");
    }
  }
}

function replLintVerdicts(bin, work, cases) {
  fs.rmSync(work, { recursive: true, force: true });
  const byFile = new Map();
  cases.forEach((c, i) => {
    const dir = path.join(work, String(i).padStart(5, "0"));
    fs.mkdirSync(dir, { recursive: true });
    let name = c.base;
    if (name.endsWith(".tfvars")) {
      name = "terraform.tfvars";
      fs.writeFileSync(path.join(dir, "main.tf"), "");
    }
    const file = path.join(dir, name);
    fs.writeFileSync(file, c.text);
    c.file = file;
    c.rl = [];
    byFile.set(path.resolve(file), c);
  });
  let stdout;
  try {
    stdout = execFileSync(bin, ["--format", "json", "--fail-on", "never", work], {
      maxBuffer: 1 << 30,
      cwd: work,
    });
  } catch (e) {
    if (e.status !== 2 || !e.stdout) throw e;
    stdout = e.stdout; // exit code 2: some file did not parse
  }
  const report = JSON.parse(stdout);
  for (const d of report.diagnostics) {
    if (d.rule !== "RL001") continue;
    const c = byFile.get(path.resolve(work, d.file));
    if (!c) throw new Error(`RL001 on a file that is not a case: ${d.file}`);
    c.rl.push(d.message);
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const hcl2json = createRequire(path.join(path.resolve(args.modules), "package.json"))("@cdktf/hcl2json");

  const roots = [path.join(args.root, "testdata"), path.join(args.root, "tests")];
  if (fs.existsSync(args.corpus)) roots.push(args.corpus);
  const files = roots.flatMap((r) => walk(r, []));
  const originals = files.map((f) => ({
    label: path.relative(args.root, f),
    base: path.basename(f),
    text: fs.readFileSync(f, "utf8"),
  }));
  const synthetic = [
    ...SYNTHETIC,
    ...EXPRESSIONS.map((e, i) => [`expression-${i}.tf`, `x = ${e}\n`]),
    ...STATEMENTS.map((st, i) => [`statement-${i}.tf`, `${st}\n`]),
  ].map(([name, text]) => ({ label: `synthetic/${name}: ${JSON.stringify(text)}`, base: name, text }));
  await referenceVerdicts(hcl2json, [...originals, ...synthetic]);
  const valid = originals.filter((c) => c.ref === null);
  const generated = mutants(valid, args.mutants, args.seed);
  await referenceVerdicts(hcl2json, generated);
  const cases = [...originals, ...synthetic, ...generated];

  const work = args.keep ? path.resolve(args.keep) : fs.mkdtempSync(path.join(os.tmpdir(), "hcl-reference-"));
  try {
    replLintVerdicts(path.resolve(args.bin), work, cases);
  } finally {
    if (!args.keep) fs.rmSync(work, { recursive: true, force: true });
  }

  let agree = 0;
  const excluded = new Map();
  const disagreements = [];
  for (const c of cases) {
    const refRejects = c.ref !== null;
    const rlRejects = c.rl.length > 0;
    if (refRejects === rlRejects) {
      agree++;
      continue;
    }
    const exclusion = EXCLUSIONS.find((x) => x.applies(c));
    if (exclusion) {
      excluded.set(exclusion.name, (excluded.get(exclusion.name) || 0) + 1);
      continue;
    }
    disagreements.push(c);
  }
  for (const c of disagreements) {
    console.log(`DISAGREE ${c.label}${args.keep ? ` (${path.relative(process.cwd(), c.file)})` : ""}`);
    console.log(`  reference: ${c.ref === null ? "accepts" : `rejects: ${c.ref}`}`);
    console.log(`  repl-lint: ${c.rl.length ? `RL001: ${c.rl.join(" | ")}` : "no RL001"}`);
  }
  const rejected = cases.filter((c) => c.ref !== null).length;
  const exclusions = [...excluded].map(([n, k]) => `${n}: ${k}`).join(", ");
  console.log(
    `hcl_reference: ${cases.length} files compared (${originals.length} from the repository` +
      `${roots.length > 2 ? " and corpus" : ""}, ${synthetic.length} hand-written, ${generated.length} mutants; ` +
      `the reference rejects ${rejected}): ${agree} agree, ${disagreements.length} disagree` +
      `${exclusions ? `, excluded (${exclusions})` : ""}`,
  );
  process.exit(disagreements.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
