"""What a defective row looks like, as text tests: placeholders, URL-only text, references to
attachments, PII, template leftovers, merged instructions, truncated answers, requests for
an output a text model cannot give. Each is measured by benchmarks/rules.py."""

from __future__ import annotations

import json
import re
import unicodedata

from . import answers

# What annotators and scrapers write for "nothing here" (compared case-folded, whole text).
PLACEHOLDERS = frozenset({
    "n/a", "na", "n.a.", "none", "null", "nil", "nan", "undefined", "-", "--", "—", "...", "…", "?", "todo", "tbd",
    "<noinput>", "<no input>", "<nooutput>", "<no output>", "noinput", "nooutput", "no input", "no output",
    "<none>", "<empty>", "empty", "<blank>", "blank", "[none]", "(none)", "[empty]", "{}", "[]", '""', "''",
    "not applicable", "no answer", "no response", "placeholder", "<placeholder>", "xxx", "lorem ipsum",
})
_URL = r"(?:https?://|www\.)[^\s<>\"']+"
URL_ONLY = re.compile(rf"^\s*(?:<\s*)?{_URL}(?:\s*>)?\s*$", re.IGNORECASE)
# Text that points at something the model cannot see: "see the attached file", "[image]", "photo.jpg".
ATTACHMENT = re.compile(
    r"(?:\b(?:see|refer to|check|look at|use|read|open|analy[sz]e|describe|in|from|based on|given)\s+(?:the\s+|this\s+|my\s+)?"
    r"(?P<before>attached|attachment|enclosed|uploaded|following|above|below)?\s*"
    r"(?P<thing>attachment|image|picture|photo|photograph|screenshot|file|document|pdf|video|audio clip|recording|chart"
    r"|graph|table)\s*(?P<after>attached|below|above|provided|here|uploaded)\b"
    r"|\b(?:attached|enclosed|uploaded)\s+(?:image|picture|photo|screenshot|file|document|pdf|video|audio)\b"
    r"|^\s*[\[<(]\s*(?:image|img|picture|photo|attachment|file|video|audio)\s*[\]>)]\s*$"
    r"|^\s*(?![\w+.-]*://|www\.)\S+\.(?:png|jpe?g|gif|bmp|webp|tiff?|pdf|docx?|xlsx?|pptx?|mp3|wav|mp4|mov|avi)\s*$)",
    re.IGNORECASE | re.MULTILINE)  # a line that is only "[image]" or "photo.jpg" (an Alpaca input) counts
# What text can hold: "the table below" is there when text follows it (an Alpaca input, a pasted table).
_TEXT_THINGS = {"table", "chart", "graph", "document", "file", "pdf"}
_HERE = {"below", "above", "provided", "here", "following"}
# Asking for an image, a sound or a video: what a text model cannot produce. Not a script, an
# outline or ideas for one ("Create a video script"), and not one drawn in text (ASCII, SVG, code).
NON_TEXT_OUTPUT = re.compile(
    r"\b(?:draw|paint|sketch|illustrate|photograph|film|record|sing|compose and (?:play|record)|"
    r"(?:create|generate|make|produce|design|render|take)\s+(?:me\s+)?(?:a|an|the|some|\d+)?\s*(?:new\s+|short\s+|simple\s+|3d\s+)?)"
    r"\s*(?:a|an|the|some)?\s*(?:picture|image|photo|photograph|drawing|painting|sketch|illustration|logo|"
    r"water-?colou?r|portrait|mural|poster|cartoon|comic strip|infographic|"
    r"video|animation|gif|song recording|audio(?: clip| file| recording)?|voice recording|sound(?: clip| effect)|podcast recording)s?\b"
    r"(?!\s+(?:script|outline|idea|concept|plan|storyboard|prompt|description|caption|title|tagline|slogan|brief"
    r"|proposal|strategy|campaign|pitch|name|transcript|summary|tutorial|review|ad|post|lyrics|text|copy)s?\b)",
    re.IGNORECASE)
_TEXT_RENDERING = re.compile(r"\b(?:ascii|svg|text-based|in text|emojis?|unicode|html|css|latex|tikz|matplotlib|turtle"
                             r"|canvas|code|program|python|javascript|prompts?|midjourney|dall-?e|stable diffusion|markdown"
                             r"|mermaid|graphviz|plantuml)\b", re.IGNORECASE)
