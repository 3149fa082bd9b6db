"""Tests that drive a real program (LibreOffice, a browser) need it installed.

`.ci/run` installs them and sets DATAAUDIT_REQUIRE_PROGRAMS=1, so in CI a missing program
fails the test instead of skipping it; on a developer's machine without one, the test
is skipped and says what to install.
"""

from __future__ import annotations

import os
import shutil

import pytest

INSTALL = {"soffice": "apt-get install libreoffice-calc-nogui"}


def require_program(name: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed ({INSTALL.get(name, 'install it')})"
    if os.environ.get("DATAAUDIT_REQUIRE_PROGRAMS"):
        pytest.fail(message + "; CI requires it")
    pytest.skip(message)
