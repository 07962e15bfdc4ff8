variable "dst" {}
resource "aws_s3_bucket_replication_configuration" "this" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-src"

  rule {
    id     = "a"
    status = "Enabled"
    prefix = "a/"

    destination {
      bucket = "arn:aws:s3:::example-dst"
    }
  }

  rule {
    id     = "b"
    status = "Enabled"
    prefix = "b/"

    destination {
      bucket = "arn:aws:s3:::${var.dst}"
    }
  }
}
