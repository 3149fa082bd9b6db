"""Progress on stderr while a scan runs, driven by the library's (stage, advance, total) hook:
rich bars on a terminal; plain lines when stderr is a log, a pipe or `nohup` (one when a
stage starts, one every ~10 s with the rate and the time left, one when it ends)."""

from __future__ import annotations

import time
from typing import Callable, Optional

from ..interrupts import raise_if_interrupted

# A plain progress line at most this often per stage (seconds).
PLAIN_EVERY = 10.0
# Before embedding this many texts, say how to skip it.
LONG_EMBEDDING = 20_000


class Progress:
    """Rich progress on a terminal, plain lines otherwise, nothing when disabled (--quiet)."""

    def __init__(self, console, enabled: bool, clock: Callable[[], float] = time.monotonic):
        self.console = console
        self.enabled = enabled
        self.terminal = console.is_terminal
        self.clock = clock
        self.progress = None
        self.tasks: dict[str, int] = {}
        self.plain: Optional[PlainLines] = None

    def __enter__(self):
        hook = self._start()

        def checked(stage: str, advance: int, total: Optional[int]) -> None:
            raise_if_interrupted()  # a Ctrl-C some library swallowed stops the scan at its next step
            hook(stage, advance, total)

        return checked

    def _start(self) -> Callable[[str, int, Optional[int]], None]:
        if not self.enabled:
            return lambda stage, advance, total: None
        if not self.terminal:
            self.plain = PlainLines(lambda line: self.console.print(line, soft_wrap=True, highlight=False), self.clock)
            return self.plain.hook
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(), console=self.console, transient=True)
        self.progress.start()
        return self._hook

    def _hook(self, stage: str, advance: int, total: Optional[int]) -> None:
        if stage not in self.tasks:
            for other in self.tasks.values():  # one stage at a time: finish the previous ones
                task = self.progress.tasks[other]
                self.progress.update(other, completed=task.total or task.completed, visible=False)
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        task_id = self.tasks[stage]
        if total is not None:
            self.progress.update(task_id, total=total)
        if advance:
            self.progress.advance(task_id, advance)

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.stop()
        if self.plain is not None:
            self.plain.finish()
        return False


class PlainLines:
    """The hook for a log: `embedding (minilm) 12,288/52,002, 310/s, ~2 min left`."""

    def __init__(self, write: Callable[[str], None], clock: Callable[[], float]):
        self.write, self.clock = write, clock
        self.stage: Optional[str] = None
        self.total: Optional[int] = None
        self.done = 0
        self.started = self.last = 0.0

    def hook(self, stage: str, advance: int, total: Optional[int]) -> None:
        now = self.clock()
        if stage != self.stage:
            self.finish()
            self.stage, self.total, self.done, self.started, self.last = stage, total, 0, now, now
            self.write(f"{stage}: started" + (f" ({total:,})" if total else ""))
            if stage.startswith("embedding") and total and total >= LONG_EMBEDDING:
                self.write(f"{stage}: {total:,} texts to embed; --embedder none skips the semantic checks")
        elif total is not None:
            self.total = total
        self.done += advance
        if now - self.last >= PLAIN_EVERY:
            self.last = now
            self.write(self._status(now))

    def _status(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        if self.total:
            left = (self.total - self.done) / rate if rate > 0 else None
            return (f"{self.stage} {self.done:,}/{self.total:,}, {rate:,.0f}/s"
                    + (f", ~{_duration(left)} left" if left is not None else ""))
        return f"{self.stage} {self.done:,} done, {_duration(elapsed)} so far"

    def finish(self) -> None:
        if self.stage is not None:
            self.write(f"{self.stage}: done in {_duration(self.clock() - self.started)}")
            self.stage = None


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
