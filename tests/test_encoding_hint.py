"""The --encoding hint for a file that is not UTF-8: run the CLI on real legacy-encoded files.

Each case is a small CSV written in a legacy encoding. The CLI must exit 2 without a
traceback, and the codec it suggests must decode the file to exactly the text that was
written. The sentences differ from benchmarks/data/encoding_samples (that set tunes and
measures the guess; this one checks it on text it has not seen).
"""

from __future__ import annotations

import re

import pytest

from dataaudit.io.rawfile import SAMPLE_BYTES, non_ascii_lines

ENGLISH = [
    "Where is my order? It was due on Monday.",
    "I was billed twice this month.",
    "The charger stopped working after a day.",
    "Please update the shipping address on my account.",
    "Fast delivery and the fit is perfect.",
    "How long does a refund usually take?",
]


def csv_text(rows: list[str]) -> str:
    return "text,label\n" + "".join(f'"{row}",{i % 3}\n' for i, row in enumerate(rows))


def mostly_english(*rows: str) -> list[str]:
    return ENGLISH[:3] + list(rows) + ENGLISH[3:]


CASES = {
    "french-cp1252": ("cp1252", [
        "La crème solaire a coulé dans le colis.",
        "Quelle naïveté de ma part, j'ai cru au délai annoncé.",
        "Un vrai chef-d'œuvre, l'emballage était soigné.",
        "Le vendeur ne répond plus à mes messages.",
    ]),
    "german-latin1": ("latin1", [
        "Die Jacke ist zu groß, ich möchte sie umtauschen.",
        "Lieferung pünktlich, Qualität überzeugt.",
        "Warum dauert die Rückerstattung so lange?",
    ]),
    "spanish-cp1252": ("cp1252", [
        "¿Cuándo llega mi pedido? Ya pasó una semana.",
        "La niña está encantada con la muñeca.",
        "El cargador dejó de funcionar, quiero un reembolso.",
    ]),
    "portuguese-iso8859-15": ("iso8859-15", [
        "A encomenda chegou danificada, não estou satisfeito.",
        "Ótimo preço e entrega rápida, recomendo.",
        "Já pedi o reembolso três vezes.",
    ]),
    "polish-cp1250": ("cp1250", [
        "Paczka przyszła zgnieciona, proszę o zwrot.",
        "Świetna jakość, szybka wysyłka, dziękuję!",
        "Ładowarka przestała działać po tygodniu.",
    ]),
    "czech-iso8859-2": ("iso8859-2", [
        "Zásilka dorazila poškozená, žádám o vrácení peněz.",
        "Skvělá kvalita a rychlé dodání, děkuji.",
    ]),
    "russian-cp1251": ("cp1251", [
        "Посылка пришла помятой, прошу вернуть деньги.",
        "Отличное качество и быстрая доставка, спасибо!",
        "Зарядка перестала работать через неделю.",
    ]),
    "russian-koi8-r": ("koi8-r", [
        "Посылка пришла помятой, прошу вернуть деньги.",
        "Отличное качество и быстрая доставка, спасибо!",
    ]),
    "greek-cp1253": ("cp1253", [
        "Το δέμα ήρθε χτυπημένο, θέλω επιστροφή χρημάτων.",
        "Εξαιρετική ποιότητα και γρήγορη παράδοση!",
    ]),
    "turkish-cp1254": ("cp1254", [
        "Kargo ezik geldi, param iade edilsin.",
        "Şarj aleti bir hafta sonra bozuldu, çok üzgünüm.",
    ]),
    "japanese-shift_jis": ("shift_jis", [
        "荷物がつぶれて届きました。返金してください。",
        "品質も良く、配送も早かったです。",
        "充電器が一週間で壊れました。",
    ]),
    "chinese-gb18030": ("gb18030", [
        "包裹到的时候已经压坏了，请给我退款。",
        "质量很好，发货也快，谢谢！",
    ]),
    "korean-euc-kr": ("euc-kr", [
        "택배 상자가 찌그러져서 왔어요. 환불해 주세요.",
        "품질도 좋고 배송도 빨랐어요.",
    ]),
    "one-cafe-row": ("cp1252", mostly_english("We met at the café and it was closed.")),
    "one-smart-quote-row": ("cp1252", mostly_english("It doesn’t charge – at all.")),
    "one-russian-row": ("cp1251", mostly_english("Спасибо за быструю доставку!")),
}


def suggested(output: str) -> str:
    match = re.search(r"--encoding (\S+),", output)
    assert match, output
    return match.group(1)


def assert_hint(result, path, text: str) -> str:
    assert result.exit_code == 2, f"exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "not UTF-8" in result.output and str(path) in result.output
    codec = suggested(result.output)
    assert f"iconv -f {codec} -t utf-8" in result.output
    assert path.read_bytes().decode(codec) == text, f"--encoding {codec} misreads the file:\n{result.output}"
    return codec


@pytest.mark.parametrize("case", sorted(CASES))
def test_hint_decodes_the_file(run_cli, write, case):
    encoding, rows = CASES[case]
    text = csv_text(rows)
    path = write("train.csv", text, encoding=encoding)
    result = run_cli("scan", path)
    assert_hint(result, path, text)
    assert "It looks like" in result.output  # enough evidence: the hint says it is sure


def test_french_hint_is_western_european_not_baltic(run_cli, write):
    text = csv_text(CASES["french-cp1252"][1])
    path = write("train.csv", text, encoding="cp1252")
    result = run_cli("scan", path)
    assert suggested(result.output) == "cp1252"
    assert "Western European" in result.output
    decoded = path.read_bytes().decode("cp1252")
    assert "crème" in decoded and "naïveté" in decoded and "œuvre" in decoded


def test_ambiguous_hint_lists_the_candidates(run_cli, write):
    # One word: "naïve" in cp1252 reads "naďve" in cp1250 and "naļve" in cp1257.
    text = csv_text(mostly_english("Maybe it was naïve to expect it today."))
    path = write("train.csv", text, encoding="cp1252")
    result = run_cli("scan", path)
    assert assert_hint(result, path, text) == "cp1252"
    assert "It is probably cp1252 (Western European); it could also be cp1250 (Central European)" in result.output


def test_bytes_cp1252_leaves_undefined_suggest_latin1(run_cli, write):
    # 0x9d is undefined in cp1252: only a latin-1 reading of the file exists.
    text = csv_text(mostly_english("Prix réduit \x9d en magasin."))
    path = write("train.csv", text, encoding="latin1")
    result = run_cli("scan", path)
    assert assert_hint(result, path, text) == "latin1"


def test_long_line_of_cjk_text(run_cli, write):
    # A JSON array on one line: the sample is cut around the non-ASCII bytes, never inside a character.
    records = ",".join('{"text": "%s", "label": "%d"}' % (row, i % 2)
                       for i, row in enumerate(CASES["japanese-shift_jis"][1] * 400))
    path = write("train.json", f"[{records}]", encoding="shift_jis")
    result = run_cli("scan", path)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert suggested(result.output) == "shift_jis"


def test_sample_is_bounded_for_a_big_file():
    row = "la crème brûlée était délicieuse,praise\n".encode("cp1252")
    data = b"text,label\n" + (b"order 1 has not arrived yet,delivery\n" * 30 + row) * 20_000
    lines = non_ascii_lines(data)
    assert sum(len(line) + 1 for line in lines) <= SAMPLE_BYTES + len(row)
    assert set(lines) == {row.rstrip(b"\n")}
