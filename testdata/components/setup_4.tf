# Setup 4 (payments/orders): replicate events/ and snapshots/ to us-west-2.

resource "aws_s3_bucket" "s0004_source" {
  bucket = "acme-payments-orders-0004-us-east-1"

  tags = {
    Team       = "payments"
    CostCenter = "CC-1148"
  }
}

resource "aws_s3_bucket_versioning" "s0004_source" {
  bucket = aws_s3_bucket.s0004_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0004_replica" {
  provider = aws.replica
  bucket   = "acme-payments-orders-0004-us-west-2"

  tags = {
    Team       = "payments"
    CostCenter = "CC-1148"
  }
}

resource "aws_s3_bucket_versioning" "s0004_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0004_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0004_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0004_replication" {
  name               = "payments-0004-replication"
  assume_role_policy = data.aws_iam_policy_document.s0004_trust.json
}

resource "aws_iam_policy" "s0004_source_read" {
  name = "payments-0004-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0004_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0004_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0004_source_read" {
  role       = aws_iam_role.s0004_replication.name
  policy_arn = aws_iam_policy.s0004_source_read.arn
}

resource "aws_iam_role_policy" "s0004_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0004_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0004_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0004" {
  depends_on = [aws_s3_bucket_versioning.s0004_source, aws_s3_bucket_versioning.s0004_replica]

  role   = aws_iam_role.s0004_replication.arn
  bucket = aws_s3_bucket.s0004_source.id

  rule {
    id       = "events"
    priority = 1
    status   = "Enabled"

    filter {
      prefix = "events/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0004_replica.arn
      storage_class = "ONEZONE_IA"
    }
  }

  rule {
    id       = "snapshots"
    priority = 2
    status   = "Enabled"

    filter {
      prefix = "snapshots/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0004_replica.arn
      storage_class = "STANDARD_IA"
    }
  }
}
