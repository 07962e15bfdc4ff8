#!/usr/bin/env python3
"""Benchmark repl-lint on generated Terraform.

Usage: python3 bench/run.py [--sizes 100,400,2000] [--runs 5] [--no-build]

Builds the release binary, then for each size N generates N replication
setups (bench/generate.py) into a temporary directory and times
`repl-lint <dir> --format json --fail-on never`. The first run is a warm-up.
Every timed run happens in a fresh child process that starts the linter and
reports its wall time and peak RSS, so the RSS is per run, not a maximum over
the whole benchmark.

Standard library only.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
BINARY = os.path.join(REPO_ROOT, "target", "release", "repl-lint")

sys.path.insert(0, BENCH_DIR)
sys.dont_write_bytecode = True  # keep bench/ free of __pycache__
import generate  # noqa: E402

TARGET_SETUPS = 2000
TARGET_SECONDS = 0.3

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


def probe(target_dir, out_path):
    return run_probe(out_path, [BINARY, target_dir, "--format", "json",
                                "--fail-on", "never"])


def rss_floor(workdir):
    """Peak RSS the wrapper reports for a trivial program, in MiB."""
    true = shutil.which("true") or "/bin/true"
    if not os.path.exists(true):
        return None
    out = os.path.join(workdir, "true.out")
    return min(rss_mib(run_probe(out, [true])["maxrss"]) for _ in range(3))


def count_diagnostics(out_path):
    """(total, {rule: count}) from the JSON report, or None if unreadable."""
    try:
        with open(out_path, "rb") as f:
            report = json.loads(f.read().decode("utf-8"))
        diags = report["diagnostics"]
        by_rule = {}
        for d in diags:
            by_rule[d.get("rule", "?")] = by_rule.get(d.get("rule", "?"), 0) + 1
        return len(diags), by_rule
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def bench_size(n, runs, workdir):
    setup_dir = os.path.join(workdir, "n%d" % n)
    summary = generate.generate(n, setup_dir)
    out_path = os.path.join(workdir, "report_%d.json" % n)
    probe(setup_dir, out_path)  # warm-up: page cache, binary loading
    samples = [probe(setup_dir, out_path) for _ in range(runs)]
    rcs = sorted(set(s["rc"] for s in samples))
    wall = statistics.median(s["wall"] for s in samples)
    mb = summary["bytes"] / 1e6
    result = {
        "n": n,
        "files": summary["files"],
        "mb": mb,
        "wall_ms": wall * 1000.0,
        "min_ms": min(s["wall"] for s in samples) * 1000.0,
        "mb_s": mb / wall if wall > 0 else float("inf"),
        "rss_mib": max(rss_mib(s["maxrss"]) for s in samples),
        "cpu_ms": statistics.median(s["user"] + s["sys"] for s in samples) * 1000.0,
        "rcs": rcs,
        "expected": len(summary["defects"]),
        "diagnostics": count_diagnostics(out_path),
        "stderr": samples[-1]["stderr"].strip(),
    }
    shutil.rmtree(setup_dir, ignore_errors=True)
    return result


def parse_sizes(text):
    try:
        sizes = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("expected a comma-separated list of "
                                         "integers, got %r" % text)
    if not sizes or any(s <= 0 for s in sizes):
        raise argparse.ArgumentTypeError("sizes must be positive integers")
    return sizes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=parse_sizes, default=[100, 400, 2000],
                    help="comma-separated numbers of setups (default 100,400,2000)")
    ap.add_argument("--runs", type=int, default=5,
                    help="timed runs per size, after one warm-up (default 5)")
    ap.add_argument("--no-build", action="store_true",
                    help="use the existing target/release/repl-lint")
    args = ap.parse_args()
    if args.runs < 1:
        die("--runs must be at least 1", 2)

    if not args.no_build:
        build()
    if not os.path.isfile(BINARY) or not os.access(BINARY, os.X_OK):
        die("%s does not exist or is not executable" % BINARY)

    print("binary: %s" % BINARY)
    print("cpus available: %s; %d timed runs per size after 1 warm-up"
          % (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
             else os.cpu_count(), args.runs))
    print()

    results = []
    with tempfile.TemporaryDirectory(prefix="repl-lint-bench-") as workdir:
        floor = rss_floor(workdir)
        for n in args.sizes:
            print("N=%d ..." % n, end=" ", flush=True)
            r = bench_size(n, args.runs, workdir)
            results.append(r)
            print("%.1f ms" % r["wall_ms"], flush=True)

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
        print("%6d %6d %7.2f %10.1f %10.1f %10.1f %9.1f %9.1f  %s"
              % (r["n"], r["files"], r["mb"], r["wall_ms"], r["min_ms"],
                 r["cpu_ms"], r["mb_s"], r["rss_mib"], diag))
    if floor is not None:
        print("RSS floor of the measurement (wrapper running `true`): %.1f MiB"
              % floor)
    print()

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

    if TARGET_SETUPS in by_n:
        r = by_n[TARGET_SETUPS]
        ok = r["wall_ms"] / 1000.0 < TARGET_SECONDS
        linted = r["diagnostics"] is not None and r["diagnostics"][0] > 0
        verdict = ("met" if ok else "NOT met") if linted else "not assessed"
        print("target: %d setups in under %.1f s on 2 cores: %s (median %.3f s)"
              % (TARGET_SETUPS, TARGET_SECONDS, verdict, r["wall_ms"] / 1000.0))
        if not linted:
            print("note: the binary produced no diagnostics although %d "
                  "defects are planted; the figures measure start-up only, "
                  "not linting" % r["expected"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
