# RTC enabled without metrics: the module emits `replication_time` (Enabled) and no `metrics`
# block for rule "fast" (RL118); rule "metrics-off" states metrics as `false`, which the module
# turns into `metrics { status = "Disabled" }` (RL118 too).

provider "aws" {
  region = "us-east-1"
}

resource "aws_iam_role" "replication" {
  name = "rtc-replication"
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
        Resource = "arn:aws:s3:::rtc-source"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "arn:aws:s3:::rtc-source/*"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
        Resource = "arn:aws:s3:::rtc-replica/*"
      },
    ]
  })
}

module "replica" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.0.0"

  bucket     = "rtc-replica"
  versioning = { enabled = true }
}

module "source" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.0.0"

  bucket     = "rtc-source"
  versioning = { enabled = true }

  replication_configuration = {
    role = aws_iam_role.replication.arn
    rules = [
      {
        id                        = "fast"
        priority                  = 1
        delete_marker_replication = "Enabled"
        filter                    = { prefix = "fast/" }
        destination = {
          bucket = "arn:aws:s3:::rtc-replica"
          replication_time = {
            status  = "Enabled"
            minutes = 15
          }
        }
      },
      {
        id                        = "metrics-off"
        priority                  = 2
        delete_marker_replication = "Disabled"
        filter                    = { prefix = "slow/" }
        destination = {
          bucket = "arn:aws:s3:::rtc-replica"
          replication_time = {
            status = true
          }
          metrics = {
            status = false
          }
        }
      },
    ]
  }

  depends_on = [module.replica]
}
