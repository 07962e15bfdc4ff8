# Setup 9 (support/orders): replicate invoices/ and receipts/ to us-west-2.

resource "aws_s3_bucket" "s0009_source" {
  bucket = "acme-support-orders-0009-us-east-1"

  tags = {
    Team       = "support"
    CostCenter = "CC-1333"
  }
}

resource "aws_s3_bucket_versioning" "s0009_source" {
  bucket = aws_s3_bucket.s0009_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0009_replica" {
  provider = aws.replica
  bucket   = "acme-support-orders-0009-us-west-2"

  tags = {
    Team       = "support"
    CostCenter = "CC-1333"
  }
}

resource "aws_s3_bucket_versioning" "s0009_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0009_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0009_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0009_replication" {
  name               = "support-0009-replication"
  assume_role_policy = data.aws_iam_policy_document.s0009_trust.json
}

resource "aws_iam_policy" "s0009_source_read" {
  name = "support-0009-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0009_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0009_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0009_source_read" {
  role       = aws_iam_role.s0009_replication.name
  policy_arn = aws_iam_policy.s0009_source_read.arn
}

resource "aws_iam_role_policy" "s0009_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0009_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0009_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0009" {
  depends_on = [aws_s3_bucket_versioning.s0009_source, aws_s3_bucket_versioning.s0009_replica]

  role   = aws_iam_role.s0009_replication.arn
  bucket = aws_s3_bucket.s0009_source.id

  rule {
    id       = "invoices"
    priority = 1
    status   = "Enabled"

    filter {
      prefix = "invoices/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0009_replica.arn
      storage_class = "GLACIER_IR"
    }
  }

  rule {
    id       = "receipts"
    priority = 2
    status   = "Enabled"

    filter {
      prefix = "receipts/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0009_replica.arn
      storage_class = "STANDARD"
    }
  }
}
