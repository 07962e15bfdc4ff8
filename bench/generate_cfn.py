#!/usr/bin/env python3
"""Generate CloudFormation templates for benchmarking repl-lint.

Usage: python3 bench/generate_cfn.py N OUTDIR [--resources-per-template R]

Writes N complete same-account replication setups in total, packed into
templates of up to R resources each (default 500). A setup has 5 resources
and is never split across templates, so a template holds R // 5 setups
(100 by default). Templates are OUTDIR/stack_<t>.yaml for t = 1, 2, ...;
every 5th template (t = 5, 10, ...) is written as JSON, stack_<t>.json, with
long-form intrinsic functions, so both parsers are measured. The YAML
templates use the short-form tags !Ref, !GetAtt and !Sub.

One setup i (logical IDs carry the zero-padded number, e.g. 0007):

  Source0007             AWS::S3::Bucket, versioning Enabled, SSE-S3, public
                         access block, ReplicationConfiguration with role
                         !GetAtt ReplicationRole0007.Arn and two rules, each
                         with Filter, Priority and DeleteMarkerReplication,
                         destination !GetAtt Replica0007.Arn
  Replica0007            AWS::S3::Bucket, versioning Enabled
  ReplicationRole0007    AWS::IAM::Role trusting s3.amazonaws.com; no
                         reference to either bucket (no dependency cycle)
  ReplicationPolicy0007  AWS::IAM::Policy, Roles: [!Ref ReplicationRole0007],
                         the source bucket, source object and destination
                         object permissions; ARNs alternate between
                         !Sub 'arn:${AWS::Partition}:s3:::${Source0007}' and
                         !GetAtt / !Sub '${Source0007.Arn}/*' forms
  ReplicaPolicy0007      AWS::S3::BucketPolicy on the replica, allowing the
                         role to replicate into it

Every 10th setup (i = 10, 20, ...) has one planted defect; the defects rotate
through DEFECTS in order. The output is fully deterministic: the same
arguments always give byte-identical files.

Standard library only.
"""

import argparse
import json
import os
import re
import sys

# (defect kind, rule the linter is expected to report, short description)
DEFECTS = [
    ("destination-versioning-suspended", "RL202",
     "replica bucket versioning is Suspended"),
    ("missing-replicate-object", "RL305",
     "role policy (and replica bucket policy) lack s3:ReplicateObject"),
    ("trust-wrong-service", "RL301",
     "trust policy names ec2.amazonaws.com"),
    ("filter-without-priority", "RL108",
     "the second rule has a Filter but no Priority"),
]

RESOURCES_PER_SETUP = 5
DEFAULT_RESOURCES_PER_TEMPLATE = 500
JSON_EVERY = 5  # every 5th template is JSON

TEAMS = ["billing", "checkout", "catalog", "search", "payments", "ledger",
         "analytics", "identity", "shipping", "support", "inventory",
         "pricing", "marketing"]
DATASETS = ["orders", "invoices", "clickstream", "media", "reports",
            "backups", "audit", "telemetry", "documents", "exports", "models"]
PREFIX_PAIRS = [("logs", "exports"), ("raw", "curated"),
                ("invoices", "receipts"), ("images", "thumbnails"),
                ("events", "snapshots"), ("incoming", "archive"),
                ("daily", "monthly")]
STORAGE_CLASSES = ["STANDARD", "STANDARD_IA", "INTELLIGENT_TIERING",
                   "GLACIER_IR", "ONEZONE_IA", "STANDARD"]


# --- intrinsic functions -------------------------------------------------

class Ref(object):
    def __init__(self, name):
        self.name = name


class GetAtt(object):
    def __init__(self, name, attr):
        self.name, self.attr = name, attr


class Sub(object):
    def __init__(self, text):
        self.text = text


def to_json_value(v):
    """Replace intrinsic objects with their long (JSON) form."""
    if isinstance(v, Ref):
        return {"Ref": v.name}
    if isinstance(v, GetAtt):
        return {"Fn::GetAtt": [v.name, v.attr]}
    if isinstance(v, Sub):
        return {"Fn::Sub": v.text}
    if isinstance(v, dict):
        return dict((k, to_json_value(x)) for k, x in v.items())
    if isinstance(v, list):
        return [to_json_value(x) for x in v]
    return v


# --- a small block-style YAML emitter ------------------------------------

# Plain (unquoted) scalars: start with a letter; ':' only inside a word,
# never followed by a space or at the end (AWS::S3::Bucket, s3:ListBucket).
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_./-]*(:+[A-Za-z0-9_./-]+)*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Ref):
        return "!Ref %s" % v.name
    if isinstance(v, GetAtt):
        return "!GetAtt %s.%s" % (v.name, v.attr)
    if isinstance(v, Sub):
        return "!Sub %s" % quote(v.text)
    if isinstance(v, str):
        if _PLAIN.match(v) and v.lower() not in _RESERVED:
            return v
        return quote(v)
    raise TypeError("cannot emit %r" % (v,))


def quote(s):
    return "'%s'" % s.replace("'", "''")


def is_block(v):
    return isinstance(v, (dict, list)) and len(v) > 0


