locals {
  crlf = <<EOF
line
EOF"
EOF  
  tags = { Name = "a", Name = "b" }
}
