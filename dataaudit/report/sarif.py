"""SARIF 2.1.0 (OASIS), the format code-scanning services read: each finding becomes a result on
the data file's line, so a pull request that changes training data shows its problems inline.

One run per report. `tool.driver.rules` holds every check the scan ran or skipped, described by
its own documentation (`dataaudit checks explain`), with a link to the check reference. A result
points at the row the finding asks to change (the first dropped, relabeled or reviewed row; else
its first row) and lists the finding's other rows as related locations, each at the line its
record starts on (CSV/TSV/JSONL/JSON arrays) or, for files without lines (Parquet, shards), at
line 1 with the record's index as a logical location. Findings about a label or a source, not
rows, point at line 1. The finding's key (stable across scans: it comes from the rows' texts
and labels, not positions) is the result's fingerprint, so code scanning follows a finding
when rows move and closes it when it is fixed. With --baseline, `baselineState` says whether
a finding is new.

Levels: error -> error, warning -> warning, info -> note. Services cap what they show (GitHub:
1,000 locations per result): a result keeps its first 1,000 related rows and says how many more."""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any, Optional

from ..checks import CHECKS
from ..checks.reference import doc_markdown
from ..model.findings import Finding, Report
from ..rules.selection import builtin_packs
from ..version import HOMEPAGE, __version__

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
CHECKS_REFERENCE = f"{HOMEPAGE}/blob/main/docs/checks.md"
RULES_REFERENCE = f"{HOMEPAGE}/blob/main/docs/rules.md"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
MAX_RELATED = 1_000
# partialFingerprints: ours, versioned as SARIF asks, and GitHub's stable in-file location
# (it otherwise hashes the line's text, which moves with every edit above it).
FINGERPRINT = "dataauditFindingKey/v1"


def render_sarif(report: Report) -> str:
    return json.dumps(sarif_log(report), ensure_ascii=False, indent=2) + "\n"


def sarif_log(report: Report) -> dict[str, Any]:
    rules = _rules(report)
    rule_index = {rule["id"]: i for i, rule in enumerate(rules)}
    places = {row.row_id: (row.record, row.line) for row in report.rows}
    uri = artifact_uri(report.dataset.path)
    summary = report.summary
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {"name": "dataaudit", "version": __version__, "semanticVersion": __version__,
                                "informationUri": HOMEPAGE, "rules": rules}},
            "artifacts": [{"location": {"uri": uri}, "hashes": {"sha-256": report.dataset.sha256}}],
            "invocations": [_invocation(report)],
            "results": [_result(f, rule_index, places, uri, report) for f in report.findings],
            "columnKind": "unicodeCodePoints",
            "properties": {"format": report.dataset.format, "totalRows": summary.total_rows,
                           "effectiveCleanCount": summary.effective_clean_count, "threshold": summary.threshold,
                           "passed": summary.passed, "verdict": summary.verdict},
        }],
    }


def artifact_uri(path: str) -> str:
    """The data file as a URI reference: relative paths as given (code scanning resolves them
    from the repository root, where CI runs the scan), absolute ones as file:// URIs, and an
    absolute path under the working directory made relative to it."""
    if "://" in path:
        return path
    given = Path(path)
    if given.is_absolute():
        try:
            given = given.relative_to(Path.cwd())
        except ValueError:
            return given.as_uri()
    return "/".join(_escape(part) for part in PurePosixPath(given.as_posix()).parts)


def _escape(part: str) -> str:
    # RFC 3986 path segment: percent-encode what a URI may not hold (spaces, #, ?, %, non-ASCII stay readable).
    return re.sub(r"[%#?\s\"<>\\^`{|}]", lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), part)


def _rules(report: Report) -> list[dict[str, Any]]:
    """One rule per check the scan listed; a rule-pack check (DA4xx) is described by its rule."""
    errors = {f.code for f in report.findings if f.severity == "error"}
    seen = {}
    for finding in report.findings:
        if finding.get("rule") is not None:
            seen.setdefault(finding.code, (finding.get("pack"), finding.get("rule")))
    return [_rule(run.code, run.check, run.status, "error" if run.code in errors else "warning", seen.get(run.code))
            for run in report.checks]


