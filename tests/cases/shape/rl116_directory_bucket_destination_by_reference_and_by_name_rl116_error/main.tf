resource "aws_s3_directory_bucket" "fast" {
  bucket = "example-fast--usw2-az1--x-s3"

  location {
    name = "usw2-az1"
  }
}

resource "aws_s3_bucket_replication_configuration" "this" {
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-src"

  rule {
    id     = "a"
    status = "Enabled"

    filter {
      prefix = ""
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket = aws_s3_directory_bucket.fast.arn
    }
  }
}
