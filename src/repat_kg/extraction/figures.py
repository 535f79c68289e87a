"""Find the numeric figures of a parsed paragraph: value or range, qualifier and what is counted."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Any

from repat_kg.extraction.lexicon import Lexicon

MONTHS = {m.lower() for m in calendar.month_name[1:]} | {m.lower() for m in calendar.month_abbr[1:]} | {"sept"}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.IGNORECASE)


@dataclass
class Figure:
    """One figure found in a paragraph: token indices [start, end) of its words in the paragraph's Doc."""

    start: int  # first token of the figure phrase (qualifier included)
    end: int
    anchor: int  # the number token the parse attaches to what is counted
    qualifier: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    counted: str | None = None
    noun: str = ""  # what is counted, as printed
    confidence: float = 0.9
    inherited: bool = False  # counted taken from the previous figure ("another 324")
    noun_i: int | None = None  # the counted noun's token


def _number_value(tokens: list[Any], lexicon: Lexicon) -> float | None:
    """The value of consecutive number tokens: '3.5 million', 'two dozen', 'a hundred', 'Twenty-four'."""
    total = 0.0
    current: float | None = None
    for token in tokens:
        word = token.lower_
        if word in ("-", "and"):
            continue
        if word in ("a", "an") and current is None:
            current = 1.0
            continue
        if _DIGITS.match(token.text):
            value = float(token.text.replace(",", ""))
            current = value if current is None else current + value
        elif (word in lexicon.multipliers and word not in ("dozen",)) or (word == "dozen" and current is not None):
            current = (current if current is not None else 1.0) * lexicon.multipliers[word]
            if lexicon.multipliers[word] >= 1000:
                total += current
                current = None
        elif word in lexicon.numbers:
            value = lexicon.numbers[word]
            current = value if current is None else current + value
        else:
            return None
    result = total + (current or 0.0)
    return result if result or any(t.text == "0" or t.lower_ == "zero" for t in tokens) else None


def _is_number_word(token: Any, lexicon: Lexicon) -> bool:
    word = token.lower_
    if _DIGITS.match(token.text):
        return True
    return word in lexicon.numbers or word in lexicon.multipliers


def _is_year(token: Any) -> bool:
    return bool(re.fullmatch(r"(1[89]|20)\d\d", token.text))


def _near_month(doc: Any, start: int, end: int) -> bool:
    before = doc[start - 1].lower_.rstrip(".") if start > 0 else ""
    after = doc[end].lower_.rstrip(".") if end < len(doc) else ""
    if before in MONTHS or after in MONTHS:
        return True
    # "between May 7 and 9": the number after 'and' belongs to the month before
    if before in ("and", "to", "-", "–") and start >= 3 and doc[start - 3].lower_.rstrip(".") in MONTHS:
        return True
    return after == "of" and end + 1 < len(doc) and doc[end + 1].lower_ in MONTHS


def _qualifier_before(doc: Any, start: int, lexicon: Lexicon, floor: int) -> tuple[str, int]:
    """The qualifier phrase ending just before token ``start`` (longest first), and where it starts."""
    best = ("exact", start)
    for length in range(1, 5):
        first = start - length
        if first < floor:
            break
        phrase = " ".join(t.lower_ for t in doc[first:start])
        if phrase in lexicon.qualifiers:
            best = (lexicon.qualifiers[phrase], first)
    particle = best[1] < start and (
        doc[best[1]].dep_ == "prt"
        or (best[1] > 0 and start - best[1] == 1 and doc[best[1] - 1].lemma_.lower() in lexicon.particle_verbs)
    )
    if best[1] < start and start - best[1] == 1:
        word = doc[best[1]]
        # "Litigation continues over four men": a preposition of the verb, not a qualifier of the number
        objects = [c for c in word.children if c.dep_ == "pobj"]
        if word.dep_ == "prep" and objects and all(c.i != start and c.head.i != start for c in objects):
            particle = True
    if particle:
        best = ("exact", start)  # "handed over 34": a verb particle, not a qualifier
    # "under the age (of) 12", "as young as" is covered by the phrase list
    if best[0] == "exact" and start >= 3 and doc[start - 1].lower_ in ("age", "of"):
        back = start - 1
        while back > floor and doc[back].lower_ in ("age", "of", "the"):
            back -= 1
        phrase = doc[back].lower_
        if phrase in lexicon.qualifiers and back < start - 1:
            best = (lexicon.qualifiers[phrase], back)
    return best


