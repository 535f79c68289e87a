"""Find who gives a figure or a quotation, and the cue: 'X said', 'according to X', pronouns, quotations."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from repat_kg.extraction.entities import Drafts, EntityIndex, Mention, strip_honorific
from repat_kg.extraction.furniture import credit_span
from repat_kg.extraction.lexicon import Lexicon

_QUOTE = re.compile(r"“[^“”\n]+”|\"[^\"\n]+\"|(?<![\w’])‘[^‘\n]+?’(?![\w])")
_TRIM = " ,.;:-–—\"“”‘’'()"


@dataclass(frozen=True)
class Source:
    """A speaker: a person or organisation (an entity id) or an unnamed source (its words as printed)."""

    kind: str  # person | org | unnamed
    label: str
    entity_id: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Attribution:
    sources: tuple[Source, ...]  # empty when the article states the figure itself
    cue: str  # cue notation ('none' when unattributed)
    confidence: float


UNATTRIBUTED = Attribution((), "none", 0.8)


@dataclass
class ArticleContext:
    """What the rules know of one article while they read it in order."""

    text: str
    index: EntityIndex
    drafts: Drafts
    lexicon: Lexicon
    mentions: list[Mention]
    persons: list[tuple[int, str]] = field(default_factory=list)  # (offset, person id), in text order
    person_names: dict[str, str] = field(default_factory=dict)  # surname / full name -> person id
    groups: list[tuple[int, Source]] = field(default_factory=list)
    last_group_speaker: Source | None = None

    def registry_at(self, start: int, end: int, categories: tuple[str, ...]) -> Mention | None:
        best = None
        for mention in self.mentions:
            overlaps = mention.start < end and start < mention.end
            if (
                overlaps
                and self.drafts.category(mention.entity_id) in categories
                and (best is None or (mention.end - mention.start) > (best.end - best.start))
            ):
                best = mention
        return best

    def last_person(self, offset: int) -> str | None:
        found = None
        for position, person in self.persons:
            if position < offset:
                found = person
        return found

    def last_group(self, offset: int) -> Source | None:
        found = None
        for position, group in self.groups:
            if position < offset:
                found = group
        return found


class _PerDoc:
    """A value worked out once per Doc (keyed by identity, checked against the Doc itself), for at most
    4,096 Docs at a time: spaCy builds ``doc.ents``, ``doc.text`` and ``doc.sents`` anew on every access."""

    def __init__(self, compute: Callable[[Any], Any]):
        self.compute = compute
        self.cache: dict[int, tuple[Any, Any]] = {}

    def __call__(self, doc: Any) -> Any:
        cached = self.cache.get(id(doc))
        if cached is None or cached[0] is not doc:
            if len(self.cache) > 4096:
                self.cache.clear()
            cached = self.cache[id(doc)] = (doc, self.compute(doc))
        return cached[1]


def _sentences_and_starts(doc: Any) -> tuple[list[Any], list[int]]:
    sentences = list(doc.sents)
    return sentences, [s.start for s in sentences]


_ents = _PerDoc(lambda doc: tuple(doc.ents))
_text = _PerDoc(lambda doc: doc.text)
_sentences_of = _PerDoc(_sentences_and_starts)


def ents_of(doc: Any) -> tuple[Any, ...]:
    """The named entities of a Doc, computed once."""
    return cast(tuple[Any, ...], _ents(doc))


def text_of(doc: Any) -> str:
    """The text of a Doc, computed once."""
    return cast(str, _text(doc))


def sents_of(doc: Any) -> list[Any]:
    return _sentences(doc)[0]


def sent_of(token: Any) -> Any:
    """The sentence of a token (``token.sent`` walks every sentence of the Doc on each call)."""
    sentences, starts = _sentences(token.doc)
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= token.i:
            low = middle
        else:
            high = middle - 1
    return sentences[low]


def _sentences(doc: Any) -> tuple[list[Any], list[int]]:
    """The sentences of a Doc and where each starts, computed once."""
    return cast(tuple[list[Any], list[int]], _sentences_of(doc))


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (inside the quotation marks) of the direct quotations in a paragraph."""
    return [(m.start() + 1, m.end() - 1) for m in _QUOTE.finditer(text)]


