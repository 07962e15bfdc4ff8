data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_s3_bucket_replication_configuration" "this" {
  role   = "arn:aws:iam::111122223333:role/replication"
  bucket = "example-src"
  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket  = "arn:aws:s3:::example-dst"
      account = "444455556666"
      encryption_configuration {
        replica_kms_key_id = "arn:aws:kms:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:alias/replica"
      }
    }
  }
}
