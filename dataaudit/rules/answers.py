"""What an answer is, read together with what was asked: a second task merged into it, a cut-off
end, code, a URL that is the task's data. Each test was measured on real instruction and chat
data (benchmarks/rules_real.py), and each exception below is a false alarm found there."""

from __future__ import annotations

import re

_FENCE = re.compile(r"```.*?(?:```|$)", re.DOTALL)
# A chat template's or the Alpaca generator's header: a second task, whatever was asked.
# "### Instruction:", "### Human:", "## Response:", "\n##\n18. Instruction:" (the generator's
# numbered tasks run on), "<|im_start|>", "[INST]".
_TEMPLATE_HEADER = re.compile(
    r"(?:^|\n)[ \t]*(?:#{1,4}[ \t]*(?:Instruction|INSTRUCTION|Human|HUMAN|Assistant|ASSISTANT)\b[ \t]*:?"
    r"|#{1,4}[ \t]*(?:Input|INPUT|Response|RESPONSE|User|USER)[ \t]*:"
    r"|\d{1,3}\.[ \t]*(?:Instruction|INSTRUCTION)[ \t]*:)"
    r"|<\|(?:im_start|user|assistant|prompter)\|>|\[INST\]")
# A line that opens with a field or speaker label: which ones are a second task depends on the
# rest. Title or upper case only: "input: stream," is code, not a label.
_LABEL = re.compile(r"^[ \t]*(Instruction|INSTRUCTION|Input|INPUT|Output|OUTPUT|Response|RESPONSE|Human|HUMAN"
                    r"|User|USER|Assistant|ASSISTANT)[ \t]*:", re.MULTILINE)
_SPEAKERS = {"human", "user", "assistant"}
# Asked for, a dialogue's speaker lines are the answer itself.
_DIALOGUE_ASKED = re.compile(r"\b(?:dialog(?:ue)?s?|conversations?|chat(?:bot)?s?|scripts?|transcripts?|interviews?"
                             r"|role-?play\w*|skits?|screenplays?|sitcoms?|(?:a|the|short|one-act) play)\b",
                             re.IGNORECASE)
# Asked for, an "Instruction:" line is the answer itself (a prompt, a training example).
_PROMPT_ASKED = re.compile(r"\b(?:prompts?|instructions?|templates?|datasets?|training (?:data|examples?))\b",
                           re.IGNORECASE)


def has_merged_instruction(answer: str, prompt: str = "") -> bool:
    """A second task glued into an answer: a template header ("### Instruction:", "### Human:",
    "18. Instruction:"); an "Instruction:" or "Input:" line followed by a "Response:" line; a
    "Human:"/"User:"/"Assistant:" line where no dialogue was asked for (nor shown in the prompt);
    a lone "Instruction:" line where no prompt or instruction was asked for. An "Input: … Output:"
    example and anything inside a code block are not markers."""
    if not answer or ":" not in answer and "<|" not in answer and "[INST]" not in answer:
        return False
    text = _FENCE.sub("", answer)
    if _TEMPLATE_HEADER.search(text):
        return True
    labels = [m.group(1).lower() for m in _LABEL.finditer(text)]
    if not labels:
        return False
    for index, label in enumerate(labels):
        if label in ("instruction", "input") and "response" in labels[index + 1:]:
            return True
    if _SPEAKERS & set(labels) and not _DIALOGUE_ASKED.search(prompt) \
            and not any(m.group(1).lower() in _SPEAKERS for m in _LABEL.finditer(prompt)):
        return True
    return "instruction" in labels and not _PROMPT_ASKED.search(prompt)


# Lines that only code opens with (or is): imports, definitions, statements, shell lines.
_CODE_LINE = re.compile(
    r"^[ \t]*(?:import\s+[\w.{*]|from\s+[\w.]+\s+import\b|def\s+\w+\s*\(|class\s+\w+|function\b|const\s|let\s|var\s"
    r"|public\s|private\s|static\s|#include\b|<\?php|#!/|package\s+\w|using\s+[\w.]+;|SELECT\s|INSERT\s|UPDATE\s"
    r"|CREATE\s|return\b|print\(|console\.|System\.|fetch\(|curl\s|if\s*\(|for\s*\(|while\s*\(|\}|\w+\s*=\s*\S)",
    re.MULTILINE)


def looks_like_code(text: str) -> bool:
    """A fenced block, or two or more lines only code opens with."""
    return bool(text) and ("```" in text or len(_CODE_LINE.findall(text)) >= 2)


# The task works on the URL itself (parse it, fetch it in code), so the page need not be read.
_URL_IS_DATA = re.compile(
    r"\b(?:pars\w*|extract\w*|domains?|host ?names?|subdomains?|query (?:strings?|param\w*)|param\w*|protocols?"
    r"|schemes?|validat\w*|regex|regular expressions?|shorten\w*|encod\w*|decod\w*|status codes?|requests?"
    r"|fetch\w*|curl|wget|download\w*|api|endpoints?|scripts?|functions?|programs?|code)\b", re.IGNORECASE)


def url_is_data(instruction: str, answer: str) -> bool:
    return bool(_URL_IS_DATA.search(instruction or "")) or looks_like_code(answer)


# An answer may end without a full stop when it is code, a list, a table, a number, a title or short.
_ENDS_LIKE_A_SENTENCE = set(".!?。！？…\"'”’»)]}>`*:;|0123456789%°")
_WORD_END = re.compile(r"[\w,\-–(]$")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s")
_SENTENCE_INSIDE = re.compile(r"[.!?][\"')\]]*\s+\S")
_NOT_PROSE_END = re.compile(r"(?:#\w+|https?://\S+|www\.\S+|\S+@\S+)$")


def ends_mid_sentence(text: str) -> bool:
    """A long prose answer whose last paragraph stops inside a sentence ("... and then the"), or
    an unclosed code block: what a length cut leaves. Not: code, a list or verse (the lines before
    the last are short and unpunctuated too), a table, a formula, a hashtag or a URL at the end, a
    heading, a short line."""
    stripped = (text or "").rstrip()
    if stripped.count("```") % 2 == 1 and not stripped.endswith("```"):
        return True  # a block opened and never closed (a block closed whose opening fence is missing is not)
    if len(stripped) < 200 or stripped[-1] in _ENDS_LIKE_A_SENTENCE or _WORD_END.search(stripped) is None:
        return False
    tail = stripped.rsplit("```", 1)[-1]  # the prose after the last code block
    lines = [line.strip() for line in tail.splitlines() if line.strip()]
    last = lines[-1]
    if len(last.split()) < 6 or last[:1] in "-*•#|>" or _NUMBERED.match(last) or "|" in last or "\t" in last \
            or "=" in last or _NOT_PROSE_END.search(last) or looks_like_code(tail):
        return False
    before = lines[-4:-1]
    if len(before) >= 2 and all(line[-1] not in ".!?" and len(line.split()) <= 16 for line in before):
        return False  # a list, verse or lyrics: lines that are not sentences
    # Prose: a paragraph that already holds a sentence, one too long to be a list item, or a line
    # that follows a sentence (text written one sentence a line).
    follows_sentence = len(lines) >= 2 and lines[-2][-1] in ".!?" and len(lines[-2].split()) >= 6
    return _SENTENCE_INSIDE.search(last) is not None or len(last.split()) >= 20 or follows_sentence
