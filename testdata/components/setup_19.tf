# Setup 19 (analytics/invoices): replicate incoming/ and archive/ to us-west-2.

resource "aws_s3_bucket" "s0019_source" {
  bucket = "acme-analytics-invoices-0019-us-east-1"

  tags = {
    Team       = "analytics"
    CostCenter = "CC-1703"
  }
}

resource "aws_s3_bucket_versioning" "s0019_source" {
  bucket = aws_s3_bucket.s0019_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0019_replica" {
  provider = aws.replica
  bucket   = "acme-analytics-invoices-0019-us-west-2"

  tags = {
    Team       = "analytics"
    CostCenter = "CC-1703"
  }
}

resource "aws_s3_bucket_versioning" "s0019_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0019_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0019_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0019_replication" {
  name               = "analytics-0019-replication"
  assume_role_policy = data.aws_iam_policy_document.s0019_trust.json
}

resource "aws_iam_policy" "s0019_source_read" {
  name = "analytics-0019-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0019_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0019_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0019_source_read" {
  role       = aws_iam_role.s0019_replication.name
  policy_arn = aws_iam_policy.s0019_source_read.arn
}

resource "aws_iam_role_policy" "s0019_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0019_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0019_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0019" {
  depends_on = [aws_s3_bucket_versioning.s0019_source, aws_s3_bucket_versioning.s0019_replica]

  role   = aws_iam_role.s0019_replication.arn
  bucket = aws_s3_bucket.s0019_source.id

  rule {
    id       = "incoming"
    priority = 1
    status   = "Enabled"

    filter {
      prefix = "incoming/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0019_replica.arn
      storage_class = "STANDARD_IA"
    }
  }

  rule {
    id       = "archive"
    priority = 2
    status   = "Enabled"

    filter {
      prefix = "archive/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0019_replica.arn
      storage_class = "ONEZONE_IA"
    }
  }
}
