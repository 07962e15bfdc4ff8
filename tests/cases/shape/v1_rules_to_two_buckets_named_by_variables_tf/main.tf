variable "a" {}
variable "b" {}

resource "aws_s3_bucket" "src" {
  bucket = "orders-src"
}

resource "aws_s3_bucket" "a" {
  bucket = var.a
}

resource "aws_s3_bucket" "b" {
  bucket_prefix = "copy-"
}

resource "aws_s3_bucket" "c" {
  bucket = var.b
}

resource "aws_s3_bucket_replication_configuration" "r" {
  bucket = aws_s3_bucket.src.id
  role   = "arn:aws:iam::123456789012:role/replication"
  rule {
    prefix = "a/"
    status = "Enabled"
    destination {
      bucket = aws_s3_bucket.a.arn
    }
  }
  rule {
    prefix = "b/"
    status = "Enabled"
    destination {
      bucket = aws_s3_bucket.b.arn
    }
  }
  rule {
    prefix = "c/"
    status = "Enabled"
    destination {
      bucket = aws_s3_bucket.c.arn
    }
  }
}
