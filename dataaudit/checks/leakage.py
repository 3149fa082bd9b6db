"""DA301 leakage — training rows that also appear in the evaluation set.

What it finds:
    With `--against EVAL_FILE` (read with the same format and column options),
    every training row whose text exactly matches (DA101's normalization), nearly
    matches (DA102's similarity and threshold) or means the same as (DA103's
    embedder and threshold) a row of the evaluation set. Each finding names the
    evaluation rows it matches (`eval_rows`) and how (`match`: exact, near or
    semantic).

Why it matters:
    A model evaluated on examples it was trained on looks better than it is: the
    eval score stops measuring generalisation. Leaked rows are excluded from the
    effective clean count; keep them in the eval set, or drop them from training.

Example:
    train row 41  "how do I reset my card PIN?"
    eval row 7    "How do I reset my card pin"      <- exact after normalization

Settings:
    against (the evaluation file), near_duplicate_threshold, embedder, semantic_threshold.
"""

from __future__ import annotations

from collections import defaultdict

from ..embeddings.models import resolve_info
from ..embeddings.neighbours import cross_pairs
from ..model.findings import Finding
from ..similarity import near_pairs
from ..similarity.near_pairs import undoubled
from ..similarity.social import strip_social
from ..stages.minimal_pair_stage import rule_for_texts
from ..stages.near import EVIDENCE_THRESHOLD
from ..stages.semantic import SemanticThresholds
from ..text import listed, normalize
from .base import Check, Extra, each, floor_to, plural

_RANK = {"exact": 0, "near": 1, "semantic": 2, "prompt": 3}


def run(inputs) -> list[Finding]:
    against = inputs.against
    eval_ids = against.row_ids
    path = against.path
    groups = inputs["text_groups"].rows
    given = inputs["given_labels"]
    findings = []
    for unique, (kind, score, eval_positions) in sorted(find_leaks(inputs).items()):
        rows = tuple(groups[unique])
        shown = [eval_ids[p] for p in eval_positions]
        one = len(rows) == 1
        how = {"exact": f"{'is' if one else 'are'} the same text as",
               "near": f"{'is a near-duplicate' if one else 'are near-duplicates'} (similarity ≥ {floor_to(score, 2):.2f}) of",
               "semantic": f"mean{'s' if one else ''} the same (cosine ≥ {floor_to(score, 2):.2f}) as",
               "prompt": f"ask{'s' if one else ''} the same prompt (similarity ≥ {floor_to(score, 2):.2f}) as"}[kind]
        named = listed(shown, 5)
        labels = sorted({l for p in rows if (l := given[p]) is not None})
        findings.append(Finding(
            check="leakage", code="DA301", severity="warning", rows=rows, actions=each("drop", rows),
            labels=tuple(labels), score=floor_to(min(max(score, 0.0), 1.0)),
            message=f"{plural(len(rows), 'training row')} {how} "
                    f"eval row{'s' if len(shown) > 1 else ''} {named} of {path}",
            suggested_action="drop from training (keep it in the evaluation set)",
            extra=(("eval_rows", tuple(shown)), ("match", kind)),
        ))
    return findings


def find_leaks(inputs) -> dict[int, tuple[str, float, list[int]]]:
    """Training text index -> (match kind, score, eval row positions), best match kind first."""
    against = inputs.against
    train_texts = inputs["text_groups"].texts
    eval_groups = _by_normalized_text(against.compare_texts)
    eval_texts = list(eval_groups)
    leaks: dict[int, tuple[str, float, list[int]]] = {}

    def note(unique, kind, score, positions):
        """Keep the strongest kind of match; within one kind, every eval row it matches and
        the lowest score among them (so "similarity ≥ x" holds for each listed row)."""
        current = leaks.get(unique)
        if current is None or _RANK[kind] < _RANK[current[0]]:
            leaks[unique] = (kind, score, sorted(set(positions)))
        elif current[0] == kind:
            leaks[unique] = (kind, min(score, current[1]), sorted(set(current[2]) | set(positions)))

    # Compared as DA102 compares a file's own texts: in a social training file without links,
    # RT, @handles, hashtags and emoji (similarity/social.py), on both sides.
    train_keys = inputs["near_texts"]
    eval_keys = eval_texts
    if inputs["social_file"]:
        eval_keys = [normalize(strip_social(against.compare_texts[eval_groups[t][0]])) or t for t in eval_texts]
    matches, rule = _cross_matches(train_keys, eval_keys, inputs)
    for i, j, sim in matches:
        same_text = train_texts[i] == eval_texts[j]
        note(i, "exact" if same_text else "near", 1.0 if same_text else min(sim, 0.9999), eval_groups[eval_texts[j]])
    if inputs.settings.semantic_duplicate_threshold is not None:  # the embedder, whether or not DA103 runs
        _semantic_leaks(inputs, eval_groups, eval_texts, note, rule)
    _prompt_leaks(inputs, note)
    return leaks


