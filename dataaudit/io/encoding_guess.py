"""Which legacy encoding a non-UTF-8 file is in, for the hint in the decode error.

Every candidate codec decodes a bounded sample strictly; each reading that succeeds is scored
per non-ASCII character for how plausible it is in a language the codec is written in: the
language's letters count for it (common ones more); what real text does not do counts against
it: C1 controls, symbols inside words, lower- then uppercase, all-caps words, two scripts in
a word, Latin words of mostly accented letters, Cyrillic or Greek words without a vowel, a lone
letter that is no word. Codecs reading the sample alike are one answer. Measured, and
CONFIDENT_MARGIN set, by benchmarks/encoding_guess.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

SCORED_BYTES = 20_000  # of the sample, this much is scored, plus the lines with a byte value not seen before
# The winner's lead over the closest other reading, in points per character where the two differ
# (+1 a plausible letter, -1 an implausible one; the prior breaks ties); from the benchmark.
CONFIDENT_MARGIN = 0.3

# (what it is for, its languages, its codecs). Earlier codecs win when they read a file alike.
_FAMILIES = (
    ("Western European", "fr es pt it de nl ca da no sv fi", "cp1252 latin1 iso8859-15"),
    ("Central European", "pl cs sk hu sl hr ro de", "cp1250 iso8859-2"),
    ("Turkish", "tr", "cp1254 iso8859-9"),
    ("Cyrillic", "ru uk be bg sr mk", "cp1251"),
    ("Cyrillic (Russian)", "ru bg", "koi8-r"),
    ("Cyrillic (Ukrainian)", "uk ru be", "koi8-u"),
    ("Cyrillic (DOS)", "ru", "cp866"),
    ("Greek", "el", "cp1253 iso8859-7"),
    ("Hebrew", "he", "cp1255 iso8859-8"),
    ("Baltic", "lt lv et", "cp1257 iso8859-13"),
    ("Arabic", "ar fa", "cp1256 iso8859-6"),
    ("Japanese", "ja", "shift_jis cp932 euc-jp"),
    ("Chinese, simplified", "zh", "gb18030"),
    ("Chinese, traditional", "zh-hant", "big5 cp950"),
    ("Korean", "ko", "cp949 euc-kr"),
)
_CODECS = tuple((codec, desc, tuple(langs.split())) for desc, langs, codecs in _FAMILIES for codec in codecs.split())
# Windows spreadsheet exports from Western Europe and the Americas are by far the most common
# non-UTF-8 input: a tie on the evidence goes to cp1252 (points in all, not per character).
_PRIOR = {"cp1252": 0.05, "iso8859-15": 0.02, "latin1": 0.02}
# Bytes cp1252 leaves undefined: there, latin-1's C1 controls are no evidence against it.
_UNDEFINED_IN_CP1252 = dict.fromkeys(("latin1", "iso8859-15"), "\x81\x8d\x8f\x90\x9d")
_CJK = ("ja", "zh", "zh-hant", "ko")

# Non-ASCII letters of Latin-script languages (all of them count as common).
_LATIN = {
    "fr": "éèàêçôîûùâïëœüÿæ", "es": "éóíáñúü", "pt": "ãçéáóíêõúâôàü", "it": "èàéùòìíóî",
    "de": "üäöß", "nl": "ëéïèöü", "ca": "èéàòóíúïüç", "da": "æøåé", "no": "øåæé", "sv": "äåöé",
    "fi": "äöå", "pl": "ęąóśłżźćń", "cs": "áíéěýčřžšůúňťďó", "sk": "áíéýčžšúäôľňťďóĺŕ",
    "hu": "éáőöóüíúű", "sl": "čšž", "hr": "čšžćđ", "ro": "ăîâșțşţ", "lt": "ąčęėįšųūž",
    "lv": "āēīūčšžģķļņ", "et": "äõöüšž", "tr": "ıçşğüöâîûİ",
}
# Non-ASCII letters that are words on their own ("il est à Paris"); any other letter
# standing alone says the reading is wrong ("il est ŕ Paris" is cp1250 misreading cp1252).
_ALONE = {"fr": "à", "pt": "àé", "it": "è", "da": "å", "no": "å", "sv": "åö", "lt": "į", "ru": "вскуоияаж",
          "uk": "вуізйаяо", "be": "іўуза", "bg": "висяо", "sr": "уиаосј", "mk": "виаосуѓ", "el": "οηήα",
          "ar": "و", "fa": "و"}
# Other alphabets, most frequent letter first: the rarer letters weigh less, which is what
# tells apart codecs that map one script onto another (koi8-r read as cp1251 is Cyrillic too).
_ALPHABETS = {
    "ru": "оеаинтсрвлкмдпуяызьбгчйхжшюцщэфъё", "uk": "оанвиітрескдлмпуяьзгбчхйжшюцщєїфґ",
    "be": "аыоенірсвткдлмпуязьбгчйхжшюцфўэё", "bg": "аиоентрсвлкдпмзяугбъчшщжйхцьюф",
    "sr": "аиоенртсјвлдкмупзгбшчћцњђжхљфџ", "mk": "аиоентрсвлкдпмзуѓгбјшчжцќњѕхљфџ",
    "el": "αοιετσνηυρπκμλςωάέίόδγήχύθώφβξζψϊϋΐΰ", "he": "יוהלמארבתשנדעכקחפסםןגזטצךףץ",
    "ar": "اليمونرتبةعدسفهكقأحجشطصىخإزثضذغظآؤئء", "fa": "اينرمودهبتسلكشزفگعخقجآپحچطصظژغضذثئأءؤ",
}
# The ~500 most frequent Chinese characters, simplified and traditional.
_ZH_COMMON = frozenset(
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明"
    "其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计"
    "或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻"
    "程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坐集编宝谈府拉黑且随格尽剑讲布杀微怕母调局根曾准团段终乐切级克精哪官示冷域")
_ZH_HANT_COMMON = frozenset(
    "的一是不了人我在有他這中大來上國個到說們為子和你地出道也時年得就那要下以生會自著去之過家學對可她裡後小麼心多天而能好都然沒日於起還發成事只作當想看文無開手十用主行方又如前所本見經頭面公同三已老從動兩長知民樣現分將外但身些與高意進把法此實回二理美點月明"
    "其種聲全工己話兒者向情部正名定女問力機給等幾很業最間新什打便位因重被走電四第門相次東政海口使教西再平真聽世氣信北少關並內加化由卻代軍產入先山五太水萬市眼體別處總才場師書比住員九笑性通目華報立馬命張活難神數件安表原車白應路期叫死常提感金何更反合放做系計"
    "或司利受光王果親界及今京務制解各任至清物台象記邊共風戰干接它許八特覺望直服毛林題建南度統色字請交愛讓認算論百吃義科怎元社術結六功指思非流每青管夫連遠資隊跟帶花快條院變聯言權往展該領傳近留紅治決周保達辦運武半候七必城父強步完革深區即求品士轉量空甚眾技輕"
    "程告江語英基派滿式李息寫呢識極令黃德收臉錢黨倒未持取設始版雙歷越史商千片容研像找友孩站廣改議形委早房音火際則首單據導影失拿網香似斯專石若兵弟誰校讀志飛觀爭究包組造落視濟喜離雖坐集編寶談府拉黑且隨格盡劍講布殺微怕母調局根曾準團段終樂切級克精哪官示冷域")

_PUNCT = frozenset("’‘“”„–—…«»¿¡·•€£、。「」『』【】（），！？：；・～〜،؛؟")  # typographic: says a code page is right
_SIGNS = frozenset("°±×²³µ©®™§½¼¾")  # common in any Latin text ("20°C"): no evidence either way

# Patterns over the class string (see _klass: one letter per character).
_LETTERS = "aAlLcCgGfhmrex"
_FLIP = re.compile(r"(?=[lcgf][ALCG]|a[LCG])")  # lowercase then uppercase
_CAPS = re.compile(r"(?<=[ALCG])[LCG]|(?<=[LCG])A")  # inside an all-caps word: real text is mostly lowercase
_SIGMA = re.compile(r"f(?=[gGf])")  # final sigma with a letter after it
# A symbol inside a word, or a lone kanji glued to a Latin word ("can臓 log" is shift_jis misreading "can’t log").
_IN_WORD = re.compile(rf"[{_LETTERS}][psz](?=[{_LETTERS}])|[aA]k(?![kj])|(?:^|[^kj])k(?=[aA])")
# A row with a single letter of a non-Latin script is a misreading ("25€" read as cp866 is "25А").
_LONE_IN_LINE = re.compile(r"^[^cCgGfhrkjo\n]*[cCgGfhrkjo][^cCgGfhrkjo\n]*$", re.MULTILINE)
_STRAY_MARK = re.compile(r"(?:^|[^hm])m|(?:^|[^re])e")  # a niqqud or haraka on no letter of its script
_SYMBOL_RUN = re.compile(r"[psz]{3,}")  # "׀»׀»£¡" is "谢谢！" read as cp1255
_LATIN_RUN = re.compile(r"[aA]*[lL][aAlL]*")
_WORDS = re.compile(r"[^ \n]*[^aA \n][^ \n]*|\n")  # the words with a non-ASCII character, and line ends
_GROUPS = {"a": "W", "A": "W", "l": "L", "L": "L", "c": "C", "C": "C", "g": "G", "G": "G", "f": "G",
           "h": "H", "m": "H", "r": "R", "e": "R", "k": "K", "j": "K", "o": "O", "x": "X"}
_FINE = {frozenset("WL"), frozenset("WK"), frozenset("WO")}  # "iPhone用", "PC방"
_MIXED = re.compile("(?=" + "|".join("[{}][{}]".format(
    "".join(k for k in _GROUPS if _GROUPS[k] == g),
    "".join(k for k in _GROUPS if _GROUPS[k] != g and frozenset(g + _GROUPS[k]) not in _FINE))
    for g in sorted(set(_GROUPS.values()))) + ")")
# Patterns over the text itself.
_ALONE_AT = re.compile(r"(?<![^\W\d_])[^\W\d_a-zA-Z](?![^\W\d_])")  # a non-ASCII letter alone
# Every Cyrillic or Greek word of two letters or more has a vowel ("тгййп" is Hebrew read as cp1251).
_NO_VOWEL = re.compile(r"(?<![^\W\d_])(?:[бвгджзйклмнпрстфхцчшщъьђјљњћџѓќѕґ]{2,}|[βγδζθκλμνξπρσςτφχψ]{2,})"
                       r"(?![^\W\d_])", re.IGNORECASE)


@dataclass(frozen=True)
class Guess:
    encoding: str
    description: str
    confident: bool
    alternatives: tuple[tuple[str, str], ...] = ()  # (codec, description), most likely first
    margin: float = float("inf")  # see CONFIDENT_MARGIN
    score: float = 0.0  # plausibility per non-ASCII character: confident needs it above 0


@dataclass(frozen=True)
class _Reading:
    codec: str
    description: str
    evidence: float  # plausibility per non-ASCII character
    prior: float
    chars: Counter  # its non-ASCII characters in the scored part


def guess_encoding(lines: Sequence[bytes]) -> Optional[Guess]:
    """The most plausible legacy encoding of a file from its lines holding non-ASCII bytes
    (rawfile.non_ascii_lines); None when no candidate decodes them."""
    ranked = _rank(lines)
    if not ranked:
        return None
    best, total = ranked[0], sum(ranked[0].chars.values())
    # Per differing character: cp1252 and iso8859-15 may read a French file alike but for one œ.
    leads = sorted((((best.evidence - other.evidence) * total + best.prior - other.prior) / max(
        1, sum((best.chars - other.chars).values()), sum((other.chars - best.chars).values())), i)
        for i, other in enumerate(ranked[1:], 1))
    margin = leads[0][0] if leads else float("inf")
    confident = best.evidence > 0 and margin >= CONFIDENT_MARGIN
    alternatives = () if confident else tuple((ranked[i].codec, ranked[i].description) for lead, i in leads[:3]
                                              if ranked[i].evidence > 0 and lead < 1.0)
    return Guess(best.codec, best.description, confident, alternatives, round(margin, 3), round(best.evidence, 3))


def _rank(lines: Sequence[bytes]) -> list[_Reading]:
    """One reading per distinct decoding of the sample, the most plausible first."""
    sample, scored = b"\n".join(lines), b"\n".join(_scored_lines(lines))
    readings: dict[str, tuple[float, int, _Reading]] = {}
    evidence: dict[tuple[str, tuple[str, ...], str], tuple[float, Counter]] = {}
    for order, (codec, desc, langs) in enumerate(_CODECS):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        # The scored part holds the lines with byte values not seen before, so codecs that read
        # the sample differently read it differently too (but for rare multibyte cases).
        part = scored.decode(codec)
        key = (part, langs, _UNDEFINED_IN_CP1252.get(codec, ""))
        if key not in evidence:
            chars = Counter({ch: n for ch, n in Counter(part).items() if ch > "\x7f"})
            evidence[key] = (_evidence(part, chars, langs, key[2]), chars)
        value, chars = evidence[key]
        score = value + _PRIOR.get(codec, 0.0) / max(1, sum(chars.values()))
        if text not in readings or score > readings[text][0]:
            readings[text] = (score, order, _Reading(codec, desc, value, _PRIOR.get(codec, 0.0), chars))
    return [reading for _, _, reading in sorted(readings.values(), key=lambda v: (-v[0], v[1]))]


def _scored_lines(lines: Sequence[bytes]) -> list[bytes]:
    picked, seen, size = [], set(), 0
    for line in lines:
        if size < SCORED_BYTES or (size < 4 * SCORED_BYTES and not seen.issuperset(line)):
            picked.append(line)
            seen.update(line)
            size += len(line) + 1
    return picked


def _evidence(text: str, chars: Counter, langs: tuple[str, ...], neutral: str = "") -> float:
    total = sum(chars.values())
    if not total:
        return 0.0
    klass = " ".join(_WORDS.findall(text.translate({**_ASCII_CLASSES, **{ord(ch): _klass(ch) for ch in chars}})))
    present = set(klass)

    def count(pattern: re.Pattern, needs: str, subject: str = klass) -> int:
        return len(pattern.findall(subject)) if present.intersection(needs) else 0  # skipping scans is the speed

    groups = {_GROUPS[c] for c in present if c in _GROUPS}
    mixed = any(a < b and frozenset(a + b) not in _FINE for a in groups for b in groups)
    penalty = (1.5 * count(_FLIP, "lcgfLCG") + 1.5 * count(_SIGMA, "f") + 0.5 * count(_CAPS, "LCG")
               + 1.5 * count(_IN_WORD, "pszk") + 2.0 * count(_STRAY_MARK, "me") + 2.0 * count(_LONE_IN_LINE, "cCgGfhrkjo")
               + 2.0 * count(_NO_VOWEL, "cCgGf", text) + 2.0 * count(_MIXED, _LETTERS + "kjo" if mixed else "")
               + sum(map(len, _SYMBOL_RUN.findall(klass))))
    if present.intersection("lL"):
        for run in _LATIN_RUN.findall(klass):  # "Ïîñûëêà" is Russian read as cp1252
            accented = run.count("l") + run.count("L")
            if len(run) >= 4 and accented > 0.6 * len(run):
                penalty += 0.5 * accented
    alone = Counter(_ALONE_AT.findall(text)) if present.intersection("lLcCgGfhr") else Counter()
    union = "".join(_LATIN.get(lang, "") + _ALPHABETS.get(lang, "") for lang in langs)
    fit = max(sum(n * _weight(ch, lang, union) for ch, n in chars.items() if ch not in neutral)
              - 2.0 * sum(n for ch, n in alone.items() if _klass(ch) in "lLcCgGfhr"
                          and ch.lower() not in _ALONE.get(lang, "")) for lang in langs)
    return (fit - penalty) / total


_ASCII_CLASSES = {o: "a" if chr(o).islower() else "A" if chr(o).isupper() else "\n" if o == 10 else " "
                  for o in range(128)}


@lru_cache(maxsize=65536)
def _klass(ch: str) -> str:
    """Letters by script and case (see _GROUPS; m, e: Hebrew, Arabic marks); p punctuation, s symbol, z control."""
    o, cat = ord(ch), unicodedata.category(ch)
    if ch in "’‘":  # split words as ASCII ' does: "don’t"
        return " "
    if cat[0] != "L" and cat != "Mn":
        return _NOT_LETTERS.get(cat, "p" if cat[0] == "P" else "s")
    if ch == "ς":  # final sigma: only at the end of a word
        return "f"
    up = ch.isupper()
    for first, last, lower, upper in _SCRIPTS:
        if first <= o <= last:
            if cat == "Mn" and lower in "hr":
                return "m" if lower == "h" else "e"
            return upper if up else lower
    return "p" if ch in "ªº" else "x"


_NOT_LETTERS = {"Cc": "z", "Co": "z", "Cn": "z", "Cs": "z", "Sc": "p", "Cf": "p", "Nd": "p", "Zs": " "}
# (first, last code point, class of lowercase or caseless letters, class of uppercase)
_SCRIPTS = ((0x370, 0x3FF, "g", "G"), (0x1F00, 0x1FFF, "g", "G"), (0x400, 0x52F, "c", "C"), (0x590, 0x5FF, "h", "h"),
            (0xFB1D, 0xFB4F, "h", "h"), (0x600, 0x6FF, "r", "r"), (0xFB50, 0xFDFF, "r", "r"), (0xFE70, 0xFEFF, "r", "r"),
            (0x3040, 0x30FF, "j", "j"), (0xFF66, 0xFF9F, "j", "j"), (0x3400, 0x9FFF, "k", "k"), (0xF900, 0xFAFF, "k", "k"),
            (0x20000, 0x3FFFF, "k", "k"), (0xAC00, 0xD7A3, "o", "o"), (0x1100, 0x11FF, "o", "o"), (0x3130, 0x318F, "o", "o"),
            (0xC0, 0x24F, "l", "L"), (0x1E00, 0x1EFF, "l", "L"), (0xFF21, 0xFF5A, "a", "a"))  # fullwidth Latin: CJK text


@lru_cache(maxsize=262144)
def _weight(ch: str, lang: str, union: str) -> float:
    """What one non-ASCII character says for `lang`: about +1 expected, -1 out of place."""
    if ch in _PUNCT:
        return 0.3
    klass = _klass(ch)
    if klass == "z":
        return -3.0
    if klass == "s":
        return -0.3 if lang in _CJK else 0.0 if ch in _SIGNS else -1.0
    if klass in "p ":
        return 0.0
    if lang in _CJK:
        return _cjk_weight(ch, klass, lang)
    if klass in "me":  # niqqud, harakat: fine on their own script
        return 0.0 if _GROUPS[klass] == _GROUPS[_klass((_ALPHABETS.get(lang) or "a")[0])] else -1.0
    low = ch.lower() if len(ch.lower()) == 1 else ch
    if lang in _LATIN:
        return 1.0 if low in _LATIN[lang] else 0.0 if low in union else -1.0
    alphabet = _ALPHABETS[lang]
    if low not in alphabet:
        return 0.0 if low in union else -1.0
    rank = alphabet.index(low) / len(alphabet)
    return 1.0 if rank < 0.25 else 0.7 if rank < 0.5 else 0.1 if rank < 0.75 else -0.6


def _cjk_weight(ch: str, klass: str, lang: str) -> float:
    if klass == "j":
        return -1.0 if lang != "ja" else -0.3 if "\uff66" <= ch <= "\uff9f" else 1.0  # halfwidth kana is rare
    if klass == "o":
        return -1.0 if lang != "ko" else 1.0 if "\uac00" <= ch <= "\ud7a3" and _code(ch, "euc-kr") else -0.5
    if klass != "k":
        return -1.0
    if lang == "ko":
        return -0.3  # hanja are rare in modern Korean
    if lang == "ja":  # JIS level 1 (rows 16-47) holds the common kanji
        code = _code(ch, "euc-jp")
        return 0.6 if 0xB0A1 <= code < 0xD0A1 else -0.3 if code else -0.5
    if lang == "zh":  # GB2312 level 1 (rows 16-55) holds the common hanzi
        code = _code(ch, "gb2312")
        common, level1 = ch in _ZH_COMMON, 0xB0A1 <= code < 0xD8A1
    else:  # Big5 0xA440-0xC67E holds the frequently used characters
        code = _code(ch, "big5")
        common, level1 = ch in _ZH_HANT_COMMON, 0xA440 <= code <= 0xC67E
    return 1.0 if common else 0.5 if level1 else 0.0 if code else -0.5


def _code(ch: str, codec: str) -> int:
    try:
        raw = ch.encode(codec)
    except UnicodeEncodeError:
        return 0
    return int.from_bytes(raw, "big") if len(raw) == 2 else 0
