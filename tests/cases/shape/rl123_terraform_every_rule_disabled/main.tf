resource "aws_s3_bucket_replication_configuration" "paused" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-paused-source"

  rule {
    id       = "logs"
    priority = 1
    status   = "Disabled"
    filter {
      prefix = "logs/"
    }
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket = "arn:aws:s3:::example-paused-replica"
    }
  }

  rule {
    id       = "audit"
    priority = 2
    status   = "Disabled"
    filter {
      prefix = "audit/"
    }
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket = "arn:aws:s3:::example-paused-replica"
    }
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "example-legacy-source"

  versioning {
    enabled = true
  }

  replication_configuration {
    role = "arn:aws:iam::123456789012:role/replication"
    rules {
      id     = "legacy"
      status = "Disabled"
      destination {
        bucket = "arn:aws:s3:::example-legacy-replica"
      }
    }
  }
}
