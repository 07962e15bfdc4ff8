variable "prefix" {
  default = "data/"
}
locals {
  replica_name = "replica-bucket"
}
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "replica"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deploy"
  }
}
resource "aws_s3_bucket" "source" {
  bucket = "source-bucket"
  tags = {
    rule = "a map, not a block"
  }
}
resource "aws_s3_bucket" "replica" {
  provider = aws.replica
  bucket   = local.replica_name
}
resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_versioning" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Suspended"
  }
}
resource "aws_iam_role" "replication" {
  name = "replication"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
resource "aws_iam_role_policy" "replication" {
  role   = aws_iam_role.replication.id
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:GetReplicationConfiguration\", \"s3:ListBucket\"], \"Resource\": \"${aws_s3_bucket.source.arn}\"}, {\"Effect\": \"Allow\", \"Action\": [\"s3:GetObjectVersionForReplication\", \"s3:GetObjectVersionAcl\"], \"Resource\": \"${aws_s3_bucket.source.arn}/*\"}, {\"Effect\": \"Allow\", \"Action\": [\"s3:ReplicateObject\", \"s3:ReplicateDelete\"], \"Resource\": \"${aws_s3_bucket.replica.arn}/*\"}]}"
}
resource "aws_s3_bucket_replication_configuration" "r" {
  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]
  count      = 1
  lifecycle {
    prevent_destroy = true
  }
  role   = aws_iam_role.replication.arn
  bucket = aws_s3_bucket.source.id
  rule {
    id       = "one"
    status   = "Enabled"
    priority = 1
    filter {
      prefix = var.prefix
    }
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket        = aws_s3_bucket.replica.arn
      storage_class = "STANDARD"
    }
  }
  rule {
    id       = "two"
    status   = "Enabled"
    priority = 2
    filter {
      prefix = "${var.prefix}logs/"
    }
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket = "arn:aws:s3:::${local.replica_name}"
    }
  }
}
data "aws_iam_policy_document" "d" {
  statement {
    actions = ["s3:*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
