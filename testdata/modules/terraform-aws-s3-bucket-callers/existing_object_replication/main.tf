# `existing_object_replication` set on one rule: the module emits the block Enabled (RL115); the
# second rule states it as "disabled" (the module sends "Disabled": no finding), a third leaves
# it out (no block).

provider "aws" {
  region = "us-east-1"
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
  name               = "eor-replication"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "replication" {
  statement {
    actions   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
    resources = [module.source.s3_bucket_arn]
  }
  statement {
    actions   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
    resources = ["${module.source.s3_bucket_arn}/*"]
  }
  statement {
    actions   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
    resources = ["arn:aws:s3:::eor-replica/*"]
  }
}

resource "aws_iam_role_policy" "replication" {
  role   = aws_iam_role.replication.id
  policy = data.aws_iam_policy_document.replication.json
}

module "replica" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.0.0"

  bucket     = "eor-replica"
  versioning = { status = true }
}

module "source" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.0.0"

  bucket     = "eor-source"
  versioning = { enabled = "true" }

  replication_configuration = {
    role = aws_iam_role.replication.arn
    rules = [
      {
        id                          = "backfill"
        priority                    = 1
        delete_marker_replication   = true
        existing_object_replication = true
        filter                      = { prefix = "a/" }
        destination                 = { bucket = "arn:aws:s3:::eor-replica" }
      },
      {
        id                                 = "stated-off"
        priority                           = 2
        delete_marker_replication_status   = "Enabled"
        existing_object_replication_status = "disabled"
        filter                             = { prefix = "b/" }
        destination                        = { bucket = "arn:aws:s3:::eor-replica" }
      },
      {
        id                        = "plain"
        priority                  = 3
        delete_marker_replication = true
        filter                    = { prefix = "c/" }
        destination               = { bucket = "arn:aws:s3:::eor-replica" }
      },
    ]
  }

  depends_on = [module.replica]
}
