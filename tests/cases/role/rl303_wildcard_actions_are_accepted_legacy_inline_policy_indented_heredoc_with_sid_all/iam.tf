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
          "Sid": "SidAll",
          "Effect": "Allow",
          "Action": ["*"],
          "Resource": ["*"]
        }
      ]
    }
    EOF
  }
}
