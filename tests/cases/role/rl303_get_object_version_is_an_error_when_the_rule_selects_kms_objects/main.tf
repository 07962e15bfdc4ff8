
resource "aws_s3_bucket" "src" {
  bucket = "kms-src"
}
resource "aws_iam_role" "r" {
  name = "kms-reads"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "s3.amazonaws.com" } }]
  })
}
resource "aws_iam_role_policy" "p" {
  role = aws_iam_role.r.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObjectVersion", "s3:GetObjectVersionAcl"], Resource = "arn:aws:s3:::kms-src/*" },
    ]
  })
}
resource "aws_s3_bucket_replication_configuration" "c" {
  bucket = aws_s3_bucket.src.id
  role   = aws_iam_role.r.arn
  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }
    destination {
      bucket = "arn:aws:s3:::kms-dst"
      encryption_configuration {
        replica_kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      }
    }
  }
}
