# Setup 8 (shipping/orders): replicate raw/ and curated/ to us-west-2.

resource "aws_s3_bucket" "s0008_source" {
  bucket = "acme-shipping-orders-0008-us-east-1"

  tags = {
    Team       = "shipping"
    CostCenter = "CC-1296"
  }
}

resource "aws_s3_bucket_versioning" "s0008_source" {
  bucket = aws_s3_bucket.s0008_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0008_replica" {
  provider = aws.replica
  bucket   = "acme-shipping-orders-0008-us-west-2"

  tags = {
    Team       = "shipping"
    CostCenter = "CC-1296"
  }
}

resource "aws_s3_bucket_versioning" "s0008_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0008_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0008_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0008_replication" {
  name               = "shipping-0008-replication"
  assume_role_policy = data.aws_iam_policy_document.s0008_trust.json
}

resource "aws_iam_policy" "s0008_source_read" {
  name = "shipping-0008-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0008_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0008_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0008_source_read" {
  role       = aws_iam_role.s0008_replication.name
  policy_arn = aws_iam_policy.s0008_source_read.arn
}

resource "aws_iam_role_policy" "s0008_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0008_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0008_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0008" {
  depends_on = [aws_s3_bucket_versioning.s0008_source, aws_s3_bucket_versioning.s0008_replica]

  role   = aws_iam_role.s0008_replication.arn
  bucket = aws_s3_bucket.s0008_source.id

  rule {
    id       = "raw"
    priority = 1
    status   = "Enabled"

    filter {
      prefix = "raw/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0008_replica.arn
      storage_class = "INTELLIGENT_TIERING"
    }
  }

  rule {
    id       = "curated"
    priority = 2
    status   = "Enabled"

    filter {
      prefix = "curated/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0008_replica.arn
      storage_class = "STANDARD"
    }
  }
}
