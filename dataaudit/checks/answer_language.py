"""DA506 answer_language — an answer (or a text) in another script or language than the file's.

What it finds:
    The script of each chat/instruction answer (tables: each text) — the Unicode script
    most of its letters are written in (Latin, Devanagari, Han, Arabic, Cyrillic, …); for
    Latin text also whether it is romanized Hindi (two distinct Hindi words, or one in four
    words or fewer). Two conventions, each only where 95 % of 20 or more rows follow it:
    answers written in their prompt's script (flagged: an answer in another script than its
    prompt), and one script for the whole file (flagged: a row in another script, whose
    prompt, if any, is not in that script either). In a file of English (Latin, not romanized
    Hindi) texts, a romanized Hindi one is flagged too. English inside a romanized Hindi
    file is not judged: an English sentence and a Hinglish one without Hindi function words
    look alike. Texts with fewer than two letters (numbers, emoji) have no script.

Why it matters:
    A model learns the language of its answers from the examples: a few answers in English
    among Hindi ones (or one in Chinese in an English file, often a machine-translation or
    copy slip) teach it to switch languages unprompted, which users notice at once.

Example:
    98 % of answers (1,960 of 2,000) are in their prompt's script; row 31's prompt is in
    Devanagari, its answer in Latin: 'Your refund was sent yesterday.'
    The row stays in the clean count (a warning): translate the answer, or drop the row.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Optional

from ..embeddings.readable import looks_romanized_hindi
from ..model.findings import CheckOutcome
from .base import Check, Extra
from .conventions import CHAT_FORMATS, MIN_RECORDS, answers, pct, quote, row_finding

SCRIPT_SHARE = 0.95  # a script (or "answers follow their prompt") is the file's when this share of rows has it
ROMANIZED = "romanized Hindi"
ACTION = "write the row in the file's language, or drop it"
_SCRIPT_NAMES = {"CJK": "Han", "HIRAGANA": "Japanese kana", "KATAKANA": "Japanese kana", "HANGUL": "Hangul"}
# A character of these scripts carries about a word ("OpenAI" inside a Chinese sentence is one
# word among many), so it outweighs a letter of an alphabet.
_DENSE = {"Han": 3, "Japanese kana": 3, "Hangul": 3, "Thai": 2}


# Code, links and template slots are written in Latin letters whatever the language around them.
_NOT_PROSE = re.compile(r"```.*?(?:```|\Z)|`[^`\n]*`|https?://\S+|\{\{[^}]*\}\}", re.S)
MIXED_SHARE = 0.1  # a text with this share of a script's letters is (also) written in it


def script_shares(text: str) -> dict[str, float]:
    """Each script's share of the text's letters (dense scripts weighted); {} under two letters."""
    counts: Counter = Counter()
    for char in _NOT_PROSE.sub(" ", text):
        if char.isalpha():
            name = unicodedata.name(char, "")
            first = name.split(" ")[0] if name else ""
            if first:
                script = _SCRIPT_NAMES.get(first, first.title())
                counts[script] += _DENSE.get(script, 1)
    total = sum(counts.values())
    return {} if total < 2 else {script: n / total for script, n in counts.items()}


def script_of(text: str) -> Optional[str]:
    """The script most of the text's letters are written in, or None when it has fewer than two."""
    shares = script_shares(text)
    return max(shares, key=shares.get) if shares else None


def language_of(text: str) -> Optional[str]:
    """The script, with Latin text that reads as romanized Hindi told apart."""
    script = script_of(text)
    if script == "Latin" and text.isascii() and looks_romanized_hindi(text):
        return ROMANIZED
    return script


def _plain(lang: Optional[str]) -> Optional[str]:
    return "Latin" if lang == ROMANIZED else lang


def _shares_script(text: str, script: Optional[str]) -> bool:
    """The text is written (also) in `script`: mixed texts ('输出：[7, 9]', a Chinese list of English
    titles) are not in another language."""
    return script is None or script_shares(text).get(_plain(script), 0.0) >= MIXED_SHARE


