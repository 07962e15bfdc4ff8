#!/usr/bin/env python3
"""Generates one large Terraform file of plain S3 buckets (issue 20: a 50 MB `.tf` with
480,000 buckets, linted in at most 3 s and 1 GiB). bench/run.py times it with --buckets.

Usage: python3 bench/buckets.py COUNT OUT.tf

Each bucket is a `resource "aws_s3_bucket"` block of about 106 bytes with a literal name and
one tag: nothing to report, so the figure measures reading, parsing, lowering and linking.

Standard library only.
"""

import sys

TEMPLATE = (
    'resource "aws_s3_bucket" "b%d" {\n'
    '  bucket = "acme-archive-%07d"\n'
    '  tags   = { Team = "team-%02d" }\n'
    "}\n\n"
)


def generate(path, count):
    """Writes `count` buckets into `path`."""
    with open(path, "w") as out:
        for i in range(count):
            out.write(TEMPLATE % (i, i, i % 50))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    generate(sys.argv[2], int(sys.argv[1]))


if __name__ == "__main__":
    main()
