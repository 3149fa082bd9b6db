"""Minimal pairs: alike texts that are different examples, whatever their labels (for DA102)
and, more narrowly, template pairs for DA103 (which pairs reworded texts by nature)."""

from __future__ import annotations

import pytest

from dataaudit.stages.minimal_pairs import MinimalPairs
from dataaudit.text import normalize

KNOWN = {"on", "off", "card", "phone", "form", "from", "lights", "turn", "the", "cancel", "order"}
RULE = MinimalPairs(texts=[], is_known=lambda word: word in KNOWN)

# (a, b, minimal pair for DA102?, template pair for DA103?)
PAIRS = [
    ("what is √36", "what is √64", True, True),                                   # a number
    ("book 2 tickets for friday", "book 3 tickets for friday", True, True),
    ("flights from boston to denver", "flights from denver to atlanta", True, True),   # two slots
    ("on america west", "on southwest", True, True),                              # one slot, another length
    ("las vegas to montreal", "montreal to las vegas", True, True),               # entities swapped
    ("flights from boston to denver", "flights to denver from boston", False, False),  # prepositions keep objects
    ("turn on the lights", "turn off the lights", True, True),                    # real words swapped
    ("what is the exchange rate for euros", "what is the exchange rate for dollars", True, True),
    ("i want to cancel", "i do not want to cancel", True, True),                   # negation added
    ("my card has not arrived yet", "my card still hasn t arrived", False, False),  # negated on both sides
    ("price of flight from boston to denver", "flight from boston to denver", True, True),  # content phrase added
    ("what airlines fly from boston", "how many airlines fly from boston", True, True),   # what -> how many
    ("please cancel my order", "please cancel my orders now", False, False),      # plural + one word
    ("please cancel my appointment", "please cancel appointment", False, False),  # a dropped function word
    ("please cancel my appointment", "please cancel my apointment", False, False),  # a typo
    ("fill in the form", "fill in the from", False, False),                       # one edit between real words
    ("cancel my order", "cancel my order order", False, False),                   # a doubled word
    ("how do i reset my card pin", "how can i reset the pin of my card", True, False),  # a paraphrase: DA103's
    ("cancel lation fee", "cancellation fee", False, False),                      # a space typed in a word
    ("i need a flight from chicago to minneapolis in the evening",                # the other way, another time
     "i need a flight from minneapolis to chicago before noon", True, True),
    ("what what is 59 plus 2", "what is 2 plus 59", True, True),                  # numbers moved, a word doubled
    ("how do i track the card you sent me", "what can i do to track the card you sent me", True, False),  # reworded
    ("how long will my transfer be pending", "how long will a transfer be pending", False, False),  # my / a
    ("how old do you have to be", "how old do you need to be", False, False),    # a light verb swapped
    ("please cancel a transaction", "please cancelling a transaction", False, False),  # one word inflected
    ("a man is playing guitar", "a man plays a guitar", True, False),            # inflected: a paraphrase (STS-B)
    ("a dog running through snow", "a dog runs in the snow", True, False),
    ("israeli forces detain 5 palestinians", "israeli forces detain five palestinians", False, False),  # 5 = five
    ("book 2 tickets for friday", "book two tickets for friday", False, False),
    ("can you please resolve this problem or try an alternative",                 # a clause put another way
     "can you please help me with this problem or let me know if you have any alternatives", True, False),
    ("flights from boston to denver", "flights to boston from denver", True, True),  # directions swapped
    ("what is 49 plus 32", "what is 49 plus 32 32", False, False),                # a number typed twice
    ("send 100 euros to maria", "send euros to maria", False, False),             # a number dropped, as any word
    ("send 100 euros to maria", "send 50 euros to maria", True, True),            # a number changed
]


@pytest.mark.parametrize("a, b, minimal, template", PAIRS, ids=[f"{a} | {b}" for a, b, _, _ in PAIRS])
def test_minimal_and_template_pairs(a, b, minimal, template):
    a, b = normalize(a), normalize(b)
    assert RULE.is_minimal_pair(a, b) is minimal
    assert RULE.is_minimal_pair(b, a) is minimal, "the rule is symmetric"
    assert RULE.is_template_pair(a, b) is template
    assert RULE.is_template_pair(b, a) is template


def test_a_copy_that_bridges_two_examples_stays_with_the_closest():
    """A cut copy is near to every sibling of its template; it is a copy of one of them only."""
    texts = [normalize(t) for t in ("what is the fare from kansas city to toronto",
                                    "what is the fare from kansas city to detroit",
                                    "what is the fare from kansas city to", "what is the fare from kansas city to toront")]
    rule = MinimalPairs(texts=texts, is_known=lambda word: word in {"toronto", "detroit"})
    pairs = [(0, 2, 0.93), (1, 2, 0.92), (0, 3, 0.99), (2, 3, 0.92)]
    assert rule.without_bridges(pairs) == [(0, 2, 0.93), (0, 3, 0.99), (2, 3, 0.92)]
    assert rule.without_bridges([(0, 2, 0.93)]) == [(0, 2, 0.93)], "one neighbour is no bridge"


