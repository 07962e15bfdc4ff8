variable "source_bucket" {
  type = string
}

resource "aws_iam_role" "replication" {
  name = "replication"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "replication" {
  role = aws_iam_role.replication.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration"]
        Resource = "arn:aws:s3:::example-src"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "arn:aws:s3:::example-src/*"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:ReplicateObject", "s3:ReplicateDelete"]
        Resource = "arn:aws:s3:::example-dst/*"
      }
    ]
  })
}

# The source bucket is managed elsewhere, named literally: its ARN is known.
resource "aws_s3_bucket_replication_configuration" "literal" {
  role   = aws_iam_role.replication.arn
  bucket = "example-src"

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = "arn:aws:s3:::example-dst"
    }
  }
}

# Named by a variable without a value: not checked.
resource "aws_s3_bucket_replication_configuration" "variable" {
  role   = aws_iam_role.replication.arn
  bucket = var.source_bucket

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = "arn:aws:s3:::example-dst"
    }
  }
}
