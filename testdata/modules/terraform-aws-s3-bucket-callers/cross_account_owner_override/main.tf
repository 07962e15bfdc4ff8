# Cross-account replication with owner override: the source account (111111111111) replicates
# into a bucket of account 222222222222 created by the same configuration through a second
# provider. The destination bucket policy (the module's combined document, from the caller's
# `policy`) grants the role s3:ReplicateObject and s3:ReplicateDelete but not
# s3:ObjectOwnerOverrideToBucketOwner (RL502).

provider "aws" {
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111111111111:role/deploy"
  }
}

provider "aws" {
  alias  = "backup"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/deploy"
  }
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
  name               = "xacct-replication"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "replication" {
  statement {
    actions   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
    resources = ["arn:aws:s3:::xacct-source"]
  }
  statement {
    actions   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
    resources = ["arn:aws:s3:::xacct-source/*"]
  }
  statement {
    actions = [
      "s3:ReplicateObject",
      "s3:ReplicateDelete",
      "s3:ReplicateTags",
      "s3:ObjectOwnerOverrideToBucketOwner",
    ]
    resources = ["arn:aws:s3:::xacct-backup/*"]
  }
}

resource "aws_iam_role_policy" "replication" {
  role   = aws_iam_role.replication.id
  policy = data.aws_iam_policy_document.replication.json
}

data "aws_iam_policy_document" "backup" {
  statement {
    sid       = "ReplicationObjects"
    actions   = ["s3:ReplicateObject", "s3:ReplicateDelete"]
    resources = ["arn:aws:s3:::_S3_BUCKET_ID_/*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.replication.arn]
    }
  }
  statement {
    sid       = "ReplicationBucket"
    actions   = ["s3:GetBucketVersioning", "s3:PutBucketVersioning"]
    resources = ["_S3_BUCKET_ARN_"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.replication.arn]
    }
  }
}

module "backup" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.0.0"

  providers = {
    aws = aws.backup
  }

  bucket     = "xacct-backup"
  versioning = { enabled = true }

  attach_policy = true
  policy        = data.aws_iam_policy_document.backup.json
}

module "source" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.0.0"

  bucket     = "xacct-source"
  versioning = { enabled = true }

  replication_configuration = {
    role = aws_iam_role.replication.arn
    rules = [
      {
        id                        = "to-backup"
        priority                  = 0
        delete_marker_replication = true
        destination = {
          bucket     = module.backup.s3_bucket_arn
          account_id = "222222222222"
          access_control_translation = {
            owner = "Destination"
          }
        }
      },
    ]
  }

  depends_on = [module.backup]
}