def _noun_of(anchor: Any) -> Any | None:
    """The noun a number counts: its head for 'nummod', or X in 'N of X'."""
    if anchor.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod") and anchor.head.pos_ in ("NOUN", "PROPN"):
        head = anchor.head
        if head.i > anchor.i or head.pos_ == "NOUN":
            return head
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    # "24 women, children" / number as a noun phrase head followed by its noun
    nxt = anchor.nbor(1) if anchor.i + 1 < len(anchor.doc) else None
    if nxt is not None and nxt.pos_ == "NOUN" and nxt.head.i == anchor.i:
        return nxt
    return None


def counted_class(noun: Any, lexicon: Lexicon) -> tuple[str | None, str]:
    """The counted notation of a noun token (with 'women and children', foreign fighters), and its text."""
    if noun is None:
        return None, ""
    text = noun.text
    if noun.pos_ == "PRON":
        return None, text
    counted = lexicon.counted_of(noun.lemma_, noun.text)
    conj = [c for c in noun.children if c.dep_ == "conj" and not any(g.dep_ == "nummod" for g in c.children)]
    names = {counted} | {lexicon.counted_of(c.lemma_, c.text) for c in conj}
    if {"women", "children"} <= names:
        counted = "women-and-children"
        text = noun.doc[noun.i : max(c.i for c in conj) + 1].text
    adjectives = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound")}
    if counted == "fighters" and adjectives & lexicon.foreign_adjectives:
        counted = "foreign-fighters"
    elif counted == "people":
        anchor = (
            noun.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NUM" else noun
        )
        verbs = [anchor.head] if anchor.dep_ in ("nsubj", "nsubjpass") else []
        verbs += [v for v in [*noun.children, *anchor.children] if v.dep_ in ("relcl", "acl")]
        for verb in verbs:
            lemmas = {verb.lemma_} | {
                c.lemma_ for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB"
            }
            if lemmas & lexicon.fighter_verbs:
                counted = "foreign-fighters"
        including = noun.head if noun.dep_ == "pobj" and noun.head.lower_ == "including" else None
        if counted == "people" and adjectives & lexicon.foreign_adjectives:
            counted = "foreigners"
            if including is not None and lexicon.counted_of(including.head.lemma_, including.head.text) in (
                "fighters",
                "foreign-fighters",
            ):
                counted = "foreign-fighters"  # "10,000 IS fighters, including about 2,000 foreign nationals"
    elif counted is None and noun.pos_ == "PROPN" and noun.text[:1].isupper() and noun.text.endswith("s"):
        counted = "people"  # a plural nationality or group name ("Bosnians", "Kosovars")
    return counted, text


def _is_age(doc: Any, start: int, end: int, lexicon: Lexicon) -> bool:
    window = [t.lower_ for t in doc[max(0, start - 4) : min(len(doc), end + 3)]]
    return bool(set(window) & lexicon.age_words) and (
        "old" in window or "aged" in window or "ages" in window or "age" in window
    )


_STARTERS: dict[int, tuple[Lexicon, frozenset[str]]] = {}


def _starters(lexicon: Lexicon) -> frozenset[str]:
    """The lower-case words a figure can start on besides digits: the first word of a vague quantity,
    fraction openers, and number words and multipliers (worked out once per lexicon)."""
    cached = _STARTERS.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        firsts = {phrase.split(" ")[0] for phrase in lexicon.vague}
        words = firsts | {"a", "an", "one", "half"} | set(lexicon.numbers) | set(lexicon.multipliers)
        cached = _STARTERS[id(lexicon)] = (lexicon, frozenset(words))
    return cached[1]


