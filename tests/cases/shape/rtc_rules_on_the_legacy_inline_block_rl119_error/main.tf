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
      priority = 1
      filter {}
      delete_marker_replication_status = "Enabled"
      destination {
        bucket = "arn:aws:s3:::example-dst"
        replication_time {
          status  = "Enabled"
          minutes = 15
        }
        metrics {
          status  = "Enabled"
          minutes = 10
        }
      }
    }
  }
}