def emit_yaml(v, indent, out):
    """Append the lines of a block mapping or sequence to out."""
    pad = " " * indent
    if isinstance(v, dict):
        for k, x in v.items():
            if is_block(x):
                out.append("%s%s:" % (pad, k))
                emit_yaml(x, indent + 2, out)
            else:
                out.append("%s%s: %s" % (pad, k, yaml_scalar(x)))
    else:
        for x in v:
            if isinstance(x, dict) and x:
                sub = []
                emit_yaml(x, indent + 2, sub)
                out.append("%s- %s" % (pad, sub[0][indent + 2:]))
                out.extend(sub[1:])
            elif isinstance(x, list) and x:
                raise TypeError("nested sequences are not used")
            else:
                out.append("%s- %s" % (pad, yaml_scalar(x)))


# --- one setup -----------------------------------------------------------

def defect_for(i):
    """The (kind, rule, description) planted in setup i, or None."""
    if i % 10 != 0:
        return None
    return DEFECTS[(i // 10 - 1) % len(DEFECTS)]


def setup_resources(i):
    """The five (logical ID, resource) pairs of setup i (i >= 1)."""
    i4 = "%04d" % i
    team = TEAMS[i % len(TEAMS)]
    dataset = DATASETS[(i // len(TEAMS)) % len(DATASETS)]
    p1, p2 = PREFIX_PAIRS[i % len(PREFIX_PAIRS)]
    src, dst = "Source" + i4, "Replica" + i4
    role, policy, bpolicy = ("ReplicationRole" + i4, "ReplicationPolicy" + i4,
                             "ReplicaPolicy" + i4)
    kind = (defect_for(i) or (None,))[0]

    # Alternate the two ARN styles so both are exercised.
    if i % 2 == 0:
        src_arn = Sub("arn:${AWS::Partition}:s3:::${%s}" % src)
        src_objects = Sub("arn:${AWS::Partition}:s3:::${%s}/*" % src)
        dst_objects = Sub("arn:${AWS::Partition}:s3:::${%s}/*" % dst)
    else:
        src_arn = GetAtt(src, "Arn")
        src_objects = Sub("${%s.Arn}/*" % src)
        dst_objects = Sub("${%s.Arn}/*" % dst)
    dst_bucket_arn = GetAtt(dst, "Arn")

    tags = [{"Key": "Team", "Value": team},
            {"Key": "CostCenter", "Value": "CC-%d" % (1000 + (i * 37) % 900)},
            {"Key": "Dataset", "Value": dataset}]

    def rule(prefix, priority, storage_class):
        r = {"Id": prefix, "Status": "Enabled"}
        if priority is not None:
            r["Priority"] = priority
        r["Filter"] = {"Prefix": prefix + "/"}
        r["DeleteMarkerReplication"] = {"Status": "Enabled"}
        r["Destination"] = {"Bucket": GetAtt(dst, "Arn"),
                            "StorageClass": storage_class}
        return r

    source = {
        "Type": "AWS::S3::Bucket",
        "Properties": {
            "BucketName": "acme-%s-%s-%s-source" % (team, dataset, i4),
            "VersioningConfiguration": {"Status": "Enabled"},
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True, "BlockPublicPolicy": True,
                "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
            "ReplicationConfiguration": {
                "Role": GetAtt(role, "Arn"),
                "Rules": [
                    rule(p1, 1, STORAGE_CLASSES[i % len(STORAGE_CLASSES)]),
                    rule(p2, None if kind == "filter-without-priority" else 2,
                         STORAGE_CLASSES[(i + 3) % len(STORAGE_CLASSES)]),
                ],
            },
            "Tags": tags,
        },
    }
    replica = {
        "Type": "AWS::S3::Bucket",
        "Properties": {
            "BucketName": "acme-%s-%s-%s-replica" % (team, dataset, i4),
            "VersioningConfiguration": {
                "Status": ("Suspended"
                           if kind == "destination-versioning-suspended"
                           else "Enabled")},
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
            "Tags": tags,
        },
    }
    trust = ("ec2.amazonaws.com" if kind == "trust-wrong-service"
             else "s3.amazonaws.com")
    iam_role = {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "Path": "/service-role/",
            "Description": "S3 replication %s -> %s" % (src, dst),
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"Service": [trust]},
                    "Action": ["sts:AssumeRole"],
                }],
            },
            "Tags": tags,
        },
    }
    replicate = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
    if kind == "missing-replicate-object":
        replicate = replicate[1:]
    iam_policy = {
        "Type": "AWS::IAM::Policy",
        "Properties": {
            "PolicyName": "s3-replication-%s" % i4,
            "Roles": [Ref(role)],
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {"Sid": "SourceBucket", "Effect": "Allow",
                     "Action": ["s3:GetReplicationConfiguration",
                                "s3:ListBucket"],
                     "Resource": src_arn},
                    {"Sid": "SourceObjects", "Effect": "Allow",
                     "Action": ["s3:GetObjectVersionForReplication",
                                "s3:GetObjectVersionAcl",
                                "s3:GetObjectVersionTagging"],
                     "Resource": [src_objects]},
                    {"Sid": "DestinationObjects", "Effect": "Allow",
                     "Action": list(replicate),
                     "Resource": dst_objects},
                ],
            },
        },
    }
    bucket_policy = {
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {
            "Bucket": Ref(dst),
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {"Sid": "AllowReplicationRoleObjects", "Effect": "Allow",
                     "Principal": {"AWS": GetAtt(role, "Arn")},
                     "Action": list(replicate),
                     "Resource": Sub("${%s.Arn}/*" % dst)},
                    {"Sid": "AllowReplicationRoleBucket", "Effect": "Allow",
                     "Principal": {"AWS": GetAtt(role, "Arn")},
                     "Action": ["s3:GetBucketVersioning",
                                "s3:PutBucketVersioning"],
                     "Resource": dst_bucket_arn},
                ],
            },
        },
    }
    return [(src, source), (dst, replica), (role, iam_role),
            (policy, iam_policy), (bpolicy, bucket_policy)]


