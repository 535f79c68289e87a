"""The Wikidata API client in-process against a real local HTTP server: retries, and the P279 type walk.

The items are test fixtures (QIDs from Q900000100 on are made up); only the class QIDs Q5 and Q515
are those of TYPE_CLASSES.
"""

from __future__ import annotations

import pytest

from fake_wikidata_api import FakeApi, Item, serving
from repat_kg.errors import ServiceError
from repat_kg.linking.wikidata_api import WikidataApi
from repat_kg.model.records import Entity

PUTIN = {"Q5": Item("Q5", "human"), "Q7747": Item("Q7747", "Vladimir Putin", instance_of=("Q5",))}


def client(api: FakeApi, sleeps: list[float], retries: int = 2) -> WikidataApi:
    return WikidataApi(api.url, None, min_interval=0, timeout=5, retries=retries, backoff=0.25, sleep=sleeps.append)


def person(name: str) -> Entity:
    return Entity(name.lower().replace(" ", "-"), "person", name, (), None)


def city(name: str) -> Entity:
    return Entity(name.lower(), "place", name, (), "city")


@pytest.mark.parametrize(
    "status",
    [
        408,
        429,
        500,
        502,
        503,
        504,
    ],
)
def test_a_transient_status_is_retried_after_a_pause(status: int) -> None:
    sleeps: list[float] = []
    with serving(FakeApi(dict(PUTIN), mode="flaky", fail_status=status)) as api:
        hits = client(api, sleeps).search("Vladimir Putin")
    assert [hit["id"] for hit in hits] == ["Q7747"]
    assert len(api.requests) == 2  # the failure, then the answer
    assert 0.25 in sleeps  # the back-off before the second attempt


@pytest.mark.parametrize("status", [400, 403, 404])
def test_a_permanent_status_fails_at_once(status: int) -> None:
    sleeps: list[float] = []
    with (
        serving(FakeApi(dict(PUTIN), mode="flaky", fail_status=status)) as api,
        pytest.raises(ServiceError, match=f"answered HTTP {status}"),
    ):
        client(api, sleeps).search("Vladimir Putin")
    assert len(api.requests) == 1


def test_retries_stop_after_the_configured_number_of_attempts() -> None:
    sleeps: list[float] = []
    with serving(FakeApi(dict(PUTIN), mode="flaky", fail_status=503)) as api:
        api.seen_urls.clear()
        failing = client(api, sleeps, retries=0)
        with pytest.raises(ServiceError, match="failed after 1 attempts: HTTP 503"):
            failing.search("Vladimir Putin")
    assert len(api.requests) == 1


# ------------------------------------------------------------------------------ the P279 walk


def chain(steps: int, name: str, first: int) -> dict[str, Item]:
    """An item that is an instance of a class ``steps`` subclass-of (P279) links below city (Q515)."""
    classes = [f"Q{first + i}" for i in range(steps)]
    items = {"Q515": Item("Q515", "city")}
    for i, qid in enumerate(classes):
        parent = classes[i + 1] if i + 1 < steps else "Q515"
        items[qid] = Item(qid, f"test class {qid}", subclass_of=(parent,))
    item = f"Q{first + 99}"
    items[item] = Item(item, name, "a test fixture", instance_of=(classes[0] if classes else "Q515",))
    return items


@pytest.mark.parametrize(("steps", "kind"), [(0, "city"), (1, "city"), (3, "city"), (4, "other")])
def test_an_instance_of_a_subclass_of_city_is_a_city_within_three_steps(steps: int, kind: str) -> None:
    with serving(FakeApi(chain(steps, "Testville", 900000100))) as api:
        candidates = client(api, []).candidates(city("Testville"))
    assert [(c.qid, c.type) for c in candidates] == [("Q900000199", kind)]


def test_a_subclass_loop_ends() -> None:
    items = {
        "Q900000301": Item("Q900000301", "loop a", subclass_of=("Q900000302",)),
        "Q900000302": Item("Q900000302", "loop b", subclass_of=("Q900000301",)),
        "Q900000399": Item("Q900000399", "Loopville", instance_of=("Q900000301",)),
    }
    with serving(FakeApi(items)) as api:
        candidates = client(api, []).candidates(city("Loopville"))
    assert [(c.qid, c.type) for c in candidates] == [("Q900000399", "other")]


def test_the_walk_does_not_make_a_city_a_human() -> None:
    with serving(FakeApi({**chain(1, "Testville", 900000100), **PUTIN})) as api:
        candidates = client(api, []).candidates(person("Testville"))
    assert [(c.qid, c.type) for c in candidates] == [("Q900000199", "other")]
