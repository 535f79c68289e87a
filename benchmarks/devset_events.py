"""Score the events of drafts extracted from the development set against its hand-made gold events.

Usage: python benchmarks/devset_events.py DRAFTS_DIR [--devset ../shared/devset]

DRAFTS_DIR is what `repat-kg extract DEVSET_TEXTS -o DRAFTS_DIR` wrote (dNN.yaml and entities.yaml). The
gold events that the extractor looks for are the repatriations, handovers and evacuations the articles
report as done or under way (planned and announced ones, and aggregates over several operations, are left
out). A gold event is found when a draft event of its type has it as its repatriating state; it is found
without its state when a draft event of its type stands in the article but names no state or another.
Prints one line per article and a total: gold, found with state, found by type only, and the dates that
agree (the draft's date value equal to the gold's normalized date).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

KINDS = ("repatriation", "handover", "evacuation")
DONE = ("completed", "in-progress")


def _names(registry: dict[str, Any]) -> dict[str, str]:
    names = {}
    for section in registry.values():
        for entity_id, spec in (section or {}).items():
            names[entity_id] = str((spec or {}).get("name", entity_id))
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drafts", type=Path)
    parser.add_argument("--devset", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared/devset")
    args = parser.parse_args()
    names = _names(yaml.safe_load((args.drafts / "entities.yaml").read_text(encoding="utf-8")) or {})
    totals = [0, 0, 0, 0]
    for gold_file in sorted(args.devset.glob("d[0-9][0-9].yaml")):
        article = gold_file.stem
        draft_file = args.drafts / f"{article}.yaml"
        if not draft_file.is_file():
            continue
        gold = [e for e in yaml.safe_load(gold_file.read_text(encoding="utf-8")).get("events") or []
                if e.get("type") in KINDS and e.get("status") in DONE]  # fmt: skip
        drafts = yaml.safe_load(draft_file.read_text(encoding="utf-8")).get("events") or []
        found = by_type = dated = 0
        used: set[int] = set()  # each draft event stands for one gold event at most
        for event in gold:
            state = str(event.get("repatriating_state") or "").lower()
            same_type = [i for i, d in enumerate(drafts) if d.get("type") == event["type"] and i not in used]
            with_state = [
                i for i in same_type
                if any(names.get(p.get("agent"), "").lower() == state and p.get("role") == "repatriating-state"
                       for p in drafts[i].get("participants") or [])
            ]  # fmt: skip
            if with_state:
                found += 1
                used.add(with_state[0])
                normalized = str((event.get("date") or {}).get("normalized"))
                dated += str((drafts[with_state[0]].get("date") or {}).get("value")) == normalized
            elif same_type:
                by_type += 1
                used.add(same_type[0])
        print(f"{article}: gold={len(gold)} found_with_state={found} found_by_type_only={by_type} dates_agree={dated}")
        for i, value in enumerate((len(gold), found, by_type, dated)):
            totals[i] += value
    print(
        f"total: gold={totals[0]} found_with_state={totals[1]} found_by_type_only={totals[2]} dates_agree={totals[3]}"
    )


if __name__ == "__main__":
    main()
