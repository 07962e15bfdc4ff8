resource "aws_iam_role" "replication" {
  name               = "replication"
  assume_role_policy = jsonencode({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com", "batchoperations.s3.amazonaws.com"]}, "Action": "sts:AssumeRole"}]})
  inline_policy {
    name   = "replication"
    policy = jsonencode({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetReplicationConfiguration"], "Resource": "arn:aws:s3:::example-role-src"}, {"Effect": "Allow", "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl"], "Resource": "arn:aws:s3:::example-role-src"}, {"Effect": "Allow", "Action": ["s3:ReplicateObject"], "Resource": "arn:aws:s3:::example-role-dst/*"}, {"Effect": "Deny", "Action": ["s3:ReplicateObject"], "Resource": "arn:aws:s3:::example-role-dst/private/*"}, {"Effect": "Allow", "Action": ["kms:Encrypt"], "Resource": "arn:aws:kms:us-east-1:111122223333:alias/replica"}]})
  }
}

resource "aws_s3_bucket" "src" {
  bucket = "example-role-src"
}

resource "aws_s3_bucket_versioning" "src" {
  bucket = "example-role-src"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "role" {
  role   = "arn:aws:iam::111122223333:role/replication"
  bucket = "example-role-src"
  rule {
    id     = "all"
    status = "Enabled"
    filter {
    }
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket  = "arn:aws:s3:::example-role-dst"
      account = "111122223333"
      access_control_translation {
        owner = "Destination"
      }
      encryption_configuration {
        replica_kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/99999999-8888-7777-6666-555555555555"
      }
    }
  }
}
