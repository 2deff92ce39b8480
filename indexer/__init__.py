"""Raw article files -> Article records: decoding, layout, metadata, entities."""
