resource "aws_s3_bucket_replication_configuration" "repl" {
  depends_on = [aws_s3_bucket_versioning.src, aws_s3_bucket_versioning.dst]

  role = aws_iam_role.replication.arn
  bucket = aws_s3_bucket.src.id

  rule {
    id     = "all"
    status = "Enabled"

    filter {}

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket = aws_s3_bucket.dst.arn
    }
  }
}
