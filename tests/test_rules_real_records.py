"""Built-in rules on records shaped like the real ones they were measured on (issue 33,
benchmarks/rules_real.py): each table holds the findings a person read as right, and the false
alarms found in public instruction and chat data (Alpaca, GPT-4-LLM, Code Alpaca, Dolly,
HH-RLHF, LLaMA-Factory demos, AlpacaEval outputs), which must stay quiet."""

from __future__ import annotations

import json

import pytest

from dataaudit import audit
from dataaudit.rules import derived
from dataaudit.rules.selection import builtin_packs

RULES = {r.code: r for p in builtin_packs().values() for r in p.rules}


def alpaca(instruction: str, output: str, input: str = "") -> derived.Record:
    return derived.Record("", None, [("instruction", instruction), ("input", input), ("output", output)], "alpaca")


def chat(*turns: str) -> derived.Record:
    roles = ["user", "assistant"] * len(turns)
    return derived.Record("", None, list(zip(roles, turns)), "openai-chat")


def text(value: str) -> derived.Record:
    return derived.Record(value, None, [], "csv")


def flags(code: str, record: derived.Record) -> bool:
    return bool(derived.DERIVED[RULES[code].column].compute(record)) != (RULES[code].column == "role_order_valid")


# (record, flagged?, what it is)
MERGED = [  # DA415 (Alpaca) and DA436 (chat) share the detector
    (alpaca("Give three tips for staying healthy.", "1. Eat well.\n2. Sleep.\n3. Move.\n##\n18. Instruction: Name a "
            "color.\n18. Input:\n<noinput>\n18. Output:\nBlue."), True, "the Alpaca generator's next numbered task"),
    (alpaca("List a few songs from the album.\n\nBack To Black", "Rehab\n\nTears Dry On Their Own\n\n### Human: Which "
            "of these were singles?"), True, "'### Human:' turn after the answer"),
    (alpaca("Give a synonym for happy.", "Joyful.\n\n### Instruction:\nGive a synonym for sad."), True, "### header"),
    (alpaca("Add 2 and 3.", "5\nInput: 7 and 8\nResponse: 15"), True, "Input: then Response: (a template block)"),
    (alpaca("Act as the Norse Goddess Freyja.", "Hail, mortal! What would you ask me?\n\nUser: What is your backstory?"
            "\n\nFreyja: I was born into the Aesir."), True, "the answer writes the user's turn"),
    (alpaca("Design a programming problem about dynamic programming.", "Problem: longest increasing subsequence.\n\n"
            "Input:\n- arr: a list of n integers\n\nOutput:\n- the length of the subsequence"), False, "Input/Output spec"),
    (alpaca("Design a programming problem.", "Examples:\ninput: [3,1,4,1]\noutput: 3\n\ninput: [1,2]\noutput: 2"),
     False, "input/output examples"),
    (alpaca("Write a dialogue between a user and a virtual assistant booking a table.", "User: Hi, a table for two?"
            "\nAssistant: Of course. What time?\nUser: Eight.\nAssistant: Booked."), False, "a dialogue asked for"),
    (alpaca("Generate a conversation between a customer and a chatbot.", "Human: Where is my order?\nAssistant: It "
            "ships today."), False, "a conversation asked for"),
    (alpaca("Read a CSV file in Node.js.", "const rl = readline.createInterface({\n    input: fileStream,\n    "
            "crlfDelay: Infinity\n});"), False, "'input:' in code"),
    (alpaca("Show the Alpaca prompt format in Python.", "```python\nPROMPT = '''### Instruction:\n{instruction}\n\n"
            "### Response:\n'''\n```"), False, "a template inside a code block"),
    (chat("what are the pros of X?", "Some pros are speed and cost.\n\nHuman: and the cons?"), True, "HH-RLHF merged turn"),
    (chat("Discuss colour in Feng Shui.", "Earth tones calm a room.\n<|user|>\nCan you give examples?"), True,
     "chat-template token"),
    (chat("How do I pool postgres connections?", "const pool = new Pool({\n  user: 'db_user',\n  host: 'localhost'\n});"),
     False, "'user:' config key in code"),
    (chat("Translate to Persian.\nInput: That He may know", "Here is the translation:\n\n Input: That He may know\n "
          "Output: ..."), False, "quotes the task's Input:"),
]
TRUNCATED = [  # DA419
    (alpaca("Tell me about the bird.", "The Resplendent Quetzal was hunted for its feathers. " * 4 + "While it is no "
            "longer with us, its memory serves as a reminder of the importance of"), True, "prose cut at 'of'"),
    (alpaca("Where to go in Sydney?", "Walk around the harbour, visit the opera house and take the ferry to Manly.\n"
            "The view from the top of the Sydney "
            "Tower is popular, with views over the Pacific Ocean and the famous beaches of the eastern"), True,
     "one sentence a line, cut"),
    (alpaca("Write Python.", "Here is the code:\n```python\ndef total(xs):\n    return sum(xs"), True, "unclosed block"),
    (alpaca("Write a song about teenagers.", "We're teenagers in Britain, feeling so alive\nThe music and the fashion, "
            "we're dancing through the night\nWe'll keep on moving to the beat, it's our teenage life\nWe are young and "
            "we are free and we will never say goodbye"), False, "lyrics"),
    (alpaca("Write a tweet about puppies.", "Puppies are the best companions you could ever wish for in life. Enjoy "
            "a healthy lifestyle and lifetime friendship with your little buddy. Get yourself a puppy and experience "
            "love like no other. #PuppyLove #Dogs"), False, "hashtags"),
    (alpaca("Divide without the / operator.", "def divide(dividend, divisor):\n    sign = (dividend < 0) == (divisor < "
            "0)\n    res = 0\n    while dividend >= divisor:\n        dividend -= divisor\n        res += 1\n    return "
            "res if sign else - res"), False, "code without a fence"),
    (alpaca("Make a times table.", "Here is the table you asked for, from two to ten, row by row:\n2x7=14 | 3x7=21 "
            "| 4x7=28 | 5x7=35\n2x8=16 | 3x8=24 | 4x8=32 | 5x8=40 and more"), False, "a table"),
    (alpaca("Name famous songs.", "Here are some of the best known songs by the artist, in no order at all:\n"
            "\"Hello\" by Adele and friends on stage\n\"Someone Like You\" by Adele at the show\n\"Rolling In The "
            "Deep\" by Adele on the radio"), False, "a list without markers"),
    (alpaca("Convert 210 F to Celsius.", "To convert Fahrenheit to Celsius we subtract 32 and multiply by 5/9, "
            "which gives the answer after a little arithmetic on the number you gave:\n(210 - 32) * 5/9 = 98.9 C"),
     False, "a formula"),
    (alpaca("List three fruits.", "Here are three fruits that are popular all around the world and easy to find in "
            "most markets during the year:\n- apple\n- banana\n- mango"), False, "a colon-introduced list"),
]
URL_ONLY = [  # DA413
    (alpaca("Summarize the article.", "It says...", "https://www.nytimes.com/2020/09/21/nyregion/taxes.html"), True,
     "a page to read"),
    (alpaca("Describe the following painting.", "A ballerina...", "https://upload.wikimedia.org/Degas.jpg"), True,
     "an image given as a URL"),
    (alpaca("Input a URL and output the domain, excluding subdomains.", "google.com", "https://docs.google.com/d"),
     False, "the URL is the data"),
    (alpaca("Write a Python script to download an image from a URL.", "import requests\n\nurl = 'https://example.com/"
            "a.jpg'\nresponse = requests.get(url)", "https://example.com/a.jpg"), False, "code that fetches it"),
    (alpaca("Check the HTTP status of the page.", "#!/bin/bash\ncurl -s -o /dev/null -w '%{http_code}' $1",
            "https://example.com"), False, "a status-code script"),
]
ATTACHMENT = [  # DA414 (on the prompt: instruction + input)
    (alpaca("Describe the attached image.", "It shows a cat."), True, "attached"),
    (alpaca("What is in the photo?", "A dog.", "photo.jpg"), True, "a file name as the input"),
    (alpaca("Look at the table below and summarise it.", "Sales rose."), True, "the table is missing"),
    (alpaca("Using the data in the table below, compute the mean age.", "3.5",
            "Name | Age\nAl | 3\nBo | 4\nCy | 3\nDi | 4"), False, "the table is in the input"),
    (alpaca("Write a script that downloads an image.", "import requests", "https://example.com/image.jpg"), False,
     "an image URL is DA413's, not an attachment"),
]
NON_TEXT = [  # DA417 (Alpaca: the instruction only)
    (alpaca("Design a logo for a company called My First Studio.", "I cannot create images, but..."), True, "a logo"),
    (alpaca("Draw a picture of a cat sitting on a mat.", "I cannot draw."), True, "a drawing"),
    (alpaca("Classify the sentiment of the review.", "positive", "I will draw a picture of you and paint the fence."),
     False, "the words are in the input, not the request"),
    (alpaca("Can you paint watercolor styled painting with acrylics?", "Yes, you can! Dilute the paint..."), False,
     "a question answered in text"),
    (alpaca("Draw a man using ASCII characters.", "  o\n /|\\\n / \\"), False, "a picture drawn in text"),
    (alpaca("Create a video script about recycling.", "Scene 1: ..."), False, "a script, not a video"),
]
PHONE = [  # DA441
    (text("Call us at 650-636-4884 or visit our website."), True, "a business number"),
    (text("your daughter's mobile number is 556737-3523, is that correct?"), True, "two groups after 'mobile number'"),
    (text("It's +1 917-444-6321."), True, "country code"),
    (text("Washington Irving ( 1783 - 1859 ) was an author"), False, "a year range in spaced brackets"),
    (text("Amilcare Ponchielli (1834 1886) was an Italian composer."), False, "years in brackets"),
    (text("The French and Indian War (1754-1763) ended"), False, "a year range"),
    (text("write a 1000-1250 word two-topic essay"), False, "a word-count range"),
    (text("European Journal of Marketing, 42(9), 1245-1272."), False, "a page range"),
    (text("Money saved = (6000 - 2000) / (1.05^12)"), False, "arithmetic"),
    (text("2021-2022: Manchester City, 93 2020-2021: Manchester City, 86"), False, "seasons"),
    (text("Phone: (555) 555-5555"), False, "the fictional 555 area code"),
]
PLACEHOLDER_ANSWER = [  # DA411
    (alpaca("What are the wavelengths of light emitted by hot metals?", "N/A"), True, "'N/A' answer"),
    (alpaca("Develop a C++ word counter.", "<noinput>"), True, "'<noinput>' answer"),
    (alpaca("Which of these is not a valid JSON data type: 'undefined', 'null'?", "undefined"), False,
     "the answer is the word the question offers"),
]
NULL_TURN = [  # DA434
    (chat("Hi", "NaN"), True, "pandas NaN"),
    (chat("Hi", "null"), True, "JSON null"),
    (chat("If you can only have one, which?", "Which sounds better?", "none", "Can you explain?"), False,
     "a person answering 'none'"),
]
TABLES = {"DA415": MERGED[:11], "DA436": MERGED[11:], "DA419": TRUNCATED, "DA413": URL_ONLY, "DA414": ATTACHMENT,
          "DA417": NON_TEXT, "DA441": PHONE, "DA411": PLACEHOLDER_ANSWER, "DA434": NULL_TURN}