def _by_normalized_text(texts) -> dict[str, list[int]]:
    """Normalized text -> the positions holding it (empty texts left out)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for position, text in enumerate(texts):
        folded = normalize(text or "")
        if folded:
            groups[folded].append(position)
    return groups


def _cross_matches(train_keys: list[str], eval_keys: list[str], inputs):
    """(train index, eval index, similarity) for equal keys (1.0) and near-duplicate keys, and the
    minimal-pair rule over both files' texts at once (stages/minimal_pairs.py): a train row and an
    eval row are one example by the same judgement as two rows of one file ("flights from boston
    to denver" in train does not leak "… from dallas to miami"). The near pairs are found once, as
    DA102 finds them (LSH + rapidfuzz down to the rule's evidence threshold), over both lists."""
    from dataclasses import replace

    texts = train_keys + eval_keys
    threshold = inputs.settings.near_duplicate_threshold
    pairs = near_pairs.verified_near_pairs(texts, min(EVIDENCE_THRESHOLD, threshold), inputs.progress,
                                           inputs.workers)
    info = resolve_info(inputs.settings.embedder)
    rule = replace(rule_for_texts(texts, pairs=pairs),
                   sure=getattr(info, "minimal_pair_sure", None) if info is not None else None)
    eval_index = {key: j for j, key in enumerate(eval_keys)}
    matches = [(i, eval_index[key], 1.0) for i, key in enumerate(train_keys) if key in eval_index]
    n_train = len(train_keys)
    # As near_pairs keeps them: at the threshold, or below it a doubled word apart.
    near = rule.without_minimal_pairs([(i, j, sim) for i, j, sim in pairs if i < n_train <= j and (
        sim >= threshold - 1e-6 or undoubled(texts[i]) == undoubled(texts[j]))])
    matches.extend((i, j - n_train, sim) for i, j, sim in near)
    return matches, rule


def _prompt_leaks(inputs, note) -> None:
    """Chat/instruction records: the same (or nearly the same) user prompt in train and eval
    leaks even when the answers differ."""
    train_prompts, eval_prompts = inputs.dataset.prompts, inputs.against.prompts
    if not any(train_prompts) or not any(eval_prompts):
        return
    unique_of = inputs["text_groups"].text_of_row()
    train_groups, eval_groups = _by_normalized_text(train_prompts), _by_normalized_text(eval_prompts)
    train_keys, eval_keys = list(train_groups), list(eval_groups)
    for i, j, sim in _cross_matches(train_keys, eval_keys, inputs)[0]:
        for position in train_groups[train_keys[i]]:
            if position in unique_of:
                note(unique_of[position], "prompt", sim, eval_groups[eval_keys[j]])


def _semantic_leaks(inputs, eval_groups, eval_texts, note, rule) -> None:
    info = resolve_info(inputs.settings.embedder)
    against = inputs.against
    eval_rep = [eval_groups[t][0] for t in eval_texts]
    eval_readable = [k for k, p in enumerate(eval_rep) if info.judges_pairs(against.compare_texts[p])]
    compare, reps = inputs.dataset.compare_texts, inputs["representatives"]
    train_readable = [u for u in range(len(reps)) if info.judges_pairs(compare[reps[u]])]
    if not eval_readable or not train_readable:
        return
    eval_side = [against.compare_texts[eval_rep[k]] for k in eval_readable]
    train_side = [compare[reps[u]] for u in train_readable]
    store = inputs["vector_store"]
    eval_vectors = store.vectors(eval_side)
    train_vectors = store.vectors(train_side)
    thresholds = SemanticThresholds(inputs.settings)
    passes = thresholds.pair_test(train_side, eval_side)
    n_train = len(inputs["text_groups"].texts)
    # Pairs as the rule indexes its texts (train texts, then eval texts): a template filled in
    # differently is two examples here as in DA103, unless the embedder is sure.
    found = [(train_readable[a], n_train + eval_readable[b], sim)
             for a, b, sim in cross_pairs(train_vectors, eval_vectors, thresholds.query) if passes(a, b, sim)]
    for u, k, sim in rule.without_unsure_semantic_pairs(found):
        note(u, "semantic", min(sim, 0.9999), eval_groups[eval_texts[k - n_train]])


def unavailable(dataset, settings, against):
    return None if against is not None else "no --against evaluation set given"


CHECK = Check(code="DA301", name="leakage", summary="training rows that also appear in the --against eval set",
              run=run, module=__name__, settings=("near_duplicate_threshold", "semantic_duplicate_threshold"),
              stages=("text_groups", "near_texts", "social_file", "given_labels", "representatives", "vector_store"),
              unavailable=unavailable,
              extras=(Extra("eval_rows", "the ids of the evaluation rows it matches"),
                      Extra("match", "exact, near, semantic, or prompt (chat: the same user prompt)")))
