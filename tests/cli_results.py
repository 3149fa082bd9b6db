"""What a CLI run must look like, shared by the tests that feed it bad or odd input."""

from __future__ import annotations


def assert_usage_error(result, *fragments):
    """Exit 2, no traceback or escaped exception, and every fragment in the output."""
    assert result.exit_code == 2, f"exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    for fragment in fragments:
        assert fragment in result.output, f"{fragment!r} not in:\n{result.output}"


def assert_ran(result):
    """The input was usable: the gate decided (0 or 1)."""
    assert result.exit_code in (0, 1), f"exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
