# Setup 1 (checkout/orders): replicate raw/ and curated/ to us-west-2.

resource "aws_s3_bucket" "s0001_source" {
  bucket = "acme-checkout-orders-0001-us-east-1"

  tags = {
    Team       = "checkout"
    CostCenter = "CC-1037"
  }
}

resource "aws_s3_bucket_versioning" "s0001_source" {
  bucket = aws_s3_bucket.s0001_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0001_replica" {
  provider = aws.replica
  bucket   = "acme-checkout-orders-0001-us-west-2"

  tags = {
    Team       = "checkout"
    CostCenter = "CC-1037"
  }
}

resource "aws_s3_bucket_versioning" "s0001_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0001_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0001_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0001_replication" {
  name               = "checkout-0001-replication"
  assume_role_policy = data.aws_iam_policy_document.s0001_trust.json
}

resource "aws_iam_policy" "s0001_source_read" {
  name = "checkout-0001-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0001_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0001_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0001_source_read" {
  role       = aws_iam_role.s0001_replication.name
  policy_arn = aws_iam_policy.s0001_source_read.arn
}

resource "aws_iam_role_policy" "s0001_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0001_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0001_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0001" {
  depends_on = [aws_s3_bucket_versioning.s0001_source, aws_s3_bucket_versioning.s0001_replica]

  role   = aws_iam_role.s0001_replication.arn
  bucket = aws_s3_bucket.s0001_source.id

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
      bucket        = aws_s3_bucket.s0001_replica.arn
      storage_class = "STANDARD_IA"
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
      bucket        = aws_s3_bucket.s0001_replica.arn
      storage_class = "ONEZONE_IA"
    }
  }
}
