"""Parser backends: each turns text (or a parser's own documents) into UD v2 sentences."""
