"""DA207 answer_conflict — the same prompt answered differently.

What it finds:
    Chat and instruction records (OpenAI chat, ShareGPT, Alpaca) asked the same thing in
    the same context — the same system prompt, tool definitions and turns before the last
    answer, after normalization — whose last answers differ — not a typo apart, but different. When the
    answers are the labels (a classification fine-tune), DA201 judges them instead.

Why it matters:
    Two answers to one question teach the model that either is right. For instruction data
    this is a conflict to resolve, not a pair of duplicates: keep the better answer, or make
    the prompts say what differs.

Example:
    user: "Summarise the meeting notes." / assistant: "Budget approved; launch in May."
    user: "Summarise the meeting notes." / assistant: "The launch was cancelled."
    Both rows go to review.
"""

from __future__ import annotations

from collections import defaultdict

from ..model.findings import Finding
from ..text import normalize
from .base import Check, each, floor_to, plural


def run(inputs) -> list[Finding]:
    from rapidfuzz.distance import Indel

    from ..io.chat import answer_of, context_text  # here: the io package imports pandas (`checks list` stays light)

    dataset, threshold = inputs.dataset, inputs.settings.near_duplicate_threshold
    groups: dict[str, list[int]] = defaultdict(list)
    for position, (prompt, parts) in enumerate(zip(dataset.prompts, dataset.parts)):
        # A different system prompt or tool list is a different question, however alike the user turns.
        key = normalize(context_text(parts)) if prompt and parts else ""
        if key:
            groups[key].append(position)
    labels = inputs["given_labels"]
    findings = []
    for rows in groups.values():
        if len(rows) < 2:
            continue
        answers = {p: normalize(answer_of(dataset.parts[p] or [])) for p in rows}
        distinct = list(dict.fromkeys(answers.values()))
        first = distinct[0]
        # Answers a typo apart are one answer (DA102's business): a conflict needs a different answer.
        if all(Indel.normalized_similarity(first, other) >= threshold for other in distinct[1:]):
            continue
        low = min(Indel.normalized_similarity(a, b) for a in distinct for b in distinct if a < b)
        findings.append(Finding(
            check="answer_conflict", code="DA207", severity="warning", rows=tuple(rows), actions=each("review", rows),
            labels=tuple(sorted({labels[p] for p in rows if labels[p] is not None})), score=floor_to(1.0 - low),
            message=f"{plural(len(rows), 'record')} ask the same prompt and give {len(distinct)} different answers",
            suggested_action="keep the right answer (or make the prompts say what differs), drop the others",
            extra=(("answers", len(distinct)),),
        ))
    return findings


def unavailable(dataset, settings, against):
    if dataset.format not in ("openai-chat", "sharegpt", "alpaca"):
        return "not chat or instruction records: their prompts and answers are what this compares"
    if dataset.columns_found.get("label") == "answers":
        return "the answers are the labels: DA201 judges the same prompt with different labels"
    return None


CHECK = Check(code="DA207", name="answer_conflict", summary="the same prompt with different answers",
              run=run, module=__name__, stages=("given_labels",), unavailable=unavailable,
              settings=("near_duplicate_threshold",))
