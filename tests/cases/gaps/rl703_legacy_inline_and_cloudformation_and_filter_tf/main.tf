resource "aws_s3_bucket" "source" {
  bucket = "audit-src"
  versioning {
    enabled = true
  }
  replication_configuration {
    role = "arn:aws:iam::111111111111:role/replication"
    rules {
      id     = "tagged"
      status = "Enabled"
      filter {
        prefix = "logs/"
        tags = {
          replicate = "yes"
        }
      }
      destination {
        bucket = "arn:aws:s3:::elsewhere"
      }
    }
  }
}
