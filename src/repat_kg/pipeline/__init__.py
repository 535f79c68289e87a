"""The pipeline: corpus folders, per-article units, the cache and the build."""
