"""Production settings for the load test, with the floor view's URL added and the
static files collected into the load test's own folder."""

import os

from alliance.settings.production import *  # noqa: F403

ROOT_URLCONF = "load_urls"
STATIC_ROOT = os.environ["LOAD_STATIC_ROOT"]
