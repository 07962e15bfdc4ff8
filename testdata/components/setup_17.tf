# Setup 17 (payments/invoices): replicate images/ and thumbnails/ to us-west-2.

resource "aws_s3_bucket" "s0017_source" {
  bucket = "acme-payments-invoices-0017-us-east-1"

  tags = {
    Team       = "payments"
    CostCenter = "CC-1629"
  }
}

resource "aws_s3_bucket_versioning" "s0017_source" {
  bucket = aws_s3_bucket.s0017_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0017_replica" {
  provider = aws.replica
  bucket   = "acme-payments-invoices-0017-us-west-2"

  tags = {
    Team       = "payments"
    CostCenter = "CC-1629"
  }
}

resource "aws_s3_bucket_versioning" "s0017_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0017_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0017_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0017_replication" {
  name               = "payments-0017-replication"
  assume_role_policy = data.aws_iam_policy_document.s0017_trust.json
}

resource "aws_iam_policy" "s0017_source_read" {
  name = "payments-0017-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0017_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0017_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0017_source_read" {
  role       = aws_iam_role.s0017_replication.name
  policy_arn = aws_iam_policy.s0017_source_read.arn
}

resource "aws_iam_role_policy" "s0017_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0017_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0017_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0017" {
  depends_on = [aws_s3_bucket_versioning.s0017_source, aws_s3_bucket_versioning.s0017_replica]

  role   = aws_iam_role.s0017_replication.arn
  bucket = aws_s3_bucket.s0017_source.id

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
      bucket        = aws_s3_bucket.s0017_replica.arn
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
      bucket        = aws_s3_bucket.s0017_replica.arn
      storage_class = "INTELLIGENT_TIERING"
    }
  }
}
