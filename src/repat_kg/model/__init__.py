"""The domain model: records, controlled vocabularies, article texts and evidence spans."""
