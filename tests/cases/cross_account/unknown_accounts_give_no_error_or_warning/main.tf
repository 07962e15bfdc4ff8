variable "replica_role" {}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias = "replica"
  assume_role {
    role_arn = var.replica_role
  }
}

resource "aws_s3_bucket" "source" {
  bucket = "example-src"
}

resource "aws_s3_bucket" "replica" {
  provider = aws.replica
  bucket   = "example-dst"
  object_lock_enabled = false
}

resource "aws_s3_bucket_replication_configuration" "this" {
  bucket = aws_s3_bucket.source.id
  role   = var.role_arn

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = aws_s3_bucket.replica.arn
      account = var.replica_account
      access_control_translation {
        owner = "Destination"
      }
      encryption_configuration {
        replica_kms_key_id = "alias/aws/s3"
      }
    }
  }
}
