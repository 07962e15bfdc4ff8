# No default: the linter cannot tell how many configurations there are.
variable "replicas" {
  type = map(string)
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

resource "aws_s3_bucket_replication_configuration" "per_replica" {
  for_each   = var.replicas
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
      bucket = each.value
    }
  }
}
