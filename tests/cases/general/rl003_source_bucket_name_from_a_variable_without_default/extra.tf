variable "src_name" {
  type = string
}
