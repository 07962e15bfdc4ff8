variable "replicate" {
  type    = bool
  default = false
}

resource "aws_s3_bucket" "state" {
  bucket = "terraform-state-example"
}

module "replication" {
  source             = "./modules/replication"
  count              = var.replicate ? 1 : 0
  source_bucket      = aws_s3_bucket.state.id
  destination_bucket = "terraform-state-replica"
  role_arn           = "arn:aws:iam::123456789012:role/state-replication"
}
