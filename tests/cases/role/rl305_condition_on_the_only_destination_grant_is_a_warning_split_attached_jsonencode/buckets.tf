resource "aws_s3_bucket" "src" {
  bucket = "my-src"
}

resource "aws_s3_bucket_versioning" "src" {
  bucket = aws_s3_bucket.src.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "dst" {
  bucket = "my-dst"
}

resource "aws_s3_bucket_versioning" "dst" {
  bucket = aws_s3_bucket.dst.id
  versioning_configuration {
    status = "Enabled"
  }
}
