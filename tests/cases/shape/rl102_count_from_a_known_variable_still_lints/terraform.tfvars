replication_enabled = "true"
