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
}

resource "aws_iam_policy" "perms" {
  name   = "replication"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "SidAll"
        Effect = "Allow"
        Action = ["*"]
        Resource = ["*"]
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "perms" {
  role       = aws_iam_role.replication.name
  policy_arn = aws_iam_policy.perms.arn
}
