# Cross-account replication through cloudposse's module: the replica bucket is created in
# account 222222222222 through a second provider, but its module call does not list the source's
# replication role in `s3_replication_source_roles`, so the module attaches no bucket policy
# that lets the role replicate into it (RL501). The rule also asks for Replication Time Control
# with a 10-minute threshold, which the module passes on as written (RL119).

provider "aws" {
  region = "us-east-2"
  assume_role {
    role_arn = "arn:aws:iam::111111111111:role/deploy"
  }
}

provider "aws" {
  alias  = "backup"
  region = "us-west-2"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/deploy"
  }
}

module "replica" {
  source  = "cloudposse/s3-bucket/aws"
  version = "4.10.0"

  providers = {
    aws = aws.backup
  }

  namespace          = "acme"
  name               = "backup"
  versioning_enabled = true
}

module "source" {
  source  = "cloudposse/s3-bucket/aws"
  version = "4.10.0"

  namespace              = "acme"
  name                   = "ledger"
  versioning_enabled     = true
  s3_replication_enabled = true

  s3_replication_rules = [
    {
      id                 = "ledger"
      status             = "Enabled"
      priority           = 1
      destination_bucket = null
      delete_marker_replication = {
        status = "Enabled"
      }
      filter = {
        prefix = "ledger/"
      }
      destination = {
        bucket        = module.replica.bucket_arn
        storage_class = "STANDARD"
        account       = "222222222222"
        replication_time = {
          status = "Enabled"
          time = {
            minutes = 10
          }
        }
      }
    },
  ]

  depends_on = [module.replica]
}
