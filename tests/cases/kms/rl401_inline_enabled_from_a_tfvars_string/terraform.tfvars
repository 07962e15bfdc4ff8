select_kms_objects = "false"
