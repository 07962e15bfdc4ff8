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
        bucket = data.terraform_remote_state.x.outputs.bucket_arn
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