_YES_NO = re.compile(r"^\W*(?:yes|no)\b", re.IGNORECASE)
TEMPLATE_LEFTOVER = re.compile(
    r"\{\{\s*[\w .\-]{1,40}\s*\}\}|\{\s*(?:name|placeholder|user|company|product|date)\s*\}|<\s*(?:placeholder|insert[^>]{0,30}|your[ _][^>]{1,30})\s*>"
    r"|\[\s*(?:insert|your|add|enter|placeholder)\b[^\]]{0,40}\]",
    re.IGNORECASE)
EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][\w.+-]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}\b")
# A phone number: 8-15 digits written as one (a leading +, an area code in brackets, or groups
# split by spaces, dots or dashes), not a date, a time, a version or a plain long number.
PHONE = re.compile(r"(?<![\w/.+-])(\+?\(?\d[\d ().-]{6,20}\d)(?![\w/])")
_DATE = re.compile(r"\b\d{4}[-./]\d{1,2}[-./]\d{1,2}\b|\b\d{1,2}[-./]\d{1,2}[-./]\d{2,4}\b")
IPV4 = re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?!\.?\d)")
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")


def is_placeholder(text: str) -> bool:
    folded = unicodedata.normalize("NFKC", text or "").strip().casefold()
    return folded in PLACEHOLDERS


def is_url_only(text: str) -> bool:
    return bool(text) and URL_ONLY.match(text) is not None


# Cheap first looks (plain substrings of the lower-cased text) before the patterns with context,
# which are slow to try at every position: a text must hold one of these words to match at all.
_ATTACHMENT_WORDS = ("attach", "enclos", "upload", "image", "picture", "photo", "screenshot", "file", "document",
                     "pdf", "video", "audio", "recording", "chart", "graph", "table", "img", ".png", ".jp", ".gif",
                     ".bmp", ".webp", ".tif", ".doc", ".xls", ".ppt", ".mp3", ".wav", ".mp4", ".mov", ".avi")
_NON_TEXT_VERBS = ("draw", "paint", "sketch", "illustrat", "photograph", "film", "record", "sing", "compose",
                   "create", "generate", "make", "produc", "design", "render", "take")


def refers_to_attachment(text: str) -> bool:
    """A reference to an attachment, image or file the text does not hold. "The table below" (a
    text thing, not attached) counts only when nothing follows it ("above": nothing before it)."""
    if not text:
        return False
    low = text.lower()
    if not any(word in low for word in _ATTACHMENT_WORDS):
        return False
    for match in ATTACHMENT.finditer(text):
        thing, where = (match.group("thing") or "").lower(), {(match.group("before") or "").lower(),
                                                             (match.group("after") or "").lower()}
        if thing in _TEXT_THINGS and where & _HERE and not where & {"attached", "attachment", "enclosed", "uploaded"}:
            around = text[:match.start()] if "above" in where else text[match.end():]
            if len("".join(around.split())) >= 20:
                continue  # the table is right there
        return True
    return False


def asks_for_non_text_output(text: str, answer: str = "") -> bool:
    """A request for a picture, drawing, video or sound; not one drawn in text (ASCII, SVG, code),
    and not a question about one (its answer starts "Yes"/"No": "Can you paint with acrylics?")."""
    if not text:
        return False
    low = text.lower()
    return any(verb in low for verb in _NON_TEXT_VERBS) and NON_TEXT_OUTPUT.search(text) is not None \
        and not _TEXT_RENDERING.search(text) and not _YES_NO.match(answer or "")


def has_instruction_marker(text: str, prompt: str = "") -> bool:
    """A second task merged into an answer (see answers.has_merged_instruction)."""
    return answers.has_merged_instruction(text, prompt)


def is_url_data_only(url_text: str, instruction: str, answer: str) -> bool:
    """The input is only a URL and the task needs the page behind it (not the URL as data)."""
    return is_url_only(url_text) and not answers.url_is_data(instruction, answer)


def has_template_leftover(text: str) -> bool:
    return bool(text) and TEMPLATE_LEFTOVER.search(text) is not None


# Domains reserved for examples and tests (RFC 2606, 6761): user@example.com is nobody's address.
# "yourname@yourdomain.com" is a template's address, not a person's.
_RESERVED_DOMAIN = re.compile(r"@(?:[\w-]+\.)*(?:example\.(?:com|org|net)|[\w-]+\.(?:example|test|invalid|localhost)"
                              r"|your[\w-]*\.[a-z]+)$", re.IGNORECASE)