def _span_text(doc: Any, tokens: list[Any]) -> tuple[int, int, str]:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and tokens[0].text in _TRIM:
        tokens = tokens[1:]
    while tokens and tokens[-1].text in _TRIM:
        tokens = tokens[:-1]
    if not tokens:
        return 0, 0, ""
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return start, end, text_of(doc)[start:end]


def _phrase(token: Any, exclude: tuple[str, ...] = ("relcl", "appos", "conj", "cc", "acl", "punct")) -> list[Any]:
    """The token's noun phrase without relative clauses, appositions and coordinated members."""
    tokens = [token]
    for child in token.children:
        if child.dep_ in exclude and not (child.dep_ == "punct" and token.i > child.i > token.left_edge.i):
            continue
        tokens += list(child.subtree)
    return tokens


def note_persons(context: ArticleContext, doc: Any, base: int) -> None:
    """Record the people a paragraph names (registry matches and spaCy PERSON entities), in text order."""
    lexicon = context.lexicon
    credit = credit_span(text_of(doc), lexicon)  # a photographer is not a person of the story
    for ent in ents_of(doc):
        if ent.label_ != "PERSON" or (credit is not None and ent.end_char > credit[0]):
            continue
        start, end = base + ent.start_char, base + ent.end_char
        name = strip_honorific(ent.text.replace("’s", "").replace("'s", "").strip(_TRIM), lexicon)
        if not name or name.lower() in lexicon.person_pronouns:
            continue
        registry = context.registry_at(start, end, ("person",))
        if registry is not None:
            person = registry.entity_id
        else:
            surname = name.split()[-1]
            person = context.person_names.get(name) or context.person_names.get(surname) or ""
            if not person and " " in name:
                person = context.drafts.get("person", name)
            elif not person:
                continue
        context.persons.append((start, person))
        full = context.drafts.name(person)
        context.person_names.setdefault(full, person)
        context.person_names.setdefault(full.split()[-1], person)
        context.person_names.setdefault(name, person)
    end_of_doc = base + len(text_of(doc))
    for mention in context.mentions:
        if (
            base <= mention.start < end_of_doc
            and context.drafts.category(mention.entity_id) == "person"
            and not any(position == mention.start for position, _ in context.persons)
        ):
            context.persons.append((mention.start, mention.entity_id))
            full = context.drafts.name(mention.entity_id)
            context.person_names.setdefault(full.split()[-1], mention.entity_id)
    context.persons.sort()
    for ent in ents_of(doc):
        if ent.label_ in ("ORG", "GPE", "NORP") and ent.label_ != "NORP":
            context.groups.append((base + ent.start_char, Source("unnamed", ent.text.strip(_TRIM))))
    context.groups.sort(key=lambda pair: pair[0])


