# Setup 15 (catalog/invoices): replicate raw/ and curated/ to us-west-2.

resource "aws_s3_bucket" "s0015_source" {
  bucket = "acme-catalog-invoices-0015-us-east-1"

  tags = {
    Team       = "catalog"
    CostCenter = "CC-1555"
  }
}

resource "aws_s3_bucket_versioning" "s0015_source" {
  bucket = aws_s3_bucket.s0015_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0015_replica" {
  provider = aws.replica
  bucket   = "acme-catalog-invoices-0015-us-west-2"

  tags = {
    Team       = "catalog"
    CostCenter = "CC-1555"
  }
}

resource "aws_s3_bucket_versioning" "s0015_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0015_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0015_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0015_replication" {
  name               = "catalog-0015-replication"
  assume_role_policy = data.aws_iam_policy_document.s0015_trust.json
}

resource "aws_iam_policy" "s0015_source_read" {
  name = "catalog-0015-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0015_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0015_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0015_source_read" {
  role       = aws_iam_role.s0015_replication.name
  policy_arn = aws_iam_policy.s0015_source_read.arn
}

resource "aws_iam_role_policy" "s0015_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0015_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0015_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0015" {
  depends_on = [aws_s3_bucket_versioning.s0015_source, aws_s3_bucket_versioning.s0015_replica]

  role   = aws_iam_role.s0015_replication.arn
  bucket = aws_s3_bucket.s0015_source.id

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
      bucket        = aws_s3_bucket.s0015_replica.arn
      storage_class = "GLACIER_IR"
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
      bucket        = aws_s3_bucket.s0015_replica.arn
      storage_class = "STANDARD"
    }
  }
}
