
resource "aws_s3_bucket" "src" {
  bucket = "multi-src"
}
resource "aws_s3_bucket" "dst" {
  bucket = "multi-dst"
}
resource "aws_s3_bucket_versioning" "src" {
  bucket = aws_s3_bucket.src.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_versioning" "dst" {
  bucket = aws_s3_bucket.dst.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_iam_role" "r" {
  name = "multi"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "s3.amazonaws.com" } }]
  })
}
resource "aws_iam_role_policy" "p" {
  role = aws_iam_role.r.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource = aws_s3_bucket.src.arn },
      { Effect = "Allow", Action = ["s3:GetObjectVersion", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], Resource = "${aws_s3_bucket.src.arn}/*" },
      { Effect = "Allow", Action = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource = "${aws_s3_bucket.dst.arn}/*" },
    ]
  })
}
resource "aws_s3_bucket_replication_configuration" "c" {
  depends_on = [aws_s3_bucket_versioning.src, aws_s3_bucket_versioning.dst]
  bucket     = aws_s3_bucket.src.id
  role       = aws_iam_role.r.arn
  rule {
    id       = "one"
    priority = 1
    status   = "Enabled"
    filter {
      prefix = "one/"
    }
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = aws_s3_bucket.dst.arn
    }
  }
  rule {
    id       = "two"
    priority = 2
    status   = "Enabled"
    filter {
      prefix = "two/"
    }
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = aws_s3_bucket.dst.arn
    }
  }
}
