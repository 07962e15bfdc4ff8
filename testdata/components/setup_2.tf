# Setup 2 (catalog/orders): replicate invoices/ and receipts/ to us-west-2.

resource "aws_s3_bucket" "s0002_source" {
  bucket = "acme-catalog-orders-0002-us-east-1"

  tags = {
    Team       = "catalog"
    CostCenter = "CC-1074"
  }
}

resource "aws_s3_bucket_versioning" "s0002_source" {
  bucket = aws_s3_bucket.s0002_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0002_replica" {
  provider = aws.replica
  bucket   = "acme-catalog-orders-0002-us-west-2"

  tags = {
    Team       = "catalog"
    CostCenter = "CC-1074"
  }
}

resource "aws_s3_bucket_versioning" "s0002_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0002_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0002_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0002_replication" {
  name               = "catalog-0002-replication"
  assume_role_policy = data.aws_iam_policy_document.s0002_trust.json
}

resource "aws_iam_policy" "s0002_source_read" {
  name = "catalog-0002-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0002_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0002_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0002_source_read" {
  role       = aws_iam_role.s0002_replication.name
  policy_arn = aws_iam_policy.s0002_source_read.arn
}

resource "aws_iam_role_policy" "s0002_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0002_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0002_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0002" {
  depends_on = [aws_s3_bucket_versioning.s0002_source, aws_s3_bucket_versioning.s0002_replica]

  role   = aws_iam_role.s0002_replication.arn
  bucket = aws_s3_bucket.s0002_source.id

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
      bucket        = aws_s3_bucket.s0002_replica.arn
      storage_class = "INTELLIGENT_TIERING"
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
      bucket        = aws_s3_bucket.s0002_replica.arn
      storage_class = "STANDARD"
    }
  }
}
