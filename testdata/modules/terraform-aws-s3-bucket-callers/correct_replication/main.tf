# A correct same-account cross-region replication through the registry module: two rules, one
# with a prefix filter and RTC + metrics, one with a prefix and a tag (the module emits `and`),
# both with delete marker replication stated; the source bucket policy combines the module's own
# deny-insecure-transport statement with the caller's policy (placeholders replaced).

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "replica"
  region = "eu-central-1"
}

locals {
  source_name  = "acme-origin-data"
  replica_name = "acme-replica-data"
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "replication" {
  name               = "acme-replication"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "replication" {
  statement {
    actions   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
    resources = ["arn:aws:s3:::${local.source_name}"]
  }
  statement {
    actions = [
      "s3:GetObjectVersionForReplication",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionTagging",
    ]
    resources = ["arn:aws:s3:::${local.source_name}/*"]
  }
  statement {
    actions   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
    resources = ["${module.replica_bucket.s3_bucket_arn}/*"]
  }
}

resource "aws_iam_role_policy" "replication" {
  role   = aws_iam_role.replication.id
  policy = data.aws_iam_policy_document.replication.json
}

module "replica_bucket" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "~> 5.0"

  providers = {
    aws = aws.replica
  }

  bucket = local.replica_name

  versioning = {
    enabled = true
  }
}

data "aws_iam_policy_document" "source_policy" {
  statement {
    sid       = "ReadOnlyForAuditors"
    actions   = ["s3:GetObject"]
    resources = ["_S3_BUCKET_ARN_/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::_AWS_ACCOUNT_ID_:role/auditor"]
    }
  }
}

module "s3_bucket" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "~> 5.0"

  bucket = local.source_name

  versioning = {
    status = "Enabled"
  }

  attach_deny_insecure_transport_policy = true
  attach_policy                         = true
  policy                                = data.aws_iam_policy_document.source_policy.json

  replication_configuration = {
    role = aws_iam_role.replication.arn

    rules = [
      {
        id       = "logs"
        status   = true
        priority = 10

        delete_marker_replication = true

        filter = {
          prefix = "logs/"
        }

        destination = {
          bucket        = module.replica_bucket.s3_bucket_arn
          storage_class = "STANDARD_IA"

          replication_time = {
            status  = "Enabled"
            minutes = 15
          }

          metrics = {
            status  = "Enabled"
            minutes = 15
          }
        }
      },
      {
        id       = "tagged-data"
        priority = 20

        delete_marker_replication = false

        filter = {
          prefix = "data/"
          tags = {
            Replicate = "yes"
          }
        }

        destination = {
          bucket = module.replica_bucket.s3_bucket_arn
        }
      },
    ]
  }

  depends_on = [module.replica_bucket]
}
