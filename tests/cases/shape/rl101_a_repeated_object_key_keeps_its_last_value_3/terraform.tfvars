replication = {
  settings = {
    role = "arn:aws:iam::123456789012:role/replication"
    role = "replication"
  }
  settings = {
    role = "arn:aws:iam::123456789012:role/other"
    role = "replication"
  }
}
