"""The work queue: findings grouped by what a person must do with them, most certain first.

- **decide a label**: conflicts, likely mislabeled rows (with the suggestion and the rows that
  support it), disagreeing annotators, missing labels, label names spelled several ways;
- **fix a row**: rule violations, empty texts — the row itself is wrong;
- **confirm a drop**: duplicates, leaks and benchmark test items — the tool already chose the copy
  to keep, or the row holds an evaluation item;
- findings about the whole file (label imbalance, one source dominating) have no rows to act
  on and are shown with the overview.

The page holds findings up to EMBED_BUDGET bytes of their HTML (the most certain first, every
group at least its first page; the rest counted and left to the JSON report), so a 100k-row
scan's page stays under 5 MB.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from ...model.findings import Finding, Report
from .marks import inline_diff, turns

QUEUES = (("decide", "Decide a label"), ("fix", "Fix a row"), ("drop", "Confirm a drop"))
_QUEUE_OF_CHECK = {"label_conflict": "decide", "likely_mislabeled": "decide", "annotator_disagreement": "decide",
                   "missing_label": "decide", "label_variant": "decide", "answer_conflict": "decide",
                   "rule_violation": "fix", "empty_text": "fix",
                   "exact_duplicate": "drop", "near_duplicate": "drop", "semantic_duplicate": "drop", "leakage": "drop",
                   "benchmark_contamination": "drop"}
PAGE_SIZE = 25  # items per page; the first page of each group is visible without JavaScript
ROWS_SHOWN = 12  # rows of one finding shown side by side (a 300-copy group says "288 more")
TEXT_LIMIT = 2_000  # characters of one text (or one chat turn) shown, scrollable
EMBED_BUDGET = 4_000_000  # bytes of findings' HTML in the page, all groups together
CHAT_FORMATS = ("openai-chat", "alpaca", "sharegpt")


@dataclass
class Queue:
    key: str
    title: str
    items: list[dict] = field(default_factory=list)
    total: int = 0  # findings in this group, embedded or not


def queue_of(finding: Finding) -> Optional[str]:
    """Which queue a finding belongs to; None for a finding about the whole file (no rows)."""
    if not finding.rows:
        return None
    named = _QUEUE_OF_CHECK.get(finding.check)
    if named:
        return named
    does = {a.do for a in finding.actions}
    if does & {"review", "relabel"}:
        return "decide"
    return "drop" if finding.keep is not None else "fix"


def build_queues(report: Report, render: Callable[[dict, bool], str], budget: Optional[int] = None) -> list[Queue]:
    """The queues with their items rendered by `render(item, later)` (`later`: past the first page,
    hidden until paged to), most certain first; items are added until `budget` bytes of HTML."""
    budget = EMBED_BUDGET if budget is None else budget
    queues = {key: Queue(key, title) for key, title in QUEUES}
    for finding in report.findings:
        key = queue_of(finding)
        if key:
            queues[key].total += 1
    chat = report.dataset.format in CHAT_FORMATS
    # One ranking for all groups (each group's own order is the same), so a huge group cannot
    # starve the others of the budget: every group keeps at least its first page.
    ranked = sorted((f for f in report.findings if queue_of(f)), key=lambda f: (-f.score, f.id))
    spent = 0
    for finding in ranked:
        key = queue_of(finding)
        queue = queues[key]
        if spent >= budget and len(queue.items) >= PAGE_SIZE:
            continue
        item = {**_item(report, finding, chat), "queue": key}
        item["html"] = render(item, len(queue.items) >= PAGE_SIZE)
        spent += len(item["html"].encode("utf-8"))
        queue.items.append(item)
    return list(queues.values())


def _item(report: Report, finding: Finding, chat: bool) -> dict[str, Any]:
    shown = list(finding.rows[:ROWS_SHOWN])
    if finding.keep in finding.rows:  # the copy that stays comes first, the others beside it
        shown = [finding.keep] + [rid for rid in finding.rows if rid != finding.keep][:ROWS_SHOWN - 1]
    reference = shown[0]
    reference_text = report.row(reference).text
    rows = [_row(report, finding, rid, reference if rid != reference else None, reference_text, chat)
            for rid in shown]
    support = [(rid, sim) for rid, sim in zip(finding.get("supporting_rows") or (),
                                             finding.get("supporting_similarities") or ())]
    supporting = [{**_row(report, finding, rid, None, "", chat), "role": "similar", "similarity": sim}
                  for rid, sim in support]
    return {"id": finding.id, "code": finding.code, "check": finding.check, "severity": finding.severity,
            "score": finding.score, "message": finding.message, "action": finding.suggested_action,
            "labels": list(finding.labels), "rule": finding.get("rule"),
            "suggested_label": finding.get("suggested_label"), "rows": rows, "supporting": supporting,
            "more_rows": len(finding.rows) - len(shown)}


def _row(report: Report, finding: Finding, rid, reference, reference_text: str, chat: bool) -> dict[str, Any]:
    row = report.row(rid)
    text = row.text or ""
    cut = len(text) if len(text) > TEXT_LIMIT and not chat else None
    shown = text[:TEXT_LIMIT] if cut else text
    record = turns(text) if chat else None
    if record:  # every turn shown, each cut alone: the answer (often the label) is never cut off
        others = (turns(reference_text) or []) if reference is not None else []
        record = [_turn(role, content, others[n] if n < len(others) else None, finding.check)
                  for n, (role, content) in enumerate(record)]
    comparable = reference is not None and not record and not cut and len(reference_text) <= TEXT_LIMIT
    diff = inline_diff(reference_text, text, finding.check) if comparable else None
    return {"id": rid, "label": row.label, "role": _role(finding, rid), "text": shown, "cut": cut,
            "turns": record, "diff": diff}


def _turn(role: str, content: str, other: Optional[tuple[str, str]], check: str) -> dict[str, Any]:
    """A turn, marked against the same turn of the row it is compared with (when roles match)."""
    cut = len(content) if len(content) > TEXT_LIMIT else None
    diff = None
    if other is not None and other[0] == role and not cut and len(other[1]) <= TEXT_LIMIT:
        diff = inline_diff(other[1], content, check)
    return {"role": role, "text": content[:TEXT_LIMIT], "cut": cut, "diff": diff, "turns": None}


def _role(finding: Finding, rid) -> str:
    for action in finding.actions_for(rid):
        if action.do == "relabel":
            return f"relabel → {action.label}"
        if action.do == "review" and action.label:
            return f"review: {action.label}?"
        return action.do
    return ""
