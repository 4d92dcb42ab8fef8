"""The January 20 booklet pipeline: Sphinx + MyST sources, gettext catalogs, HTML sites, WeasyPrint PDFs."""
