# ruff: noqa: RUF001 (the article texts use typographic quotes and apostrophes, as the seed articles do)
"""Write a realistic, deterministic synthetic corpus of annotated articles for benchmarking.

Usage: python benchmarks/generate.py N OUT_DIR [--seed S]

OUT_DIR gets, in the seed folder's format (seeds/README.md): one ``<id>.txt`` (the article:
page furniture, headline, standfirst, byline and date, caption, 12-20 paragraphs, more page
furniture) and one ``<id>.yaml`` (its curated annotation) per article, the shared registry
``entities.yaml`` and ``benchmark.json`` (counts and a few facts written by construction, for
the benchmark runner and the tests; the loader ignores it).

The corpus imitates the seeds: news reports on repatriations of IS-linked women and children
from the camps of northeast Syria, each report covering one story (a repatriation, a trial, talks
between governments, a transfer between camps, arrests) with its sub-events, figures with their
speakers, direct quotations and reported statements, and background figures shared by many
articles. Stories are reported by one to several articles, which share the event keys and quantity
keys (sometimes with differing figures, so conflicting claims exist); background quantities (a
camp's population in a month, a country's foreign fighters) are shared by many articles. Entities
are reused with a skewed (Zipf-like) spread: Syria, the SDF and the Kurdish administration appear in
almost every article, a few officials in most of those about their country, most people in a
handful (at N=1,000 the most quoted person has about 660 statements, the median person 8). The
registry grows with N (about 30 entities at N=1, 220 at N=200, 660 at N=1,000 and, by the same
growth rates, about 4,500 at N=10,000) and lists exactly the entities the articles mention, so every
registry entry is mentioned. A built article graph has about 1,450 quads (the seeds: 1,450), its
text 4-6 KB in 45-70 lines.

Every controlled value comes from the ontology (``repat_kg.vocab.load_vocabulary``), and every
evidence text is checked to stand exactly once in the article's content lines (speaker titles and
unnamed sources: to stand there) before the annotation is written; an ambiguous fragment falls back
to its whole sentence, or the item is left out. Everything is drawn from ``random.Random`` seeded by strings, never from
hash() or set order: the same N and seed give byte-identical files. Articles are written one at a
time as they are made (2 ms each: 1,000 in 2 seconds, 10,000 in about 20).
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from repat_kg.model.vocab import load_vocabulary  # noqa: E402

VOCAB = load_vocabulary().terms
HEAD_COUNTS = load_vocabulary().collections["head counts"]
SEED_REGISTRY = ROOT / "seeds" / "entities.yaml"

# ----------------------------------------------------------------------------- reference tables


def words(text: str, sep: str | None = None) -> list[str]:
    """A word list written as one string (names separated by spaces, or by ``sep``)."""
    return text.split(sep)


# id, name, aliases, demonym (also an alias), capital
COUNTRIES = [
    ("syria", "Syria", [], "Syrian", "Damascus"),
    ("iraq", "Iraq", [], "Iraqi", "Baghdad"),
    ("russia", "Russia", [], "Russian", "Moscow"),
    ("france", "France", [], "French", "Paris"),
    ("kazakhstan", "Kazakhstan", [], "Kazakh", "Astana"),
    ("germany", "Germany", [], "German", "Berlin"),
    ("united-states", "United States", ["U.S."], "American", "Washington"),
    ("uzbekistan", "Uzbekistan", [], "Uzbek", "Tashkent"),
    ("tajikistan", "Tajikistan", [], "Tajik", "Dushanbe"),
    ("netherlands", "Netherlands", [], "Dutch", "Amsterdam"),
    ("belgium", "Belgium", [], "Belgian", "Brussels"),
    ("united-kingdom", "United Kingdom", ["Britain"], "British", "London"),
    ("sweden", "Sweden", [], "Swedish", "Stockholm"),
    ("finland", "Finland", [], "Finnish", "Helsinki"),
    ("kyrgyzstan", "Kyrgyzstan", [], "Kyrgyz", "Bishkek"),
    ("denmark", "Denmark", [], "Danish", "Copenhagen"),
    ("austria", "Austria", [], "Austrian", "Vienna"),
    ("canada", "Canada", [], "Canadian", "Ottawa"),
    ("australia", "Australia", [], "Australian", "Canberra"),
    ("kosovo", "Kosovo", [], "Kosovar", "Pristina"),
    ("albania", "Albania", [], "Albanian", "Tirana"),
    ("italy", "Italy", [], "Italian", "Rome"),
    ("bosnia-and-herzegovina", "Bosnia and Herzegovina", [], "Bosnian", "Sarajevo"),
    ("north-macedonia", "North Macedonia", [], "Macedonian", "Skopje"),
    ("ukraine", "Ukraine", [], "Ukrainian", "Kyiv"),
    ("norway", "Norway", [], "Norwegian", "Oslo"),
    ("spain", "Spain", [], "Spanish", "Madrid"),
    ("turkey", "Turkey", [], "Turkish", "Ankara"),
    ("tunisia", "Tunisia", [], "Tunisian", "Tunis"),
    ("morocco", "Morocco", [], "Moroccan", "Rabat"),
    ("indonesia", "Indonesia", [], "Indonesian", "Jakarta"),
    ("malaysia", "Malaysia", [], "Malaysian", "Kuala Lumpur"),
    ("azerbaijan", "Azerbaijan", [], "Azerbaijani", "Baku"),
    ("georgia", "Georgia", [], "Georgian", "Tbilisi"),
    ("sudan", "Sudan", [], "Sudanese", "Khartoum"),
    ("trinidad-and-tobago", "Trinidad and Tobago", [], "Trinidadian", "Port of Spain"),
    ("maldives", "Maldives", [], "Maldivian", "Male"),
    ("iran", "Iran", [], "Iranian", "Tehran"),
]
REPATRIATING = [c[0] for c in COUNTRIES if c[0] not in ("syria", "iran")]
# Foreign fighters per country (order of magnitude, a base the articles vary around)
FIGHTERS = {
    "russia": 4500,
    "france": 1900,
    "germany": 1000,
    "united-kingdom": 850,
    "kazakhstan": 600,
    "uzbekistan": 1500,
    "tajikistan": 1300,
    "belgium": 500,
    "netherlands": 300,
    "sweden": 300,
    "tunisia": 3000,
    "morocco": 1600,
    "turkey": 2000,
    "indonesia": 700,
    "kosovo": 400,
}

# id, name, aliases, kind
CORE_ORGS = [
    ("islamic-state", "Islamic State", ["IS", "ISIS", "Islamic State group"], "terrorist-group"),
    ("sdf", "Syrian Democratic Forces", ["SDF"], "armed-group"),
    (
        "aanes",
        "Autonomous Administration in North and East Syria",
        ["AANES", "Autonomous Administration", "Kurdish administration"],
        "government",
    ),
    ("united-nations", "United Nations", ["UN"], "international-body"),
    ("unicef", "United Nations Children's Fund", ["UNICEF"], "international-body"),
    ("un-security-council", "United Nations Security Council", ["UN Security Council"], "international-body"),
    ("icrc", "International Committee of the Red Cross", ["ICRC"], "international-body"),
    ("human-rights-watch", "Human Rights Watch", [], "human-rights-body"),
    ("amnesty-international", "Amnesty International", [], "human-rights-body"),
    ("save-the-children", "Save the Children", [], "ngo"),
    ("rights-and-security-international", "Rights and Security International", [], "ngo"),
    ("soufan-group", "The Soufan Group", ["Soufan Group"], "think-tank"),
    ("icct", "International Centre for Counter-Terrorism", ["ICCT"], "think-tank"),
]
AGENCIES = [
    ("afp", "Agence France-Presse", ["AFP"]),
    ("reuters", "Reuters", []),
    ("associated-press", "Associated Press", ["AP"]),
    ("tass", "TASS", []),
    ("anadolu", "Anadolu Agency", ["Anadolu"]),
    ("interfax", "Interfax", []),
    ("dpa", "Deutsche Presse-Agentur", ["dpa"]),
    ("hawar", "Hawar News Agency", ["ANHA"]),
]
CORE_OUTLETS = [
    ("voa", "Voice of America", "voanews.com"),
    ("moscow-times", "The Moscow Times", "themoscowtimes.com"),
    ("the-national", "The National", "thenationalnews.com"),
    ("defense-post", "The Defense Post", "thedefensepost.com"),
]
OUTLET_PLACES = words(
    "Northern Eastern Baltic Atlantic Caspian Levant Metropolitan Continental Gulf Alpine Nordic Danube "
    "Highland Coastal Capital Central Western Southern Harbour Riverside"
)
OUTLET_NOUNS = words(
    "Herald Tribune Chronicle Observer Gazette Post Times Dispatch Courier Review Monitor Ledger Journal "
    "Express Telegraph Sentinel"
)
NGO_HEADS = words(
    "Centre for, Institute for, Foundation for, Network for, Council on, Initiative for, Observatory for, Alliance for",
    sep=", ",
)
NGO_TOPICS = words(
    "Counter-Extremism, Child Protection, Humanitarian, Returnee, Family, Conflict, Detention, Migration,"
    " Justice, Peace, Civilian, Refugee",
    sep=", ",
)
NGO_TAILS = words("Studies Research Policy Rights Action Monitoring Dialogue Reintegration")
THINK_TAILS = {"Studies", "Research", "Policy", "Dialogue"}

# id, name, aliases, kind, within, within phrase (must name the place and stand in the text)
CORE_PLACES = [
    ("northeast-syria", "Northeast Syria", ["northeast Syria"], "region", "syria", None),
    ("al-hol-camp", "al-Hol camp", ["al-Hol"], "camp", "northeast-syria", "al-Hol camp in northeast Syria"),
    ("roj-camp", "Roj camp", ["Roj"], "camp", "northeast-syria", "Roj camp in northeast Syria"),
    ("qamishli", "Qamishli", [], "city", "northeast-syria", "the city of Qamishli in northeast Syria"),
    ("qamishli-airport", "Qamishli Airport", ["Qamishli airport"], "airport", "qamishli", None),
    ("hasakah", "Hasakah", [], "city", "northeast-syria", None),
    ("baghuz", "Baghuz", ["Baghouz"], "town", None, None),
]
CAMPS = ["al-hol-camp", "roj-camp"]

TOWN_PREFIXES = words("Tal Kafr Ain Deir Abu Ras Umm Bir Khirbet Jabal Sheikh Marj")
TOWN_ROOTS = words(
    "Abyad Tamr Hamra Safa Marqada Shaddadi Busayra Hajin Susah Jazaa Sabha Zahra Kharab Nasr Baida Salam"
    " Tannur Rumailan Jawadiyah Qahtan Hamam Darbasiyah Amuda Ghazal Raml Nakhla Sukkar Tuwayr Ward Qasr "
    "Hawi Jurn Shams Badr Karama Rawda Saqr Lulu Dhahab Fidda"
)

FIRST_M = words(
    "Abdulkarim Ahmad Ali Omar Khaled Mahmoud Yusuf Ibrahim Hassan Karim Sami Rami Adel Nabil Tariq Ziyad"
    " Dmitry Sergei Alexei Nikolai Ruslan Timur Rustam Arman Daniyar Bakhtiyar Jean Pierre Laurent "
    "Mathieu Thomas Stefan Lars Jonas Erik Mikko Antti Pieter Joris Daniel Michael David James Peter Mark"
    " Emre Murat Kemal Farhad Dilshod Aziz Bilal Idris Marco Luca Javier Tomas Andreas Henrik Kristian"
)
FIRST_F = words(
    "Anna Maria Fatima Aisha Amina Layla Nour Hevin Ilham Zeynep Elena Olga Tatiana Natalia Kheda Madina "
    "Aigerim Dinara Gulnara Sophie Claire Camille Marie Hanna Ingrid Sara Emma Laura Julia Anke Katrin "
    "Eva Lotte Marieke Rachel Sarah Helen Emily Jasmin Salma Rania Leila Hediye Nadia Irina Yulia Ayse "
    "Elif Selin Gulsen"
)
SURNAMES = words(
    "Omar, Ibrahim, Haddad, Mansour, Khalil, Nasser, Saleh, Hamdan, Darwish, Qasim, Yousef, Aziz, "
    "Barakat, Shami, Kurdi, Hussein, Rashid, Othman, Jaber, Karam, Petrov, Ivanov, Smirnov, Kuznetsov, "
    "Volkov, Morozov, Sokolov, Lebedev, Novikov, Orlov, Abenov, Nurlanov, Seitkali, Zhakupov, Karimov, "
    "Rakhimov, Yusupov, Sharipov, Nazarov, Mirzoev, Dubois, Moreau, Laurent, Lefebvre, Girard, Bonnet, "
    "Fontaine, Chevalier, Mercier, Rousseau, Schneider, Fischer, Weber, Becker, Hoffmann, Krause, Wagner,"
    " Richter, Lindqvist, Berg, Nyberg, Lindgren, Virtanen, Korhonen, Laine, Jansen, De Vries, Bakker, "
    "Visser, Peeters, Maes, Janssens, Thompson, Walker, Harris, Clarke, Morgan, Bennett, Hughes, Turner, "
    "Collins, Reed, Foster, Hayes, Yilmaz, Demir, Kaya, Celik, Aydin, Ozturk, Hosseini, Rahimi, Karimi, "
    "Ahmadi, Rossi, Bianchi, Romano, Garcia, Moreno, Navarro, Hansen, Nielsen, Larsen, Gashi, Krasniqi, "
    "Berisha, Hodzic, Kovac, Begic, Mammadov, Aliyev, Beridze, Kapanadze, Shevchenko, Bondarenko, "
    "Tkachenko, Saratova, Dzhabrailov, Magomedov, Akhmadov, Umarov, Bakirov, Osmonov",
    sep=", ",
)
MONTHS = words("January February March April May June July August September October November December")
WEEKDAYS = words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
ORDINALS = words("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth")

# Roughly how many people lived in al-Hol and Roj at the start of each year (the base figures vary around).
CAMP_POPULATION = {
    "al-hol-camp": {
        2018: 10000,
        2019: 70000,
        2020: 65000,
        2021: 62000,
        2022: 56000,
        2023: 48000,
        2024: 42000,
        2025: 38000,
    },
    "roj-camp": {2018: 1500, 2019: 1700, 2020: 2000, 2021: 2400, 2022: 2600, 2023: 2700, 2024: 2500, 2025: 2300},
}

DIRECT_QUOTES: dict[str, list[str]] = {
    "official": [
        "We have a responsibility towards these children, who did not choose to go to Syria",
        "Our priority is the safety of the children and their return to a normal life",
        "The operation was prepared over many months together with our partners in the region",
        "The adults will answer for their actions before {dem} courts",
        "We will continue to bring our citizens home as long as it can be done safely",
        "Every child we bring back is a child we take away from the influence of terrorists",
        "The children will receive medical and psychological care as soon as they arrive",
        "This is not the end of our work, more {dem} children are still waiting in the camps",
        "We thank the Kurdish authorities for their cooperation in this humanitarian operation",
        "Each case is examined individually, and security comes first",
    ],
    "aanes": [
        "We cannot carry this burden alone, the international community must take back its citizens",
        "The camps are not a solution, they are a time bomb",
        "We handed over the children after their identities were confirmed by the {dem} side",
        "Every country must take responsibility for its own nationals",
        "The situation in {camp} is getting worse every day",
        "We are ready to help any government that wants to bring its people home",
    ],
    "sdf": [
        "Our forces cannot guard these camps forever",
        "The cells of the organisation are still active inside {camp}",
        "We need the support of the coalition to keep the camps secure",
    ],
    "ngo": [
        "Children should never have been left to grow up behind fences in the desert",
        "Every week of delay puts these children at greater risk",
        "This repatriation shows that it can be done, and that it should be done for all children",
        "Governments that still refuse to act are failing the most vulnerable",
        "The children need schooling, care and a chance to be children again",
        "Bringing these children home will let them begin to recover from what they have lived through",
    ],
    "think": [
        "Leaving these people in the camps is the bigger security risk in the long term",
        "Repatriation with prosecution and reintegration is the most sustainable option",
        "The camps have become a recruiting ground for the next generation of extremists",
        "Governments have learned that returns can be managed, the political cost is what holds them back",
    ],
    "un": [
        "The detention of children on the basis of their parents’ alleged ties is unlawful",
        "States have a clear obligation to repatriate their nationals, especially children",
        "Conditions in {camp} amount to a humanitarian emergency",
    ],
    "relative": [
        "My daughter made a terrible mistake, but the children are innocent",
        "I have never held my grandchildren, I only know them from photographs",
        "Every night I wonder whether they are warm enough",
        "I just want them to come home",
    ],
    "lawyer": [
        "The government has known for years where these children are and has chosen not to act",
        "My clients want to come home and face justice",
        "There is no legal basis for leaving citizens in indefinite detention abroad",
    ],
}
QUOTE_TAILS = [
    "",
    "",
    "",
    ", and we call on other countries to do the same",
    ", and that is what matters",
    ", and we will not stop now",
    ", whatever the critics say",
]

INDIRECT: dict[str, list[str]] = {
    "official": [
        "{ref} said {country} was ready to take back more of its citizens.",
        "{ref} said the children would be placed with relatives after a period of medical observation.",
        "{ref} told reporters that the women would be questioned by investigators on arrival.",
        "{ref} said the operation had been coordinated with the Kurdish administration.",
        "{ref} said the government would decide on further returns case by case.",
    ],
    "aanes": [
        "{ref} said the Kurdish administration had repeatedly asked foreign governments to take back their nationals.",
        "{ref} warned that conditions in {camp} had deteriorated sharply over the winter.",
        "{ref} said several other countries had asked for help with similar operations.",
    ],
    "sdf": [
        "{ref} said the SDF lacked the resources to hold the camps indefinitely.",
        "{ref} said security forces had foiled an escape attempt from {camp} the previous week.",
    ],
    "ngo": [
        "{ref} called on European governments to speed up repatriations from {camp}.",
        "{ref} said many of the children had not been to school for years.",
        "{ref} said the returns showed that governments could act when they chose to.",
    ],
    "think": [
        "{ref} said prosecutions of returning women had become more common across Europe.",
        "{ref} argued that leaving the camps unresolved would only help IS regroup.",
    ],
    "un": [
        "{ref} urged all states to repatriate their nationals without further delay.",
        "{ref} said the camps had no legal basis under international law.",
    ],
    "relative": ["{ref} said she had not been told when her grandchildren would arrive."],
    "lawyer": ["{ref} said the families would keep taking the government to court."],
}
UNNAMED = [
    ("Kurdish officials", "aanes"),
    ("a Kurdish official", "aanes"),
    ("camp officials", "aanes"),
    ("SDF officials", "sdf"),
    ("aid workers", None),
    ("analysts", None),
    ("local media", None),
    ("human rights groups", None),
    ("a security source", None),
    ("diplomats", None),
]
FILLER = [
    "Foreign fighters are held in prisons run by the SDF, while women and children live in overcrowded camps.",
    "Many governments have been reluctant to repatriate their nationals, citing security concerns and public "
    "opposition.",
    "Aid groups have repeatedly described conditions in {camp} as dire, with little access to clean water, "
    "health care or schooling.",
    "The Kurdish administration has long urged foreign governments to take back their citizens.",
    "{country} has faced criticism from human rights groups for the slow pace of its repatriations.",
    "Returnees are usually questioned by the security services, and some women have been prosecuted for "
    "membership of a terrorist organisation.",
    "The issue has divided {dem} politicians for years.",
    "The camps are guarded by the SDF, which says it lacks the resources to hold them indefinitely.",
    "Children who return are usually placed in foster care or with grandparents while the courts examine their "
    "mothers’ cases.",
    "Critics of the returns argue that the women chose to join Islamic State and should be tried where the "
    "crimes were committed.",
    "Supporters say the children are victims of their parents’ choices and should not be punished for them.",
    "Escape attempts and killings inside {camp} have been reported regularly.",
    "The United Nations has repeatedly called the camps a humanitarian and security crisis.",
    "Some families have paid smugglers to get women and children out of the camps.",
    "The Kurdish-led authorities have warned that they cannot guard the camps forever.",
    "Diplomats say the pace of returns depends as much on domestic politics as on security.",
    "The camps were set up for people fleeing the fighting, but after the fall of the last IS-held territory they "
    "became a place of indefinite detention for the families of suspected fighters.",
    "Inside the fenced annex for foreigners, women and children live in tents that offer little protection from "
    "the summer heat or the winter cold.",
    "Security forces regularly carry out sweeps inside {camp} in search of weapons and members of IS cells.",
    "Some of the women say they were taken to Syria by their husbands and deny any role in the group’s crimes.",
    "Child protection experts warn that the longer the children stay, the harder it will be for them to recover.",
    "Prosecutors in several European countries have opened investigations into women who returned from the camps.",
    "In {country}, the debate over the returns has often been shaped by fears of attacks at home.",
    "The families of the women have campaigned for years, writing to ministers and taking their cases to court.",
    "The Kurdish authorities have set up rehabilitation centres for boys taken from the camps when they reach "
    "their teens, a practice criticised by rights groups.",
    "Many of the children were born in the camps and have never known any other life.",
    "Schools in the camps are few, and many children spend their days without any lessons at all.",
    "Relatives say the women are ready to stand trial if they can bring their children home.",
    "The United States has urged its allies to take back their citizens, saying the camps are a long-term "
    "security threat.",
    "Aid agencies say funding for services in the camps has fallen as international attention has moved elsewhere.",
    "{dem} officials have said each return is prepared with the help of social services, prosecutors and the "
    "security services.",
    "Repatriated women are often detained on arrival and questioned before a judge decides whether to charge them.",
]
VIGNETTE = [
    "The road to {camp} runs past oil fields and checkpoints manned by Kurdish fighters.",
    "Rows of white tents stretch to the horizon, separated by fences and watchtowers.",
    "Dust storms sweep through the camp in summer, and in winter the tracks between the tents turn to mud.",
    "Children play football between the tents, and older boys sell cigarettes and bread at the camp market.",
    "Water is brought in by truck, and queues form early in the morning at the distribution points.",
    "The guards at the gate check every vehicle and search the bags of aid workers.",
    "At night the camp is lit only by a few generators, and shots are sometimes heard.",
    "Families who were repatriated earlier say the hardest part was never knowing when their turn would come.",
    "Back home, grandparents have prepared rooms, bought school bags and waited for years.",
    "Social workers meet the children at the airport and stay with them through their first weeks.",
    "Schools that take in returning children receive training and extra staff.",
    "Some of the returned children now speak the language of their grandparents fluently.",
    "Aid workers describe children who draw tanks and aircraft when they are asked to draw their home.",
    "The women cook on small gas stoves outside their tents and hang washing on the fences.",
    "Mothers queue at the camp clinic with babies on their hips, waiting for medicine that often runs out.",
    "Many of the older children have never held a pencil or sat in a classroom.",
]
BOILERPLATE_TOP = [
    "Skip to main content",
    "Accept cookies",
    "We use cookies to improve your experience on our site.",
    "Subscribe for full access",
    "Log in | Register",
    "Live: latest updates",
    "Breaking news",
]
BOILERPLATE_BOTTOM = [
    "Sign up for our free weekly newsletter",
    "Enter your email address",
    "Subscribe",
    "Our journalism depends on readers like you. Support independent reporting today.",
    "Related: The long wait of the families in the camps",
    "Related: Who are the women of Roj?",
    "More from World",
    "Topics: Syria, Iraq, Islamic State, repatriation",
    "Comments are closed for this article.",
    "Terms of use | Privacy policy | Contact us",
]


# ----------------------------------------------------------------------------- helpers


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("’", "")).strip("-")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def num(value: float | int) -> str:
    return f"{value:,}"


NUMBER_WORDS = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"]


def spelled(phrase: str) -> str:
    """A figure opening a sentence: small numbers in words ('Three'), the rest with a capital letter."""
    if phrase.isdigit() and int(phrase) < 10:
        return NUMBER_WORDS[int(phrase)]
    return phrase[:1].upper() + phrase[1:]


def long_date(day: datetime.date, style: int) -> str:
    return (
        f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
        if style == 0
        else f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    )


class Zipf:
    """Pick an index in [0, n) with weight 1/(rank+1)^s; cumulative weights grow as needed."""

    def __init__(self, s: float):
        self.s = s
        self.cum: list[float] = []

    def pick(self, rng: random.Random, n: int) -> int:
        while len(self.cum) < n:
            k = len(self.cum)
            self.cum.append((self.cum[-1] if self.cum else 0.0) + 1.0 / (k + 1) ** self.s)
        return min(bisect.bisect_right(self.cum, rng.random() * self.cum[n - 1], 0, n), n - 1)


def check(vocabulary: str, value: str) -> str:
    assert value in VOCAB[vocabulary], f"{value!r} is not a {vocabulary} of the ontology"
    return value


@dataclass
class Entity:
    id: str
    category: str  # people | organizations | places
    name: str
    aliases: list[str]
    kind: str | None = None
    within: str | None = None
    within_phrase: str | None = None
    within_evidence: tuple[str, str] | None = None  # (article id, text)
    wikidata: dict[str, str] | None = None
    # people
    group: str = ""
    country: str | None = None
    title: str | None = None
    affiliation: str | None = None
    short: str = ""  # the second reference ("Ms Petrov")
    demonym: str = ""
    capital: str | None = None


@dataclass
class Story:
    index: int
    kind: str
    country: str
    camp: str
    date: datetime.date
    children: int
    women: int
    ages: tuple[int, int]
    key: str
    label: str
    sequence: int  # the how-manyth repatriation of this country
    extra: dict[str, Any] = field(default_factory=dict)


# ----------------------------------------------------------------------------- the world


class World:
    """Everything the articles share, made in article order so that it is deterministic."""

    def __init__(self, n: int, seed: int):
        self.n = n
        self.seed = seed
        self.entities: dict[str, Entity] = {}
        self.used: set[str] = set()
        self.mention_counts: dict[str, int] = {}
        wikidata = self._seed_wikidata()
        for cid, name, aliases, dem, capital in COUNTRIES:
            self.add(
                Entity(
                    cid,
                    "places",
                    name,
                    [*aliases, dem],
                    check("place kind", "country"),
                    demonym=dem,
                    capital=capital,
                    wikidata=wikidata.get(cid),
                )
            )
        for oid, name, aliases, kind in CORE_ORGS:
            self.add(
                Entity(
                    oid, "organizations", name, aliases, check("organization kind", kind), wikidata=wikidata.get(oid)
                )
            )
        for oid, name, aliases in AGENCIES:
            self.add(Entity(oid, "organizations", name, aliases, "news-agency", wikidata=wikidata.get(oid)))
        self.outlets: list[tuple[str, str]] = []  # (id, domain)
        for oid, name, domain in CORE_OUTLETS:
            self.add(Entity(oid, "organizations", name, [], "news-outlet", wikidata=wikidata.get(oid)))
            self.outlets.append((oid, domain))
        for pid, name, aliases, kind, within, phrase in CORE_PLACES:
            self.add(
                Entity(
                    pid,
                    "places",
                    name,
                    aliases,
                    check("place kind", kind),
                    within=within,
                    within_phrase=phrase,
                    wikidata=wikidata.get(pid),
                )
            )
        self.ngos: list[str] = [
            "save-the-children",
            "human-rights-watch",
            "amnesty-international",
            "rights-and-security-international",
        ]
        self.thinks: list[str] = ["soufan-group", "icct"]
        self.towns: list[str] = []
        self.people: list[str] = []
        self.people_by_group: dict[tuple[str, str | None], list[str]] = {}
        self.stories: list[Story] = []
        self.story_total = max(1, int(0.45 * n) + 1)
        self.country_sequence: dict[str, int] = {}
        self.capitals: dict[str, str] = {}
        self.dropped = 0
        self.zipf_people = Zipf(1.05)
        self.zipf_country = Zipf(0.9)
        self.zipf_small = Zipf(1.2)
        self._name_rng = random.Random(f"{seed}:names")
        self._names_taken: set[str] = set()
        self.start = datetime.date(2018, 6, 1)
        self.span_days = 2400

    def _seed_wikidata(self) -> dict[str, dict[str, str]]:
        """The curated Wikidata links of the seed registry, for the entities that share an id with it."""
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(SEED_REGISTRY.read_text(encoding="utf-8"), Loader=loader)
        links = {}
        for section in data.values():
            for entity_id, spec in section.items():
                if "wikidata" in spec and spec["wikidata"].get("method") == "curated":
                    link = spec["wikidata"]
                    links[entity_id] = {
                        "qid": link["qid"],
                        "method": "curated",
                        "evidence": "copied from seeds/entities.yaml: " + link["evidence"][:120],
                    }
        return links

    def add(self, entity: Entity) -> Entity:
        base, k = entity.id, 2
        while entity.id in self.entities:
            entity.id = f"{base}-{k}"
            k += 1
        self.entities[entity.id] = entity
        return entity

    # -------------------------------------------------------------- growth
    def people_due(self, a: int, country: str) -> list[str]:
        """Introduce the people due by article ``a`` (officials mostly of ``country``); return them."""
        new_people = []
        while len(self.people) < 6 + int(0.34 * (a + 1)):
            new_people.append(self._new_person(country if a else None))
        return new_people

    def grow(self, a: int) -> None:
        """Introduce the organisations, outlets, towns and stories due by article ``a``."""
        while len(self.ngos) < 4 + int(0.012 * a) or len(self.thinks) < 2 + int(0.006 * a):
            self._new_org()
        while len(self.outlets) < min(4 + 1 + int(0.025 * a), 4 + len(OUTLET_PLACES) * len(OUTLET_NOUNS)):
            self._new_outlet()
        while len(self.towns) < 2 + int(0.04 * a):
            self._new_town()
        while len(self.stories) < min(self.story_total, int(0.45 * a) + 1):
            self._new_story()

    def _new_org(self) -> None:
        rng = random.Random(f"{self.seed}:org:{len(self.ngos) + len(self.thinks)}")
        while True:
            tail = rng.choice(NGO_TAILS)
            name = f"{rng.choice(NGO_HEADS)} {rng.choice(NGO_TOPICS)} {tail}"
            if name not in self._names_taken:
                break
        self._names_taken.add(name)
        think = tail in THINK_TAILS
        entity = self.add(Entity(slug(name), "organizations", name, [], "think-tank" if think else "ngo"))
        (self.thinks if think else self.ngos).append(entity.id)

    def _new_outlet(self) -> None:
        k = len(self.outlets) - len(CORE_OUTLETS)
        rng = random.Random(f"{self.seed}:outlet:{k}")
        while True:
            name = f"The {rng.choice(OUTLET_PLACES)} {rng.choice(OUTLET_NOUNS)}"
            if name not in self._names_taken:
                break
        self._names_taken.add(name)
        entity = self.add(Entity(slug(name), "organizations", name, [], "news-outlet"))
        self.outlets.append((entity.id, slug(name.removeprefix("The ")).replace("-", "") + ".com"))

    def _new_town(self) -> None:
        rng = random.Random(f"{self.seed}:town:{len(self.towns)}")
        while True:
            name = f"{rng.choice(TOWN_PREFIXES)} {rng.choice(TOWN_ROOTS)}"
            if name not in self._names_taken:
                break
        self._names_taken.add(name)
        country = "syria" if rng.random() < 0.7 else "iraq"
        dem = self.entities[country].demonym
        entity = self.add(
            Entity(slug(name), "places", name, [], "town", within=country, within_phrase=f"the {dem} town of {name}")
        )
        self.towns.append(entity.id)

    def _new_person(self, country_hint: str | None = None) -> str:
        index = len(self.people)
        rng = random.Random(f"{self.seed}:person:{index}")
        female = rng.random() < 0.45
        while True:
            first = rng.choice(FIRST_F if female else FIRST_M)
            last = self._surname(rng, female)
            name = f"{first} {last}"
            if name not in self._names_taken:
                break
        self._names_taken.add(name)
        short = ("Ms " if female else "Mr ") + last
        groups = ["official"] * 44 + ["aanes"] * 12 + ["sdf"] * 5 + ["ngo"] * 16 + ["think"] * 9 + ["un"] * 5
        groups += ["relative"] * 5 + ["lawyer"] * 4
        group = rng.choice(groups)
        if group == "relative":
            female = True
            short = "Ms " + last
        person = Entity(slug(name), "people", name, [short], group=group, short=short)
        country = None
        if group in ("official", "relative", "lawyer"):
            country = REPATRIATING[self.zipf_country.pick(rng, len(REPATRIATING))]
            if country_hint and rng.random() < 0.75:
                country = country_hint
            if country == "iraq" and group != "official":
                country = "russia"
        person.country = country
        self._title(person, rng)
        self.add(person)
        self.people.append(person.id)
        self.people_by_group.setdefault((group, country), []).append(person.id)
        return person.id

    def _surname(self, rng: random.Random, female: bool) -> str:
        last = rng.choice(SURNAMES)
        if female and last.endswith(("ov", "ev", "in")) and not last.endswith("ova"):
            last += "a"
        return last

    def ministry(self, country: str, what: str) -> str:
        """The id of a country's ministry (made on first use): foreign, interior, health, justice."""
        entity_id = f"{country}-{what}-ministry"
        if entity_id not in self.entities:
            c = self.entities[country]
            names = {"foreign": "Foreign Affairs", "interior": "the Interior", "health": "Health", "justice": "Justice"}
            self.add(
                Entity(
                    entity_id,
                    "organizations",
                    f"Ministry of {names[what]} of {c.name}",
                    [f"{c.demonym} {what.capitalize()} Ministry"],
                    "ministry",
                )
            )
        return entity_id

    def capital(self, country: str) -> str:
        if country not in self.capitals:
            c = self.entities[country]
            self.capitals[country] = self.add(
                Entity(
                    slug(c.capital or c.name),
                    "places",
                    c.capital or c.name,
                    [],
                    "city",
                    within=country,
                    within_phrase=f"{c.capital}, the {c.demonym} capital",
                )
            ).id
        return self.capitals[country]

    def airport(self, country: str) -> str:
        city = self.entities[self.capital(country)]
        entity_id = f"{city.id}-airport"
        if entity_id not in self.entities:
            self.add(
                Entity(
                    entity_id,
                    "places",
                    f"{city.name} International Airport",
                    [f"{city.name} airport"],
                    "airport",
                    within=city.id,
                    within_phrase=f"{city.name} International Airport in {city.name}",
                )
            )
        return entity_id

    def _title(self, person: Entity, rng: random.Random) -> None:
        group, country = person.group, person.country
        if group == "official":
            assert country is not None
            dem = self.entities[country].demonym
            choice = rng.randrange(7)
            if choice == 0:
                person.affiliation = self.ministry(country, "foreign")
                person.title = f"spokesperson for the {dem} Foreign Ministry"
            elif choice == 1:
                person.affiliation = self.ministry(country, "foreign")
                person.title = f"a senior official at the {dem} Foreign Ministry"
            elif choice == 2:
                person.affiliation = self.ministry(country, "interior")
                person.title = f"{dem} Interior Minister"
            elif choice == 3:
                person.affiliation = country
                person.title = f"{dem} children’s rights commissioner"
            elif choice == 4:
                person.affiliation = self.ministry(country, "foreign")
                person.title = f"{dem} ambassador to Iraq"
            elif choice == 5:
                person.affiliation = self.ministry(country, "foreign")
                person.title = f"head of the {dem} delegation"
            else:
                person.affiliation = self.ministry(country, "foreign")
                person.title = f"{dem} Foreign Minister"
        elif group == "aanes":
            person.affiliation = "aanes"
            person.title = rng.choice(
                [
                    "co-chair of the foreign relations department of the Autonomous Administration",
                    "an official of the Kurdish administration",
                    "head of the AANES foreign relations office",
                    "director of al-Hol camp",
                    "a senior official of the Autonomous Administration",
                ]
            )
        elif group == "sdf":
            person.affiliation = "sdf"
            person.title = rng.choice(
                ["spokesperson for the Syrian Democratic Forces", "an SDF commander", "head of the SDF media centre"]
            )
        elif group in ("ngo", "think"):
            pool = self.ngos if group == "ngo" else self.thinks
            org = pool[self.zipf_small.pick(rng, len(pool))]
            person.affiliation = org
            name = self.entities[org].name
            the = "" if name.startswith(("The ", "Save ", "Human ", "Amnesty ", "Rights ")) else "the "
            person.title = rng.choice(
                [
                    f"director of advocacy at {the}{name}",
                    f"a researcher at {the}{name}",
                    f"country director for Syria at {the}{name}",
                ]
                if group == "ngo"
                else [f"a senior fellow at {the}{name}", f"a researcher at {the}{name}"]
            )
        elif group == "un":
            person.affiliation = "united-nations"
            person.title = rng.choice(
                [
                    "UN special rapporteur on human rights and counter-terrorism",
                    "a UN humanitarian coordinator",
                    "a spokesperson for the UN",
                ]
            )
        elif group == "relative":
            person.title = "whose daughter is held in Roj camp with her children"
        else:
            person.title = "a lawyer representing several of the families"

    def _new_story(self) -> None:
        s = len(self.stories)
        rng = random.Random(f"{self.seed}:story:{s}")
        kind = rng.choices(["repatriation", "sentencing", "talks", "transfer", "arrest"], [64, 10, 11, 9, 6])[0]
        country = REPATRIATING[self.zipf_country.pick(rng, len(REPATRIATING))]
        camp = "al-hol-camp" if rng.random() < 0.62 else "roj-camp"
        offset = int(s * self.span_days / self.story_total) + rng.randrange(3)
        date = self.start + datetime.timedelta(days=offset)
        children = int(2.718 ** rng.uniform(1.4, 5.3))
        women = 0 if rng.random() < 0.4 else max(1, int(children / rng.uniform(1.8, 3.5)))
        ages = (rng.randint(1, 5), rng.randint(9, 17))
        c = self.entities[country]
        camp_stem = camp.removesuffix("-camp")
        if kind == "repatriation":
            self.country_sequence[country] = self.country_sequence.get(country, 0) + 1
            key = f"{country}-repatriation-{camp_stem}-{date.isoformat()}"
            label = (
                f"{c.name} repatriates {children} children"
                + (f" and {women} women" if women else "")
                + f" from {self.entities[camp].name}"
            )
        elif kind == "sentencing":
            key = f"{country}-sentencing-returnee-{date.isoformat()}"
            label = f"A court in {c.capital} sentences a woman repatriated from {self.entities[camp].name}"
        elif kind == "talks":
            key = f"{country}-aanes-talks-{date.isoformat()}"
            label = f"Talks between {c.name} and the Kurdish administration on repatriations"
        elif kind == "transfer":
            key = f"sdf-transfer-{camp_stem}-{date.isoformat()}"
            label = f"Transfer of families from {self.entities[camp].name}"
        else:
            key = f"{country}-arrests-camp-smuggling-{date.isoformat()}"
            label = f"Arrests in {c.name} of people suspected of smuggling women out of the camps"
        self.stories.append(
            Story(
                s,
                kind,
                country,
                camp,
                date,
                children,
                women,
                ages,
                key,
                label,
                self.country_sequence.get(country, 0),
                {
                    "age": rng.randint(24, 41),
                    "years": rng.randint(2, 9),
                    "arrested": rng.randint(2, 9),
                    "moved": rng.randint(80, 900),
                    "lag": rng.choice([0, 0, 1, 1, 2, 3]),
                },
            )
        )


