variable "prefix" {}

resource "aws_s3_bucket_replication_configuration" "tax" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-tax-source"

  rule {
    id       = "tax"
    priority = 1
    status   = "Enabled"
    filter {
      prefix = "Tax/2024/"
    }
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket = "arn:aws:s3:::example-tax-replica"
    }
  }

  rule {
    id       = "tagged"
    priority = 2
    status   = "Enabled"
    filter {
      and {
        prefix = "reports/"
        tags   = { keep = "yes" }
      }
    }
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket = "arn:aws:s3:::example-tax-replica"
    }
  }

  rule {
    id       = "whole"
    priority = 3
    status   = "Enabled"
    filter {
      prefix = var.prefix
    }
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket = "arn:aws:s3:::example-tax-replica"
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
      status = "Enabled"
      prefix = ""
      destination {
        bucket = "arn:aws:s3:::example-legacy-replica"
      }
    }
  }
}
