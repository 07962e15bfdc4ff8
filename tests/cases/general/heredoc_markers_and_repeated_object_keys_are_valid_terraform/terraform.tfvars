settings = {
  mode = "first"
  mode = ["second"]
  tags = { env = "dev", env = "prod" }
}
