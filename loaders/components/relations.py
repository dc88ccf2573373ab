"""``kg_relations``: typed relations between two entities of one sentence, from the dependency parse.

Three sources:

* noun-phrase shapes, as dependency patterns in ``relation_patterns.json`` (:mod:`.shapes`): roles
  in appositions ("X, commander of Y"; "the chief executive of Y, X"; "X, Y's chief"; "the PSOE
  candidate, X"; "X, now the Leeds manager"; "X of the Conservative Party"), "the mission led by
  X"; a role's owner may be "its"/"his" (whom they stand for), "the group" (the organisation just
  named) or the whole behind a unit ("president of the Ohio chapter of Y");
* linear shapes, walked here: a title between an organisation and a person ("Acme chief executive
  Jane Roe", "Kenyan President X"), with the owner inferred when the title stands alone ("club
  president X", "Energy Secretary X" and the article's Department of Energy, "Chief Executive X"
  and the sentence's one organisation); the possessive between two organisations ("Y's Quds Force"
  -> part of Y); participles ("US-led coalition", "London-based Acme", "Acme, based in Lyon");
  partners "between A and B";
* clauses, walked here: subject-verb-object with the verb's particle and preposition ("agreed with",
  "sent letter to", "killed people in", "sent a team at the request of"), objects moved to or from
  ("signed X from Y", "sold X to Y"), "be in contact with", conjoined subjects and objects, passives
  ("was acquired by"), subjects shared by controlled, conjoined and adverbial verbs ("agreed to
  withdraw", "beat X to win Y", "after beating X"), reciprocal verbs or nouns with conjoined
  subjects ("X and Y agreed", "X and Y opened talks"), pronoun subjects ("the government said it
  would ..."; "he" for the person named last; "it" for the organisation named last), appositions
  ("its spokesman, X, said"), kind nouns ("the state broadcaster X"), definite descriptions ("the
  cyclone", "the company") and "proxy" nouns that stand for the entity modifying them ("an Iraqi
  official told ..." -> Iraq told; "his party" -> him).

Datelines ("BONN, Germany (Reuters) -") are never actors. Word lists (reciprocal verbs and nouns,
light verbs, proxy nouns, prepositions, the lemma -> type table, confidences, ...) are in
``predicates.json``; kind nouns in ``kinds.json``. ``doc._.kg_relations`` receives plain dicts (they
travel between processes): ``{"source": [start, end], "target": [start, end], "predicate", "type",
"negated", "confidence", "kind", "sentence": start token of the sentence}``; spans are entity spans.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from loaders.aliases import NameTables, load_tables, read_json
from loaders.components import ENTITY_LABELS, HEADLINE_KEY, POSSESSIVE_MARKS, among, ents_of, glued_hyphen, told
from loaders.components.shapes import DependencyShapes

_PRONOUNS = {"he": "PERSON", "she": "PERSON", "it": "THING", "they": "ANY", "we": "ANY"}
_RELATIVE = frozenset({"who", "which", "that"})
_QUOTES = frozenset({'"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "''", "``"})
_PROXY_CHILD_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
_HEAD_CHILD_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
_OWNER_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
_DASHES = frozenset({"\u2014", "\u2013", "-", "--", "("})
_MOVABLE = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART"})  # what is signed, sold or sent
_PARTICIPLE_MODIFIERS = frozenset({"npadvmod", "compound", "nmod", "amod", "nsubj", "advmod"})
_ACTOR_LABELS = frozenset({"ORG", "GPE"})
_PARTNER_LABELS = frozenset({"ORG", "PERSON", "GPE"})
_COUNTERPART = "counterpart of"
_NATIONS = frozenset({"GPE", "NORP"})  # "Malian" stands for Mali until resolution
_COPULAS = frozenset({"be", "remain", "stay", "become"})
_DATELINE_SPAN = 10  # tokens a dateline may take before its dash
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their"})
_DESCRIBED_SENTENCES = 4  # how far back "the jury" finds "National Elections Jury"
_INTRODUCED_SENTENCES = 6  # how far back "the insurer's" finds "their insurer, Northgate Marine Mutual"
_TITLE_OWNER_SENTENCES = 3  # how far back "Chief executive X said" finds the company the text is about
_ROLE_WORDS = 6  # tokens of a role written between an owner's possessive and a name
_LOCATED_NOUNS = frozenset({"headquarters", "hq", "head office", "base"})  # "its headquarters in Espoo"
_ARGUMENT_DEPS = frozenset({"dobj", "dative", "nsubj", "nsubjpass", "attr"})  # a verb's own arguments
_ALL_LABELS = ENTITY_LABELS
_ORG_LABEL = frozenset({"ORG"})
_UNIT_LABELS = frozenset({"ORG", "EVENT", "FAC"})  # "its Northeastern War Front" (NER may call a unit an event)
_PEOPLE_ENDINGS = ("s", "ch", "sh", "ese")  # demonyms that name a whole people after "the"
_GROUP_LABELS = frozenset({"ORG", "NORP"})
_PERSON_LABEL = frozenset({"PERSON"})
# the dependency-path fallback (``from_paths``)
_PATH_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_PATH_SUBJECT_LINKS = frozenset({"appos", "compound", "poss"})  # "the OSCE mission said"
_PATH_OBJECTS = frozenset({"dobj", "dative", "prep", "agent", "attr", "oprd"})
_PATH_FIRST_LINKS = frozenset({"pobj", "dobj", "dative", "attr", "compound", "poss", "nmod", "appos", "conj"})
_PATH_LINKS = frozenset({"pobj", "prep", "dobj", "conj", "appos", "pcomp"})
_PATH_MODIFIERS = frozenset({"compound", "poss", "nmod"})
_PATH_MAX = 5  # tokens from a name up to the verb
_PATH_WORDS = 3  # words after the verb in a path's predicate
_PLACE_PREPS = frozenset({"in", "near", "on", "outside", "off", "of"})
_PLACE_OR_ORG = frozenset({"GPE", "LOC", "FAC", "ORG"})
# the same words as ids, to read a doc's arrays without making Tokens
_VERB_ID = get_string_id("VERB")
_CONJ_ID = get_string_id("conj")
_SLOT_IDS = frozenset(get_string_id(d) for d in ("nsubj", "nsubjpass", "agent"))
_KIDS = "kg_kids"  # doc.user_data key of the children of each token, while kg_relations runs
_PRONOUN_IDS = numpy.array(sorted(get_string_id(w) for w in _PRONOUNS), dtype="uint64")
_PATH_SUBJECT_IDS = numpy.array(sorted(get_string_id(d) for d in _PATH_SUBJECTS), dtype="uint64")

Via = str  # how a token stands for an entity: "direct", "proxy", "pronoun", "control"


def upper_snake(phrase: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", phrase).strip("_").upper()


@dataclass(frozen=True, slots=True)
class Found:
    source: int  # entity index
    target: int
    predicate: str
    type: str
    kind: str
    confidence: float
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Rules:
    """The data of ``predicates.json`` and ``relation_patterns.json``."""

    types: dict[str, str]
    reciprocal: frozenset[str]
    reciprocal_nouns: frozenset[str]
    light: frozenset[str]
    skip: frozenset[str]
    proxies: frozenset[str]
    participles: dict[str, str]
    preps: frozenset[str]
    not_roles: frozenset[str]
    honorifics: frozenset[str]
    place_titles: frozenset[str]
    confidence: dict[str, float]
    patterns: dict[str, dict]
    object_preps: frozenset[str]
    prep_nouns: frozenset[str]
    money_nouns: frozenset[str]
    transfer_verbs: frozenset[str]
    copular_nouns: frozenset[str]
    roles_to: frozenset[str]  # "ambassador to": roles said with "to"
    unit_nouns: frozenset[str]
    portfolio_offices: frozenset[str]
    ministry_words: frozenset[str]
    organisation_titles: frozenset[str]
    org_nouns: frozenset[str]  # from kinds.json: "the company", "the sports channel SporTV"
    person_nouns: frozenset[str]
    path_skip: frozenset[str]
    path_stop: frozenset[int]  # ids of the words, compared with a doc's LOWER array
    state_body_words: frozenset[str]
    placed_org_words: frozenset[str]
    outlet_nouns: frozenset[str]
    party_words: frozenset[str] = frozenset()  # last words of a party's name ("Democratic Party")
    reporting: frozenset[str] = frozenset()  # verbs that report speech ("say", "tell")
    title_generic_words: frozenset[str] = frozenset()  # title words that name no organisation ("chief")
    ahead_words: frozenset[str] = frozenset()  # "won ahead of X", "finished clear of X"
    statement_nouns: frozenset[str] = frozenset()  # "said in a statement to X", "in an interview with X"
    region_nouns: frozenset[str] = frozenset()  # "the governor of Nzérékoré region, X"

    @classmethod
    def load(cls) -> Rules:
        data = read_json("predicates.json")
        kinds = read_json("kinds.json")
        return cls(
            party_words=frozenset(read_json("resolution.json")["party_designators"]),
            types=data["types"],
            reciprocal=frozenset(data["reciprocal"]),
            reciprocal_nouns=frozenset(data["reciprocal_nouns"]),
            light=frozenset(data["light_verbs"]),
            skip=frozenset(data["skip_verbs"]),
            proxies=frozenset(data["proxy_nouns"]),
            participles=data["participle_relations"],
            preps=frozenset(data["preps"]),
            not_roles=frozenset(data["not_roles"]),
            honorifics=frozenset(data["honorifics"]),
            place_titles=frozenset(data["place_titles"]),
            confidence=data["confidence"],
            patterns={p["id"]: p for p in read_json("relation_patterns.json")["patterns"]},
            object_preps=frozenset(data["object_preps"]),
            prep_nouns=frozenset(data["prep_nouns"]),
            money_nouns=frozenset(data["money_nouns"]),
            transfer_verbs=frozenset(data["transfer_verbs"]),
            copular_nouns=frozenset(data["copular_nouns"]),
            roles_to=frozenset(data["roles_to"]),
            unit_nouns=frozenset(data["unit_nouns"]),
            portfolio_offices=frozenset(data["portfolio_offices"]),
            ministry_words=frozenset(data["ministry_words"]),
            organisation_titles=frozenset(data["organisation_titles"]),
            org_nouns=frozenset(kinds["org_nouns"]),
            person_nouns=frozenset(kinds["person_nouns"]),
            path_skip=frozenset(data["path_skip_verbs"]),
            path_stop=frozenset(get_string_id(w) for w in data["path_stop_words"]),
            state_body_words=frozenset(data["state_body_words"]),
            placed_org_words=frozenset(data["placed_org_words"]),
            outlet_nouns=frozenset(data["outlet_nouns"]),
            reporting=frozenset(data["reporting"]),
            title_generic_words=frozenset(data["title_generic_words"]),
            ahead_words=frozenset(data["ahead_words"]),
            statement_nouns=frozenset(data["statement_nouns"]),
            region_nouns=frozenset(kinds["place_of_nouns"]),
        )

    def type_of(self, lemma: str, *rest: str) -> str:
        """The normalised type: the table's for the lemma phrase, else its UPPER_SNAKE."""
        words = [lemma, *[w for w in rest if w]]
        candidates = [" ".join(words)]
        if len(words) > 1:
            candidates += [f"{lemma} {words[-1]}", lemma]
        for c in candidates:
            if c in self.types:
                return self.types[c]
        return upper_snake(" ".join(words))

    def conf(self, kind: str, *vias: Via) -> float:
        c = self.confidence[kind]
        for via in vias:
            c += self.confidence.get(f"via_{via}", 0.0)
        return round(max(0.05, min(1.0, c)), 3)


@dataclass(frozen=True, slots=True)
class _DocArrays:
    """A doc's parse as arrays, for the path fallback (no Token per word): head offsets, and the ids
    of each token's lower-case form, dependency label and part of speech."""

    heads: list[int]
    lower: numpy.ndarray
    dep: numpy.ndarray
    pos: numpy.ndarray


