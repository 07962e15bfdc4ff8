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
  statement {
    sid     = "SidSrcBucket"
    effect  = "Allow"
    actions = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
    resources = [aws_s3_bucket.src.arn]
  }
  statement {
    sid     = "SidSrcObjects"
    effect  = "Allow"
    actions = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
    resources = ["${aws_s3_bucket.src.arn}/*"]
  }
  statement {
    sid     = "SidDstObjects"
    effect  = "Allow"
    actions = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
    resources = ["${aws_s3_bucket.dst.arn}/*"]
  }
}

resource "aws_iam_role" "replication" {
  name               = "replication"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_policy" "perms" {
  name   = "replication"
  policy = data.aws_iam_policy_document.perms.json
}

resource "aws_iam_role_policy_attachment" "perms" {
  role       = aws_iam_role.replication.name
  policy_arn = aws_iam_policy.perms.arn
}
