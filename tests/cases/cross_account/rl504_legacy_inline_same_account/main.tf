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
  replication_configuration {
    role = "arn:aws:iam::111111111111:role/replication"
    rules {
      id     = "all"
      status = "Enabled"
      prefix = ""
      destination {
        bucket     = aws_s3_bucket.replica.arn
        account_id = "111111111111"
        access_control_translation {
          owner = "Destination"
        }
      }
    }
  }
}
