"""``kg_kinds``: what kind of thing a name is, from the words written next to it (``kinds.json``).

NER often takes a little-known company for a person or a club for a place, and misses names it has
never seen. The words beside a name settle it:

* a name right after an organisation noun is an organisation ("Danish developer Nordhav Energi",
  "the sports channel SporTV", "the left-wing coalition Juntos por Extremadura", "its German
  distributor, Filmwelt Verleih,"), after a person noun a person ("Swiss midfielder Jonas Frei"),
  after a product noun a product ("the drug Lumaxor"); a name NER missed there is tagged; a product
  is a product in every mention;
* a name that owns a title held by a person is not a person ("Nordhav chief executive Mette
  Kjaergaard", "Veltrax's chief executive Matthias Kern"), nor is the name after a company title
  and "of" ("deputy chief executive of Emirates NBD");
* a name followed by an apposition of a kind noun is of that kind ("Borussia Dortmund, the only club
  listed in Frankfurt", "Cascade Cloud, a Seattle data-centre operator", "Ferrovane, a monthly
  injection");
* a name right after "Manila-based" is an organisation;
* a name right before a facility noun is a facility, in every mention ("the Kéniéba mine");
* a name after "town of", "mayor of" ... is a place ("the nearby town of Dexter"), and so is a name
  that modifies "province", "district" ... ("Badajoz and Caceres provinces"), a city after "in",
  "near" or "from", and a one-word "person" after "in" or "near";
* a name after "the 19-year-old" is a person;
* a name next to a score ("Leeds 3-2 Newcastle", "beat Newcastle 3-2") is a team, and so is every
  other mention of it in the article; a one-word "person" there is a team too unless it is a word of
  a person's full name in the text ("Toulouse beat Leinster 27-20", not "Sinner beat Alcaraz 6-3");
* whom someone tells, or makes a statement to, is no place ("told Politico Europe", "said in a
  statement to Lianhe Bao");
* English writes no "the" right before a person's name: a "person" after "the" is a place as the
  object of a preposition ("along the Dniester") and an organisation elsewhere ("the Fiscalía said",
  "the Unifor representative");
* a town and a plural noun is a team ("Bahawalpur Stallions"), and so is a one-word subject of
  "were" ("Bahawalpur were 129 for six");
* a short capitalised name in quotation marks is the title of a work ("for \u201cHabagat\u201d, a
  quiet drama"), and so is every mention of it.

A name the tables know (a country, a city, an alias) keeps the kind they give it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import cached_property

from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from loaders.aliases import NameTables, load_tables, read_json
from loaders.components import (
    ENTITY_LABELS,
    ORG_KB_ID,
    POSSESSIVE_MARKS,
    entity_at,
    ents_of,
    opens_like_a_person,
    set_ents,
    split_at_and,
)
from loaders.lexicon import common_words

_DESIGNATED_MISLABELS = frozenset({"LAW", "PERSON", "WORK_OF_ART", "PRODUCT"})
_RELABEL_TO_ORG = frozenset({"PERSON", "GPE", "LOC", "NORP", "FAC", "WORK_OF_ART", "PRODUCT"})
_RELABEL_TO_PERSON = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC", "WORK_OF_ART", "PRODUCT"})
_RELABEL_TO_PLACE = frozenset({"PERSON", "ORG", "NORP", "FAC", "WORK_OF_ART", "PRODUCT"})
_RELABEL_TO_FAC = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "WORK_OF_ART", "PRODUCT"})
_RELABEL_TO_PRODUCT = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "WORK_OF_ART", "EVENT"})
_RELABEL = {
    "ORG": _RELABEL_TO_ORG,
    "PERSON": _RELABEL_TO_PERSON,
    "GPE": _RELABEL_TO_PLACE,
    "PRODUCT": _RELABEL_TO_PRODUCT,
    "FAC": _RELABEL_TO_FAC,
}
#: Kinds that, once a context gives them to one mention of a name, every mention written alike shares.
_SPREAD = frozenset({"PRODUCT", "FAC"})
#: Relative pronouns after a name and a comma that say what kind of thing the name is ("X, who said").
_RELATIVE_KINDS = frozenset({"who", "which"})
#: What NER calls a person's name that a "who" clause shows to be one.
_WHO_GUESSES = frozenset({"WORK_OF_ART", "PRODUCT", "FAC", "EVENT", "LAW", "GPE", "LOC"})
_MAX_TITLE_WORDS = 4
_ARTICLES = frozenset({"the", "a", "an"})
_ROLE_PREPS = frozenset({"of", "at", "for"})
_LOCATIVE = frozenset({"in", "near"})
_BETWEEN = frozenset({"between", "outside", "around"})  # "between La Ceiba and San Pedro Sula": cities only
_BASED = frozenset({"based", "headquartered"})
_PLACE_PARTICLES = frozenset({"de", "del", "da", "do", "di", "la", "el", "al", "sur", "upon", "on"})
_POSITIONS = "kg_positions"  # doc.user_data key: the positions of each token text, while kg_kinds runs
_DOTTED_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}")  # "P.K.", "J."
#: Words of places' names (with kinds.json's place_heads): "Sabah State", "South Kivu", "North Eastern".
_PLACE_NAME_WORDS = frozenset({"state", "city", "town", "island", "islands", "north", "south", "east", "west",
                               "northern", "southern", "eastern", "western", "central", "upper", "lower"})
_APPOSITION_ENDS = frozenset({"ADP", "VERB", "AUX", "PRON", "SCONJ"})
_PARTICIPLES = frozenset({"VBG", "VBN"})
_PLACE_PREPS = frozenset({"to", "in", "from", "through", "near", "outside", "across", "into", "via"})
_YEARS = frozenset({"year", "years"})
_OPENING_QUOTES = frozenset({"\u201c", '"', "\u2018"})
_CLOSING_QUOTES = frozenset({"\u201d", '"', "\u2019"})
_MAX_TITLE_TOKENS = 6
_STRONG, _WEAK = 2, 1  # weights of the signs that a name is a place; a place needs _STRONG
_OWNER_GUESSES = frozenset({"PERSON", "WORK_OF_ART", "PRODUCT", "EVENT"})  # NER labels an owner of a title never has
_OBJECTS = frozenset({"dobj", "npadvmod", "attr", "oprd"})  # how the parser hangs a beaten team on "beat"
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_STATEMENTS = frozenset({"statement", "interview"})  # "said in a statement to Lianhe Bao"
#: How the parser hangs a name that modifies a noun ("the Santoso family", "the Jebba hydroelectric dam").
_MODIFIERS = frozenset({"compound", "nmod", "amod", "npadvmod"})
#: Titles of an organisation a place may have too ("Rotterdam's spokesperson"): they say nothing of a club.
_PERSONAL_TITLES = frozenset({"candidate", "spokesman", "spokeswoman", "spokesperson", "presidential", "mayoral"})
_DASHES = frozenset({"-", "\u2013"})
_OWNER_WORDS = frozenset({"the", "its", "their", "his", "her", "'s", "\u2019s"})  # before "the X trade bloc"
#: NER's labels for a name before an organisation noun that the noun corrects ("the Mercosur trade bloc").
#: A place there stays a place: "the Silicon Valley startup", "the Gulf carrier".
_BRAND_LABELS = frozenset({"PERSON", "PRODUCT", "WORK_OF_ART", "FAC"})
_SCORE = re.compile(r"^\d{1,2}[-\u2013]\d{1,2}$")
_GOALS = re.compile(r"^\d{1,2}$")

_ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "compound"})  # "the hospital's director"


class KindTagger:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        data = read_json("kinds.json")
        self.kind_of_noun = (
            {w: "PRODUCT" for w in data["product_kind_nouns"]}
            | {w: "ORG" for w in data["org_nouns"]}
            | {w: "PERSON" for w in data["person_nouns"]}
        )
        self.place_of = frozenset(data["place_of_nouns"])
        self.facilities = frozenset(data["facility_nouns"])
        self.place_heads = frozenset(data["place_heads"])
        self.place_openers = frozenset(data["place_openers"])
        self.continents = frozenset(data["continents"])
        self.apposed_places = frozenset(data["apposed_place_nouns"])
        self.place_adjectives = frozenset(data["place_adjectives"])
        self.links = frozenset(data["name_links"])
        self.max_tokens = int(data["max_name_tokens"])
        self.tables = load_tables(alias_file)
        self.collective_id = read_json("entity_filter.json")["collective_id"]
        predicates = read_json("predicates.json")
        self.honorifics = frozenset(predicates["honorifics"])
        self.org_titles = tuple(t.split() for t in predicates["organisation_titles"])
        self.org_of = frozenset(data["org_of_nouns"])
        self.org_title_openers = frozenset(t[0] for t in self.org_titles)
        self.org_titles_by_last: dict[str, list[list[str]]] = {}  # "executive" -> [["chief", "executive"], ...]
        for title in self.org_titles:
            self.org_titles_by_last.setdefault(title[-1], []).append(title)
        self.team_verbs = {verb: frozenset(preps) for verb, preps in data["team_verbs"].items()}
        self.carrier_kinds = frozenset(data["carrier_kinds"])
        self.general_titles = frozenset(data["general_titles"])
        self.qualified_org_nouns = {noun: frozenset(words) for noun, words in data["qualified_org_nouns"].items()}
        self.sited = frozenset(data["sited_nouns"])
        resolution = read_json("resolution.json")
        self.org_words = frozenset(resolution["org_designators"])
        self.led_verbs = frozenset(data["led_verbs"])
        self.political_adjectives = frozenset(data["political_adjectives"])
        self.periodicals = frozenset(data["periodical_adjectives"])
        self.sport_bodies = frozenset(data["sport_bodies"])
        self.person_led_verbs = frozenset(data["person_led_verbs"])
        self.person_or_org_nouns = frozenset(data["person_or_org_nouns"])
        self.sited_facility_words = frozenset(data["sited_facility_words"])
        self.locative_words = frozenset(data["locative_words"])
        self.holding_nouns = frozenset(data["holding_nouns"])
        # "Universiti Malaysia Sabah", "Borsa Istanbul" (the short club abbreviations left to kg_names)
        self.org_openers = frozenset(w for w in resolution["org_openers"] if len(w) > 4)
        self.common = common_words(nlp)
        words = {*self.kind_of_noun, *self.qualified_org_nouns, *self.place_of, *self.place_heads, *self.facilities}
        words |= {*_LOCATIVE, *_BASED}
        words |= self.apposed_places | self.place_adjectives
        words |= _BETWEEN
        words |= {"tell", "from", "old", "general"} | self.periodicals | _STATEMENTS
        words |= {title[-1] for title in self.org_titles} | self.org_of | set(self.team_verbs)
        self.triggers = frozenset(nlp.vocab.strings.add(w) for w in words)

    def __call__(self, doc: Doc) -> Doc:
        try:
            return self._tag(doc)
        finally:
            doc.user_data.pop(_POSITIONS, None)  # the cache of _indices

    def _tag(self, doc: Doc) -> Doc:
        job = _Job(self, doc)
        rows = doc.to_array([LOWER, LEMMA]).tolist()  # only the words that may say a kind become Tokens
        for i, (lower, lemma) in enumerate(rows):
            if lower in self.triggers or lemma in self.triggers:
                job.around(doc[i])
        job.owners()
        job.people_of()
        job.cities()
        job.plural_teams()
        job.town_teams()
        job.led()
        job.places()
        job.appositions()
        job.political()
        job.determined()
        job.sport_bodies()
        job.openers()
        job.initialled()
        job.chaired()
        job.scores()
        job.quoted_titles()
        job.designated()
        job.sited_facilities()
        return job.finish()


class _Job:
    """The kinds of one doc's names: relabelled entities and new ones."""

    def __init__(self, rules: KindTagger, doc: Doc) -> None:
        self.rules, self.doc, self.tables = rules, doc, rules.tables
        self.ents = list(ents_of(doc))
        self.ent_at = entity_at(self.ents, len(doc))
        self.labels: dict[int, str] = {}  # entity index -> new label
        self.place_signs: dict[str, int] = {}  # a name's text -> weight of the signs that it is a place
        self.new: list[Span] = []
        self.dropped: set[int] = set()
        self.team_names: set[str] = set()  # names a sport verb says are teams ("plays for the Dolphins")
        self.team_texts: set[str] = set()  # every name found to be a team, marked for the resolver
        self.org_texts: set[str] = set()  # names NER called organisations that the words around confirm

    def label(self, n: int) -> str:
        return self.labels.get(n, self.ents[n].label_)

    @cached_property
    def people_words(self) -> frozenset[str]:
        """The words of the names NER gave as people's full names ("Friedrich Merz"): a word of one is no
        team, party or outlet of its own."""
        return frozenset(t.text for e in self.ents if e.label_ == "PERSON" and len(e) > 1 for t in e)

    def finish(self) -> Doc:
        doc = self.doc
        if not (self.labels or self.new or self.dropped or self.team_names or self.team_texts or self.org_texts):
            return doc
        for n, e in enumerate(self.ents):
            if e.text in self.team_names and self.label(n) in ("PERSON", "GPE", "LOC", "NORP"):
                self.labels[n] = "ORG"
        self.team_texts |= self.team_names
        self.spread_organisations()
        spread = {self.ents[n].text: kind for n, kind in self.labels.items() if kind in _SPREAD}
        spread |= {s.text: s.label_ for s in self.new if s.label_ in _SPREAD}
        for n, e in enumerate(self.ents):  # "Lumaxor" everywhere once "the drug Lumaxor" says what it is
            kind = spread.get(e.text)
            if kind and n not in self.labels and e.label_ in _RELABEL[kind] and not _known(self.tables, e.text, kind):
                self.labels[n] = kind
        covered = {i for s in self.new for i in range(s.start, s.end)}  # tokens of the new names
        confirmed = self.team_texts | self.org_texts  # names the words around make organisations
        spans = [
            piece
            for n, e in enumerate(self.ents)
            if n not in self.dropped and not (covered and any(i in covered for i in range(e.start, e.end)))
            for piece in self._places_apart(
                Span(doc, e.start, e.end, label=self.label(n), kb_id=self._kb(n, e, confirmed), span_id=e.id)
            )
        ]
        new = [Span(doc, s.start, s.end, label=s.label, kb_id=doc.vocab.strings.add(ORG_KB_ID))
               if s.label_ == "ORG" and s.text in confirmed else s for s in self.new]
        set_ents(doc, filter_spans([*new, *spans]))
        return doc

    def sited_facilities(self) -> None:
        """ "taken to Bokkos General Hospital", "treated at the Mulago clinic": a hospital or a clinic the
        text names more often as a place people go to or are at than as an actor ("Mulago Hospital
        said", "the hospital's director", "the director of Mulago Hospital") is a facility."""
        rules, doc = self.rules, self.doc
        votes: Counter[str] = Counter()
        named: dict[str, list[int]] = defaultdict(list)
        for n, e in enumerate(self.ents):
            if len(e) < 2 or e[-1].lower_ not in rules.sited_facility_words or self.label(n) not in ("ORG", "FAC"):
                continue
            k = e.start - 1
            if k >= 0 and doc[k].lower_ == "the":
                k -= 1  # "treated at the Mulago clinic"
            before = doc[k].lower_ if k >= 0 else ""
            acting = e.root.dep_ in _ACTING_DEPS or before in ("of", "by", "for")  # "Mulago Hospital said"
            votes[e.text] += -1 if acting else 1 if before in rules.locative_words else 0
            named[e.text].append(n)
        for text, vote in votes.items():
            if vote > 0:
                for n in named[text]:
                    self.labels[n] = "FAC"

    def designated(self) -> None:
        """ "Icelandic Road and Coastal Administration", "Kalahari Compass Tours" taken for a law or a
        person: a name of two words or more that ends in an organisation word is an organisation; and
        "DIRESA", "SALAMA" taken for places: a word of four capitals or more that the tables know as
        no place and that opens no sentence (a dateline) is one too."""
        for n, e in enumerate(self.ents):
            if self._ends_designated(n, e) or self._unknown_capitals(n, e) or self._ends_in_a_country(n, e):
                self.labels[n] = "ORG"

    def _ends_in_a_country(self, n: int, e: Span) -> bool:
        """ "Garuda Indonesia", "Greenpeace Africa" taken for a person: a person's name does not end in
        a country's or a continent's (many end in a city's: "Ibarra", "Morioka"), unless it opens with a first name
        ("Adriana Solís Montenegro"); "Lake Malawi", "Upper Austria" open with a word of place names."""
        if self.label(n) != "PERSON" or len(e) < 2 or _known(self.tables, e.text):
            return False
        if self.tables.is_given_name(e[0].text) or any(
            t.lower_ in self.rules.place_heads or t.lower_ in _PLACE_NAME_WORDS or t.lower_ in self.rules.place_openers
            for t in e[:-1]
        ):
            return False
        last = e[-1].text
        hit = self.tables.lookup(last)
        return (hit is not None and hit.source == "country" and last == hit.name) or last in self.rules.continents

    def _ends_designated(self, n: int, e: Span) -> bool:
        return self.label(n) in _DESIGNATED_MISLABELS and len(e) >= 2 and e[-1].is_title \
            and e[-1].lower_ in self.rules.org_words

    def _unknown_capitals(self, n: int, e: Span) -> bool:
        if self.label(n) not in ("GPE", "LOC") or len(e) != 1 or len(e[0]) < 4 or e[0].is_sent_start:
            return False
        # the tables' keys are case-folded: "KINDIA" is looked up as "Kindia" is
        return e[0].is_upper and e[0].is_alpha and not _known(self.tables, e.text) and not self.tables.is_region(e.text)

    def _kb(self, n: int, e: Span, confirmed: set[str]) -> int:
        """The span's knowledge-base id: ``ORG_KB_ID`` for an organisation the words around it say is
        one (a team named like a place, "Leeds"), which the resolver then leaves an organisation."""
        if self.label(n) != "ORG":
            return e.kb_id
        if self.labels.get(n) == "ORG" or (confirmed and e.text in confirmed):
            return self.doc.vocab.strings.add(ORG_KB_ID)
        return e.kb_id

    def _places_apart(self, span: Span) -> list[Span]:
        """ "between Putney and Mortlake": a name that became a place and holds "and" between two
        capitalised words is two places, unless the tables know the whole ("Trinidad and Tobago")."""
        if span.label_ not in ("GPE", "LOC") or len(span) < 3 or self.tables.lookup(span.text) is not None:
            return [span]
        return split_at_and(span, span.label_, _capitalised)

    # ------------------------------------------------------------------ the words around a token
    def around(self, tok: Token) -> None:
        doc, rules = self.doc, self.rules
        if (tok.lower_ in _LOCATIVE or tok.lower_ == "from" or tok.lower_ in _BETWEEN) and tok.i + 1 < len(doc):
            self.located(tok.i + 1, cities_only=tok.lower_ not in _LOCATIVE)
            n = self.ent_at[tok.i + 1] if tok.lower_ == "from" else -1
            to = self.ents[n].end if n >= 0 else len(doc)
            if to + 1 < len(doc) and doc[to].lower_ == "to":  # "from Putney to Mortlake": a sign for both
                self.placed(to + 1, _WEAK)
            if tok.lower_ == "in" and tok.i > 0 and doc[tok.i - 1].lower_ in rules.sited:
                self.placed(tok.i + 1, _STRONG)  # "a sawmill in Gospić"
            if tok.lower_ == "between":  # "between La Ceiba and San Pedro Sula": the second city too
                for c in tok.children:
                    for t in c.conjuncts if c.dep_ == "pobj" else ():
                        n = self.ent_at[t.i]
                        if n >= 0:
                            self.located(self.ents[n].start, cities_only=True)
        if tok.lower_ == "near" and tok.i > 0 and tok.i + 1 < len(doc):
            self.near(tok)
        aged = tok.lower_ == "old" and 2 <= tok.i < len(doc) - 1 and doc[tok.i - 2].lower_ in _YEARS
        if aged and doc[tok.i - 1].text == "-":  # "the 19-year-old Okonkwo-Hale"
            self.named(tok.i + 1, "PERSON")
        if tok.lower_ in _BASED and tok.i >= 2 and doc[tok.i - 1].text == "-":
            self.based(tok)
        if tok.lemma_ == "tell" and tok.pos_ == "VERB":
            self.told(tok)
        if tok.lower_ in _STATEMENTS:
            self.stated_to(tok)
        if tok.lemma_ in rules.team_verbs and tok.pos_ == "VERB":
            self.played_for(tok)
        if not tok.is_lower or not tok.is_alpha:
            return
        kind = rules.kind_of_noun.get(tok.lower_) or rules.kind_of_noun.get(tok.lemma_.lower())  # "deputies"
        if tok.lower_ == "carrier" and tok.i > 0 and doc[tok.i - 1].lower_ in rules.carrier_kinds:
            kind = "PRODUCT"  # "the car carrier Aurora Kestrel" is a ship
        elif kind is None and tok.i > 0 and doc[tok.i - 1].lower_ in rules.qualified_org_nouns.get(tok.lower_, ()):
            kind = "ORG"  # "the news site Seneweb"
        general = tok.lower_ == "general" and tok.i >= 2 and doc[tok.i - 1].text == "-" \
            and doc[tok.i - 2].lower_ in rules.general_titles  # "secretary-general", which the parser calls an ADJ
        if general:
            kind = "PERSON"
        if kind is not None and (tok.pos_ == "NOUN" or tok.dep_ == "compound" or general) and tok.i + 1 < len(doc):
            self.after_noun(tok, kind)
            self.in_apposition(tok, kind)
            self.known_as(tok, kind)
            if kind == "ORG":
                self.before_noun(tok)
        if tok.lower_ in rules.periodicals and tok.pos_ == "ADJ" and 0 < tok.i < len(doc) - 1 \
                and doc[tok.i - 1].lower_ in _ARTICLES and doc[tok.i + 1].pos_ == "PROPN":
            end = self._name_end(tok.i + 1, False)
            if end > tok.i + 1 and doc[end - 1].dep_ != "compound":  # not "the daily Covid tally"
                self.named(tok.i + 1, "ORG")  # "the weekly Falter reported"
        if tok.lower_ in rules.place_adjectives and tok.is_lower:
            self.provincial(tok)
        if tok.lower_ in rules.apposed_places and tok.dep_ == "appos" and tok.head.i < tok.i:
            self.apposed_place(tok.head)
        if tok.lower_ in rules.place_of and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "of":
            if self.named(tok.i + 2, "GPE"):
                self.placed(tok.i + 2, _STRONG)
            for c in doc[tok.i + 1].children:  # "the districts of San Juan de Lurigancho and Comas"
                for t in c.conjuncts if c.dep_ == "pobj" else ():
                    n = self.ent_at[t.i]
                    if n >= 0 and self.named(self.ents[n].start, "GPE"):
                        self.placed(self.ents[n].start, _STRONG)
        if tok.lower_ in rules.facilities and tok.pos_ == "NOUN" and tok.i > 0 and tok.dep_ != "compound":
            self.facility(tok.i - 1)  # not "the BRIN plant breeder": a noun before another
        if tok.lower_ in rules.place_heads and tok.pos_ == "NOUN":
            self.listed_before(tok.i)
            for c in tok.children:
                if c.i < tok.i and (c.dep_ in ("compound", "nmod") or (c.dep_ == "amod" and _capitalised(c))):
                    for t in (c, *c.conjuncts):
                        if self.named(t.i, "GPE", one=True):
                            self.placed(t.i, _STRONG)
        if tok.lower_ == "of" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "of":
            return
        titles = rules.org_titles_by_last.get(tok.lower_, ())
        if tok.lower_ in rules.org_of or any(self._ends_with(tok.i, title) for title in titles):
            self.named(tok.i + 2, "ORG", only=frozenset({"GPE", "LOC", "PERSON", "NORP", "FAC"}))

    def _ends_with(self, i: int, words: list[str]) -> bool:
        """Whether the words ending at token ``i`` are ``words`` ("chief executive" + "of")."""
        start = i - len(words) + 1
        return start >= 0 and [t.lower_ for t in self.doc[start : i + 1]] == words

    def after_noun(self, tok: Token, kind: str) -> None:
        """ "developer Nordhav Energi", "its distributor, Filmwelt Verleih,": the name after the noun
        is of the noun's kind."""
        own = self.ent_at[tok.i]
        if own >= 0 and self.ents[own].ent_id_ != self.rules.collective_id:
            return  # the noun is inside a name ("Green Party")
        start = tok.i + 1
        apposed = self.doc[start].text == "," and start + 1 < len(self.doc)
        if apposed:
            start += 1  # an apposition: it must close with punctuation (checked in named)
            if self.doc[start].lower_ == "the" and start + 1 < len(self.doc) and kind == "PRODUCT":
                start += 1  # "the tanker, the Sea Orchid,"
            if kind == "PERSON" and start + 3 < len(self.doc) and self.doc[start + 1].text == "-" \
                    and self.doc[start + 2].lower_ == "born":
                start += 3  # "its secretary-general, Nicaraguan-born Orlando Membreño,"
            n = self.ent_at[start]
            if n >= 0 and (root := self.ents[n].root).dep_ == "appos" and root.head.i != tok.i:
                return  # "a spokeswoman for the company, Leyla Hasanzade,": the name is the spokeswoman's
        n = self.ent_at[start] if start < len(self.doc) else -1
        if n >= 0 and kind == "ORG" and self.label(n) == "PERSON" and len(self.ents[n]) >= 2 \
                and self.tables.is_given_name(self.doc[start].text) and not self._ordinary_end(self.ents[n]):
            return  # "Emirati investor Khalid Al Mansoori", "A spokesman for the company, Yair Ben-Ami,"
        while kind == "PERSON" and start + 2 < len(self.doc) and (
            self.tables.is_title(self.doc[start].text) or self.doc[start].text in ("-", ".")
        ):
            start += 1  # "Its commander, Col. Rubén Choque Apaza,", "spokesperson Lt-Col. Mbali Ngcobo"
        found = self.named(start, kind, closed=apposed)
        if found and own >= 0:
            self.dropped.add(own)  # "the coalition" + "Juntos por Extremadura": the name is the coalition
        if tok.tag_ == "NNS" and not apposed:
            self._conjoined(start, kind)  # "the ferries Acadian Tide and Bluenose Spirit"

    def _conjoined(self, start: int, kind: str) -> None:
        """The name after "and" that follows the entity at ``start``, of the same kind (a plural noun
        named both)."""
        after = self._name_end(start, False)
        if after > start and after + 1 < len(self.doc) and self.doc[after].lower_ == "and":
            m = self.ent_at[after + 1]
            if m >= 0 and self.ents[m].start == after + 1:
                self.named(after + 1, kind)

    def _ordinary_end(self, e: Span) -> bool:
        """Whether a name ends in an ordinary word or an organisation word ("the broker Phillip Futures")."""
        last = e[-1].lower_
        return last in self.rules.common or last.rstrip("s") in self.rules.common or last in self.rules.org_words

    def known_as(self, tok: Token, kind: str) -> None:
        """ "a criminal group known as Lanterna Negra", 'a smuggler known as "El Gato"': the name is
        of the noun's kind."""
        doc, i = self.doc, tok.i + 1
        i += i < len(doc) and doc[i].text == ","
        if i + 2 < len(doc) and doc[i].lower_ == "known" and doc[i + 1].lower_ == "as":
            self.named(i + 2 + (doc[i + 2].text in _OPENING_QUOTES and i + 3 < len(doc)), kind)

    def _apposed_name(self, tok: Token, c: Token, kind: str, n: int) -> None:
        """ "Its managing director in Zambia, Thabo Nkosinathi Dube, said", "Its commander, Col. Rubén
        Choque Apaza,": a name in apposition that NER missed, or of which it tagged one word (rank
        and title left out)."""
        doc = self.doc
        start = c.i
        while start > tok.i + 1 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == c.i:
            start -= 1
        while start < c.i and (self.tables.is_title(doc[start].text) or doc[start].text == "."):
            start += 1
        if self.tables.is_title(doc[start].text) or (self.ent_at[start] >= 0 and start != c.i):
            return
        opened = doc[start - 1].text == "," or (doc[start - 1].text == "." and start > tok.i + 2)
        if c.i <= start or not opened:
            return
        if n < 0:
            self.named(start, kind, closed=True)
        elif all(_capitalised(t) for t in doc[start : c.i + 1]):
            self.dropped.add(n)  # NER's one word ("Apaza" as a place) gives way to the whole name
            self.new.append(Span(doc, start, c.i + 1, label=kind))

    def before_noun(self, tok: Token) -> None:
        """ "the Mercosur trade bloc", "the N1 television channel", "the ruling Morena party", "the
        semi-official Tasnim news agency": a name between "the" (or a possessive, and an adjective) and
        an organisation noun, with one lower-case word at most between, is an organisation."""
        doc = self.doc
        end = tok.i
        if end >= 1 and doc[end - 1].is_lower and doc[end - 1].is_alpha:
            end -= 1  # "trade", "television"
        start = end
        while start > 0 and end - start < 3 and doc[start - 1].text[:1].isupper() and not doc[start - 1].is_punct:
            start -= 1
        if end < tok.i and doc[end].lower_ in self.rules.place_adjectives:
            return  # "the Benguet provincial board": the name is the province's (see provincial)
        owner = start - 1
        if owner >= 1 and doc[owner].is_lower and doc[owner].is_alpha and doc[owner].pos_ in ("ADJ", "VERB"):
            owner -= 1  # "the ruling Morena party"
            if owner >= 2 and doc[owner].text == "-" and doc[owner - 1].is_lower and doc[owner - 1].is_alpha:
                owner -= 2  # "the semi-official Tasnim news agency"
        if start == end or start == 0 or owner < 0 or doc[owner].lower_ not in _OWNER_WORDS:
            return
        n = self.ent_at[start]
        if n >= 0 and (self.ents[n].start, self.ents[n].end) == (start, end):
            text = self.ents[n].text
            coded = self.label(n) == "CARDINAL" and any(c.isupper() for c in text)  # "the N1 television channel"
            unknown_place = self.label(n) in ("GPE", "LOC") and not _known(self.tables, text) \
                and not self.tables.is_city(text) and not self.tables.is_region(text)  # "the ruling Morena party"
            if (self.label(n) in _BRAND_LABELS or coded or unknown_place) and not _known(self.tables, text, "ORG"):
                self.labels[n] = "ORG"
        elif all(self.ent_at[i] < 0 and doc[i].pos_ == "PROPN" for i in range(start, end)):
            text = doc[start:end].text
            if not (_known(self.tables, text) or self.tables.is_region(text) or doc[start].is_sent_start):
                self.new.append(Span(doc, start, end, label="ORG"))

    def in_apposition(self, tok: Token, kind: str) -> None:
        """ "Chad's minister of humanitarian action, Abakar Mahamat Saleh,": a name the parser hangs on a
        kind noun as its apposition is of the noun's kind; "Smit Salvage, a unit of Boskalis": an
        untagged name the noun is in apposition to is tagged."""
        doc = self.doc
        # "director in Zambia, Thabo Nkosinathi Dube,", "a spokesman for the consulate in Tawau, Bayu
        # Setiawan,": the parser hangs the name on the place (a name NER tagged must open with a first name)
        placed = [a for o in self._objects(tok) if o.ent_type_ in ("GPE", "LOC") for a in o.children
                  if a.dep_ == "appos" and (a.ent_type_ == "" or self._first_named(a))]
        for c in [*tok.children, *(placed if kind == "PERSON" else ())]:
            n = self.ent_at[c.i] if c.dep_ == "appos" and c.i > tok.i else -1
            piece = n >= 0 and kind == "PERSON" and len(self.ents[n]) == 1 and not _known(self.tables, c.text)
            if (n < 0 or piece) and c.dep_ == "appos" and c.i > tok.i and c.pos_ == "PROPN":
                self._apposed_name(tok, c, kind, n)
                continue
            if n < 0 or self.ents[n].root.i != c.i or not self._after_comma(self.ents[n].start):
                continue
            e = self.ents[n]
            named = kind == "ORG" and self.label(n) == "PERSON" and self.tables.is_given_name(e[0].text)
            # one word: "the water utility, Jirama," (a "place" no table knows)
            long = len(e) > 1 or (
                kind == "ORG" and self.label(n) in ("GPE", "LOC") and not self.tables.is_region(e.text)
            )
            if self.label(n) in _RELABEL[kind] and not _known(self.tables, e.text, kind) and long and not named:
                self.labels[n] = kind  # ("A spokesman for the company, Yair Ben-Ami," stays a person)
        head = tok.head
        if tok.dep_ != "appos" or head.i >= tok.i or head.pos_ != "PROPN":
            return
        n = self.ent_at[head.i]
        if n >= 0:  # "Ömer Faruk Yıldırım, the head of DSİ": a tagged name NER took for an organisation
            e = self.ents[n]
            follows = e.end < len(doc) and doc[e.end].text == ","
            if kind == "PERSON" and follows and len(e) >= 2 and self.label(n) in ("ORG", "GPE", "LOC", "FAC") \
                    and not _known(self.tables, e.text, kind):
                self.labels[n] = kind
            elif kind != "PERSON" and follows and self.label(n) == "PERSON" and e.root.i == head.i \
                    and tok.lower_ not in self.rules.person_or_org_nouns \
                    and not self.tables.is_given_name(e[0].text) and not _known(self.tables, e.text):
                self.labels[n] = kind  # "Erdenes Mongol, the state holding company", "Abc Color, the ... newspaper"
            return
        start = head.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == head.i \
                and _capitalised(doc[start - 1]) and self.ent_at[start - 1] < 0:
            start -= 1
        if start < head.i and doc[head.i + 1].text == ",":
            self.named(start, kind)
        elif kind == "ORG" and doc[head.i + 1].text == "," and head.is_title and head.is_alpha and len(head) > 2 \
                and not _known(self.tables, head.text, kind):
            self.new.append(Span(doc, head.i, head.i + 1, label=kind))  # "Unite, the union that represents"

    @staticmethod
    def _objects(tok: Token) -> list[Token]:
        """The objects of the prepositions after ``tok``, and of those after them ("spokesman" ->
        "consulate", "Tawau" in "a spokesman for the consulate in Tawau")."""
        out, frontier = [], [tok]
        for _ in range(2):
            frontier = [o for t in frontier for p in t.children if p.dep_ == "prep" for o in p.children
                        if o.dep_ == "pobj"]
            out += frontier
        return out

    def _first_named(self, tok: Token) -> bool:
        """Whether the entity ``tok`` belongs to may be a person's name: it opens with a first name, or
        it is no place the tables know and has no word of a place's name ("Sabah State")."""
        n = self.ent_at[tok.i]
        if n < 0:
            return False
        e = self.ents[n]
        if self.tables.is_given_name(e[0].text):
            return True
        return len(e) >= 2 and not _known(self.tables, e.text, "PERSON") and not self.tables.is_region(e.text) \
            and not any(t.lower_ in self.rules.place_heads or t.lower_ in _PLACE_NAME_WORDS for t in e)  # "South Kivu"

    def _after_comma(self, start: int) -> bool:
        """Whether a comma comes right before the name at ``start``, or before a "Nicaraguan-born"."""
        doc, k = self.doc, start - 1
        if k >= 3 and doc[k].lower_ == "born" and doc[k - 1].text == "-":
            k -= 3  # ", Nicaraguan-born Orlando Membreño,"
        return k >= 0 and doc[k].text == ","

    def named(
        self, start: int, kind: str, one: bool = False, closed: bool = False, only: frozenset[str] | None = None
    ) -> bool:
        """Give the name that starts at ``start`` the kind ``kind``: relabel the entity there, or tag
        the capitalised run NER missed. Whether a name was found there."""
        doc = self.doc
        end = self._name_end(start, one)
        if end <= start:
            return False
        if closed and end < len(doc) and not (doc[end].is_punct or doc[end].is_space):
            return False
        run = doc[start:end]
        if kind == "PERSON" and (
            run[-1].lower_ in self.rules.org_words or self.tables.is_legal_form(run[-1].text)
            or any(t.text == "&" for t in run)
        ):
            return False  # "its lawyer, Hartmann & Roth", "the director Andersen Consulting" are no people
        inside = sorted({self.ent_at[i] for i in range(start, end) if self.ent_at[i] >= 0})
        if any(self.ents[n].start < start or self.ents[n].end > end for n in inside):
            return False  # the run cuts an entity
        relabel = only if only is not None else _RELABEL[kind]
        if len(inside) == 1 and self.ents[inside[0]].start == start and self.ents[inside[0]].end == end:
            n = inside[0]
            if self.label(n) in relabel and not _known(self.tables, self.ents[n].text, kind):
                self.labels[n] = kind
            return True
        if only is not None or (inside and kind == "PERSON"):
            return False  # a person's name is never pieced together from other names
        if any(self.ents[n].label_ == "PERSON" for n in inside):
            return False
        lone_capitals = len(run) == 1 and run[0].is_upper
        if lone_capitals and kind == "ORG" and len(run[0]) >= 3 and not self.tables.is_title(run[0].text):
            lone_capitals = False  # "the UN peacekeeping mission MONUSCO" ("the company CEO" aside)
        if _known(self.tables, run.text, kind) or (not inside and (run[0].is_sent_start or lone_capitals)):
            return False
        if inside and not any(t.lower_ in self.rules.links for t in run):
            return False  # two names side by side are not one
        self.new.append(Span(doc, start, end, label=kind))
        return True

    def _name_end(self, start: int, one: bool) -> int:
        """The end of a run of capitalised words starting at ``start`` (links allowed inside)."""
        doc = self.doc
        if one:
            return start + 1 if _capitalised(doc[start]) else start
        last, i = -1, start
        while i < len(doc) and i - start < self.rules.max_tokens:
            tok = doc[i]
            if _capitalised(tok):
                last = i
            elif last < 0 or not (tok.lower_ in self.rules.links or (tok.text == "-" and not doc[i - 1].whitespace_)):
                break
            i += 1
        return last + 1 if last >= 0 else start

    def located(self, i: int, cities_only: bool = False) -> None:
        """ "in Belem", "near Calais", "from Christchurch": a city, or a one-word "person" after
        "in"/"near", is a place; any other name there counts as a sign of a place (see ``places``)."""
        n = self.ent_at[i]
        if n < 0 or self.ents[n].start != i or self.label(n) not in {*_RELABEL_TO_PLACE, "GPE", "LOC"}:
            return
        e, doc = self.ents[n], self.doc
        after = doc[e.end] if e.end < len(doc) else None
        if after is not None and (after.lower_ in POSSESSIVE_MARKS or after.pos_ in ("NOUN", "PROPN")):
            return  # "in Smith's view", "in Calais port"
        self.placed(i, _STRONG if doc[i - 1].lower_ == "near" else _WEAK)  # a place here counts for the others
        if self.label(n) not in ("ORG", "PERSON"):
            return
        city = self.tables.is_city(e.text) and self.tables.lookup(e.text) is None
        lone = self.label(n) == "PERSON" and len(e) == 1 and not cities_only
        if city or (lone and not _known(self.tables, e.text, "GPE")) or (not cities_only and self._lone_town(e, i)):
            self.labels[n] = "GPE"
            self.placed(i, _WEAK)  # a place in every mention ("voters in Kabwata", "Kabwata lawmaker X")

    def _lone_town(self, e: Span, i: int) -> bool:
        """ "a congress in Kuressaare": a one-word "organisation" after "in" or "near", no ordinary
        word, no acronym and no name the tables know, is a town; not the company of "a stake in
        Kvalheim" (what one holds in an organisation, ``holding_nouns``)."""
        if self.label(self.ent_at[i]) != "ORG" or len(e) != 1 or not e[0].is_title:
            return False
        if e[0].lower_ in self.rules.common or _known(self.tables, e.text, "GPE") or self.tables.lookup(e.text):
            return False
        prep = self.doc[i - 1]
        return prep.head.lemma_.lower() not in self.rules.holding_nouns and not self.doc[i].ent_kb_id_

    def near(self, tok: Token) -> None:
        """ "Torrejón de Ardoz near Madrid": the name before "near" a known place is a place too."""
        n, k = self.ent_at[tok.i - 1], self.ent_at[tok.i + 1]
        if n < 0 or k < 0 or self.ents[n].end != tok.i or self.ents[k].start != tok.i + 1:
            return
        there = self.ents[k].text
        hit = self.tables.lookup(there)
        if (hit is not None and hit.type == "GPE") or self.tables.is_city(there) or self.tables.is_region(there):
            self.placed(self.ents[n].start, _STRONG)

    def played_for(self, verb: Token) -> None:
        """ "plays for the Dolphins", "signed for Hearts": the name after the verb's preposition is a
        team, and so is every mention of it (``team_verbs``)."""
        preps = self.rules.team_verbs[verb.lemma_]
        for p in verb.children:
            if p.dep_ != "prep" or p.lower_ not in preps:
                continue
            for o in p.children:
                n = self.ent_at[o.i] if o.dep_ == "pobj" else -1
                teamlike = n >= 0 and self.label(n) in ("PERSON", "GPE", "LOC", "NORP") and len(self.ents[n]) <= 3
                if teamlike and self.tables.lookup(self.ents[n].text) is None \
                        and not (verb.lemma_ == "sign" and self.tables.is_capital(self.ents[n].text)):
                    self.team_names.add(self.ents[n].text)  # ("signed for Tirana": a government signs)

    def based(self, tok: Token) -> None:
        """ "Manila-based Bahaghari Films": the name after "X-based" (and a kind noun) is an organisation,
        and the name before it is a place ("The Copenhagen-based company")."""
        doc, i = self.doc, tok.i + 1
        k = self.ent_at[tok.i - 2]
        before = k >= 0 and self.ents[k].end == tok.i - 1 and self.label(k) in ("ORG", "PERSON")
        if before and not _known(self.tables, self.ents[k].text, "GPE"):
            self.labels[k] = "GPE"
        place = doc[tok.i - 2]
        opening = place.is_sent_start and not (place.pos_ == "PROPN" or self.tables.is_city(place.text))
        known = self.tables.lookup(place.text)
        if k < 0 and _capitalised(place) and not opening and not self.tables.is_title(place.text) \
                and doc[place.i - 1].text != "-" and (known is None or known.type == "GPE"):
            first = self._place_start(place.i)  # "Stuttgart-based Kessler", "The Punta del Este-based company"
            self.new.append(Span(doc, first, place.i + 1, label="GPE"))
        while i < min(tok.i + 4, len(doc)) and doc[i].is_lower and doc[i].pos_ in ("NOUN", "ADJ"):
            i += 1
        if i < len(doc) and self.ent_at[i] >= 0 and self.ents[self.ent_at[i]].start == i:
            self.named(i, "ORG")

    def _place_start(self, last: int) -> int:
        """Where a place's name that ends at token ``last`` starts: capitalised words and the particles
        between them ("Punta del Este", "Can Tho"), untagged, not an article, at most four words."""
        doc, first = self.doc, last
        while first - 1 >= 0 and last - first < 3 and self.ent_at[first - 1] < 0 and doc[first - 1].whitespace_:
            tok = doc[first - 1]
            particle = tok.lower_ in _PLACE_PARTICLES and first - 2 >= 0 and _capitalised(doc[first - 2])
            word = _capitalised(tok) and tok.is_alpha and tok.lower_ not in _ARTICLES \
                and not (tok.is_sent_start and tok.lower_ in self.rules.common) and not self.tables.is_title(tok.text)
            if not (particle or word):
                break
            first -= 1
        return first if doc[first].lower_ not in _PLACE_PARTICLES else first + 1

    def told(self, verb: Token) -> None:
        """ "told Politico Europe", "told Yonhap": whom a person tells is no place (a medium, an
        agency), nor a one-word "person" that is no word of a person's name in the text and no first
        name; capitalised words NER left out before the name are part of it ("told RPP" + "Noticias")."""
        for c in verb.children:
            n = self.ent_at[c.i] if c.dep_ in ("dobj", "dative") else -1
            if n < 0 and c.dep_ in ("dobj", "dative") and c.i == c.right_edge.i:
                self._medium(verb, c)
            if n < 0 or _known(self.tables, self.ents[n].text, "ORG"):
                continue  # a place or a person the tables know; an agency they know is an organisation
            self._addressed(n)
            e = self.ents[n]
            before = self.doc[e.start - 1] if e.start > 0 else None
            if before is not None and before.i > verb.i and self.ent_at[before.i] < 0 and before.is_upper:
                self.dropped.add(n)  # "told RPP Noticias": one name
                self.new.append(Span(self.doc, before.i, e.end, label="ORG"))

    def stated_to(self, noun: Token) -> None:
        """ "said in a statement to Lianhe Bao", "in an interview with Abc Color": whom a statement is
        made to is no place, nor a person with no first name, as in ``told``."""
        for prep in noun.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("to", "with"):
                continue
            for c in prep.children:
                n = self.ent_at[c.i] if c.dep_ == "pobj" else -1
                if n >= 0 and not _known(self.tables, self.ents[n].text, "ORG"):
                    self._addressed(n)

    def _addressed(self, n: int) -> None:
        """Entity ``n`` is told something: an outlet or an agency unless it is a person's name."""
        e = self.ents[n]
        if self.label(n) in ("GPE", "LOC", "FAC"):
            self.labels[n] = "ORG"
        elif self.label(n) == "PERSON" and len(e) == 1 and not self.tables.is_given_name(e.text):
            self.labels[n] = self.label(n) if e.text in self.people_words else "ORG"
        elif self.label(n) == "PERSON" and not self.tables.is_given_name(e[0].text) and not self._named_alone(e):
            self.labels[n] = "ORG"  # "told France Bleu", "told Dagens Industri": no first name, no surname alone

    def _medium(self, verb: Token, obj: Token) -> None:
        """ "told TV 2 Sport", "told Polish Radio", "told the Hamburger Abendblatt": a capitalised run NER
        did not tag (a demonym may open it) right after "told" (and "the") is a medium."""
        doc = self.doc
        start = verb.i + 1
        if start < obj.i and doc[start].lower_ == "the":
            start += 1  # "told the Hamburger Abendblatt"
        if start > obj.i or not all(t.text[:1].isupper() or t.like_num for t in doc[start : obj.i + 1]):
            return
        media = obj.is_upper and len(obj) <= 3 and obj.i > start  # "told Citi FM": NER's "Citi" is the station's
        if not obj.text[:1].isupper() or any(self.ent_at[i] >= 0 and self.ents[self.ent_at[i]].label_ != "NORP"
                                             and not (media and len(self.ents[self.ent_at[i]]) == 1)
                                             for i in range(start, obj.i + 1)):
            return
        inside = {self.ent_at[i] for i in range(start, obj.i + 1) if self.ent_at[i] >= 0}
        if obj.i - start < 1 or any(self.ents[n].start < start for n in inside):
            return  # "told Reuters" is NER's, and a lone word says too little
        self.dropped |= inside
        self.new.append(Span(doc, start, obj.i + 1, label="ORG"))

    def facility(self, i: int) -> None:
        """ "the Kéniéba mine": the name right before a facility noun is the facility, named with the
        noun ("Kéniéba mine"); a bare "Kéniéba" elsewhere is its short form."""
        n = self.ent_at[i]
        if n < 0 or self.ents[n].end != i + 1 or self.label(n) not in _RELABEL_TO_FAC:
            return
        start = self.ents[n].start
        indefinite = start > 0 and self.doc[start - 1].lower_ in ("a", "an")
        if (self.label(n) == "ORG" and len(self.ents[n]) >= 2) or indefinite:
            return  # "the Acme Motors plant", "a Maruti Suzuki plant": a company's plant, not a named one
        if not _known(self.tables, self.ents[n].text, "FAC") and not self.tables.is_city(self.ents[n].text):
            self.labels[n] = "FAC"
            self.new.append(Span(self.doc, self.ents[n].start, i + 2, label="FAC"))

    def provincial(self, tok: Token) -> None:
        """ "the Benguet provincial board", "the Cusco municipal council": an "organisation" of one or
        two words right before a place adjective and a noun is the place."""
        doc = self.doc
        n = self.ent_at[tok.i - 1] if tok.i > 0 else -1
        if n < 0 or tok.i + 1 >= len(doc) or not (doc[tok.i + 1].is_lower and doc[tok.i + 1].pos_ == "NOUN"):
            return
        e = self.ents[n]
        if e.end == tok.i and self.label(n) == "ORG" and len(e) <= 2 and not _known(self.tables, e.text, "ORG"):
            self.labels[n] = "GPE"

    def apposed_place(self, head: Token) -> None:
        """ "Naray, a market town close to the frontier", "Kousseri, the Cameroonian town across the
        water": a name with a place noun in apposition is a place."""
        n = self.ent_at[head.i]
        if n >= 0 and self.ents[n].end < len(self.doc) and self.doc[self.ents[n].end].text == ",":
            self.placed(self.ents[n].start, _STRONG)
        elif n < 0 and head.pos_ == "PROPN" and head.i + 1 < len(self.doc) and self.doc[head.i + 1].text == ",":
            start = head.i  # a name NER missed: "Residents of Barikot, a market town"
            while start > 0 and self.doc[start - 1].dep_ == "compound" and self.doc[start - 1].pos_ == "PROPN":
                start -= 1
            self.named(start, "GPE")

    def listed_before(self, i: int) -> None:
        """ "Colombo, Gampaha and Kalutara districts": every name of the list before a place noun."""
        doc = self.doc
        k = i - 1
        while k >= 0 and (n := self.ent_at[k]) >= 0 and self.ents[n].end == k + 1:
            start = self.ents[n].start
            if self.named(start, "GPE"):
                self.placed(start, _STRONG)
            k = start - 1
            if k >= 1 and doc[k].lower_ in ("and", "or") and doc[k - 1].text == ",":
                k -= 2  # "A, B, and C"
            elif k >= 0 and (doc[k].text == "," or doc[k].lower_ in ("and", "or")):
                k -= 1
            else:
                break

    def placed(self, i: int, weight: int) -> None:
        """Count a sign that the name at token ``i`` is a place."""
        n = self.ent_at[i]
        if n >= 0:
            text = self.ents[n].text
            self.place_signs[text] = self.place_signs.get(text, 0) + weight

    # ------------------------------------------------------------------ whole-entity rules
    def places(self) -> None:
        """A name the tables do not know, with signs of a place ("near Barpak", "the town of Chhatak",
        "Sunamganj district", "Skellefteå, in northern Sweden", and twice "in X"), is a place in every
        mention, unless it opens an organisation's name or is a word of a person's name."""
        doc, tables = self.doc, self.tables
        for n, e in enumerate(self.ents):  # "Skellefteå, in northern Sweden", "Espoo, Finland"
            i = e.end
            if i + 1 < len(doc) and doc[i].text == "," and self.label(n) in _RELABEL_TO_PLACE and len(e) <= 2:
                i += 1
                while i < min(e.end + 5, len(doc)) and doc[i].is_lower and doc[i].pos_ in ("ADP", "ADJ"):
                    i += 1
                k = self.ent_at[i] if i < len(doc) else -1
                whole = k >= 0 and self.ents[k].start == i
                end = self.ents[k].end if whole else i
                hit = tables.lookup(self.ents[k].text) if whole else None
                closed = end >= len(doc) or (doc[end].is_punct and doc[end].text not in POSSESSIVE_MARKS)
                if hit is not None and hit.type == "GPE" and hit.source == "country" and closed:
                    self.placed(e.start, _STRONG)
        if not self.place_signs:
            return
        words_of_names = {t.text for e in self.ents if len(e) > 1 and e.label_ in ("PERSON", "ORG") for t in e}
        for n, e in enumerate(self.ents):
            if self.place_signs.get(e.text, 0) < _STRONG or self.label(n) not in _RELABEL_TO_PLACE:
                continue
            if _known(tables, e.text, "GPE") or (len(e) == 1 and e.text in words_of_names):
                continue
            self.labels[n] = "GPE"

    def led(self) -> None:
        """ "Jangy Bagyt is led by Nurlanbek Asanaliev": a name that is led, chaired, founded or owned by
        someone (``led_verbs``, with "by": not "was run out for 45") is an organisation, whatever NER
        called it, unless the tables know it."""
        doc = self.doc
        for n, e in enumerate(self.ents):
            verb = e.root.head if e.root.dep_ == "nsubjpass" else None
            if verb is None and e.end + 1 < len(doc) and doc[e.end].text == "," \
                    and doc[e.end + 1].lower_ in ("which", "that") and doc[e.end + 1].dep_ == "nsubjpass":
                verb = doc[e.end + 1].head  # "rivals such as Frisco, which is owned by Eurocash"
            if verb is None or verb.lemma_.lower() not in self.rules.led_verbs:
                continue
            if not any(c.dep_ == "agent" for c in verb.children):
                continue  # "was run out for 45", "was led from the dock": no "by" whom
            if self.label(n) in _RELABEL_TO_ORG and not _known(self.tables, e.text):
                self.labels[n] = "ORG"
            elif self.label(n) == "ORG":
                self.org_texts.add(e.text)  # "rivals such as Frisco, which is owned by Eurocash": no city

    def owners(self) -> None:
        """ "Nordhav chief executive Mette Kjaergaard", "Veltrax's chief executive Matthias Kern": a
        "person" (or a "work", a "product") that owns a title is an organisation."""
        doc, tables = self.doc, self.tables
        for n, e in enumerate(self.ents[:-1]):
            placed = self.label(n) in ("GPE", "LOC") and len(e) == 1
            org = self.label(n) == "ORG" and len(e) == 1  # "Aalborg's Swedish coach": a club, not the city
            if (self.label(n) not in _OWNER_GUESSES and not placed and not org) \
                    or (_known(tables, e.text) and not placed):
                continue
            if placed and self._org_title_owned(e):
                continue
            nxt = self.ents[n + 1]
            between = doc[e.end : nxt.start]
            if between and between[0].lower_ in POSSESSIVE_MARKS:
                between = between[1:]
            if nxt.label_ != "PERSON" or not 1 <= len(between) <= _MAX_TITLE_WORDS:
                continue
            role = all(
                tables.is_title(t.text) or (t.is_lower and t.is_alpha and t.pos_ in ("NOUN", "ADJ")) for t in between
            )
            last = between[-1].lower_.rstrip(".")
            if role and tables.is_title(last) and last not in self.rules.honorifics:
                if org:
                    self.org_texts.add(e.text)
                else:
                    self.labels[n] = "ORG"

    def cities(self) -> None:
        """ "exports to Durban", "a Durban clearing agent": a city NER took for an organisation is the
        place after a preposition of place or as a modifier of a common noun ("Hitachi said" stays a
        company)."""
        doc = self.doc
        for n, e in enumerate(self.ents):
            if self.label(n) != "ORG" or len(e) != 1 or not self.tables.is_town(e.text) \
                    or self.tables.lookup(e.text) is not None:
                continue
            root = e.root
            after_prep = e.start > 0 and doc[e.start - 1].lower_ in _PLACE_PREPS
            modifier = root.dep_ in ("compound", "nmod") and root.head.pos_ in ("NOUN", "VERB") and root.head.is_lower
            if after_prep or modifier:
                self.labels[n] = "GPE"

    def people_of(self) -> None:
        """ "accountant Declan Moriarty of Grant Thornton": a "person" right after a person's name and
        "of" is the organisation the person works for."""
        doc = self.doc
        for n in range(len(self.ents) - 1):
            e, nxt = self.ents[n], self.ents[n + 1]
            if self.label(n) != "PERSON" or self.label(n + 1) != "PERSON" or len(e) < 2:
                continue
            if nxt.start != e.end + 1 or doc[e.end].lower_ != "of" or _known(self.tables, nxt.text):
                continue
            self.labels[n + 1] = "ORG"

    def spread_organisations(self) -> None:
        """ "Brazil's state oil company Petrobras" ... "Petrobras said": a one-word name the context
        made an organisation is one in every mention NER took for a person, unless it is a first
        name or a word of a person's full name in the text."""
        orgs = {self.ents[n].text for n, kind in self.labels.items() if kind == "ORG" and len(self.ents[n]) == 1}
        orgs |= {s.text for s in self.new if s.label_ == "ORG" and len(s) == 1}
        # "Viv Ansanm, the coalition of gangs" ... "financing Viv Ansanm": a longer name too, written alike
        named = {self.ents[n].text for n, kind in self.labels.items() if kind == "ORG" and len(self.ents[n]) > 1
                 and self.ents[n].label_ == "PERSON"}
        if not orgs and not named:
            return
        people = self.people_words
        for n, e in enumerate(self.ents):
            if self.label(n) != "PERSON":
                continue
            if e.text in named or (e.text in orgs and e.text not in people and not self.tables.is_given_name(e.text)):
                self.labels[n] = "ORG"

    def _org_title_owned(self, e: Span) -> bool:
        """For a place before a title: False (it becomes an organisation) when a title only an
        organisation has follows it ("Anderlecht's sporting director") and no table calls it a country."""
        doc = self.doc
        i = e.end + 1 if e.end < len(doc) and doc[e.end].lower_ in POSSESSIVE_MARKS else e.end
        if i >= len(doc) or doc[i].lower_ not in self.rules.org_title_openers:
            return True
        hit = self.tables.lookup(e.text)
        if hit is not None and hit.source in ("country", "demonym"):
            return True
        words = [t.lower_ for t in doc[i : i + 4]]
        for title in self.rules.org_titles:
            if words[: len(title)] == title and title[0] not in _PERSONAL_TITLES:
                n = self.ent_at[e.start]
                self.labels[n] = "ORG"
                return True
        return True

    def _named_alone(self, ent: Span) -> bool:
        """Whether a word of ``ent`` is also a name on its own in the doc (a person's surname)."""
        words = {t.text for t in ent}
        return any(len(e) == 1 and e.text in words for e in self.ents)

    def plural_teams(self) -> None:
        """ "Lyon are owned by", "Galatasaray have completed the signing": a one-word name NER took
        for a place or a person that is the subject of a plural verb is a team (a country stays a
        country), and so is every mention of it."""
        teams, doc = set(), self.doc
        for n, e in enumerate(self.ents):
            if e.end - e.start != 1 or self.label(n) not in ("GPE", "LOC", "PERSON"):
                continue
            tok = doc[e.start]
            if tok.dep_ not in _SUBJECTS or tok.i > tok.head.i:
                continue
            verb = tok.head
            auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
            tags = {verb.tag_} | {c.tag_ for c in auxes}
            plural = "VBP" in tags or any(t.lower_ == "were" for t in (verb, *auxes))  # "Bahawalpur were 129 for six"
            hit = self.tables.lookup(e.text)
            if plural and not (hit is not None and hit.source in ("country", "demonym")):
                teams.add(e.text)
        people = self.people_words
        for n, e in enumerate(self.ents):
            if e.text in teams and e.text not in people and self.label(n) in ("GPE", "LOC", "PERSON"):
                self.labels[n] = "ORG"
                self.team_texts.add(e.text)

    def town_teams(self) -> None:
        """ "Bahawalpur Stallions", "Tai Po Dragons": a "person" whose name opens with a town and
        ends in the plural of an ordinary noun is a team (a first name opens no team's name)."""
        for n, e in enumerate(self.ents):
            if self.label(n) != "PERSON" or len(e) < 2 or self.tables.is_given_name(e[0].text):
                continue
            last = e[-1].lower_
            if not (last.endswith("s") and last[:-1] in self.rules.common):
                continue
            if any(self.tables.is_town(e[:k].text) or self.tables.is_place(e[:k].text) for k in range(1, len(e))):
                self.labels[n] = "ORG"
                self.team_texts.add(e.text)

    def _subjects(self, verb: Token) -> list[int]:
        return [self.ent_at[c.i] for c in _subject_of(verb) if self.ent_at[c.i] >= 0]

    def appositions(self) -> None:
        """ "Borussia Dortmund, the only club listed ...", "Cascade Cloud, a Seattle data-centre
        operator": a name followed by ", the/a ... <kind noun>" is of the noun's kind."""
        doc = self.doc
        for n, e in enumerate(self.ents):
            if e.end + 2 >= len(doc) or doc[e.end].text != ",":
                continue
            if doc[e.end + 1].lower_ in _RELATIVE_KINDS:
                self._relative(n, e, doc[e.end + 1])
                continue
            if doc[e.end + 1].lower_ not in _ARTICLES:
                self._bare_role(n, e)
                continue
            i = e.end + 2
            while i < min(e.end + 7, len(doc)) and (doc[i].is_lower or doc[i].ent_type_ in ("GPE", "NORP", "ORG")):
                kind = self.rules.kind_of_noun.get(doc[i].lower_) if doc[i].is_lower else None
                nxt = doc[i + 1] if i + 1 < len(doc) else None
                head = nxt is None or not (nxt.pos_ in ("NOUN", "PROPN", "PART") or nxt.lower_ in POSSESSIVE_MARKS)
                if kind is not None and doc[i].pos_ == "NOUN" and head:  # not "the party's leader"
                    job = self.label(n) == "PERSON" and doc[i].lower_ in self.rules.person_or_org_nouns
                    if self.label(n) in _RELABEL[kind] and not _known(self.tables, e.text, kind) and not job:
                        self.labels[n] = kind
                    break
                clause = doc[i].pos_ in _APPOSITION_ENDS and doc[i].tag_ not in _PARTICIPLES
                if (doc[i].pos_ == "NOUN" and head) or clause:
                    break  # "X, a geographer at the university": the apposition's noun is "geographer";
                    # "X, a Finn who led his side": a clause is no part of it ("the ruling party" is)
                i += 1

    def political(self) -> None:
        """ "the far-right Chega", "Timor's ruling Fretilin": a "person" after "the" (or a possessive)
        and words of ``political_adjectives`` is a party or a movement (people get a title there:
        "the far-right leader X")."""
        doc, words = self.doc, self.rules.political_adjectives
        for n, e in enumerate(self.ents):
            if self.label(n) != "PERSON" or len(e) > 3 or self.tables.is_given_name(e[0].text):
                continue
            k = e.start
            while k > 0 and e.start - k < _MAX_TITLE_WORDS and (doc[k - 1].is_lower or doc[k - 1].text == "-") \
                    and doc[k - 1].lower_ != "the" and doc[k - 1].lower_ not in POSSESSIVE_MARKS:
                k -= 1
            if k == e.start or k == 0 or not (doc[k - 1].lower_ == "the" or doc[k - 1].lower_ in POSSESSIVE_MARKS):
                continue
            said = doc[k : e.start].text.replace(" - ", "-").replace(" -", "-").replace("- ", "-")
            if len(e) > 1 and opens_like_a_person(doc, e.start, e.end, self.tables):
                continue  # "the opposition Kizza Besigye ... Besigye, 68,": a politician
            if all(w in words for w in said.split()) and not _known(self.tables, e.text, "PERSON") \
                    and e.text not in self.people_words:  # "Friedrich Merz ... the conservative Merz"
                self.labels[n] = "ORG"

    def determined(self) -> None:
        """ "along the Dniester", "the Christian Democrats walked out", "the Fiscalía said": English
        writes no "the" right before a person's name, so a "person" that opens after "the" and is no
        modifier ("the Santoso family", "the Győr ruling") is a place as the object of a preposition
        (a town when GeoNames knows it) and an organisation elsewhere; one that modifies a title is an
        organisation ("the Unifor representative")."""
        doc = self.doc
        for n, e in enumerate(self.ents):
            if n in self.labels or e.label_ != "PERSON" or e.start == 0 or doc[e.start - 1].lower_ != "the":
                continue
            root = e.root
            if _known(self.tables, e.text, "PERSON"):
                continue
            if root.dep_ in _MODIFIERS:
                if self._owns_title(e):
                    self.labels[n] = "ORG"  # "Trevor MacIsaac, the Unifor representative"
                continue
            if len(e) == 1 and e.text in self.people_words:
                continue  # "the Merz government" parsed badly: a word of a person's name
            if root.dep_ == "pobj":
                if not self.tables.is_given_name(e[0].text):  # ("of the Christian Democrats": resolved later)
                    self.labels[n] = "GPE" if self.tables.is_town(e.text) else "LOC"
            else:
                self.labels[n] = "ORG"

    def _owns_title(self, e: Span) -> bool:
        """ "the Unifor representative", "the Bregenz Handball coach": a name right before a title a
        person holds (not a town's or a region's: "the Győr mayor")."""
        head = self._title_after(e)
        return head is not None and self.tables.is_title(head.text) and head.lower_ not in self.rules.honorifics \
            and not self.tables.is_place(e.text) and not self.tables.is_town(e.text)

    def _title_after(self, e: Span) -> Token | None:
        head = e.root.head
        return head if head.i == e.end and head.is_lower else None

    def sport_bodies(self) -> None:
        """ "Rowing Ireland", "Athletics Kenya": a sport's name (``sport_bodies``) and a country's is the
        sport's national body, an organisation; "World Lacrosse" its world body."""
        doc, tables, sports = self.doc, self.tables, self.rules.sport_bodies
        for n, e in enumerate(self.ents):
            before = doc[e.start - 1] if e.start > 0 else None
            if before is not None and before.text in sports and self.ent_at[before.i] < 0 and not before.is_sent_start \
                    and self.label(n) == "GPE" and (hit := tables.lookup(e.text)) is not None and hit.type == "GPE":
                self.dropped.add(n)  # "joined Athletics Kenya", where NER saw only the country
                self.new.append(Span(doc, before.i, e.end, label="ORG"))
                continue
            if before is not None and before.text == "World" and self.ent_at[before.i] < 0 and len(e) == 1 \
                    and e.text in sports:
                self.dropped.add(n)  # "World Lacrosse", "World Aquatics": the sport's world body
                self.new.append(Span(doc, before.i, e.end, label="ORG"))
                continue
            if len(e) < 2 or self.label(n) == "ORG" or e[0].text not in sports:
                continue
            hit = tables.lookup(e[1:].text)
            if hit is not None and hit.type == "GPE" and tables.lookup(e.text) is None:
                self.labels[n] = "ORG"

    def openers(self) -> None:
        """ "Universiti Malaysia Sabah", "Universitas Jambi": a word that opens organisations' names in
        another language (``org_openers``) and the capitalised words after it are one organisation,
        however NER cut or called them (a title ends the name: "Grupo Albera Chief Executive ...")."""
        doc, tables = self.doc, self.tables
        for i in _indices(doc, lambda text: text.istitle() and text.casefold() in self.rules.org_openers):
            if i > 0 and _capitalised(doc[i - 1]) and doc[i - 1].lower_ not in _ARTICLES and not doc[i].is_sent_start:
                continue  # "Esporte Clube Pinheiros": the name opens before
            end = self._name_end(i, False)
            cut = next((k for k in range(i + 1, end) if tables.is_title(doc[k].text)), end)
            while cut > i + 1 and doc[cut - 1].lower_ in self.rules.links:
                cut -= 1
            if cut - i < 2:
                continue
            inside = {self.ent_at[k] for k in range(i, cut) if self.ent_at[k] >= 0}
            if any(self.ents[n].start < i or self.ents[n].end > cut for n in inside) \
                    or any(self.label(n) == "PERSON" and tables.is_given_name(self.ents[n][0].text) for n in inside):
                continue
            whole = [n for n in inside if self.ents[n].start == i and self.ents[n].end == cut]
            if whole:
                if self.label(whole[0]) != "ORG" and not _known(self.tables, doc[i:cut].text, "ORG"):
                    self.labels[whole[0]] = "ORG"
                continue
            self.dropped |= inside
            self.new.append(Span(doc, i, cut, label="ORG"))

    def initialled(self) -> None:
        """ "P.K. Sudhakaran Nair": initials written with dots and two capitalised words or more are a
        person's name, whatever NER called it ("J.P. Morgan" has one word after them)."""
        tables = self.tables
        for n, e in enumerate(self.ents):
            if self.label(n) == "PERSON" or len(e) < 3 or not _DOTTED_INITIALS.fullmatch(e[0].text) \
                    or tables.lookup(e[0].text) is not None:  # "U.S. Africa Command"
                continue
            rest = e[1:]
            if all(t.is_title and t.is_alpha for t in rest) and self._name_words(rest) \
                    and not _known(tables, e.text, "PERSON") and self.label(n) in _RELABEL_TO_PERSON:
                self.labels[n] = "PERSON"  # (not "J.P. Morgan Chase", "T. Rowe Price", "T.S. Eliot Prize")

    def chaired(self) -> None:
        """ "a committee chaired by Dal Bahadur Buda": the agent of a verb only people do to a body
        (``person_led_verbs``) is a person, whatever NER called it."""
        tables = self.tables
        for n, e in enumerate(self.ents):
            root = e.root
            if self.label(n) not in _RELABEL_TO_PERSON or len(e) < 2 or root.dep_ != "pobj" \
                    or root.head.dep_ != "agent" or root.head.head.lemma_.lower() not in self.rules.person_led_verbs:
                continue
            if self._name_words(e) and not _known(tables, e.text, "PERSON"):
                self.labels[n] = "PERSON"  # (not "headed by Saudi Aramco Trading", "Public Health England")

    def _name_words(self, words: Span) -> bool:
        """Whether the words may be a person's name: the last (a surname) no ordinary word, and none a
        designator, a legal form or a place the tables know ("Dal Bahadur Buda", not "J.P. Morgan Chase"
        or "Public Health England")."""
        tables, rules = self.tables, self.rules
        return words[-1].lower_ not in rules.common and not any(
            t.lower_ in rules.org_words or tables.is_legal_form(t.text)
            or ((hit := tables.lookup(t.text)) is not None and hit.type == "GPE")  # a country, not "Buda"
            for t in words
        )

    def _relative(self, n: int, e: Span, pronoun: Token) -> None:
        """ "Fiskimálaráðið, which represents vessel owners": a "person" a relative clause with "which"
        is about is an organisation; "Nguyễn Đức Huy, who built payment software": a "work", a
        "product" or an unknown "place" one with "who" is about is a person (an "organisation" only
        when a first name opens it: groups are "who" too)."""
        clause = pronoun.head
        if clause.dep_ != "relcl" or not e.start <= clause.head.i < e.end:
            return
        label, text = self.label(n), e.text
        if pronoun.lower_ == "which":
            # ("the course designed by the Spaniard Santiago Varela-Mier, which caught out": a person; "She
            # thanked Ramaphosa, which drew applause", "introduced by Senator Hughes, which surprised
            # many": "which" is about the act, so not a verb's object or agent)
            named = any(self.tables.is_given_name(t.text) for t in e) or self.tables.is_demonym(e[0].text)
            root = e.root
            acted_on = root.dep_ in ("dobj", "dative") or (root.dep_ == "pobj" and root.head.lower_ == "by")
            if label == "PERSON" and not acted_on and not named and not _known(self.tables, text, "PERSON"):
                self.labels[n] = "ORG"
            return
        named = self.tables.is_given_name(e[0].text)
        placed = any(self.tables.is_town_or_country(t.text) for t in e)  # "Bayern Munich, who lost": a club
        if (label in _WHO_GUESSES or (label == "ORG" and named)) and len(e) >= 2 and not placed \
                and not _known(self.tables, text, "PERSON"):
            self.labels[n] = "PERSON"

    def _bare_role(self, n: int, e: Span) -> None:
        """ "said Wahyudi, chief economist at ...": a one-word name followed by a role without an
        article and the role's preposition is a person."""
        doc = self.doc
        if len(e) != 1 or self.label(n) == "PERSON" or _known(self.tables, e.text, "PERSON"):
            return
        i = e.end + 1
        while i < min(e.end + 4, len(doc)) and doc[i].is_lower and doc[i].is_alpha:
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if self.rules.kind_of_noun.get(doc[i].lower_) == "PERSON" and nxt is not None \
                    and nxt.lower_ in _ROLE_PREPS and doc[i].pos_ == "NOUN":
                if self.label(n) in _RELABEL["PERSON"]:
                    self.labels[n] = "PERSON"
                return
            i += 1

    def quoted_titles(self) -> None:
        """ "for \u201cHabagat\u201d, a quiet drama": a short capitalised name in quotation marks is the
        title of a work, and so is every other mention of it."""
        doc, titles = self.doc, {}
        for i in _indices(doc, lambda text: text in _OPENING_QUOTES):  # no Token for the other words
            tok = doc[i]
            end = tok.i + 1
            while end < len(doc) and end - tok.i <= _MAX_TITLE_TOKENS and doc[end].text not in _CLOSING_QUOTES:
                end += 1
            run = doc[tok.i + 1 : end]
            closed = end < len(doc) and doc[end].text in _CLOSING_QUOTES  # not the start of a long quote
            if not closed or not run or len(run) > _MAX_TITLE_TOKENS or not _capitalised(run[0]):
                continue
            if not all(_capitalised(t) or t.lower_ in self.rules.links or (t.is_lower and len(t) <= 3) for t in run):
                continue
            after = doc[end + 1] if end + 1 < len(doc) else None
            if after is not None and self.rules.kind_of_noun.get(after.lower_) == "ORG":
                continue  # 'the "Oaxaca Primero" alliance': a quoted name of an organisation
            inside = {self.ent_at[i] for i in range(run.start, run.end)}
            if inside == {-1}:
                self.new.append(Span(doc, run.start, run.end, label="WORK_OF_ART"))
            elif len(inside) == 1 and -1 not in inside:
                n = inside.pop()
                if self.ents[n].start == run.start and self.ents[n].end == run.end and self.label(n) != "PERSON":
                    titles[self.ents[n].text] = n
        for n, e in enumerate(self.ents):
            if e.text in titles and self.label(n) != "PERSON":
                self.labels[n] = "WORK_OF_ART"

    def scores(self) -> None:
        """ "Leeds 3-2 Newcastle", "beat Newcastle 3-2": the names beside a score are teams, and so
        is every mention of those names (a country stays a country, a player a person)."""
        doc, sides, untagged = self.doc, [], set()
        for start, end in _scores(doc):
            before = len(sides)
            for i in (start - 1, end):
                if not 0 <= i < len(doc):
                    continue
                n = self.ent_at[i]
                if n >= 0 and self.ents[n].label_ not in ENTITY_LABELS:
                    continue  # "on November 8-9": a date, not a team
                if n >= 0:
                    sides.append(n)
                else:
                    untagged.add(i)
                root = self.ents[n].root if n >= 0 else doc[i]
                verb = root.head  # "Leeds beat Newcastle 3-2": Leeds too
                if root.dep_ in _OBJECTS and verb.pos_ == "VERB" and verb.i < root.i:
                    sides += self._subjects(verb)
                    untagged |= {c.i for c in _subject_of(verb) if self.ent_at[c.i] < 0}
            self._club_names(sides[before:])
        named_teams = set()
        for i in sorted(untagged):  # "Toulouse beat Leinster 27-20" where NER saw no names
            tok = doc[i]
            named = tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and tok.is_title)
            if named and _capitalised(tok) and not self.tables.lookup(tok.text) and self.ent_at[i] < 0:
                self.new.append(Span(doc, i, i + 1, label="ORG"))
                named_teams.add(tok.text)
        people = self.people_words
        teams = {
            self.ents[n].text
            for n in sides
            if (self.label(n) != "PERSON" or self._lone(self.ents[n], people))
            and self.label(n) != "ORG"
            and self.tables.lookup(self.ents[n].text) is None
        }
        teams |= {text for text in named_teams if text not in people}
        for n, e in enumerate(self.ents):
            if e.text in teams and (self.label(n) != "PERSON" or self._lone(e, people)):
                self.labels[n] = "ORG"
        self.team_texts |= teams | {self.ents[n].text for n in sides if self.label(n) == "ORG"}

    def _club_names(self, sides: list[int]) -> None:
        """ "Telekom Veszprém beat Aalborg 34-33": beside a score that a team is on, a name of two
        words or more that NER took for a person and that opens with no first name is a team too."""
        if not any(self.label(n) == "ORG" for n in sides):
            return
        for n in sides:
            e = self.ents[n]
            owned = e.start >= 2 and self.doc[e.start - 1].text in POSSESSIVE_MARKS  # "Albania's Ardit Hoxhaj"
            if self.label(n) == "PERSON" and len(e) >= 2 and not self.tables.is_given_name(e[0].text) and not owned:
                self.labels[n] = "ORG"

    @staticmethod
    def _lone(ent: Span, people: set[str]) -> bool:
        """A one-word "person" that is no word of a person's full name in the text: beside a score,
        a team ("Toulouse beat Leinster 27-20"), where "Sinner beat Alcaraz 6-3" names two players
        the text names in full."""
        return len(ent) == 1 and ent.text not in people


