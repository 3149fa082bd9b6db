"""Minimal pairs: texts that look alike but are different examples — whatever their labels.

Slot-filled templates are the common case ("flights from boston to denver" / "from denver to
atlanta", "what is √36" / "what is √64", "on america west" / "on southwest"). Two near-duplicate
texts (DA102, and the texts a label conflict compares) are two examples when they differ in

- a number ("√36" / "√64", "2 tickets" / "3 tickets");
- a real word swapped for another that is not a typo of it (both words appear in two or more
  texts of the file, and are more than one edit apart: "on"/"off", "euros"/"dollars");
- a negation added or removed ("i want to cancel" / "i do not want to cancel");
- an added phrase of two or more words holding a content word ("price of flight from a to b"
  / "flight from a to b"), or a word replaced by a longer phrase ("what airlines" / "how many
  airlines");
- the order of two entities ("las vegas to montreal" / "montreal to las vegas"; "from boston
  to denver" / "to denver from boston" keep their prepositions' objects and stay alike), or an
  entity going the other way ("from chicago to …" / "… to chicago").

Between texts with the same label (or none), a swapped word or an added phrase counts only when
the file uses those words as slot fillers (slot_shares: swapped, added or dropped in near pairs
of at least SLOT_SHARE of the texts holding them); otherwise it is a rewording ("payment" /
"transaction"), and the pair a near-duplicate. Between texts labeled differently it always counts.

A typo, a dropped or doubled single word, casing and punctuation still make a near-duplicate.
Semantic pairs (DA103) differ in words by nature, so a narrower rule applies there
(is_template_pair): only one template filled in differently — a number, a negation, moved
entities, or short slots with content words on both sides — is dropped, unless the embedder
is sure (cosine at or above the model's `minimal_pair_sure`; no model has one today:
benchmarks/templated_pairs.py found template pairs up to cosine 0.9987 with MiniLM).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Callable, Optional

from .minimal_pair_slots import SLOT_SHARE
from .minimal_pair_words import (DIGITS, DIRECTIONS, FUNCTION_WORDS, LIGHT_WORDS, MAX_SLOT, NEGATIONS, NUMBER_WORDS,
                                 PARTICLES, PREPOSITIONS, QUESTION_WORDS, doubled, entities_moved, number_dropped,
                                 numbers, same_stem, undoubled, unmatched_words, variant_spelling, words_of)

Pair = tuple[int, int, float]


@dataclass(frozen=True)
class MinimalPairs:
    """Tells minimal pairs among pairs of distinct texts (text indices)."""

    texts: list[str]
    is_known: Callable[[str], bool]
    sure: Optional[float] = None  # the embedder's cosine above which a semantic pair stands anyway
    # The share of the texts holding a word in which it is swapped for another word in a
    # near-duplicate pair (slot_shares()); without one, every word counts as a slot's filler.
    slot_share: Callable[[str], float] = lambda word: 1.0
    # Whether two texts (indices) carry the same labels, or either none. Across labels a word
    # swap stays a minimal pair whatever the file's slots: "when can I expect my card" /
    # "…my refund" are two intents, not a conflict.
    labels_agree: Callable[[int, int], bool] = lambda i, j: True

    def without_minimal_pairs(self, pairs: list[Pair]) -> list[Pair]:
        """Near-duplicate pairs that are not minimal pairs."""
        return [(i, j, sim) for i, j, sim in pairs
                if not self.is_minimal_pair(self.texts[i], self.texts[j], self.labels_agree(i, j))]

    def without_bridges(self, pairs: list[Pair]) -> list[Pair]:
        """Pairs less those through a bridge: a text near to two texts that are different examples
        of each other (a typo'd or cut copy of one template filling, "what is the fare from kansas
        city to", is near to every sibling, "… to toronto", "… to detroit") is a copy of one of
        them only — the one most similar to it; its pairs with that one's siblings go."""
        from collections import defaultdict

        neighbours: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for i, j, sim in pairs:
            neighbours[i].append((sim, j))
            neighbours[j].append((sim, i))
        cut: set[tuple[int, int]] = set()
        for text, near in neighbours.items():
            if len(near) < 2:
                continue
            near.sort(key=lambda item: (-item[0], item[1]))
            best = near[0][1]
            for _, other in near[1:]:
                if self._siblings(best, other):
                    cut.add((min(text, other), max(text, other)))
        return [(i, j, sim) for i, j, sim in pairs if (i, j) not in cut]

    def _siblings(self, i: int, j: int) -> bool:
        """One template filled in two ways: a minimal pair of as many words (a slot swapped, a
        number changed, entities moved), not one that adds a phrase (which may be a rewording
        the bridge is a copy of as much as of the other)."""
        a, b = self.texts[i], self.texts[j]
        return len(undoubled(words_of(a))) == len(undoubled(words_of(b))) and \
            self.is_minimal_pair(a, b, self.labels_agree(i, j))

    def without_unsure_semantic_pairs(self, pairs: list[Pair]) -> list[Pair]:
        """Semantic pairs, less template pairs the embedder is not sure of."""
        sure = self.sure if self.sure is not None else 1.01
        unsure = [(i, j) for i, j, sim in pairs if sim < sure]
        template = {pair for pair, flag in zip(unsure, self.template_pairs(unsure)) if flag}
        return [(i, j, sim) for i, j, sim in pairs if (i, j) not in template]

    def template_pairs(self, pairs: list[tuple[int, int]]) -> list[bool]:
        """is_template_pair for pairs of text indices."""
        return [self.is_template_pair(self.texts[i], self.texts[j], self.labels_agree(i, j)) for i, j in pairs]

    def is_template_pair(self, a: str, b: str, labels_agree: bool = True) -> bool:
        """For semantic pairs, which differ in words by nature: a minimal pair only when the texts are
        one template filled in differently — a number, a negation, the order of entities, or slots
        of up to MAX_SLOT words, content words on both sides ("from boston to denver" / "from dallas
        to miami", "to" / "from"). A rewording (function words changed, a word inflected another
        way — "is playing" / "plays" —, a clause put another way, a word added) is a paraphrase,
        DA103's to judge; so is a number spelled out ("5" / "five"). A synonym swapped for one word ("receive"
        / "get") reads as a slot: telling it from a template's filler takes meaning, and files of
        templates hold few fillings of each (benchmarks/templated_pairs.py)."""
        a, b = sorted((a, b))  # the word alignment depends on the order: one order, one answer
        words_a, words_b = words_of(a), words_of(b)
        shared = self._shared_difference(words_a, words_b)
        if shared is not None:
            return shared
        ops = [op for op in SequenceMatcher(None, words_a, words_b, autojunk=False).get_opcodes() if op[0] != "equal"]
        if not ops or sum(i2 - i1 for _, i1, i2, _, _ in ops) == len(words_a):
            return False  # nothing shared is no template
        slots = 0
        for _, i1, i2, j1, j2 in ops:
            if self._is_spacing_typo(words_a[i1:i2], words_b[j1:j2]):
                continue
            old, new = unmatched_words(words_a[i1:i2], words_b[j1:j2], inflections=True)
            if not old and not new:
                continue  # plural, inflection or typo-level: no slot
            if max(len(old), len(new)) > MAX_SLOT:
                return False  # a clause put another way, not a slot filled in
            if old and new:  # a slot filled differently: "on america west" / "on southwest", "to" / "from"
                contents = any(self._is_content(w) for w in old) and any(self._is_content(w) for w in new)
                particles = len(old) == len(new) == 1 and {old[0], new[0]} <= PREPOSITIONS | PARTICLES
                if not (contents or particles):
                    return False  # function words swapped: a rewording
                if len(old) == len(new) == 1 and not particles and labels_agree and not self._fills_slots(old[0], new[0]):
                    return False  # one word for another the file does not swap as a filler: a synonym
            elif not self._adds_content(old, new):
                return False  # one word added or dropped: a rewording
            slots += 1
        return slots > 0

    def _shared_difference(self, words_a: list[str], words_b: list[str]) -> Optional[bool]:
        """What makes any two texts different examples: a number, a negation, moved entities (None:
        none of these decides)."""
        single_a, single_b = undoubled(words_a), undoubled(words_b)
        # Digits differ, and not merely spelled out ("detain 5" / "arrest five" hold one number),
        # typed twice ("plus 32 32") or dropped as a whole word, as a copy drops any word ("send 100
        # euros" / "send euros").
        if Counter(DIGITS.findall(" ".join(single_a))) != Counter(DIGITS.findall(" ".join(single_b))) and \
                Counter(numbers(single_a)) != Counter(numbers(single_b)) and not number_dropped(single_a, single_b):
            return True
        if sum(w in NEGATIONS for w in words_a) != sum(w in NEGATIONS for w in words_b) and \
                self._negation_changed(words_a, words_b):
            return True
        if sorted(single_a) == sorted(single_b):
            return single_a != single_b and entities_moved(single_a, single_b)
        if self._direction_changed(words_a, words_b):
            return True
        return None

    @staticmethod
    def _direction_changed(words_a: list[str], words_b: list[str]) -> bool:
        """An entity going the other way: "from chicago to minneapolis in the evening" / "from
        minneapolis to chicago before noon"."""
        def directed(words):
            return {(words[k + 1], side) for k, w in enumerate(words[:-1])
                    for side, group in enumerate(DIRECTIONS) if w in group and words[k + 1] not in FUNCTION_WORDS}

        a, b = directed(words_a), directed(words_b)
        return any((word, 1 - side) in b and (word, side) not in b for word, side in a)

    def is_minimal_pair(self, a: str, b: str, labels_agree: bool = True) -> bool:
        a, b = sorted((a, b))  # the word alignment depends on the order: one order, one answer
        words_a, words_b = words_of(a), words_of(b)
        shared = self._shared_difference(words_a, words_b)
        if shared is not None:
            return shared
        matcher = SequenceMatcher(None, words_a, words_b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "insert" and doubled(words_b, j1, j2)) or \
                    (tag == "delete" and doubled(words_a, i1, i2)):
                continue  # a doubled word or phrase ("don t don t") is typo-like
            old, new = words_a[i1:i2], words_b[j1:j2]
            if tag == "replace" and max(len(old), len(new)) >= 2 and not any(unmatched_words(old, new)):
                continue  # the stretch is a typo apart as a whole ("do not" / "dno t", "can use" / "c nuse")
            if tag == "replace" and len(old) == len(new):
                if any(self._is_word_swap(x, y, labels_agree) for x, y in zip(old, new)):
                    return True
            elif tag == "replace":  # one word for a phrase: "what" / "how many"; "order" / "orders now"
                if not self._is_spacing_typo(old, new) and self._adds_filler(*unmatched_words(old, new), labels_agree):
                    return True
            elif self._adds_filler(old, new, labels_agree):
                return True  # a phrase added or dropped: "price of" / ""
        return False

    def _adds_filler(self, old: list[str], new: list[str], labels_agree: bool) -> bool:
        """Words added that make another example: a content phrase (_adds_content) between texts
        labeled differently, or holding one of the file's slot fillers; between same-label texts
        a phrase the file does not use as a filler is a rewording ("where do i *go to* activate")."""
        if not self._adds_content(old, new):
            return False
        return not labels_agree or any(self.is_filler(w) for w in old + new if self._is_content(w))

    def _adds_content(self, old: list[str], new: list[str]) -> bool:
        """Words only one side has: two or more of them with a content word among them (a single
        dropped or doubled word is typo-like)."""
        return len(old) + len(new) >= 2 and any(self._is_content(w) for w in old + new)

    def _negation_changed(self, words_a: list[str], words_b: list[str]) -> bool:
        """A negation added or removed, not a typo that spells one ("on" typed as "no") nor a doubled
        word ("don t don t")."""
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, words_a, words_b, autojunk=False).get_opcodes():
            if tag in ("insert", "delete") and (doubled(words_b, j1, j2) if tag == "insert" else doubled(words_a, i1, i2)):
                continue
            old, new = unmatched_words(words_a[i1:i2], words_b[j1:j2])
            if sum(w in NEGATIONS for w in old) != sum(w in NEGATIONS for w in new):
                return True
        return False

    @staticmethod
    def _is_content(word: str) -> bool:
        """A word that carries meaning: a question word, or any word but a function word (a typo
        does not add whole words, so an added word need not be known)."""
        return word in QUESTION_WORDS or (word not in FUNCTION_WORDS and len(word) > 1)

    def _is_word_swap(self, x: str, y: str, labels_agree: bool = True) -> bool:
        """Two different words that are not a typo of each other: both real words (they appear in
        two or more texts) more than one edit apart ("on"/"off", "card"/"phone"), or words too far
        apart for a typo ("euros"/"dollars", "boston"/"denver"). One edit between real words
        ("form"/"from") is as likely a typo."""
        from rapidfuzz.distance import DamerauLevenshtein

        if x == y or variant_spelling(x, y) or NUMBER_WORDS.get(x, x) == NUMBER_WORDS.get(y, y):
            return False
        if min(len(x), len(y)) > 3 and same_stem(x, y):
            return False  # one word inflected two ways: "cancel" / "cancelling", "charge" / "charged"
        if {x, y} <= LIGHT_WORDS and not {x, y} <= PARTICLES:
            return False  # "my" / "the", "have" / "need": a rewording, not another filler ("on" / "off" is)
        distance = DamerauLevenshtein.distance(x, y)
        too_far_for_a_typo = distance > max(3, 0.6 * max(len(x), len(y)))  # a typo copy has at most three edits
        if not (too_far_for_a_typo or (self.is_known(x) and self.is_known(y) and distance > 1)):
            return False
        return self._filler_swap(x, y, labels_agree)

    def _filler_swap(self, x: str, y: str, labels_agree: bool) -> bool:
        """Two real words that make two examples: opposites ("on" / "off"), words of texts labeled
        differently, or two of the file's slot fillers; same-label words the file does not swap
        as fillers are a rewording ("payment" / "transaction")."""
        return {x, y} <= PARTICLES or not labels_agree or self._fills_slots(x, y)

    def _fills_slots(self, x: str, y: str) -> bool:
        """Both words are template fillers in this file ("denver", "tuesday" in a slot-filled file),
        not the odd synonyms of a reworded text ("payment" / "transaction" in BANKING77 train: swapped
        in near pairs of 13-14 % of the texts holding them)."""
        return self.is_filler(x) and self.is_filler(y)

    def is_filler(self, word: str) -> bool:
        """Swapped, added or dropped in near pairs of at least SLOT_SHARE of the texts holding it."""
        return self.slot_share(word) >= SLOT_SHARE

    @staticmethod
    def _is_spacing_typo(old: list[str], new: list[str]) -> bool:
        """"cancel lation" for "cancellation": a space typed or lost inside a word."""
        return "".join(old) == "".join(new)
