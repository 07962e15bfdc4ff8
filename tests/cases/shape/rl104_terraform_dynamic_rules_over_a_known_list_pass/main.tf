variable "prefixes" {
  type    = list(string)
  default = ["logs/", "audit/"]
}

resource "aws_s3_bucket_replication_configuration" "listed" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-listed-source"

  dynamic "rule" {
    for_each = var.prefixes
    content {
      id       = rule.value
      priority = rule.key
      status   = "Enabled"
      filter {
        prefix = rule.value
      }
      delete_marker_replication {
        status = "Disabled"
      }
      destination {
        bucket = "arn:aws:s3:::example-listed-replica"
      }
    }
  }
}
