"""From decisions (and, with --auto, a report's suggested actions) to one change per row.

A person's decision wins over an automatic action for its row. Automatic actions are the
report's typed `actions`: `drop` (the extra copies of a duplicate group, error-severity
rule violations, the minority side of a conflict with no majority left to keep, leaks)
and `relabel` (a conflict's minority to its majority label), plus a `review` that comes
with a suggestion the classifier is sure of (confidence >= AUTO_RELABEL_CONFIDENCE); any
other `review` waits for a person. When one row's automatic actions disagree (two
different labels), none is applied and the row is listed.

Nothing is applied blind: a decision for a row that is not in the data, or whose text is
no longer the text that was flagged, is listed as not applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from ..io.chat import answer_of
from ..model.dataset import Dataset
from .decisions import Decision
from .tool_values import restore_label, tool_text

# DA203's probability for its suggestion at which --auto relabels instead of waiting for a
# person: on BANKING77 with 5 % flips, suggestions this sure were right 97 % of the time.
AUTO_RELABEL_CONFIDENCE = 0.9


@dataclass(frozen=True)
class Change:
    position: int
    do: str  # drop, relabel, edit (keep is no change and is not planned)
    label: Optional[str] = None
    text: Optional[str] = None
    by: str = "decision"  # decision, auto
    keys: tuple[str, ...] = ()
    who: Optional[str] = None
    when: Optional[str] = None


@dataclass
class Plan:
    changes: dict[int, Change] = field(default_factory=dict)
    kept: int = 0  # rows a decision said to keep
    not_applied: list[str] = field(default_factory=list)  # what could not be applied, and why
    waiting: int = 0  # rows the report sends to review with no decision yet

    def count(self, do: str, by: Optional[str] = None) -> int:
        return sum(1 for c in self.changes.values() if c.do == do and (by is None or c.by == by))


def plan_changes(dataset: Dataset, decisions: list[Decision], report=None, auto: bool = False) -> Plan:
    plan = Plan()
    position_of = {str(rid): p for p, rid in enumerate(dataset.row_ids)}
    for p, rid in enumerate(dataset.row_ids):  # an id as an annotation tool was given it (tool_values.py)
        position_of.setdefault(tool_text(str(rid)), p)
    known_labels = {label for label in dataset.labels if label is not None}
    decided: dict[int, Decision] = {}
    for decision in decisions:
        position = position_of.get(decision.row_id)
        if position is None:
            plan.not_applied.append(f"{decision.where}: row {decision.row_id} is not in the data "
                                    f"({decision.do}); was it removed, or is this another file?")
            continue
        if decision.seen_text is not None and not _same_text(decision.seen_text, dataset.texts[position]):
            plan.not_applied.append(f"{decision.where}: row {decision.row_id} has changed since it was flagged "
                                    f"({decision.do} not applied); scan again and decide on the new text")
            continue
        if decision.label is not None:  # a label as the tool offered it -> the data's own
            decision = replace(decision, label=restore_label(decision.label, known_labels))
        earlier = decided.get(position)
        if earlier is not None and (earlier.do, earlier.label, earlier.text) != (decision.do, decision.label,
                                                                               decision.text):
            plan.not_applied.append(f"{earlier.where}: row {decision.row_id} is decided again at "
                                    f"{decision.where} ({earlier.do} vs {decision.do}); the later one is used")
        decided[position] = decision
    for position, decision in decided.items():
        problem = _unsupported(dataset, decision.do)
        if problem:
            plan.not_applied.append(f"{decision.where}: row {decision.row_id}: {problem}")
            continue
        unchanged = (decision.do == "relabel" and decision.label == dataset.labels[position]
                     or decision.do == "edit" and decision.text == _editable_text(dataset, position))
        if decision.do == "keep" or unchanged:
            plan.kept += 1
            continue
        plan.changes[position] = Change(position, decision.do, decision.label, decision.text, "decision",
                                        decision.keys, decision.who, decision.when)
    if auto and report is not None:
        _add_automatic(plan, dataset, report, position_of, set(decided))
    return plan


def _add_automatic(plan: Plan, dataset: Dataset, report, position_of: dict[str, int], decided: set[int]) -> None:
    wanted: dict[int, list[tuple[str, Optional[str], str]]] = {}
    waiting: set[int] = set()
    for finding in report.findings:
        for action in finding.actions:
            position = position_of.get(str(action.row))
            if position is None or position in decided:
                continue
            if action.do in ("drop", "relabel"):
                wanted.setdefault(position, []).append((action.do, action.label, finding.key))
            elif action.do == "review":
                confidence = finding.get("confidence")
                if action.label and isinstance(confidence, (int, float)) and confidence >= AUTO_RELABEL_CONFIDENCE:
                    wanted.setdefault(position, []).append(("relabel", action.label, finding.key))
                else:
                    waiting.add(position)
    for position, actions in sorted(wanted.items()):
        keys = tuple(dict.fromkeys(k for _, _, k in actions))
        if any(do == "drop" for do, _, _ in actions):
            plan.changes[position] = Change(position, "drop", by="auto", keys=keys)
            continue
        labels = {label for _, label, _ in actions}
        if len(labels) > 1:
            plan.not_applied.append(f"row {dataset.row_ids[position]}: the report suggests {len(labels)} labels "
                                    f"({', '.join(sorted(map(str, labels)))}); decide it by hand")
            continue
        if _unsupported(dataset, "relabel"):
            continue
        plan.changes[position] = Change(position, "relabel", labels.pop(), by="auto", keys=keys)
    plan.waiting = len(waiting - set(plan.changes))


def _unsupported(dataset: Dataset, do: str) -> Optional[str]:
    if do == "relabel" and not dataset.has_labels:
        return "relabel, but the data has no label column (scan it with --label-col, or pass it to apply)"
    if do == "edit" and dataset.format not in ("openai-chat", "sharegpt", "alpaca") and len(dataset.text_columns) != 1:
        return (f"edit, but the text is {len(dataset.text_columns)} columns "
                f"({', '.join(dataset.text_columns)}); edit the file itself for this row")
    return None


def _editable_text(dataset: Dataset, position: int) -> str:
    """What an edit replaces: the text, or for chat and instruction records the last answer."""
    parts = dataset.parts[position]
    if parts is None:
        return dataset.texts[position]

    return answer_of(parts)


def _same_text(seen: str, now: str) -> bool:
    """The flagged file shows the text as the scan read it (line ends may have been rewritten by a spreadsheet;
    an annotation tool shows control characters as pictures)."""
    seen, now = seen.replace("\r\n", "\n").strip(), now.replace("\r\n", "\n")
    return seen == now.strip() or seen == tool_text(now).strip()
