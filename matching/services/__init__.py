"""Writes of the matching app: embeddings, full runs, rescoring, cleanup."""

from matching.services.hooks import companies_rescore_enqueue, company_rescore_enqueue
from matching.services.phrases import phrases_embed_missing
from matching.services.rescore import company_rescore
from matching.services.runs import (
    match_block_run,
    match_blocks_claimable,
    match_blocks_lost,
    match_run_fail,
    match_run_publish,
    match_run_start,
    match_run_sync,
    match_runs_cleanup,
)

__all__ = [
    "companies_rescore_enqueue",
    "company_rescore",
    "company_rescore_enqueue",
    "match_block_run",
    "match_blocks_claimable",
    "match_blocks_lost",
    "match_run_fail",
    "match_run_publish",
    "match_run_start",
    "match_run_sync",
    "match_runs_cleanup",
    "phrases_embed_missing",
]
