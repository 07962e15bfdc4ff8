resource "aws_s3_bucket" "src" {
  bucket = "example-xa-src"
}

resource "aws_s3_bucket_versioning" "src" {
  bucket = "example-xa-src"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "src" {
  bucket = "example-xa-src"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "xa" {
  role   = "arn:aws:iam::111122223333:role/replication"
  bucket = "example-xa-src"
  rule {
    id     = "all"
    status = "Enabled"
    filter {
    }
    delete_marker_replication {
      status = "Disabled"
    }
    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }
    destination {
      bucket  = "arn:aws:s3:::example-xa-dst"
      account = "444455556666"
      access_control_translation {
        owner = "Destination"
      }
      encryption_configuration {
        replica_kms_key_id = "alias/aws/s3"
      }
    }
  }
}

resource "aws_s3_bucket" "src2" {
  bucket = "example-xa-src2"
}

resource "aws_s3_bucket_versioning" "src2" {
  bucket = "example-xa-src2"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "xa2" {
  role   = "arn:aws:iam::111122223333:role/replication"
  bucket = "example-xa-src2"
  rule {
    id     = "all"
    status = "Enabled"
    filter {
    }
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket  = "arn:aws:s3:::example-xa-dst2"
      account = 444455556666
      encryption_configuration {
        replica_kms_key_id = "arn:aws:kms:us-east-1:444455556666:alias/aws/s3"
      }
    }
  }
}

resource "aws_s3_bucket_ownership_controls" "src" {
  bucket = "example-xa-src"
  rule {
    object_ownership = "ObjectWriter"
  }
}

resource "aws_s3_bucket_policy" "src" {
  bucket = "example-xa-src"
  policy = jsonencode({"Version": "2012-10-17", "Statement": [{"Sid": "PartnerUploads", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::example-xa-src/*"}]})
}
