# Resources linked across setups by names written as text, for tests/components.rs: a role
# shared by two configurations by its ARN, a key found by its alias, a bucket policy that names
# its bucket, two configurations of one bucket outside the files.

resource "aws_s3_bucket" "shared_src" {
  bucket = "acme-shared-source"
}

resource "aws_s3_bucket_versioning" "shared_src" {
  bucket = "acme-shared-source"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "shared_dst" {
  provider = aws.replica
  bucket   = "acme-shared-replica"
}

resource "aws_s3_bucket_policy" "shared_dst" {
  provider = aws.replica
  bucket   = "acme-shared-replica"
  policy = jsonencode({
    Statement = [{
      Effect    = "Deny"
      Principal = { AWS = "arn:aws:iam::111122223333:role/shared-replication" }
      Action    = "s3:ReplicateObject"
      Resource  = "arn:aws:s3:::acme-shared-replica/*"
    }]
  })
}

resource "aws_iam_role" "shared" {
  name = "shared-replication"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_kms_key" "shared" {
  provider = aws.replica
}

resource "aws_kms_alias" "shared" {
  provider      = aws.replica
  name          = "alias/shared-replica"
  target_key_id = aws_kms_key.shared.key_id
}

resource "aws_s3_bucket_replication_configuration" "shared_one" {
  role   = "arn:aws:iam::111122223333:role/shared-replication"
  bucket = "acme-shared-source"
  rule {
    id     = "one"
    status = "Enabled"
    filter {
      prefix = "one/"
    }
    delete_marker_replication {
      status = "Enabled"
    }
    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }
    destination {
      bucket = "arn:aws:s3:::acme-shared-replica"
      encryption_configuration {
        replica_kms_key_id = "alias/shared-replica"
      }
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "outside_one" {
  role   = "arn:aws:iam::111122223333:role/outside"
  bucket = "acme-outside-source"
  rule {
    status = "Enabled"
    destination {
      bucket = "arn:aws:s3:::acme-outside-replica"
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "outside_two" {
  role   = "arn:aws:iam::111122223333:role/outside"
  bucket = "arn:aws:s3:::acme-outside-source"
  rule {
    status = "Enabled"
    destination {
      bucket = "arn:aws:s3:::acme-outside-replica"
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "outside_three" {
  role   = "arn:aws:iam::111122223333:role/elsewhere"
  bucket = "acme-outside-source"
  rule {
    status = "Enabled"
    destination {
      bucket = "arn:aws:s3:::acme-outside-replica"
    }
  }
}
