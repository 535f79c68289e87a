"""Find link candidates with the Wikidata Action API: search, fetch, type check; polite, retried and cached."""

from __future__ import annotations

import hashlib
import json
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from repat_kg import __version__
from repat_kg.atomic import write_atomically
from repat_kg.errors import ServiceError
from repat_kg.linking.gazetteer import Candidate, Label
from repat_kg.linking.matching import FUZZY_MIN_LENGTH, entity_type
from repat_kg.model.records import Entity

DEFAULT_API_URL = "https://www.wikidata.org/w/api.php"
USER_AGENT = (
    f"repat-kg/{__version__} (https://w3id.org/repat-kg; entity linking for a research knowledge graph) "
    f"Python-urllib/{sys.version_info.major}.{sys.version_info.minor}"
)
# HTTP statuses worth another try after a pause.
TRANSIENT_STATUSES = {408, 429, 500, 502, 503, 504}
# API error codes worth another try (the server is lagging or asks us to slow down).
TRANSIENT_API_ERRORS = {"maxlag", "ratelimited"}
MAX_RETRY_AFTER = 60.0
SUBCLASS_DEPTH = 3
BATCH = 50  # wbgetentities takes at most 50 ids per request

# Wikidata classes whose instances (directly or through subclass of, P279) count as each type.
# Each QID was seen paired with its class in at least two stored public files (README, "Linking to Wikidata").
TYPE_CLASSES: dict[str, frozenset[str]] = {
    "human": frozenset({"Q5"}),
    "country": frozenset({"Q6256", "Q3624078"}),  # country, sovereign state
    "region": frozenset({"Q82794", "Q43263"}),  # region, federal subject of Russia
    "province": frozenset({"Q517351", "Q841753"}),  # governorate of Syria, governorate of Iraq
    "city": frozenset({"Q515", "Q1549591"}),  # city, big city
    "airport": frozenset({"Q1248784", "Q644371"}),  # airport, international airport
    "camp": frozenset({"Q622499"}),  # refugee camp
    # organization, news agency, terrorist organization, non-governmental organization, ministry
    "organization": frozenset({"Q43229", "Q192283", "Q17127659", "Q79913", "Q192350"}),
}


