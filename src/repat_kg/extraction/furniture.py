"""Tell an article's own lines (headline, standfirst, captions, body) from page furniture, by general line rules."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from repat_kg.extraction.lexicon import Lexicon

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-.])*")
_TIMESTAMP = re.compile(
    r"^(?:updated|published|posted|last updated)?\s*[:|,\-–]?\s*"
    r"(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
    r"(?:\s*[|,\-–]?\s*\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)?\s*\S{0,12}$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s*$")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’(?!\w)")


# the end of a caption's last sentence before a credit: '.', '!' or '?' (and closing quotes) and a space
_CREDIT_START = re.compile(r"[.!?…][\"”’')\]]*\s+")
MAX_CREDIT_WORDS = 12


@dataclass(frozen=True)
class Layout:
    """The article's content as 1-based inclusive line ranges, and its headline line (if any)."""

    content: list[tuple[int, int]]
    headline_line: int | None
    reasons: dict[int, str]  # furniture line -> the rule that made it furniture

    def is_content(self, line: int) -> bool:
        return any(first <= line <= last for first, last in self.content)


@functools.lru_cache(maxsize=4096)
def words(line: str) -> tuple[str, ...]:
    """The words of a line (each rule asks for them; cached, as the same line is asked about many times)."""
    return tuple(_WORD.findall(line))


def is_sentence_like(line: str) -> bool:
    """A body paragraph: several words ending like a sentence, or long."""
    count = len(words(line))
    return (count >= 6 and bool(_SENTENCE_END.search(line))) or count >= 12


def is_title_like(line: str) -> bool:
    count = len(words(line))
    return 4 <= count <= 25 and not _SENTENCE_END.search(line) and not line.rstrip().endswith((":", ";", ","))


def _title_case(line: str) -> bool:
    """Most words capitalised, as in a headline or a link to another article."""
    found = [w for w in words(line) if len(w) > 3]
    return (bool(found) and sum(w[0].isupper() for w in found) >= 0.6 * len(found) and is_title_like(line)) or (
        len(words(line)) <= 6 and not _SENTENCE_END.search(line)
    )


def _has(line: str, phrases: tuple[str, ...]) -> bool:
    low = " " + " ".join(line.lower().split()) + " "
    return any(phrase in low for phrase in phrases)


def _starts_with(line: str, phrases: tuple[str, ...], first_words: int = 6) -> bool:
    head = " " + " ".join(line.lower().split()[:first_words]) + " "
    return any(phrase in head for phrase in phrases)


def _reader_appeal(line: str, lexicon: Lexicon) -> bool:
    outside = _QUOTED.sub(" ", line)
    tokens = {w.lower().strip("’'.") for w in words(outside)}
    reader = set(lexicon.furniture["reader_words"])
    return bool(tokens & reader) and bool(tokens & set(lexicon.furniture["appeal_words"]))


def layout(text: str, lexicon: Lexicon) -> Layout:
    """Apply the furniture rules line by line; what is left, in ranges, is the content."""
    lines = text.split("\n")
    reasons: dict[int, str] = {}
    furniture = lexicon.furniture
    seen: set[str] = set()
    ended = False
    in_link_list = False
    headline: int | None = None
    body_started = False
    kept: list[int] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        key = " ".join(line.split()).lower()
        reason = None
        if ended:
            reason = "after the end of the article"
        elif body_started and _starts_with(line, furniture["end_markers"]):
            reason, ended = "end-of-article marker (newsletter, copyright, 'published in' ...)", True
        elif _has(line, furniture["link_markers"]) and len(words(line)) <= 12:
            reason, in_link_list = "link-list marker ('Read more', 'Related')", True
        elif in_link_list and not _SENTENCE_END.search(line):
            reason = "title in a link list"
        elif not words(line):
            reason = "no words (images, separators)"
        elif _TIMESTAMP.match(line):
            reason = "timestamp"
        elif _has(line, furniture["line_phrases"]) and not is_sentence_like(line):
            reason = "page furniture phrase"
        elif _reader_appeal(line, lexicon):
            reason = "appeal to the reader (support, subscribe, cookies)"
        elif key in seen:
            reason = "repeats an earlier line"
        elif len(words(line)) <= 3 and not (body_started and _SENTENCE_END.search(line)):
            reason = "short line (menu, label, size selector)"
        elif headline is None and not body_started and not is_title_like(line) and not is_sentence_like(line):
            reason = "before the headline"
        if reason is None:
            in_link_list = False
            if headline is None and not body_started and is_title_like(line):
                headline = number
                # everything before the headline is page header
                for earlier in kept:
                    reasons[earlier] = "before the headline"
                kept = []
            if is_sentence_like(line):
                body_started = True
            seen.add(key)
            kept.append(number)
        else:
            reasons[number] = reason
    # Title-like lines after the last body paragraph are related-article links.
    body_lines = [n for n in kept if is_sentence_like(lines[n - 1])]
    if body_lines:
        last_body = body_lines[-1]
        for number in [n for n in kept if n > last_body and _title_case(lines[n - 1])]:
            reasons[number] = "title after the last paragraph (related link)"
        kept = [n for n in kept if n not in reasons]
    content: list[tuple[int, int]] = []
    for number in kept:
        if content and all(not lines[n - 1].strip() for n in range(content[-1][1] + 1, number)):
            content[-1] = (content[-1][0], number)
        else:
            content.append((number, number))
    return Layout(content, headline if headline in kept else None, reasons)


def credit_span(line: str, lexicon: Lexicon) -> tuple[int, int] | None:
    """The photo credit a caption line ends with, as a character span of the line, or None.

    The credit is what follows the line's last sentence (or the whole line): at most a dozen words, no
    sentence end, and either it opens with a credit label ("Photo:", "File photo:", "©") or it joins
    names with a slash and one of its words is a credit marker ("via", "AFP", "EPA", "Getty").
    """
    starts = [m.end() for m in _CREDIT_START.finditer(line) if m.end() < len(line.rstrip())]
    start = starts[-1] if starts else len(line) - len(line.lstrip())
    tail = line[start:].rstrip()
    if not tail or len(words(tail)) > MAX_CREDIT_WORDS or _SENTENCE_END.search(tail):
        return None
    furniture = lexicon.furniture
    opening = tail.lstrip("(").lower()
    labelled = any(opening.startswith(label) for label in furniture["credit_labels"])
    if not labelled:
        if "/" not in tail:
            return None
        low = " " + " ".join(re.split(r"[\s/()]+", tail.lower())) + " "
        if not any(f" {marker} " in low for marker in furniture["credit_markers"]):
            return None
    return start, start + len(tail)
