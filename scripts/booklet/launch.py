"""The `booklet` command's entry point: a build goes to the warm build server when one is running for its
build folder (server.py); anything else, and a build with no server, to the CLI in this process."""

from __future__ import annotations

import sys


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "build":
        from booklet import server

        try:
            build_dir = server.build_dir_of(sys.argv[1:]) if server.enabled() else None
            code = server.request(build_dir, sys.argv) if build_dir else None
        except KeyboardInterrupt:  # before the server took the build: nothing was started
            sys.exit(130)
        if code is not None:
            sys.exit(code)
    from booklet.cli import main as cli_main

    cli_main()
