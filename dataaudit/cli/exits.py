"""Exit codes (CONTRACT.md), and the one place errors become a message and a code."""

from __future__ import annotations

import logging
import os
import sys

EXIT_PASS, EXIT_FAIL, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3


def run_command(body, err) -> None:
    """Run a command's body (returns the exit code): a user's error is exit 2 with its message,
    anything else exit 3 without a traceback (DATAAUDIT_DEBUG=1 shows it). What the library
    logs as a warning (a damaged cache set aside) is one line on stderr, even with --quiet."""
    from ..errors import DataAuditError
    from ..report.terminal import safe

    show_warnings(err)
    try:
        code = body()
    except DataAuditError as exc:
        err.print(f"[bold red]error:[/] {safe(str(exc))}", soft_wrap=True)
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:  # the reader went away (`| head`): not an error, as for `cat`
        from .outputs import silence_stdout

        silence_stdout()
        sys.exit(EXIT_PASS)
    except Exception as exc:
        if os.environ.get("DATAAUDIT_DEBUG"):
            raise
        err.print(f"[bold red]internal error:[/] {type(exc).__name__}: {safe(str(exc))}. The audit did not "
                  "finish. Re-run with DATAAUDIT_DEBUG=1 for details and please report it.", soft_wrap=True)
        sys.exit(EXIT_INCOMPLETE)
    sys.exit(code)


def error_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)


class _WarningLine(logging.Handler):
    def __init__(self, err):
        super().__init__(logging.WARNING)
        self.err = err

    def emit(self, record: logging.LogRecord) -> None:
        from ..report.terminal import safe

        self.err.print(f"[yellow]warning:[/] {safe(record.getMessage())}", soft_wrap=True)


def show_warnings(err) -> None:
    """Route the "dataaudit" logger's warnings to `err` (once: a command may run another's body)."""
    logger = logging.getLogger("dataaudit")
    for handler in list(logger.handlers):
        if isinstance(handler, _WarningLine):
            logger.removeHandler(handler)
    logger.addHandler(_WarningLine(err))
    logger.setLevel(logging.WARNING)
    logger.propagate = False
