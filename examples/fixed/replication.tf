# Replicate everything under data/ to the disaster-recovery region,
# including delete markers.
resource "aws_s3_bucket_replication_configuration" "source_to_replica" {
  # Versioning has to be enabled on both buckets before S3 accepts the
  # replication configuration.
  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]

  role   = aws_iam_role.replication.arn
  bucket = aws_s3_bucket.source.id

  rule {
    id     = "replicate-data"
    status = "Enabled"

    filter {
      prefix = "data/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.replica.arn
      storage_class = "STANDARD"
    }
  }
}
