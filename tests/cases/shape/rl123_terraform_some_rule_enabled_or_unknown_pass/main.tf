variable "status" {}

resource "aws_s3_bucket_replication_configuration" "partly" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-partly-source"

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
      bucket = "arn:aws:s3:::example-partly-replica"
    }
  }

  rule {
    id       = "audit"
    priority = 2
    status   = "Enabled"
    filter {
      prefix = "audit/"
    }
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket = "arn:aws:s3:::example-partly-replica"
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "switched" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-switched-source"

  rule {
    id     = "all"
    status = var.status
    filter {}
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket = "arn:aws:s3:::example-switched-replica"
    }
  }
}
