"""Terminal output shared by the management commands: raw streams and progress bars."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import OutputWrapper
from django.utils.translation import gettext as _
from tqdm import tqdm

from partners.exchange.validation import ProgressCallback


class RawWriter:
    """A file-like view of a command's stdout/stderr that writes text exactly as given.

    Django's ``OutputWrapper`` appends a line break to every write, which breaks
    both streamed JSON and tqdm's redrawn line, and colours stderr on a terminal.
    """

    def __init__(self, wrapper: OutputWrapper):
        self._wrapper = wrapper

    def write(self, text: str) -> int:
        # No style either: on a terminal, Django paints all of stderr as an error.
        self._wrapper.write(text, style_func=_unstyled, ending="")
        return len(text)

    def flush(self) -> None:
        self._wrapper.flush()

    def isatty(self) -> bool:
        return self._wrapper.isatty()


def _unstyled(text: str) -> str:
    return text


def _step_labels() -> dict[str, str]:
    return {"validate": _("Checking"), "write": _("Writing"), "export": _("Exporting")}


@contextmanager
def progress_bars(stream: OutputWrapper, *, enabled: bool) -> Iterator[ProgressCallback | None]:
    """A progress callback drawing one tqdm bar per step on ``stream``, or None if disabled.

    Bars are drawn only on a terminal: piped or redirected output stays clean.
    """
    if not (enabled and stream.isatty()):
        yield None
        return
    bars: dict[str, tqdm] = {}
    labels = _step_labels()

    def progress(step: str, done: int, total: int) -> None:
        bar = bars.get(step)
        if bar is None:
            bar = bars[step] = tqdm(
                total=total, desc=labels.get(step, step), unit=" companies", file=RawWriter(stream)
            )
        bar.update(done - bar.n)

    try:
        yield progress
    finally:
        for bar in bars.values():
            bar.close()
