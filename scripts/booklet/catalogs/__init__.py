"""The catalogs stage: read, write, extract, update and import the gettext catalogs of the translations."""