def _source_of(context: ArticleContext, doc: Any, base: int, token: Any) -> list[Source]:
    """The source (or the two coordinated sources) a subject or 'according to' object names."""
    lexicon = context.lexicon
    if token.lower_ in lexicon.person_pronouns:
        person = context.last_person(base + token.idx)
        return [Source("person", context.drafts.name(person), person)] if person else []
    if token.lower_ in lexicon.group_pronouns or token.lower_ in ("which", "who", "that"):
        if token.lower_ in ("which", "who", "that") and token.head.dep_ == "relcl":
            return _source_of(context, doc, base, token.head.head)
        statement = _statement_source(sent_of(token))
        if statement is not None:
            return _source_of(context, doc, base, statement)
        # the group the sentence is about ("HRW urged ... children it says were held")
        root_subject = next((c for c in sent_of(token).root.children if c.dep_ == "nsubj"), None)
        if (
            root_subject is not None
            and root_subject.i != token.i
            and root_subject.pos_ == "PROPN"
            and (root_subject.ent_type_ in ("ORG", "GPE", "NORP") or root_subject.i < token.i)
        ):
            return _source_of(context, doc, base, root_subject)
        if context.last_group_speaker is not None:
            return [context.last_group_speaker]
        inner = context.last_group(base + token.idx)
        return [inner] if inner else []
    # "data from X", "a list compiled by X": the source is X
    if token.lemma_.lower() in lexicon.source_containers:
        for child in token.subtree:
            if child.dep_ == "pobj" and child.head.lower_ in ("from", "by", "of") and child.i > token.i:
                return _source_of(context, doc, base, child)
    sources = [_one_source(context, doc, base, token)]
    conj = [c for c in token.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
    same_name = bool(conj) and any(e.start <= token.i < e.end and e.start <= conj[0].i < e.end for e in ents_of(doc))
    if len(conj) == 1 and not same_name and not [c for c in conj[0].children if c.dep_ == "conj"]:
        sources.append(_one_source(context, doc, base, conj[0]))
    return [s for s in sources if s.label]


def _statement_source(sent: Any) -> Any | None:
    """X in 'In a statement by X, it said ...'."""
    for token in sent:
        if token.lemma_.lower() in ("statement",) and token.dep_ == "pobj":
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "by":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            return pobj
    return None


def _one_source(context: ArticleContext, doc: Any, base: int, head: Any) -> Source:
    lexicon = context.lexicon
    phrase = _phrase(head)
    start, end, text = _span_text(doc, phrase)
    if not text:
        return Source("unnamed", "")
    person = context.registry_at(base + start, base + end, ("person",))
    if person is None and head.pos_ == "PROPN" and head.text in context.person_names and len(phrase) <= 3:
        # a surname named earlier in full ("But Mukhriddin said"), even where the tagger missed it
        person_id = context.person_names[head.text]
        return Source("person", context.drafts.name(person_id), person_id)
    person_ent = next((e for e in ents_of(doc) if e.label_ == "PERSON" and e.start <= head.i < e.end), None)
    if person_ent is None and head.ent_type_ != "PERSON":
        person_ent = next(
            (
                e
                for e in ents_of(doc)
                if e.label_ == "PERSON"
                and e.start >= phrase[0].left_edge.i
                and e.end <= head.i + 1
                and head.pos_ == "PROPN"
            ),
            None,
        )
    if person is None and person_ent is None and head.pos_ == "NOUN":
        # "Ukrainian journalists Roman Bochkala, ...": the first person the noun introduces
        named = [
            c
            for c in head.children
            if c.dep_ in ("appos", "compound", "npadvmod") and c.ent_type_ == "PERSON" and c.i > head.i
        ]
        named += [c for c in head.rights if c.ent_type_ == "PERSON" and c.i == head.i + 1]
        if named:
            first = min(named, key=lambda t: t.i)
            person_ent = next((e for e in ents_of(doc) if e.label_ == "PERSON" and e.start <= first.i < e.end), None)
            if person_ent is not None:
                phrase = [t for t in phrase if t.i < person_ent.start] + list(person_ent)
                end = person_ent.end_char
    if person is not None or person_ent is not None:
        if person is not None:
            person_id = person.entity_id
            name_start, name_end = person.start - base, person.end - base
        else:
            assert person_ent is not None
            name = strip_honorific(person_ent.text.strip(_TRIM), lexicon)
            person_id = (
                context.person_names.get(name)
                or context.person_names.get(name.split()[-1])
                or (context.drafts.get("person", name))
            )
            name_start, name_end = person_ent.start_char, person_ent.end_char
        title = None
        before = [t for t in phrase if t.idx + len(t.text) <= name_start and t.lower_ not in lexicon.honorifics]
        if before:
            _, _, title = _span_text(doc, before)
        for child in head.children:
            if child.dep_ == "appos":
                _, _, appos = _span_text(doc, list(child.subtree))
                if appos and not (name_start <= child.idx < name_end):
                    title = appos
        if title and (len(title.split()) > 14 or not re.search(r"[a-z]", title)):
            title = None
        return Source("person", context.drafts.name(person_id), person_id, title or None)
    group = context.registry_at(base + start, base + end, ("organization", "place"))
    if group is not None and (group.end - group.start) >= 0.6 * (end - start):
        entity_id = group.entity_id
        if context.drafts.category(entity_id) == "place" and context.drafts.kind(entity_id) != "country":
            return Source("unnamed", text)
        return Source("org", context.drafts.name(entity_id), entity_id)
    org_ent = next((e for e in ents_of(doc) if e.label_ == "ORG" and e.start <= head.i < e.end), None)
    if org_ent is not None and org_ent.end_char - org_ent.start_char >= 0.6 * (end - start):
        kind = lexicon.organization_kind(org_ent.text)
        if kind is not None and org_ent.text[:1].isupper():
            name = org_ent.text.strip(_TRIM)
            return Source("org", name, context.drafts.get("organization", name, kind))
    return Source("unnamed", text)


def _negated(verb: Any) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


def _cue_notation(verb: Any, lexicon: Lexicon) -> str:
    cue = lexicon.cue_verbs.get(verb.lemma_.lower(), "said")
    if cue == "said":
        for child in verb.children:
            in_statement = any(g.lemma_.lower() in lexicon.statement_nouns for g in child.children)
            if child.dep_ == "prep" and child.lower_ == "in" and in_statement:
                return "statement"
    return cue


def _subject(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ in ("nsubj",):
            return child
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    for child in verb.children:  # "said X" inverted, parsed as object or attribute
        if child.dep_ in ("dobj", "attr") and child.pos_ in ("PROPN",) and child.i > verb.i:
            return child
    return None


def _trailing_subject(verb: Any) -> Any | None:
    """The source of '..., an RFE/RL correspondent reported.' when the parse gives the verb no subject:
    the phrase between the last comma and the cue verb."""
    tokens = []
    for token in reversed(list(sent_of(verb)[: verb.i - sent_of(verb).start])):
        if token.text in (",", "”", '"', "—", "–"):
            break
        tokens.append(token)
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside and t.pos_ in ("NOUN", "PROPN")]
    return heads[0] if len(heads) == 1 and len(tokens) <= 12 else None


def _is_cue(token: Any, lexicon: Lexicon) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in lexicon.cue_verbs


def attribute(context: ArticleContext, doc: Any, base: int, token: Any, quote: Attribution | None) -> Attribution:
    """The attribution of the figure (or quotation) whose anchor token is ``token``."""
    lexicon = context.lexicon
    sent = sent_of(token)
    # 1. a cue verb governing the figure ("X said (that) ...", "..., X said"), or one in a relative clause;
    # a passive hedge with no agent ("are believed to") gives way to a cue above it
    cue_verb = None
    hedge = None
    for ancestor in token.ancestors:
        if _is_cue(ancestor, lexicon):
            if _subject(ancestor) is None and any(c.dep_ in ("auxpass", "nsubjpass") for c in ancestor.children):
                hedge = hedge or ancestor
                continue
            cue_verb = ancestor
            break
    if cue_verb is None and hedge is not None and not _is_cue(sent.root, lexicon):
        cue = "believed" if hedge.lemma_.lower() in ("believe", "think") else "none"
        return Attribution((), cue, 0.6)
    if cue_verb is None and token.head.pos_ in ("NOUN", "PROPN"):
        for child in token.head.children:
            if child.dep_ == "relcl" and _is_cue(child, lexicon):
                cue_verb = child
    if cue_verb is None and _is_cue(sent.root, lexicon):
        cue_verb = sent.root
    if cue_verb is None:
        for other in sent:
            # "..., chief prosecutor X told reporters." parsed as a clause of its own after the figure
            trailing = other.dep_ == "conj" and other.head.i == sent.root.i and other.i > token.i
            if (other.dep_ == "parataxis" or trailing) and _is_cue(other, lexicon) and _subject(other) is not None:
                cue_verb = other
    if cue_verb is not None:
        if _negated(cue_verb):
            return Attribution((), "none", 0.5)
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in cue_verb.children)
        subject = _subject(cue_verb)
        if (passive and subject is None) or (subject is not None and subject.dep_ == "nsubjpass"):
            agent = [g for c in cue_verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if not agent:
                cue = "believed" if cue_verb.lemma_.lower() in ("believe", "think") else "none"
                return Attribution((), cue, 0.6)
            subject = agent[0]
        if subject is None:
            subject = _trailing_subject(cue_verb)
        if subject is not None:
            sources = _source_of(context, doc, base, subject)
            others = [
                c
                for c in cue_verb.children
                if c.dep_ == "nsubj"
                and c.i != subject.i
                and any(t.lower_ == "and" for t in doc[min(c.i, subject.i) : max(c.i, subject.i)])
            ]
            if len(others) == 1 and len(sources) == 1:  # "a Kurdish official and AFP correspondents said"
                sources += _source_of(context, doc, base, others[0])[:1]
            if sources:
                return _remember(context, Attribution(tuple(sources), _cue_notation(cue_verb, lexicon), 0.8))
    # 2. 'according to X' (the source named after the cue phrase)
    sentence_text = sent.text.lower()
    for phrase, cue in lexicon.prepositional_cues.items():
        position = sentence_text.find(phrase)
        if position < 0:
            continue
        after = [t for t in sent if t.idx - sent.start_char >= position + len(phrase)]
        obj = next((t for t in after if t.dep_ == "pobj" and t.head.lower_ in ("to", "of", "citing")), None)
        if obj is None:
            obj = next((t for t in after if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
        if obj is not None:
            while obj.head.dep_ == "pobj" and obj.head.head.lower_ == "of" and obj.head.i > obj.i:
                obj = obj.head
            sources = _source_of(context, doc, base, obj)
            if sources:
                return _remember(context, Attribution(tuple(sources), cue, 0.8))
    # 3. inside a direct quotation: the quotation's speaker
    if quote is not None:
        return quote
    if any(t.lower_ in lexicon.hedges for t in sent):
        return Attribution((), "none", 0.6)
    return UNATTRIBUTED


def _remember(context: ArticleContext, attribution: Attribution) -> Attribution:
    for source in attribution.sources:
        if source.kind != "person":
            context.last_group_speaker = source
    return attribution


def quote_attribution(context: ArticleContext, doc: Any, base: int, span: tuple[int, int]) -> Attribution | None:
    """The speaker of the quotation at ``span`` (paragraph offsets): the cue outside it in its sentence,
    after the quotation ('..., X said') or before it ('X said: ...')."""
    lexicon = context.lexicon
    start, end = span
    sentences = [s for s in sents_of(doc) if s.start_char < end + 2 and s.end_char > start]
    candidates = []
    if sentences:
        last = sentences[-1]
        candidates += [t for t in last if t.idx >= end and _is_cue(t, lexicon)]
        first = sentences[0]
        candidates += [t for t in first if t.idx + len(t.text) <= start and _is_cue(t, lexicon)]
        # the quotation ends its sentence and the cue starts the next one ("..." she said.)
        following = [s for s in sents_of(doc) if s.start_char >= end]
        if not candidates and following:
            candidates += [t for t in following[0] if _is_cue(t, lexicon) and t.i - following[0].start <= 4]
    for verb in candidates:
        if _negated(verb):
            continue
        subject = _subject(verb)
        if subject is None or start <= subject.idx < end:
            continue
        sources = _source_of(context, doc, base, subject)
        if sources:
            return _remember(context, Attribution(tuple(sources), _cue_notation(verb, lexicon), 0.8))
    return None
