data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "SidTrust"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "perms" {
}

resource "aws_iam_role" "replication" {
  name               = "replication"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

data "aws_iam_policy" "replication" {
  name = "S3ReplicationPolicy"
}

resource "aws_iam_role_policy_attachment" "perms" {
  role       = aws_iam_role.replication.name
  policy_arn = data.aws_iam_policy.replication.arn
}
