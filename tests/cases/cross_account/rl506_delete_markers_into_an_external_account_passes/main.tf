provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias  = "replica"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/deploy"
  }
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
  role   = "arn:aws:iam::111111111111:role/replication"

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket  = "arn:aws:s3:::partner-bucket"
      account = "222222222222"
    }
  }
}
