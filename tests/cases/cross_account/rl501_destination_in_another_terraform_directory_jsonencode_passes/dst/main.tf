provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]
}

resource "aws_s3_bucket" "replica" {
  bucket = "audit-dst"
}

resource "aws_s3_bucket_versioning" "replica" {
  bucket = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_policy" "replica" {
  bucket = aws_s3_bucket.replica.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:role/replication" }
      Action    = ["s3:ReplicateObject", "s3:ReplicateDelete"]
      Resource  = "${aws_s3_bucket.replica.arn}/*"
    }]
  })
}
