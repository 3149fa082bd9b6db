"""Tests that drive a real program (LibreOffice, a browser) need it installed.

`.ci/run` installs them and sets DATAAUDIT_REQUIRE_PROGRAMS=1, so in CI a missing program
fails the test instead of skipping it; on a developer's machine without one, the test
is skipped and says what to install.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

INSTALL = {"soffice": "apt-get install libreoffice-calc-nogui", "chromium": "apt-get install chromium",
           "chromedriver": "apt-get install chromium-driver"}


def require_module(name: str, install: str):
    """The Python module a test drives a program with (selenium for Chromium), under the same
    rule: missing is a skip on a developer's machine, a failure in CI."""
    try:
        return importlib.import_module(name)
    except ImportError:
        message = f"{name} is not installed ({install})"
        if os.environ.get("DATAAUDIT_REQUIRE_PROGRAMS"):
            pytest.fail(message + "; CI requires it")
        pytest.skip(message)


def require_program(name: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed ({INSTALL.get(name, 'install it')})"
    if os.environ.get("DATAAUDIT_REQUIRE_PROGRAMS"):
        pytest.fail(message + "; CI requires it")
    pytest.skip(message)


_NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
       "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
       "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}


def _paragraph_text(paragraph) -> str:
    parts = [paragraph.text or ""]
    for child in paragraph:
        tag = child.tag.split("}")[1]
        if tag == "s":
            parts.append(" " * int(child.get(f"{{{_NS['text']}}}c", "1")))
        elif tag == "tab":
            parts.append("\t")
        elif tag == "line-break":
            parts.append("\n")
        else:
            parts.append(_paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def libreoffice_rows(path: Path, workdir: Path) -> tuple[list[list[str]], int]:
    """Open the CSV in LibreOffice Calc as a user would (its default: formulas are evaluated) and
    read the sheet back: the cells' text, and how many cells hold a formula."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = workdir / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--infilter=CSV:44,34,76,1",
                    "--convert-to", "fods", "--outdir", str(workdir), str(path)],
                   check=True, capture_output=True, timeout=180)
    root = ET.parse(workdir / (path.stem + ".fods")).getroot()
    rows, formulas = [], 0
    for row in root.iter(f"{{{_NS['table']}}}table-row"):
        cells = []
        for cell in row.findall("table:table-cell", _NS):
            formulas += cell.get(f"{{{_NS['table']}}}formula") is not None
            repeat = int(cell.get(f"{{{_NS['table']}}}number-columns-repeated", "1"))
            text = "\n".join(_paragraph_text(p) for p in cell.findall("text:p", _NS))
            cells += [text] * min(repeat, 64)
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            rows.append(cells)
    return rows, formulas
