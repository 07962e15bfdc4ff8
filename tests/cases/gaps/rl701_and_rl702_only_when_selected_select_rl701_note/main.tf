resource "aws_s3_bucket" "a" {
  bucket = "example-a"
}

resource "aws_s3_bucket" "b" {
  bucket = "example-b"
}

resource "aws_s3_bucket" "c" {
  bucket = "example-c"
}

resource "aws_s3_bucket_replication_configuration" "ab" {
  bucket = aws_s3_bucket.a.id
  role   = "arn:aws:iam::111111111111:role/replication"
  rule {
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = aws_s3_bucket.b.arn
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "ac" {
  bucket = aws_s3_bucket.a.id
  role   = "arn:aws:iam::111111111111:role/replication"
  rule {
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = aws_s3_bucket.c.arn
    }
  }
}
