resource "aws_s3_bucket" "src" {
  bucket = "my-src"

  versioning {
    enabled = true
  }

  replication_configuration {
    role = data.aws_iam_role.missing.arn

    rules {
      id     = "all"
      status = "Enabled"

      filter {}

      delete_marker_replication_status = "Enabled"

      destination {
        bucket = aws_s3_bucket.dst.arn
      }
    }
  }
}

resource "aws_s3_bucket" "dst" {
  bucket = "my-dst"

  versioning {
    enabled = true
  }
}
