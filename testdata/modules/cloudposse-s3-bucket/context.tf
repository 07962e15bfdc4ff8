# A reduced stand-in for cloudposse's standard `context.tf` (the null-label context): the
# `module "this"` call and the inputs the fixtures use.

module "this" {
  source  = "cloudposse/label/null"
  version = "0.25.0"

  enabled    = var.enabled
  namespace  = var.namespace
  stage      = var.stage
  name       = var.name
  attributes = var.attributes
  tags       = var.tags
}

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

variable "context" {
  type    = any
  default = {}
}
