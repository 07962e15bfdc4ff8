resource "aws_iam_role" "replication" {
  name = "media-replication"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "s3.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "replication" {
  role = aws_iam_role.replication.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = [module.media.arn]
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = ["${module.media.arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
        Resource = ["${module.media_replica.arn}/*"]
      }
    ]
  })
}

module "media_replica" {
  source = "./modules/bucket"
  name   = "media-replica"
}

module "media" {
  source = "./modules/bucket"
  name   = "media"
  replication = {
    role = aws_iam_role.replication.arn
    rules = [{
      id                 = "everything"
      destination_bucket = module.media_replica.arn
      # no owner_override: optional() makes it null and the dynamic block renders nothing
    }]
  }
}
