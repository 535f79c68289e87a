"""Namespaces and the controlled vocabularies (notation <-> IRI), read from the ontology's skos:notation values."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from repat_kg import paths
from repat_kg.errors import InputError, show

RKG = "https://w3id.org/repat-kg/ontology#"
DEFAULT_BASE = "https://w3id.org/repat-kg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "http://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
OWL = "http://www.w3.org/2002/07/owl#"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

PREFIXES = {
    "rkg": RKG,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "schema": SCHEMA,
    "prov": PROV,
    "oa": OA,
    "sem": SEM,
    "owl": OWL,
    "wd": WIKIDATA_ENTITY,
}

# The vocabularies annotation files use, by the name the loader asks for.
SCHEMES = {
    "qualifier": RKG + "QualifierScheme",
    "counted": RKG + "CountedScheme",
    "cue": RKG + "CueScheme",
    "role": RKG + "RoleScheme",
    "organization kind": RKG + "OrganizationKindScheme",
    "date precision": RKG + "DatePrecisionScheme",
    "date relation": RKG + "DateRelationScheme",
    "link method": RKG + "LinkMethodScheme",
    "attribution role": RKG + "AttributionRoleScheme",
    "event status": RKG + "EventStatusScheme",
    "headcount scope": RKG + "HeadcountScopeScheme",
    "rank": RKG + "RankScheme",
    "rank reason": RKG + "RankReasonScheme",
    "fact method": RKG + "FactMethodScheme",
}
# Collections of controlled values the rules single out, by name: the notations of their members.
COLLECTIONS = {"head counts": RKG + "HeadCounts", "official source kinds": RKG + "OfficialSourceKinds"}
# Vocabularies made of classes rather than concepts: the notation of a subclass of the root.
CLASS_VOCABULARIES = {"event type": RKG + "Event", "place kind": RKG + "Place", "place role": RKG + "place"}


@dataclass
class Vocabulary:
    """Notation <-> IRI for every controlled value, as declared in the ontology.

    Readers check a value with :meth:`check` and keep the notation; the RDF mapping turns a
    notation into its IRI with :meth:`iri`, and back with :meth:`notation`.
    """

    terms: dict[str, dict[str, str]] = field(default_factory=dict)
    collections: dict[str, frozenset[str]] = field(default_factory=dict)  # name -> member notations
    _notations: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def check(self, vocabulary: str, value: object, source: Path | str, line: int | None) -> str:
        """The notation ``value`` if it belongs to ``vocabulary``; else an InputError at ``source:line``."""
        allowed = self.terms[vocabulary]
        if not isinstance(value, str) or value not in allowed:
            choices = ", ".join(sorted(allowed))
            raise InputError(f"unknown {vocabulary} {show(value)}; expected one of: {choices}", source, line)
        return value

    def iri(self, vocabulary: str, notation: str) -> str:
        """The IRI of a notation already checked (a KeyError here is a programming error)."""
        return self.terms[vocabulary][notation]

    def notation(self, vocabulary: str, iri: str) -> str:
        """The notation of a term's IRI."""
        if vocabulary not in self._notations:
            self._notations[vocabulary] = {value: key for key, value in self.terms[vocabulary].items()}
        return self._notations[vocabulary][iri]


def _superclasses(start: str, parents: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        current = todo.pop()
        for parent in parents.get(current, ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


@lru_cache(maxsize=4)
def load_vocabulary(ontology: Path | None = None) -> Vocabulary:
    """Read the controlled values from the ontology file (the only list of them)."""
    notation: dict[str, str] = {}
    in_scheme: dict[str, str] = {}
    parents: dict[str, set[str]] = defaultdict(set)
    members: dict[str, set[str]] = defaultdict(set)
    path = ontology or paths.ontology_file()
    for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
        if not isinstance(subject, ox.NamedNode):
            continue
        if predicate == SKOS + "notation":
            notation[subject.value] = obj.value
        elif predicate == SKOS + "member" and isinstance(obj, ox.NamedNode):
            members[subject.value].add(obj.value)
        elif predicate == SKOS + "inScheme":
            in_scheme[subject.value] = obj.value
        elif predicate in (RDFS + "subClassOf", RDFS + "subPropertyOf") and isinstance(obj, ox.NamedNode):
            parents[subject.value].add(obj.value)
    vocabulary = Vocabulary({name: {} for name in [*SCHEMES, *CLASS_VOCABULARIES]})
    scheme_names = {iri: name for name, iri in SCHEMES.items()}
    for iri, note in notation.items():
        if iri in in_scheme and in_scheme[iri] in scheme_names:
            vocabulary.terms[scheme_names[in_scheme[iri]]][note] = iri
            continue
        ancestors = _superclasses(iri, parents)
        for name, root in CLASS_VOCABULARIES.items():
            if root in ancestors:
                vocabulary.terms[name][note] = iri
                break
    vocabulary.collections = {
        name: frozenset(notation[m] for m in members.get(iri, ()) if m in notation) for name, iri in COLLECTIONS.items()
    }
    return vocabulary