# ----------------------------------------------------------------------------- one article


@dataclass
class Item:
    """An annotation entry whose evidence is checked against the finished text."""

    data: dict[str, Any]
    evidence_key: str
    candidates: list[str]


class ArticleWriter:
    def __init__(self, world: World, a: int):
        self.w = world
        self.a = a
        self.rng = random.Random(f"{world.seed}:article:{a}")
        self.used: dict[str, None] = {}  # ordered set of entities written into the content
        self.introduced: set[str] = set()  # people already named with their title
        self.events: dict[str, Item] = {}
        self.claims: list[Item] = []
        self.quotes: list[Item] = []
        self.paras: list[str] = []
        self.claim_ids: dict[str, int] = {}
        self.quote_templates: set[str] = set()
        self.within_phrases: dict[str, str] = {}

    # -------------------------------------------------------------- naming
    def name(self, entity_id: str, alias: int | None = None) -> str:
        entity = self.w.entities[entity_id]
        self.used[entity_id] = None
        if alias is None:
            return entity.name
        return entity.aliases[alias] if alias < len(entity.aliases) else entity.name

    def dem(self, country: str) -> str:
        self.used[country] = None
        return self.w.entities[country].demonym

    def place_phrase(self, place: str) -> str:
        """The place named with its containing place, recorded as its within evidence if first."""
        entity = self.w.entities[place]
        self.used[place] = None
        if entity.within_phrase and entity.within_evidence is None and place not in self.within_phrases:
            self.within_phrases[place] = entity.within_phrase
            if entity.within:
                self.used[entity.within] = None
            return entity.within_phrase
        return entity.name

    def person(self, pid: str) -> tuple[str, dict[str, Any]]:
        """How the text names a person here (title on first mention) and the speaker entry."""
        p = self.w.entities[pid]
        self.used[pid] = None
        speaker: dict[str, Any] = {"person": pid}
        if pid not in self.introduced:
            self.introduced.add(pid)
            if p.affiliation:
                self.used[p.affiliation] = None
            speaker["title"] = p.title
            if p.affiliation:
                speaker["affiliation"] = p.affiliation
            return f"{p.name}, {p.title},", speaker
        return p.short, speaker

    def pick_person(self, group: str, country: str | None = None) -> str | None:
        pool = self.w.people_by_group.get((group, country), [])
        if not pool:
            return None
        return pool[self.w.zipf_people.pick(self.rng, len(pool))]

    def any_person(self) -> str:
        return self.w.people[self.w.zipf_people.pick(self.rng, len(self.w.people))]

    def unnamed(self) -> tuple[str, dict[str, Any]]:
        label, affiliation = self.rng.choice(UNNAMED)
        speaker: dict[str, Any] = {"unnamed": label}
        if affiliation and affiliation in self.used:
            speaker["affiliation"] = affiliation
        return label, speaker

    # -------------------------------------------------------------- annotation entries
    def event(
        self,
        key: str,
        types: list[str],
        label: str,
        date: dict[str, Any],
        places: list[tuple[str, str]],
        participants: list[tuple[str, str]],
        evidence: list[str],
        status: str = "happened",
    ) -> str:
        for t in types:
            check("event type", t)
        data: dict[str, Any] = {"key": key, "type": types if len(types) > 1 else types[0], "label": label,
                                "status": check("event status", status), "date": date}
        if places:
            data["places"] = [{"place": p, "role": check("place role", r)} for p, r in places]
        if participants:
            data["participants"] = [{"agent": p, "role": check("role", r)} for p, r in participants]
        for p, _ in places:
            self.used[p] = None
        for p, _ in participants:
            self.used[p] = None
        self.events.setdefault(key, Item(data, "evidence", evidence))
        return key

    def claim(
        self,
        cid: str,
        quantity: str,
        counted: str,
        qualifier: str,
        value: Any,
        description: str,
        speaker: Any,
        cue: str,
        evidence: list[str],
        event: str | None = None,
        as_of: Any = None,
    ) -> None:
        n = self.claim_ids.get(cid, 0)
        self.claim_ids[cid] = n + 1
        data: dict[str, Any] = {"id": cid if n == 0 else f"{cid}-{n + 1}", "quantity": quantity}
        if event:
            data["event"] = event
        if qualifier == "range":
            data["low"], data["high"] = value
        elif qualifier == "vague":
            data["low"] = value
        else:
            data["value"] = value
        data["qualifier"] = check("qualifier", qualifier)
        data["counted"] = check("counted", counted)
        if event and counted in HEAD_COUNTS:
            data["scope"] = "total"  # the generator's figures are each one operation's total
        data["description"] = description
        data["speaker"] = speaker
        data["cue"] = check("cue", cue)
        if as_of:
            data["as_of"] = as_of
        self.claims.append(Item(data, "evidence", evidence))

    def quote(
        self, speaker: dict[str, Any], cue: str, text: str, direct: bool, event: str | None, fallback: str | None = None
    ) -> None:
        qid = f"q{len(self.quotes) + 1}-" + slug(
            self.w.entities[speaker["person"]].name
            if "person" in speaker
            else speaker.get("org") or speaker.get("unnamed")
        )
        data: dict[str, Any] = {"id": qid}
        if not direct:
            data["kind"] = "indirect"
        data["speaker"] = speaker
        data["cue"] = check("cue", cue)
        if event:
            data["event"] = event
        self.quotes.append(Item(data, "text", [text] + ([fallback] if fallback else [])))

    # -------------------------------------------------------------- figures
    def qualify(self, value: int, allowed: str = "exact about nearly more-than at-least") -> tuple[str, str, int]:
        """(qualifier, phrase, value): the figure as the text gives it."""
        qualifier = self.rng.choice(allowed.split())
        if qualifier in ("about", "nearly", "more-than", "at-least", "up-to", "fewer-than") and value >= 200:
            step = 1000 if value >= 5000 else 100 if value >= 500 else 10
            value = max(step, round(value / step) * step)
        phrase = {
            "exact": "",
            "about": self.rng.choice(["about ", "around ", "some "]),
            "nearly": self.rng.choice(["nearly ", "almost "]),
            "more-than": self.rng.choice(["more than ", "over "]),
            "at-least": "at least ",
            "up-to": "up to ",
            "fewer-than": "fewer than ",
        }[qualifier]
        return qualifier, phrase + num(value), value

    # -------------------------------------------------------------- the article
    def write(self) -> tuple[str, str, str, dict[str, Any]]:
        w, rng = self.w, self.rng
        frontier = len(w.stories) - 1
        k = 0
        while k < frontier and rng.random() < 0.55:
            k += 1
        story = w.stories[frontier - k]
        self.new_people = w.people_due(self.a, story.country)
        outlet_index = w.zipf_small.pick(rng, len(w.outlets))
        outlet, domain = w.outlets[outlet_index]
        published = story.date + datetime.timedelta(days=story.extra["lag"] + (k > 2) * rng.randrange(5))
        self.published = published
        self.story = story
        self.weekday = WEEKDAYS[story.date.weekday()]
        article_id = f"{self.a:05d}_{outlet}"
        self.article_id = article_id
        wire = AGENCIES[w.zipf_small.pick(rng, len(AGENCIES))][0] if rng.random() < 0.4 else None
        self.wire = wire
        lead_builders = {
            "repatriation": self.lead_repatriation,
            "sentencing": self.lead_sentencing,
            "talks": self.lead_talks,
            "transfer": self.lead_transfer,
            "arrest": self.lead_arrest,
        }
        headline = lead_builders[story.kind]()
        if wire:
            c = w.entities[story.country]
            city = "QAMISHLI, Syria" if rng.random() < 0.5 else f"{(c.capital or c.name).upper()}, {c.name}"
            self.wire_evidence = f"{city} ({self.name(wire, 0)})"
            self.lead[0] = f"{self.wire_evidence} — {self.lead[0]}"
        if story.kind == "repatriation":
            self.sub_events()
        self.people_quotes()
        self.background()
        for _ in range(rng.choice([0, 1, 1, 2, 2])):
            self.past_story()
        self.fillers()
        self.vignettes()
        self.order_paragraphs()
        return self.compose(article_id, outlet, domain, headline, wire)

    # leads return the headline; they add the lead paragraph(s) to self.lead
    def attribution(self, event: str | None = None) -> tuple[str, dict[str, Any] | str, str]:
        """(text, speaker, cue) for the source of a figure in the lead."""
        rng, story = self.rng, self.story
        choice = rng.randrange(5)
        if choice == 0:
            ministry = self.w.ministry(story.country, "foreign")
            return f"the {self.name(ministry, 0)} said", {"org": ministry}, "said"
        if choice == 1:
            pid = self.pick_person("official", story.country)
            if pid:
                ref, speaker = self.person(pid)
                return f"{ref} said", speaker, "said"
        if choice == 2:
            return f"according to the {self.name('aanes', 1)}", {"org": "aanes"}, "according-to"
        if choice == 3:
            return f"{self.name(story.country)} announced", {"org": story.country}, "announced"
        label, speaker = self.unnamed()
        return f"{label} said", speaker, "said"

    def date_spec(self, day: datetime.date, evidence: str | None, what: str, quoted: bool = True) -> dict[str, Any]:
        """A day: ``what`` is the text's relative date (quoted) or how the day follows from the story."""
        lag = (self.published - day).days
        spec: dict[str, Any] = {"value": day.isoformat()}
        if not quoted:
            spec["basis"] = f"{what}; the article was published on {self.published.isoformat()}"
        elif lag <= 6:
            wd = WEEKDAYS[day.weekday()]
            spec["basis"] = (
                f"'{what}' in an article published on {WEEKDAYS[self.published.weekday()]} "
                f"{self.published.isoformat()}: the {wd} of that week"
            )
        else:
            spec["basis"] = f"{what}, in an article published on {self.published.isoformat()}"
        if evidence:
            spec["evidence"] = evidence
        return spec

    def when(self, day: datetime.date) -> str:
        lag = (self.published - day).days
        if lag == 0:
            return "on " + WEEKDAYS[day.weekday()]
        if lag <= 6:
            return "on " + WEEKDAYS[day.weekday()]
        return f"on {day.day} {MONTHS[day.month - 1]}"

    def lead_repatriation(self) -> str:
        rng, story, w = self.rng, self.story, self.w
        c = w.entities[story.country]
        country = self.name(story.country)
        camp_text = self.place_phrase(story.camp)
        if "Syria" not in camp_text:
            camp_text += f" in {self.name('northeast-syria', 0)}"
        when = self.when(story.date)
        children = story.children + (rng.choice([-2, -1, 1, 2, 3]) if rng.random() < 0.12 and story.children > 5 else 0)
        attr, speaker, cue = self.attribution()
        main = self.event(
            story.key,
            ["repatriation"] if rng.random() < 0.7 else ["repatriation", "handover"],
            story.label,
            self.date_spec(story.date, f"{country} {when}", when),
            [(story.camp, "origin"), ("syria", "origin"), (story.country, "destination")],
            [(story.country, "repatriating-state")],
            [f"repatriated {children} children", f"{country} {when} repatriated"],
        )
        if story.women:
            sentence = (
                f"{country} {when} repatriated {children} children and {story.women} women from {camp_text}, {attr}."
            )
            self.claim(
                "children-repatriated",
                f"{story.key}-children",
                "children",
                "exact",
                children,
                f"children of IS suspects repatriated by {c.name} from {w.entities[story.camp].name}",
                speaker,
                cue,
                [f"{country} {when} repatriated {children} children", sentence[:-1]],
                main,
            )
            self.claim(
                "women-repatriated",
                f"{story.key}-women",
                "women",
                "exact",
                story.women,
                f"women repatriated by {c.name} from {w.entities[story.camp].name}",
                speaker,
                cue,
                [f"{story.women} women from {camp_text}, {attr}", sentence[:-1]],
                main,
            )
        else:
            sentence = f"{country} {when} repatriated {children} children from {camp_text}, {attr}."
            self.claim(
                "children-repatriated",
                f"{story.key}-children",
                "children",
                "exact",
                children,
                f"children of IS suspects repatriated by {c.name} from {w.entities[story.camp].name}",
                speaker,
                cue,
                [f"repatriated {children} children from {camp_text}, {attr}", sentence[:-1]],
                main,
            )
        self.lead = [sentence]
        if rng.random() < 0.6:
            lo, hi = story.ages
            text = (
                f"The children are aged between {lo} and {hi}, and most of them were born in Syria to "
                f"{self.dem(story.country)} parents who joined {self.name('islamic-state', rng.randrange(3))}."
            )
            self.claim(
                "children-ages",
                f"{story.key}-children-ages",
                "age-in-years",
                "range",
                [lo, hi],
                "ages of the repatriated children",
                "none",
                "none",
                [f"aged between {lo} and {hi}"],
                main,
            )
            self.lead.append(text)
        self.main_event = main
        ig = self.name("islamic-state", rng.randrange(3))
        headline = rng.choice(
            [
                f"{c.name} repatriates {children} children from Syrian camps",
                f"{c.name} brings home {children} children of {ig} suspects from Syria",
                f"{c.demonym} children return from {w.entities[story.camp].name} as {c.name} steps up repatriations",
                f"{children} {c.demonym} children flown home from northeast Syria",
            ]
        )
        if any(ch.isdigit() for ch in headline):
            self.claim(
                "headline-children",
                f"{story.key}-children",
                "children",
                "exact",
                children,
                f"children repatriated by {c.name} from Syria",
                "none",
                "none",
                [headline],
                main,
            )
        self.used[story.country] = None
        self.standfirst = rng.choice(
            [
                "The operation is the latest in a series of repatriations from camps holding families of suspected "
                f"{self.name('islamic-state', 1)} members",
                f"Most of the children had spent years in camps run by the {self.name('sdf')} in northeast Syria",
                f"Rights groups have long urged {c.name} to bring its citizens home",
            ]
        )
        return headline

    def lead_sentencing(self) -> str:
        story, w = self.story, self.w
        c = w.entities[story.country]
        city = w.capital(story.country)
        when = self.when(story.date)
        age, years = story.extra["age"], story.extra["years"]
        attr, speaker, cue = self.attribution()
        key = self.event(
            story.key,
            ["sentencing"],
            story.label,
            self.date_spec(story.date, None, when),
            [(city, "location")],
            [(story.country, "sentencing-party")],
            [f"A court in {w.entities[city].name}"],
        )
        sentence = (
            f"A court in {self.place_phrase(city)} {when} sentenced a {age}-year-old {self.dem(story.country)} "
            f"woman who was repatriated from {self.name(story.camp)} to {years} years in prison for "
            f"membership of {self.name('islamic-state', 2)}, {attr}."
        )
        self.events[key].candidates.insert(0, sentence[: sentence.index(" to ")])
        self.claim(
            "sentence-years",
            f"{story.key}-sentence",
            "years",
            "exact",
            years,
            "prison sentence given to the repatriated woman",
            speaker,
            cue,
            [f"to {years} years in prison", sentence[:-1]],
            key,
        )
        self.claim(
            "defendant-age",
            f"{story.key}-defendant-age",
            "age-in-years",
            "exact",
            age,
            "age of the sentenced woman",
            speaker,
            cue,
            [f"a {age}-year-old"],
            key,
        )
        self.lead = [sentence]
        self.main_event = key
        self.standfirst = "Prosecutors said she had lived under the group’s rule for years and married a fighter"
        return f"{c.demonym} court jails woman repatriated from {w.entities[story.camp].name}"

    def lead_talks(self) -> str:
        rng, story, w = self.rng, self.story, self.w
        c = w.entities[story.country]
        when = self.when(story.date)
        w.capital(story.country)  # registered for later articles (the lead names Qamishli)
        participants = [(story.country, "negotiator"), ("aanes", "negotiator")]
        official = self.pick_person("official", story.country)
        kurd = self.pick_person("aanes")
        if official:
            ref1, _ = self.person(official)
            participants.append((official, "delegation"))
            ref1 = ref1.rstrip(",")
        else:
            ref1 = f"a delegation from {self.name(story.country)}"
        if kurd:
            ref2, _ = self.person(kurd)
            participants.append((kurd, "host"))
            ref2 = ref2.rstrip(",")
        else:
            ref2 = f"officials of the {self.name('aanes', 1)}"
        sentence = (
            f"{ref1} and {ref2} met in {self.name('qamishli')} {when} to discuss the repatriation of "
            f"{self.dem(story.country)} nationals held in {self.name('northeast-syria', 0)}."
        )
        key = self.event(
            story.key,
            ["talks", "meeting"] if rng.random() < 0.5 else ["talks"],
            story.label,
            self.date_spec(story.date, None, when),
            [("qamishli", "location")],
            participants,
            [f"met in Qamishli {when} to discuss the repatriation of {c.demonym} nationals", sentence],
        )
        self.lead = [sentence]
        self.main_event = key
        self.standfirst = f"No date was set for the return of the {c.demonym} women and children still in the camps"
        return f"{c.name} and Kurdish authorities discuss return of citizens from Syrian camps"

    def lead_transfer(self) -> str:
        story, w = self.story, self.w
        when = self.when(story.date)
        moved = story.extra["moved"]
        origin, destination = story.camp, "roj-camp" if story.camp == "al-hol-camp" else "al-hol-camp"
        attr, speaker, cue = self.attribution()
        if "org" in speaker and speaker["org"] == story.country:
            attr, speaker, cue = f"the {self.name('sdf', 0)} said", {"org": "sdf"}, "said"
        sentence = (
            f"The {self.name('sdf', 0)} {when} transferred {moved} people, most of them women and "
            f"children, from {self.place_phrase(origin)} to {self.name(destination)}, {attr}."
        )
        key = self.event(
            story.key,
            ["transfer"],
            story.label,
            self.date_spec(story.date, None, when),
            [(origin, "origin"), (destination, "destination")],
            [("sdf", "operator")],
            [f"transferred {moved} people, most of them women and children", sentence],
        )
        self.claim(
            "people-transferred",
            f"{story.key}-people",
            "people",
            "exact",
            moved,
            "people moved between the camps",
            speaker,
            cue,
            [f"{when} transferred {moved} people"],
            key,
        )
        self.lead = [sentence]
        self.main_event = key
        self.standfirst = "The move follows months of violence inside the camp, the authorities said"
        return f"Kurdish-led forces move {moved} people out of {w.entities[origin].name}"

    def lead_arrest(self) -> str:
        story, w = self.story, self.w
        c = w.entities[story.country]
        when = self.when(story.date)
        arrested = story.extra["arrested"]
        city = w.capital(story.country)
        interior = w.ministry(story.country, "interior")
        sentence = (
            f"{self.dem(story.country)} police {when} arrested {arrested} people in "
            f"{self.place_phrase(city)} suspected of smuggling women and children out of "
            f"{self.name(story.camp)}, the {self.name(interior, 0)} said."
        )
        key = self.event(
            story.key,
            ["arrest"],
            story.label,
            self.date_spec(story.date, None, when),
            [(city, "location")],
            [(story.country, "detaining-party")],
            [f"police {when} arrested {arrested} people", sentence],
        )
        self.claim(
            "people-arrested",
            f"{story.key}-people",
            "people",
            "exact",
            arrested,
            "people arrested on suspicion of smuggling women out of the camps",
            {"org": interior},
            "said",
            [f"arrested {arrested} people in", sentence[:-1]],
            key,
        )
        self.lead = [sentence]
        self.main_event = key
        self.standfirst = "Investigators say the network charged thousands of dollars for each escape"
        return f"{c.demonym} police arrest {arrested} over smuggling from Syrian camps"

    def sub_events(self) -> None:
        rng, story, w = self.rng, self.story, self.w
        c = w.entities[story.country]
        options = ["handover", "arrival", "press", "announcement", "medical", "reunion"]
        rng.shuffle(options)
        for option in options[: rng.randint(2, 5)]:
            if option == "handover":
                kurd = self.pick_person("aanes")
                day = story.date - datetime.timedelta(days=rng.choice([0, 0, 1]))
                why = (
                    "the handover came just before the flight, on the day of the repatriation"
                    if day == story.date
                    else "the group was handed over the day before the repatriation flight"
                )
                key = f"handover-qamishli-{story.country}-{story.date.isoformat()}"
                if kurd:
                    ref, speaker = self.person(kurd)
                    sentence = (
                        f"Kurdish authorities handed the group over to a {self.dem(story.country)} "
                        f"delegation at {self.name('qamishli-airport', 0)}, {ref} told reporters."
                    )
                else:
                    speaker = None
                    sentence = (
                        f"Kurdish authorities handed the group over to a {self.dem(story.country)} "
                        f"delegation at {self.name('qamishli-airport', 0)}."
                    )
                self.event(
                    key,
                    ["handover"],
                    f"Handover of {c.demonym} children at Qamishli airport",
                    self.date_spec(day, None, why, False),
                    [("qamishli-airport", "location")],
                    [("aanes", "handing-over-party"), (story.country, "receiving-state")],
                    [f"handed the group over to a {c.demonym} delegation", sentence],
                )
                if speaker:
                    self.quote(speaker, "told", sentence, False, key)
                self.paras.append(sentence)
            elif option == "arrival":
                airport = w.airport(story.country)
                day = story.date + datetime.timedelta(days=rng.choice([0, 0, 1]))
                why = (
                    "'late that day': the plane landed on the day of the repatriation"
                    if day == story.date
                    else "'late that day': the plane left late and landed the day after the repatriation began"
                )
                key = f"{story.country}-arrival-{w.capital(story.country)}-{day.isoformat()}"
                phrase = self.place_phrase(airport)
                if phrase == w.entities[airport].name:
                    phrase = f"{phrase} in {self.name(w.capital(story.country))}"
                sentence = (
                    f"A plane carrying the {story.children} children landed at {phrase} late that day, "
                    f"{self.name(w.ministry(story.country, 'foreign'), 0)} officials said."
                )
                self.used[w.capital(story.country)] = None
                self.event(
                    key,
                    ["arrival"],
                    f"Arrival of the repatriated children in {c.capital}",
                    self.date_spec(day, None, why, False),
                    [(airport, "destination"), (story.country, "destination")],
                    [(story.country, "receiving-state"), (w.ministry(story.country, "foreign"), "organiser")],
                    [f"A plane carrying the {story.children} children landed at", sentence],
                )
                self.claim(
                    "children-arrived",
                    f"{story.key}-children",
                    "children",
                    "exact",
                    story.children,
                    "children on the repatriation flight",
                    {
                        "unnamed": f"{c.demonym} Foreign Ministry officials",
                        "affiliation": w.ministry(story.country, "foreign"),
                    },
                    "said",
                    [f"carrying the {story.children} children", sentence[:-1]],
                    key,
                )
                self.paras.append(sentence)
            elif option == "press":
                kurd = self.pick_person("aanes")
                if not kurd:
                    continue
                key = f"aanes-press-conference-{story.country}-{story.date.isoformat()}"
                ref, speaker = self.person(kurd)
                sentence = (
                    f"{ref} told a press conference in {self.place_phrase('qamishli')} that the "
                    f"{self.dem(story.country)} side had confirmed the identities of the children."
                )
                self.event(
                    key,
                    ["press-conference"],
                    f"Kurdish press conference on the {c.demonym} repatriation",
                    self.date_spec(story.date, None, "the day of the handover", False),
                    [("qamishli", "location")],
                    [(kurd, "announcer"), ("aanes", "organiser")],
                    ["told a press conference in", sentence],
                )
                self.quote(speaker, "told", sentence, False, key)
                self.paras.append(sentence)
            elif option == "announcement":
                ministry = w.ministry(story.country, "foreign")
                key = f"{story.country}-announcement-repatriation-{story.date.isoformat()}"
                sentence = (
                    f"The {self.name(ministry, 0)} announced the operation in a statement, saying the "
                    f"children were “{rng.choice(['in good health', 'safe and well', 'being cared for'])}”."
                )
                self.event(
                    key,
                    ["announcement"],
                    f"{c.name} announces the repatriation",
                    self.date_spec(story.date, None, "announced on the day of the repatriation", False),
                    [],
                    [(ministry, "announcer"), (story.country, "announcer")],
                    [f"The {c.demonym} Foreign Ministry announced the operation in a statement", sentence],
                )
                self.quote({"org": ministry}, "statement", sentence, False, key)
                self.paras.append(sentence)
            elif option == "medical":
                city = w.capital(story.country)
                health = w.ministry(story.country, "health")
                key = f"{story.country}-medical-examination-{story.date.isoformat()}"
                sentence = (
                    f"The children will undergo medical checks at a hospital in {self.place_phrase(city)} "
                    f"before being placed with relatives or in foster care, the {self.name(health, 0)} said."
                )
                self.event(
                    key,
                    ["medical-examination"],
                    f"Medical checks of the repatriated {c.demonym} children",
                    self.date_spec(story.date, None, "on arrival, the day of the repatriation", False),
                    [(city, "location")],
                    [(health, "organiser")],
                    ["will undergo medical checks at a hospital", sentence],
                    status="planned",
                )
                self.quote({"org": health}, "said", sentence, False, key)
                self.paras.append(sentence)
            else:
                key = f"{story.country}-reunion-{story.date.isoformat()}"
                sentence = (
                    f"Some of the children were reunited with their grandparents at the airport, "
                    f"{self.name('save-the-children')} said."
                )
                self.event(
                    key,
                    ["reunion"],
                    f"Reunion of repatriated {c.demonym} children with relatives",
                    self.date_spec(story.date, None, "at the airport on arrival, the day of the repatriation", False),
                    [(story.country, "location")],
                    [("save-the-children", "organiser")],
                    ["were reunited with their grandparents at the airport", sentence],
                )
                self.quote({"org": "save-the-children"}, "said", sentence, False, key)
                self.paras.append(sentence)

    def people_quotes(self) -> None:
        rng, story = self.rng, self.story
        speakers = list(self.new_people)
        wanted = rng.randint(6, 9)
        groups = ["official", "aanes", "ngo", "think", "un", "relative", "lawyer", "sdf"]
        tries = 0
        while len(speakers) < wanted and tries < 12:
            tries += 1
            group = rng.choice(groups)
            pid = self.pick_person(group, story.country if group in ("official", "relative", "lawyer") else None)
            if pid is None and rng.random() < 0.5:
                pid = self.any_person()
            if pid and pid not in speakers:
                speakers.append(pid)
        for pid in speakers:
            p = self.w.entities[pid]
            subject = {"official": p.country, "relative": p.country, "lawyer": p.country}.get(p.group, story.country)
            assert subject is not None
            fill = {
                "dem": self.w.entities[subject].demonym,
                "camp": self.w.entities[story.camp].name,
                "country": self.w.entities[subject].name,
            }
            templates = [t for t in DIRECT_QUOTES[p.group] if t not in self.quote_templates]
            event = self.main_event if rng.random() < 0.5 else None
            if templates and rng.random() < 0.75:
                template = rng.choice(templates)
                self.quote_templates.add(template)
                text = template.format(**fill) + rng.choice(QUOTE_TAILS)
                if "{dem}" in template:
                    self.used[subject] = None
                if "{camp}" in template:
                    self.used[story.camp] = None
                ref, speaker = self.person(pid)
                style = rng.randrange(3)
                if style == 0:
                    para = f"“{text},” {ref if ref.endswith(',') else ref + ','} said."
                elif style == 1:
                    para = f"“{text},” said {ref.rstrip(',')}."
                else:
                    para = f"{ref} said: “{text}.”"
                self.quote(speaker, "said", text, True, event)
                if rng.random() < 0.4:  # a follow-up quotation
                    more = [t for t in DIRECT_QUOTES[p.group] if t not in self.quote_templates]
                    if more:
                        template = rng.choice(more)
                        self.quote_templates.add(template)
                        second = template.format(**fill)
                        para += f" “{second}.”"
                        self.quote(self.person(pid)[1], "said", second, True, event)
                self.paras.append(para)
            else:
                options = [t for t in INDIRECT[p.group] if t not in self.quote_templates]
                if not options:
                    continue
                template = rng.choice(options)
                self.quote_templates.add(template)
                ref, speaker = self.person(pid)
                sentence = template.format(ref=ref, **fill)
                if "{country}" in template:
                    self.used[subject] = None
                if "{camp}" in template:
                    self.used[story.camp] = None
                if "IS " in sentence:
                    self.used["islamic-state"] = None
                if "SDF" in sentence:
                    self.used["sdf"] = None
                if "Kurdish administration" in sentence:
                    self.used["aanes"] = None
                cue = "told" if " told " in sentence else "said"
                self.quote(speaker, cue, sentence, False, event)
                self.paras.append(sentence)

    def background(self) -> None:
        rng, story, w = self.rng, self.story, self.w
        year = self.published.year
        builders = [
            self.bg_camp,
            self.bg_remaining,
            self.bg_fighters,
            self.bg_total,
            self.bg_countries,
            self.bg_years,
            self.bg_territory,
            self.bg_vague,
            self.bg_prisoners,
            self.bg_sequence,
            self.bg_baghuz,
            self.bg_town,
            self.bg_town,
            self.bg_orphans,
            self.bg_detained,
            self.bg_unicef,
            self.bg_roj,
        ]
        rng.shuffle(builders)
        for builder in builders[: rng.randint(7, 10)]:
            builder(year)
        del story, w

    def canon(self, key: str, low: int, high: int, step: int = 1) -> int:
        """The figure most sources give for a shared quantity: fixed by its key, not by the article."""
        value = random.Random(f"{self.w.seed}:canon:{key}").randint(low, high)
        return max(step, round(value / step) * step)

    def month_key(self) -> str:
        return self.published.strftime("%Y-%m")

    def bg_camp(self, year: int) -> None:
        rng = self.rng
        camp = rng.choice(CAMPS)
        base = CAMP_POPULATION[camp][min(max(year, 2018), 2025)]
        key = f"{camp}-population-{self.month_key()}"
        value = self.canon(key, int(base * 0.95), int(base * 1.05), 100)
        draw = rng.random()
        if draw < 0.05:  # a stale figure from an older report
            qualifier, phrase, value = "exact", num(int(value * 1.04)), int(value * 1.04)
        elif draw < 0.75:
            qualifier, phrase = "exact", num(value)
        else:
            qualifier, phrase, value = self.qualify(value, "about nearly")
        share = self.canon(f"{camp}-share-of-children-{year}", 55, 68) if rng.random() < 0.9 else rng.randint(50, 70)
        name = self.name(camp)
        un = self.name("united-nations", rng.randrange(2))
        sentence = f"{name} holds {phrase} people, {share} percent of them children, according to the {un}."
        as_of = {"value": self.published.isoformat(), "basis": "present tense ('holds') at publication"}
        self.claim(
            "camp-population",
            key,
            "people",
            qualifier,
            value,
            f"people held in {self.w.entities[camp].name}",
            {"org": "united-nations"},
            "according-to",
            [f"{name} holds {phrase} people", sentence[:-1]],
            as_of=as_of,
        )
        self.claim(
            "camp-share-children",
            f"{camp}-share-of-children-{year}",
            "proportion",
            "exact",
            round(share / 100, 2),
            f"share of children among the people held in {self.w.entities[camp].name}",
            {"org": "united-nations"},
            "according-to",
            [f"{share} percent of them children", sentence[:-1]],
            as_of=as_of,
        )
        self.paras.append(sentence)

    def bg_remaining(self, year: int) -> None:
        rng, story = self.rng, self.story
        key = f"{story.country}-women-and-children-in-ne-syria-camps-{self.month_key()}"
        value = self.canon(key, 10, 400)
        qualifier, phrase, value = (
            ("exact", num(value), value) if rng.random() < 0.7 else self.qualify(value, "about up-to")
        )
        if rng.random() < 0.5:
            org = self.w.ngos[self.w.zipf_small.pick(rng, len(self.w.ngos))]
            speaker = {"org": org}
            who = self.name(org)
            if not who.startswith(("Save ", "Human ", "Amnesty ", "Rights ")):
                who = "the " + who
        else:
            who, speaker = self.unnamed()
        dem = self.dem(story.country)
        opening = f"{spelled(phrase)} {dem} women and children are still held"
        sentence = f"{opening} in camps in northeast Syria, {who} estimated."
        self.used["northeast-syria"] = None
        self.claim(
            "nationals-remaining",
            key,
            "women-and-children",
            qualifier,
            value,
            f"{dem} women and children still held in the camps",
            speaker,
            "estimated",
            [opening, sentence[:-1]],
        )
        self.paras.append(sentence)

    def bg_fighters(self, year: int) -> None:
        rng, story = self.rng, self.story
        base = FIGHTERS.get(story.country, 150 + 40 * (REPATRIATING.index(story.country) % 11))
        draw = rng.random()
        if draw < 0.6:
            qualifier, phrase, value = self.qualify(base, "about")
        elif draw < 0.8:
            qualifier, phrase, value = self.qualify(int(base * 0.95), "more-than")
        elif draw < 0.95:
            qualifier, phrase, value = self.qualify(base, "nearly")
        else:  # an outlier figure that contradicts the others
            qualifier, phrase, value = "exact", num(int(base * 0.7)), int(base * 0.7)
        org = "soufan-group" if rng.random() < 0.5 else self.w.thinks[self.w.zipf_small.pick(rng, len(self.w.thinks))]
        name = self.name(org)
        the = "" if name.startswith("The ") else "the "
        dem = self.dem(story.country)
        sentence = (
            f"{spelled(phrase)} {dem} citizens travelled to Syria and Iraq to join "
            f"{self.name('islamic-state', 1)}, according to {the}{name}."
        )
        self.used["iraq"] = None
        self.used["syria"] = None
        self.claim(
            "foreign-fighters",
            f"{story.country}-citizens-who-joined-is",
            "foreign-fighters",
            qualifier,
            value,
            f"{dem} citizens who joined IS in Syria and Iraq",
            {"org": org},
            "according-to",
            [f"{spelled(phrase)} {dem} citizens travelled to Syria and Iraq", sentence[:-1]],
        )
        self.paras.append(sentence)

    def bg_total(self, year: int) -> None:
        rng, story = self.rng, self.story
        key = f"{story.country}-citizens-repatriated-by-{self.month_key()}"
        value = self.canon(key, story.sequence * 20 + 5, story.sequence * 60 + 40)
        qualifier = rng.choice(["exact", "exact", "at-least"])
        phrase = ("at least " if qualifier == "at-least" else "") + num(value)
        country = self.name(story.country)
        since = 2019 if story.date.year > 2019 else 2018
        attr, speaker, cue = self.attribution()
        sentence = f"{country} has brought back {phrase} of its citizens from Syria and Iraq since {since}, {attr}."
        self.used["iraq"] = None
        self.used["syria"] = None
        self.claim(
            "citizens-repatriated-total",
            key,
            "people",
            qualifier,
            value,
            f"citizens {self.w.entities[story.country].name} has repatriated in all",
            speaker,
            cue,
            [f"has brought back {phrase} of its citizens", sentence[:-1]],
            as_of={"value": self.published.isoformat(), "basis": "present perfect ('has brought back') at publication"},
        )
        self.paras.append(sentence)

    def bg_countries(self, year: int) -> None:
        key = f"countries-with-nationals-in-ne-syria-camps-{year}"
        qualifier, phrase, value = self.qualify(self.canon(key, 56, 66), "about exact")
        un = self.name("united-nations", 1)
        sentence = f"Nationals of {phrase} countries are held in the camps, according to the {un}."
        self.claim(
            "countries-with-nationals",
            key,
            "countries",
            qualifier,
            value,
            "countries whose nationals are held in the camps of northeast Syria",
            {"org": "united-nations"},
            "according-to",
            [f"Nationals of {phrase} countries", sentence[:-1]],
        )
        self.paras.append(sentence)

    def bg_years(self, year: int) -> None:
        value = max(2, year - 2018)
        org = "human-rights-watch" if self.rng.random() < 0.6 else "amnesty-international"
        sentence = (
            f"Many of the women and children have been held for more than {value} years without charge, "
            f"{self.name(org)} said."
        )
        self.claim(
            "years-held",
            f"detention-duration-ne-syria-camps-{year}",
            "years",
            "more-than",
            value,
            "how long the women and children have been held",
            {"org": org},
            "said",
            [f"held for more than {value} years", sentence[:-1]],
        )
        self.paras.append(sentence)

    def bg_territory(self, year: int) -> None:
        # about 88,000 / nearly 90,000 / about 100,000 all overlap: sources differ without contradicting
        value, qualifier = self.rng.choice(
            [(88000, "about"), (90000, "nearly"), (100000, "about"), (88000, "more-than")]
        )
        phrase = {"about": "about ", "nearly": "nearly ", "more-than": "more than "}[qualifier] + num(value)
        sentence = (
            f"At its height, {self.name('islamic-state', 1)} controlled {phrase} square kilometres across "
            f"{self.name('iraq')} and {self.name('syria')}."
        )
        self.claim(
            "is-territory",
            "is-territory-at-height",
            "square-kilometres",
            qualifier,
            value,
            "territory IS controlled at its height",
            "none",
            "none",
            [f"controlled {phrase} square kilometres", sentence[:-1]],
        )
        self.paras.append(sentence)

    def bg_vague(self, year: int) -> None:
        rng = self.rng
        phrase, low = rng.choice([("Thousands of", 2000), ("Tens of thousands of", 20000), ("Hundreds of", 200)])
        camp = rng.choice(CAMPS)
        sentence = (
            f"{phrase} foreign women and children remain in {self.name(camp)}, where aid agencies "
            f"struggle to provide basic services."
        )
        self.claim(
            "foreigners-in-camp",
            f"foreign-women-and-children-in-{camp}-{year}",
            "women-and-children",
            "vague",
            low,
            f"foreign women and children in {self.w.entities[camp].name}",
            "none",
            "none",
            [f"{phrase} foreign women and children remain in", sentence[:-1]],
        )
        self.paras.append(sentence)

    def bg_prisoners(self, year: int) -> None:
        rng = self.rng
        total = self.canon(f"is-fighters-held-by-sdf-{year}", 9000, 12000, 1000)
        foreign = self.canon(f"foreign-is-fighters-held-by-sdf-{year}", 2000, 3000, 500)
        del rng
        sdf = self.name("sdf", 0)
        sentence = (
            f"The {sdf} says it holds about {num(total)} suspected IS fighters in its prisons, including "
            f"{num(foreign)} foreigners."
        )
        self.used["islamic-state"] = None
        self.claim(
            "fighters-held",
            f"is-fighters-held-by-sdf-{year}",
            "fighters",
            "about",
            total,
            "suspected IS fighters held in SDF prisons",
            {"org": "sdf"},
            "said",
            [f"holds about {num(total)} suspected IS fighters", sentence[:-1]],
        )
        self.claim(
            "foreign-fighters-held",
            f"foreign-is-fighters-held-by-sdf-{year}",
            "foreign-fighters",
            "exact",
            foreign,
            "foreigners among the IS suspects held in SDF prisons",
            {"org": "sdf"},
            "said",
            [f"including {num(foreign)} foreigners", sentence[:-1]],
        )
        self.paras.append(sentence)

    def bg_sequence(self, year: int) -> None:
        story = self.story
        if story.kind != "repatriation" or not 1 < story.sequence <= len(ORDINALS):
            return
        ordinal = ORDINALS[story.sequence - 1]
        sentence = f"It was the {ordinal} such operation carried out by {self.name(story.country)}."
        self.claim(
            "operation-number",
            f"{story.country}-repatriation-operations-to-{story.date.isoformat()}",
            "occasions",
            "exact",
            story.sequence,
            f"repatriation operations {story.country} has carried out",
            "none",
            "none",
            [f"the {ordinal} such operation", sentence[:-1]],
            self.main_event,
        )
        self.paras.append(sentence)

    def bg_unicef(self, year: int) -> None:
        key = f"children-under-five-ne-syria-camps-{year}"
        qualifier, phrase, value = self.qualify(self.canon(key, 7000, 11000, 500), "about nearly")
        unicef = self.name("unicef", 0)
        sentence = (
            f"{unicef} says {phrase} of the children in the camps of {self.name('northeast-syria', 0)} are "
            f"under the age of five."
        )
        self.claim(
            "children-under-five",
            key,
            "children",
            qualifier,
            value,
            "children under five in the camps of northeast Syria",
            {"org": "unicef"},
            "said",
            [f"{unicef} says {phrase} of the children", sentence[:-1]],
        )
        self.paras.append(sentence)

    def bg_roj(self, year: int) -> None:
        rng = self.rng
        base = CAMP_POPULATION["roj-camp"][min(max(year, 2018), 2025)]
        key = f"roj-camp-population-{self.month_key()}"
        qualifier, phrase, value = self.qualify(
            self.canon(key, int(base * 0.95), int(base * 1.05), 10), "about exact exact"
        )
        countries = self.canon(f"countries-with-nationals-in-roj-camp-{year}", 40, 50)
        roj = self.name("roj-camp", rng.randrange(2))
        label, speaker = self.unnamed()
        sentence = f"Smaller {roj} holds {phrase} women and children from {countries} countries, {label} said."
        self.claim(
            "roj-population",
            key,
            "women-and-children",
            qualifier,
            value,
            "women and children held in Roj camp",
            speaker,
            "said",
            [f"{roj} holds {phrase} women and children", sentence[:-1]],
        )
        self.claim(
            "roj-countries",
            f"countries-with-nationals-in-roj-camp-{year}",
            "countries",
            "exact",
            countries,
            "countries whose nationals are held in Roj camp",
            speaker,
            "said",
            [f"from {countries} countries", sentence[:-1]],
        )
        self.paras.append(sentence)

    def bg_orphans(self, year: int) -> None:
        story = self.story
        if story.kind != "repatriation" or story.children < 6:
            return
        value = max(1, story.children // 3)
        attr, speaker, cue = self.attribution()
        sentence = f"{spelled(num(value))} of the children are orphans, {attr}."
        self.claim(
            "orphans",
            f"{story.key}-orphans",
            "children",
            "exact",
            value,
            "orphans among the repatriated children",
            speaker,
            cue,
            [f"{spelled(num(value))} of the children are orphans", sentence[:-1]],
            self.main_event,
        )
        self.paras.append(sentence)

    def bg_detained(self, year: int) -> None:
        story = self.story
        if story.kind != "repatriation" or not story.women:
            return
        value = max(1, story.women // 2)
        qualifier, phrase, value = self.qualify(value, "exact at-least")
        ministry = self.w.ministry(story.country, "interior")
        phrase = spelled(phrase)
        verb = "was" if value == 1 else "were"
        sentence = (
            f"{phrase} of the women {verb} detained on arrival and will be questioned by "
            f"investigators, the {self.name(ministry, 0)} said."
        )
        self.claim(
            "women-detained",
            f"{story.key}-women-detained",
            "women",
            qualifier,
            value,
            "repatriated women detained on arrival",
            {"org": ministry},
            "said",
            [f"{phrase} of the women {verb} detained on arrival", sentence[:-1]],
            self.main_event,
        )
        country = self.w.entities[story.country].name
        self.event(
            f"{story.key}-detention",
            ["detention"],
            f"Detention of repatriated women in {country}",
            self.date_spec(story.date, None, "on arrival, the day of the repatriation", False),
            [(story.country, "location")],
            [(ministry, "detaining-party")],
            [f"of the women {verb} detained on arrival", sentence[:-1]],
        )
        self.paras.append(sentence)

    def bg_town(self, year: int) -> None:
        rng, w = self.rng, self.w
        town = w.towns[-1 - w.zipf_small.pick(rng, len(w.towns))] if rng.random() < 0.5 else rng.choice(w.towns)
        if any(town == p for p, _ in self.within_phrases.items()) or town in self.used:
            return
        phrase = self.place_phrase(town)
        month = self.published.month - 1 or 12
        year_of = self.published.year - (self.published.month == 1)
        value = rng.randint(3, 60) * 10
        qualifier, figure, value = self.qualify(value, "about more-than exact")
        label, speaker = self.unnamed()
        sdf, cells = self.name("sdf", 0), self.name("islamic-state", 0)
        sentence = (
            f"Clashes between the {sdf} and {cells} cells near {phrase} last month displaced {figure} "
            f"people, {label} said."
        )
        key = self.event(
            f"clashes-{town}-{year_of}-{month:02d}",
            ["attack"],
            f"Clashes near {w.entities[town].name}",
            {
                "value": f"{year_of}-{month:02d}",
                "basis": f"'last month' in an article published on {self.published.isoformat()}",
            },
            [(town, "location")],
            [("islamic-state", "perpetrator"), ("sdf", "target")],
            [f"cells near {phrase} last month", sentence[:-1]],
        )
        self.claim(
            "people-displaced",
            f"people-displaced-{town}-{year_of}-{month:02d}",
            "people",
            qualifier,
            value,
            f"people displaced by clashes near {w.entities[town].name}",
            speaker,
            "said",
            [f"displaced {figure} people", sentence[:-1]],
            key,
        )
        self.paras.append(sentence)

    def bg_baghuz(self, year: int) -> None:
        sentence = (
            f"The {self.name('sdf')} captured {self.name('baghuz')}, the last {self.name('islamic-state', 1)} "
            f"stronghold in {self.name('syria')}, in March 2019."
        )
        self.event(
            "sdf-capture-of-baghuz-2019-03",
            ["military-campaign"],
            "Capture of Baghuz, the last IS stronghold in Syria, by the SDF",
            {"value": "2019-03", "evidence": "in March 2019"},
            [("baghuz", "location")],
            [("sdf", "organiser"), ("islamic-state", "target")],
            [f"captured Baghuz, the last {self.w.entities['islamic-state'].aliases[1]} stronghold", sentence[:-1]],
        )
        self.paras.append(sentence)

    def past_story(self) -> None:
        rng, w = self.rng, self.w
        story = self.story
        candidates = [s for s in w.stories[max(0, story.index - 400) : story.index] if s.kind == "repatriation"]
        if not candidates:
            return
        past = candidates[-1 - w.zipf_small.pick(rng, len(candidates))]
        if past.key in self.events:
            return
        c = w.entities[past.country]
        month = f"{MONTHS[past.date.month - 1]} {past.date.year}"
        qualifier, phrase, value = self.qualify(past.children, "exact exact about")
        country = self.name(past.country)
        sentence = f"In {month}, {country} repatriated {phrase} children from {self.name(past.camp)}."
        key = self.event(
            past.key,
            ["repatriation"],
            past.label,
            {"value": past.date.strftime("%Y-%m"), "evidence": f"In {month}"},
            [(past.camp, "origin"), (past.country, "destination")],
            [(past.country, "repatriating-state")],
            [f"{country} repatriated {phrase} children from", sentence[:-1]],
        )
        self.claim(
            "earlier-repatriation-children",
            f"{past.key}-children",
            "children",
            qualifier,
            value,
            f"children repatriated by {c.name} in {month}",
            "none",
            "none",
            [f"In {month}, {country} repatriated {phrase} children", sentence[:-1]],
            key,
        )
        self.paras.append(sentence)

    def fillers(self) -> None:
        rng, story = self.rng, self.story
        fill = {
            "camp": self.w.entities[story.camp].name,
            "country": self.w.entities[story.country].name,
            "dem": self.w.entities[story.country].demonym,
        }
        for template in rng.sample(FILLER, rng.randint(8, 12)):
            sentence = template.format(**fill)
            for entity_id in ("sdf", "aanes", "islamic-state", "united-nations"):
                e = self.w.entities[entity_id]
                if any(name in sentence for name in (e.name, *e.aliases)):
                    self.used[entity_id] = None
            if "{camp}" in template:
                self.used[story.camp] = None
            if "{country}" in template or "{dem}" in template:
                self.used[story.country] = None
            self.paras.append(sentence)

    def vignettes(self) -> None:
        camp = self.w.entities[self.story.camp].name
        pool = self.rng.sample(VIGNETTE, 8)
        for k in range(self.rng.randint(1, 2)):
            sentences = pool[4 * k : 4 * k + self.rng.randint(3, 4)]
            if any("{camp}" in t for t in sentences):
                self.used[self.story.camp] = None
            self.paras.append(" ".join(t.format(camp=camp) for t in sentences))

    def order_paragraphs(self) -> None:
        """Lead first, then the rest shuffled; two short paragraphs sometimes joined."""
        rest = self.paras
        self.rng.shuffle(rest)
        merged: list[str] = []
        for para in rest:
            if merged and len(merged[-1]) + len(para) < 560 and self.rng.random() < 0.55:
                merged[-1] += " " + para
            else:
                merged.append(para)
        self.paras = [" ".join(self.lead), *merged]

    # -------------------------------------------------------------- text and annotation
    def compose(
        self, article_id: str, outlet: str, domain: str, headline: str, wire: str | None
    ) -> tuple[str, str, str, dict[str, Any]]:
        rng, w = self.rng, self.w
        outlet_name = w.entities[outlet].name
        reporter = f"{rng.choice(FIRST_F + FIRST_M)} {rng.choice(SURNAMES)}"
        style = rng.randrange(2)
        date_text = long_date(self.published, style)
        date_in_content = rng.random() < 0.85
        lines: list[tuple[str, bool]] = []  # (line, is content)
        menu = rng.sample(
            [
                "World",
                "Middle East",
                "Europe",
                "Politics",
                "Opinion",
                "Video",
                "Podcasts",
                "Sport",
                "Business",
                "Culture",
                "Newsletters",
            ],
            6,
        )
        lines += [(line, False) for line in rng.sample(BOILERPLATE_TOP, rng.randint(1, 4))]
        lines += [(outlet_name, False), (" | ".join(menu), False), ("Search", False)]
        if rng.random() < 0.5:
            lines.append((f"{headline} | {outlet_name}", False))
        if not date_in_content:
            lines.append((f"Updated {date_text}", False))
        lines.append(("", False))
        lines += [(headline, True), ("", True), (self.standfirst, True), ("", True)]
        if date_in_content:
            lines += [(f"By {reporter} | {date_text}", True), ("", True)]
        camp_caption = w.entities[self.story.camp].name
        credit = AGENCIES[rng.randrange(len(AGENCIES))][0]
        caption = (
            f"Women and children at {camp_caption} in Hasakah province. "
            f"Photo: {w.entities[credit].aliases[0] if w.entities[credit].aliases else w.entities[credit].name}"
        )
        self.used[self.story.camp] = None
        self.used["hasakah"] = None
        self.used[credit] = None
        lines += [(caption, True), ("", True)]
        break_at = rng.randrange(3, max(4, len(self.paras) - 2)) if rng.random() < 0.5 else -1
        for i, para in enumerate(self.paras):
            if i == break_at:
                lines += [
                    (
                        rng.choice(
                            [
                                "Advertisement",
                                "Read more: Inside the camps where IS families wait",
                                "Sign up to our morning briefing",
                            ]
                        ),
                        False,
                    ),
                    ("", False),
                ]
            lines += [(para, True), ("", True)]
        lines.pop()
        lines += [("", False), ("Share this article", False), ("Facebook | X | WhatsApp | Email", False), ("", False)]
        lines += [(line, False) for line in rng.sample(BOILERPLATE_BOTTOM, rng.randint(2, 6))]
        lines += [("Most read", False), (f"© {self.published.year} {outlet_name}. All rights reserved.", False)]
        text = "\n".join(line for line, _ in lines) + "\n"
        ranges = []
        start = None
        for number, (_, content) in enumerate(lines, start=1):
            if content and start is None:
                start = number
            if not content and start is not None:
                ranges.append((start, number - 1))
                start = None
        if start is not None:
            ranges.append((start, len(lines)))
        # strip blank lines at range ends (cosmetic)
        offsets = [0]
        for line, _ in lines:
            offsets.append(offsets[-1] + len(line) + 1)
        content = "\n\x00\n".join(text[offsets[a - 1] : offsets[b]] for a, b in ranges)

        def once(needle: str) -> bool:
            first = content.find(needle)
            return first != -1 and content.find(needle, first + 1) == -1

        def settle(item: Item) -> bool:
            for candidate in item.candidates:
                if candidate and once(candidate):
                    item.data[item.evidence_key] = candidate
                    return True
            return False

        if not once(headline):
            raise AssertionError(f"article {article_id}: the headline is not unique in the content")
        # only the entities whose name or an alias stands in the content count as mentioned here
        self.used = {
            e: None for e in self.used if any(name in content for name in (w.entities[e].name, *w.entities[e].aliases))
        }
        # events first: a claim or quote about a dropped event loses its event reference
        events = []
        for item in self.events.values():
            if not self._refs_ok(item.data):
                continue
            date = item.data["date"]
            if "evidence" in date and not once(date["evidence"]):
                del date["evidence"]
                if "basis" not in date:
                    date["basis"] = "the month the article gives"
            if settle(item):
                events.append(item.data)
        keys = {e["key"] for e in events}
        claims, quotes = [], []
        for item in self.claims:
            if item.data.get("event") not in keys:
                item.data.pop("event", None)
            if self._speaker_ok(item.data["speaker"]) and settle(item):
                claims.append(item.data)
        for item in self.quotes:
            if item.data.get("event") not in keys:
                item.data.pop("event", None)
            if self._speaker_ok(item.data["speaker"]) and settle(item):
                quotes.append(item.data)
        published: dict[str, Any] = {"date": self.published.isoformat()}
        if date_in_content:
            published["basis"] = "the date in the byline"
            if once(date_text):
                published["evidence"] = date_text
        else:
            published["basis"] = "the 'Updated' date in the page header of the stored copy"
        document: dict[str, Any] = {
            "outlet": outlet,
            "outlet_basis": f"synthetic benchmark article; the page names the outlet ('© {self.published.year} "
            f"{outlet_name}')",
            "url": f"https://www.{domain}/{self.published.strftime('%Y/%m/%d')}/{slug(headline)}",
            "headline": headline,
            "published": published,
            "wire": [],
            "content": [f"{a}-{b}" for a, b in ranges],
        }
        if wire and once(self.wire_evidence):
            document["wire"] = [{"agency": wire, "evidence": self.wire_evidence}]
        # within evidence for places first named with their container here
        for place, phrase in self.within_phrases.items():
            entity = w.entities[place]
            if entity.within_evidence is None and once(phrase):
                entity.within_evidence = (article_id, phrase)
        w.used.add(outlet)
        for entity_id in self.used:
            w.used.add(entity_id)
            w.mention_counts[entity_id] = w.mention_counts.get(entity_id, 0) + 1
        annotation = {"document": document, "events": events, "claims": claims, "quotes": quotes}
        return article_id, text, emit_annotation(article_id, outlet_name, annotation), annotation

    def _speaker_ok(self, speaker: Any) -> bool:
        """A speaker's title and unnamed label stand in the text; the entities it names are mentioned here."""
        if not isinstance(speaker, dict):
            return True
        if "affiliation" in speaker and speaker["affiliation"] not in self.used:
            del speaker["affiliation"]
            self.w.dropped += 1
        for key in ("person", "org"):
            if key in speaker and speaker[key] not in self.used:
                self.w.dropped += 1
                return False
        return all(any(speaker[k] in para for para in self.paras) for k in ("title", "unnamed") if k in speaker)

    def _refs_ok(self, event: dict[str, Any]) -> bool:
        """Drop the places and participants of an event that this article does not name."""
        for field_name, key in (("places", "place"), ("participants", "agent")):
            if field_name in event:
                kept = [entry for entry in event[field_name] if entry[key] in self.used]
                self.w.dropped += len(event[field_name]) - len(kept)
                if kept:
                    event[field_name] = kept
                else:
                    del event[field_name]
        return "places" in event or "participants" in event


# ----------------------------------------------------------------------------- YAML output


YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
PLAIN = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")


def _flow(mapping: dict[str, Any]) -> str:
    parts = []
    for key, value in mapping.items():
        parts.append(f"{key}: {_scalar(value)}")
    return "{" + ", ".join(parts) + "}"


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        plain = PLAIN.fullmatch(value) and value not in YAML_WORDS
        return value if plain else q(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return _flow(value)
    raise TypeError(value)


def emit_annotation(article_id: str, outlet_name: str, annotation: dict[str, Any]) -> str:
    out = [
        f"# Synthetic benchmark annotation of {article_id}.txt ({outlet_name}); made by benchmarks/generate.py.",
        "document:",
    ]
    for key, value in annotation["document"].items():
        if key == "published":
            out.append("  published:")
            out += [f"    {k}: {_scalar(v)}" for k, v in value.items()]
        elif key == "wire":
            if value:
                out.append("  wire:")
                out += [f"    - {_flow(v)}" for v in value]
            else:
                out.append("  wire: []")
        else:
            out.append(f"  {key}: {_scalar(value)}")
    for section, items in (
        ("events", annotation["events"]),
        ("claims", annotation["claims"]),
        ("quotes", annotation["quotes"]),
    ):
        if not items:
            continue
        out += ["", f"{section}:"]
        for item in items:
            first = True
            for key, value in item.items():
                lead = "  - " if first else "    "
                first = False
                if key == "date" or key == "as_of":
                    out.append(f"{lead}{key}:")
                    out += [f"      {k}: {_scalar(v)}" for k, v in value.items()]
                elif key in ("places", "participants"):
                    out.append(f"{lead}{key}:")
                    out += [f"      - {_flow(v)}" for v in value]
                else:
                    out.append(f"{lead}{key}: {_scalar(value)}")
            out.append("")
        out.pop()
    return "\n".join(out) + "\n"


def emit_registry(world: World) -> str:
    out = [
        "# Synthetic benchmark registry made by benchmarks/generate.py: exactly the entities the articles name.",
        "# Links to Wikidata are copied from seeds/entities.yaml for the entities that share an id with it.",
    ]
    for section in ("people", "organizations", "places"):
        out.append(f"{section}:")
        for entity_id in sorted(e for e in world.used if world.entities[e].category == section):
            entity = world.entities[entity_id]
            out.append(f"  {entity_id}:")
            out.append(f"    name: {q(entity.name)}")
            if entity.aliases:
                out.append(f"    aliases: [{', '.join(q(a) for a in entity.aliases)}]")
            if entity.kind:
                out.append(f"    kind: {entity.kind}")
            if entity.within and entity.within_evidence and entity.within in world.used:
                article, text = entity.within_evidence
                out.append(f"    within: {entity.within}")
                out.append(f"    within_evidence: {{article: {article}, text: {q(text)}}}")
            if entity.wikidata:
                out.append("    wikidata:")
                out += [f"      {k}: {q(v) if k == 'evidence' else v}" for k, v in entity.wikidata.items()]
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- main


def generate(n: int, out_dir: Path, seed: int = 1) -> dict[str, Any]:
    """Write the corpus of ``n`` articles into ``out_dir``; return what benchmark.json holds."""
    if n < 1:
        raise ValueError("N must be at least 1")
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in [*out_dir.glob("*.txt"), *out_dir.glob("*.yaml")]:
        stale.unlink()
    world = World(n, seed)
    totals = {"events": 0, "claims": 0, "quotes": 0, "characters": 0, "annotation_characters": 0, "lines": 0}
    speakers: dict[str, int] = {}
    facts: list[dict[str, Any]] = []
    for a in range(n):
        world.grow(a)
        writer = ArticleWriter(world, a)
        article_id, text, yaml_text, annotation = writer.write()
        (out_dir / f"{article_id}.txt").write_text(text, encoding="utf-8", newline="")
        (out_dir / f"{article_id}.yaml").write_text(yaml_text, encoding="utf-8")
        totals["events"] += len(annotation["events"])
        totals["claims"] += len(annotation["claims"])
        totals["quotes"] += len(annotation["quotes"])
        totals["characters"] += len(text)
        totals["annotation_characters"] += len(yaml_text)
        totals["lines"] += text.count("\n")
        for item in annotation["claims"] + annotation["quotes"]:
            speaker = item["speaker"]
            if isinstance(speaker, dict) and "person" in speaker:
                speakers[speaker["person"]] = speakers.get(speaker["person"], 0) + 1
        if len(facts) < 3:
            for claim in annotation["claims"]:
                speaker = claim["speaker"]
                if isinstance(speaker, dict) and "org" in speaker and "value" in claim:
                    facts.append(
                        {
                            "article": article_id,
                            "claim": claim["id"],
                            "value": claim["value"],
                            "quantity": claim["quantity"],
                            "speaker": world.entities[speaker["org"]].name,
                            "evidence": claim["evidence"],
                        }
                    )
                    break
    (out_dir / "entities.yaml").write_text(emit_registry(world), encoding="utf-8")
    top = max(sorted(speakers), key=lambda p: speakers[p]) if speakers else None
    counts = {
        section: sum(1 for e in world.used if world.entities[e].category == section)
        for section in ("people", "organizations", "places")
    }
    manifest = {
        "generator": "benchmarks/generate.py",
        "n": n,
        "seed": seed,
        "entities": {**counts, "total": sum(counts.values())},
        "stories": len(world.stories),
        **totals,
        "top_speaker": {"id": top, "name": world.entities[top].name, "statements": speakers[top]} if top else None,
        "facts": facts,
    }
    (out_dir / "benchmark.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out_dir", type=Path, help="folder to write (its .txt/.yaml files are replaced)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()
    manifest = generate(args.n, args.out_dir, args.seed)
    entities = manifest["entities"]
    print(
        f"wrote {args.n} articles to {args.out_dir}: {entities['total']} entities ({entities['people']} people, "
        f"{entities['organizations']} organisations, {entities['places']} places), {manifest['events']} event "
        f"reports, {manifest['claims']} numeric claims, {manifest['quotes']} statements, "
        f"{manifest['characters'] / args.n / 1000:.1f} KB of text per article"
    )


if __name__ == "__main__":
    main()
