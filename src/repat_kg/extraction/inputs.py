"""Turn input files (text or HTML pages, or folders of them) into article texts, or a one-line reason to skip."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from repat_kg.pipeline.corpus import ARTICLE_ID

MAX_BYTES = 2_000_000  # a news page is rarely over 1 MB; larger files are refused, not parsed
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
# Encodings tried in order. UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark
# are decoded as such; otherwise Windows-1252, the usual legacy encoding of English news pages, is
# accepted when every byte decodes (it leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined). Anything else,
# including UTF-16 without a byte-order mark, is refused.
ENCODINGS = ("utf-8", "utf-16 (with byte-order mark)", "windows-1252")
# control characters a text file does not hold (all below 32 but tab, line feed, form feed, carriage return)
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


@dataclass(frozen=True)
class Article:
    """One article ready to be extracted: its id, text (offsets count in it) and what the page said of itself."""

    article_id: str
    source: Path
    text: str
    encoding: str
    title: str | None = None
    date: str | None = None  # ISO date from the page's metadata
    site_name: str | None = None
    url: str | None = None
    modified: str | None = None  # ISO date the input file was last modified


@dataclass(frozen=True)
class Skipped:
    source: Path
    reason: str


def collect_inputs(inputs: list[Path]) -> list[Path]:
    """The files named, and the .txt/.html/.htm files in the folders named, in a stable order."""
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files += sorted(
                p for p in item.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES
            )
        else:
            files.append(item)  # a missing file is reported by read_input, without stopping the batch
    return files


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding used; ValueError with the reason when none of ENCODINGS fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8 (byte-order mark)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise ValueError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValueError(f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor Windows-1252") from None
    return text, "windows-1252"


def _looks_binary(text: str) -> bool:
    controls = len(_CONTROL.findall(text, 0, 4000))
    return controls > 0.01 * max(1, min(len(text), 4000))


def html_article(html: str) -> tuple[str, str | None, str | None, str | None, str | None]:
    """trafilatura's main text of an HTML page, with its title, date, site name and URL."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True, deduplicate=True
    )
    if document is None:
        return "", None, None, None, None
    get = document.get if isinstance(document, dict) else lambda key: getattr(document, key, None)
    body = (get("text") or "").strip()
    title = (get("title") or "").strip() or None
    if title and body and not body.startswith(title):
        body = f"{title}\n\n{body}"
    date = get("date")
    return body, title, date, get("sitename"), get("url")


def read_input(path: Path, max_bytes: int = MAX_BYTES) -> Article | Skipped:
    """One input as an article, or the reason it is skipped (never an exception for a bad file)."""
    article_id = path.stem
    if not ARTICLE_ID.match(article_id):
        return Skipped(path, "file name is not a lower-case id of letters, digits, '-' and '_' (like d01.txt)")
    if not path.exists():
        return Skipped(path, "not found")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Skipped(path, f"file is {size} bytes, over the {max_bytes}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(path, f"cannot read: {exc.strerror or exc}")
    if not data.strip():
        return Skipped(path, "empty file")
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        return Skipped(path, str(exc))
    if _looks_binary(text):
        return Skipped(path, "binary file (control characters), not text")
    title = date = site = url = None
    if path.suffix.lower() in HTML_SUFFIXES or (
        path.suffix.lower() not in TEXT_SUFFIXES and "<html" in text[:2000].lower()
    ):
        text, title, date, site, url = html_article(text)
        if not text.strip():
            return Skipped(path, "HTML page with no article text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not re.search(r"[A-Za-z]{2,}", text):
        return Skipped(path, "no words in the text")
    modified = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc).date().isoformat()
    return Article(article_id, path, text, encoding, title, date, site, url, modified)


def text_digest(text: str) -> str:
    """The digest two inputs share when they hold the same article text (whitespace aside)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