def find_figures(doc: Any, lexicon: Lexicon) -> list[Figure]:
    """Every head-count figure, range, vague quantity and fraction in one parsed paragraph."""
    figures: list[Figure] = []
    used: set[int] = set()
    i = 0
    n = len(doc)
    lowers = [t.lower_ for t in doc]
    starters = _starters(lexicon)
    while i < n:
        if i in used:
            i += 1
            continue
        if lowers[i] not in starters and not _DIGITS.match(lowers[i]):  # digits have no case
            i += 1  # no rule below can start on this token
            continue
        token = doc[i]
        # vague quantities: longest phrase first
        vague = None
        for length in (3, 2, 1):
            phrase = " ".join(lowers[i : i + length])
            if i + length <= n and phrase in lexicon.vague:
                vague = (phrase, length)
                break
        if vague is not None:
            phrase, length = vague
            after = doc[i + length] if i + length < n else None
            noun = None
            if after is not None and after.lower_ == "of":
                pobj = [c for c in after.children if c.dep_ == "pobj"]
                noun = pobj[0] if pobj else (doc[i + length + 1] if i + length + 1 < n else None)
            elif after is not None and after.pos_ in ("NOUN", "PROPN", "ADJ"):
                noun = after if after.pos_ != "ADJ" else after.head
            elif phrase not in lexicon.vague_need_counted and token.pos_ in ("NOUN", "PRON", "NUM"):
                noun = None
            counted, text = counted_class(noun, lexicon) if noun is not None else (None, "")
            if noun is None and phrase not in lexicon.vague_need_counted and token.dep_ in ("nsubj", "nsubjpass"):
                verbs = {token.head.lemma_} | {c.lemma_ for c in token.head.children if c.dep_ in ("xcomp", "advcl")}
                counted = "foreign-fighters" if verbs & lexicon.fighter_verbs else "people"
            needs = phrase in lexicon.vague_need_counted
            if (needs and (counted is None or counted == "years")) or (
                phrase == "a number" and (after is None or after.lower_ != "of")
            ):
                i += length
                continue
            figures.append(
                Figure(i, i + length, i, "vague", low=lexicon.vague[phrase], counted=counted, noun=text, confidence=0.6)
            )
            used.update(range(i, i + length))
            i += length
            continue
        # fractions: "a quarter of them", "nearly a third of the country", "half of"
        if (
            token.lower_ in ("a", "one")
            and i + 1 < n
            and doc[i + 1].lower_ in lexicon.fractions
            and (i + 2 < n and doc[i + 2].lower_ == "of")
        ):
            qualifier, first = _qualifier_before(doc, i, lexicon, 0)
            figures.append(
                Figure(
                    first,
                    i + 2,
                    i + 1,
                    qualifier,
                    value=round(lexicon.fractions[doc[i + 1].lower_], 4),
                    counted="proportion",
                    noun=doc[i + 2 : i + 5].text,
                    confidence=0.8,
                )
            )
            used.update(range(i, i + 2))
            i += 2
            continue
        if (
            token.lower_ == "half"
            and i + 1 < n
            and doc[i + 1].lower_ == "of"
            and not (i > 0 and doc[i - 1].lower_ in ("a", "one"))
        ):
            qualifier, first = _qualifier_before(doc, i, lexicon, 0)
            figures.append(
                Figure(
                    first,
                    i + 1,
                    i,
                    qualifier,
                    value=0.5,
                    counted="proportion",
                    noun=doc[i : i + 4].text,
                    confidence=0.7,
                )
            )
            used.add(i)
            i += 1
            continue
        if (
            token.lower_ in lexicon.numbers
            and i + 2 < n
            and doc[i + 1].text == "-"
            and doc[i + 2].lower_.rstrip("s") in lexicon.fractions
        ):
            qualifier, first = _qualifier_before(doc, i, lexicon, 0)
            share = round(lexicon.numbers[token.lower_] * lexicon.fractions[doc[i + 2].lower_.rstrip("s")], 4)
            figures.append(
                Figure(
                    first,
                    i + 3,
                    i + 2,
                    qualifier,
                    value=share,
                    counted="proportion",
                    noun=doc[i : i + 3].text,
                    confidence=0.7,
                )
            )
            used.update(range(i, i + 3))
            i += 3
            continue
        if not _is_number_word(token, lexicon) and not (
            token.lower_ in ("a", "an") and i + 1 < n and doc[i + 1].lower_ in lexicon.multipliers
        ):
            i += 1
            continue
        # group consecutive number words ("3.5 million", "two dozen", "Twenty-four", "a hundred")
        j = i + 1
        while j < n and (
            _is_number_word(doc[j], lexicon)
            or (
                doc[j].text == "-"
                and j + 1 < n
                and doc[j + 1].lower_ in lexicon.numbers
                and doc[j - 1].lower_ in lexicon.numbers
            )
        ):
            if _DIGITS.match(doc[j].text) and _DIGITS.match(doc[j - 1].text):
                break  # two separate numbers
            j += 1
        group = list(doc[i:j])
        value = _number_value(group, lexicon)
        i_next = j
        if value is None:
            i = i_next
            continue
        # not head counts: years, days of the month, times, money, ordinals, ids, hyphenated ages
        last = doc[j - 1]
        prev = doc[i - 1] if i > 0 else None
        nxt = doc[j] if j < n else None
        skip = False
        if (
            (len(group) == 1 and _is_year(token) and not (nxt is not None and lexicon.counted_of(nxt.lemma_, nxt.text)))
            or _near_month(doc, i, j)
            or (nxt is not None and (nxt.text in (":", "am", "pm", "a.m.", "p.m.") or _ORDINAL.match(nxt.text)))
            or (
                prev is not None
                and (
                    prev.text in ("$", "€", "£", "#", "No.")
                    or (prev.ent_type_ == "MONEY" and token.ent_type_ == "MONEY")
                )
            )
            or token.ent_type_ in ("MONEY", "TIME", "ORDINAL")
        ):
            skip = True
        elif nxt is not None and nxt.text == "-" and j + 1 < n:
            unit = doc[j + 1].lower_
            if j + 2 < n and doc[j + 2].text == "-" and j + 3 < n and doc[j + 3].lower_ == "old":
                skip = True  # "17-year-old": the age of one person
            elif unit.rstrip("s") in lexicon.other_durations or unit.endswith("old"):
                skip = True
        elif prev is not None and prev.text == "-" and i >= 2 and doc[i - 2].pos_ == "PROPN":
            skip = True  # "Mehr-5", "Aikol-6": names of operations
        elif last.head.pos_ == "PROPN" and last.head.i < i and last.dep_ in ("nummod", "appos", "npadvmod"):
            skip = True  # "Kurdistan 24", "France 24": a number in a name
        elif nxt is not None and j + 1 < n and doc[j + 1].lower_ == "ago":
            skip = True  # "four years ago": a relative date
        elif token.lower_ == "one" and token.dep_ not in ("nummod",):
            skip = True  # "one is four months": a pronoun
        elif token.dep_ == "appos" and token.head.ent_type_ == "PERSON":
            skip = True  # "Ayesha, three": the age of a named person
        if skip:
            i = i_next
            continue
        anchor = last
        qualifier, first = _qualifier_before(doc, i, lexicon, 0)
        figure = Figure(first, j, anchor.i, qualifier, value=value)
        # ranges: "between X and Y", "X to Y", "from X to Y", "X-Y"
        k = j
        if k + 1 < n and doc[k].lower_ in ("and", "to", "-", "–") and _is_number_word(doc[k + 1], lexicon):
            m = k + 1
            while m < n and _is_number_word(doc[m], lexicon):
                m += 1
            high = _number_value(list(doc[k + 1 : m]), lexicon)
            is_between = any(t.lower_ == "between" for t in doc[max(0, first - 4) : first])
            if high is not None and (doc[k].lower_ != "and" or is_between) and high > value:
                if _is_year(doc[k + 1]) and _is_year(token):
                    i = m
                    continue
                start = first
                for back in range(first - 1, max(-1, first - 5), -1):
                    if doc[back].lower_ in ("between", "from"):
                        start = back
                        break
                figure = Figure(start, m, doc[m - 1].i, "range", low=value, high=high)
                anchor = doc[m - 1]
                used.update(range(i, m))
                i_next = m
        # percentages become proportions
        after = doc[figure.end] if figure.end < n else None
        if after is not None and after.lower_ in ("percent", "per", "%"):
            if figure.value is not None:
                figure.value = round(figure.value / 100, 6)
            else:
                figure.low = (figure.low or 0) / 100
                figure.high = (figure.high or 0) / 100
            figure.counted, figure.noun = "proportion", after.text
            figure.end += 1 if after.lower_ != "per" else 2
        elif _is_age(doc, figure.start, figure.end, lexicon) and figure.qualifier in (
            "range",
            "at-least",
            "up-to",
            "exact",
            "fewer-than",
        ):
            noun = _noun_of(anchor)
            if noun is None or noun.lemma_ in ("year", "age") or figure.qualifier != "exact":
                figure.counted, figure.noun = "age-in-years", "years of age"
        if figure.counted is None:
            noun = _noun_of(anchor)
            if noun is not None and noun.lower_ in ("square", "sq") and noun.i + 1 < n:
                figure.counted, figure.noun = "square-kilometres", doc[noun.i : noun.i + 2].text
            elif (
                noun is not None
                and noun.i > 0
                and doc[noun.i - 1].lower_ in ("square", "sq")
                and lexicon.counted_of(f"square {noun.lower_}") == "square-kilometres"
            ):
                figure.counted, figure.noun = "square-kilometres", doc[noun.i - 1 : noun.i + 1].text
            else:
                if noun is not None and (
                    noun.lemma_.lower() in lexicon.other_durations
                    or (
                        noun.lemma_.lower() in lexicon.other_units
                        and not (noun.i > 0 and doc[noun.i - 1].lower_ in ("square", "sq"))
                    )
                ):
                    i = i_next
                    continue
                counted, text = counted_class(noun, lexicon)
                figure.noun_i = noun.i if noun is not None else None
                if (
                    noun is not None
                    and noun.lemma_.lower() == "year"
                    and _is_age(doc, figure.start, figure.end + 2, lexicon)
                ):
                    counted = "age-in-years"
                figure.counted, figure.noun = counted, text
                if (
                    noun is None
                    and anchor.dep_ == "pobj"
                    and anchor.head.lower_ == "of"
                    and anchor.head.head.pos_ == "NOUN"
                ):
                    # "a population of 1.8 million", "a group of 25": the noun before 'of'
                    counted, text = counted_class(anchor.head.head, lexicon)
                    figure.counted, figure.noun = counted or "people", text
                    figure.confidence = 0.6
                elif noun is None or noun.pos_ == "PRON":
                    figure.inherited = True
                elif counted is None:
                    figure.counted, figure.confidence = "people", 0.5
        used.update(range(figure.start, figure.end))
        figures.append(figure)
        i = i_next
    # "at least 17 women and 43 of their children": a qualifier before coordinated figures covers each
    by_noun = {f.noun_i: f for f in figures if f.noun_i is not None}
    for figure in figures:
        if figure.qualifier != "exact" or figure.noun_i is None:
            continue
        noun = doc[figure.noun_i]
        head = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else noun
        if head.dep_ == "conj" and head.head.i in by_noun:
            leader = by_noun[head.head.i]
            if leader.qualifier in ("at-least", "more-than", "about", "nearly", "up-to", "fewer-than"):
                figure.qualifier = leader.qualifier
    return figures