def test_a_doubled_word_is_a_near_duplicate_at_any_length():
    """A doubled word costs its length in the similarity; short texts with one still pair."""
    from dataaudit.similarity.near_pairs import undoubled, verified_near_pairs

    texts = ["weather weather in new york on monday", "weather in new york on monday", "what is 60 times times 13",
             "what is 60 times 13", "what is 61 times 13", "don t don t go", "don t go"]
    assert undoubled("don t don t go") == "don t go" and undoubled("the the cat") == "the cat"
    pairs = {(i, j) for i, j, _ in verified_near_pairs(texts, 0.95)}
    assert {(0, 1), (2, 3), (5, 6)} <= pairs
    assert (2, 4) not in pairs and (3, 4) not in pairs


def test_a_swap_the_file_does_not_use_as_a_slot_is_a_rewording():
    """One word for another between same-label texts: a template's filler only when the file swaps
    that word in a good share of the texts holding it; otherwise a synonym ("declined" / "denied")."""
    from collections import Counter

    from dataaudit.similarity.near_pairs import verified_near_pairs
    from dataaudit.stages.minimal_pair_slots import slot_shares

    natural = ["my top up was declined", "my top up was denied", "why was my card declined at the shop",
               "the atm declined my withdrawal this morning", "a declined payment still shows as pending",
               "i keep getting declined when paying online", "declined transactions cost me a fee",
               "what does a declined transfer mean", "help my refund request was denied",
               "i was denied a second card", "access denied when i log in to the app",
               "why is my account verification denied", "they denied the chargeback i asked for",
               "my rent payment got declined twice", "is a declined top up refunded", "declined again at the petrol station",
               "card declined abroad what now", "why would a contactless payment be declined",
               "my visa was denied for this", "the exchange was denied by the bank", "denied without any reason given",
               "was my identity check denied", "why am i denied a virtual card"]
    templated = [f"weather in {city} on {day}" for city in ("boston", "denver", "miami")
                 for day in ("monday", "tuesday", "friday")]
    for texts, minimal in ((natural, False), (templated, True)):
        frequency = Counter(w for t in texts for w in set(t.split(" ")))
        share = slot_shares(texts, verified_near_pairs(texts, 0.80), frequency)  # as the scan: EVIDENCE_THRESHOLD
        rule = MinimalPairs(texts=texts, is_known=lambda w: frequency[w] >= 2, slot_share=share)
        assert rule.is_minimal_pair(texts[0], texts[1]) is minimal, texts[:2]
        assert rule.is_template_pair(texts[0], texts[1]) is minimal
        # Across labels a swap stays a minimal pair: two intents, not a label conflict.
        assert rule.is_minimal_pair(texts[0], texts[1], labels_agree=False) is True
    assert share("monday") >= 0.5 and share("boston") >= 0.5


def test_a_phrase_added_between_same_label_texts_is_a_rewording_unless_it_holds_a_filler():
    rule = MinimalPairs(texts=[], is_known=lambda word: True, slot_share=lambda word: 0.9 if word == "price" else 0.01)
    assert rule.is_minimal_pair("price of a flight from boston to denver", "flight from boston to denver")
    assert not rule.is_minimal_pair("where do i go to activate my card", "where do i activate my card")
    assert rule.is_minimal_pair("where do i go to activate my card", "where do i activate my card", labels_agree=False)


def test_slot_shares_past_the_evidence_cap_are_estimated_from_a_sample():
    """A file with more near pairs than MAX_EVIDENCE_PAIRS estimates the shares from a seeded
    sample, each sampled pair standing for the rest: a filler word stays a filler, a word that
    never moves stays at 0, and the same file gives the same estimate every time."""
    from collections import Counter

    from dataaudit.similarity.near_pairs import verified_near_pairs
    from dataaudit.stages.minimal_pair_slots import slot_shares

    cities = ("boston", "denver", "miami", "austin", "dallas", "seattle", "portland", "chicago")
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
    texts = [f"what will the weather be in {city} on {day}" for city in cities for day in days]
    frequency = Counter(w for t in texts for w in set(t.split(" ")))
    pairs = verified_near_pairs(texts, 0.80)
    exact = slot_shares(texts, pairs, frequency)
    sampled = slot_shares(texts, pairs, frequency, most=len(pairs) // 4)
    assert len(pairs) > 100
    for word in ("boston", "monday", "seattle", "friday"):
        assert exact(word) >= 0.5 and sampled(word) >= 0.5
        assert abs(sampled(word) - exact(word)) <= 0.5 * exact(word), word
    assert exact("weather") == sampled("weather") == 0
    again = slot_shares(texts, pairs, frequency, most=len(pairs) // 4)
    assert [again(w) for w in frequency] == [sampled(w) for w in frequency]
