"""Quality: SHACL validation and inference."""
