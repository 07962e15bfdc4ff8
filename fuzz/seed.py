#!/usr/bin/env python3
"""Fills fuzz/corpus/<target>/ with seeds from the repository's own inputs (testdata/,
tests/cases/, examples/): each file goes to the targets that parse its format, and each case
directory also becomes one multi-file seed for `pipeline` (its files placed in the NUL-separated
slots the target reads). The corpus is generated, not committed; run again after adding cases."""
import hashlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
SOURCES = [ROOT / "testdata", ROOT / "tests" / "cases", ROOT / "examples"]
# The pipeline target's slots, in order (see fuzz_targets/pipeline.rs).
SLOTS = ["main.tf", "variables.tf", "terraform.tfvars", "modules/child/main.tf",
         "extra.tf.json", "template.yaml", "template.json", "plan.json"]


# One small seed per target of its own, so that every corpus exists (the repository has no
# `.tf.json` input, for one).
BUILTIN = {
    "hcl": b'resource "aws_s3_bucket" "b" {\n  bucket = "${var.name}-b"\n}\n',
    "tf_json": b'{"resource": {"aws_s3_bucket": {"b": {"bucket": "${var.name}-b", '
               b'"versioning": [{"enabled": true}]}}}, "variable": {"name": {"default": "x"}}}\n',
    "yaml": b"Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${AWS::StackName}-b'\n",
    "json": b'{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Ref": "N"}}}}}\n',
    "plan": b'{"format_version": "1.2", "planned_values": {"root_module": {"resources": []}}}\n',
    "pipeline": b'module "c" {\n  source = "./modules/child"\n}\n\0\0\0resource "aws_s3_bucket" "b" {}\n',
}


def targets(path):
    name = path.name
    if name.endswith(".tf.json"):
        return ["tf_json"]
    if name.endswith(".tf") or name.endswith(".tfvars"):
        return ["hcl"]
    if name.endswith((".yaml", ".yml", ".template")):
        return ["yaml"]
    if name.endswith(".json"):
        text = path.read_text(errors="replace")
        return ["json", "plan"] if "format_version" in text else ["json"]
    return []


def slot(path):
    name = path.name
    if name.endswith(".tf.json"):
        return 4
    if name.endswith(".tfvars"):
        return 2
    if name.endswith(".tf"):
        return 0
    if name.endswith((".yaml", ".yml", ".template")):
        return 5
    if name.endswith(".json"):
        return 7 if "format_version" in path.read_text(errors="replace") else 6
    return None


def save(target, data):
    out = CORPUS / target
    out.mkdir(parents=True, exist_ok=True)
    (out / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    counts = {}
    for target, data in BUILTIN.items():
        save(target, data)
    for source in SOURCES:
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            for target in targets(path):
                save(target, path.read_bytes())
                counts[target] = counts.get(target, 0) + 1
        for directory in sorted(p for p in source.rglob("*") if p.is_dir()):
            parts = [b""] * len(SLOTS)
            for path in sorted(p for p in directory.iterdir() if p.is_file()):
                index = slot(path)
                if index is not None:
                    parts[index] += path.read_bytes().replace(b"\0", b"") + b"\n"
            if any(parts):
                save("pipeline", b"\0".join(parts))
                counts["pipeline"] = counts.get("pipeline", 0) + 1
    for target, count in sorted(counts.items()):
        print(f"{target}: {count} seeds")


if __name__ == "__main__":
    main()
