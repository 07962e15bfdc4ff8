# Setup 22 (support/invoices): replicate raw/ and curated/ to us-west-2.

resource "aws_s3_bucket" "s0022_source" {
  bucket = "acme-support-invoices-0022-us-east-1"

  tags = {
    Team       = "support"
    CostCenter = "CC-1814"
  }
}

resource "aws_s3_bucket_versioning" "s0022_source" {
  bucket = aws_s3_bucket.s0022_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0022_replica" {
  provider = aws.replica
  bucket   = "acme-support-invoices-0022-us-west-2"

  tags = {
    Team       = "support"
    CostCenter = "CC-1814"
  }
}

resource "aws_s3_bucket_versioning" "s0022_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0022_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0022_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0022_replication" {
  name               = "support-0022-replication"
  assume_role_policy = data.aws_iam_policy_document.s0022_trust.json
}

resource "aws_iam_policy" "s0022_source_read" {
  name = "support-0022-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0022_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0022_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0022_source_read" {
  role       = aws_iam_role.s0022_replication.name
  policy_arn = aws_iam_policy.s0022_source_read.arn
}

resource "aws_iam_role_policy" "s0022_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0022_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0022_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0022" {
  depends_on = [aws_s3_bucket_versioning.s0022_source, aws_s3_bucket_versioning.s0022_replica]

  role   = aws_iam_role.s0022_replication.arn
  bucket = aws_s3_bucket.s0022_source.id

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
      bucket        = aws_s3_bucket.s0022_replica.arn
      storage_class = "ONEZONE_IA"
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
      bucket        = aws_s3_bucket.s0022_replica.arn
      storage_class = "STANDARD_IA"
    }
  }
}
