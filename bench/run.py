#!/usr/bin/env python3
"""Benchmark repl-lint on generated Terraform and CloudFormation.

Usage: python3 bench/run.py [--cfn | --terraform] [--sizes 100,400,2000]
                            [--runs 5] [--no-build] [--baseline BINARY]
                            [--plan-mb 100] [--buckets 480000]
                            [--resources-per-template 500]

Builds the release binary, then for each size N generates N replication
setups into a temporary directory and times
`repl-lint <dir> --format json --fail-on never`. By default it runs the
Terraform corpus (bench/generate.py) and then the CloudFormation corpus
(bench/generate_cfn.py) and prints one table for each; --cfn runs only the
CloudFormation corpus, --terraform only the Terraform one; then one generated
Terraform plan of --plan-mb megabytes (bench/plan.py; 0 skips it) and one
Terraform file of --buckets plain buckets (bench/buckets.py; 0 skips it). The
first run is a warm-up.
Every figure is paired with the previous build, measured in the same run on
the same input (runs alternate between the two binaries): before building,
the existing target/release/repl-lint is kept as
target/release/repl-lint.previous, or --baseline names another binary. A
regression therefore shows as a column next to the figure.
Every timed run happens in a fresh child process that starts the linter and
reports its wall time and peak RSS, so the RSS is per run, not a maximum over
the whole benchmark.

Standard library only.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
BINARY = os.path.join(REPO_ROOT, "target", "release", "repl-lint")
PREVIOUS = BINARY + ".previous"

sys.path.insert(0, BENCH_DIR)
sys.dont_write_bytecode = True  # keep bench/ free of __pycache__
import generate  # noqa: E402
import generate_cfn  # noqa: E402
import plan  # noqa: E402
import buckets  # noqa: E402

TARGET_SETUPS = 2000
TARGET_SECONDS = 0.25  # the targets are stated for Terraform only (issue 20)
TARGET_MIB = 100
# One file of 480,000 buckets (about 50 MB): at most 3 s and 1 GiB (issue 20).
TARGET_BUCKETS_SECONDS = 3.0
TARGET_BUCKETS_MIB = 1024

# Rules that a planted defect may also trigger, besides the one the generator
# names: granting object actions on the bucket ARN also leaves the source
# object permissions missing (RL303).
ALSO_EXPECTED = {"object-actions-on-bucket-arn": {"RL303"}}

_DIGITS = re.compile(r"\d+")

# Runs in its own, minimal Python process (-S -I, few imports): forks, the
# child execs the linter with stdout and stderr redirected to files, and the
# wrapper prints one JSON line with wall time, exit status and its own
# RUSAGE_CHILDREN figures, which cover exactly that one linter process.
# A plain fork (not vfork/posix_spawn) keeps the RSS floor low: Linux carries
# the pre-exec high-water RSS into the child, so the floor is the forked
# wrapper's resident size (~5 MiB), which run.py reports separately.
PROBE = r"""
import json, os, resource, sys, time
out_path, err_path, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        fd = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 2)
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status = os.waitpid(pid, 0)
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
rc = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status)
print(json.dumps({"wall": wall, "maxrss": ru.ru_maxrss, "rc": rc,
                  "user": ru.ru_utime, "sys": ru.ru_stime}))
