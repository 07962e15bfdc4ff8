locals {
  name = "unclosed
  other = "value"
}
