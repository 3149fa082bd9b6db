"""How far the target is, in the currency the user controls: raw rows to collect.

At the file's clean rate (clean count / rows), reaching the threshold takes about
(threshold - clean) / rate more rows like these; each label below --min-per-label takes
(minimum - its clean count) / its own clean rate. An estimate: new rows are assumed to be
as clean as the ones already there (a file that is mostly copies of one phrase needs far
more, which is the point of saying so).

What to collect, beyond how many: other phrasings of the labels that are a few templates or
below --min-phrasings (quality/diversity.py), examples in a script production writes in far more than
the training set — of the labels production asks for most in it — and examples of the kinds of
request production makes that the training set barely holds (quality/representativeness.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence

from ..model.findings import LabelCount, LabelPhrasings, Representativeness, Summary
from ..text import listed, shorten

ADVICE_ITEMS = 3  # labels / topics named per piece of advice


@dataclass(frozen=True)
class Need:
    clean_rate: float
    more_rows: Optional[int]  # None: the rate is 0, no number of rows like these gets there


@dataclass(frozen=True)
class Readiness:
    overall: Optional[Need]  # None when the threshold is met
    labels: tuple[tuple[str, Need], ...]  # labels below --min-per-label
    advice: tuple[str, ...] = ()  # what to collect: phrasings, scripts, topics


def readiness(summary: Summary, labels: Sequence[LabelCount], diversity: Sequence[LabelPhrasings] = (),
              representativeness: Optional[Representativeness] = None) -> Readiness:
    overall = None
    if summary.effective_clean_count < summary.threshold:
        overall = _need(summary.effective_clean_count, summary.total_rows, summary.threshold)
    below = set(summary.labels_below_minimum)
    per_label = tuple((l.label, _need(l.effective_clean_count, l.rows, summary.min_per_label or 0))
                      for l in labels if l.label in below)
    return Readiness(overall=overall, labels=per_label,
                     advice=_phrasings_advice(summary, diversity) + _production_advice(representativeness))


def _phrasings_advice(summary: Summary, diversity: Sequence[LabelPhrasings]) -> tuple[str, ...]:
    few = {d.label for d in diversity if d.few_templates} | set(summary.labels_below_phrasings)
    if not few:
        return ()
    effective = {d.label: d.effective_phrasings for d in diversity}
    ordered = sorted(few, key=lambda label: (effective.get(label, 0.0), label))
    named = [f"{label} (~{effective.get(label, 0.0):g} now)" for label in ordered]
    return ("other phrasings of " + listed(named, ADVICE_ITEMS),)


def _production_advice(rep: Optional[Representativeness]) -> tuple[str, ...]:
    if rep is None:
        return ()
    out = []
    for need in rep.script_needs:
        labels = [label for label, _, _ in need.labels]
        wanted = f"{listed(labels, ADVICE_ITEMS)} examples" if labels else "examples"
        detail = "; ".join(f"{label}: {asked} production texts, {held} training rows"
                           for label, asked, held in need.labels[:ADVICE_ITEMS])
        out.append(f"{wanted} in {need.script} (production {need.production_share * 100:.0f} %, training "
                   f"{need.training_share * 100:.0f} %{'; ' + detail if detail else ''})")
    if rep.gaps:
        asked = [f"'{shorten(gap.texts[0], 50)}' ({gap.production_rows} production texts)" for gap in rep.gaps]
        out.append("examples of what production asks and the training set barely holds: "
                   + listed(asked, ADVICE_ITEMS))
    return tuple(out)


def _need(clean: int, rows: int, target: int) -> Need:
    rate = clean / rows if rows else 0.0
    return Need(clean_rate=round(rate, 4), more_rows=math.ceil((target - clean) / rate) if rate > 0 else None)


def readiness_text(ready: Readiness) -> str:
    parts = []
    if ready.overall is not None:
        need = ready.overall
        parts.append(f"At the current clean rate ({need.clean_rate * 100:.0f} %), about {need.more_rows:,} more raw rows are "
                     "needed." if need.more_rows is not None else
                     "No row is clean yet, so adding rows like these will not reach the threshold.")
    if ready.labels:
        shown = [f"{label} ~{need.more_rows:,}" if need.more_rows is not None else f"{label} (no clean rows yet)"
                 for label, need in ready.labels]
        parts.append(f"Rows to collect per label below the minimum, at its clean rate: {listed(shown, 8)}.")
    if ready.advice:
        parts.append("Collect " + "; ".join(ready.advice) + ".")
    return " ".join(parts)


def readiness_dict(ready: Readiness) -> dict:
    def need(n: Need) -> dict:
        return {"clean_rate": n.clean_rate, "more_rows_needed": n.more_rows}

    return {"overall": need(ready.overall) if ready.overall else None,
            "labels": [{"label": label, **need(n)} for label, n in ready.labels],
            "advice": list(ready.advice)}
