"""Which texts a sentence embedder can judge, and why not the others.

A cosine is only evidence where the model reads the text. The default `use` and MiniLM were
trained on natural-language sentences in their languages; they do not read:

- scripts outside their languages (Devanagari for `use`: models.py's `unsupported_scripts`);
- **romanized Hindi** and Hinglish ("alarm ko band kar do"): Latin letters, so a script test
  passes them, but the words are unknown to the model — on Hinglish-TOP `use` put "alarms ko
  radd kardo" (delete) beside "alarm ko band kar do" (silence) and found none of the real
  renderings of one request. Told by Hindi function words and verb forms that are not English
  words (`ko`, `karo`, `mujhe`, `hai`…): 91 % of Hinglish-TOP's Hinglish requests, none of its
  English ones, nor of BANKING77, STS-B, SICK, 14,640 airline tweets or the shared SFT samples;
- **code**: a record that is mostly code (a fenced block, or lines that read as statements)
  is compared as prose by these models, and sibling functions look alike.

Such texts are left to DA101/DA102, which compare characters, and the report says how many.
"""

from __future__ import annotations

import re
from typing import Optional

# Romanized Hindi words that are not (common) English words: pronouns, postpositions, auxiliaries,
# question words and the verb forms of requests. Left out on purpose: "the", "do", "me", "to",
# "he", "hi", "par", "band", "lo", "tho", "na" (English words or slang a tweet uses), "karen" (a name).
_HINDI_WORDS = frozenset("""
hai hain ho hoga hogi honge hota hoti hote tha thi rha rhi raha rahi rahe hu hoon hun
ko ka ki ke se mein mujhe mujhko muje mera meri mere tera teri tere tum tumhe tumhara tumhari apna apni apne
aap aapka aapki aapke hum humein hamara hamari unka unki unke uska uski uske iska iski iske inka unhe usko isko
kya kyu kyun kyon kaise kaisa kaisi kesa kese kahan kaha kab kitna kitni kitne kaun konsa konse kon
nahi nahin nhi mat aur bhi lekin magar sirf abhi aaj parso yahan wahan yaha waha idhar udhar
karo karna karne karke kardo kardoge kariye kijiye karein kare karunga karungi kiya kiye karta karti karte
kar kr kro krdo krna dena dijiye dedo dijie chahiye chahta chahti chahte batao bataiye bataye bataen dikhao dikhaiye
dikhaye lagao lagaiye lagana lagega lagegi hatao hatado hata chalao chalaiye chalaye bajao bajaiye bajaye bajaen
sunao sunavo sunaiye bhejo bheje bhejiye bhejna bhej likho likhiye padho roko rokiye rok badlo badliye
dilaye dilao yaad shuru rakhiye rakho rakhna jaane jaana jana jaaye jayega aana aaye aayega lena lijiye
wala wali wale waala waali liye saath baad pehle phir fir agar jab tak saare saarey sabhi sab
gaana gaane gaaney gana gane subah shaam raat ghanta ghante mahina mahine baje
accha acha theek thik haan shukriya dhanyavaad dhanyavad namaste kripya bolo boliye kahiye
""".split())
_WORD = re.compile(r"[a-z]+")

# A line that reads as a statement of a programming language rather than prose.
_CODE_LINE = re.compile(
    r"^\s*(?:def |class |import |from [\w.]+ import |return\b|elif\b|else:|try:|except\b|raise |yield\b|"
    r"#include|#define|public |private |protected |static |function\b|const |let |var |async |await |"
    r"SELECT |INSERT |UPDATE |CREATE TABLE|print\(|console\.|System\.|assert |@[\w.]+(?:\(.*\))?\s*$)"
    r"|[;{]\s*$|^\s*[}\])]|^\s*\w+(?:\.\w+)*\s*\(.*\)\s*;?\s*$|^\s*[\w.\[\]]+\s*[+\-*/]?=\s*\S|^\s*(?:#|//)\s")
_FENCE = re.compile(r"```.*?(?:```|\Z)", re.S)
_ROLE = re.compile(r"^(?:system|user|assistant|tool|function|function_call|observation|tools):\s?")


def looks_romanized_hindi(text: str) -> bool:
    """Hindi written in Latin letters, alone or mixed with English: two distinct Hindi words,
    or one in a text of at most four words ("balance batao na")."""
    words = _WORD.findall(text.lower())
    hits = len(_HINDI_WORDS.intersection(words))  # distinct words: "hi ho, hi ho" is one
    return hits >= 2 or (hits == 1 and 4 >= len(words))


def looks_like_code(text: str) -> bool:
    """Mostly code: fenced blocks, or (over three lines or more) lines that read as statements,
    holding half the characters. A chat turn is read without its role (`assistant: `), and a
    turn that is one JSON object — a tool call or its result — is data the dialogue is about,
    not code: tool-calling dialogues stay with the embedder."""
    if "\n" not in text:
        return False
    fenced = sum(len(block) for block in _FENCE.findall(text))
    if fenced * 2 >= len(text):
        return True
    lines = [_ROLE.sub("", line, count=1) for line in text.splitlines() if line.strip()]
    if len(lines) < 3:
        return False
    code = sum(len(line) for line in lines if not line.lstrip().startswith("{") and _CODE_LINE.search(line))
    return 2 * code >= sum(len(line) for line in lines)


def unreadable_reason(text: str, reads_romanized_hindi: bool, reads_code: bool) -> Optional[str]:
    """Why a Latin-script text is beyond a model ("romanized Hindi", "code"), or None."""
    if not reads_code and looks_like_code(text):
        return "code"
    if not reads_romanized_hindi and text.isascii() and looks_romanized_hindi(text):
        return "romanized Hindi"
    return None
