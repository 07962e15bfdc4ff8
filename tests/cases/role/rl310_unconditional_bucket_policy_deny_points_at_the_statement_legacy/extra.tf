resource "aws_s3_bucket_policy" "dst" {
  bucket = aws_s3_bucket.dst.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyAll"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:ReplicateDelete"
        Resource  = "${aws_s3_bucket.dst.arn}/*"
      },
    ]
  })
}
