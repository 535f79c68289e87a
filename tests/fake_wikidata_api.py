"""A small stand-in for the Wikidata Action API on 127.0.0.1, answering in the real API's JSON format.

The response shapes follow the Wikibase documentation and recorded responses: wbsearchentities
gives ``searchinfo``, ``search`` (hits with id, title, pageid, concepturi, url, label, description,
match) and ``success``; wbgetentities gives ``entities`` with labels, descriptions, aliases and
claims (``mainsnak.datavalue.value.id``), an unknown id as ``{"id": ..., "missing": ""}``; errors
are ``{"error": {"code", "info"}, "servedby"}`` with HTTP 200. The items are test fixtures.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Item:
    qid: str
    label: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    instance_of: tuple[str, ...] = ()
    subclass_of: tuple[str, ...] = ()


@dataclass
class FakeApi:
    """The fixture items, the failure to simulate, and what the server saw."""

    items: dict[str, Item]
    # ok | error | slow | flaky (fail_status once per URL, then ok) | empty | malformed answers, each with HTTP 200:
    # not-json (a body that is no JSON), json-array (JSON, but not an object), search-shape (the search
    # hits are a string), item-shape (an item's claims are a string), label-shape (a label is a number)
    mode: str = "ok"
    delay: float = 0.0
    fail_status: int = 429
    requests: list[dict[str, list[str]]] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    seen_urls: set[str] = field(default_factory=set)
    url: str = ""

    def search(self, text: str) -> dict[str, Any]:
        hits = []
        wanted = text.casefold()
        for item in self.items.values():
            names = (item.label, *item.aliases)
            matched = next((name for name in names if name.casefold().startswith(wanted)), None)
            if matched is None or self.mode == "empty":
                continue
            hit: dict[str, Any] = {
                "id": item.qid,
                "title": item.qid,
                "pageid": int(item.qid[1:]) + 1000,
                "repository": "wikidata",
                "url": f"//www.wikidata.org/wiki/{item.qid}",
                "concepturi": f"http://www.wikidata.org/entity/{item.qid}",
                "label": item.label,
                "match": {"type": "label" if matched == item.label else "alias", "language": "en", "text": matched},
            }
            if item.description:
                hit["description"] = item.description
            if matched != item.label:
                hit["aliases"] = [matched]
            hits.append(hit)
        return {"searchinfo": {"search": text}, "search": hits, "success": 1}

    def entities(self, ids: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for qid in ids.split("|"):
            item = self.items.get(qid)
            if item is None:
                out[qid] = {"id": qid, "missing": ""}
                continue
            claims = {}
            for prop, values in (("P31", item.instance_of), ("P279", item.subclass_of)):
                if values:
                    claims[prop] = [_statement(item.qid, prop, value) for value in values]
            out[qid] = {
                "pageid": int(qid[1:]) + 1000,
                "ns": 0,
                "title": qid,
                "type": "item",
                "id": qid,
                "labels": {"en": {"language": "en", "value": item.label}},
                "descriptions": {"en": {"language": "en", "value": item.description}} if item.description else {},
                "aliases": {"en": [{"language": "en", "value": a} for a in item.aliases]} if item.aliases else {},
                "claims": claims,
            }
        return {"entities": out, "success": 1}


def _statement(subject: str, prop: str, value: str) -> dict[str, Any]:
    return {
        "mainsnak": {
            "snaktype": "value",
            "property": prop,
            "datavalue": {
                "value": {"entity-type": "item", "numeric-id": int(value[1:]), "id": value},
                "type": "wikibase-entityid",
            },
            "datatype": "wikibase-item",
        },
        "type": "statement",
        "id": f"{subject}${prop}-{value}",
        "rank": "normal",
    }


def _handler(api: FakeApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parsed = urllib.parse.urlparse(self.path)
            params = urllib.parse.parse_qs(parsed.query)
            api.requests.append(params)
            api.user_agents.append(self.headers.get("User-Agent", ""))
            if parsed.path != "/w/api.php":
                return self._send(404, {"error": "not found"})
            if api.mode == "slow" or api.delay:
                time.sleep(api.delay or 5)
            if api.mode == "flaky" and self.path not in api.seen_urls:
                api.seen_urls.add(self.path)
                return self._send(api.fail_status, {"error": "try again"}, {"Retry-After": "0"})
            if api.mode == "error":
                body = {"error": {"code": "internal_api_error_DBQueryError", "info": "A database query error"}}
                return self._send(200, {**body, "servedby": "mw-test"}, {"MediaWiki-API-Error": "internal_api_error"})
            action = params.get("action", [""])[0]
            if api.mode == "not-json":
                return self._send_bytes(200, b'{"search": [{"id": "Q7747"')  # cut off mid-answer
            if api.mode == "json-array":
                return self._send_bytes(200, b'[{"id": "Q7747"}]')
            if api.mode == "search-shape" and action == "wbsearchentities":
                return self._send(200, {"searchinfo": {"search": "x"}, "search": "Q7747", "success": 1})
            if api.mode in ("item-shape", "label-shape") and action == "wbgetentities":
                body = api.entities(params.get("ids", [""])[0])
                for item in body["entities"].values():
                    if "missing" not in item and api.mode == "item-shape":
                        item["claims"] = "P31"
                    elif "missing" not in item:
                        item["labels"] = {"en": {"language": "en", "value": 7747}}
                return self._send(200, body)
            if action == "wbsearchentities":
                return self._send(200, api.search(params.get("search", [""])[0]))
            if action == "wbgetentities":
                return self._send(200, api.entities(params.get("ids", [""])[0]))
            return self._send(200, {"error": {"code": "badvalue", "info": "Unrecognized value for action"}})

        def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            self._send_bytes(status, json.dumps(body).encode("utf-8"), headers)

        def _send_bytes(self, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serving(api: FakeApi) -> Iterator[FakeApi]:
    """Serve ``api`` on a free 127.0.0.1 port; ``api.url`` is the api.php address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_port}/w/api.php"
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
