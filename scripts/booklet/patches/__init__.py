"""Where private APIs of pinned libraries are touched: one small module per library, with a version check."""
