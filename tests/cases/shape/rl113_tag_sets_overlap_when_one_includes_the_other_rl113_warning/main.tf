resource "aws_s3_bucket_replication_configuration" "this" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-src"

  rule {
    id     = "one"
    priority = 2
    status = "Enabled"

    filter {
      tag {
        key   = "replicate"
        value = "yes"
      }
    }

    delete_marker_replication {
      status = "Disabled"
    }

    destination {
      bucket = "arn:aws:s3:::example-dst"
    }
  }

  rule {
    id     = "two"
    priority = 1
    status = "Enabled"

    filter {
      and {
        prefix = ""
        tags = {
          replicate = "yes"
          team      = "data"
        }
      }
    }

    delete_marker_replication {
      status = "Disabled"
    }

    destination {
      bucket = "arn:aws:s3:::example-dst"
    }
  }
}
