# Provider v3 inline replication with SSE-KMS default encryption on the source bucket.
resource "aws_kms_key" "source" {}
resource "aws_kms_key" "replica" {}

resource "aws_iam_role" "replication" {
  name = "inventory-replication"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "s3.amazonaws.com" } }]
  })
}

resource "aws_s3_bucket" "replica" {
  bucket = "inventory-dst"
  versioning { enabled = true }
}

variable "select_kms_objects" {
  type    = bool
  default = "1"
}

resource "aws_s3_bucket" "source" {
  bucket = "inventory-src"
  versioning { enabled = "true" }
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        kms_master_key_id = aws_kms_key.source.arn
        sse_algorithm     = "aws:kms"
      }
    }
  }
  replication_configuration {
    role = aws_iam_role.replication.arn
    rules {
      id     = "all"
      status = "Enabled"
      destination {
        bucket             = aws_s3_bucket.replica.arn
        replica_kms_key_id = aws_kms_key.replica.arn
      }
      source_selection_criteria {
        sse_kms_encrypted_objects {
          enabled = var.select_kms_objects
        }
      }
    }
  }
}
