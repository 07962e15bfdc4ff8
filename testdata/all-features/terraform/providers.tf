# Everything at once, correct: cross-account (111111111111 → 222222222222), cross-region
# (us-east-1 → us-west-2), SSE-KMS on both sides, RTC with metrics, owner override, Object Lock
# on both buckets, and two-way replication with replica modification sync.

provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "replica"
  region              = "us-west-2"
  allowed_account_ids = ["222222222222"]

  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/terraform"
  }
}
