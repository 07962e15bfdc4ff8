resource "aws_s3_bucket" "data" {
  bucket = "data"
  tags {
    "kubernetes.io/cluster/main" = "shared"
  }
}
