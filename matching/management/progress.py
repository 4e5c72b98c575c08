"""Progress bars (tqdm, on stderr) for the matching commands."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.management.base import OutputWrapper
from django.utils.translation import gettext as _
from tqdm import tqdm

from partners.management.console import RawWriter

Progress = Callable[[str, int, int], None]


@contextmanager
def progress_bar(stream: OutputWrapper, *, enabled: bool) -> Iterator[Progress | None]:
    """``progress(step, done, total)`` drawing one bar per step ("embed", "score")."""
    if not enabled:
        yield None
        return
    labels = {"embed": (_("Embedding"), _(" phrases")), "score": (_("Scoring"), _(" blocks"))}
    bars: dict[str, tqdm] = {}

    def progress(step: str, done: int, total: int) -> None:
        bar = bars.get(step)
        if bar is None:
            desc, unit = labels.get(step, (step, ""))
            bar = bars[step] = tqdm(total=total, desc=desc, unit=unit, file=RawWriter(stream))
        bar.update(done - bar.n)

    try:
        yield progress
    finally:
        for bar in bars.values():
            bar.close()
