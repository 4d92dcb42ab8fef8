"""Validators of the outputs: the print preflight, the archive and accessibility checks, `make verify`."""
