resource "aws_s3_bucket_replication_configuration" "this" {
  role   = "arn:aws:iam::111122223333:role/replication"
  bucket = "example-tf-src"

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket  = "arn:aws:s3:::example-tf-dst"
      account = 444455556666
      encryption_configuration {
        replica_kms_key_id = "alias/aws/s3"
      }
    }
  }
}
