variable "rules" {
  type = list(string)
}

variable "none" {
  type    = list(string)
  default = []
}

resource "aws_s3_bucket_replication_configuration" "bare" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-bare-source"
}

resource "aws_s3_bucket_replication_configuration" "empty" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-empty-source"

  dynamic "rule" {
    for_each = var.none
    content {
      id     = rule.value
      status = "Enabled"
      destination {
        bucket = "arn:aws:s3:::example-empty-replica"
      }
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "unknown" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-unknown-source"

  dynamic "rule" {
    for_each = var.rules
    content {
      id     = rule.value
      status = "Enabled"
      destination {
        bucket = "arn:aws:s3:::example-unknown-replica"
      }
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
  }
}