class RelationFinder:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        self.rules = Rules.load()
        self.tables = load_tables(alias_file)
        self.matcher = DependencyShapes({pid: p["pattern"] for pid, p in self.rules.patterns.items()})
        strings = nlp.vocab.strings
        self.verb, self.noun = strings.add("VERB"), strings.add("NOUN")
        self.copulas = frozenset(strings.add(w) for w in _COPULAS)
        self.between_nouns = frozenset(strings.add(w) for w in self.rules.reciprocal_nouns)
        self.participles = frozenset(strings.add(w) for w in self.rules.participles)
        self.located = frozenset(strings.add(w) for w in _LOCATED_NOUNS)
        self.vbn = strings.add("VBN")
        self.whose = strings.add("whose")
        self.ahead = frozenset(strings.add(w) for w in self.rules.ahead_words)
        self.statements = frozenset(strings.add(w) for w in self.rules.statement_nouns)

    def __call__(self, doc: Doc) -> Doc:
        if doc.user_data.get(HEADLINE_KEY):
            doc._.kg_relations = []  # only a headline's names are read
            return doc
        try:
            doc._.kg_relations = self._relations(doc)
        finally:
            doc.user_data.pop(_KIDS, None)  # the cache of _kids
        return doc

    def _relations(self, doc: Doc) -> list[dict]:
        walk = _Walk(doc, self.rules, self.tables)
        found: list[Found] = []
        found += walk.from_patterns(self.matcher(doc))
        found += walk.from_titles()
        found += walk.from_possessives()
        found += walk.from_roles_before()
        found += walk.from_places_after()
        related = {(f.source, f.target) for f in found}
        found += [f for f in walk.from_owner_roles() if (f.source, f.target) not in related]
        # only tokens that may start a relation, in sentences that name an entity (arrays: no Token
        # objects for the rest)
        named = {walk.sent_no[i] for i, n in enumerate(walk.ent_of) if n >= 0}
        rows = doc.to_array([POS, LEMMA, LOWER, TAG]).tolist()
        for i, (pos, lemma, lower, tag) in enumerate(rows):
            if walk.sent_no[i] not in named:
                continue
            if pos == self.verb:
                found += walk.from_clause(doc[i])
            if lemma in self.copulas:
                found += walk.from_copula(doc[i])
            if pos == self.noun and (lemma in self.between_nouns or lower in self.between_nouns):
                found += walk.from_between(doc[i])
            if lower in self.participles:
                found += walk.from_participle(doc[i])
            elif pos == self.verb and tag == self.vbn:
                found += walk.from_acl(doc[i])
            if lower in self.located:
                found += walk.from_located(doc[i])
            if lower == self.whose:
                found += walk.from_whose(doc[i])
            if lower in self.ahead:
                found += walk.from_ahead(doc[i])
            if lower in self.statements:
                found += walk.from_statement(doc[i])
        found += walk.from_paths({(f.source, f.target) for f in found})
        found = _counterparts_roles(found, walk.ents, self.rules)
        out, seen = [], set()
        for f in found:
            key = (f.source, f.target, f.predicate, f.negated)
            if f.source == f.target or key in seen:
                continue
            seen.add(key)
            s, t = walk.ents[f.source], walk.ents[f.target]
            out.append(
                {
                    "source": [s.start, s.end],
                    "target": [t.start, t.end],
                    "predicate": f.predicate,
                    "type": f.type,
                    "negated": f.negated,
                    "confidence": f.confidence,
                    "kind": f.kind,
                    "sentence": s.sent.start,
                }
            )
        return out


def _counterparts_roles(found: list[Found], ents: list[Span], rules: Rules) -> list[Found]:
    """ "Tunisian Foreign Minister X ... met his Malian counterpart, Y": Y holds X's role, for Mali
    ("foreign minister of", not "counterpart of")."""
    roles = {f.source: f.predicate for f in found
             if f.predicate != _COUNTERPART and f.predicate.endswith(" of") and ents[f.target].label_ in _NATIONS}
    peers = {f.source: f.target for f in found
             if f.predicate == _COUNTERPART and ents[f.target].label_ == "PERSON" and f.target in roles}
    return [
        replace(f, predicate=roles[peers[f.source]], type=rules.type_of(roles[peers[f.source]]))
        if f.predicate == _COUNTERPART and f.source in peers and ents[f.target].label_ in _NATIONS else f
        for f in found
    ]


