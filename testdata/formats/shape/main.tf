resource "aws_s3_bucket_replication_configuration" "shape" {
  role   = "arn:aws:iam::111122223333:role/replication"
  bucket = "example-shape-src"
  rule {
    id       = "logs"
    priority = 1
    status   = "Enabled"
    filter {
      prefix = "/logs/"
    }
    destination {
      bucket        = "example-shape-dst"
      storage_class = "CHEAP"
    }
  }
  rule {
    id       = "tagged"
    priority = 1
    status   = "Enabled"
    filter {
      tag {
        key   = "keep"
        value = "yes"
      }
    }
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = "arn:aws:s3:::example-shape-dst2"
      replication_time {
        status = "Enabled"
        time {
          minutes = 15
        }
      }
      access_control_translation {
        owner = "Destination"
      }
    }
  }
}