# --- templates -----------------------------------------------------------

def setups_per_template(resources_per_template):
    return max(1, resources_per_template // RESOURCES_PER_SETUP)


def plan(n, resources_per_template):
    """[(template number, first setup, last setup)] covering 1..n."""
    per = setups_per_template(resources_per_template)
    out = []
    first, t = 1, 1
    while first <= n:
        last = min(n, first + per - 1)
        out.append((t, first, last))
        first, t = last + 1, t + 1
    return out


def is_json_template(t):
    return t % JSON_EVERY == 0


def render_template(t, first, last):
    """(file name, text) of template t holding setups first..last."""
    resources = {}
    for i in range(first, last + 1):
        for name, res in setup_resources(i):
            resources[name] = res
    description = ("repl-lint benchmark template %d: S3 replication setups "
                   "%d-%d" % (t, first, last))
    template = {"AWSTemplateFormatVersion": "2010-09-09",
                "Description": description,
                "Resources": resources}
    if is_json_template(t):
        return ("stack_%03d.json" % t,
                json.dumps(to_json_value(template), indent=2) + "\n")
    lines = ["# Generated by bench/generate_cfn.py for the repl-lint benchmark."]
    emit_yaml(template, 0, lines)
    return "stack_%03d.yaml" % t, "\n".join(lines) + "\n"


def generate(n, outdir, resources_per_template=DEFAULT_RESOURCES_PER_TEMPLATE):
    """Write n setups into outdir. Returns a summary dict."""
    if resources_per_template < RESOURCES_PER_SETUP:
        raise ValueError("resources per template must be at least %d (one "
                         "setup)" % RESOURCES_PER_SETUP)
    os.makedirs(outdir, exist_ok=True)
    total = 0
    files = []
    json_files = 0
    for t, first, last in plan(n, resources_per_template):
        name, text = render_template(t, first, last)
        data = text.encode("utf-8")
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
        total += len(data)
        files.append(name)
        json_files += is_json_template(t)
    planted = []
    for i in range(1, n + 1):
        defect = defect_for(i)
        if defect:
            planted.append((i, defect[0], defect[1]))
    return {
        "setups": n,
        "files": len(files),
        "json_files": json_files,
        "bytes": total,
        "resources": RESOURCES_PER_SETUP * n,
        "defects": planted,
    }


def main(argv):
    ap = argparse.ArgumentParser(
        prog="generate_cfn.py",
        description="Generate CloudFormation templates for the repl-lint "
                    "benchmark.")
    ap.add_argument("n", metavar="N", help="number of replication setups")
    ap.add_argument("outdir", metavar="OUTDIR")
    ap.add_argument("--resources-per-template", metavar="R", type=int,
                    default=DEFAULT_RESOURCES_PER_TEMPLATE,
                    help="at most R resources per template (default %d, "
                         "i.e. %d setups)" % (DEFAULT_RESOURCES_PER_TEMPLATE,
                                              DEFAULT_RESOURCES_PER_TEMPLATE
                                              // RESOURCES_PER_SETUP))
    args = ap.parse_args(argv[1:])
    try:
        n = int(args.n)
        if n < 0:
            raise ValueError
    except ValueError:
        sys.stderr.write("N must be a non-negative integer, got %r\n" % args.n)
        return 2
    if args.resources_per_template < RESOURCES_PER_SETUP:
        sys.stderr.write("--resources-per-template must be at least %d (one "
                         "setup has %d resources)\n"
                         % (RESOURCES_PER_SETUP, RESOURCES_PER_SETUP))
        return 2
    summary = generate(n, args.outdir, args.resources_per_template)
    by_rule = {}
    for _, _, rule in summary["defects"]:
        by_rule[rule] = by_rule.get(rule, 0) + 1
    print("wrote %d setups to %s: %d templates (%d JSON), %.2f MB, %d "
          "resources, %d planted defects (%s)"
          % (n, args.outdir, summary["files"], summary["json_files"],
             summary["bytes"] / 1e6, summary["resources"],
             len(summary["defects"]),
             ", ".join("%s x%d" % kv for kv in sorted(by_rule.items()))
             or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
