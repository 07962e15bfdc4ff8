# Setup 7 (identity/orders): replicate logs/ and exports/ to us-west-2.

resource "aws_s3_bucket" "s0007_source" {
  bucket = "acme-identity-orders-0007-us-east-1"

  tags = {
    Team       = "identity"
    CostCenter = "CC-1259"
  }
}

resource "aws_s3_bucket_versioning" "s0007_source" {
  bucket = aws_s3_bucket.s0007_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0007_replica" {
  provider = aws.replica
  bucket   = "acme-identity-orders-0007-us-west-2"

  tags = {
    Team       = "identity"
    CostCenter = "CC-1259"
  }
}

resource "aws_s3_bucket_versioning" "s0007_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0007_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0007_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0007_replication" {
  name               = "identity-0007-replication"
  assume_role_policy = data.aws_iam_policy_document.s0007_trust.json
}

resource "aws_iam_policy" "s0007_source_read" {
  name = "identity-0007-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0007_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0007_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0007_source_read" {
  role       = aws_iam_role.s0007_replication.name
  policy_arn = aws_iam_policy.s0007_source_read.arn
}

resource "aws_iam_role_policy" "s0007_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0007_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0007_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0007" {
  depends_on = [aws_s3_bucket_versioning.s0007_source, aws_s3_bucket_versioning.s0007_replica]

  role   = aws_iam_role.s0007_replication.arn
  bucket = aws_s3_bucket.s0007_source.id

  rule {
    id       = "logs"
    priority = 1
    status   = "Enabled"

    filter {
      prefix = "logs/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0007_replica.arn
      storage_class = "STANDARD_IA"
    }
  }

  rule {
    id       = "exports"
    priority = 2
    status   = "Enabled"

    filter {
      prefix = "exports/"
    }

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.s0007_replica.arn
      storage_class = "ONEZONE_IA"
    }
  }
}
