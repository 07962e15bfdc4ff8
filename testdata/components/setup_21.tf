# Setup 21 (shipping/invoices): replicate logs/ and exports/ to us-west-2.

resource "aws_s3_bucket" "s0021_source" {
  bucket = "acme-shipping-invoices-0021-us-east-1"

  tags = {
    Team       = "shipping"
    CostCenter = "CC-1777"
  }
}

resource "aws_s3_bucket_versioning" "s0021_source" {
  bucket = aws_s3_bucket.s0021_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0021_replica" {
  provider = aws.replica
  bucket   = "acme-shipping-invoices-0021-us-west-2"

  tags = {
    Team       = "shipping"
    CostCenter = "CC-1777"
  }
}

resource "aws_s3_bucket_versioning" "s0021_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0021_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0021_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0021_replication" {
  name               = "shipping-0021-replication"
  assume_role_policy = data.aws_iam_policy_document.s0021_trust.json
}

resource "aws_iam_policy" "s0021_source_read" {
  name = "shipping-0021-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0021_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0021_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0021_source_read" {
  role       = aws_iam_role.s0021_replication.name
  policy_arn = aws_iam_policy.s0021_source_read.arn
}

resource "aws_iam_role_policy" "s0021_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0021_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0021_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0021" {
  depends_on = [aws_s3_bucket_versioning.s0021_source, aws_s3_bucket_versioning.s0021_replica]

  role   = aws_iam_role.s0021_replication.arn
  bucket = aws_s3_bucket.s0021_source.id

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
      bucket        = aws_s3_bucket.s0021_replica.arn
      storage_class = "GLACIER_IR"
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
      bucket        = aws_s3_bucket.s0021_replica.arn
      storage_class = "STANDARD"
    }
  }
}
