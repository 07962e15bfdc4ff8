locals {
  userdata = <<EOF
#!/bin/bash
sudo su - oracle -c "sqlplus / as sysdba << EOF
shutdown abort;
startup;
exit;
EOF"
echo done
EOF
  script = <<-EOT
    cat <<EOTX
    EOTX
    EOT # not the end either
    EOT   
  padded = <<EOF
	EOF	
  secrets = {
    logging_level_root = "INFO"
    other              = "x"
    logging_level_root = "DEBUG"
  }
  nested = {
    a = { b = 1, b = [2] }
    a = { c = { d = "x", d = null } }
  }
}

variable "settings" {
  default = {}
}

output "all" {
  value = [local.userdata, local.script, local.padded, local.secrets, local.nested, var.settings]
}
