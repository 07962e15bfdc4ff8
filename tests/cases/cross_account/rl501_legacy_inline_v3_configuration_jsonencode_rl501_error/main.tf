provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias  = "replica"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/terraform"
  }
}

resource "aws_s3_bucket" "replica" {
  provider = aws.replica
  bucket   = "audit-dst"
  versioning {
    enabled = true
  }
}

resource "aws_s3_bucket" "source" {
  bucket = "audit-src"
  versioning {
    enabled = true
  }
  replication_configuration {
    role = "arn:aws:iam::111111111111:role/replication"
    rules {
      id     = "all"
      status = "Enabled"
      prefix = ""
      destination {
        bucket     = aws_s3_bucket.replica.arn
        account_id = "222222222222"
      }
    }
  }
}

resource "aws_s3_bucket_policy" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:role/replication" }
      Action    = ["s3:ReplicateObject"]
      Resource  = "${aws_s3_bucket.replica.arn}/*"
    }]
  })
}
