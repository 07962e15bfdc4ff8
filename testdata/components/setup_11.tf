# Setup 11 (pricing/orders): replicate events/ and snapshots/ to us-west-2.

resource "aws_s3_bucket" "s0011_source" {
  bucket = "acme-pricing-orders-0011-us-east-1"

  tags = {
    Team       = "pricing"
    CostCenter = "CC-1407"
  }
}

resource "aws_s3_bucket_versioning" "s0011_source" {
  bucket = aws_s3_bucket.s0011_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0011_replica" {
  provider = aws.replica
  bucket   = "acme-pricing-orders-0011-us-west-2"

  tags = {
    Team       = "pricing"
    CostCenter = "CC-1407"
  }
}

resource "aws_s3_bucket_versioning" "s0011_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0011_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0011_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0011_replication" {
  name               = "pricing-0011-replication"
  assume_role_policy = data.aws_iam_policy_document.s0011_trust.json
}

resource "aws_iam_policy" "s0011_source_read" {
  name = "pricing-0011-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0011_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0011_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0011_source_read" {
  role       = aws_iam_role.s0011_replication.name
  policy_arn = aws_iam_policy.s0011_source_read.arn
}

resource "aws_iam_role_policy" "s0011_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0011_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0011_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0011" {
  depends_on = [aws_s3_bucket_versioning.s0011_source, aws_s3_bucket_versioning.s0011_replica]

  role   = aws_iam_role.s0011_replication.arn
  bucket = aws_s3_bucket.s0011_source.id

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
      bucket        = aws_s3_bucket.s0011_replica.arn
      storage_class = "STANDARD"
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
      bucket        = aws_s3_bucket.s0011_replica.arn
      storage_class = "INTELLIGENT_TIERING"
    }
  }
}
