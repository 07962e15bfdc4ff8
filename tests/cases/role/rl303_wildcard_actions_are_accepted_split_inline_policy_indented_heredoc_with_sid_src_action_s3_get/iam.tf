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
          "Sid": "SidSrc",
          "Effect": "Allow",
          "Action": ["s3:Get*", "s3:List*"],
          "Resource": ["${aws_s3_bucket.src.arn}", "${aws_s3_bucket.src.arn}/*"]
        },
        {
          "Sid": "SidDst",
          "Effect": "Allow",
          "Action": ["s3:*"],
          "Resource": ["${aws_s3_bucket.dst.arn}/*"]
        }
      ]
    }
    EOF
  }
}