"""


def die(msg, code=1):
    sys.stderr.write("bench/run.py: error: %s\n" % msg)
    sys.exit(code)


def build():
    """Builds the release binary, keeping the one it replaces as PREVIOUS."""
    if os.path.isfile(BINARY):
        shutil.copy2(BINARY, PREVIOUS)
    if not os.path.isfile(os.path.join(REPO_ROOT, "Cargo.toml")):
        die("no Cargo.toml in %s; is bench/ inside the repository?" % REPO_ROOT)
    if shutil.which("cargo") is None:
        die("cargo not found on PATH; cannot build the release binary")
    print("building: cargo build --release (in %s)" % REPO_ROOT, flush=True)
    proc = subprocess.run(["cargo", "build", "--release"], cwd=REPO_ROOT)
    if proc.returncode != 0:
        die("`cargo build --release` failed with exit code %d; fix the build "
            "and run again" % proc.returncode)


def rss_mib(maxrss):
    # Linux reports kilobytes, macOS bytes.
    if sys.platform == "darwin":
        return maxrss / (1024.0 * 1024.0)
    return maxrss / 1024.0


def run_probe(out_path, argv):
    """Run argv once in a fresh wrapper process; returns its measurements."""
    cmd = [sys.executable, "-S", "-I", "-c", PROBE, out_path, out_path + ".err"]
    proc = subprocess.run(cmd + argv, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)
    if proc.returncode != 0:
        die("measurement helper failed: %s"
            % proc.stderr.decode("utf-8", "replace").strip())
    sample = json.loads(proc.stdout.decode("utf-8").strip().splitlines()[-1])
    try:
        with open(out_path + ".err", "rb") as f:
            sample["stderr"] = f.read()[-500:].decode("utf-8", "replace")
    except OSError:
        sample["stderr"] = ""
    return sample


def probe(binary, target, out_path):
    return run_probe(out_path, [binary, target, "--format", "json",
                                "--fail-on", "never", "--max-file-size",
                                "1GiB"])


def measure(binaries, target, out_path, runs):
    """Median figures of each binary on `target`, runs alternating between them.

    Returns one dict per binary (wall_ms, min_ms, cpu_ms, rss_mib, rcs,
    stderr); the report of the first binary is left at out_path.
    """
    outs = [out_path if i == 0 else "%s.%d" % (out_path, i)
            for i in range(len(binaries))]
    for binary, out in zip(binaries, outs):
        probe(binary, target, out)  # warm-up: page cache, binary loading
    samples = [[] for _ in binaries]
    for _ in range(runs):
        for i, (binary, out) in enumerate(zip(binaries, outs)):
            samples[i].append(probe(binary, target, out))
    figures = []
    for runs_of in samples:
        wall = statistics.median(s["wall"] for s in runs_of)
        figures.append({
            "wall_ms": wall * 1000.0,
            "min_ms": min(s["wall"] for s in runs_of) * 1000.0,
            "cpu_ms": statistics.median(s["user"] + s["sys"]
                                        for s in runs_of) * 1000.0,
            "rss_mib": max(rss_mib(s["maxrss"]) for s in runs_of),
            "rcs": sorted(set(s["rc"] for s in runs_of)),
            "stderr": runs_of[-1]["stderr"].strip(),
        })
    return figures


def rss_floor(workdir):
    """Peak RSS the wrapper reports for a trivial program, in MiB."""
    true = shutil.which("true") or "/bin/true"
    if not os.path.exists(true):
        return None
    out = os.path.join(workdir, "true.out")
    return min(rss_mib(run_probe(out, [true])["maxrss"]) for _ in range(3))


def read_diagnostics(out_path):
    """The list of diagnostics in the JSON report, or None if unreadable."""
    try:
        with open(out_path, "rb") as f:
            report = json.loads(f.read().decode("utf-8"))
        diags = report["diagnostics"]
        if not isinstance(diags, list) or not all(isinstance(d, dict)
                                                  for d in diags):
            return None
        return diags
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def count_diagnostics(diags):
    """(total, {rule: count}), or None when there is no report."""
    if diags is None:
        return None
    by_rule = {}
    for d in diags:
        by_rule[d.get("rule", "?")] = by_rule.get(d.get("rule", "?"), 0) + 1
    return len(diags), by_rule


def setup_of(diag):
    """The setup number a diagnostic belongs to, from its resource name.

    Both generators put the zero-padded setup number into every name
    (`aws_s3_bucket.s0010_replica`, `Replica0010`); it is the last run of
    digits. None when the diagnostic names no resource.
    """
    digits = _DIGITS.findall(str(diag.get("resource") or ""))
    return int(digits[-1]) if digits else None


def check_defects(diags, planted):
    """Match diagnostics against the planted defects.

    Returns None without a report, else a dict: "found" (planted setups
    reported with their rule), "missed" (planted setups not reported with
    it, as (setup, rule)), "unexpected" (error and warning diagnostics that
    are not a planted setup's expected rule) and "infos" (info diagnostics,
    counted apart).
    """
    if diags is None:
        return None
    expected = {}
    for i, kind, rule in planted:
        expected[i] = {rule} | ALSO_EXPECTED.get(kind, set())
    hit = set()
    unexpected = []
    infos = 0
    for d in diags:
        i = setup_of(d)
        rule = d.get("rule", "?")
        if i in expected and rule in expected[i]:
            hit.add((i, rule))
        elif d.get("severity") == "info":
            infos += 1
        else:
            unexpected.append(d)
    found = [i for i, _, rule in planted if (i, rule) in hit]
    missed = [(i, rule) for i, _, rule in planted if (i, rule) not in hit]
    return {"found": found, "missed": missed, "unexpected": unexpected,
            "infos": infos}


def bench_size(corpus, n, args, workdir, binaries):
    setup_dir = os.path.join(workdir, "%s_n%d" % (corpus, n))
    if corpus == "cfn":
        summary = generate_cfn.generate(n, setup_dir,
                                        args.resources_per_template)
    else:
        summary = generate.generate(n, setup_dir)
    out_path = os.path.join(workdir, "report_%s_%d.json" % (corpus, n))
    figures = measure(binaries, setup_dir, out_path, args.runs)
    mb = summary["bytes"] / 1e6
    result = dict(figures[0])
    result.update({
        "n": n,
        "files": summary["files"],
        "mb": mb,
        "mb_s": mb * 1000.0 / result["wall_ms"] if result["wall_ms"] > 0
        else float("inf"),
        "previous": figures[1] if len(figures) > 1 else None,
        "expected": len(summary["defects"]),
        "json_files": summary.get("json_files"),
    })
    diags = read_diagnostics(out_path)
    result["diagnostics"] = count_diagnostics(diags)
    result["check"] = check_defects(diags, summary["defects"])
    shutil.rmtree(setup_dir, ignore_errors=True)
    return result


def bench_plan(args, workdir, binaries):
    """The figures of one generated plan of about args.plan_mb megabytes."""
    path = os.path.join(workdir, "plan.json")
    setups, planted = plan.generate(path, args.plan_mb)
    mb = os.path.getsize(path) / 1e6
    out_path = os.path.join(workdir, "report_plan.json")
    figures = measure(binaries, path, out_path, args.runs)
    diags = read_diagnostics(out_path)
    found = None if diags is None else sum(1 for d in diags
                                           if d.get("rule") == "RL202")
    os.remove(path)
    return {"mb": mb, "setups": setups, "planted": planted, "found": found,
            "now": figures[0],
            "previous": figures[1] if len(figures) > 1 else None}


def bench_buckets(args, workdir, binaries):
    """The figures of one generated file of args.buckets plain buckets."""
    directory = os.path.join(workdir, "buckets")
    os.mkdir(directory)
    path = os.path.join(directory, "main.tf")
    buckets.generate(path, args.buckets)
    mb = os.path.getsize(path) / 1e6
    out_path = os.path.join(workdir, "report_buckets.json")
    figures = measure(binaries, directory, out_path, args.runs)
    os.remove(path)
    return {"mb": mb, "count": args.buckets, "now": figures[0],
            "previous": figures[1] if len(figures) > 1 else None}


def print_buckets(result):
    now, previous = result["now"], result["previous"]
    print("Terraform buckets (bench/buckets.py): %.1f MB, %d buckets in one file"
          % (result["mb"], result["count"]))
    print("  median ms: %s" % paired(now, previous, "wall_ms", "%.1f"))
    print("  CPU ms:    %s" % paired(now, previous, "cpu_ms", "%.1f"))
    print("  RSS MiB:   %s" % paired(now, previous, "rss_mib", "%.1f"))
    if result["count"] == 480000:
        seconds = now["wall_ms"] / 1000
        print("  target <= %.0f s: %s; <= %d MiB: %s"
              % (TARGET_BUCKETS_SECONDS,
                 "met" if seconds <= TARGET_BUCKETS_SECONDS else "NOT met",
                 TARGET_BUCKETS_MIB,
                 "met" if now["rss_mib"] <= TARGET_BUCKETS_MIB else "NOT met"))
    if any(rc not in (0, 1) for rc in now["rcs"]):
        print("warning: buckets: exit code(s) %s; stderr: %s"
              % (now["rcs"], now["stderr"] or "(empty)"))
    print()


def paired(now, previous, key, fmt):
    """A figure, followed by the previous build's and the ratio when known."""
    text = fmt % now[key]
    if previous is None:
        return text
    ratio = now[key] / previous[key] if previous[key] else float("inf")
    return "%s (prev %s, x%.2f)" % (text, fmt % previous[key], ratio)


