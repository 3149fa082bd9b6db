"""Behaviour a demanding user found at the edges (one test per problem, real files)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from dataaudit.engine import audit_dataset
from dataaudit.io import load_dataset
from dataaudit.config import Settings


def scan(path: Path, **settings):
    chosen = Settings(**settings)
    dataset = load_dataset(path, chosen)
    return dataset, audit_dataset(dataset, chosen)


def write_csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows(rows)
    return path


def codes(report) -> list[str]:
    return [f.code for f in report.findings]


# -- loading -------------------------------------------------------------------

def test_unquoted_separator_in_first_row_is_an_error_not_a_column_shift(run_cli, write):
    path = write("train.csv", "text,label\nhello, how are you,greeting\nbye now,goodbye\n")
    result = run_cli("scan", path)
    assert result.exit_code == 2
    assert "line 2" in result.stderr and "more fields than the header" in result.stderr


def test_chat_records_sharing_a_system_prompt_are_not_duplicates(write):
    system = "You are a careful assistant for a rural health programme. " * 10
    questions = ["what is the dose of paracetamol for a child", "how do I book a vaccination slot",
                 "my mother has fever since two days", "where is the nearest clinic",
                 "can I change my appointment to friday", "how much does an ambulance cost"]
    lines = [json.dumps({"messages": [{"role": "system", "content": system},
                                      {"role": "user", "content": q},
                                      {"role": "assistant", "content": f"Here is help about: {q[::-1]}"}]})
             for q in questions]
    _, report = scan(write("chat.jsonl", "\n".join(lines) + "\n"))
    assert report.findings == ()
    assert report.summary.effective_clean_count == len(questions)


def test_alpaca_records_sharing_an_instruction_template_are_not_duplicates(write):
    instruction = "Classify the intent of the following message into one of the intents listed. " * 5
    inputs = ["book a slot for tomorrow", "cancel my visit", "fever since two days", "namaste", "bye for now"]
    records = [{"instruction": instruction, "input": text, "output": f"intent_{i}"} for i, text in enumerate(inputs)]
    _, report = scan(write("alpaca.json", json.dumps(records)))
    assert report.summary.effective_clean_count == len(inputs)


def test_chat_record_with_only_empty_turns_is_empty_text(write):
    lines = [json.dumps({"messages": [{"role": "user", "content": "  "}, {"role": "assistant", "content": None}]}),
             json.dumps({"messages": [{"role": "user", "content": "hello"}, {"role": "assistant", "content": "hi"}]})]
    _, report = scan(write("chat.jsonl", "\n".join(lines) + "\n"))
    # Empty text (DA001); the chat pack also names why: its turns are empty (DA432).
    assert [(f.code, f.excluded) for f in report.findings] == [("DA001", (0,)), ("DA432", (0,))]


def test_chat_label_column_is_found_automatically(write):
    lines = [json.dumps({"conversations": [{"from": "human", "value": q}, {"from": "gpt", "value": "ok"}],
                         "label": lab}) for q, lab in [("hi there", "greeting"), ("bye now", "goodbye")]]
    dataset, report = scan(write("sg.jsonl", "\n".join(lines) + "\n"))
    assert dataset.label_column == "label"
    assert [c.status for c in report.checks if c.code == "DA201"] == ["ok"]


# -- label variants ----------------------------------------------------------------

def test_signed_numeric_labels_are_not_variants(tmp_path):
    rows = [(f"review number {i} was fine", "1") for i in range(6)] + [(f"review {i} was bad", "-1") for i in range(2)]
    _, report = scan(write_csv(tmp_path / "s.csv", rows))
    assert "DA202" not in codes(report)


def test_prefixed_opposites_are_not_merged(tmp_path):
    rows = ([(f"this document is about topic {i}", "relevant") for i in range(2)]
            + [(f"spam message {i} buy now", "irrelevant") for i in range(30)]
            + [(f"hello {i}", "greeting") for i in range(10)])
    _, report = scan(write_csv(tmp_path / "r.csv", rows))
    assert "DA202" not in codes(report)


def test_short_plural_looking_names_are_not_folded(tmp_path):
    rows = [(f"what is new in version {i}", "new") for i in range(5)] + [(f"headline {i} today", "news") for i in range(5)]
    _, report = scan(write_csv(tmp_path / "n.csv", rows))
    assert "DA202" not in codes(report)


def test_ignoring_da202_leaves_labels_as_written(tmp_path):
    rows = [("book a slot", "book_appointment"), ("I need an appointment", "Book Appointment"),
            ("cancel it", "cancel")]
    _, report = scan(write_csv(tmp_path / "v.csv", rows), ignore=("DA202",))
    assert sorted(l.label for l in report.labels) == ["Book Appointment", "book_appointment", "cancel"]
    _, merged = scan(write_csv(tmp_path / "v2.csv", rows))
    assert sorted(l.label for l in merged.labels) == ["book_appointment", "cancel"]


def test_label_evidence_failure_does_not_crash_the_audit(tmp_path):
    rows = ([("   ", "medicne_reminder")] + [("...", "medicine_reminder")] * 3
            + [("!!", "greeting"), ("??", "other")])
    _, report = scan(write_csv(tmp_path / "c.csv", rows))
    assert report.complete


# -- minimal pairs -----------------------------------------------------------------

def test_minimal_pairs_with_different_labels_are_different_examples(tmp_path):
    rows = [("turn on the lights in the kitchen", "lights_on"), ("turn off the lights in the kitchen", "lights_off"),
            ("turn on the fan", "fan_on"), ("turn off the fan", "fan_off"),
            ("i want to cancel my appointment", "cancel"), ("i do not want to cancel my appointment", "keep"),
            ("please cancel my order", "cancel")]
    _, report = scan(write_csv(tmp_path / "m.csv", rows))
    assert [f for f in report.findings if f.code != "DA205"] == []  # tiny labels are rare, nothing else


def test_a_typo_with_another_label_is_still_a_conflict(tmp_path):
    rows = [("turn on the lights in the kitchen", "lights_on"), ("turn on the lihgts in the kitchen", "lights_off"),
            ("please turn off the fan", "fan_off")]
    _, report = scan(write_csv(tmp_path / "t.csv", rows))
    assert "DA201" in codes(report)


# -- kept rows ---------------------------------------------------------------------

def test_large_group_with_a_minority_centre_keeps_a_majority_row(tmp_path):
    # The original (the star's centre: one edit from every copy) carries the minority label.
    base = "could you please tell me where the order i placed last week is right now"
    letters = [i for i, c in enumerate(base) if c.isalpha()]
    copies = [base[:i] + x + base[i + 1:] for i in letters for x in "qzj" if base[i] != x][:250]
    rows = [(base, "refund")] + [(c, "order_status") for c in copies]
    _, report = scan(write_csv(tmp_path / "big.csv", rows), near_duplicate_threshold=0.9)
    order_status = next(l for l in report.labels if l.label == "order_status")
    assert order_status.effective_clean_count >= 1
    conflict = next(f for f in report.findings if f.code == "DA201")
    excluded = {row for f in report.findings for row in f.excluded}
    assert conflict.keep is not None and conflict.keep not in excluded


def test_original_is_kept_rather_than_its_typo(tmp_path):
    rows = [("plese cancel my appointment for tomorrow", "cancel"),
            ("please cancel my appointment for tomorrow", "cancel"),
            ("please book a new appointment", "book")]
    _, report = scan(write_csv(tmp_path / "k.csv", rows))
    near = next(f for f in report.findings if f.code == "DA102")
    assert near.keep == 1 and near.excluded == (0,)


def test_long_texts_differing_after_20k_characters_are_not_identical(tmp_path):
    shared = "word " * 4_100
    rows = [(shared + "alpha " * 3_500, "a"), (shared + "omega " * 3_500, "b"), ("short text", "c")]
    _, report = scan(write_csv(tmp_path / "long.csv", rows))
    assert all(f.score < 1.0 for f in report.findings if f.code in ("DA102", "DA201"))
    assert report.summary.effective_clean_count == 3


def test_near_duplicate_message_rounds_similarity_down(tmp_path):
    from dataaudit.similarity.near_pairs import similarity
    from dataaudit.text import normalize

    rows = [("please send the ambulance to the main gate", "amb"), ("please send the ambulanc to the main gate", "amb")]
    _, report = scan(write_csv(tmp_path / "r.csv", rows))
    near = next(f for f in report.findings if f.code == "DA102")
    exact = similarity(normalize(rows[0][0]), normalize(rows[1][0]))  # 0.98795...
    assert near.score == 0.9879 and near.score <= exact
    assert "≥ 0.98" in near.message


# -- CLI exits ----------------------------------------------------------------------

def test_unwritable_output_is_exit_2(run_cli, write):
    path = write("train.csv", "text,label\nhello,greeting\n")
    result = run_cli("scan", path, "--json", "/proc/nope/report.json")
    assert result.exit_code == 2 and "Cannot write" in result.stderr


def test_config_value_of_the_wrong_type_is_exit_2(run_cli, write):
    path = write("train.csv", "text,label\nhello,greeting\n")
    config = write("dataaudit.toml", "label_col = 5\n")
    result = run_cli("scan", path, "--config", config)
    assert result.exit_code == 2 and "'label_col' must be a string" in result.stderr


def test_min_per_label_without_labels_is_exit_2(run_cli, write):
    path = write("train.csv", "text\nhello\nbye\n")
    result = run_cli("scan", path, "--min-per-label", "5")
    assert result.exit_code == 2 and "--label-col" in result.stderr


def test_bad_flagged_name_fails_before_scanning(run_cli, write):
    path = write("train.csv", "text,label\nhello,greeting\n")
    result = run_cli("scan", path, "--flagged", "out.txt")
    assert result.exit_code == 2 and ".csv or .jsonl" in result.stderr


def test_selection_that_leaves_no_check_is_exit_2(run_cli, write):
    path = write("train.csv", "text,label\nhello,greeting\n")
    result = run_cli("scan", path, "--select", "DA1", "--ignore", "DA1")
    assert result.exit_code == 2 and "no check" in result.stderr


def test_flagged_rows_confirmed_rows_get_no_relabel_action_and_numbers_stay_numbers(run_cli, tmp_path):
    path = write_csv(tmp_path / "train.csv", [("great plot", "1"), ("great plot", "1"), ("great plot", "-1"),
                                              ("boring film", "-1")])
    out = tmp_path / "flagged.jsonl"
    assert run_cli("scan", path, "--flagged", out, "--exit-zero").exit_code == 0
    rows = {r["row_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows[2]["excluded"] and "relabel to '1'" in " ".join(rows[2]["suggested_action"])
    assert not any("relabel" in a for a in rows[1]["suggested_action"])
    flagged_csv = tmp_path / "flagged.csv"
    run_cli("scan", path, "--flagged", flagged_csv, "--exit-zero")
    labels = [r["label"] for r in csv.DictReader(flagged_csv.open(encoding="utf-8"))]
    assert "-1" in labels and "'-1" not in labels
