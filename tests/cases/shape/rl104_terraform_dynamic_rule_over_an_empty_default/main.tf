variable "rules" {
  default = []
}
resource "aws_s3_bucket_replication_configuration" "this" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-src"
  dynamic "rule" {
    for_each = var.rules
    content {
      status = "Enabled"
      destination {
        bucket = "arn:aws:s3:::example-dst"
      }
    }
  }
}