def print_plan(result):
    print("Terraform plan (bench/plan.py): %.1f MB, %d replication setups, "
          "%s of %d planted RL202 found"
          % (result["mb"], result["setups"],
             "?" if result["found"] is None else result["found"],
             result["planted"]))
    now, previous = result["now"], result["previous"]
    print("  median ms: %s" % paired(now, previous, "wall_ms", "%.1f"))
    print("  CPU ms:    %s" % paired(now, previous, "cpu_ms", "%.1f"))
    print("  RSS MiB:   %s" % paired(now, previous, "rss_mib", "%.1f"))
    if any(rc not in (0, 1) for rc in now["rcs"]):
        print("warning: plan: exit code(s) %s; stderr: %s"
              % (now["rcs"], now["stderr"] or "(empty)"))
    print()


def parse_sizes(text):
    try:
        sizes = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("expected a comma-separated list of "
                                         "integers, got %r" % text)
    if not sizes or any(s <= 0 for s in sizes):
        raise argparse.ArgumentTypeError("sizes must be positive integers")
    return sizes


CORPORA = {
    "terraform": "Terraform (bench/generate.py)",
    "cfn": "CloudFormation (bench/generate_cfn.py)",
}


def run_corpus(corpus, args, workdir, binaries):
    print("%s" % CORPORA[corpus], flush=True)
    results = []
    for n in args.sizes:
        print("N=%d ..." % n, end=" ", flush=True)
        r = bench_size(corpus, n, args, workdir, binaries)
        results.append(r)
        print("%.1f ms" % r["wall_ms"], flush=True)
    return results


