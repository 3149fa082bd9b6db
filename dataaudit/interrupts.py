"""Ctrl-C, remembered: a library that swallows the interrupt does not make the scan go on.

The CLI turns SIGINT into `Interrupted`, raised wherever the main thread is. Some code
catches everything (ruamel.yaml, imported by Great Expectations, wraps an import in a bare
`except:`), so an interrupt landing there would be lost and the scan would finish and
write its report. The handler also sets a flag; the progress hook and the output writer
check it, so the run still stops before anything is written. Without the CLI's handler
(the library used from Python) the flag is never set and nothing changes.

No imports: `dataaudit.__main__` installs the handler before anything heavy is imported.
"""


class Interrupted(BaseException):
    """Ctrl-C, raised instead of KeyboardInterrupt: click would catch that, print a blank line
    and exit 1 ("gate failed"). Like KeyboardInterrupt it unwinds the stack, running every
    `finally` (temp files, cache transactions), and no `except Exception` stops it."""


_received = False


def on_interrupt(signum, frame) -> None:
    """The SIGINT handler: remember the interrupt, then raise it here."""
    global _received
    _received = True
    raise Interrupted


def raise_if_interrupted() -> None:
    """Raise `Interrupted` again if a Ctrl-C was received and swallowed on its way up."""
    if _received:
        raise Interrupted
