# Source bucket in the primary region.
resource "aws_s3_bucket" "source" {
  bucket = "${var.project}-${var.environment}-${var.primary_region}"

  tags = {
    Name = "${var.project}-source"
    Role = "primary"
  }
}

resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id

  versioning_configuration {
    status = "Enabled"
  }
}

# Replica bucket in the disaster-recovery region.
resource "aws_s3_bucket" "replica" {
  provider = aws.replica

  bucket = "${var.project}-${var.environment}-${var.replica_region}"

  tags = {
    Name = "${var.project}-replica"
    Role = "disaster-recovery"
  }
}

# Replication requires versioning on the destination bucket as well.
resource "aws_s3_bucket_versioning" "replica" {
  provider = aws.replica

  bucket = aws_s3_bucket.replica.id

  versioning_configuration {
    status = "Enabled"
  }
}