def print_table(corpus, results, floor):
    print()
    title = CORPORA[corpus]
    if corpus == "cfn":
        title += (", up to %d resources (%d setups) per template, every %dth "
                  "template JSON"
                  % (results[0]["resources_per_template"],
                     generate_cfn.setups_per_template(
                         results[0]["resources_per_template"]),
                     generate_cfn.JSON_EVERY))
    print(title)
    print()
    header = ("%6s %6s %7s %10s %10s %10s %9s %9s  %s"
              % ("N", "files", "MB", "median ms", "min ms", "CPU ms", "MB/s",
                 "RSS MiB", "diagnostics (planted defects)"))
    print(header)
    print("-" * len(header))
    for r in results:
        if r["diagnostics"] is None:
            diag = "no JSON report (%d)" % r["expected"]
        else:
            total, by_rule = r["diagnostics"]
            top = ", ".join("%s:%d" % kv for kv in sorted(by_rule.items())[:6])
            diag = "%d (%d)%s" % (total, r["expected"], " " + top if top else "")
        files = r["files"]
        print("%6d %6d %7.2f %10.1f %10.1f %10.1f %9.1f %9.1f  %s"
              % (r["n"], files, r["mb"], r["wall_ms"], r["min_ms"],
                 r["cpu_ms"], r["mb_s"], r["rss_mib"], diag))
        p = r["previous"]
        if p is not None:
            print("%6s %6s %7s %10.1f %10.1f %10.1f %9s %9.1f  previous build"
                  " (x%.2f time, x%.2f RSS)"
                  % ("", "", "", p["wall_ms"], p["min_ms"], p["cpu_ms"], "",
                     p["rss_mib"], r["wall_ms"] / p["wall_ms"],
                     r["rss_mib"] / p["rss_mib"]))
    if floor is not None:
        print("RSS floor of the measurement (wrapper running `true`): %.1f MiB"
              % floor)
    if corpus == "cfn":
        print("JSON templates: %s"
              % ", ".join("N=%d: %d of %d" % (r["n"], r["json_files"],
                                              r["files"]) for r in results))
    print()

    # Planted-defect check: every planted setup must be reported with its
    # rule, and nothing else may be reported as an error or warning.
    for r in results:
        c = r["check"]
        if c is None:
            print("defects N=%d: not checked (no JSON report)" % r["n"])
            continue
        ok = not c["missed"] and not c["unexpected"]
        print("defects N=%d: %d of %d planted setups reported with the "
              "expected rule; %d unexpected error/warning diagnostics; %d "
              "infos: %s" % (r["n"], len(c["found"]), r["expected"],
                             len(c["unexpected"]), c["infos"],
                             "ok" if ok else "MISMATCH"))
        for i, rule in c["missed"][:5]:
            print("  missed: setup %d, expected %s" % (i, rule))
        for d in c["unexpected"][:5]:
            start = (d.get("range") or {}).get("start") or {}
            print("  unexpected: %s %s %s %s:%s %s"
                  % (d.get("rule"), d.get("severity"), d.get("resource"),
                     os.path.basename(str(d.get("file"))), start.get("line"),
                     str(d.get("message"))[:100]))

    for r in results:
        if any(rc not in (0, 1) for rc in r["rcs"]):
            print("warning: N=%d: exit code(s) %s with --fail-on never; "
                  "stderr: %s" % (r["n"], r["rcs"], r["stderr"] or "(empty)"))

    # Linearity: time per setup at the larger size divided by that at the
    # smaller size. 1.00 is perfectly linear; above 1 grows faster.
    by_n = {r["n"]: r for r in results}
    if 400 in by_n and 2000 in by_n:
        lo, hi = by_n[400], by_n[2000]
    elif len(results) >= 2:
        ordered = sorted(results, key=lambda r: r["n"])
        lo, hi = ordered[-2], ordered[-1]
    else:
        lo = hi = None
    if lo is not None and lo["n"] != hi["n"]:
        per_lo = lo["wall_ms"] / lo["n"]
        per_hi = hi["wall_ms"] / hi["n"]
        ratio = per_hi / per_lo if per_lo > 0 else float("inf")
        print("time per setup: N=%d %.4f ms, N=%d %.4f ms; ratio %.2f "
              "(1.00 = linear)" % (lo["n"], per_lo, hi["n"], per_hi, ratio))

    if corpus == "terraform" and TARGET_SETUPS in by_n:
        r = by_n[TARGET_SETUPS]
        ok = r["wall_ms"] / 1000.0 <= TARGET_SECONDS
        linted = r["diagnostics"] is not None and r["diagnostics"][0] > 0
        verdict = ("met" if ok else "NOT met") if linted else "not assessed"
        print("target: %d setups in at most %.2f s on 2 cores: %s (median %.3f s)"
              % (TARGET_SETUPS, TARGET_SECONDS, verdict, r["wall_ms"] / 1000.0))
        ok = r["rss_mib"] <= TARGET_MIB
        verdict = ("met" if ok else "NOT met") if linted else "not assessed"
        print("target: %d setups in at most %d MiB: %s (largest of the runs %.1f MiB)"
              % (TARGET_SETUPS, TARGET_MIB, verdict, r["rss_mib"]))
        if not linted:
            print("note: the binary produced no diagnostics although %d "
                  "defects are planted; the figures measure start-up only, "
                  "not linting" % r["expected"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--cfn", action="store_true",
                       help="run only the CloudFormation corpus")
    which.add_argument("--terraform", action="store_true",
                       help="run only the Terraform corpus")
    ap.add_argument("--sizes", type=parse_sizes, default=[100, 400, 2000],
                    help="comma-separated numbers of setups (default 100,400,2000)")
    ap.add_argument("--runs", type=int, default=5,
                    help="timed runs per size, after one warm-up (default 5)")
    ap.add_argument("--no-build", action="store_true",
                    help="use the existing target/release/repl-lint")
    ap.add_argument("--baseline", metavar="BINARY",
                    help="the build to pair every figure with (default: "
                         "target/release/repl-lint.previous, the binary the "
                         "last build replaced, when it exists)")
    ap.add_argument("--plan-mb", type=int, default=100, metavar="MB",
                    help="size of the generated Terraform plan (default 100; "
                         "0 skips the plan)")
    ap.add_argument("--buckets", type=int, default=480000, metavar="N",
                    help="buckets in the generated single-file case (default "
                         "480000, about 50 MB; 0 skips it)")
    ap.add_argument("--resources-per-template", type=int, metavar="R",
                    default=generate_cfn.DEFAULT_RESOURCES_PER_TEMPLATE,
                    help="CloudFormation: at most R resources per template "
                         "(default %d)"
                         % generate_cfn.DEFAULT_RESOURCES_PER_TEMPLATE)
    args = ap.parse_args()
    if args.runs < 1:
        die("--runs must be at least 1", 2)
    if args.plan_mb < 0:
        die("--plan-mb must not be negative", 2)
    if args.buckets < 0:
        die("--buckets must not be negative", 2)
    if args.resources_per_template < generate_cfn.RESOURCES_PER_SETUP:
        die("--resources-per-template must be at least %d (one setup)"
            % generate_cfn.RESOURCES_PER_SETUP, 2)
    if args.cfn:
        corpora = ["cfn"]
    elif args.terraform:
        corpora = ["terraform"]
    else:
        corpora = ["terraform", "cfn"]

    if not args.no_build:
        build()
    if not os.path.isfile(BINARY) or not os.access(BINARY, os.X_OK):
        die("%s does not exist or is not executable" % BINARY)

    baseline = args.baseline or (PREVIOUS if os.path.isfile(PREVIOUS)
                                 else None)
    if baseline is not None and not os.access(baseline, os.X_OK):
        die("%s does not exist or is not executable" % baseline)
    binaries = [BINARY] + ([baseline] if baseline else [])
    print("binary: %s" % BINARY)
    print("paired with: %s" % (baseline or "nothing (no previous build)"))
    print("cpus available: %s; %d timed runs per size after 1 warm-up"
          % (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
             else os.cpu_count(), args.runs))
    print()

    all_results = []
    with tempfile.TemporaryDirectory(prefix="repl-lint-bench-") as workdir:
        floor = rss_floor(workdir)
        for corpus in corpora:
            results = run_corpus(corpus, args, workdir, binaries)
            for r in results:
                r["resources_per_template"] = args.resources_per_template
            all_results.append((corpus, results))
        plan_result = None
        if args.plan_mb > 0:
            print("plan (%d MB) ..." % args.plan_mb, flush=True)
            plan_result = bench_plan(args, workdir, binaries)
        buckets_result = None
        if args.buckets > 0:
            print("buckets (%d) ..." % args.buckets, flush=True)
            buckets_result = bench_buckets(args, workdir, binaries)

    for corpus, results in all_results:
        print_table(corpus, results, floor)
    if plan_result is not None:
        print_plan(plan_result)
    if buckets_result is not None:
        print_buckets(buckets_result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
