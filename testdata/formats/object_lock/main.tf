resource "aws_iam_role" "replication" {
  name               = "replication"
  assume_role_policy = jsonencode({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
  inline_policy {
    name   = "replication"
    policy = jsonencode({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"], "Resource": "arn:aws:s3:::example-lock-src"}, {"Effect": "Allow", "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], "Resource": "arn:aws:s3:::example-lock-src/*"}, {"Effect": "Allow", "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], "Resource": "arn:aws:s3:::example-lock-dst/*"}]})
  }
}

resource "aws_s3_bucket" "src" {
  bucket              = "example-lock-src"
  object_lock_enabled = true
}

resource "aws_s3_bucket_versioning" "src" {
  bucket = "example-lock-src"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "dst" {
  bucket = "example-lock-dst"
}

resource "aws_s3_bucket_versioning" "dst" {
  bucket = "example-lock-dst"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "lock" {
  role   = "arn:aws:iam::111122223333:role/replication"
  bucket = "example-lock-src"
  rule {
    id     = "all"
    status = "Enabled"
    filter {
    }
    delete_marker_replication {
      status = "Disabled"
    }
    source_selection_criteria {
      replica_modifications {
        status = "Enabled"
      }
    }
    destination {
      bucket = "arn:aws:s3:::example-lock-dst"
    }
  }
}
