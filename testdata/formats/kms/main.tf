resource "aws_s3_bucket" "src" {
  bucket = "example-kms-src"
}

resource "aws_s3_bucket_versioning" "src" {
  bucket = "example-kms-src"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "src" {
  bucket = "example-kms-src"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555"
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "kms" {
  role   = "arn:aws:iam::111122223333:role/replication"
  bucket = "example-kms-src"
  rule {
    id     = "all"
    status = "Enabled"
    filter {
    }
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket = "arn:aws:s3:::example-kms-dst"
      encryption_configuration {
        replica_kms_key_id = "alias/replica"
      }
    }
  }
}
