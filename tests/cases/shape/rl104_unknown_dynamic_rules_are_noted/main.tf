variable "rules" {
  type = list(object({ id = string, destination = string }))
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

resource "aws_s3_bucket_replication_configuration" "dynamic" {
  bucket     = aws_s3_bucket.state.id
  role       = aws_iam_role.replication.arn
  depends_on = [aws_s3_bucket_versioning.state]

  dynamic "rule" {
    for_each = var.rules
    content {
      id     = rule.value.id
      status = "Enabled"
      destination {
        bucket = rule.value.destination
      }
    }
  }
}
