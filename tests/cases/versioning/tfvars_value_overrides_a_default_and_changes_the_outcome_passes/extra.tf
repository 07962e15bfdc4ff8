variable "src_versioning" {
  type    = string
  default = "Enabled"
}
