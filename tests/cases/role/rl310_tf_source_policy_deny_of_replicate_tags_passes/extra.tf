resource "aws_s3_bucket_policy" "src" {
  bucket = aws_s3_bucket.src.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "NoTags"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:ReplicateTags"
        Resource  = "${aws_s3_bucket.src.arn}/*"
      },
    ]
  })
}
