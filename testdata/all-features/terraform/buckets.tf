resource "aws_s3_bucket" "source" {
  bucket              = "orders-source-111111111111"
  object_lock_enabled = true
}

resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "source" {
  bucket = aws_s3_bucket.source.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.source.arn
    }
  }
}

resource "aws_s3_bucket_object_lock_configuration" "source" {
  bucket = aws_s3_bucket.source.id
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = 30
    }
  }
}

# Lets the replica account's role replicate back into the source bucket (two-way).
resource "aws_s3_bucket_policy" "source" {
  bucket = aws_s3_bucket.source.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "ReplicasFromTheReplicaAccount"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::222222222222:role/orders-replication-back" }
        Action = [
          "s3:ReplicateObject",
          "s3:ReplicateDelete",
          "s3:ReplicateTags",
          "s3:ObjectOwnerOverrideToBucketOwner",
        ]
        Resource = "${aws_s3_bucket.source.arn}/*"
      },
      {
        Sid       = "VersioningForTheReplicaAccount"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::222222222222:role/orders-replication-back" }
        Action    = ["s3:GetBucketVersioning", "s3:PutBucketVersioning"]
        Resource  = aws_s3_bucket.source.arn
      },
    ]
  })
}

resource "aws_s3_bucket" "replica" {
  provider            = aws.replica
  bucket              = "orders-replica-222222222222"
  object_lock_enabled = true
}

resource "aws_s3_bucket_versioning" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.replica.arn
    }
  }
}

resource "aws_s3_bucket_object_lock_configuration" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = 30
    }
  }
}

# Lets the source account's role replicate into the replica bucket.
resource "aws_s3_bucket_policy" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "ReplicasFromTheSourceAccount"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111111111111:role/orders-replication" }
        Action = [
          "s3:ReplicateObject",
          "s3:ReplicateDelete",
          "s3:ReplicateTags",
          "s3:ObjectOwnerOverrideToBucketOwner",
        ]
        Resource = "${aws_s3_bucket.replica.arn}/*"
      },
      {
        Sid       = "VersioningForTheSourceAccount"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111111111111:role/orders-replication" }
        Action    = ["s3:GetBucketVersioning", "s3:PutBucketVersioning"]
        Resource  = aws_s3_bucket.replica.arn
      },
    ]
  })
}
