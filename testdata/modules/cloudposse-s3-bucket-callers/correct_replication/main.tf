# A correct same-account replication through cloudposse's module: the module creates the
# replication role and its policy, the rule filters on a prefix and states delete marker
# replication; the replica comes from a second call of the module.

provider "aws" {
  region = "us-east-2"
}

module "replica" {
  source  = "cloudposse/s3-bucket/aws"
  version = "4.10.0"

  namespace          = "acme"
  name               = "replica"
  versioning_enabled = true
}

module "source" {
  source  = "cloudposse/s3-bucket/aws"
  version = "4.10.0"

  namespace              = "acme"
  name                   = "source"
  versioning_enabled     = true
  s3_replication_enabled = true

  s3_replication_rules = [
    {
      id                 = "reports"
      status             = "Enabled"
      priority           = 1
      destination_bucket = null
      delete_marker_replication = {
        status = "Enabled"
      }
      filter = {
        prefix = "reports/"
      }
      destination = {
        bucket        = module.replica.bucket_arn
        storage_class = "STANDARD_IA"
      }
    },
  ]

  depends_on = [module.replica]
}
