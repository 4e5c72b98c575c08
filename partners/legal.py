"""The current version of Kyoso's terms of use and privacy policy.

Both documents share one version: a member accepts them together at sign-up, and the
``Consent`` row records which version they accepted and when. Change the version
whenever the text of either document changes in substance (the pages show it).
"""

import datetime

TERMS_VERSION = "2026-12-07"
TERMS_DATE = datetime.date(2026, 12, 7)
