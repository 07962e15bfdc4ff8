provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "replica"
  region = "eu-west-1"
}

resource "aws_s3_bucket" "source" {
  bucket              = "example-src"
  object_lock_enabled = true
}

resource "aws_s3_bucket" "replica" {
  provider = aws.replica
  bucket   = "example-dst"
}

resource "aws_s3_bucket_replication_configuration" "this" {
  bucket = aws_s3_bucket.source.id
  role   = "arn:aws:iam::111111111111:role/replication"

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = aws_s3_bucket.replica.arn
    }
  }
}

resource "aws_s3_bucket_object_lock_configuration" "x" {
  bucket = var.locked
}