def _rule(code: str, name: str, status: str, level: str, pack_rule) -> dict[str, Any]:
    if code.startswith("DA4"):
        name, summary, doc, uri = _pack_rule(code, name, pack_rule)
    else:
        check = _catalogue().get(code)
        summary, doc = (check.summary, check.doc) if check else (name, f"{code} {name}")
        uri = f"{CHECKS_REFERENCE}#{code.lower()}-{name}"
    title = doc.partition("\n")[0]
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": _sentence(summary)},
        "fullDescription": {"text": _sentence(title.split("—", 1)[-1].strip() or summary)},
        "help": {"text": doc, "markdown": doc_markdown(doc)},
        "helpUri": uri,
        "defaultConfiguration": {"level": level, **({"enabled": False} if status == "skipped" else {})},
        "properties": {"tags": ["training-data", _family(code)]},
    }


def _pack_rule(code: str, name: str, pack_rule) -> tuple[str, str, str, str]:
    """(name, summary, doc, help URI) of a rule-pack check: the built-in rule's own text and its
    entry in docs/rules.md; a rule of the user's own packs by what its findings say."""
    rule = _builtin_rules().get(code)
    if rule is not None and (pack_rule is None or pack_rule == (rule.pack, rule.id)):
        doc = f"{code} {rule.id} — {rule.message}.\n\nWhy it matters:\n    {rule.why or rule.message}"
        if rule.fix:
            doc += f"\n\nFix:\n    {rule.fix}"
        return rule.id, rule.message, doc, f"{RULES_REFERENCE}#{code.lower()}-{rule.id}"
    if pack_rule is not None:
        pack, rule_id = pack_rule
        return rule_id, f"rule {rule_id} of the {pack} pack", f"{code} {rule_id} — a rule of the {pack} pack.", RULES_REFERENCE
    return name, f"{name} ({code})", f"{code} {name}", RULES_REFERENCE


def _builtin_rules() -> dict:
    return {rule.code: rule for pack in builtin_packs().values() for rule in pack.rules}


def _catalogue() -> dict:
    return {check.code: check for check in CHECKS}


def _family(code: str) -> str:
    return {"0": "completeness", "1": "duplicates", "2": "labels", "3": "leakage", "4": "rules", "5": "format"}.get(code[2], "checks")


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _result(finding: Finding, rule_index: dict, places: dict, uri: str, report: Report) -> dict[str, Any]:
    changed = finding.excluded
    primary = changed[0] if changed else (finding.rows[0] if finding.rows else None)
    others = [row for row in finding.rows if row != primary]
    message = f"{finding.message}. Suggested: {finding.suggested_action}."
    if len(others) > MAX_RELATED:
        message += f" ({len(others) - MAX_RELATED:,} more rows are in the JSON report.)"
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index[finding.code],
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": message},
        "locations": [_location(primary, places, uri, "the row to change" if changed else "this row")],
        "partialFingerprints": {FINGERPRINT: finding.key, "primaryLocationLineHash": finding.key},
        "properties": {"findingId": finding.id, "check": finding.check, "rows": list(finding.rows),
                       "excluded": list(changed), "keep": finding.keep, "labels": list(finding.labels),
                       "score": finding.score, "suggestedAction": finding.suggested_action},
    }
    if others:
        result["relatedLocations"] = [
            {"id": i, **_location(row, places, uri, _role(finding, row))} for i, row in enumerate(others[:MAX_RELATED], 1)]
    if report.comparison is not None:
        result["baselineState"] = report.comparison.status(finding)
    return result


def _role(finding: Finding, row) -> str:
    dos = {a.do for a in finding.actions_for(row)}
    if "keep" in dos:
        return "the copy to keep"
    if dos:
        return "also to change (" + ", ".join(sorted(dos)) + ")"
    return "a row it involves"


def _location(row, places: dict, uri: str, role: str) -> dict[str, Any]:
    record, line = places.get(row, (None, None)) if row is not None else (None, None)
    where = "the file" if row is None else f"row {row}" + (f" (record {record})" if record is not None and
                                                            record != row else "")
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": uri, "index": 0}, "region": {"startLine": line or 1}},
        "message": {"text": f"{where}: {role}"},
    }
    if row is not None:
        location["logicalLocations"] = [{"name": str(row), "kind": "element",
                                         "fullyQualifiedName": _record_name(record, row)}]
    return location


def _record_name(record: Optional[int], row) -> str:
    return f"record[{record}]" if record is not None else f"row[{row}]"


def _invocation(report: Report) -> dict[str, Any]:
    notes = [{"level": "error", "message": {"text": f"{run.code} {run.check} failed: {run.error}"},
              "descriptor": {"id": run.code}} for run in report.checks if run.status == "failed"]
    return {"executionSuccessful": report.complete,
            **({"toolExecutionNotifications": notes} if notes else {})}
