# Setup 24 (pricing/invoices): replicate images/ and thumbnails/ to us-west-2.

resource "aws_s3_bucket" "s0024_source" {
  bucket = "acme-pricing-invoices-0024-us-east-1"

  tags = {
    Team       = "pricing"
    CostCenter = "CC-1888"
  }
}

resource "aws_s3_bucket_versioning" "s0024_source" {
  bucket = aws_s3_bucket.s0024_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0024_replica" {
  provider = aws.replica
  bucket   = "acme-pricing-invoices-0024-us-west-2"

  tags = {
    Team       = "pricing"
    CostCenter = "CC-1888"
  }
}

resource "aws_s3_bucket_versioning" "s0024_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0024_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0024_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0024_replication" {
  name               = "pricing-0024-replication"
  assume_role_policy = data.aws_iam_policy_document.s0024_trust.json
}

resource "aws_iam_policy" "s0024_source_read" {
  name = "pricing-0024-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0024_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0024_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0024_source_read" {
  role       = aws_iam_role.s0024_replication.name
  policy_arn = aws_iam_policy.s0024_source_read.arn
}

resource "aws_iam_role_policy" "s0024_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0024_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0024_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0024" {
  depends_on = [aws_s3_bucket_versioning.s0024_source, aws_s3_bucket_versioning.s0024_replica]

  role   = aws_iam_role.s0024_replication.arn
  bucket = aws_s3_bucket.s0024_source.id

  rule {
    id       = "images"
    priority = 1
    status   = "Enabled"

    filter {
      prefix = "images/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0024_replica.arn
      storage_class = "STANDARD"
    }
  }

  rule {
    id       = "thumbnails"
    priority = 2
    status   = "Enabled"

    filter {
      prefix = "thumbnails/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0024_replica.arn
      storage_class = "GLACIER_IR"
    }
  }
}
