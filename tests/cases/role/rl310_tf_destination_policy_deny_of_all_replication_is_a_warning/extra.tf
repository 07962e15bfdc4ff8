resource "aws_s3_bucket_policy" "dst" {
  bucket = aws_s3_bucket.dst.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "NoReplication"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:Replicate*"
        Resource  = "${aws_s3_bucket.dst.arn}/*"
      },
    ]
  })
}
