src_versioning = "Suspended"
