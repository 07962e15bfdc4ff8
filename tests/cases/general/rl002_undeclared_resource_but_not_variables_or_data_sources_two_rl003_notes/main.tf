variable "dst" {}
data "aws_iam_role" "r" {
  name = "x"
}

resource "aws_s3_bucket" "source" {
  bucket = "audit-src"
}

resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "replica" {
  provider = aws
  bucket   = "audit-dst"
}

resource "aws_s3_bucket_versioning" "replica" {
  provider = aws
  bucket   = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "this" {
  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]

  bucket = aws_s3_bucket.source.id
  role   = data.aws_iam_role.r.arn

  rule {
    id     = "all"
    status = "Enabled"

    filter {}

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket = var.dst
    }
  }
}
