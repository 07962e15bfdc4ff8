# Rules with and without filters, as the module turns them into blocks:
# - "no-filter": no `filter` given, the module emits `filter {}` (V2): delete marker replication
#   is fine;
# - "empty-filter": `filter = {}` makes the module emit no filter block at all (V1), so its
#   `delete_marker_replication` is rejected (RL111);
# - "prefix-and-tags": `and { prefix tags }` with delete marker replication Enabled, which S3
#   does not support with tag filters (RL112);
# - "no-delete-markers": a prefix filter without `delete_marker_replication`: the module emits
#   none, and S3 requires it for a filtered rule (RL107).

provider "aws" {
  region = "us-west-2"
}

resource "aws_iam_role" "replication" {
  name = "filters-replication"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "s3.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "replication" {
  role = aws_iam_role.replication.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = "arn:aws:s3:::filters-source"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "arn:aws:s3:::filters-source/*"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
        Resource = ["arn:aws:s3:::filters-replica-*/*"]
      },
    ]
  })
}

module "replica_a" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.0.0"

  bucket     = "filters-replica-a"
  versioning = { enabled = true }
}

module "replica_b" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.0.0"

  bucket     = "filters-replica-b"
  versioning = { enabled = true }
}

module "replica_c" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.0.0"

  bucket     = "filters-replica-c"
  versioning = { enabled = true }
}

module "source" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.0.0"

  bucket     = "filters-source"
  versioning = { enabled = true }

  replication_configuration = {
    role = aws_iam_role.replication.arn
    rules = [
      {
        id                        = "no-filter"
        priority                  = 1
        delete_marker_replication = true
        destination               = { bucket = module.replica_a.s3_bucket_arn }
      },
      {
        id                        = "empty-filter"
        priority                  = 2
        delete_marker_replication = true
        filter                    = {}
        destination               = { bucket = module.replica_c.s3_bucket_arn }
      },
      {
        id                        = "prefix-and-tags"
        priority                  = 4
        delete_marker_replication = "Enabled"
        filter = {
          prefix = "silver/"
          tags   = { Class = "silver" }
        }
        destination = { bucket = module.replica_b.s3_bucket_arn }
      },
      {
        id          = "no-delete-markers"
        priority    = 5
        filter      = { prefix = "bronze/" }
        destination = { bucket = module.replica_b.s3_bucket_arn }
      },
    ]
  }

  depends_on = [module.replica_a, module.replica_b, module.replica_c]
}
