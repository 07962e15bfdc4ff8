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

resource "aws_iam_role" "replication" {
  name               = "replication"
  assume_role_policy = jsonencode({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
  inline_policy {
    name   = "replication"
    policy = jsonencode({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"], "Resource": "arn:aws:s3:::example-bk-src"}, {"Effect": "Allow", "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], "Resource": "arn:aws:s3:::example-bk-src/*"}, {"Effect": "Allow", "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], "Resource": "arn:aws:s3:::example-bk-dst/*"}, {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555"}, {"Effect": "Allow", "Action": ["kms:Encrypt"], "Resource": "arn:aws:kms:us-east-1:111122223333:key/77777777-6666-5555-4444-333333333333"}]})
  }
}

resource "aws_s3_bucket" "bk" {
  bucket = "example-bk-src"
}

resource "aws_s3_bucket_versioning" "bk" {
  bucket = "example-bk-src"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "bk" {
  bucket = "example-bk-src"
  rule {
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555"
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "bk" {
  role   = "arn:aws:iam::111122223333:role/replication"
  bucket = "example-bk-src"
  rule {
    id     = "all"
    status = "Enabled"
    filter {
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
      bucket = "arn:aws:s3:::example-bk-dst"
      encryption_configuration {
        replica_kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/77777777-6666-5555-4444-333333333333"
      }
    }
  }
}
