# Two defects for the end-to-end test: the destination is the replica's name
# (.id) instead of its ARN (RL102), and the filtered rule does not say what to
# do with delete markers (RL107).
resource "aws_s3_bucket_replication_configuration" "source_to_replica" {
  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]

  role   = aws_iam_role.replication.arn
  bucket = aws_s3_bucket.source.id

  rule {
    id     = "replicate-data"
    status = "Enabled"

    filter {
      prefix = "data/"
    }

    destination {
      bucket = aws_s3_bucket.replica.id
    }
  }
}