def _prompts(dataset) -> dict[int, Optional[str]]:
    """Each record's last user turn (Alpaca: instruction and input)."""
    out = {}
    for position, parts in enumerate(dataset.parts):
        asked = [text for role, text in parts or [] if role in ("user", "instruction", "input") and text.strip()]
        out[position] = asked[-1] if asked else None
    return out


def run(inputs):
    dataset = inputs.dataset
    chat = dataset.format in CHAT_FORMATS
    kind = "answers" if chat else "texts"
    texts = answers(dataset) if chat else {p: t for p, t in enumerate(dataset.texts) if isinstance(t, str)}
    if chat and dataset.columns_found.get("label") == "answers":
        return CheckOutcome(findings=[], notes=("the answers are the labels: their script is the label's",))
    langs = {p: language_of(t) for p, t in texts.items()}
    langs = {p: lang for p, lang in langs.items() if lang is not None}
    total = len(langs)
    if total < MIN_RECORDS:
        return CheckOutcome(findings=[], notes=(f"{total} {kind} with a script: fewer than {MIN_RECORDS} make no "
                                                "convention",))
    prompt_langs, prompts = {}, {}
    if chat:
        prompts = _prompts(dataset)
        prompt_langs = {p: language_of(prompts[p]) for p in langs if prompts.get(p)}
    deviations, notes = {}, []
    paired = {p: lang for p, lang in langs.items() if prompt_langs.get(p) is not None}
    same = {p: _shares_script(texts[p], prompt_langs[p]) or _shares_script(prompts[p], lang)
            for p, lang in paired.items()}
    follow = sum(same.values())
    # Answers in their prompt's script: a multilingual file answers each user in their language.
    if len(paired) >= MIN_RECORDS and follow >= SCRIPT_SHARE * len(paired):
        norm = f"{pct(follow, len(paired))} of answers ({follow:,} of {len(paired):,}) are in their prompt's script"
        for p, lang in paired.items():
            if not same[p]:
                deviations[p] = (norm, f"prompt is in {prompt_langs[p]}, its answer in {lang}: {quote(texts[p])}")
        notes.append(norm)
    scripts = Counter(_plain(lang) for lang in langs.values())
    main, count = scripts.most_common(1)[0]
    if count >= SCRIPT_SHARE * total:
        norm = f"{pct(count, total)} of {kind} ({count:,} of {total:,}) are in {main} script"
        notes.append(norm)
        for p, lang in langs.items():
            if (p not in deviations and not _shares_script(texts[p], main)
                    and not (chat and p in prompts and _shares_script(prompts[p], lang))):
                deviations[p] = (norm, f"{kind[:-1]} is in {lang} script: {quote(texts[p])}")
        if main == "Latin":
            _romanized_strays(langs, texts, kind, deviations, notes, prompt_langs)
    findings = [row_finding(inputs, "answer_language", "DA506", p, norm, deviation, SCRIPT_SHARE, ACTION)
                for p, (norm, deviation) in sorted(deviations.items())]
    return CheckOutcome(findings=findings, notes=tuple(notes) or (f"no script holds {pct(95, 100)} of the {kind}",))


def _romanized_strays(langs, texts, kind, deviations, notes, prompt_langs) -> None:
    """Romanized Hindi among English rows; not the other way (see the docstring)."""
    latin = [p for p, lang in langs.items() if lang in ("Latin", ROMANIZED)]
    english = sum(1 for p in latin if langs[p] == "Latin")
    if len(latin) < MIN_RECORDS or english < SCRIPT_SHARE * len(latin) or english == len(latin):
        return
    norm = f"{pct(english, len(latin))} of {kind} in Latin script ({english:,} of {len(latin):,}) are English"
    notes.append(norm)
    for p in latin:
        if langs[p] == ROMANIZED and p not in deviations and prompt_langs.get(p) != ROMANIZED:
            deviations[p] = (norm, f"{kind[:-1]} is romanized Hindi: {quote(texts[p])}")


CHECK = Check(code="DA506", name="answer_language",
              summary="an answer (or text) in another script or language than its prompt's or the file's",
              run=run, module=__name__, stages=("given_labels",),
              extras=(Extra("norm", "the file's convention, as measured"),
                      Extra("deviation", "this row's script (and its prompt's)")))
