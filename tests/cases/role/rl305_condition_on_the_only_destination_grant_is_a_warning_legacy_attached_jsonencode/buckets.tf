resource "aws_s3_bucket" "src" {
  bucket = "my-src"

  versioning {
    enabled = true
  }

  replication_configuration {
    role = aws_iam_role.replication.arn

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