def has_email(text: str) -> bool:
    return "@" in (text or "") and any(not _RESERVED_DOMAIN.search(m.group()) for m in EMAIL.finditer(text))


_MAYBE_PHONE = re.compile(r"\d{3}\D{0,3}\d{3}")


# Not a phone number: a spaced minus ("( 1854 - 1932 )", "6000 - 2000"), a year range ("1783-1859",
# "2020-2021"); the area code 555, which does not exist (fiction's, like example.com).
_NOT_A_PHONE = re.compile(r"\s[-–]\s|(?<!\d)(?:1\d|20)\d\d\s?[-–]\s?(?:1\d|20)\d\d(?!\d)|^\+?(?:1[ .-]?)?\(?555\)?[ .-]")
_AREA_CODE = re.compile(r"^\+?\(\d{2,4}\)")
_PHONE_WORDS = re.compile(r"\b(?:phone|mobile|cell|call|tel|telephone|fax|whatsapp|sms|number)\b", re.IGNORECASE)


def has_phone(text: str) -> bool:
    """8-15 digits written as a phone number: a leading +, an area code in brackets, three or more
    digit groups, or two groups after a word like "phone" or "number"."""
    if not text or _MAYBE_PHONE.search(text) is None:
        return False
    for match in PHONE.finditer(text):
        candidate = match.group(1)
        digits = sum(c.isdigit() for c in candidate)
        groups = [g for g in re.split(r"[ ().-]+", candidate.lstrip("+")) if g]
        if not 8 <= digits <= 15 or len(groups) < 2 or _NOT_A_PHONE.search(candidate):
            continue
        written_as_phone = candidate.startswith("+") or _AREA_CODE.match(candidate) or len(groups) >= 3 \
            or _PHONE_WORDS.search(text[max(0, match.start() - 40):match.start()])
        other_number = IPV4.fullmatch(candidate.strip()) or has_card_number(candidate)
        if written_as_phone and not other_number and not _DATE.search(candidate) \
                and all(len(g) <= 5 for g in groups[1:]) and candidate.count(".") in (0, 2):
            return True
    return False


# Not anyone's address: documentation ranges (RFC 5737), loopback, "any", netmasks.
_NOT_AN_ADDRESS = re.compile(r"^(?:192\.0\.2|198\.51\.100|203\.0\.113)\.|^127\.|^0\.0\.0\.0$|^255\.")


_MAYBE_IP = re.compile(r"\d\.\d{1,3}\.\d")  # a cheap first look: most texts hold no dotted numbers at all
_MAYBE_CARD = re.compile(r"\d{4}[ -]?\d{4}")


def has_ip(text: str) -> bool:
    return bool(text) and _MAYBE_IP.search(text) is not None and any(
        not _NOT_AN_ADDRESS.search(m.group()) for m in IPV4.finditer(text))


# Issuer prefixes and lengths of the card networks (Visa, Mastercard, Amex, Discover, JCB, Diners).
_CARD_SHAPES = re.compile(r"^(?:4\d{12}(?:\d{3}){0,2}|5[1-5]\d{14}|2(?:2[2-9]\d|[3-6]\d\d|7[01]\d|720)\d{12}|"
                          r"3[47]\d{13}|6(?:011|5\d\d)\d{12,15}|35(?:2[89]|[3-8]\d)\d{12,15}|3(?:0[0-5]|[68]\d)\d{11,16})$")


def has_card_number(text: str) -> bool:
    """A card network's prefix and length, passing the Luhn check every real card number passes."""
    return bool(text) and _MAYBE_CARD.search(text) is not None and any(
        _CARD_SHAPES.match(d) and _luhn(d) for d in (re.sub(r"\D", "", m.group()) for m in CARD.finditer(text)))


def _luhn(digits: str) -> bool:
    if not 13 <= len(digits) <= 19 or len(set(digits)) == 1:
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def ends_mid_sentence(text: str) -> bool:
    return answers.ends_mid_sentence(text)


def is_json(text: str) -> bool:
    stripped = (text or "").strip()
    if not stripped or stripped[0] not in "[{":
        return False
    try:
        json.loads(stripped)
    except ValueError:
        return False
    return True
