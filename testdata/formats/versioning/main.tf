resource "aws_s3_bucket" "src" {
  bucket = "example-ver-src"
}

resource "aws_s3_bucket_versioning" "src" {
  bucket = "example-ver-src"
  versioning_configuration {
    status = "Suspended"
  }
}

resource "aws_s3_bucket" "dst" {
  bucket = "example-ver-dst"
}

resource "aws_s3_bucket_replication_configuration" "ver" {
  role   = "arn:aws:iam::111122223333:role/replication"
  bucket = "example-ver-src"
  rule {
    id     = "all"
    status = "Disabled"
    filter {
    }
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket = "arn:aws:s3:::example-ver-dst"
    }
  }
}
