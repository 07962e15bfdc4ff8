# Setup 12 (marketing/orders): replicate incoming/ and archive/ to us-west-2.

resource "aws_s3_bucket" "s0012_source" {
  bucket = "acme-marketing-orders-0012-us-east-1"

  tags = {
    Team       = "marketing"
    CostCenter = "CC-1444"
  }
}

resource "aws_s3_bucket_versioning" "s0012_source" {
  bucket = aws_s3_bucket.s0012_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0012_replica" {
  provider = aws.replica
  bucket   = "acme-marketing-orders-0012-us-west-2"

  tags = {
    Team       = "marketing"
    CostCenter = "CC-1444"
  }
}

resource "aws_s3_bucket_versioning" "s0012_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0012_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0012_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0012_replication" {
  name               = "marketing-0012-replication"
  assume_role_policy = data.aws_iam_policy_document.s0012_trust.json
}

resource "aws_iam_policy" "s0012_source_read" {
  name = "marketing-0012-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0012_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0012_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0012_source_read" {
  role       = aws_iam_role.s0012_replication.name
  policy_arn = aws_iam_policy.s0012_source_read.arn
}

resource "aws_iam_role_policy" "s0012_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0012_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0012_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0012" {
  depends_on = [aws_s3_bucket_versioning.s0012_source, aws_s3_bucket_versioning.s0012_replica]

  role   = aws_iam_role.s0012_replication.arn
  bucket = aws_s3_bucket.s0012_source.id

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
      bucket        = aws_s3_bucket.s0012_replica.arn
      storage_class = "STANDARD"
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
      bucket        = aws_s3_bucket.s0012_replica.arn
      storage_class = "GLACIER_IR"
    }
  }
}
