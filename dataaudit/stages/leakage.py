"""Leakage matching (DA301's evidence): which training texts match which rows of the --against
evaluation set, and how: the same text (DA101's normalization), a near-duplicate (DA102's
similarity and threshold, less minimal pairs across both files), the same meaning (DA103's
embedder and threshold), or, for chat records, the same user prompt. A stage, so an executor
computes it like any other; owned by DA301 (none when it does not run)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import NamedTuple, Optional

from ..embeddings.neighbours import cross_pairs
from ..similarity import near_pairs
from ..similarity.near_pairs import undoubled
from ..similarity.social import strip_social
from ..text import normalize
from .base import Inputs, Stage
from .minimal_pair_stage import rule_for_texts
from .near import EVIDENCE_THRESHOLD
from .semantic import SemanticThresholds

_RANK = {"exact": 0, "near": 1, "semantic": 2, "prompt": 3}


def find_leaks(inputs: Inputs) -> dict[int, tuple[str, float, list[int]]]:
    """Training text index -> (match kind, score, eval row positions), best match kind first."""
    against = inputs.against
    train_texts = inputs["text_groups"].texts
    eval_groups = inputs["eval_groups"]
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
    _semantic_leaks(inputs, eval_groups, eval_texts, note, rule)  # the embedder, whether or not DA103 runs
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
    texts = train_keys + eval_keys
    threshold = inputs.settings.near_duplicate_threshold
    pairs = near_pairs.verified_near_pairs(texts, min(EVIDENCE_THRESHOLD, threshold), inputs.progress,
                                           inputs.workers)
    info = inputs["embedder"]
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


class SemanticSides(NamedTuple):
    """What the embedder compares across the files: the eval and train text indexes it reads,
    and their texts."""

    eval_readable: list[int]
    train_readable: list[int]
    eval_side: list[str]
    train_side: list[str]

    @property
    def texts(self) -> list[str]:
        """Both sides' texts: what DA301 adds to the embedding plan."""
        return [*self.eval_side, *self.train_side]


def semantic_sides(inputs: Inputs) -> Optional[SemanticSides]:
    """The texts DA301 compares by meaning, computed once for the embedding plan and the matching;
    None without an embedder or when one side has no text it reads."""
    info, against = inputs["embedder"], inputs.against
    if inputs.settings.semantic_duplicate_threshold is None or info is None:
        return None
    eval_groups = inputs["eval_groups"]
    eval_rep = [rows[0] for rows in eval_groups.values()]
    eval_readable = [k for k, p in enumerate(eval_rep) if info.judges_pairs(against.compare_texts[p])]
    compare, reps = inputs.dataset.compare_texts, inputs["representatives"]
    train_readable = [u for u in range(len(reps)) if info.judges_pairs(compare[reps[u]])]
    if not eval_readable or not train_readable:
        return None
    return SemanticSides(eval_readable, train_readable, [against.compare_texts[eval_rep[k]] for k in eval_readable],
                         [compare[reps[u]] for u in train_readable])


def _semantic_leaks(inputs, eval_groups, eval_texts, note, rule) -> None:
    sides = inputs["leakage_sides"]
    if sides is None:
        return
    eval_readable, train_readable, eval_side, train_side = sides
    vectors = inputs["vectors"]
    eval_vectors = vectors.vectors(eval_side)
    train_vectors = vectors.vectors(train_side)
    thresholds = SemanticThresholds(inputs.settings, inputs["embedder"])
    passes = thresholds.pair_test(train_side, eval_side)
    n_train = len(inputs["text_groups"].texts)
    # Pairs as the rule indexes its texts (train texts, then eval texts): a template filled in
    # differently is two examples here as in DA103, unless the embedder is sure.
    found = [(train_readable[a], n_train + eval_readable[b], sim)
             for a, b, sim in cross_pairs(train_vectors, eval_vectors, thresholds.query) if passes(a, b, sim)]
    for u, k, sim in rule.without_unsure_semantic_pairs(found):
        note(u, "semantic", min(sim, 0.9999), eval_groups[eval_texts[k - n_train]])


STAGES = (
    Stage("leaks", find_leaks, owner="DA301", off=lambda inputs: {},
          needs=("embedder", "eval_groups", "leakage_sides", "text_groups", "near_texts", "social_file",
                 "representatives", "vectors")),
    # The eval file's rows by normalized text (owned, as the next: nothing when DA301 does not run).
    Stage("eval_groups", lambda inputs: _by_normalized_text(inputs.against.compare_texts), owner="DA301",
          off=lambda inputs: {}),
    # What DA301 compares by meaning: the embedding plan embeds its texts with every other text.
    Stage("leakage_sides", semantic_sides, owner="DA301", off=lambda inputs: None,
          needs=("embedder", "eval_groups", "representatives")),
)
