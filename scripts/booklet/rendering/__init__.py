"""The rendering stage: WeasyPrint turns print HTML into PDFs, reading nothing from outside."""
