resource "aws_s3_bucket" "other" {
  bucket = "first"
  bucket = "second"
}
