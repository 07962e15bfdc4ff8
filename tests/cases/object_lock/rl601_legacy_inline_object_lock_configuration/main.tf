resource "aws_s3_bucket" "replica" {
  bucket = "audit-dst"
  versioning {
    enabled = true
  }
}

resource "aws_s3_bucket" "source" {
  bucket = "audit-src"
  versioning {
    enabled = true
  }
  object_lock_configuration {
    object_lock_enabled = "Enabled"
  }
  replication_configuration {
    role = "arn:aws:iam::111111111111:role/replication"
    rules {
      id     = "all"
      status = "Enabled"
      filter {}
      delete_marker_replication_status = "Enabled"
      destination {
        bucket = aws_s3_bucket.replica.arn
      }
    }
  }
}
