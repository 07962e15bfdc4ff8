#!/usr/bin/env python3
"""Benchmark: lint one large Terraform plan (`terraform show -json` shape, a single line).

Generates a plan of about --mb megabytes (default 100): many resources of several types (one in
eight an S3 or IAM resource), a third of them in child modules, complete replication setups among
them (those with an index divisible by 10 have the replica's versioning Suspended), every resource also listed in
resource_changes. Then runs the release binary on it --runs times and prints wall time, MB/s and
peak RSS (the issue's target: 100 MB in under 1.5 s on 2 cores, memory under 4x the file).
"""
import argparse, json, os, resource, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "repl-lint")


def setup(i, module):
    """One replication setup's resources (planned_values entries)."""
    p = f"module.m{module}." if module is not None else ""
    src, dst = f"bench-{i}-src", f"bench-{i}-dst"
    status = "Suspended" if i % 10 == 0 else "Enabled"
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    perms = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"], "Resource": f"arn:aws:s3:::{src}"},
        {"Effect": "Allow", "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], "Resource": f"arn:aws:s3:::{src}/*"},
        {"Effect": "Allow", "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], "Resource": f"arn:aws:s3:::{dst}/*"}]})
    def r(kind, name, values):
        return {"address": f"{p}{kind}.{name}", "mode": "managed", "type": kind, "name": name,
                "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
                "values": values, "sensitive_values": {}}
    return [
        r("aws_s3_bucket", f"src{i}", {"bucket": src, "force_destroy": False, "tags": {"Name": src}}),
        r("aws_s3_bucket", f"dst{i}", {"bucket": dst, "force_destroy": False, "tags": {"Name": dst}}),
        r("aws_s3_bucket_versioning", f"src{i}", {"bucket": src, "versioning_configuration": [{"status": "Enabled", "mfa_delete": None}]}),
        r("aws_s3_bucket_versioning", f"dst{i}", {"bucket": dst, "versioning_configuration": [{"status": status, "mfa_delete": None}]}),
        r("aws_iam_role", f"r{i}", {"name": f"replication-{i}", "assume_role_policy": trust, "path": "/"}),
        r("aws_iam_role_policy", f"p{i}", {"name": "replication", "role": f"replication-{i}", "policy": perms}),
        r("aws_s3_bucket_replication_configuration", f"c{i}", {"bucket": src, "role": f"arn:aws:iam::123456789012:role/replication-{i}", "rule": [
            {"id": "all", "status": "Enabled", "prefix": "", "filter": [{"prefix": ""}], "delete_marker_replication": [{"status": "Enabled"}],
             "destination": [{"bucket": f"arn:aws:s3:::{dst}", "storage_class": "STANDARD"}]}]}),
    ]


def filler(i, module):
    """Resources of other types (instances, security groups ...), skipped by the linter."""
    p = f"module.m{module}." if module is not None else ""
    kind = ["aws_instance", "aws_security_group", "aws_lambda_function", "aws_cloudwatch_log_group"][i % 4]
    values = {"name": f"filler-{i}", "tags": {f"k{j}": f"value-{i}-{j}" for j in range(8)},
              "description": "x" * 200, "settings": [{"a": j, "b": str(j) * 20} for j in range(10)]}
    return {"address": f"{p}{kind}.f{i}", "mode": "managed", "type": kind, "name": f"f{i}",
            "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "values": values, "sensitive_values": {}}


def generate(path, megabytes):
    root, modules, changes, size, i, setups, planted = [], {}, [], 0, 0, 0, 0
    target = megabytes * 1_000_000
    while size < target:
        module = i % 3 if i % 3 else None
        items = setup(i, module) if i % 8 == 0 else [filler(i, module)]
        setups += 1 if i % 8 == 0 else 0
        planted += 1 if i % 8 == 0 and i % 10 == 0 else 0
        for item in items:
            (root if module is None else modules.setdefault(module, [])).append(item)
            changes.append({"address": item["address"], "mode": "managed", "type": item["type"], "name": item["name"],
                            "change": {"actions": ["create"], "before": None, "after": item["values"], "after_unknown": {"id": True}}})
            size += 2 * len(json.dumps(item["values"])) + 300
        i += 1
    plan = {"format_version": "1.2", "terraform_version": "1.9.5",
            "planned_values": {"root_module": {"resources": root, "child_modules": [
                {"address": f"module.m{m}", "resources": rs} for m, rs in sorted(modules.items())]}},
            "resource_changes": changes}
    with open(path, "w") as f:
        json.dump(plan, f, separators=(",", ":"))
    return setups, planted


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    if not args.no_build and subprocess.run(["cargo", "build", "--release"], cwd=ROOT).returncode != 0:
        sys.exit("cargo build --release failed")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "plan.json")
        setups, planted = generate(path, args.mb)
        mb = os.path.getsize(path) / 1e6
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            out = subprocess.run([BINARY, path, "--format", "json", "--fail-on", "never"], capture_output=True)
            times.append(time.perf_counter() - start)
            if out.returncode != 0:
                sys.exit(f"repl-lint failed: {out.stderr.decode()[:500]}")
        report = json.loads(out.stdout)
        found = sum(1 for d in report["diagnostics"] if d["rule"] == "RL202")
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        median = statistics.median(times)
        print(f"plan: {mb:.1f} MB, {setups} replication setups ({planted} planted RL202), {len(report['diagnostics'])} diagnostics ({found} RL202)")
        print(f"wall: median {median:.3f} s, min {min(times):.3f} s over {args.runs} runs; {mb / median:.0f} MB/s")
        print(f"peak RSS: {rss:.0f} MiB ({rss * 1.048576 / mb:.2f}x the plan)")
        print(f"target (under 1.5 s, under 4x memory): {'met' if median < 1.5 and rss * 1.048576 < 4 * mb else 'NOT met'}")


if __name__ == "__main__":
    main()
