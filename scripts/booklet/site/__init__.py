"""The site stage's own pages and links: the language chooser and the PDFs a page offers."""
