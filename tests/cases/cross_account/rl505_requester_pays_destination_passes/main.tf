provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "replica"
  region = "eu-west-1"
}

resource "aws_s3_bucket" "source" {
  bucket = "example-src"
}

resource "aws_s3_bucket" "replica" {
  provider = aws.replica
  bucket   = "example-dst"
}

resource "aws_s3_bucket_replication_configuration" "this" {
  bucket = aws_s3_bucket.source.id
  role   = aws_iam_role.r.arn

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = aws_s3_bucket.replica.arn
    }
  }
}

resource "aws_s3_bucket_request_payment_configuration" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  payer    = "Requester"
}

resource "aws_iam_role" "r" {
  name = "replication"
}
