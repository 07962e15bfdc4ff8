# Setup 16 (search/invoices): replicate invoices/ and receipts/ to us-west-2.

resource "aws_s3_bucket" "s0016_source" {
  bucket = "acme-search-invoices-0016-us-east-1"

  tags = {
    Team       = "search"
    CostCenter = "CC-1592"
  }
}

resource "aws_s3_bucket_versioning" "s0016_source" {
  bucket = aws_s3_bucket.s0016_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0016_replica" {
  provider = aws.replica
  bucket   = "acme-search-invoices-0016-us-west-2"

  tags = {
    Team       = "search"
    CostCenter = "CC-1592"
  }
}

resource "aws_s3_bucket_versioning" "s0016_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0016_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0016_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0016_replication" {
  name               = "search-0016-replication"
  assume_role_policy = data.aws_iam_policy_document.s0016_trust.json
}

resource "aws_iam_policy" "s0016_source_read" {
  name = "search-0016-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0016_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0016_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0016_source_read" {
  role       = aws_iam_role.s0016_replication.name
  policy_arn = aws_iam_policy.s0016_source_read.arn
}

resource "aws_iam_role_policy" "s0016_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0016_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0016_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0016" {
  depends_on = [aws_s3_bucket_versioning.s0016_source, aws_s3_bucket_versioning.s0016_replica]

  role   = aws_iam_role.s0016_replication.arn
  bucket = aws_s3_bucket.s0016_source.id

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
      bucket        = aws_s3_bucket.s0016_replica.arn
      storage_class = "ONEZONE_IA"
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
      bucket        = aws_s3_bucket.s0016_replica.arn
      storage_class = "STANDARD_IA"
    }
  }
}
