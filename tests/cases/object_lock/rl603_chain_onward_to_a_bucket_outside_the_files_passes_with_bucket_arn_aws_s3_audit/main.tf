resource "aws_s3_bucket" "a" {
  bucket = "audit-a"
}

resource "aws_s3_bucket_versioning" "a" {
  bucket = aws_s3_bucket.a.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "b" {
  bucket = "audit-b"
}

resource "aws_s3_bucket_versioning" "b" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "a" {
  depends_on = [aws_s3_bucket_versioning.a, aws_s3_bucket_versioning.b]
  bucket     = aws_s3_bucket.a.id
  role       = "arn:aws:iam::111111111111:role/replication"

  rule {
    id     = "to-b"
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

resource "aws_s3_bucket_replication_configuration" "b" {
  depends_on = [aws_s3_bucket_versioning.b]
  bucket     = aws_s3_bucket.b.id
  role       = "arn:aws:iam::111111111111:role/replication"

  rule {
    id     = "to-c"
    status = "Enabled"

    filter {}

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket = "arn:aws:s3:::audit-a"
    }
  }
}

