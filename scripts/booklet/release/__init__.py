"""The release stage: outputs published atomically, and the release folder of `make dist`."""
