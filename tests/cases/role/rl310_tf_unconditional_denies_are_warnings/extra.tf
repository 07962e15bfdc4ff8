data "aws_iam_policy_document" "tls_only" {
  statement {
    sid       = "TlsOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["*"]

  }
}

resource "aws_iam_role_policy" "tls_only" {
  name   = "tls-only"
  role   = aws_iam_role.replication.id
  policy = data.aws_iam_policy_document.tls_only.json
}

resource "aws_s3_bucket_policy" "src" {
  bucket = aws_s3_bucket.src.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.src.arn, "${aws_s3_bucket.src.arn}/*"]
      },
    ]
  })
}

resource "aws_s3_bucket_policy" "dst" {
  bucket = aws_s3_bucket.dst.id
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "TlsOnly",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": ["${aws_s3_bucket.dst.arn}", "${aws_s3_bucket.dst.arn}/*"]
    }
  ]
}
POLICY
}
