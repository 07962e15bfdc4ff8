resource "aws_iam_role" "replication" {
  name               = "replication"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "SidTrust",
          "Effect": "Allow",
          "Action": ["sts:AssumeRole"],
          "Principal": { "Service": "s3.amazonaws.com" }
        }
      ]
    }
    EOF

  inline_policy {
    name   = "replication"
    policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "SidSrcBucket",
          "Effect": "Allow",
          "Action": ["S3:getreplicationconfiguration", "s3:LISTBUCKET"],
          "Resource": ["${aws_s3_bucket.src.arn}"]
        },
        {
          "Sid": "SidSrcObjects",
          "Effect": "Allow",
          "Action": ["s3:getobjectversion*"],
          "Resource": ["${aws_s3_bucket.src.arn}/*"]
        },
        {
          "Sid": "SidDstObjects",
          "Effect": "Allow",
          "Action": ["s3:replicate*"],
          "Resource": ["${aws_s3_bucket.dst.arn}/*"]
        }
      ]
    }
    EOF
  }
}
