# Setup 10 (inventory/orders): replicate images/ and thumbnails/ to us-west-2.

resource "aws_s3_bucket" "s0010_source" {
  bucket = "acme-inventory-orders-0010-us-east-1"

  tags = {
    Team       = "inventory"
    CostCenter = "CC-1370"
  }
}

resource "aws_s3_bucket_versioning" "s0010_source" {
  bucket = aws_s3_bucket.s0010_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0010_replica" {
  provider = aws.replica
  bucket   = "acme-inventory-orders-0010-us-west-2"

  tags = {
    Team       = "inventory"
    CostCenter = "CC-1370"
  }
}

resource "aws_s3_bucket_versioning" "s0010_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0010_replica.id

  versioning_configuration {
    status = "Suspended"
  }
}

data "aws_iam_policy_document" "s0010_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0010_replication" {
  name               = "inventory-0010-replication"
  assume_role_policy = data.aws_iam_policy_document.s0010_trust.json
}

resource "aws_iam_policy" "s0010_source_read" {
  name = "inventory-0010-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0010_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0010_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0010_source_read" {
  role       = aws_iam_role.s0010_replication.name
  policy_arn = aws_iam_policy.s0010_source_read.arn
}

resource "aws_iam_role_policy" "s0010_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0010_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0010_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0010" {
  depends_on = [aws_s3_bucket_versioning.s0010_source, aws_s3_bucket_versioning.s0010_replica]

  role   = aws_iam_role.s0010_replication.arn
  bucket = aws_s3_bucket.s0010_source.id

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
      bucket        = aws_s3_bucket.s0010_replica.arn
      storage_class = "ONEZONE_IA"
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
      bucket        = aws_s3_bucket.s0010_replica.arn
      storage_class = "STANDARD_IA"
    }
  }
}
