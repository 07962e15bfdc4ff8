# Setup 18 (ledger/invoices): replicate events/ and snapshots/ to us-west-2.

resource "aws_s3_bucket" "s0018_source" {
  bucket = "acme-ledger-invoices-0018-us-east-1"

  tags = {
    Team       = "ledger"
    CostCenter = "CC-1666"
  }
}

resource "aws_s3_bucket_versioning" "s0018_source" {
  bucket = aws_s3_bucket.s0018_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0018_replica" {
  provider = aws.replica
  bucket   = "acme-ledger-invoices-0018-us-west-2"

  tags = {
    Team       = "ledger"
    CostCenter = "CC-1666"
  }
}

resource "aws_s3_bucket_versioning" "s0018_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0018_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0018_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0018_replication" {
  name               = "ledger-0018-replication"
  assume_role_policy = data.aws_iam_policy_document.s0018_trust.json
}

resource "aws_iam_policy" "s0018_source_read" {
  name = "ledger-0018-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0018_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0018_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0018_source_read" {
  role       = aws_iam_role.s0018_replication.name
  policy_arn = aws_iam_policy.s0018_source_read.arn
}

resource "aws_iam_role_policy" "s0018_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0018_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0018_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0018" {
  depends_on = [aws_s3_bucket_versioning.s0018_source, aws_s3_bucket_versioning.s0018_replica]

  role   = aws_iam_role.s0018_replication.arn
  bucket = aws_s3_bucket.s0018_source.id

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
      bucket        = aws_s3_bucket.s0018_replica.arn
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
      bucket        = aws_s3_bucket.s0018_replica.arn
      storage_class = "GLACIER_IR"
    }
  }
}
