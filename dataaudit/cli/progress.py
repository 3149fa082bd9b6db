"""Progress on stderr while a scan runs, driven by the library's (stage, advance, total) hook."""

from __future__ import annotations

from typing import Optional


class Progress:
    """Rich progress on stderr, driven by the library's (stage, advance, total) hook."""

    def __init__(self, console, enabled: bool):
        self.console = console
        self.enabled = enabled and console.is_terminal
        self.progress = None
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        if not self.enabled:
            return lambda stage, advance, total: None
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
        return False
