"""The prepress stage: the print-shop edition (bleed, crop marks, padding) and the imposed booklet."""
