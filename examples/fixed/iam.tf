# The role that Amazon S3 assumes to replicate objects on our behalf.

data "aws_iam_policy_document" "replication_trust" {
  statement {
    sid     = "AllowS3ToAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "replication" {
  name               = "${var.project}-${var.environment}-s3-replication"
  description        = "Assumed by S3 to replicate ${aws_s3_bucket.source.bucket}"
  assume_role_policy = data.aws_iam_policy_document.replication_trust.json
}

# Read access on the source bucket and its object versions.
resource "aws_iam_policy" "replication_source" {
  name        = "${var.project}-${var.environment}-replication-source"
  description = "Lets the replication role read from the source bucket."

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "SourceBucket"
        Effect = "Allow"
        Action = [
          "s3:GetReplicationConfiguration",
          "s3:ListBucket",
        ]
        Resource = aws_s3_bucket.source.arn
      },
      {
        Sid    = "SourceObjects"
        Effect = "Allow"
        Action = [
          "s3:GetObjectVersionForReplication",
          "s3:GetObjectVersionAcl",
          "s3:GetObjectVersionTagging",
        ]
        Resource = "${aws_s3_bucket.source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "replication_source" {
  role       = aws_iam_role.replication.name
  policy_arn = aws_iam_policy.replication_source.arn
}

# Write access on the replica bucket, kept inline on the role.
resource "aws_iam_role_policy" "replication_destination" {
  name = "replication-destination"
  role = aws_iam_role.replication.id

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DestinationObjects",
      "Effect": "Allow",
      "Action": [
        "s3:ReplicateObject",
        "s3:ReplicateDelete",
        "s3:ReplicateTags"
      ],
      "Resource": "${aws_s3_bucket.replica.arn}/*"
    }
  ]
}
EOF
}