def _subject_of(verb: Token) -> list[Token]:
    """The subject of a verb, or of the verb it depends on ("Leeds came back to beat Newcastle")."""
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects or verb.dep_ not in ("xcomp", "advcl", "conj") or verb.head.i == verb.i:
            return subjects
        verb = verb.head
    return []


def _known(tables: NameTables, text: str, kind: str | None = None) -> bool:
    """Whether the tables give ``text`` a kind other than ``kind`` (a country, a city, an alias)."""
    hit = tables.lookup(text)
    if hit is not None:
        return hit.type != kind
    return tables.is_city(text) and kind != "GPE"


def _scores(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of scores: "3-2" written as one token or as "3", "-", "2"."""
    out = []
    for i in _indices(doc, lambda text: text in _DASHES or bool(_SCORE.match(text))):
        tok = doc[i]
        if _SCORE.match(tok.text):
            out.append((tok.i, tok.i + 1))
        elif 0 < tok.i < len(doc) - 1 and not tok.whitespace_:
            before, after = doc[tok.i - 1], doc[tok.i + 1]
            if not before.whitespace_ and _GOALS.match(before.text) and _GOALS.match(after.text):
                out.append((tok.i - 1, tok.i + 2))
    return out


def _indices(doc: Doc, wanted: Callable[[str], bool]) -> list[int]:
    """The positions of the tokens whose text is ``wanted``, each distinct text tested once (no
    Token objects made for the rest; the positions of each text are read once per doc, see
    ``KindTagger.__call__``)."""
    where = doc.user_data.get(_POSITIONS)
    if where is None:
        where = doc.user_data[_POSITIONS] = {}
        for i, orth in enumerate(doc.to_array(ORTH).tolist()):
            where.setdefault(orth, []).append(i)
    strings = doc.vocab.strings
    return sorted(i for orth, at in where.items() if wanted(strings[orth]) for i in at)


def _capitalised(tok: Token) -> bool:
    text = tok.text
    return tok.is_alpha and text[:1].isupper() and len(text) != 1


@Language.factory(
    "kg_kinds", assigns=["doc.ents"], requires=["doc.ents", "token.pos"], default_config={"alias_file": None}
)
def make_kind_tagger(nlp: Language, name: str, alias_file: str | None) -> KindTagger:
    return KindTagger(nlp, name, alias_file)
