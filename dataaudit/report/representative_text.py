"""The terminal's lines for the --production comparison (quality/representativeness.py)."""

from __future__ import annotations

from typing import Optional

from ..model.findings import Representativeness
from ..text import shorten

SHOWN_GAPS = 3
SCRIPT_GAP = 0.15  # a script whose share differs by this much between the two is named


def representative_lines(rep: Optional[Representativeness]) -> list[str]:
    if rep is None:
        return ["Representative: no --production sample given (--production PATH compares the training set "
                "with what users send)."]
    lines = [f"Representative: {rep.coverage * 100:.0f} % of {rep.compared:,} production texts have clean training "
             f"examples among their {rep.neighbours} nearest texts (a sample drawn like the training set: "
             f"97 % or more; compared with {rep.compared_with})."
             + ("" if rep.min_coverage is None else
                f" {'Meets' if rep.passed else 'Below'} --min-coverage {rep.min_coverage:g}.")]
    if rep.gaps:
        shown = "; ".join(f"{gap.production_rows} production texts ({gap.production_share * 100:.1f} %): "
                          + " / ".join(f"'{shorten(t, 50)}'" for t in gap.texts) for gap in rep.gaps[:SHOWN_GAPS])
        more = f" and {len(rep.gaps) - SHOWN_GAPS} more" if len(rep.gaps) > SHOWN_GAPS else ""
        lines.append(f"  Production asks about what the training set barely holds: {shown}{more}.")
    production, training = rep.scripts
    differ = [name for name in set(production) | set(training)
              if abs(production.get(name, 0.0) - training.get(name, 0.0)) >= SCRIPT_GAP]
    if differ:
        lines.append("  Scripts: " + ", ".join(f"{name} {production.get(name, 0) * 100:.0f} % of production, "
                                              f"{training.get(name, 0) * 100:.0f} % of training"
                                              for name in sorted(differ)))
    moved = [(label, p, t) for label, (p, t) in rep.predicted_labels.items()
             if max(p, t) >= 0.05 and abs(p - t) >= 0.03 and (p >= 2 * t or t >= 2 * p)][:3]
    if moved:
        lines.append("  Predicted labels of production: " + ", ".join(
            f"{label} {p * 100:.0f} % (training {t * 100:.0f} %)" for label, p, t in moved))
    if rep.unused_training_topics:
        lines.append(f"  {len(rep.unused_training_topics)} training topic(s) production never asks about, e.g. "
                     + " / ".join(f"'{shorten(t, 50)}'" for t in rep.unused_training_topics[0].texts) + ".")
    return lines
