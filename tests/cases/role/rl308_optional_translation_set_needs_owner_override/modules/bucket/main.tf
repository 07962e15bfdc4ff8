# A shared bucket module: replication is configured only when the caller passes
# `replication`, and AccessControlTranslation only when a rule sets `owner_override`.
variable "name" {
  type = string
}

variable "replication" {
  type = object({
    role = string
    rules = optional(list(object({
      id                 = string
      destination_bucket = string
      destination_account = optional(string)
      owner_override = optional(object({
        owner = optional(string, "Destination")
      }))
    })), [])
  })
  default = null
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "this" {
  count      = var.replication == null ? 0 : 1
  depends_on = [aws_s3_bucket_versioning.this]
  bucket     = aws_s3_bucket.this.id
  role       = var.replication.role

  dynamic "rule" {
    for_each = var.replication.rules
    content {
      id     = rule.value.id
      status = "Enabled"
      destination {
        bucket  = rule.value.destination_bucket
        account = rule.value.destination_account
        dynamic "access_control_translation" {
          for_each = rule.value.owner_override == null ? [] : [rule.value.owner_override]
          content {
            owner = access_control_translation.value.owner
          }
        }
      }
    }
  }
}

output "arn" {
  value = aws_s3_bucket.this.arn
}
