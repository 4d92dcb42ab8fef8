"""The engine: plans which tasks a build needs, runs them in process pools, shows progress; the watch mode."""
