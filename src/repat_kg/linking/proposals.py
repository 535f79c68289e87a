"""Propose Wikidata links for the registry entities that have none, and write the accepted ones."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from repat_kg.errors import InputError
from repat_kg.linking.gazetteer import Candidate, read_gazetteer
from repat_kg.linking.matching import DEFAULT_THRESHOLD, Proposal, decide, entity_type
from repat_kg.linking.registry_writer import add_links
from repat_kg.linking.wikidata_api import WikidataApi
from repat_kg.model.records import WikidataLink
from repat_kg.model.vocab import load_vocabulary
from repat_kg.readers.registry import load_registry


@dataclass
class LinkRun:
    """The outcome of one ``repat-kg link``: a proposal per unlinked entity, and what was written."""

    proposals: list[Proposal]
    already_linked: int
    written: dict[str, WikidataLink] = field(default_factory=dict)
    requests: int = 0
    cache_hits: int = 0

    @property
    def unlinked(self) -> list[Proposal]:
        return [p for p in self.proposals if p.decision != "link"]


def link_for(proposal: Proposal) -> WikidataLink:
    """The registry link an accepted proposal becomes, with its provenance."""
    assert proposal.best is not None
    best = proposal.best
    return WikidataLink(
        qid=best.candidate.qid,
        method=best.candidate.method,
        evidence=f"name '{best.name}' matched label '{best.label}' (type {best.candidate.type}); "
        + best.candidate.evidence,
        matched_label=str(best.label),
        score=proposal.score,
    )


def _one_entity_per_item(proposals: list[Proposal], linked: dict[str, str]) -> list[Proposal]:
    """Refuse a link to an item that another entity already has or that two entities would get."""
    wanted: dict[str, list[str]] = {}
    for proposal in proposals:
        if proposal.decision == "link" and proposal.best is not None:
            wanted.setdefault(proposal.best.candidate.qid, []).append(proposal.entity.id)
    result = []
    for proposal in proposals:
        qid = proposal.best.candidate.qid if proposal.best is not None else ""
        if proposal.decision == "link" and qid in linked:
            reason = f"{qid} is already linked to {linked[qid]!r}"
            proposal = replace(proposal, decision="ambiguous", reason=reason)
        elif proposal.decision == "link" and len(wanted[qid]) > 1:
            reason = f"{qid} matches several entities: {', '.join(wanted[qid])}"
            proposal = replace(proposal, decision="ambiguous", reason=reason)
        result.append(proposal)
    return result


def run_linking(
    registry: Path,
    gazetteer: Path | None,
    threshold: float = DEFAULT_THRESHOLD,
    api: WikidataApi | None = None,
    only: tuple[str, ...] = (),
    accept: bool = False,
) -> LinkRun:
    """Match every unlinked entity (or those in ``only``) against the gazetteer and, if given, the API.

    With ``accept``, the links decided as ``link`` (score at or over the threshold, right type, no
    close rival) are written into the registry; nothing else ever is.
    """
    if not 0 < threshold <= 1:
        raise InputError(f"threshold {threshold} must lie in (0, 1]")
    vocab = load_vocabulary()
    entities = load_registry(registry, vocab)
    unknown = sorted(set(only) - set(entities))
    if unknown:
        raise InputError(f"no entity {unknown[0]!r} in the registry", registry)
    gazetteer_candidates: list[Candidate] = read_gazetteer(gazetteer) if gazetteer is not None else []
    todo = [e for e in entities.values() if e.wikidata is None and (not only or e.id in only)]
    proposals = []
    for entity in sorted(todo, key=lambda e: e.id):
        candidates = list(gazetteer_candidates)
        if api is not None:
            known = {c.qid for c in candidates}
            candidates += [c for c in api.candidates(entity) if c.qid not in known]
        proposals.append(decide(entity, candidates, threshold))
    proposals = _one_entity_per_item(proposals, {e.wikidata.qid: e.id for e in entities.values() if e.wikidata})
    run = LinkRun(proposals, sum(1 for e in entities.values() if e.wikidata is not None))
    if api is not None:
        run.requests, run.cache_hits = api.requests_made, api.cache_hits
    if accept:
        run.written = {p.entity.id: link_for(p) for p in proposals if p.decision == "link"}
        add_links(registry, run.written, vocab)
    return run


PROPOSAL_COLUMNS = ["entity", "type", "decision", "qid", "matched", "score", "reason"]


def proposal_rows(run: LinkRun) -> list[list[str]]:
    """One row of plain strings per proposal, in PROPOSAL_COLUMNS order."""
    rows = []
    for proposal in run.proposals:
        best = proposal.best
        rows.append(
            [
                proposal.entity.id,
                entity_type(proposal.entity),
                proposal.decision,
                best.candidate.qid if best else "",
                f"{best.name} ~ {best.label}" if best else "",
                f"{proposal.score:.3f}" if best else "",
                proposal.reason,
            ]
        )
    return rows
