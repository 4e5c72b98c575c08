"""Settings for the test suite (pytest-django).

The database and the broker still come from the environment, so CI runs the
same tests against PostgreSQL and Redis that a laptop runs against SQLite.

Tasks run eagerly (in the test process) unless a test starts a real worker
(``tests/worker.py``). Such a worker is a second process, so it needs what an
eager task never does: a test database on disk, a broker folder apart from the
``make run`` one and a queue of its own, so that two test runs on one machine
(or one broker) never take each other's messages.
"""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, DATABASES, VAR_DIR, env, filesystem_broker_options

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env.str(
    "CELERY_TASK_DEFAULT_QUEUE", default=f"kyoso-test-{os.getpid()}"
)
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(
        Path(env.str("CELERY_BROKER_DIR", default=str(VAR_DIR / "test-broker")))
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a worker process can open the same test
    # database; the process id keeps simultaneous runs apart. Django deletes
    # the file when the run ends.
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}

# Mail stays in memory (``mail.outbox``). A real worker has no outbox to share
# with the test, so tests/worker.py gives it a folder to write messages into.
_email_folder = env.str("TEST_EMAIL_FOLDER", default="")
if _email_folder:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = _email_folder
else:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

# Tests start their own webhook receivers on 127.0.0.1 (refusals are tested with this off),
# and a real worker retries failed deliveries quickly.
WEBHOOKS_ALLOW_INSECURE = True
WEBHOOKS_RETRY_BASE = 1
WEBHOOKS_RETRY_MAX_DELAY = 2
WEBHOOKS_MAX_ATTEMPTS = 3
