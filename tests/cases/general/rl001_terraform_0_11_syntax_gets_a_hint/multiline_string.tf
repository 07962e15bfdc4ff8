resource "aws_s3_bucket" "logs" {
  bucket = "logs"
  policy = "{
    \"Version\": \"2012-10-17\"
  }"
}
