"""The `dataaudit` command (and `python -m dataaudit`).

Kept free of heavy imports so that Ctrl-C at any moment, even while the CLI's
modules are still importing, ends with one line and exit 130, and a reader that
goes away (`dataaudit checks list | head`) is not an error.
"""

import sys

from .interrupts import Interrupted, on_interrupt, raise_if_interrupted

EXIT_INTERRUPTED = 130


def run() -> None:
    import signal

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when started ignoring it (nohup, &)
        signal.signal(signal.SIGINT, on_interrupt)
    try:
        code = _main()
        raise_if_interrupted()  # swallowed on its way up (see dataaudit.interrupts): still 130
    except (KeyboardInterrupt, Interrupted):
        _interrupted()
    except BrokenPipeError:
        from .cli import silence_stdout

        silence_stdout()
        code = 0
    sys.exit(code)


def _main() -> int:
    import click

    from .cli import main

    try:
        # click's own handler turns Ctrl-C into "Aborted!" and exit 1, which means "gate failed" here.
        result = main.main(standalone_mode=False)
    except click.exceptions.Abort:
        _interrupted()
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    return result if isinstance(result, int) else 0


def _interrupted() -> None:
    import os
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not turn into a traceback
    try:
        sys.stderr.write("interrupted: no report was written.\n")
        sys.stderr.flush()
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    # Not sys.exit: interpreter shutdown after an interrupted import can re-deliver the signal
    # (exit -2 instead of 130). Everything that must be cleaned up was, while the interrupt
    # unwound the stack (temp files, cache transactions).
    os._exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    run()
