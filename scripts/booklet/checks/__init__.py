"""The checks stage: what a careful reviewer checks in a catalog, and the build's preflight."""
