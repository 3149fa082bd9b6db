"""Several annotators per example (--annotator-col, several --label-col), --source-col, and
DA203 on real CLI runs: the JSON a pipeline reads, field by field, and every bad input
as a clear exit 2."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

INTENTS = {
    "weather": ["will it rain tomorrow in delhi", "what is the weather forecast for today",
                "is it going to be sunny this weekend", "how hot will it be this afternoon",
                "weather report for mumbai please", "do i need an umbrella today", "what's the temperature outside",
                "any chance of snow tonight", "weather forecast for the weekend", "is there a storm warning for goa",
                "will it be cloudy in pune", "how cold is it in shimla"],
    "music": ["play my favourite song", "put on some relaxing music", "play the latest album by coldplay",
              "shuffle my workout playlist", "play some music by arijit singh", "next song please",
              "turn up the music volume", "play a song from the nineties", "start my music playlist",
              "who sings this track", "play the song again", "skip this song"],
    "alarm": ["set an alarm for 6 am", "wake me up at seven tomorrow", "set a timer for ten minutes",
              "cancel my morning alarm", "set an alarm for 5:30", "remind me with an alarm at noon",
              "snooze the alarm for five minutes", "turn off all my alarms", "set a wake up alarm for monday",
              "alarm at eight please", "delete the alarm for tonight", "set an alarm every weekday"],
}


def scan_json(cli, *args) -> tuple[dict, object]:
    result = cli("scan", *args, "--json", "-", "--embedder", "none", "--threshold", "1")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return (json.loads(result.stdout) if result.exit_code in (0, 1) else None), result


def write_csv(path: Path, header, rows) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def long_file(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "long.csv", ("item", "text", "label", "annotator"), [
        ("a1", "book a doctor visit", "book", "asha"), ("a1", "book a doctor visit", "book", "ravi"),
        ("a2", "cancel my checkup", "cancel", "asha"), ("a2", "cancel my checkup", "book", "ravi"),
        ("a3", "I need an ambulance", "ambulance", "ravi"),
    ])


def test_long_format_folds_annotations_into_examples(run_cli, long_file: Path) -> None:
    report, result = scan_json(run_cli, long_file, "--annotator-col", "annotator", "--id-col", "item")
    assert result.exit_code == 0, result.stderr
    dataset = report["dataset"]
    assert dataset["rows"] == 3 and report["summary"]["total_rows"] == 3
    assert dataset["annotations"] == {"format": "long", "columns": ["annotator"], "input_rows": 5,
                                      "annotations": 5, "annotators": 2}
    assert report["settings"]["annotator_column"] == "annotator"
    (finding,) = [f for f in report["findings"] if f["code"] == "DA204"]
    assert finding["check"] == "annotator_disagreement"
    assert (finding["rows"], finding["excluded"], finding["keep"]) == (["a2"], ["a2"], None)
    assert finding["labels"] == ["book", "cancel"]
    assert finding["annotations"] == {"asha": "cancel", "ravi": "book"}
    assert finding["agreement"] == 0.5 and finding["score"] == 0.5
    assert "asha" in finding["message"] and "ravi" in finding["message"]
    assert report["summary"]["excluded_by_check"] == {"annotator_disagreement": 1}
    assert report["summary"]["effective_clean_count"] == 2
    annotators = {a["annotator"]: a for a in report["annotators"]}
    assert set(annotators) == {"asha", "ravi"}
    assert "Annotators" in result.stderr and "consensus of 5 annotations by 2 annotators" in result.stderr
    assert annotators["ravi"]["annotations"] == 3 and annotators["ravi"]["checked"] == 2
    assert annotators["asha"]["annotations"] == 2
    for entry in annotators.values():
        assert set(entry) == {"annotator", "annotations", "checked", "agreement_with_consensus", "quality",
                              "worst_label"}
    run = next(c for c in report["checks"] if c["code"] == "DA204")
    assert any("one annotation not checked" in note for note in run["notes"])


def test_long_format_without_ids_groups_by_text_and_uses_first_row_positions(run_cli, long_file: Path) -> None:
    report, result = scan_json(run_cli, long_file, "--annotator-col", "annotator")
    assert result.exit_code == 0, result.stderr
    (finding,) = [f for f in report["findings"] if f["code"] == "DA204"]
    assert finding["rows"] == [2], "the example's id is the position of its first annotation row"


def test_wide_format_label_columns_are_annotators(run_cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "wide.csv", ("text", "asha", "ravi", "meena"), [
        ("book a doctor visit", "book", "book", "cancel"),
        ("cancel my checkup", "cancel", "book", ""),
        ("I need an ambulance", "ambulance", "", ""),
    ])
    report, result = scan_json(run_cli, path, "--label-col", "asha", "--label-col", "ravi", "--label-col", "meena")
    assert result.exit_code == 0, result.stderr
    assert report["dataset"]["label_column"] is None
    assert report["dataset"]["annotations"]["columns"] == ["asha", "ravi", "meena"]
    assert report["settings"]["label_columns"] == ["asha", "ravi", "meena"]
    assert [f["rows"] for f in report["findings"] if f["code"] == "DA204"] == [[1]]
    labels = {entry["label"]: entry["rows"] for entry in report["labels"]}
    # Row 1 is a 1-1 tie between equally reliable annotators: the alphabetically first label wins.
    assert labels == {"ambulance": 1, "book": 2}, "labels are the consensus, one per example"


def test_a_noisy_annotator_gets_the_lowest_quality(run_cli, tmp_path: Path) -> None:
    rng = random.Random(3)
    labels = sorted(INTENTS)
    rows = []
    for label, texts in INTENTS.items():
        for text in texts:
            careless = label if rng.random() < 0.4 else rng.choice([l for l in labels if l != label])
            rows.append((text, label, label, careless))
    path = write_csv(tmp_path / "wide.csv", ("text", "asha", "ravi", "careless"), rows)
    report, result = scan_json(run_cli, path, "--label-col", "asha", "--label-col", "ravi", "--label-col", "careless")
    assert result.exit_code == 0, result.stderr
    annotators = {a["annotator"]: a for a in report["annotators"]}
    assert annotators["careless"]["agreement_with_consensus"] < 0.6 <= annotators["asha"]["agreement_with_consensus"]
    qualities = {name: a["quality"] for name, a in annotators.items()}
    assert all(q is not None for q in qualities.values()), "cleanlab's quality needs the label model"
    assert min(qualities, key=qualities.get) == "careless"
    assert [f for f in report["findings"] if f["code"] == "DA204"] == [], "2 of 3 always agree"


def test_source_table_and_concentration(run_cli, tmp_path: Path) -> None:
    rows = [("book a doctor visit", "book", "w7"), ("Book a doctor visit!", "book", "w7"),
            ("book a doctor visit.", "book", "w7"), ("cancel my checkup", "cancel", "w7"),
            ("I need an ambulance", "ambulance", "w2"), ("hello is anyone there", "greeting", "w3"),
            ("bye for now", "goodbye", "")]
    path = write_csv(tmp_path / "s.csv", ("text", "label", "speaker"), rows)
    html = tmp_path / "r.html"
    report, result = scan_json(run_cli, path, "--source-col", "speaker", "--html", html)
    assert result.exit_code == 0, result.stderr
    assert report["dataset"]["source_column"] == "speaker"
    sources = report["sources"]
    assert [s["source"] for s in sources] == ["w7", "(no source)", "w2", "w3"], "biggest first, then by name"
    w7 = sources[0]
    assert w7 == {"source": "w7", "rows": 4, "share": round(4 / 7, 4), "duplicate_rows": 3, "duplicate_share": 1.0,
                  "effective_clean_count": 2}
    (finding,) = [f for f in report["findings"] if f["code"] == "DA206"]
    assert finding["source"] == "w7" and finding["rows"] == [] and finding["excluded"] == []
    assert "4 of 7 rows" in finding["message"] and "3 of 3 rows in duplicate groups" in finding["message"]
    page = html.read_text(encoding="utf-8")
    assert "<h2>Sources (speaker)</h2>" in page and "<td>w7</td>" in page
    assert "Sources (speaker" in result.stderr, "the terminal summary shows the table too"


def test_no_source_column_means_an_empty_sources_table(run_cli, long_file: Path) -> None:
    report, _ = scan_json(run_cli, long_file)
    assert report["sources"] == [] and report["annotators"] == []
    assert report["dataset"]["annotations"] is None and report["dataset"]["source_column"] is None


def test_mislabeled_row_in_flagged_file_with_its_suggestion(run_cli, tmp_path: Path) -> None:
    rows = [(text, label) for label, texts in INTENTS.items() for text in texts]
    rows.append(("will it rain this evening, check the weather", "music"))
    path = write_csv(tmp_path / "m.csv", ("text", "label"), rows)
    flagged = tmp_path / "flagged.jsonl"
    report, result = scan_json(run_cli, path, "--flagged", flagged)
    assert result.exit_code == 0, result.stderr
    (finding,) = [f for f in report["findings"] if f["code"] == "DA203"]
    assert finding["check"] == "likely_mislabeled" and finding["rows"] == finding["excluded"] == [36]
    assert finding["suggested_label"] == "weather" and finding["labels"] == ["music", "weather"]
    assert finding["confidence"] >= max(0.3, 6 * finding["given_label_probability"])
    assert finding["score"] == pytest.approx(1 - finding["given_label_probability"], abs=1e-3)
    assert finding["supporting_rows"] and all(r < 12 for r in finding["supporting_rows"]), "weather rows agree"
    assert len(finding["supporting_similarities"]) == len(finding["supporting_rows"])
    (line,) = [json.loads(l) for l in flagged.read_text(encoding="utf-8").splitlines()
               if json.loads(l)["row_id"] == 36]
    assert line["suggested_label"] == ["weather"] and line["excluded"] is True
    run = next(c for c in report["checks"] if c["code"] == "DA203")
    assert run["status"] == "ok" and "char n-gram TF-IDF" in run["notes"][0]


@pytest.mark.parametrize("args,content,message", [
    (("--annotator-col", "who"), "text,label,annotator\nhi,greeting,asha\n", "No such column"),
    (("--annotator-col", "annotator"), "text,label,annotator\nhi,greeting,\n", "annotator column 'annotator' is empty"),
    (("--annotator-col", "annotator", "--id-col", "id"),
     "id,text,label,annotator\n1,hi,greeting,asha\n1,bye,goodbye,ravi\n", "has different texts"),
    (("--annotator-col", "annotator", "--label-col", "a", "--label-col", "b"),
     "text,a,b,annotator\nhi,x,y,asha\n", "not both"),
    (("--label-col", "a", "--label-col", "a"), "text,a\nhi,x\n", "two or more different columns"),
    (("--label-col", "a", "--label-col", "zz"), "text,a,b\nhi,x,y\n", "No such column"),
    (("--source-col", "speaker"), "text,label\nhi,greeting\n", "No such column"),
    (("--min-agreement", "0"), "text,label\nhi,greeting\n", "min_agreement"),
    (("--min-agreement", "1.5"), "text,label\nhi,greeting\n", "min_agreement"),
])
def test_bad_annotation_and_source_options_exit_2(run_cli, tmp_path: Path, args, content, message) -> None:
    path = tmp_path / "in.csv"
    path.write_text(content, encoding="utf-8")
    _, result = scan_json(run_cli, path, *args)
    assert result.exit_code == 2, result.output
    assert message.lower() in result.stderr.lower()
    assert "Traceback" not in result.output


def test_config_file_sets_annotators_and_source(run_cli, tmp_path: Path, long_file: Path) -> None:
    config = tmp_path / "dataaudit.toml"
    config.write_text('annotator_col = "annotator"\nid_col = "item"\nmin_agreement = 0.5\n', encoding="utf-8")
    report, result = scan_json(run_cli, long_file, "--config", config)
    assert result.exit_code == 0, result.stderr
    assert report["settings"]["min_agreement"] == 0.5
    assert [f for f in report["findings"] if f["code"] == "DA204"] == [], "1 vs 1 is 0.5: enough at 0.5"


def test_votes_count_label_spellings_as_one(run_cli, tmp_path: Path) -> None:
    # 'Booking' + 'booking' outvote 'cancel' although each spelling alone ties with it.
    path = write_csv(tmp_path / "wide.csv", ("text", "a", "b", "c"), [
        ("book a doctor visit", "Booking", "booking", "cancel"),
        ("cancel my checkup", "cancel", "cancel", "cancel"),
        ("book the eye clinic", "booking", "booking", "booking"),
    ])
    report, result = scan_json(run_cli, path, "--label-col", "a", "--label-col", "b", "--label-col", "c")
    assert result.exit_code == 0, result.stderr
    assert {entry["label"]: entry["rows"] for entry in report["labels"]} == {"booking": 2, "cancel": 1}
    assert [f for f in report["findings"] if f["code"] == "DA204"] == [], "2 of 3 agree"


def test_a_tie_is_agreement_for_nobody(run_cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "wide.csv", ("text", "a", "b"), [
        ("book a doctor visit", "book", "cancel"), ("cancel my checkup", "cancel", "book"),
        ("book the eye clinic", "book", "book")])
    report, _ = scan_json(run_cli, path, "--label-col", "a", "--label-col", "b")
    agreement = {a["annotator"]: a["agreement_with_consensus"] for a in report["annotators"]}
    assert agreement == {"a": round(1 / 3, 4), "b": round(1 / 3, 4)}


def test_long_format_source_must_describe_the_example(run_cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "long.csv", ("text", "label", "annotator", "speaker"), [
        ("book a doctor visit", "book", "asha", "w1"), ("book a doctor visit", "book", "ravi", "w2")])
    _, result = scan_json(run_cli, path, "--annotator-col", "annotator", "--source-col", "speaker")
    assert result.exit_code == 2 and "'w1' at row 0 and 'w2' at row 1" in result.stderr
    path = write_csv(tmp_path / "long2.csv", ("text", "label", "annotator", "speaker"), [
        ("book a doctor visit", "book", "asha", ""), ("book a doctor visit", "book", "ravi", "w2")])
    report, result = scan_json(run_cli, path, "--annotator-col", "annotator", "--source-col", "speaker")
    assert result.exit_code == 0 and report["sources"][0]["source"] == "w2", "empty cells do not disagree"


@pytest.mark.parametrize("args", [("--annotator-col", "label"), ("--annotator-col", "text"),
                                  ("--annotator-col", "ann", "--source-col", "ann"),
                                  ("--source-col", "text"), ("--source-col", "label")])
def test_one_column_in_two_roles_exits_2(run_cli, tmp_path: Path, args) -> None:
    path = write_csv(tmp_path / "t.csv", ("text", "label", "ann"), [("hi", "greeting", "asha")])
    _, result = scan_json(run_cli, path, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_against_ignores_annotator_and_source_columns(run_cli, tmp_path: Path, long_file: Path) -> None:
    evalset = write_csv(tmp_path / "eval.csv", ("text",), [("cancel my checkup",), ("something else",)])
    report, result = scan_json(run_cli, long_file, "--annotator-col", "annotator", "--id-col", "item",
                               "--against", evalset)
    assert result.exit_code in (0, 1), result.stderr
    assert [f["rows"] for f in report["findings"] if f["code"] == "DA301"] == [["a2"]]


def test_a_flag_overrides_the_other_annotation_form_in_the_file(run_cli, tmp_path: Path, long_file: Path) -> None:
    config = tmp_path / "dataaudit.toml"
    config.write_text('label_cols = ["x", "y"]\nid_col = "item"\n', encoding="utf-8")
    report, result = scan_json(run_cli, long_file, "--config", config, "--annotator-col", "annotator")
    assert result.exit_code == 0, result.stderr
    assert report["dataset"]["annotations"]["format"] == "long"


def test_min_agreement_without_annotators_exits_2(run_cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ("text", "label"), [("hi", "greeting")])
    _, result = scan_json(run_cli, path, "--min-agreement", "0.7")
    assert result.exit_code == 2 and "--annotator-col" in result.stderr
