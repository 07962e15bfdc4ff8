# Setup 29 (search/clickstream): replicate raw/ and curated/ to us-west-2.

resource "aws_s3_bucket" "s0029_source" {
  bucket = "acme-search-clickstream-0029-us-east-1"

  tags = {
    Team       = "search"
    CostCenter = "CC-1173"
  }
}

resource "aws_s3_bucket_versioning" "s0029_source" {
  bucket = aws_s3_bucket.s0029_source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "s0029_replica" {
  provider = aws.replica
  bucket   = "acme-search-clickstream-0029-us-west-2"

  tags = {
    Team       = "search"
    CostCenter = "CC-1173"
  }
}

resource "aws_s3_bucket_versioning" "s0029_replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.s0029_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "s0029_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "s0029_replication" {
  name               = "search-0029-replication"
  assume_role_policy = data.aws_iam_policy_document.s0029_trust.json
}

resource "aws_iam_policy" "s0029_source_read" {
  name = "search-0029-replication-source"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.s0029_source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.s0029_source.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "s0029_source_read" {
  role       = aws_iam_role.s0029_replication.name
  policy_arn = aws_iam_policy.s0029_source_read.arn
}

resource "aws_iam_role_policy" "s0029_destination_write" {
  name   = "destination-write"
  role   = aws_iam_role.s0029_replication.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "${aws_s3_bucket.s0029_replica.arn}/*"
    }
  ]
}
EOF
}

resource "aws_s3_bucket_replication_configuration" "s0029" {
  depends_on = [aws_s3_bucket_versioning.s0029_source, aws_s3_bucket_versioning.s0029_replica]

  role   = aws_iam_role.s0029_replication.arn
  bucket = aws_s3_bucket.s0029_source.id

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
      bucket        = aws_s3_bucket.s0029_replica.arn
      storage_class = "STANDARD"
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
      bucket        = aws_s3_bucket.s0029_replica.arn
      storage_class = "INTELLIGENT_TIERING"
    }
  }
}
