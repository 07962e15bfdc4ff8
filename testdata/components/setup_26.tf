# Setup 26 (billing/clickstream): replicate incoming/ and archive/ to us-west-2.

resource "aws_s3_bucket" "s0026_source" {
  bucket = "acme-billing-clickstream-0026-us-east-1"

  tags = {
    Team       = "billing"
    CostCenter = "CC-1062"
  }
}

resource "aws_s3_bucket_versioning" "s0026_source" {
  bucket = aws_s3_bucket.s0026_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0026_replica" {
  provider = aws.replica
  bucket   = "acme-billing-clickstream-0026-us-west-2"

  tags = {
    Team       = "billing"
    CostCenter = "CC-1062"
  }
}

resource "aws_s3_bucket_versioning" "s0026_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0026_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0026_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0026_replication" {
  name               = "billing-0026-replication"
  assume_role_policy = data.aws_iam_policy_document.s0026_trust.json
}

resource "aws_iam_policy" "s0026_source_read" {
  name = "billing-0026-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0026_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0026_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0026_source_read" {
  role       = aws_iam_role.s0026_replication.name
  policy_arn = aws_iam_policy.s0026_source_read.arn
}

resource "aws_iam_role_policy" "s0026_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0026_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0026_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0026" {
  depends_on = [aws_s3_bucket_versioning.s0026_source, aws_s3_bucket_versioning.s0026_replica]

  role   = aws_iam_role.s0026_replication.arn
  bucket = aws_s3_bucket.s0026_source.id

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
      bucket        = aws_s3_bucket.s0026_replica.arn
      storage_class = "INTELLIGENT_TIERING"
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
      bucket        = aws_s3_bucket.s0026_replica.arn
      storage_class = "STANDARD"
    }
  }
}
