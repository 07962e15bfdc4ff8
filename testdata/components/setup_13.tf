# Setup 13 (billing/invoices): replicate daily/ and monthly/ to us-west-2.

resource "aws_s3_bucket" "s0013_source" {
  bucket = "acme-billing-invoices-0013-us-east-1"

  tags = {
    Team       = "billing"
    CostCenter = "CC-1481"
  }
}

resource "aws_s3_bucket_versioning" "s0013_source" {
  bucket = aws_s3_bucket.s0013_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0013_replica" {
  provider = aws.replica
  bucket   = "acme-billing-invoices-0013-us-west-2"

  tags = {
    Team       = "billing"
    CostCenter = "CC-1481"
  }
}

resource "aws_s3_bucket_versioning" "s0013_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0013_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0013_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0013_replication" {
  name               = "billing-0013-replication"
  assume_role_policy = data.aws_iam_policy_document.s0013_trust.json
}

resource "aws_iam_policy" "s0013_source_read" {
  name = "billing-0013-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0013_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0013_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0013_source_read" {
  role       = aws_iam_role.s0013_replication.name
  policy_arn = aws_iam_policy.s0013_source_read.arn
}

resource "aws_iam_role_policy" "s0013_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0013_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0013_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0013" {
  depends_on = [aws_s3_bucket_versioning.s0013_source, aws_s3_bucket_versioning.s0013_replica]

  role   = aws_iam_role.s0013_replication.arn
  bucket = aws_s3_bucket.s0013_source.id

  rule {
    id       = "daily"
    priority = 1
    status   = "Enabled"

    filter {
      prefix = "daily/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0013_replica.arn
      storage_class = "STANDARD_IA"
    }
  }

  rule {
    id       = "monthly"
    priority = 2
    status   = "Enabled"

    filter {
      prefix = "monthly/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0013_replica.arn
      storage_class = "ONEZONE_IA"
    }
  }
}
