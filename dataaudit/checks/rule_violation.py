"""DA4xx rule_violation — a row breaks a rule of a rule pack.

What it finds:
    Each rule of the selected rule packs (the built-in `basic`, `instruction`, `chat` and
    `pii` packs that fit the file's format, packs from --rules-dir, a Great Expectations
    suite given with --expectations) is one check with its own DA4xx code. A row that
    breaks the rule is one finding: `rule` names the rule, `pack` its pack.

Why it matters:
    Copies and label disagreements are not the only reasons a row is unusable: an empty or
    placeholder answer ("<nooutput>", "N/A"), an input that is only a URL or points at an
    image the model cannot see, an answer with a second instruction merged in, a chat that
    ends on the user's turn. Each such row teaches the model the wrong thing.

Example:
    {"instruction": "Summarise the article.", "input": "https://example.com/a", "output": "..."}
    breaks DA413 input-url-only (error): the model cannot open the link.

Severity:
    error rows are excluded from the effective clean count (action `drop`) and an error
    finding fails the gate; warnings are reported only. `dataaudit rules list` lists the
    rules, `dataaudit rules explain ID` explains one.
"""

from __future__ import annotations

from ..model.findings import Action, CheckOutcome, Finding
from ..rules.expectations import RuleFailed
from ..rules.pack import Rule
from .base import Check, Extra


def rule_check(rule: Rule):
    return Check(code=rule.code, name="rule_violation", summary=f"{rule.pack}/{rule.id}: {rule.message}",
                 run=lambda inputs: _findings(rule, inputs), module=__name__,
                 stages=("rule_results", "given_labels"), needs_labels=rule.column == "label",
                 extras=(Extra("rule", "the rule's id"), Extra("pack", "the rule pack it belongs to")))


def _findings(rule: Rule, inputs) -> CheckOutcome:
    result = inputs["rule_results"][rule.id]
    if result.error:  # its regex ran out of time, or GX raised on it: this check fails, the others ran
        raise RuleFailed(result.error)
    labels = inputs["given_labels"]
    share = len(result.unexpected) / max(result.checked, 1)
    if result.success:
        note = (f"{len(result.unexpected):,} of {result.checked:,} rows ({share:.1%}) break it, within mostly "
                f"{rule.mostly:g}: not reported" if result.unexpected else f"{result.checked:,} rows checked")
        return CheckOutcome(findings=[], notes=(note,))
    action = rule.fix or ("drop the row, or fix it" if rule.severity == "error" else "check the row")
    findings = [Finding(
        check="rule_violation", code=rule.code, severity=rule.severity, rows=(position,),
        actions=(Action(position, "drop"),) if rule.severity == "error" else (),
        labels=(labels[position],) if labels[position] is not None else (), score=1.0,
        message=f"{rule.message} (rule {rule.id})", suggested_action=action,
        extra=(("rule", rule.id), ("pack", rule.pack)),
    ) for position in result.unexpected]
    return CheckOutcome(findings=findings, notes=(f"{len(findings):,} of {result.checked:,} rows ({share:.1%})",))
