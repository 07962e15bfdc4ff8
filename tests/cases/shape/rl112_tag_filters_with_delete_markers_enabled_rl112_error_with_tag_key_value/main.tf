resource "aws_s3_bucket_replication_configuration" "this" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-src"

  rule {
    id     = "t"
    status = "Enabled"

    filter {
      tag {
        key   = "replicate"
        value = "yes"
      }
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket = "arn:aws:s3:::example-dst"
    }
  }
}
