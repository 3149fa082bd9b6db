"""Labeled pair sources for judging "is this the same example?" (benchmarks/pair_sources.py).

Each builder returns a base.Source: rows (text, label, true group) and labeled candidate pairs
(row a, row b, same 0/1, kind). Rows sharing a group are the same example.
"""

from __future__ import annotations

import importlib

# source name -> module (in the order the table lists them)
SOURCES = {
    "typos": "typos",
    "reposts": "reposts",
    "templated": "templated",
    "sick": "sick",
    "stsb": "stsb",
    "rendering": "hinglish",
    "banking77_read": "banking_read",
}


def builder(name: str):
    return importlib.import_module(f"pairsets.{SOURCES[name]}").build
