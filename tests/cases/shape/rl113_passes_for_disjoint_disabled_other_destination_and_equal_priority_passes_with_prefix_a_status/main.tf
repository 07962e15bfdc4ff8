resource "aws_s3_bucket_replication_configuration" "this" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-src"

  rule {
    id     = "a"
    status = "Enabled"
    priority = 2

    filter {
      prefix = "a/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket = "arn:aws:s3:::example-dst"
    }
  }

  rule {
    id     = "b"
    status = "Enabled"
    priority = 1

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