CASES = [(code, *case) for code, table in TABLES.items() for case in table]


@pytest.mark.parametrize("code, record, expected, what", CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES])
def test_a_rule_on_a_real_shaped_record(code, record, expected, what):
    assert flags(code, record) is expected, what


def test_what_was_measured_decides_the_severity():
    """Under 0.98 on the findings read in real data, or unmeasured there: a warning, which excludes nothing."""
    assert RULES["DA415"].severity == RULES["DA414"].severity == RULES["DA419"].severity == "warning"
    assert {RULES[c].severity for c in ("DA410", "DA411", "DA413", "DA416", "DA417", "DA430", "DA436")} == {"error"}


def test_a_merged_alpaca_record_is_reported_but_not_excluded(tmp_path):
    rows = [{"instruction": "Give three tips for staying healthy.", "input": "",
             "output": "Eat well, sleep and move.\n##\n18. Instruction: Name a color.\n18. Input:\n<noinput>"},
            {"instruction": "Summarize the article.", "input": "https://www.example.org/news/2020/a.html",
             "output": "It says the city raised taxes."},
            {"instruction": "Generate a conversation between a customer and a support agent.", "input": "",
             "output": "User: My order is late.\nAssistant: Sorry! It ships today."}]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = audit(path, {"embedder": "none", "select": ["DA4"], "threshold": 1, "label_from": "none"})
    found = {(f.code, f.rows[0], f.severity) for f in report.findings}
    assert found == {("DA415", 0, "warning"), ("DA413", 1, "error")}, found
    assert report.summary.excluded_by_check == {"rule_violation": 1}
