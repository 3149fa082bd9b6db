"""Re-posts are the same example: in a social file a new link, an RT prefix, another @handle, a
hashtag or an emoji does not make another text (similarity/social.py); elsewhere they do."""

from __future__ import annotations

import csv
import io
import json

import pytest

from dataaudit.similarity.social import is_social, strip_social


@pytest.mark.parametrize("text, stripped", [
    ("RT @united: My flight was late! https://t.co/AbC123xyz #fail 😡", "My flight was late!"),
    ("@SouthwestAir thanks so much!! 💙💙", "thanks so much!!"),
    ("“@JetBlue: Our fleet's on fleek. http://t.co/Vxn2J36M7V” this happened", "“ : Our fleet's on fleek. this happened"),
    ("email me at a@b.com", "email me at a@b.com"),  # an address is not a handle
    ("we are #1 again", "we are again"),
])
def test_strip_social(text, stripped):
    assert strip_social(text) == stripped


def test_a_file_is_social_only_when_posts_carry_markup():
    tweets = [f"@united flight {n} was late" for n in range(8)] + ["no markup here", "nor here"]
    assert is_social(tweets)
    instructions = ["Summarize https://a.example/page", "Translate this sentence", "Write a haiku about rain"] * 4
    assert not is_social(instructions)  # links alone do not make a feed
    documents = [f"@note {'word ' * 100}" for _ in range(5)]
    assert not is_social(documents)  # long texts are documents, not posts


POSTS = [
    ("@united my bag never arrived at the carousel in denver", "negative"),
    ("RT @united: my bag never arrived at the carousel in denver https://t.co/Xy12AbCdEf", "negative"),
    ("@delta my bag never arrived at the carousel in denver 😡 #lostbag", "neutral"),
    ("@united the crew on my flight to boston was wonderful", "positive"),
    ("@united my seat was broken and nobody fixed it", "negative"),
    ("@united thanks for the quick reply", "positive"),
    ("@jetblue is the wifi free on transatlantic flights", "neutral"),
    ("@jetblue can i bring my dog on board", "neutral"),
    ("@southwestair why is my flight delayed again", "negative"),
    ("@southwestair how do i change my seat", "neutral"),
]


def _write(write, rows) -> object:
    out = io.StringIO()
    csv.writer(out).writerows([("text", "label"), *rows])
    return write("posts.csv", out.getvalue())


def test_reposts_are_near_duplicates_and_their_labels_a_conflict(run_cli, write, tmp_path):
    data = _write(write, POSTS)
    out = tmp_path / "r.json"
    assert run_cli("scan", data, "--embedder", "none", "--json", out, "-q", "--threshold", "1").exit_code == 0
    report = json.loads(out.read_text())
    near = [f for f in report["findings"] if f["code"] == "DA102"]
    assert [sorted(f["rows"]) for f in near] == [[0, 1, 2]]
    assert "once links, @handles, RT, hashtags and emoji are set aside" in near[0]["message"]
    conflicts = [f for f in report["findings"] if f["code"] == "DA201"]
    assert [sorted(f["rows"]) for f in conflicts] == [[0, 1, 2]] and conflicts[0]["majority_label"] == "negative"
    assert not any(f["rows"] for f in report["findings"] if f["code"] in ("DA101", "DA102") and 3 in f["rows"])


def test_outside_a_social_file_links_are_content(run_cli, write, tmp_path):
    rows = [("Summarize https://news.example/a/1234567890", "summarize"),
            ("Summarize https://news.example/b/0987654321", "summarize")] + \
           [(f"Write a short poem about the number {n}", "poem") for n in range(10)]
    data = _write(write, rows)
    out = tmp_path / "r.json"
    assert run_cli("scan", data, "--embedder", "none", "--json", out, "-q", "--threshold", "1").exit_code == 0
    report = json.loads(out.read_text())
    assert not any({0, 1} <= set(f["rows"]) for f in report["findings"] if f["code"] in ("DA101", "DA102"))