class WikidataApi:
    """A client of the Wikidata Action API (wbsearchentities, wbgetentities) with an on-disk cache."""

    def __init__(
        self,
        api_url: str = DEFAULT_API_URL,
        cache_dir: Path | None = None,
        min_interval: float = 1.0,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 1.0,
        language: str = "en",
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.api_url = api_url
        self.cache_dir = cache_dir
        self.min_interval = min_interval
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.language = language
        self.sleep = sleep
        self.requests_made = 0
        self.cache_hits = 0
        self._last_request = 0.0

    # ---------------------------------------------------------------------------- transport
    def url(self, params: dict[str, str]) -> str:
        # maxlag=5: the etiquette for non-interactive clients; a lagging server answers "maxlag" and we wait.
        common = {"format": "json", "formatversion": "1", "maxlag": "5"}
        query = urllib.parse.urlencode(sorted({**params, **common}.items()))
        return f"{self.api_url}?{query}"

    def get(
        self,
        params: dict[str, str],
        check: Callable[[dict[str, Any]], None],
        tolerated: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """GET the API with ``params``: from the cache if there, else over HTTP with retries.

        ``check`` raises :class:`MalformedAnswer` if the answer is not of the shape the caller reads:
        such an answer is a ServiceError and is never cached; a cached one that fails it (damaged, or
        written by an older version) is asked again. An API error whose code is in ``tolerated`` is
        returned (and cached) as an answer.
        """
        url = self.url(params)
        cached = self._cache_path(url)
        if cached is not None and cached.is_file():
            body = _read_cached(cached, check)
            if body is not None:
                self.cache_hits += 1
                return body
        body = self._fetch(url, tolerated)
        try:
            check(body)
        except MalformedAnswer as exc:
            raise ServiceError(f"Wikidata API at {self.api_url} answered JSON of an unexpected shape: {exc}") from exc
        if cached is not None:
            write_atomically({cached: json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")})
        return body

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".json")

    def _fetch(self, url: str, tolerated: frozenset[str]) -> dict[str, Any]:
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            wait = self.min_interval - (time.monotonic() - self._last_request)
            if wait > 0:
                self.sleep(wait)
            self._last_request = time.monotonic()
            self.requests_made += 1
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    raw = response.read()
                    retry_after = response.headers.get("Retry-After", "")
            except urllib.error.HTTPError as exc:
                detail = exc.read(300).decode("utf-8", "replace").strip().replace("\n", " ")
                problem = f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
                if exc.code not in TRANSIENT_STATUSES:
                    raise ServiceError(f"Wikidata API at {self.api_url} answered {problem}") from exc
                retry_after = exc.headers.get("Retry-After", "") if exc.headers else ""
                if retry_after.isdigit():
                    self.sleep(min(float(retry_after), MAX_RETRY_AFTER))
                continue
            except TimeoutError:
                problem = f"no answer within {self.timeout:g} s"
                continue
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                    problem = f"no answer within {self.timeout:g} s"
                    continue
                raise ServiceError(f"cannot reach the Wikidata API at {self.api_url}: {exc.reason}") from exc
            except (ConnectionError, OSError) as exc:
                problem = f"connection failed: {exc}"
                continue
            try:
                body = json.loads(raw)
            except ValueError as exc:
                raise ServiceError(f"Wikidata API at {self.api_url} answered with something that is not JSON") from exc
            if not isinstance(body, dict):
                raise ServiceError(f"Wikidata API at {self.api_url} answered with unexpected JSON")
            error = body.get("error")
            if isinstance(error, dict):
                code, info = error.get("code", "?"), error.get("info", "")
                problem = f"API error {code}: {info}"
                if code in tolerated:
                    return body
                if code in TRANSIENT_API_ERRORS:
                    if retry_after.isdigit():
                        self.sleep(min(float(retry_after), MAX_RETRY_AFTER))
                    continue
                raise ServiceError(f"Wikidata API at {self.api_url} answered {problem}")
            return body
        raise ServiceError(f"Wikidata API at {self.api_url} failed after {self.retries + 1} attempts: {problem}")

    # ---------------------------------------------------------------------------- API calls
    def search(self, name: str, limit: int = 7) -> list[dict[str, Any]]:
        """wbsearchentities: items whose label or alias matches ``name``."""
        body = self.get(
            {
                "action": "wbsearchentities",
                "search": name,
                "language": self.language,
                "uselang": self.language,
                "type": "item",
                "limit": str(limit),
            },
            _check_search,
        )
        return list(body["search"])

    def entities(self, ids: Iterable[str], props: str) -> dict[str, dict[str, Any]]:
        """wbgetentities for ``ids`` in batches; items that do not exist are left out."""
        wanted = sorted(set(ids))
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            body = self.get(
                {"action": "wbgetentities", "ids": "|".join(batch), "props": props, "languages": self.language},
                _check_entities,
                tolerated=frozenset({"no-such-entity"}),  # an id deleted since the search: no item, not a failure
            )
            for qid, item in _object(body.get("entities"), "entities").items():
                if "missing" not in item:
                    found[qid] = item
        return found

    # ---------------------------------------------------------------------------- candidates
    def candidates(self, entity: Entity) -> list[Candidate]:
        """Search every name of ``entity``, fetch the hits and type-check them against the entity's kind."""
        names = [entity.name, *(alias for alias in entity.aliases if len(alias) >= FUZZY_MIN_LENGTH)]
        found_by: dict[str, str] = {}
        for name in names:
            for hit in self.search(name):
                found_by.setdefault(hit["id"], name)
        if not found_by:
            return []
        items = self.entities(found_by, "labels|aliases|descriptions|claims")
        wanted = entity_type(entity)
        candidates = []
        for qid, item in sorted(items.items()):
            classes = _claim_items(item, "P31")
            fits = wanted in TYPE_CLASSES and self.is_instance(classes, TYPE_CLASSES[wanted])
            labels = _labels(item, self.language)
            if not labels:
                continue
            evidence = (
                f"Wikidata API {self.api_url}: wbsearchentities '{found_by[qid]}' found {qid}; wbgetentities {qid}: "
                f"label '{labels[0].text}', instance of (P31) {', '.join(sorted(classes)) or 'nothing'}"
            )
            description = str(_object(item.get("descriptions"), "").get(self.language, {}).get("value", ""))
            kind = wanted if fits else "other"
            candidates.append(Candidate(qid, kind, labels, evidence, description, "wikidata-api"))
        return candidates

    def is_instance(self, classes: set[str], allowed: frozenset[str]) -> bool:
        """Whether one of ``classes`` is, or is a subclass (P279, a few steps up) of, an ``allowed`` class."""
        frontier, seen = set(classes), set(classes)
        for _ in range(SUBCLASS_DEPTH + 1):
            if frontier & allowed:
                return True
            if not frontier:
                return False
            parents: set[str] = set()
            for item in self.entities(frontier, "claims").values():
                parents |= _claim_items(item, "P279")
            frontier = parents - seen
            seen |= parents
        return False


class MalformedAnswer(Exception):
    """An API answer that is JSON, but not of the shape the client reads (says where)."""


def _object(value: Any, where: str) -> dict[str, Any]:
    """``value`` as a JSON object; absent or PHP's empty array ``[]`` is an empty one."""
    if value is None or value == []:
        return {}
    if not isinstance(value, dict):
        raise MalformedAnswer(f"{where} is {_json_type(value)}, not an object")
    return value


def _array(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedAnswer(f"{where} is {_json_type(value)}, not an array")
    return value


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number"}
    return names.get(type(value), "a number" if isinstance(value, float) else "null")


def _check_search(body: dict[str, Any]) -> None:
    """wbsearchentities: ``search`` is an array of hits, each an object with a string ``id``."""
    if "search" not in body:
        raise MalformedAnswer("no 'search' in the answer")
    for index, hit in enumerate(_array(body["search"], "search")):
        if not isinstance(_object(hit, f"search[{index}]").get("id"), str):
            raise MalformedAnswer(f"search[{index}] has no string 'id'")


def _check_entities(body: dict[str, Any]) -> None:
    """wbgetentities: ``entities`` maps ids to items; what an item's labels, aliases and claims hold is checked."""
    if "error" in body:  # a tolerated API error ("no-such-entity"): no items
        return
    if "entities" not in body:
        raise MalformedAnswer("no 'entities' in the answer")
    for qid, item in _object(body["entities"], "entities").items():
        where = f"entities.{qid}"
        item = _object(item, where)
        if "missing" in item:
            continue
        for lang, label in _object(item.get("labels"), f"{where}.labels").items():
            _text_value(label, f"{where}.labels.{lang}")
        for lang, label in _object(item.get("descriptions"), f"{where}.descriptions").items():
            _text_value(label, f"{where}.descriptions.{lang}")
        for lang, aliases in _object(item.get("aliases"), f"{where}.aliases").items():
            for index, alias in enumerate(_array(aliases, f"{where}.aliases.{lang}")):
                _text_value(alias, f"{where}.aliases.{lang}[{index}]")
        for prop, statements in _object(item.get("claims"), f"{where}.claims").items():
            for index, statement in enumerate(_array(statements, f"{where}.claims.{prop}")):
                at = f"{where}.claims.{prop}[{index}]"
                snak = _object(_object(statement, at).get("mainsnak"), f"{at}.mainsnak")
                _object(snak.get("datavalue"), f"{at}.mainsnak.datavalue")


def _text_value(value: Any, where: str) -> None:
    text = _object(value, where).get("value")
    if text is not None and not isinstance(text, str):
        raise MalformedAnswer(f"{where}.value is {_json_type(text)}, not a string")


def _read_cached(path: Path, check: Callable[[dict[str, Any]], None]) -> dict[str, Any] | None:
    """A cached answer, or None if it is unreadable or not of the expected shape (then it is asked again)."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(body, dict):
            return None
        check(body)
    except (OSError, ValueError, MalformedAnswer):
        return None
    return body


def _claim_items(item: dict[str, Any], prop: str) -> set[str]:
    """The item ids that ``item`` states for ``prop`` (deprecated statements left out)."""
    values = set()
    for statement in (item.get("claims") or {}).get(prop, []):
        if not isinstance(statement, dict) or statement.get("rank") == "deprecated":
            continue
        value = ((statement.get("mainsnak") or {}).get("datavalue") or {}).get("value")
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            values.add(value["id"])
    return values


def _labels(item: dict[str, Any], language: str) -> tuple[Label, ...]:
    labels = []
    label = (item.get("labels") or {}).get(language)
    if isinstance(label, dict) and label.get("value"):
        labels.append(Label(str(label["value"]), language))
    for alias in (item.get("aliases") or {}).get(language, []):
        if isinstance(alias, dict) and alias.get("value"):
            labels.append(Label(str(alias["value"]), language))
    return tuple(labels)
