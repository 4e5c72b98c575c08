"""Slow blocks, for tests that must catch a worker in the middle of a full run.

A fault test's worker imports this module (``--include``); with ``FAULT_BLOCK_DELAY``
set, scoring a block takes that many seconds longer. Nothing else changes.
"""

import os
import time

from matching.services import runs

_delay = float(os.environ.get("FAULT_BLOCK_DELAY", "0"))

if _delay > 0:
    _score_block = runs.score_block

    def _slow_score_block(*args, **kwargs):
        time.sleep(_delay)
        return _score_block(*args, **kwargs)

    runs.score_block = _slow_score_block
