data "aws_caller_identity" "current" {}

resource "aws_s3_bucket_replication_configuration" "this" {
  role   = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/replication"
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
      account = data.aws_caller_identity.current.account_id
      access_control_translation {
        owner = "Destination"
      }
    }
  }
}
