"""The source stage: the plain text the booklet is made from, turned into MyST word for word."""
