"""What the pipeline knows of each language: names, alphabets and quotes, no-break rules, hyphenation."""
