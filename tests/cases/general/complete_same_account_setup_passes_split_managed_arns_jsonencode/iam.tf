resource "aws_iam_role" "replication" {
  name               = "replication"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "SidTrust"
        Effect = "Allow"
        Action = ["sts:AssumeRole"]
        Principal = { Service = "s3.amazonaws.com" }
      },
    ]
  })
  managed_policy_arns = [aws_iam_policy.perms.arn]
}

resource "aws_iam_policy" "perms" {
  name   = "replication"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "SidSrcBucket"
        Effect = "Allow"
        Action = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = [aws_s3_bucket.src.arn]
      },
      {
        Sid    = "SidSrcObjects"
        Effect = "Allow"
        Action = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = ["${aws_s3_bucket.src.arn}/*"]
      },
      {
        Sid    = "SidDstObjects"
        Effect = "Allow"
        Action = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
        Resource = ["${aws_s3_bucket.dst.arn}/*"]
      },
    ]
  })
}
