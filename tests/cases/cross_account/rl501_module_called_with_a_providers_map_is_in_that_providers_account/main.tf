provider "aws" {
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::111111111111:role/deploy"
  }
}

provider "aws" {
  alias  = "backup"
  region = "us-west-2"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/deploy"
  }
}

module "backup" {
  source = "./modules/bucket"
  name   = "ledger-backup"
  providers = {
    aws = aws.backup
  }
}

resource "aws_s3_bucket" "ledger" {
  bucket = "ledger"
}

resource "aws_s3_bucket_versioning" "ledger" {
  bucket = aws_s3_bucket.ledger.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_iam_role" "replication" {
  name = "ledger-replication"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "s3.amazonaws.com" } }]
  })
}

resource "aws_s3_bucket_replication_configuration" "ledger" {
  depends_on = [aws_s3_bucket_versioning.ledger, module.backup]

  bucket = aws_s3_bucket.ledger.id
  role   = aws_iam_role.replication.arn

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket = module.backup.arn
    }
  }
}
