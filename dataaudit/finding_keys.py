"""A finding's key: a stable id from content, so scans can be compared and decisions re-applied
after rows move. Never positions or ids: the check's code, the rule (rule packs), and the
normalized texts and labels of the rows involved (as a multiset, so order does not matter).
A finding about a label or a source rather than rows (DA202, DA205, DA206) is keyed by its
labels and the extra fields its check names (`kind`, `source`)."""

from __future__ import annotations

import hashlib
import json
from typing import Optional, Sequence


def finding_key(finding, key_fields: Optional[tuple[str, ...]], normalized: Sequence[str],
                labels: Sequence[Optional[str]]) -> str:
    """`finding` still holds row positions."""
    if key_fields is None:
        material = sorted([normalized[p], labels[p] or ""] for p in finding.rows)
    else:
        material = [list(finding.labels), [finding.get(name) for name in key_fields]]
    payload = json.dumps([finding.code, finding.get("rule"), material], ensure_ascii=False, default=str)
    digest = hashlib.blake2b(payload.encode("utf-8"), digest_size=8).hexdigest()
    return f"{finding.code.lower()}-{digest}"
