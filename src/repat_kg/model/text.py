"""Locate evidence text in an article's content and describe it as a character span."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from repat_kg.errors import InputError, show

CONTEXT_CHARS = 32
_WORD_CHAR = re.compile(r"\w")
_NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class Span:
    """Evidence located in an article: offsets in Unicode code points, end exclusive."""

    article_id: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    line: int


def read_text(path: Path, what: str = "file") -> str:
    """A UTF-8 file's text exactly as stored (no newline translation, so offsets count in the file)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {what}: {exc}", path) from exc


class ArticleText:
    """The text of one source article and the line ranges that are its own content."""

    def __init__(self, article_id: str, path: Path, text: str):
        self.article_id = article_id
        self.path = path
        self.text = text
        self.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self._line_starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]
        self.content: list[tuple[int, int]] = []

    @classmethod
    def read(cls, path: Path) -> ArticleText:
        return cls(path.stem, path, read_text(path, "article"))

    @property
    def line_count(self) -> int:
        return len(self._line_starts) - (1 if self.text.endswith("\n") else 0)

    def line(self, number: int) -> tuple[int, str]:
        """Where a 1-based line starts, and its text without the line break."""
        start = self._line_starts[number - 1]
        end = self._line_starts[number] - 1 if number < len(self._line_starts) else len(self.text)
        return start, self.text[start:end]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    def set_content_lines(self, ranges: list[tuple[int, int]]) -> None:
        """Declare the article's own content as 1-based inclusive line ranges."""
        spans = []
        for first, last in ranges:
            start = self._line_starts[first - 1]
            end = self._line_starts[last] if last < len(self._line_starts) else len(self.text)
            spans.append((start, end))
        self.content = spans

    def _in_content(self, start: int, end: int) -> bool:
        return any(c_start <= start and end <= c_end for c_start, c_end in self.content)

    def locate(self, needle: str, source: Path, line: int, what: str = "evidence") -> Span:
        """Find ``needle`` exactly once in the content; errors name the annotation file and line."""
        if not needle or not needle.strip():
            raise InputError(f"{what} text is empty", source, line)
        hits = []
        position = self.text.find(needle)
        while position != -1:
            hits.append(position)
            position = self.text.find(needle, position + 1)
        shown = show(needle)
        if not hits:
            raise InputError(f"{what} text not found in {self.path.name}: {shown}", source, line)
        in_content = [hit for hit in hits if self._in_content(hit, hit + len(needle))]
        if not in_content:
            lines = ", ".join(str(self.line_of(hit)) for hit in hits)
            raise InputError(
                f"{what} text found only in page boilerplate of {self.path.name} (line {lines}): {shown}",
                source,
                line,
            )
        if len(in_content) > 1:
            lines = ", ".join(str(self.line_of(hit)) for hit in in_content)
            raise InputError(
                f"{what} text is ambiguous: found {len(in_content)} times in {self.path.name} "
                f"(lines {lines}); quote more words: {shown}",
                source,
                line,
            )
        return self.span_at(in_content[0], in_content[0] + len(needle))

    def span_at(self, start: int, end: int) -> Span:
        """The span of characters ``start`` to ``end`` (exclusive) with its quote context."""
        needle = self.text[start:end]
        return Span(
            article_id=self.article_id,
            start=start,
            end=end,
            exact=needle,
            prefix=self.text[max(0, start - CONTEXT_CHARS) : start],
            suffix=self.text[end : end + CONTEXT_CHARS],
            line=self.line_of(start),
        )

    def first_mention(self, name: str) -> Span | None:
        """The first whole-word occurrence of ``name`` in the content, if any."""
        if not name:
            return None
        position = self.text.find(name)
        while position != -1:
            end = position + len(name)
            before = self.text[position - 1] if position > 0 else ""
            after = self.text[end] if end < len(self.text) else ""
            # The same test as the regex (?<!\w)NAME(?!\w), without compiling one regex per name.
            whole_word = not (before and _WORD_CHAR.match(before)) and not (after and _WORD_CHAR.match(after))
            if whole_word and self._in_content(position, end):
                return self.span_at(position, end)
            position = self.text.find(name, position + 1)
        return None

    def occurs_in_content(self, needle: str) -> bool:
        position = self.text.find(needle)
        while position != -1:
            if self._in_content(position, position + len(needle)):
                return True
            position = self.text.find(needle, position + 1)
        return False
