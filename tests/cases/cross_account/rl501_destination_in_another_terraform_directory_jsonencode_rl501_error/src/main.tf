provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_s3_bucket" "source" {
  bucket = "audit-src"
}

resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "this" {
  depends_on = [aws_s3_bucket_versioning.source]
  bucket     = aws_s3_bucket.source.id
  role       = "arn:aws:iam::111111111111:role/replication"
  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket  = "arn:aws:s3:::audit-dst"
      account = "222222222222"
    }
  }
}
