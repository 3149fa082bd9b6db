"""Which texts a sentence embedder's cosine may judge (embeddings/readable.py): romanized Hindi
and code are left to the surface checks by models that do not read them, and the report says so."""

from __future__ import annotations

import json

import pytest

from dataaudit.embeddings.models import resolve_info
from dataaudit.embeddings.readable import looks_like_code, looks_romanized_hindi


@pytest.mark.parametrize("text, hindi", [
    ("alarm ko band kar do", True),
    ("sabhi alarms cancel kardo", True),
    ("Mere liye reminder set karo to wake up at 6:30 am tomorrow.", True),
    ("balance batao na", True),
    ("Uncle Chris ko message bheje", True),
    ("Kya hawaii me raining ho rahi hai?", True),
    ("set an alarm for 6 am", False),
    ("I want to do karate with Karen", False),  # "do", "karen": English words and a name
    ("Hi ho, hi ho. It's off to work I go.", False),  # one Hindi-looking word, repeated
    ("Set timer for 5 minute and 3 minute intervals", False),
    ("Explique ce qu'est la photosynthèse en deux phrases.", False),  # French "se"
    ("the band played at the par 3 hole", False),
])
def test_romanized_hindi(text, hindi):
    assert looks_romanized_hindi(text) is hindi


@pytest.mark.parametrize("text, code", [
    ("user: classify\n```python\ndef test_a():\n    assert f(1) == 2\n```\nassistant: unit_test", True),
    ("user: write a sort\nassistant: def sort(xs):\n    out = sorted(xs)\n    return out\nprint(sort([3, 1]))", True),
    ("int main() {\n  int x = 1;\n  return x;\n}", True),
    ("a single line = with an equals sign;", False),  # one line is never "code"
    ("user: price of Apple?\nfunction_call: {\"name\": \"get_stock_price\", \"arguments\": {\"company\": \"Apple\"}}\n"
     "observation: {\"stock_price\": \"$150.75\"}\nassistant: The current stock price of Apple is $150.75.", False),
    ("@united are you hiring?\n\nBest, \n\nFabrice", False),  # handles are not decorators
    ("user: Rank colors{blue, green}\nassistant: 1. Yellow \n2. Orange \n3. Green", False),
])
def test_code(text, code):
    assert looks_like_code(text) is code


def test_each_embedder_says_what_it_does_not_judge():
    use, e5 = resolve_info("use"), resolve_info("e5")
    assert use.why_not_judged("alarm ko band kar do") == "romanized Hindi"
    assert e5.why_not_judged("alarm ko band kar do") is None
    assert use.why_not_judged("खाते का शेष जानना है") == "a script it does not read"
    assert use.why_not_judged("def f():\n    x = 1\n    return x") == "code"
    assert use.why_not_judged("x" * 2001) == "over 2,000 characters"
    # Its vectors still serve the label model: loanwords in Hinglish carry meaning there.
    assert use.reads("card se payment nahi ja raha") and not use.judges_pairs("card se payment nahi ja raha")


def test_da103_leaves_romanized_hindi_to_the_surface_checks_and_says_so(run_cli, write, tmp_path):
    rows = ["text,label", "alarm ko band kar do,silence", "alarms ko radd kardo,delete", "alarm band karo,silence",
            "set an alarm for six,create", "please set an alarm for 6,create", "what is the weather,weather"]
    data = write("mixed.csv", "\n".join(rows) + "\n")
    out = tmp_path / "r.json"
    result = run_cli("scan", data, "--json", out, "--threshold", "1", "-q")
    assert result.exit_code in (0, 1), result.output
    report = json.loads(out.read_text())
    (run,) = [c for c in report["checks"] if c["code"] == "DA103"]
    assert run["notes"] == ["3 of 6 distinct texts left to DA101/DA102: use does not read them (3 romanized Hindi); "
                            "--embedder e5 reads romanized Hindi and Devanagari"]
    hindi_rows = {0, 1, 2}
    for finding in report["findings"]:
        if finding["code"] == "DA103":
            assert not hindi_rows & set(finding["rows"]), "a cosine the model cannot read decided nothing"
