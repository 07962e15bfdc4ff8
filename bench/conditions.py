#!/usr/bin/env python3
"""Time repl-lint on CloudFormation templates with many conditions (issue 17).

Usage: python3 bench/conditions.py [--sizes 100,200,400,800] [--runs 3]
                                   [--no-build] [--binary PATH]

Builds the release binary (unless --no-build or --binary), then for each shape
and each size N writes one template and times
`repl-lint <template> --format json --fail-on never` (the median of --runs).
The shapes:

  fan-out    N conditions, each `Fn::Or` of 8 references to the one before
             (evaluated as trees, 8^N steps); the source bucket exists only
             under the last
  fan-and    the same with `Fn::And`
  many       N independent conditions on N parameters, each deciding one tag
             of the replica, the first deciding whether the source exists
             (2^N combinations)
  parity     `Odd`, the parity of N parameters, and `Even`, its negation,
             built from N conditions: whether both can hold is only known
             once every parameter is fixed (2^N cases; the solver's budget
             ends the search)

Each template has one planted RL102 (the source replicates to the replica's
name). For every shape the script prints the time per size, whether the RL102
was found, and the growth: time(N) / time(N/2) for each doubling, which stays
near 1 to 2 for work linear in the template (start-up dominates small sizes),
and 2^N-like growth would show as a timeout. Each run is killed after
--timeout seconds (default 60).

Standard library only.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
RELEASE = os.path.join(REPO_ROOT, "target", "release", "repl-lint")

SOURCE = """  Replica:
    Type: AWS::S3::Bucket
    Properties:
{tags}      VersioningConfiguration:
        Status: Enabled
  Source:
    Type: AWS::S3::Bucket
    Condition: {condition}
    Properties:
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:
        Role: !Sub arn:aws:iam::${{AWS::AccountId}}:role/replication
        Rules:
          - Status: Enabled
            Prefix: ''
            Destination:
              Bucket: !Ref Replica
"""


def chain(n, function):
    lines = ["Parameters:", "  Env:", "    Type: String", "    Default: dev",
             "Conditions:", "  C0: !Equals [!Ref Env, prod]"]
    for i in range(1, n):
        refs = ", ".join(["!Condition C%d" % (i - 1)] * 8)
        lines.append("  C%d: !%s [%s]" % (i, function, refs))
    lines.append("Resources:")
    return "\n".join(lines) + "\n" + SOURCE.format(tags="", condition="C%d" % (n - 1))


def many(n):
    lines = ["Parameters:"]
    for i in range(n):
        lines += ["  P%d:" % i, "    Type: String", "    Default: ''"]
    lines.append("Conditions:")
    for i in range(n):
        lines.append("  C%d: !Not [!Equals [!Ref P%d, '']]" % (i, i))
    lines.append("Resources:")
    tags = "      Tags:\n" + "".join(
        "        - !If [C%d, {Key: t%d, Value: v}, !Ref AWS::NoValue]\n" % (i, i)
        for i in range(1, n))
    return "\n".join(lines) + "\n" + SOURCE.format(tags=tags, condition="C0")


def parity(n):
    lines = ["Parameters:"]
    for i in range(1, n + 1):
        lines += ["  P%d:" % i, "    Type: String", "    Default: n"]
    lines += ["Conditions:", "  X0: !Equals [a, b]"]
    for i in range(1, n + 1):
        lines.append("  A%d: !Equals [!Ref P%d, y]" % (i, i))
        lines.append("  X%d: !Or [!And [!Condition X%d, !Not [!Condition A%d]], "
                     "!And [!Not [!Condition X%d], !Condition A%d]]" % (i, i - 1, i, i - 1, i))
    lines += ["  Odd: !Condition X%d" % n, "  Even: !Not [!Condition X%d]" % n]
    lines.append("  Both: !And [!Condition Odd, !Condition Even]")
    lines.append("Resources:")
    return "\n".join(lines) + "\n" + SOURCE.format(tags="", condition="Odd")


SHAPES = {
    "fan-out": lambda n: chain(n, "Or"),
    "fan-and": lambda n: chain(n, "And"),
    "many": many,
    "parity": parity,
}


def run(binary, path, timeout):
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [binary, path, "--format", "json", "--fail-on", "never"],
            capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, False
    wall = time.perf_counter() - start
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        return wall, False
    found = any(d["rule"] == "RL102" for d in report.get("diagnostics", []))
    return wall, found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,200,400,800")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--binary", default=None)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    binary = args.binary or RELEASE
    if not args.binary and not args.no_build:
        print("building: cargo build --release", flush=True)
        if subprocess.run(["cargo", "build", "--release"], cwd=REPO_ROOT).returncode != 0:
            sys.exit(1)
    if not os.path.exists(binary):
        sys.exit("no binary at %s" % binary)
    with tempfile.TemporaryDirectory() as tmp:
        for shape, generate in SHAPES.items():
            print("\n%s" % shape)
            print("%8s %10s %10s %8s %s" % ("N", "KB", "median ms", "growth", "RL102"))
            previous = None
            for n in sizes:
                path = os.path.join(tmp, "%s-%d.yaml" % (shape, n))
                with open(path, "w") as f:
                    f.write(generate(n))
                times, found = [], False
                for _ in range(args.runs):
                    wall, found = run(binary, path, args.timeout)
                    if wall is None:
                        break
                    times.append(wall)
                kb = os.path.getsize(path) / 1024
                if len(times) < args.runs:
                    print("%8d %10.0f %10s %8s %s" % (n, kb, "timeout", "-", "-"))
                    previous = None
                    continue
                median = statistics.median(times) * 1000
                growth = "%.2f" % (median / previous) if previous else "-"
                print("%8d %10.0f %10.1f %8s %s" % (n, kb, median, growth,
                                                  "yes" if found else "MISSING"))
                previous = median


if __name__ == "__main__":
    main()
