# A minimal stand-in for cloudposse/label/null (terraform-null-label), written for the test
# fixtures: it computes only the outputs the s3-bucket module reads (`enabled`, `id`, `tags`,
# `context`), with the label's usual `-` delimiter.

variable "enabled" {
  type    = bool
  default = true
}

variable "namespace" {
  type    = string
  default = null
}

variable "stage" {
  type    = string
  default = null
}

variable "name" {
  type    = string
  default = null
}

variable "attributes" {
  type    = list(string)
  default = []
}

variable "tags" {
  type    = map(string)
  default = {}
}

locals {
  id = join("-", compact(concat([var.namespace, var.stage, var.name], var.attributes)))
}

output "enabled" {
  value = var.enabled
}

output "id" {
  value = var.enabled ? local.id : ""
}

output "tags" {
  value = var.enabled ? merge(var.tags, { Name = local.id }) : {}
}

output "context" {
  value = {
    enabled    = var.enabled
    namespace  = var.namespace
    stage      = var.stage
    name       = var.name
    attributes = var.attributes
    tags       = var.tags
  }
}
