# The buckets come from the module, the replication configuration is the caller's own resource on
# `module.source.s3_bucket_id`: the output is `try(aws_s3_bucket_policy.this[0].id,
# aws_s3_bucket.this[0].id, "")`, and the module attaches no policy (its `count` is 0), so the
# output is the bucket's id. A correct setup: no finding.

provider "aws" {
  region = "us-east-1"
}

module "replica" {
  source     = "terraform-aws-modules/s3-bucket/aws"
  version    = "5.0.0"
  bucket     = "own-replica"
  versioning = { enabled = true }
}

module "source" {
  source     = "terraform-aws-modules/s3-bucket/aws"
  version    = "5.0.0"
  bucket     = "own-source"
  versioning = { enabled = true }
}

resource "aws_iam_role" "replication" {
  name = "own-replication"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "s3.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "replication" {
  role = aws_iam_role.replication.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource = module.source.s3_bucket_arn },
      { Effect = "Allow", Action = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], Resource = "${module.source.s3_bucket_arn}/*" },
      { Effect = "Allow", Action = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource = "${module.replica.s3_bucket_arn}/*" },
    ]
  })
}

resource "aws_s3_bucket_replication_configuration" "this" {
  depends_on = [module.source, module.replica]
  bucket     = module.source.s3_bucket_id
  role       = aws_iam_role.replication.arn
  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = module.replica.s3_bucket_arn
    }
  }
}
