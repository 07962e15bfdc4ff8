variable "extra_replica" {
  default = null
}

resource "aws_iam_role" "replication" {
  name = "state-replication"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "s3.amazonaws.com" } }]
  })
}

resource "aws_s3_bucket" "state" {
  bucket = "terraform-state-example"
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "empty_map" {
  for_each   = {}
  bucket     = aws_s3_bucket.state.id
  role       = aws_iam_role.replication.arn
  depends_on = [aws_s3_bucket_versioning.state]

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = each.value
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "empty_set" {
  for_each   = toset([])
  bucket     = aws_s3_bucket.state.id
  role       = aws_iam_role.replication.arn
  depends_on = [aws_s3_bucket_versioning.state]

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = each.value
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "null_guard" {
  for_each   = var.extra_replica == null ? {} : { extra = var.extra_replica }
  bucket     = aws_s3_bucket.state.id
  role       = aws_iam_role.replication.arn
  depends_on = [aws_s3_bucket_versioning.state]

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = each.value
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "no_length" {
  count      = length([])
  bucket     = aws_s3_bucket.state.id
  role       = aws_iam_role.replication.arn
  depends_on = [aws_s3_bucket_versioning.state]

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = "not-an-arn"
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "filtered" {
  for_each   = { for k, v in { a = "x" } : k => v if v != "x" }
  bucket     = aws_s3_bucket.state.id
  role       = aws_iam_role.replication.arn
  depends_on = [aws_s3_bucket_versioning.state]

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = each.value
    }
  }
}
