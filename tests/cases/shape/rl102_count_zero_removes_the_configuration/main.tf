# Replication is off by default: the destination is an input whose default is "".
variable "replication_enabled" {
  type    = bool
  default = false
}

variable "replica_bucket_arn" {
  type    = string
  default = ""
}

module "label" {
  source  = "cloudposse/label/null"
  version = "0.25.0"
}

locals {
  # module.label.enabled is unknown to the linter, but `unknown && false` is false.
  replication_enabled = module.label.enabled && var.replication_enabled
}

resource "aws_iam_role" "replication" {
  name = "state-replication"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "s3.amazonaws.com" } }]
  })
}

resource "aws_s3_bucket" "state" {
  bucket = "terraform-state-example"
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "replication" {
  count      = local.replication_enabled ? 1 : 0
  bucket     = aws_s3_bucket.state.id
  role       = aws_iam_role.replication.arn
  depends_on = [aws_s3_bucket_versioning.state]

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = var.replica_bucket_arn
    }
  }
}
