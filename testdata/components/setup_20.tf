# Setup 20 (identity/invoices): replicate daily/ and monthly/ to us-west-2.

resource "aws_s3_bucket" "s0020_source" {
  bucket = "acme-identity-invoices-0020-us-east-1"

  tags = {
    Team       = "identity"
    CostCenter = "CC-1740"
  }
}

resource "aws_s3_bucket_versioning" "s0020_source" {
  bucket = aws_s3_bucket.s0020_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0020_replica" {
  provider = aws.replica
  bucket   = "acme-identity-invoices-0020-us-west-2"

  tags = {
    Team       = "identity"
    CostCenter = "CC-1740"
  }
}

resource "aws_s3_bucket_versioning" "s0020_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0020_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0020_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0020_replication" {
  name               = "identity-0020-replication"
  assume_role_policy = data.aws_iam_policy_document.s0020_trust.json
}

resource "aws_iam_policy" "s0020_source_read" {
  name = "identity-0020-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0020_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0020_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0020_source_read" {
  role       = aws_iam_role.s0020_replication.name
  policy_arn = aws_iam_policy.s0020_source_read.arn
}

resource "aws_iam_role_policy" "s0020_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0020_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0020_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0020" {
  depends_on = [aws_s3_bucket_versioning.s0020_source, aws_s3_bucket_versioning.s0020_replica]

  role   = aws_iam_role.s0020_replication.arn
  bucket = aws_s3_bucket.s0020_source.id

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
      bucket        = aws_s3_bucket.s0020_replica.arn
      storage_class = "INTELLIGENT_TIERING"
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
      bucket        = aws_s3_bucket.s0020_replica.arn
      storage_class = "STANDARD"
    }
  }
}
