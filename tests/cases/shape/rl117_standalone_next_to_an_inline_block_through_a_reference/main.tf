resource "aws_s3_bucket" "src" {
  bucket = "example-src"

  versioning {
    enabled = true
  }

  replication_configuration {
    role = "arn:aws:iam::123456789012:role/replication"
    rules {
      id     = "a"
      status = "Enabled"
      prefix = ""
      destination {
        bucket = "arn:aws:s3:::example-dst"
      }
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "this" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = aws_s3_bucket.src.id

  rule {
    id     = "b"
    status = "Enabled"

    filter {
      prefix = "b/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket = "arn:aws:s3:::example-dst"
    }
  }
}
