variable "source_bucket" {
  type = string
}

variable "destination_bucket" {
  type = string
}

variable "role_arn" {
  type = string
}

resource "aws_s3_bucket_replication_configuration" "this" {
  bucket = var.source_bucket
  role   = var.role_arn

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = var.destination_bucket
    }
  }
}
