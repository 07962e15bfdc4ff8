# Source key (account 111111111111): the key policy delegates to IAM in its own account, and lets
# the replica account's replication role encrypt replicas coming back (two-way).
resource "aws_kms_key" "source" {
  description         = "orders source objects"
  enable_key_rotation = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111111111111:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "ReplicasFromTheReplicaAccount"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::222222222222:role/orders-replication-back" }
        Action    = ["kms:Encrypt", "kms:GenerateDataKey"]
        Resource  = "*"
      },
    ]
  })
}

# Replica key (account 222222222222, us-west-2): delegates to IAM in its account and lets the
# source account's replication role encrypt replicas.
resource "aws_kms_key" "replica" {
  provider            = aws.replica
  description         = "orders replicas"
  enable_key_rotation = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::222222222222:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "ReplicasFromTheSourceAccount"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111111111111:role/orders-replication" }
        Action    = ["kms:Encrypt", "kms:GenerateDataKey"]
        Resource  = "*"
      },
    ]
  })
}
