provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "source" {
  bucket = "audit-src"
  object_lock_enabled = true
}

resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "replica" {
  provider = aws
  bucket   = "audit-dst"
  object_lock_enabled = true
}

resource "aws_s3_bucket_versioning" "replica" {
  provider = aws
  bucket   = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "this" {
  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]

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