class _Walk:
    """The relations of one doc: its entities, indexed by token, and the rules."""

    def __init__(self, doc: Doc, rules: Rules, tables: NameTables) -> None:
        self.doc, self.rules, self.tables = doc, rules, tables
        self.ents: list[Span] = [e for e in ents_of(doc) if e.label_ in ENTITY_LABELS]
        self.ent_of = [-1] * len(doc)
        self.dateline = _dateline_tokens(doc)
        for n, e in enumerate(self.ents):
            if not _is_dateline(e, self.dateline):
                for i in range(e.start, e.end):
                    self.ent_of[i] = n
                # "Advocate Bongani Zulu SC": the parser may hang the name on the letters after it
                if e.label_ == "PERSON" and e.end < len(doc) and tables.is_post_nominal(doc[e.end].text):
                    self.ent_of[e.end] = n
        self.sent_no = [0] * len(doc)  # sentence number of each token
        self.sent_starts: list[int] = []  # first token of each sentence
        for k, sent in enumerate(doc.sents):
            self.sent_starts.append(sent.start)
            for i in range(sent.start, sent.end):
                self.sent_no[i] = k
        self.ent_ends = [e.end for e in self.ents]  # ascending: doc.ents are in text order

    def recent(
        self, before: int, labels: frozenset[str], sentences: int = 1, words: frozenset[str] = frozenset()
    ) -> int:
        """The entity named last before token ``before`` with one of ``labels`` (and, when ``words``
        is given, a name that has one of them), at most ``sentences`` sentences back; else -1."""
        for k in self.named_before(before, labels, sentences):
            if not words or words & {t.lower_ for t in self.ents[k]}:
                return k
        return -1

    def named_before(self, before: int, labels: frozenset[str], sentences: int) -> Iterator[int]:
        """Entities with one of ``labels`` named before token ``before``, the nearest first, at most
        ``sentences`` sentences back."""
        floor = self.sent_no[min(before, len(self.doc) - 1)] - sentences
        k = bisect.bisect_right(self.ent_ends, before) - 1
        while k >= 0 and self.sent_no[self.ents[k].start] >= floor:
            e = self.ents[k]
            if e.label_ in labels and not _is_dateline(e, self.dateline):
                yield k
            k -= 1

    # ------------------------------------------------------------------ entities of a token
    def direct(self, tok: Token) -> list[int]:
        out = []
        for t in (tok, *tok.conjuncts):
            n = self.ent_of[t.i]
            if n >= 0 and n not in out:
                out.append(n)
        return out

    def mentions(
        self, tok: Token, *, proxy: bool = True, pronoun: bool = True, depth: int = 0
    ) -> list[tuple[int, Via]]:
        """The entities a nominal token stands for, with how (see ``Via``)."""
        out: list[tuple[int, Via]] = []
        for t in (tok, *tok.conjuncts):
            n = self.ent_of[t.i]
            if n >= 0:
                person = self._person_by_nationality(n)  # '"...," the Norwegian told NRK'
                out.append((person, "definite") if person >= 0 else (n, "direct"))
                continue
            named = [self.ent_of[c.i] for c in _kids(t) if c.dep_ == "appos" and self.ent_of[c.i] >= 0]
            if named and t.is_lower and t.pos_ == "NOUN" and not self._is_role(t):
                # "a new timing system, which the federation's secretary general, X, said": a person the
                # parser hung on a noun across other words does not stand for it ("top seed X" does)
                named = [n2 for n2 in named if not self._is_person(n2) or self.ents[n2].start <= t.i + 2]
            if named:  # "its spokesman, Anatol Hrushevich, said"
                out += [(n2, "direct") for n2 in named]
            elif t.dep_ == "appos" and self.ent_of[t.head.i] >= 0:  # "Elbe Holding, the office that"
                out.append((self.ent_of[t.head.i], "direct"))
            elif (n2 := self._introduced(t)) >= 0 or (n2 := self._outlet_compound(t)) >= 0:
                out.append((n2, "direct"))  # "the state broadcaster SSBC", "told the Lusa news agency"
            elif proxy and (t.lower_ in self.rules.proxies or t.lemma_.lower() in self.rules.proxies) and (
                proxied := self._proxied(t, depth)
            ):
                out += proxied
            elif (n2 := self._described(t)) >= 0 or (n2 := self._topic_org(t)) >= 0 or (n2 := self._aged(t)) >= 0:
                out.append((n2, "definite"))  # "the cyclone" after "Cyclone Belmira"; "The Ipoh-based company"
            elif pronoun and t.lower_ in _PRONOUNS and t.dep_ in ("nsubj", "nsubjpass"):
                out += [(n2, "pronoun") for n2 in self._antecedent(t)]
            elif t.lower_ in _RELATIVE and t.dep_ in ("nsubj", "nsubjpass", "dobj") and t.head.dep_ == "relcl" \
                    and depth < 2:  # "Pratt & Whitney, which Skyvale sued": the object too
                out += self.mentions(t.head.head, proxy=proxy, pronoun=False, depth=depth + 1)
        seen, unique = set(), []
        for n, via in out:
            if n not in seen:
                seen.add(n)
                unique.append((n, via))
        return unique

    def _outlet_compound(self, noun: Token) -> int:
        """The organisation that names an outlet noun as a modifier ("the Lusa news agency", "the Kan
        public broadcaster"); else -1."""
        if noun.lower_ not in self.rules.outlet_nouns or noun.pos_ != "NOUN":
            return -1
        for c in _kids(noun):
            for m in (c, *_kids(c)) if c.dep_ in ("compound", "amod", "nmod") else ():
                n = self.ent_of[m.i]
                if n >= 0 and m.i < noun.i and self.ents[n].label_ == "ORG":
                    return n
        return -1

    def _introduced(self, noun: Token) -> int:
        """The entity a kind noun introduces: "the state broadcaster SSBC", "an analytics firm,
        Canopy Insights, and", "its captain, Swiss midfielder Jonas Frei, to"; else -1."""
        rules, doc = self.rules, self.doc
        if noun.pos_ != "NOUN" or not noun.is_lower:
            return -1
        kind = noun.lower_ in rules.org_nouns or noun.lower_ in rules.person_nouns or self.tables.is_title(noun.text)
        if not kind:
            return -1
        i = noun.i + 1
        comma = i < len(doc) and doc[i].text == ","
        if comma:
            i += 1
            while i < min(noun.i + 5, len(doc)) and self.ent_of[i] < 0 and _modifier(doc[i]):
                i += 1  # "its captain, Swiss midfielder Jonas Frei"
            if i < len(doc) and self.ent_of[i] >= 0 and self.ents[self.ent_of[i]].label_ == "NORP":
                i = self.ents[self.ent_of[i]].end
                while i < min(noun.i + 7, len(doc)) and _modifier(doc[i]):
                    i += 1
        if i >= len(doc) or self.ent_of[i] < 0:
            return -1
        n = self.ent_of[i]
        e = self.ents[n]
        if e.start != i or e.label_ not in ("PERSON", "ORG"):
            return -1
        if comma and e.end < len(doc) and not (doc[e.end].is_punct or doc[e.end].is_space):
            return -1  # an apposition closes with punctuation
        return n

    def _sentence_subject(self, n: int) -> bool:
        """Whether entity ``n`` is the subject of its sentence's main verb (or the name an apposition
        there describes: "Skyvale Airways, the Scottish carrier, entered administration")."""
        root = self.ents[n].root
        return root.dep_ in ("nsubj", "nsubjpass") and root.head.dep_ == "ROOT"

    def _told(self, k: int) -> bool:
        """Whether entity ``k`` is mentioned as the outlet someone speaks to ("told Dagens Industri",
        "according to El País"): no owner of "the company's" roles."""
        root = self.ents[k].root
        if told(root):
            return True
        return root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according"

    def _introduced_before(self, noun: Token) -> int:
        """The organisation an earlier sentence introduced with the same kind noun ("their insurer,
        Northgate Marine Mutual", "the Spanish retail group Grupo Albera"), the nearest first; else -1."""
        floor = self.sent_starts[max(0, self.sent_no[noun.i] - _INTRODUCED_SENTENCES)]
        for t in reversed(self.doc[floor : noun.i]):
            if t.lower_ != noun.lower_:
                continue
            n = self._introduced(t)
            if n < 0 and t.dep_ == "appos" and self.ent_of[t.head.i] >= 0:
                n = self.ent_of[t.head.i]  # "Northgate Marine Mutual, the Bergen insurer,"
            if n >= 0 and self.ents[n].label_ in _ORG_LABEL:
                return n
        return -1

    def _described(self, noun: Token) -> int:
        """A definite description of an entity named just before: "the cyclone" for "Cyclone
        Belmira" (a word of its name), "the company" or "the club" as a subject for the organisation
        named last; else -1."""
        if noun.pos_ != "NOUN" or not noun.is_lower or noun.i == 0:
            return -1
        if self.doc[noun.left_edge.i].lower_ != "the":
            return -1
        n = self.recent(noun.left_edge.i, _ALL_LABELS, _DESCRIBED_SENTENCES, frozenset({noun.lower_}))
        if n < 0 and self.tables.is_title(noun.text) and noun.left_edge.i == noun.i - 1:
            n = self._titled_before(noun)  # "the governor" after "Governor Wanjiru Kamau-Ndegwa"
        if n < 0 and noun.dep_ in ("nsubj", "nsubjpass") and noun.lower_ in self.rules.org_nouns:
            n = self.recent(noun.left_edge.i, _ORG_LABEL, 0)  # "Shares of Acme fell after the company said"
            if n < 0:  # from the sentence before when it names one organisation, or has one as its subject
                named = list(self.named_before(noun.i, _ORG_LABEL, 1))
                if len({self.ents[k].text for k in named}) == 1:
                    n = named[0]
                else:
                    n = next((k for k in reversed(named) if self._sentence_subject(k)), -1)
        return n

    def _main_organisation(self, before: int, exclude: frozenset[int] | set[int]) -> int:
        """The organisation the text named most often before token ``before`` (twice at least, its
        short forms counted with it; the one named last among equals), no outlet someone spoke to;
        else -1."""
        counts: dict[str, int] = {}
        last: dict[str, int] = {}
        for k in self.named_before(before, _ORG_LABEL, len(self.sent_starts)):
            if k in exclude or self._told(k):
                continue
            first = self.ents[k][0]
            # a name and its short forms ("Baganuur Uurkhai JSC", "Baganuur") count together
            key = first.lower_ if first.is_title and not first.is_stop and first.pos_ == "PROPN" \
                else self.ents[k].text.casefold()
            counts[key] = counts.get(key, 0) + 1
            last.setdefault(key, k)
        if not counts:
            return -1
        best = max(counts.values())
        if best < 2:
            return -1
        return max((k for key, k in last.items() if counts[key] == best), key=lambda k: self.ents[k].start)

    def _titled_before(self, noun: Token) -> int:
        """The person a text named last with this title right before the name ("Governor X", "the
        minister, X"), at most ``_INTRODUCED_SENTENCES`` back; -1 when none or when two people had it."""
        doc, found = self.doc, []
        for k in self.named_before(noun.i, _PERSON_LABEL, _INTRODUCED_SENTENCES):
            e = self.ents[k]
            before = doc[e.start - 1].lower_ if e.start > 0 else ""
            if before == noun.lower_ or (before == "," and e.start > 1 and doc[e.start - 2].lower_ == noun.lower_):
                found.append(k)
        people = {self.ents[k].text for k in found}
        return found[0] if len(people) == 1 else -1

    def _possessor(self, pron: Token) -> list[int]:
        """Whom "his"/"her" (the person named last) or "its"/"their" (the subject of the clause, else
        the organisation named last in the sentence) stands for."""
        if pron.lower_ in ("his", "her"):
            n = self.recent(pron.i, _PERSON_LABEL, 2)
            return [n] if n >= 0 else []
        verb = pron.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:  # Tokens are new objects: compare indices
            verb = verb.head
        inside = any(
            c.left_edge.i <= pron.i <= c.right_edge.i for c in _kids(verb) if c.dep_ in ("nsubj", "nsubjpass")
        )
        if inside:  # "MSF said its teams had treated ...": the subject of the reporting clause
            verb = verb.head if verb.dep_ in ("ccomp", "conj", "advcl", "xcomp") and verb.head.i != verb.i else None
        found = []
        if verb is not None:
            subjects = self.subjects(verb)[0]
            found = [n for n, via in subjects if via in ("direct", "control") and not self._is_person(n)]
        if not found:
            n = self.recent(pron.i, _ORG_LABEL, 0)
            if n < 0 and (inside or pron.is_sent_start):
                # "Its leader, X, told reporters" (also when the parser makes "leader" the root): the
                # organisation of the sentences before
                n = self._last_subject_org(pron.i)
            found = [n] if n >= 0 else []
        return found

    def _last_subject_org(self, before: int, chain: bool = True) -> int:
        """The organisation a sentence that opens with "Its ..." goes on about: the one named last in
        the two sentences before, preferring a subject (or the agent of a passive: "is run by X"); when
        the sentence before is about "the party" or "the company", the organisation that noun stands for
        ("The party ... holds six seats in the Hellenic Parliament. Its founder": not the parliament)."""
        if chain:
            topic = self._topic_noun_before(before)
            if topic is not None:
                n = self._topic_org(topic, chain=False)
                if n >= 0:
                    return n
        named = [  # a group NER called a nationality ("The Greens fell ... Their lead candidate") counts;
            # an adjective does not ("sportswear for European retailers")
            k for k in self.named_before(before, _GROUP_LABELS, 2)
            if (self.ents[k].label_ == "ORG" or self.tables.lookup(self.ents[k].text) is None)
            and self.ents[k].root.dep_ != "amod"
        ]
        subjects = [k for k in named if self.ents[k].root.dep_ in ("nsubj", "nsubjpass") or (
            self.ents[k].root.dep_ == "appos" and self.ents[k].root.head.dep_ in ("nsubj", "nsubjpass"))  # "X — Acme"
            or (self.ents[k].root.dep_ == "pobj" and self.ents[k].root.head.dep_ == "agent")]  # "run by X"
        # the subject of a sentence's main verb before that of a clause inside it ("The CETU said it would
        # demand that Serendib pay ...")
        main = [k for k in subjects if self.ents[k].root.head.dep_ == "ROOT"]
        return (main or subjects or named or [-1])[0]

    def _named_by_appos(self, noun: Token) -> bool:
        return any(c.dep_ == "appos" and self.ent_of[c.i] >= 0 for c in _kids(noun))

    def _proxied(self, noun: Token, depth: int) -> list[tuple[int, Via]]:
        """The entity a proxy noun stands for: its modifier ("Iraqi officials"), or the object of
        its "of"/"from" ("delegates from South Sudan's government")."""
        out: list[tuple[int, Via]] = []
        for c in _kids(noun):
            if c.dep_ in _PROXY_CHILD_DEPS and self.ent_of[c.i] >= 0:
                out.append((self.ent_of[c.i], "proxy"))
            elif c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS:  # "its teams", "his party"
                out += [(n, "proxy") for n in self._possessor(c)]
            elif c.dep_ == "prep" and c.lower_ in ("of", "from") and depth < 2:
                for p in _kids(c):
                    if p.dep_ == "pobj":
                        out += [(n, "proxy") for n, _ in self.mentions(p, pronoun=False, depth=depth + 1)]
        return out

    def _antecedent(self, pron: Token) -> list[int]:
        """The subject of the clause that reports the pronoun's clause ("X said it would ..."); for
        "he"/"she" without one, the person named last before it."""
        want = _PRONOUNS[pron.lower_]
        cur = pron.head
        while cur.dep_ in ("ccomp", "xcomp", "conj", "advcl") and cur.head.i != cur.i:
            cur = cur.head
            subj = next((c for c in _kids(cur) if c.dep_ == "nsubj" and c.i != pron.i), None)
            if subj is not None:
                found = [n for n, via in self.mentions(subj, pronoun=False) if via != "pronoun"]
                found = [n for n in found if want == "ANY" or (want == "PERSON") == self._is_person(n)]
                if found or want != "THING":
                    return found
                break  # "The acquisition is ... since it bought": not the acquisition
        if want == "THING":  # "since it bought": the organisation (or country) named last in the sentence
            n = self.recent(pron.i, _ACTOR_LABELS, 0)
            if n < 0 and pron.is_sent_start:  # "It operates the Tilopozo plant": the subject before
                n = self._last_subject_org(pron.i)
            return [n] if n >= 0 else []
        if want != "PERSON":
            return []
        if pron.dep_ == "nsubj" and pron.head.lemma_.lower() in self.rules.reporting:
            speaker = self._last_speaker(pron)  # '"...," he told Teleamazonas': who spoke before
            if speaker >= 0:
                return [speaker]
        n = self.recent(pron.i, _PERSON_LABEL, 3)
        if n >= 0 and pron.sent.start - self.ents[n].sent.start <= 80:
            return [n]
        return []

    def _last_speaker(self, pron: Token) -> int:
        """Who "he"/"she" is when the pronoun opens a sentence or follows a quote ('"...," he told
        Teleamazonas'): the person who is the subject of the sentence before ("A spokesman, Martín
        Egas, said ..."; "X welcomed the order"), or of the one before that when that subject is a
        pronoun too; else -1 (the person named last decides)."""
        doc, no = self.doc, self.sent_no[pron.i]
        start = self.sent_starts[no]
        if not (pron.i == start or any(doc[i].text in _QUOTES for i in range(start, pron.i))):
            return -1
        for back in (1, 2):
            if no - back < 0:
                return -1
            root = doc[self.sent_starts[no - back]].sent.root
            subject = next((c for c in _kids(root) if c.dep_ == "nsubj"), None)
            if subject is None:
                return -1
            people = [n for n, via in self.mentions(subject, pronoun=False) if via == "direct" and self._is_person(n)]
            if people:
                return people[0]
            if subject.lower_ not in ("he", "she"):
                return -1
        return -1

    def _is_person(self, n: int) -> bool:
        return self.ents[n].label_ == "PERSON"

    def _named_after(self, noun: Token) -> list[int]:
        """ "the Córdoba-based consultancy Delfos Opinión", "the opposition Patriotic Front": the name
        right after a common noun, which the parser hangs on it as an apposition."""
        if not noun.is_lower or noun.pos_ != "NOUN" or noun.i + 1 >= len(self.doc):
            return []
        n = self.ent_of[noun.i + 1]
        if n < 0 or self.ents[n].start != noun.i + 1 or self._is_person(n):
            return []
        hung = any(c.dep_ == "appos" and self.ent_of[c.i] == n for c in _kids(noun))
        return [n] if hung or noun.lower_ in self.rules.org_nouns else []  # the parser may hang it elsewhere

    def head_entities(self, head: Token, *exclude: Token) -> list[int]:
        """The entities a noun names itself or through a modifier ("the SADC mission"), or the name
        the noun describes ("Lakehead, a Minneapolis-based developer", "Abidjan-based grinder Ebene")."""
        direct = self.direct(head)
        if direct:
            return direct
        modifiers = [
            self.ent_of[c.i]
            for c in _kids(head)
            if c.dep_ in _HEAD_CHILD_DEPS and self.ent_of[c.i] >= 0 and c not in exclude
        ]
        if modifiers:
            return modifiers
        named = self._named_after(head)
        if named:
            return named
        if head.dep_ not in ("appos", "compound") or self.ent_of[head.head.i] < 0:
            n = self._described(head)  # "The Oslo-based company said": the company named before
            return [n] if n >= 0 and head.dep_ in ("nsubj", "nsubjpass") else []
        return [self.ent_of[head.head.i]]

    # ------------------------------------------------------------------ clauses
    def subjects(self, verb: Token) -> tuple[list[tuple[int, Via]], Token | None]:
        """Subject entities of ``verb`` and, when it shares another verb's subject, that verb."""
        subj = [m for c in _kids(verb) if c.dep_ == "nsubj" for m in self.mentions(c)]
        if subj or any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in _kids(verb)):
            return subj, None
        head = verb.head
        shares = (
            verb.dep_ in ("xcomp", "conj")
            or (
                verb.dep_ == "advcl"
                and (verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in _kids(verb)))
            )
            or (verb.dep_ == "pcomp" and head.dep_ == "prep")
        )
        if verb.dep_ == "pcomp":
            head = head.head
        if head.dep_ == "acomp" and head.pos_ == "ADJ":  # "is due to appear"
            head = head.head
        if not shares or head.i == verb.i or head.pos_ not in ("VERB", "AUX"):  # indices: Tokens are new objects
            return [], None
        if any(c.dep_ == "nsubjpass" for c in _kids(head)):
            return [], None
        inherited, _ = self.subjects(head)
        return [(n, "control" if via == "direct" else via) for n, via in inherited], head

    def from_clause(self, verb: Token) -> Iterator[Found]:
        rules = self.rules
        lemma = verb.lemma_.lower()
        if lemma in rules.skip:
            return
        particle = " ".join(c.lower_ for c in _kids(verb) if c.dep_ == "prt")
        patients = [m for c in _kids(verb) if c.dep_ == "nsubjpass" for m in self.mentions(c)]
        if patients:
            yield from self._passive(verb, lemma, particle, patients)
            return
        if lemma in rules.transfer_verbs:
            yield from self._transfer(verb, lemma)
        subjects, controller = self.subjects(verb)
        if not subjects:
            return
        lead = verb.text.lower()
        if controller is not None and verb.dep_ == "xcomp" and controller.lemma_.lower() not in rules.light:
            lead = f"{controller.text.lower()} to {lead}"
        negated = _negated(verb, controller) if controller is not None else _negated(verb)
        phrase = " ".join(w for w in (lead, particle) if w)
        objects: list[tuple[int, Via, str, str]] = []  # entity, via, predicate, type
        reciprocal_noun = None
        thing = next(  # "sent a letter to X": the thing sent belongs in the predicate
            (
                c
                for c in _kids(verb)
                if c.dep_ == "dobj"
                and c.pos_ == "NOUN"
                and self.ent_of[c.i] < 0
                and c.lower_ not in rules.proxies
                and not self._named_by_appos(c)
            ),
            None,
        )
        for c in _kids(verb):
            # "beat Numia Vero Volley Milano 3-1": the parser may take a name right after the verb for an
            # adverbial noun (its root is the name's last word)
            misparsed = c.dep_ == "npadvmod" and self.ent_of[c.i] >= 0 \
                and self.ents[self.ent_of[c.i]].start == verb.i + 1
            if (c.dep_ in ("dobj", "dative") or misparsed) and c.pos_ in ("NOUN", "PROPN", "PRON"):
                named = self.mentions(c, pronoun=False) or self._object_it(c, subjects)
                objects += [(n, via, phrase, rules.type_of(lemma, particle)) for n, via in named]
                if self.ent_of[c.i] < 0 and not named:
                    if c.lemma_.lower() in rules.reciprocal_nouns or c.lower_ in rules.reciprocal_nouns:
                        reciprocal_noun = c
                    # "sent a letter to X", "start talks with X", "killed people in X", "sent a team
                    # and a specialist at the request of X"
                    for p, words in self._object_preps(c):
                        if p.lower_ in rules.preps or p.lower_ in rules.object_preps:
                            type_ = rules.type_of(lemma, particle, c.lemma_.lower(), p.lower_)
                            objects += [
                                (n, via, " ".join(w for w in (phrase, words, p.lower_, extra) if w), type_)
                                for n, via, extra in self._prep_objects(p)
                            ]
                    for p in _kids(c):
                        if p.dep_ == "prep" and p.lower_ == "of" and reciprocal_noun is None:
                            reciprocal_noun = next(
                                (
                                    g
                                    for g in _kids(p)
                                    if g.dep_ == "pobj" and g.lemma_.lower() in rules.reciprocal_nouns
                                ),
                                None,
                            )
            elif c.dep_ in ("ccomp", "xcomp", "oprd") and c.pos_ == "ADJ" and c.i > verb.i:
                # "found Captain Rinat Zaripov guilty", "declared the result void": the parser makes the
                # object the adjective's subject
                said = f"{phrase} {c.lower_}"
                for g in _kids(c):
                    if g.dep_ == "nsubj" and verb.i < g.i < c.i:
                        objects += [(n, via, said, rules.type_of(lemma, c.lower_)) for n, via in self.mentions(g)]
            elif c.dep_ in ("prep", "dative") and (
                c.lower_ in rules.preps
                or (c.lower_ in rules.object_preps and thing is not None and thing.i < c.i)  # "found cases in X"
            ):
                noun = thing.lower_ if thing is not None and thing.i < c.i else ""
                type_ = rules.type_of(lemma, particle, thing.lemma_.lower() if noun else "", c.lower_)
                objects += [
                    (n, via, " ".join(w for w in (phrase, noun, c.lower_, extra) if w), type_)
                    for n, via, extra in self._prep_objects(c)
                ]
        subject_ids = [n for n, _ in subjects]
        for s, s_via in subjects:
            for o, o_via, predicate, type_ in objects:
                if o not in subject_ids:
                    yield Found(s, o, predicate, type_, "svo", rules.conf("svo", s_via, o_via), negated)
        together = [n for n, via in subjects if via in ("direct", "control", "proxy")]
        if len(together) >= 2 and (lemma in rules.reciprocal or reciprocal_noun is not None):
            if reciprocal_noun is not None and lemma not in rules.reciprocal:
                predicate, type_ = (
                    f"{lead} {reciprocal_noun.lower_} with",
                    rules.type_of(lemma, reciprocal_noun.lemma_.lower(), "with"),
                )
            else:
                predicate, type_ = f"{lead} with", rules.type_of(lemma, "with")
            for i, a in enumerate(together):
                for b in together[i + 1 :]:
                    yield Found(a, b, predicate, type_, "reciprocal", rules.conf("reciprocal"), negated)

    def _object_it(self, obj: Token, subjects: list[tuple[int, Via]]) -> list[tuple[int, Via]]:
        """ "... Harbour Street accused it of ...": "it" as an object is the organisation named last
        in the sentence, not the subject."""
        if obj.lower_ != "it":
            return []
        taken = {n for n, _ in subjects}
        for n in self.named_before(obj.i, _ORG_LABEL, 0):
            if n not in taken:
                return [(n, "pronoun")]
        return []

    @staticmethod
    def _object_preps(obj: Token) -> list[tuple[Token, str]]:
        """The prepositions after an object and its conjuncts, with the object's words before them:
        "a letter to" -> (to, "letter"); "part of a loan from" -> (from, "part of loan")."""
        out = []
        for cc in (obj, *obj.conjuncts):
            for p in _kids(cc):
                if p.dep_ != "prep":
                    continue
                out.append((p, cc.lower_))
                if p.lower_ == "of":
                    for g in _kids(p):
                        if g.dep_ == "pobj" and g.pos_ == "NOUN":
                            out += [(q, f"{cc.lower_} of {g.lower_}") for q in _kids(g) if q.dep_ == "prep"]
        return out

    def _pobj(self, prep: Token) -> list[tuple[int, Via]]:
        return [m for p in _kids(prep) if p.dep_ == "pobj" for m in self.mentions(p, pronoun=False)]

    def _prep_objects(self, prep: Token) -> list[tuple[int, Via, str]]:
        """The entities after a preposition, with the words between: "to X" gives (X, ""), "at the
        request of X" (X, "request of")."""
        out = [(n, via, "") for n, via in self._pobj(prep)]
        if out:
            return out
        for g in _kids(prep):
            if g.dep_ == "pobj" and self.ent_of[g.i] < 0 and g.lemma_.lower() in self.rules.prep_nouns:
                for p in _kids(g):
                    if p.dep_ == "prep" and p.lower_ == "of":
                        out += [(n, via, f"{g.lower_} of") for n, via in self._pobj(p)]
            elif g.dep_ == "pobj" and self.ent_of[g.i] < 0 and g.lower_ in self.rules.money_nouns:
                for p in _kids(g):  # "finance the deal with a loan from X"
                    if p.dep_ == "prep" and p.lower_ == "from":
                        out += [(n, via, f"{g.lower_} from") for n, via in self._pobj(p)]
        return out

    def _transfer(self, verb: Token, lemma: str) -> Iterator[Found]:
        """ "signed X from Y", "sold its captain, X, to Y": the object moved to or from Y."""
        rules = self.rules
        moved = [
            (n, via)
            for c in _kids(verb)
            if c.dep_ == "dobj"
            for n, via in self.mentions(c, pronoun=False)
            if self.ents[n].label_ in _MOVABLE
        ]
        if not moved:
            return
        preps = [c for c in _kids(verb) if c.dep_ == "prep" and c.lower_ in ("to", "from")]
        preps += [p for c in _kids(verb) if c.dep_ == "dobj" for p in _kids(c)
                  if p.dep_ == "prep" and p.lower_ in ("to", "from")]
        for p in preps:
            for o, o_via in self._pobj(p):
                for m, m_via in moved:
                    if m != o:
                        predicate = f"{verb.lower_} {p.lower_}"
                        conf = rules.conf("transfer", m_via, o_via)
                        yield Found(m, o, predicate, rules.type_of(lemma, p.lower_), "transfer", conf, _negated(verb))

    def from_copula(self, verb: Token) -> Iterator[Found]:
        """ "they were in contact with X", "Acme is in talks with X": be + preposition + noun +
        preposition (``copular_nouns``); "X is a joint venture of Y", "a steelworks that is part of
        Y", "X became chairman of Y": be (or become) + a role noun + "of"; "X becomes ambassador to Y"
        (``roles_to``)."""
        rules = self.rules
        for attr in _kids(verb):
            if attr.dep_ != "attr" or attr.pos_ != "NOUN" or self.ent_of[attr.i] >= 0:
                continue
            phrase = self._role_phrase(attr)
            preps = [p for p in _kids(attr) if p.dep_ == "prep" and (
                p.lower_ in ("of", "between") or (p.lower_ == "to" and attr.lower_ in rules.roles_to))]
            if phrase is None or not preps:
                continue
            subjects = [m for c in _kids(verb) if c.dep_ == "nsubj" for m in self.mentions(c)]
            for p in preps:
                objects = sorted({self.ent_of[t.i] for t in p.subtree if self.ent_of[t.i] >= 0})
                objects = [o for o in objects if self.ents[o].label_ in _PARTNER_LABELS]
                predicate = f"{phrase} {p.lower_}"
                for s, s_via in subjects:
                    for o in objects:
                        if s != o:
                            conf = rules.conf("copula", s_via)
                            yield Found(s, o, predicate, rules.type_of(predicate), "copula", conf, _negated(verb))
        for p1 in _kids(verb):
            if p1.dep_ != "prep":
                continue
            for noun in _kids(p1):
                if noun.dep_ != "pobj" or noun.lower_ not in rules.copular_nouns or self.ent_of[noun.i] >= 0:
                    continue
                for p2 in _kids(noun):
                    if p2.dep_ != "prep":
                        continue
                    objects = self._pobj(p2)
                    if not objects:
                        continue
                    subjects = [m for c in _kids(verb) if c.dep_ == "nsubj" for m in self.mentions(c)]
                    predicate = f"{p1.lower_} {noun.lower_} {p2.lower_}"
                    for s, s_via in subjects:
                        for o, o_via in objects:
                            if s != o:
                                conf = rules.conf("copula", s_via, o_via)
                                yield Found(s, o, predicate, upper_snake(predicate), "copula", conf, _negated(verb))

    def _passive(self, verb: Token, lemma: str, particle: str, patients: list[tuple[int, Via]]) -> Iterator[Found]:
        rules = self.rules
        negated = _negated(verb)
        said = " ".join(w for w in (verb.text.lower(), particle) if w)
        for c in _kids(verb):
            if c.dep_ == "agent":  # "X was acquired by Y": Y acquired X
                for a, a_via in self._pobj(c):
                    for p, p_via in patients:
                        conf = rules.conf("passive", a_via, p_via)
                        yield Found(a, p, said, rules.type_of(lemma, particle), "passive", conf, negated)
            elif c.dep_ in ("prep", "dative") and (c.lower_ in rules.preps or self._located(verb, c)):
                # "X was sent to Y", "X, which is based in Y"
                for o, o_via in self._pobj(c):
                    for p, p_via in patients:
                        type_ = upper_snake(f"{lemma} {particle} {c.lower_}")
                        conf = rules.conf("prep", o_via, p_via)
                        yield Found(p, o, f"{said} {c.lower_}", type_, "passive", conf, negated)

    def _holder_of(self, noun: Token) -> list[int]:
        """Whose thing a noun after a preposition is: the subject of the verb the preposition belongs
        to ("Orbitra raised money in a funding round": Orbitra's round)."""
        if noun.pos_ != "NOUN" or noun.dep_ != "pobj" or noun.head.head.pos_ != "VERB":
            return []
        return [n for n, via in self.subjects(noun.head.head)[0] if via in ("direct", "control")]

    def from_between(self, noun: Token) -> Iterator[Found]:
        """ "a partnership between Lumenai and Deutsche Telekom", "talks between A and B": the two
        are partners."""
        rules = self.rules
        if noun.lemma_.lower() not in rules.reciprocal_nouns and noun.lower_ not in rules.reciprocal_nouns:
            return
        for p in _kids(noun):
            if p.dep_ != "prep" or p.lower_ != "between":
                continue
            inside = sorted({self.ent_of[t.i] for t in p.subtree if self.ent_of[t.i] >= 0})
            partners = [n for n in inside if self.ents[n].label_ in _PARTNER_LABELS]
            predicate = f"{noun.lower_} with"
            for k, a in enumerate(partners):
                for b in partners[k + 1 :]:
                    type_ = rules.type_of(noun.lemma_.lower(), "with")
                    yield Found(a, b, predicate, type_, "reciprocal", rules.conf("reciprocal"))

    def _located(self, participle: Token, prep: Token) -> bool:
        """ "based in", "headquartered in": the preposition that ``participle_relations`` gives it."""
        said = self.rules.participles.get(participle.lower_, "")
        return said.endswith(f" {prep.lower_}") and not said.endswith(" by")

    # ------------------------------------------------------------------ noun-phrase shapes
    def _role_phrase(self, role: Token) -> str | None:
        if role.lemma_.lower() in self.rules.not_roles or role.lower_ in self.rules.not_roles:
            return None
        words = [
            c
            for c in _kids(role)
            if c.dep_ in ("amod", "compound") and c.i < role.i and self.ent_of[c.i] < 0 and c.is_alpha
            and c.tag_ not in ("VBN", "VBG")  # "a Dubai-based analyst": an analyst
        ]
        return " ".join(w.lower_ for w in [*words, role])

    def _owners(self, tok: Token, exclude: frozenset[int] = frozenset()) -> tuple[list[int], str]:
        """The organisation a role belongs to, and words that go between role and owner: named, or
        modifying the noun; "its"/"their" for the subject of the clause ("the US sent its special
        envoy"), "his"/"her" for the person named last ("His lawyer, Raymond Choi"); the whole
        behind a unit ("president of the New Mexico chapter of the Academy": "of chapter")."""
        if tok.pos_ == "PRON" and tok.lower_ in _POSSESSIVE_PRONOUNS:
            return self._possessor(tok), ""
        named = self._named_after(tok)
        if named:  # "an analyst at the Hanoi-based brokerage Tân Việt Securities"
            return named, ""
        definite = self.ent_of[tok.i] < 0 and _with_the(tok)
        if definite and tok.is_lower:  # "the authority's chief executive": the authority named before
            n = self.recent(tok.i, _ORG_LABEL, 3, frozenset({tok.lower_}))
            if n < 0:  # further back only when one organisation's name has the word
                named = {self.ents[k].text: k for k in self.named_before(tok.i, _ORG_LABEL, len(self.sent_starts))
                         if tok.lower_ in {t.lower_ for t in self.ents[k]}}
                n = next(iter(named.values())) if len(named) == 1 else -1
            if n >= 0:
                return [n], ""
        if definite and tok.lower_ in self.rules.org_nouns and (n := self._introduced_before(tok)) >= 0:
            return [n], ""  # "their insurer, Northgate Marine Mutual" ... "the insurer's head of claims"
        if definite and tok.lower_ in self.rules.org_nouns:
            # "the chief financial officer of the Munich-based payments group", "Gimvest, a co-owner of
            # the company": the organisation named last, the role's holder aside
            n = next((k for k in self.named_before(tok.i, _ORG_LABEL, 1) if k not in exclude and not self._told(k)), -1)
            if n < 0:
                n = self._main_organisation(tok.i, exclude)  # "The company's chief executive, X," paragraphs on
            if n >= 0:
                return [n], ""
        if self.ent_of[tok.i] < 0 and tok.lemma_.lower() in self.rules.unit_nouns:
            for c in _kids(tok):
                if c.dep_ == "prep" and c.lower_ == "of":
                    whole = [n for n, _ in self._pobj(c)]
                    if whole:
                        return whole, f"{tok.lower_} of"
        heads = self.head_entities(tok)
        if not heads and self.ent_of[tok.i] < 0 and tok.is_lower and tok.pos_ == "NOUN":
            for c in _kids(tok):  # "chief of staff of the Navy", "head of research at Acme"
                if c.dep_ == "prep" and c.lower_ in ("of", "at", "for"):
                    whole = [n for n, via in self._pobj(c) if via == "direct"]
                    if whole:
                        return whole, f"{tok.lower_} {c.lower_}"
        return heads, ""

    def from_patterns(self, matches: list[tuple[str, list[int]]]) -> Iterator[Found]:
        rules, doc = self.rules, self.doc
        for pattern_id, tokens in matches:
            spec = rules.patterns[pattern_id]
            nodes = {p["RIGHT_ID"]: doc[i] for p, i in zip(spec["pattern"], tokens, strict=True)}
            kind = spec["kind"]
            if kind == "role":
                role = nodes[spec["role"]]
                if spec["prep"] in nodes:  # "the prime minister and leader of the Social Democrats": leader of
                    prep_at = nodes[spec["prep"]].i
                    role = max((c for c in _kids(role) if c.dep_ == "conj" and role.i < c.i < prep_at
                                and c.pos_ == "NOUN"), key=lambda c: c.i, default=role)
                phrase = self._role_phrase(role)
                if phrase is None:
                    continue
                prep = nodes[spec["prep"]].lower_ if spec["prep"] in nodes else spec["prep"]
                holders = self.direct(nodes[spec["source"]])[:1]
                owners, unit = self._owners(nodes[spec["target"]], frozenset(holders))
                if prep == "between":  # "a joint venture between A and B": the parser nests them
                    inside = {self.ent_of[t.i] for t in nodes[spec["target"]].subtree if self.ent_of[t.i] >= 0}
                    owners = sorted(n for n in inside if self.ents[n].label_ in _PARTNER_LABELS)
                predicate = " ".join(w for w in (phrase, prep, unit) if w)
                for s in holders:
                    for t in owners:
                        yield Found(s, t, predicate, rules.type_of(f"{phrase} {prep}"), "role", rules.conf("role"))
            elif kind == "passive":
                verb, head = nodes[spec["verb"]], nodes[spec["target"]]
                heads = [(h, verb.lower_) for h in self.head_entities(head, verb)]
                if not heads:  # "Orbitra raised $41m in a funding round led by Konkan": Konkan led its round
                    heads = [(h, f"{verb.lower_} {head.lower_} of") for h in self._holder_of(head)]
                agents = [n for n, via in self.mentions(nodes[spec["source"]], pronoun=False) if via == "direct"]
                for a in agents:
                    for h, said in heads:
                        type_ = rules.type_of(verb.lemma_.lower())
                        yield Found(a, h, said, type_, "passive", rules.conf("passive"), _negated(verb))
                    for p in _kids(verb):  # "developed by KAI with Lockheed Martin": partners
                        if p.dep_ == "prep" and p.lower_ in ("with", "alongside"):
                            for o, _ in self._pobj(p):
                                if o != a:
                                    said = f"{verb.lower_} with"
                                    type_ = rules.type_of(verb.lemma_.lower(), "with")
                                    yield Found(a, o, said, type_, "passive", rules.conf("prep"), _negated(verb))
            elif kind == "located":  # "Halvern Pharma Inc. of Boston", "Jane Roe, 41, from Leeds"
                # (the preposition's node: "of", or "in" in "The Minor Planet Center in Cambridge"; none in
                # "a Bangladeshi epidemiologist")
                prep = next((nodes[k].i for k in ("of", "in") if k in nodes), -1)
                for h in self.direct(nodes[spec["source"]])[:1]:
                    if "in" in nodes and self.ents[h][-1].lower_ in rules.placed_org_words:
                        continue  # "The U.S. Embassy in Tegucigalpa" is located there (from_places_after)
                    for o in self.direct(nodes[spec["target"]])[:1]:
                        if (spec.get("apart") or self._right_after(h, prep)) and h != o:
                            said = spec["predicate"]
                            yield Found(h, o, said, upper_snake(said), "participle", rules.conf("participle"))
            elif kind == "titled":  # "Governor Yulimar Rondón Caripe of Bolívar"
                for h in self.direct(nodes[spec["source"]])[:1]:
                    title = self._title_before(self.ents[h].start)
                    if title is None or title.split()[-1] not in rules.place_titles:
                        continue
                    for o in self.direct(nodes[spec["target"]])[:1]:
                        said = f"{title} of"
                        yield Found(h, o, said, rules.type_of(said), "role", rules.conf("role"))
            elif kind == "member":  # "Giles Pemberton-Hunt of the Conservative Party"
                for h in self.direct(nodes[spec["source"]])[:1]:
                    title = self._title_before(self.ents[h].start)
                    office = title is not None and title.split()[-1] not in rules.honorifics
                    # "Chairman X of Acme" is its chairman, "Judge X of the Regional Trial Court" its judge,
                    # "Governor X of Cebu" governor of the place NER took for an organisation; "Senator X of
                    # the Democratic Party" is a member of the party
                    for o in self.direct(nodes[spec["target"]])[:1]:
                        said = f"{title} of" if office and not self._party(self.ents[o]) else "member of"
                        yield Found(h, o, said, rules.type_of(said), "member", rules.conf("member"))

    def _right_after(self, n: int, i: int) -> bool:
        """Whether token ``i`` comes right after entity ``n``, or after it and its acronym in brackets
        ("The U.S. National Hurricane Center (NHC) in Miami")."""
        doc, end = self.doc, self.ents[n].end
        return i == end or (i == end + 3 and doc[end].text == "(" and doc[end + 2].text == ")")

    def _title_before(self, start: int) -> str | None:
        """The title written right before a name, in lower case and whole ("lieutenant governor", "vice
        chairman"); None when there is none or it is abbreviated ("Sen.": which word it stands for is
        not written)."""
        doc, i = self.doc, start - 1
        while i >= 0 and start - i <= 3 and doc[i].is_title and self.tables.is_title(doc[i].text):
            i -= 1
        words = [t.lower_ for t in doc[i + 1 : start]]
        if not words or any(w.endswith(".") for w in words) or doc[start - 1].text == ".":
            return None
        return " ".join(words)

    def _party(self, ent: Span) -> bool:
        """A party, by its last word or by the name the tables know it by ("ANC": African National Congress)."""
        hit = self.tables.lookup(ent.text)
        name = hit.name if hit is not None else ent.text
        return name.split()[-1].casefold() in self.rules.party_words

    def from_participle(self, part: Token) -> Iterator[Found]:
        """ "US-led coalition" (the US led it), "London-based Acme" (Acme based in London), "Lumenai,
        based in San Francisco", "Acme, which is based in Lyon" (``participle_relations``)."""
        rules = self.rules
        said = rules.participles[part.lower_]
        conf = rules.conf("participle")
        head = described = part.head
        if head.dep_ == "poss" and part.dep_ == "amod":  # "the Copenhagen-based shipowners' association"
            head = head.head
        where = next((c for c in _kids(part) if c.dep_ == "advmod" and c.lower_ == "where"), None)
        if where is not None and part.dep_ == "relcl" and self.ent_of[head.i] >= 0 and not said.endswith(" by"):
            # "a news conference in Osaka, where the company is based"
            for c in _kids(part):
                if c.dep_ in ("nsubjpass", "nsubj"):
                    for s, _ in self.mentions(c, pronoun=False):
                        if s != self.ent_of[head.i]:
                            yield Found(s, self.ent_of[head.i], said, upper_snake(said), "participle", conf)
        if part.dep_ in ("acl", "relcl") and part.tag_ == "VBN":  # "Lumenai, based in San Francisco"
            for prep in _kids(part):
                if prep.dep_ == "prep" and self._located(part, prep):
                    for h in self.head_entities(head, part):
                        for t, _ in self._pobj(prep):
                            if t != h:
                                yield Found(h, t, said, upper_snake(said), "participle", conf)
        for modifier in _kids(part):
            if modifier.dep_ not in _PARTICIPLE_MODIFIERS or self.ent_of[modifier.i] < 0:
                continue
            for m in self.direct(modifier)[:1]:
                # "The Ipoh-based company said", "the Ostrava-based manufacturer's history": the
                # organisation the text is about
                heads = [h for h in self.head_entities(head, part, modifier) if h != m] or self._definite_org(described)
                for h in heads:
                    if said.endswith(" by"):  # "US-led coalition": the US led it
                        yield Found(m, h, part.lower_, rules.type_of(part.lemma_.lower()), "participle", conf)
                    else:  # "London-based Acme": Acme based in London
                        yield Found(h, m, said, upper_snake(said), "participle", conf)

    def _definite_org(self, noun: Token) -> list[int]:
        """The organisation "the company", "the lender" stands for (see ``_owners``), or none."""
        if not noun.is_lower or noun.pos_ != "NOUN" or noun.lower_ not in self.rules.org_nouns or not _with_the(noun):
            return []
        topic = self._topic_org(noun)
        if topic >= 0:
            return [topic]
        return [n for n in self._owners(noun)[0] if self.ents[n].label_ == "ORG"][:1]

    def _person_by_nationality(self, n: int) -> int:
        """ '"...," the Norwegian told NRK', "The New Zealander told Radio New Zealand": a nationality
        written as a noun after "the", one person (not "the Norwegians"), the subject of a verb, stands
        for the person named last in the two sentences before it; else -1."""
        e = self.ents[n]
        if e.label_ == "PERSON" or e.start == 0 or self.doc[e.start - 1].lower_ != "the":  # NER may call it a product
            return -1
        root = e.root
        if root.i != e.end - 1 or root.dep_ not in ("nsubj", "nsubjpass") or root.tag_ == "NNPS" \
                or e.text.endswith(_PEOPLE_ENDINGS) or not self.tables.is_demonym(e.text):
            return -1  # "the Norwegian", not "the Norwegians", "the French", "the Swiss", "the Chinese"
        return self._person_before(e.start)

    def _aged(self, noun: Token) -> int:
        """ "the 27-year-old from Khouribga told Radio Mars": the person named last before it; else -1."""
        doc = self.doc
        if noun.lower_ != "old" or noun.i < 4 or doc[noun.i - 2].lower_ not in ("year", "years") \
                or doc[noun.i - 1].text != "-" or noun.dep_ not in ("nsubj", "nsubjpass"):
            return -1
        return self._person_before(noun.i)

    def _person_before(self, i: int) -> int:
        """The person named last before token ``i``, in its sentence or the two before; else -1."""
        return self.recent(i, _PERSON_LABEL, 2)

    def _topic_noun_before(self, i: int) -> Token | None:
        """The subject of the main verb of the sentence before token ``i``'s when it is a definite
        organisation noun no name goes with ("The party, founded in 2019, holds ...")."""
        start = self.doc[i].sent.start
        if start == 0:
            return None
        root = self.doc[start - 1].sent.root
        return next((c for c in _kids(root) if c.dep_ in ("nsubj", "nsubjpass") and c.is_lower
                     and c.lower_ in self.rules.org_nouns), None)

    def _topic_org(self, noun: Token, chain: bool = True) -> int:
        """ "The Ipoh-based company said ...", "The lender said ...": a definite organisation noun that is
        the subject of its sentence's main verb stands for the organisation the sentences before are
        about (the subject of a main clause first, see ``_last_subject_org``); else -1."""
        if noun.dep_ not in ("nsubj", "nsubjpass") or noun.head.dep_ != "ROOT" or not noun.is_lower \
                or noun.lower_ not in self.rules.org_nouns or self.ent_of[noun.i] >= 0:
            return -1
        if not _with_the(noun):
            return -1
        if any(self.ent_of[c.i] >= 0 for c in _kids(noun) if c.dep_ in ("compound", "appos")):
            return -1  # "the Acme company", "the company, Acme,": named here
        n = self._last_subject_org(noun.i, chain)
        before = n >= 0 and self.sent_no[self.ents[n].start] < self.sent_no[noun.i]
        return n if before and self.ents[n].label_ == "ORG" else -1

    def from_acl(self, part: Token) -> Iterator[Found]:
        """ "Quellin Bio Ltd, a biotechnology company spun out of Monash University": a participle
        after a name, with a preposition to another (the words of ``participle_relations`` aside)."""
        rules = self.rules
        if part.dep_ != "acl" or part.tag_ != "VBN" or part.lower_ in rules.participles:
            return
        heads = self.head_entities(part.head, part)
        if not heads:
            return
        particle = " ".join(c.lower_ for c in _kids(part) if c.dep_ == "prt")
        for prep in _kids(part):
            if prep.dep_ != "prep" or prep.lower_ not in rules.preps:
                continue
            said = " ".join(w for w in (part.lower_, particle, prep.lower_) if w)
            for o, _ in self._pobj(prep):
                for h in heads:
                    if h != o:
                        type_ = rules.type_of(part.lemma_.lower(), particle, prep.lower_)
                        yield Found(h, o, said, type_, "participle", rules.conf("participle"))

    def from_located(self, noun: Token) -> Iterator[Found]:
        """ "its headquarters in Espoo", "Revontuli's head office in Espoo": where an organisation
        is based."""
        rules = self.rules
        owners = []
        for c in _kids(noun):
            if c.dep_ == "poss":
                owners += self._possessor(c) if c.lower_ in _POSSESSIVE_PRONOUNS else self.direct(c)
        if not owners:
            return
        for prep in _kids(noun):
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
                for o, _ in self._pobj(prep):
                    for h in owners:
                        if h != o and self.ents[o].label_ in ("GPE", "LOC", "FAC"):
                            said = f"{noun.lower_} in"
                            yield Found(h, o, said, upper_snake(said), "participle", rules.conf("participle"))

    def from_titles(self) -> Iterator[Found]:
        """ "Acme chief executive Jane Roe", "Kenyan President Jane Roe": role of the organisation.
        Without a name before the title, the owner may still be plain: "club president Jane Roe"
        (the organisation named last), "Energy Secretary Jane Roe" (the article's one "Department of
        Energy"), "Chief Executive Jane Roe told analysts" (the sentence's one organisation)."""
        doc, rules = self.doc, self.rules
        for n, ent in enumerate(self.ents):
            if ent.label_ != "PERSON":
                continue
            i, tokens, first = ent.start - 1, [], ent.sent.start  # a title never crosses a sentence's start
            while i >= first and self.ent_of[i] < 0 and not doc[i].ent_type_ \
                    and (_role_word(doc[i], self.tables) or glued_hyphen(doc, i) or self._title_and(i, tokens)):
                if doc[i].text != ".":
                    tokens.insert(0, doc[i])
                i -= 1
            words = _joined([t.lower_.rstrip(".") for t in tokens], tokens)
            words = [w for w in words if w not in rules.honorifics]
            if not tokens and i >= 0 and self.ent_of[i] >= 0:
                found = self._title_to_owner(self.ent_of[i], ent)
                if found is not None:
                    yield Found(n, found[0], found[1], rules.type_of(found[1]), "role", rules.conf("role_compound"))
                    continue
            if not words or tokens[-1].tag_ in ("VBN", "VBG", "VBD"):
                continue  # "The CBUAE appointed Jane Roe": a verb, no title
            if i >= 0 and doc[i].lower_ in POSSESSIVE_MARKS:
                i -= 1
            elif i >= 1 and doc[i].lower_ == "of" and tokens[0].is_lower:
                i -= 1  # "the Libyan National Army (LNA) of commander Khalifa Haftar"
            if i >= 2 and doc[i].text == ")" and doc[i - 2].text == "(":
                i -= 1  # "New Zealand Cricket (NZC) chief executive Jane Roe"
            if i >= 0 and self.ent_of[i] >= 0:
                owner = self.ents[self.ent_of[i]]
                if owner.label_ in _OWNER_LABELS and owner.sent == ent.sent:
                    predicate = " ".join(words) + " of"
                    conf = rules.conf("role_compound")
                    yield Found(n, self.ent_of[i], predicate, rules.type_of(predicate), "role", conf)
                continue
            found = self._unnamed_owner(tokens, words, ent)
            if found is not None:
                predicate = found[1]
                yield Found(n, found[0], predicate, rules.type_of(predicate), "role", rules.conf("role_inferred"))

    def _title_and(self, i: int, tokens: list[Token]) -> bool:
        """ "Agriculture and Forestry Minister X": "and" between two capitalised words of one title."""
        doc = self.doc
        return bool(tokens) and doc[i].lower_ in ("and", "&") and tokens[0].is_title and i >= 1 \
            and doc[i - 1].is_title and self.ent_of[i - 1] < 0 and _role_word(doc[i - 1], self.tables)

    def _title_to_owner(self, owner: int, person: Span) -> tuple[int, str] | None:
        """ "Chief Secretary to the Treasury Jane Roe", "Minister of State for Trade Jane Roe" read as
        far as the owner: a title, a preposition, the owner, then the person."""
        doc, e = self.doc, self.ents[owner]
        if e.label_ not in _OWNER_LABELS or e.end != person.start:
            return None
        j = e.start - 1
        if j >= 0 and doc[j].lower_ == "the":
            j -= 1
        if j < 1 or doc[j].lower_ not in ("to", "of", "for"):
            return None
        k, tokens = j - 1, []
        while k >= person.sent.start and self.ent_of[k] < 0 and _role_word(doc[k], self.tables) \
                and doc[k].text != ".":
            tokens.insert(0, doc[k])
            k -= 1
        if not tokens or not self.tables.is_title(tokens[-1].text):
            return None
        words = [w for w in _joined([t.lower_ for t in tokens], tokens) if w not in self.rules.honorifics]
        return (owner, f"{' '.join(words)} {doc[j].lower_}") if words else None

    def _unnamed_owner(self, tokens: list[Token], words: list[str], person: Span) -> tuple[int, str] | None:
        """(owner, predicate) of a title written without its owner's name before it, or None."""
        rules = self.rules
        generic = [k for k, w in enumerate(words) if w in rules.org_nouns]
        if generic and generic[-1] < len(words) - 1:  # "club president Marcelo Bastos"
            owner = self.recent(person.start, _ORG_LABEL, 2)
            if owner >= 0:
                return owner, " ".join(words[generic[-1] + 1 :]) + " of"
        if len(tokens) >= 2 and words[-1] in rules.portfolio_offices and tokens[-2].is_title:
            portfolio = tokens[-2].lower_  # "Energy Secretary Ramon Villanueva"
            offices = {
                e.text: k
                for k, e in enumerate(self.ents)
                if e.label_ == "ORG"
                and portfolio in (toks := {t.lower_ for t in e})
                and toks & rules.ministry_words
            }
            if len(offices) == 1:
                return next(iter(offices.values())), f"{words[-1]} of"
        phrase = " ".join(words)
        plain = all(t.is_lower or self.tables.is_title(t.text) for t in tokens)  # no unnamed "Dortmund"
        if plain and any(phrase == t or phrase.endswith(" " + t) for t in rules.organisation_titles):
            orgs = {
                self.ents[k].text: k
                for k in range(len(self.ents))
                if self.ents[k].label_ == "ORG" and self.ents[k].sent == person.sent
            }
            if len(orgs) == 1:
                return next(iter(orgs.values())), f"{phrase} of"
            if not orgs and tokens[0].is_sent_start:  # "General manager X said", after "The Leafs sacked ..."
                here = self.sent_no[person.start]  # the organisation the sentences before are about
                subject = next((k for k in self.named_before(person.start, _ORG_LABEL, _TITLE_OWNER_SENTENCES)
                                if self.sent_no[self.ents[k].start] < here and self._sentence_subject(k)), -1)
                if subject >= 0:
                    return subject, f"{phrase} of"
        for cut in range(len(tokens) - 1, 0, -1):  # "Plateau State Governor X": a place the article names
            lead = " ".join(t.text for t in tokens[:cut])
            named = next((k for k, e in enumerate(self.ents) if e.text == lead and e.label_ in _OWNER_LABELS), -1)
            if named >= 0:
                return named, " ".join(t.lower_ for t in tokens[cut:]) + " of"
        owner = self._owner_by_word(words, person)
        if owner >= 0:  # "Chief Prosecutor X" of the article's Public Prosecution
            return owner, f"{phrase} of"
        return None

    def _owner_by_word(self, words: list[str], person: Span) -> int:
        """The organisation of the article whose name shares a word with the title ("Chief Election
        Commissioner X" and the "Election Commission", "Council chair X" and the "Honour Council"),
        the nearest before the person first; titles' generic words ("chief", "deputy") do not count."""
        stems = {w[:6] for w in words if len(w) >= 5 and w not in self.rules.title_generic_words}
        if not stems:
            return -1
        matching = [k for k, e in enumerate(self.ents) if e.label_ == "ORG" and k != self.ent_of[person.start]
                    and stems & {t.lower_[:6] for t in e if len(t) >= 5}]
        before = [k for k in matching if self.ents[k].end <= person.start]
        return before[-1] if before else (matching[0] if matching else -1)

    def from_roles_before(self) -> Iterator[Found]:
        """ "a spokesperson for Global Affairs Canada, Julie Tremblay-Roy, said", "the executive
        director of Transparencia, Iván Lanegra-Ortiz,", "The governor of Nzérékoré region, Col. Mamadi
        Kolié,": a role, a preposition and its owner (a kind of region may follow it), then the person
        between commas, a title aside (the parser often hangs the person on the owner)."""
        doc, rules = self.doc, self.rules
        for n, ent in enumerate(self.ents):
            if ent.label_ != "PERSON" or ent.start < 4:
                continue
            comma, first = ent.start - 1, self.sent_starts[self.sent_no[ent.start]]
            while comma > first and self.ent_of[comma] < 0 and (doc[comma].text == "." or self.tables.is_title(
                    doc[comma].text)):
                comma -= 1  # ", Col. Mamadi Kolié,"
            if comma < 3 or doc[comma].text != ",":
                continue
            end = comma - 1 if doc[comma - 1].lower_ in rules.region_nouns else comma  # "of Nzérékoré region,"
            owner = self.ent_of[end - 1]
            if owner < 0 or self.ents[owner].label_ not in _OWNER_LABELS or self.ents[owner].end != end:
                continue
            prep = doc[self.ents[owner].start - 1]
            if prep.lower_ == "the":
                prep = doc[prep.i - 1]
            if prep.lower_ not in ("of", "for", "at") or prep.i < 1:
                continue
            role = doc[prep.i - 1]
            if role.pos_ != "NOUN" or not role.is_lower or self.ent_of[role.i] >= 0:
                continue
            phrase = self._role_phrase(role)
            if phrase is not None and (self.tables.is_title(role.text) or role.lower_ in rules.person_nouns):
                predicate = f"{phrase} {prep.lower_}"
                yield Found(n, owner, predicate, rules.type_of(predicate), "role", rules.conf("role"))

    def from_owner_roles(self) -> Iterator[Found]:
        """ "Georgia's Economy Minister, Levan Gogiberidze, and ...", "The FFA's director-general, Salote
        Fifita-Langi,": an owner's possessive, the role's words and the person after a comma, read along
        the words (the parser often makes the person a conjunct, or the role's last piece its head)."""
        doc, rules = self.doc, self.rules
        for n, ent in enumerate(self.ents):
            if ent.label_ != "PERSON" or ent.start < 4 or doc[ent.start - 1].text != ",":
                continue
            i, tokens, first = ent.start - 2, [], self.sent_starts[self.sent_no[ent.start]]
            while i >= first and len(tokens) < _ROLE_WORDS and self.ent_of[i] < 0 \
                    and (_role_word(doc[i], self.tables) or glued_hyphen(doc, i)) and doc[i].text != ".":
                tokens.insert(0, doc[i])
                i -= 1
            if not tokens or i < first:
                continue
            if doc[i].lower_ in _POSSESSIVE_PRONOUNS and doc[i].dep_ == "poss":  # "Its oceans campaigner, X"
                owners = self._possessor(doc[i])
                owner = owners[0] if owners else -1
            elif i > first and doc[i].lower_ in POSSESSIVE_MARKS:
                owner = self.ent_of[i - 1]
                if owner < 0 and doc[i - 1].is_lower and doc[i - 1].pos_ == "NOUN":
                    owners = self._owners(doc[i - 1])[0]  # "the federation's secretary general, X"
                    owner = owners[0] if owners else -1
                elif owner >= 0 and self.ents[owner].end != i:
                    owner = -1
            else:
                continue
            if owner < 0 or owner == n or _is_dateline(self.ents[owner], self.dateline):
                continue
            words = [w for w in _joined([t.lower_ for t in tokens], tokens) if w not in rules.honorifics]
            if not words or words[-1] in rules.not_roles or not (
                self.tables.is_title(words[-1].split("-")[-1]) or words[-1] in rules.person_nouns
            ):  # "director-general" ends in a title
                continue
            predicate = " ".join(words) + " of"
            yield Found(n, owner, predicate, rules.type_of(predicate), "role", rules.conf("role"))

    def from_places_after(self) -> Iterator[Found]:
        """A place written right after a name, which the parser often hangs elsewhere: "the National
        Center for Laboratory and Epidemiology (NCLE) in Vientiane" (located in), "Rusdi bin Hamzah,
        41, from Tanjung Pinang" (from)."""
        doc, rules = self.doc, self.rules
        for n, ent in enumerate(self.ents):
            i = ent.end
            if ent.root.dep_ in _ARGUMENT_DEPS:
                continue  # "sued Google in California": where the suing happened
            if ent.label_ in ("ORG", "FAC"):
                if i + 3 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
                    i += 3  # its acronym in brackets
                said = "located in"
                if i >= len(doc) or doc[i].lower_ != "in":
                    continue
            elif ent.label_ == "PERSON":
                if i + 3 < len(doc) and doc[i].text == "," and doc[i + 1].like_num and doc[i + 2].text == ",":
                    i += 3  # an age between commas
                said = "from"
                if i >= len(doc) or doc[i].lower_ != "from":
                    continue
            else:
                continue
            place = self.ent_of[i + 1] if i + 1 < len(doc) else -1
            if place >= 0 and place != n and self.ents[place].start == i + 1 and self.ents[place].label_ == "GPE":
                yield Found(n, place, said, upper_snake(said), "participle", rules.conf("participle"))

    def from_ahead(self, word: Token) -> Iterator[Found]:
        """ "X won gold ahead of Slovenia's Y", "crossed the line 38 seconds ahead of Y", "pulled away
        to finish 14 seconds clear of Y": a result over Y, said by the verb the word modifies."""
        of = next((c for c in _kids(word) if c.dep_ == "prep" and c.lower_ == "of"), None)
        verb = word.head
        if verb.pos_ == "NOUN" and verb.dep_ in ("dobj", "npadvmod"):
            verb = verb.head  # "won gold ahead of Y": the parser may hang the word on the object
        if of is None or verb.pos_ != "VERB" or verb.i == word.i:
            return
        losers = [n for n, via in self._pobj(of) if via == "direct"]
        if not losers:
            return
        rules = self.rules
        predicate = f"{verb.lower_} {word.lower_} of"
        type_ = rules.type_of(verb.lemma_.lower(), word.lower_, "of")
        for s, via in self.subjects(verb)[0]:
            for o in losers:
                if s != o:
                    yield Found(s, o, predicate, type_, "svo", rules.conf("svo", via), _negated(verb))

    def from_statement(self, noun: Token) -> Iterator[Found]:
        """ "X said in a statement to Newsday", "In an interview with Reuters, X blamed ...": the
        subject of the verb the statement belongs to addressed the entity after "to" or "with", as "X
        told Newsday" does."""
        prep = noun.head
        verb = prep.head
        if noun.dep_ != "pobj" or prep.lower_ != "in" or verb.pos_ != "VERB":
            return
        rules = self.rules
        addressed = [p for p in _kids(noun) if p.dep_ == "prep" and p.lower_ in ("to", "with")]
        subjects = self.subjects(verb)[0] if addressed else []
        for p in addressed:
            predicate = f"{verb.lower_} in {noun.lower_} {p.lower_}"
            for o, o_via in self._pobj(p):
                for s, s_via in subjects:
                    if s != o:
                        conf = rules.conf("svo", s_via, o_via)
                        yield Found(s, o, predicate, rules.type_of("tell"), "svo", conf, _negated(verb))

    def from_whose(self, tok: Token) -> Iterator[Found]:
        """ "the Association of Ghana Industries, whose president, Efua Danquah, said", "Shelter, the
        housing charity, whose solicitor Rachel Imrie said": the person holds the role in the
        organisation the relative clause is about."""
        doc, rules, i = self.doc, self.rules, tok.i
        role = tok.head
        if tok.dep_ != "poss" or role.pos_ != "NOUN" or not role.is_lower or self.ent_of[role.i] >= 0:
            return
        if not (self.tables.is_title(role.text) or role.lower_ in rules.person_nouns):
            return
        holders = [self.ent_of[c.i] for c in _kids(role) if c.dep_ == "appos" and self.ent_of[c.i] >= 0]
        if role.dep_ == "compound" and self.ent_of[role.head.i] >= 0:
            holders.append(self.ent_of[role.head.i])  # "whose solicitor Rachel Imrie"
        holders = [n for n in holders if self.ents[n].label_ == "PERSON"]
        antecedent = role.head if role.dep_ == "appos" else None
        if antecedent is None:  # the relative clause's verb hangs on what "whose" is about
            verb = role
            while verb.dep_ != "relcl" and verb.head.i != verb.i and verb.i >= i - 1:  # the root is its own head
                verb = verb.head
            antecedent = verb.head if verb.dep_ == "relcl" else None
        if antecedent is None and i >= 2 and doc[i - 1].text == ",":
            antecedent = doc[i - 2]  # the parser lost the clause: what the comma closes
        if antecedent is None or not holders:
            return
        owner = self.ent_of[antecedent.i]
        if owner < 0 and antecedent.dep_ == "appos":  # "Shelter, the housing charity, whose"
            owner = self.ent_of[antecedent.head.i]
        if owner < 0 and antecedent.is_lower and antecedent.i > 0:  # "the Dawn of Nemunas party, whose"
            owner = self.ent_of[antecedent.i - 1]
        phrase = self._role_phrase(role)
        if owner < 0 or phrase is None or self.ents[owner].label_ not in _OWNER_LABELS:
            return
        predicate = f"{phrase} of"
        for h in holders:
            yield Found(h, owner, predicate, rules.type_of(predicate), "role", rules.conf("role"))

    # ------------------------------------------------------------------ the fallback: dependency paths
    def from_paths(self, related: set[tuple[int, int]]) -> Iterator[Found]:
        """Two entities of one sentence that no shape above related, joined by a short dependency path
        through one verb: the subject (or the agent of a passive) on one side, an object, a
        preposition's object or the name modifying them on the other ("X, who headed the OSCE observer
        mission" -> headed mission; "booked containers to the Port of Montreal"); two names conjoined
        as the verb's subjects or agents ("drafted by the United States and Panama" -> drafted with);
        a role noun in apposition with the name that modifies it ("X, the Labour MP for Y" -> MP of).
        Word lists are in ``predicates.json`` (``path_*``); a path never crosses a clause."""
        doc = self.doc
        heads = doc.to_array(HEAD).astype("int64").tolist()  # offsets to the head; no Token per word
        by_sentence: dict[int, list[tuple[int, int]]] = {}  # sentence -> (entity, token of its root)
        for n, e in enumerate(self.ents):
            if self.ent_of[e.start] == n:
                root = next((i for i in range(e.start, e.end) if not e.start <= i + heads[i] < e.end
                             or heads[i] == 0), e.end - 1)
                by_sentence.setdefault(self.sent_no[e.start], []).append((n, root))
        if not by_sentence:
            return
        words = doc.to_array([LOWER, DEP, POS])
        arrays = _DocArrays(heads, words[:, 0], words[:, 1], words[:, 2])
        pronoun_subjects = among(arrays.lower, _PRONOUN_IDS) & among(arrays.dep, _PATH_SUBJECT_IDS)
        candidates = numpy.nonzero(pronoun_subjects)[0]
        for i in candidates.tolist():
            if self.sent_no[i] in by_sentence:
                found = [n for n, via in self.mentions(doc[i]) if via == "pronoun"]
                if len(found) == 1:  # "It is listed as a terrorist organisation by the US"
                    by_sentence[self.sent_no[i]].append((found[0], i))
        texts: dict[int, str] = {}
        for members in by_sentence.values():
            if len(members) < 2:
                continue
            chains = [_chain(heads, i) for _, i in members]
            tokens: dict[int, list[Token]] = {}  # a member's chain as Tokens, made when a pair needs it
            for n, _ in members:
                texts.setdefault(n, self.ents[n].text)
            for k, (a, _) in enumerate(members):
                for j in range(k + 1, len(members)):
                    b = members[j][0]
                    if a == b or (a, b) in related or (b, a) in related or texts[a] == texts[b]:
                        continue
                    yield from self._path((a, chains[k], k), (b, chains[j], j), arrays, tokens)

    def _path(
        self, one: tuple[int, list[int], int], other: tuple[int, list[int], int], arrays: _DocArrays,
        tokens: dict[int, list[Token]],
    ) -> Iterator[Found]:
        """One pair of a sentence: each side is (entity, its chain of heads, its key in ``tokens``)."""
        (a, chain_a, key_a), (b, chain_b, key_b) = one, other
        on_b = {t: pos for pos, t in enumerate(chain_b)}
        k_a = next((pos for pos, t in enumerate(chain_a) if t in on_b), None)
        if k_a is None:
            return
        top = chain_a[k_a]
        k_b = on_b[top]
        if min(k_a, k_b) > 2 or max(k_a, k_b) > _PATH_MAX + 2:
            return  # longer than any shape below: no Token made
        if k_a and k_b:
            if arrays.pos[top] != _VERB_ID:
                return  # two names joined through a noun: no verb between them
            slot_a, slot_b = arrays.dep[chain_a[k_a - 1]], arrays.dep[chain_b[k_b - 1]]
            if slot_a != slot_b and slot_a not in _SLOT_IDS and slot_b not in _SLOT_IDS:
                return  # neither side is the verb's subject or agent
        if not (self._clear(a, chain_a, k_a, arrays) and self._clear(b, chain_b, k_b, arrays)) \
                or self.ent_of[top] not in (-1, a, b):
            return
        doc = self.doc
        if key_a not in tokens:
            tokens[key_a] = [doc[i] for i in chain_a]
        if key_b not in tokens:
            tokens[key_b] = [doc[i] for i in chain_b]
        up_a, up_b = tokens[key_a][:k_a], tokens[key_b][:k_b]
        if not up_a or not up_b:  # one name heads the other: a relative clause, an apposition, "and"
            outer, inner, up = (a, b, up_b) if not up_a else (b, a, up_a)
            if len(up) == 1 and up[0].dep_ == "conj":
                yield from self._co_agents_of(outer, inner)
            else:
                yield from self._path_inside(outer, inner, up)
            return
        yield from self._path_verb(tokens[key_a][k_a], (a, up_a), (b, up_b))

    def _clear(self, n: int, chain: list[int], k: int, arrays: _DocArrays) -> bool:
        """A side of a path (``chain[:k]``, indices) that passes no other name (the nearer name is the
        argument: "beat American Ethan Brooks"; in "by A and B", B passes A) and no word that makes it
        an aside ("according to", "unlike")."""
        sibling = chain[1] if k > 1 and arrays.dep[chain[0]] == _CONJ_ID else -1
        stop = self.rules.path_stop
        return all((self.ent_of[t] in (-1, n) or t == sibling) and arrays.lower[t] not in stop for t in chain[:k])

    def _path_inside(self, outer: int, inner: int, up: list[Token]) -> Iterator[Found]:
        """The name ``outer`` heads the path to ``inner``: "X, (the diplomat) who heads Y's mission"
        or "X, the Labour MP"."""
        rules = self.rules
        if len(up) >= 2 and up[-1].dep_ == "appos" and up[-1].pos_ in ("NOUN", "PROPN") \
                and up[-2].dep_ in _PATH_MODIFIERS \
                and len(up) == 2 and self._is_role(up[-1]) and self.ents[outer].label_ == "PERSON" \
                and self.ents[inner].label_ in _OWNER_LABELS:
            phrase = self._role_phrase(up[-1])
            if phrase is not None:
                predicate = f"{phrase} of"
                yield Found(outer, inner, predicate, rules.type_of(predicate), "role", rules.conf("path"))
            return
        if len(up) == 2 and up[0].dep_ == "pobj" and up[1].dep_ == "prep" and up[1].lower_ in ("in", "at") \
                and self.ents[outer].label_ in ("ORG", "FAC") and self.ents[inner].label_ in ("GPE", "LOC") \
                and up[1].head.i == self.ents[outer].root.i and self.ents[outer].root.i == self.ents[outer].end - 1:
            if self._placed_org(outer):  # "the U.S. Embassy in Tegucigalpa"
                yield Found(outer, inner, "located in", rules.type_of("located in"), "path", rules.conf("path"))
            return
        if up[-1].dep_ == "appos" and up[-1].pos_ == "NOUN" and len(up) >= 3 and up[-2].dep_ == "prep" \
                and self._object_chain([*up[:-1], up[-2]]) and self.ents[outer].label_ in _PLACE_OR_ORG:
            yield from self._described_by(outer, inner, up)  # "Amtali, a small town in Barguna"
            return
        if up[-1].dep_ == "appos" and up[-1].pos_ == "NOUN":
            up = up[:-1]
        if up and up[-1].dep_ == "acl" and up[-1].tag_ == "VBN":
            yield from self._participle_agent(outer, inner, up)  # "X, founded in 1931 and run by Y"
            return
        if not up or up[-1].dep_ != "relcl" or up[-1].pos_ != "VERB":
            return
        verb = up[-1]
        if not any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _RELATIVE for c in _kids(verb)):
            return
        yield from self._path_verb(verb, (outer, []), (inner, up[:-1]), subject_given=True)

    def _placed_org(self, n: int) -> bool:
        """An organisation whose name says it sits somewhere ("Embassy", "Office": ``placed_org_words``)."""
        return self.ents[n][-1].lower_ in self.rules.placed_org_words

    def _described_by(self, outer: int, inner: int, up: list[Token]) -> Iterator[Found]:
        """A name described in apposition by a noun and a preposition: "Amtali, a small town in
        Barguna" -> town in; "Catatumbo, an area on the border with Venezuela" -> area on border with."""
        rules, noun = self.rules, up[-1]
        if self._is_role(noun):
            return  # roles are the shapes' ("X, head of Y")
        governing = up[1] if up[0].dep_ == "pobj" else None
        if governing is None or governing.lower_ not in rules.preps | rules.object_preps | _PLACE_PREPS:
            return
        chain = [t for t in reversed(up[1:-1]) if t.pos_ == "ADP" or (t.pos_ == "NOUN" and self.ent_of[t.i] < 0)]
        words = [noun.lower_, *[t.lower_ for t in chain]][: _PATH_WORDS + 1]
        predicate = " ".join(words)
        type_ = rules.type_of(noun.lemma_.lower(), words[-1]) if len(words) > 1 else upper_snake(predicate)
        yield Found(outer, inner, predicate, type_, "path", rules.conf("path"))

    def _participle_agent(self, outer: int, inner: int, up: list[Token]) -> Iterator[Found]:
        """ "Van Loo & Zonen, founded in 1931 and now run by the founder's grandson, Pieter Van Loo":
        a participle after a name, its agent the other name (the participle may be joined to
        another by "and")."""
        rules = self.rules
        agent = next((k for k, t in enumerate(up) if t.dep_ == "agent"), None)
        if agent is None or agent == 0 or agent + 1 >= len(up):
            return
        verb = up[agent + 1]
        if not all(t.dep_ in ("conj", "acl") and t.pos_ == "VERB" for t in up[agent + 1 :]):
            return  # the participle joined by "and" may be tagged as a base form ("founded ... and run by")
        below = up[:agent]
        if not all(t.dep_ in ("pobj", "appos", "conj", "compound", "poss") for t in below):
            return
        lemma = verb.lemma_.lower()
        if lemma in rules.skip:
            return
        said = verb.lower_ if verb.tag_ == "VBN" else rules.participles.get(verb.lower_, verb.lower_).split()[0]
        yield Found(inner, outer, said, rules.type_of(lemma), "passive", rules.conf("path"), _negated(verb))

    def _path_verb(
        self, verb: Token, one: tuple[int, list[Token]], other: tuple[int, list[Token]], subject_given: bool = False
    ) -> Iterator[Found]:
        rules = self.rules
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma in rules.skip or lemma in rules.path_skip:
            return
        sides = [one, other]
        if not subject_given:
            slots = [up[-1].dep_ for _, up in sides]
            if slots[1] in _PATH_SUBJECTS and slots[0] not in _PATH_SUBJECTS:
                sides.reverse()
            (s, up_s), (o, up_o) = sides
            if up_s[-1].dep_ == up_o[-1].dep_ or (up_o[-1].dep_ == "agent" and up_s[-1].dep_ == "nsubjpass"):
                yield from self._co_agents(verb, s, o, up_s, up_o)
                return
            if up_s[-1].dep_ not in _PATH_SUBJECTS or not self._direct_chain(up_s):
                return
        else:
            (s, up_s), (o, up_o) = sides
        if not up_o or up_o[-1].dep_ not in _PATH_OBJECTS or len(up_o) > _PATH_MAX or not self._object_chain(up_o):
            return
        thing = next((c for c in _kids(verb) if c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i < up_o[-1].i), None)
        slot = up_o[-1]
        base = 1 if up_o[0].dep_ in ("conj", "appos") and len(up_o) > 2 else 0  # "by A and B"
        governing = up_o[base + 1] if len(up_o) > base + 1 and up_o[base].dep_ == "pobj" else None
        passive = (bool(up_s) and up_s[-1].dep_ == "nsubjpass") or (subject_given and any(
            c.dep_ == "nsubjpass" and c.lower_ in _RELATIVE for c in _kids(verb)))  # "X, which is owned by Y"
        by = passive and governing is not None and governing.lower_ == "by"  # "listed as X by Y", hung on X
        if passive and slot.dep_ != "agent" and not by:
            return  # "X was listed as ... by Y" only through the agent (or a "by" the parser hung lower)
        if not by and slot.dep_ == "prep" and slot.lower_ not in rules.preps and not (
            thing is not None and slot.lower_ in rules.object_preps
        ):
            return  # "spoke in Nairobi": where, not whom (as ``from_clause``)
        if governing is not None and not by and governing.lower_ not in rules.preps \
                and governing.lower_ not in rules.object_preps:
            return
        if passive:
            s, o = o, s
        particle = [c.lower_ for c in _kids(verb) if c.dep_ == "prt"]
        chain = [t for t in reversed(up_o[1:]) if t.dep_ != "agent" and (
            t.pos_ == "ADP" or (t.pos_ in ("NOUN", "PROPN") and self.ent_of[t.i] < 0))]
        words = [t.lower_ for k, t in enumerate(chain)
                 if not (t.pos_ == "ADP" and k + 1 < len(chain) and chain[k + 1].pos_ == "ADP")]
        if thing is not None and up_o[-1].dep_ == "prep":
            words.insert(0, thing.lower_)
        if passive and slot.dep_ == "agent":
            words = []  # "controlled by the Seobu Group conglomerate": controlled
        elif by:
            words = words[: words.index("by")] if "by" in words else words  # "listed as organisation"
        words = [*particle, *words][:_PATH_WORDS]
        predicate = " ".join([verb.lower_, *words])
        nouns = [w for w in words if w not in rules.preps and w not in ("in", "by")]
        last = words[-1] if words and words[-1] not in nouns else ""
        type_ = rules.type_of(lemma, *particle, nouns[0] if nouns else "", last)
        yield Found(s, o, predicate, type_, "path", rules.conf("path"), _negated(verb))

    def _co_agents_of(self, a: int, b: int) -> Iterator[Found]:
        """``b`` joined to ``a`` by "and": the verb whose subject or agent ``a`` is."""
        root = self.ents[a].root
        if root.dep_ == "nsubj":
            verb, up = root.head, [root]
        elif root.dep_ == "pobj" and root.head.dep_ == "agent":
            verb, up = root.head.head, [root, root.head]
        else:
            return
        if verb.pos_ == "VERB" and verb.lemma_.lower() not in self.rules.skip:
            yield from self._co_agents(verb, a, b, up, [])

    def _co_agents(self, verb: Token, a: int, b: int, up_a: list[Token], up_b: list[Token]) -> Iterator[Found]:
        """ "drafted by the United States and Panama", "Kenya and Uganda sent troops": the two did it
        together (subjects or agents joined by "and", of one kind)."""
        rules = self.rules
        ea, eb = self.ents[a], self.ents[b]
        joined = eb.root.dep_ == "conj" and eb.root.head.i == ea.root.i
        if not joined or len(up_a) > 2 or _coarse(ea.label_) != _coarse(eb.label_):
            return
        if up_a[-1].dep_ not in ("nsubj", "agent"):
            return
        thing = next((c for c in _kids(verb) if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
        if thing is None and verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
            thing = verb.head  # "the resolution, drafted by A and B"
        words = [verb.lower_, *([thing.lower_] if thing is not None else []), "with"]
        type_ = rules.type_of(verb.lemma_.lower(), "with")
        yield Found(a, b, " ".join(words), type_, "reciprocal", rules.conf("path"), _negated(verb))

    def _direct_chain(self, up: list[Token]) -> bool:
        """The subject side of a path: the name itself, or a noun it modifies or stands beside."""
        if len(up) > 2 or not all(t.dep_ in _PATH_SUBJECT_LINKS for t in up[:-1]):
            return False
        if len(up) == 1:
            return True
        # "the OSCE mission said", not "Japan's Takeda Pharmaceutical" (a name NER missed), nor
        # "Brazil's minister, X, met" (X met)
        return up[-1].is_lower and up[-1].pos_ == "NOUN" and not self._named_by_appos(up[-1])

    def _object_chain(self, up: list[Token]) -> bool:
        """The object side: nouns and prepositions only (no verb: a path never crosses a clause)."""
        if up[0].dep_ not in _PATH_FIRST_LINKS:
            return False
        return all(t.pos_ in ("NOUN", "PROPN", "ADP", "NUM") and t.dep_ in _PATH_LINKS for t in up[1:-1])

    def _is_role(self, noun: Token) -> bool:
        """A title ("MP", "minister") or a lower-case person noun ("spokesman")."""
        return self.tables.is_title(noun.text) or (noun.is_lower and noun.lower_ in self.rules.person_nouns)

    def from_possessives(self) -> Iterator[Found]:
        """ "the Guard Corps' Quds Force", "its Northeastern War Front": an organisation's unit is part of it."""
        doc = self.doc
        for n, ent in enumerate(self.ents):
            i = ent.start - 1
            if ent.label_ in _UNIT_LABELS and i >= 0 and doc[i].lower_ in ("its", "their") and doc[i].dep_ == "poss":
                # "Its Northeastern War Front, which operates ...": a unit of the organisation "its" is
                owners = [k for k in self._possessor(doc[i]) if self.ents[k].label_ == "ORG" and k != n]
                for owner in owners[:1]:
                    yield Found(n, owner, "part of", self.rules.type_of("part of"), "possessive",
                                self.rules.conf("possessive"))
                continue
            if ent.label_ != "ORG" or i < 1 or doc[i].lower_ not in POSSESSIVE_MARKS:
                continue
            owner = self.ent_of[i - 1]
            if owner < 0:
                continue
            conf = self.rules.conf("possessive")
            if self.ents[owner].label_ == "ORG":
                yield Found(n, owner, "part of", self.rules.type_of("part of"), "possessive", conf)
            elif self.ents[owner].label_ == "GPE" and not _is_dateline(self.ents[owner], self.dateline):
                # "the Philippines' Department of Migrant Workers": a state body is part of the country;
                # "Japan's Takeda Pharmaceutical": a company is based there
                state = {t.lower_ for t in ent} & self.rules.state_body_words
                predicate = "part of" if state else "based in"
                yield Found(n, owner, predicate, self.rules.type_of(predicate), "possessive", conf)


def _chain(heads: list[int], i: int) -> list[int]:
    """Token ``i`` and its heads up to the root of its sentence, as indices (``heads``: offsets)."""
    out = [i]
    while (step := heads[i]) != 0:
        i += step
        out.append(i)
    return out


def _coarse(label: str) -> str:
    return {"NORP": "ORG", "LOC": "GPE", "FAC": "GPE"}.get(label, label)


def _modifier(tok: Token) -> bool:
    """A lower-case adjective or noun before a name: "Swiss *midfielder* Jonas Frei"."""
    return tok.is_lower and tok.pos_ in ("ADJ", "NOUN")


def _negated(*verbs: Token) -> bool:
    return any(c.dep_ == "neg" for v in verbs for c in _kids(v))


def _joined(words: list[str], tokens: list[Token]) -> list[str]:
    """Title words with hyphenated pieces joined again: ["vice", "-", "president"] -> ["vice-president"]."""
    out: list[str] = []
    glue = False
    for word, tok in zip(words, tokens, strict=True):
        if tok.text == "-" and out:
            out[-1] += "-"
            glue = True
        elif glue:
            out[-1] += word
            glue = False
        else:
            out.append(word)
    return [w.strip("-") for w in out if w.strip("-")]


def _role_word(tok: Token, tables: NameTables) -> bool:
    """A word of a title or role written before a name: "chief executive", "Minority Leader"."""
    if tok.text == "." or tables.is_title(tok.text):
        return True
    if not tok.is_alpha:
        return False
    if tok.is_lower:  # ("APC state chairman": the tagger may call a lower-case word a proper noun)
        return tok.pos_ in ("NOUN", "ADJ", "PROPN") or tok.tag_ in ("VBG", "VBN")
    return tok.is_title and tok.pos_ in ("PROPN", "NOUN")


def _with_the(noun: Token) -> bool:
    """Whether "the" determines the noun ("the company", "the federation's")."""
    return any(c.dep_ == "det" and c.lower_ == "the" for c in _kids(noun))


def _kids(tok: Token) -> list[Token]:
    """``tok.children``, made once per token while ``kg_relations`` reads a doc (the walk asks for
    the same verbs' children many times, and each ask makes new Token objects)."""
    cache = tok.doc.user_data.get(_KIDS)
    if cache is None:
        cache = tok.doc.user_data[_KIDS] = {}
    kids = cache.get(tok.i)
    if kids is None:
        kids = cache[tok.i] = list(tok.children)
    return kids


def _dateline_tokens(doc: Doc) -> set[int]:
    """Tokens of the datelines that open paragraphs ("MIAMI GARDENS, Fla. \u2014", "BEIRA, Mozambique
    (AFP) \u2014", "BONN, Germany \u2014"): where the story was filed and who filed it, never actors."""
    out: set[int] = set()
    for sent in doc.sents:
        first = sent[0]
        if not (first.is_upper and first.is_alpha and len(first.text) >= 2):
            continue
        for t in sent[1:_DATELINE_SPAN]:
            if t.text in _DASHES and t.text != "(" and t.i > 0 and doc[t.i - 1].whitespace_:
                out.update(range(sent.start, t.i))
                break
    return out


def _is_dateline(ent: Span, dateline: set[int]) -> bool:
    """ "MIAMI GARDENS, Fla. \u2014" opening a story names where it was filed, not an actor."""
    return ent.start in dateline and ent.end - 1 in dateline


@Language.factory(
    "kg_relations",
    assigns=["doc._.kg_relations"],
    requires=["doc.ents", "token.dep", "token.lemma", "token.pos"],
    default_config={"alias_file": None},
)
def make_relation_finder(nlp: Language, name: str, alias_file: str | None) -> RelationFinder:
    return RelationFinder(nlp, name, alias_file)
