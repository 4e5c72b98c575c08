#!/usr/bin/env python
"""Exit 0 if the web server in this container answers /healthz with 200, i.e. it
reaches the database and the broker (compose healthcheck).

The request names a host the site accepts (the first of ALLOWED_HOSTS) and says
it came through HTTPS, as the proxy in front would, so that production settings
serve the page instead of redirecting.
"""

import os
import sys
import urllib.request

URL = "http://127.0.0.1:8000/healthz"


def main() -> int:
    host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
    request = urllib.request.Request(
        URL,
        headers={"Host": "localhost" if host in ("", "*") else host, "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"web healthcheck: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
