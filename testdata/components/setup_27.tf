# Setup 27 (checkout/clickstream): replicate daily/ and monthly/ to us-west-2.

resource "aws_s3_bucket" "s0027_source" {
  bucket = "acme-checkout-clickstream-0027-us-east-1"

  tags = {
    Team       = "checkout"
    CostCenter = "CC-1099"
  }
}

resource "aws_s3_bucket_versioning" "s0027_source" {
  bucket = aws_s3_bucket.s0027_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0027_replica" {
  provider = aws.replica
  bucket   = "acme-checkout-clickstream-0027-us-west-2"

  tags = {
    Team       = "checkout"
    CostCenter = "CC-1099"
  }
}

resource "aws_s3_bucket_versioning" "s0027_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0027_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0027_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0027_replication" {
  name               = "checkout-0027-replication"
  assume_role_policy = data.aws_iam_policy_document.s0027_trust.json
}

resource "aws_iam_policy" "s0027_source_read" {
  name = "checkout-0027-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0027_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0027_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0027_source_read" {
  role       = aws_iam_role.s0027_replication.name
  policy_arn = aws_iam_policy.s0027_source_read.arn
}

resource "aws_iam_role_policy" "s0027_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0027_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0027_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0027" {
  depends_on = [aws_s3_bucket_versioning.s0027_source, aws_s3_bucket_versioning.s0027_replica]

  role   = aws_iam_role.s0027_replication.arn
  bucket = aws_s3_bucket.s0027_source.id

  rule {
    id       = "daily"
    priority = 1
    status   = "Enabled"

    filter {
      prefix = "daily/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0027_replica.arn
      storage_class = "GLACIER_IR"
    }
  }

  rule {
    id       = "monthly"
    priority = 2
    status   = "Enabled"

    filter {
      prefix = "monthly/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0027_replica.arn
      storage_class = "STANDARD"
    }
  }
}
