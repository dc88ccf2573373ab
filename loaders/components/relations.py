"""``kg_relations``: typed relations between two entities of one sentence, from the dependency parse.

Two sources:

* noun-phrase shapes, as spaCy ``DependencyMatcher`` patterns in ``relation_patterns.json``:
  roles in appositions ("X, commander of Y"; "the chief executive of Y, X"; "X, Y's chief"),
  participles ("US-led coalition", "the mission led by X"), plus two linear shapes: a title between
  an organisation and a person ("Acme chief executive Jane Roe", "Kenyan President X") and the
  possessive between two organisations ("Y's Quds Force" -> part of Y);
* clauses, walked here: subject-verb-object with the verb's particle and preposition ("agreed with",
  "sent letter to"), conjoined subjects and objects, passives ("was acquired by"), subjects shared
  by controlled, conjoined and adverbial verbs ("agreed to withdraw", "beat X to win Y", "after
  beating X"), reciprocal verbs or nouns with conjoined subjects ("X and Y agreed", "X and Y opened
  talks"), pronoun subjects ("the government said it would ..."; "he" for the person named last),
  appositions ("its spokesman, X, said") and "proxy" nouns that stand for the entity modifying them
  ("an Iraqi official told ..." -> Iraq told).

Word lists (reciprocal verbs and nouns, light verbs, proxy nouns, prepositions, the lemma -> type
table, confidences) are in ``predicates.json``. ``doc._.kg_relations`` receives plain dicts (they
travel between processes): ``{"source": [start, end], "target": [start, end], "predicate", "type",
"negated", "confidence", "kind", "sentence": start token of the sentence}``; spans are entity spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token

from loaders.aliases import NameTables, load_tables, read_json
from loaders.components import ENTITY_LABELS, POSSESSIVE_MARKS

_PRONOUNS = {"he": "PERSON", "she": "PERSON", "it": "THING", "they": "ANY", "we": "ANY"}
_RELATIVE = frozenset({"who", "which", "that"})
_PROXY_CHILD_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
_HEAD_CHILD_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
_OWNER_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
_DASHES = frozenset({"\u2014", "\u2013", "-", "--", "("})

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
    confidence: dict[str, float]
    patterns: dict[str, dict]

    @classmethod
    def load(cls) -> Rules:
        data = read_json("predicates.json")
        return cls(
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
            confidence=data["confidence"],
            patterns={p["id"]: p for p in read_json("relation_patterns.json")["patterns"]},
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


class RelationFinder:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        self.rules = Rules.load()
        self.tables = load_tables(alias_file)
        self.matcher = DependencyMatcher(nlp.vocab)
        for pid, p in self.rules.patterns.items():
            self.matcher.add(pid, [p["pattern"]])

    def __call__(self, doc: Doc) -> Doc:
        walk = _Walk(doc, self.rules, self.tables)
        found: list[Found] = []
        found += walk.from_patterns(self.matcher(doc))
        found += walk.from_titles()
        found += walk.from_possessives()
        for tok in doc:
            if tok.pos_ == "VERB":
                found += walk.from_clause(tok)
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
        doc._.kg_relations = out
        return doc


class _Walk:
    """The relations of one doc: its entities, indexed by token, and the rules."""

    def __init__(self, doc: Doc, rules: Rules, tables: NameTables) -> None:
        self.doc, self.rules, self.tables = doc, rules, tables
        self.ents: list[Span] = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
        self.ent_of = [-1] * len(doc)
        for n, e in enumerate(self.ents):
            if not _is_dateline(e):
                for i in range(e.start, e.end):
                    self.ent_of[i] = n

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
                out.append((n, "direct"))
                continue
            named = [self.ent_of[c.i] for c in t.children if c.dep_ == "appos" and self.ent_of[c.i] >= 0]
            if named:  # "its spokesman, Anatol Hrushevich, said"
                out += [(n2, "direct") for n2 in named]
            elif t.dep_ == "appos" and self.ent_of[t.head.i] >= 0:  # "Elbe Holding, the office that"
                out.append((self.ent_of[t.head.i], "direct"))
            elif proxy and (t.lower_ in self.rules.proxies or t.lemma_.lower() in self.rules.proxies):
                out += self._proxied(t, depth)
            elif pronoun and t.lower_ in _PRONOUNS and t.dep_ in ("nsubj", "nsubjpass"):
                out += [(n2, "pronoun") for n2 in self._antecedent(t)]
            elif t.lower_ in _RELATIVE and t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "relcl":
                out += self.mentions(t.head.head, proxy=proxy, pronoun=False, depth=depth + 1)
        seen, unique = set(), []
        for n, via in out:
            if n not in seen:
                seen.add(n)
                unique.append((n, via))
        return unique

    def _named_by_appos(self, noun: Token) -> bool:
        return any(c.dep_ == "appos" and self.ent_of[c.i] >= 0 for c in noun.children)

    def _proxied(self, noun: Token, depth: int) -> list[tuple[int, Via]]:
        """The entity a proxy noun stands for: its modifier ("Iraqi officials"), or the object of
        its "of"/"from" ("delegates from South Sudan's government")."""
        out: list[tuple[int, Via]] = []
        for c in noun.children:
            if c.dep_ in _PROXY_CHILD_DEPS and self.ent_of[c.i] >= 0:
                out.append((self.ent_of[c.i], "proxy"))
            elif c.dep_ == "prep" and c.lower_ in ("of", "from") and depth < 2:
                for p in c.children:
                    if p.dep_ == "pobj":
                        out += [(n, "proxy") for n, _ in self.mentions(p, pronoun=False, depth=depth + 1)]
        return out

    def _antecedent(self, pron: Token) -> list[int]:
        """The subject of the clause that reports the pronoun's clause ("X said it would ..."); for
        "he"/"she" without one, the person named last before it."""
        want = _PRONOUNS[pron.lower_]
        cur = pron.head
        while cur.dep_ in ("ccomp", "xcomp", "conj", "advcl") and cur.head is not cur:
            cur = cur.head
            for subj in cur.children:
                if subj.dep_ == "nsubj" and subj is not pron:
                    found = [n for n, via in self.mentions(subj, pronoun=False) if via != "pronoun"]
                    return [n for n in found if want == "ANY" or (want == "PERSON") == self._is_person(n)]
        if want != "PERSON":
            return []
        before = [n for n, e in enumerate(self.ents) if e.end <= pron.i and e.label_ == "PERSON"]
        if before and pron.sent.start - self.ents[before[-1]].sent.start <= 80:
            return before[-1:]
        return []

    def _is_person(self, n: int) -> bool:
        return self.ents[n].label_ == "PERSON"

    def head_entities(self, head: Token, *exclude: Token) -> list[int]:
        """The entities a noun names itself or through a modifier ("the SADC mission")."""
        direct = self.direct(head)
        if direct:
            return direct
        return [
            self.ent_of[c.i]
            for c in head.children
            if c.dep_ in _HEAD_CHILD_DEPS and self.ent_of[c.i] >= 0 and c not in exclude
        ]

    # ------------------------------------------------------------------ clauses
    def subjects(self, verb: Token) -> tuple[list[tuple[int, Via]], Token | None]:
        """Subject entities of ``verb`` and, when it shares another verb's subject, that verb."""
        subj = [m for c in verb.children if c.dep_ == "nsubj" for m in self.mentions(c)]
        if subj or any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
            return subj, None
        head = verb.head
        shares = (
            verb.dep_ in ("xcomp", "conj")
            or (
                verb.dep_ == "advcl"
                and (verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children))
            )
            or (verb.dep_ == "pcomp" and head.dep_ == "prep")
        )
        if verb.dep_ == "pcomp":
            head = head.head
        if head.dep_ == "acomp" and head.pos_ == "ADJ":  # "is due to appear"
            head = head.head
        if not shares or head is verb or head.pos_ not in ("VERB", "AUX"):
            return [], None
        if any(c.dep_ == "nsubjpass" for c in head.children):
            return [], None
        inherited, _ = self.subjects(head)
        return [(n, "control" if via == "direct" else via) for n, via in inherited], head

    def from_clause(self, verb: Token) -> Iterator[Found]:
        rules = self.rules
        lemma = verb.lemma_.lower()
        if lemma in rules.skip:
            return
        particle = " ".join(c.lower_ for c in verb.children if c.dep_ == "prt")
        patients = [m for c in verb.children if c.dep_ == "nsubjpass" for m in self.mentions(c)]
        if patients:
            yield from self._passive(verb, lemma, particle, patients)
            return
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
                for c in verb.children
                if c.dep_ == "dobj"
                and c.pos_ == "NOUN"
                and self.ent_of[c.i] < 0
                and c.lower_ not in rules.proxies
                and not self._named_by_appos(c)
            ),
            None,
        )
        for c in verb.children:
            if c.dep_ in ("dobj", "dative") and c.pos_ in ("NOUN", "PROPN", "PRON"):
                objects += [
                    (n, via, phrase, rules.type_of(lemma, particle)) for n, via in self.mentions(c, pronoun=False)
                ]
                if self.ent_of[c.i] < 0 and c.lower_ not in rules.proxies:
                    if c.lemma_.lower() in rules.reciprocal_nouns or c.lower_ in rules.reciprocal_nouns:
                        reciprocal_noun = c
                    for p in c.children:  # "sent a letter to X", "start talks with X"
                        if p.dep_ == "prep" and p.lower_ in rules.preps:
                            predicate = f"{phrase} {c.lower_} {p.lower_}"
                            type_ = rules.type_of(lemma, particle, c.lemma_.lower(), p.lower_)
                            objects += [(n, via, predicate, type_) for n, via in self._pobj(p)]
                        elif p.dep_ == "prep" and p.lower_ == "of" and reciprocal_noun is None:
                            reciprocal_noun = next(
                                (
                                    g
                                    for g in p.children
                                    if g.dep_ == "pobj" and g.lemma_.lower() in rules.reciprocal_nouns
                                ),
                                None,
                            )
            elif c.dep_ in ("prep", "dative") and c.lower_ in rules.preps:
                noun = thing.lower_ if thing is not None and thing.i < c.i else ""
                predicate = " ".join(w for w in (phrase, noun, c.lower_) if w)
                type_ = rules.type_of(lemma, particle, thing.lemma_.lower() if noun else "", c.lower_)
                objects += [(n, via, predicate, type_) for n, via in self._pobj(c)]
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

    def _pobj(self, prep: Token) -> list[tuple[int, Via]]:
        return [m for p in prep.children if p.dep_ == "pobj" for m in self.mentions(p, pronoun=False)]

    def _passive(self, verb: Token, lemma: str, particle: str, patients: list[tuple[int, Via]]) -> Iterator[Found]:
        rules = self.rules
        negated = _negated(verb)
        said = " ".join(w for w in (verb.text.lower(), particle) if w)
        for c in verb.children:
            if c.dep_ == "agent":  # "X was acquired by Y": Y acquired X
                for a, a_via in self._pobj(c):
                    for p, p_via in patients:
                        conf = rules.conf("passive", a_via, p_via)
                        yield Found(a, p, said, rules.type_of(lemma, particle), "passive", conf, negated)
            elif c.dep_ in ("prep", "dative") and c.lower_ in rules.preps:  # "X was sent to Y"
                for o, o_via in self._pobj(c):
                    for p, p_via in patients:
                        type_ = upper_snake(f"{lemma} {particle} {c.lower_}")
                        conf = rules.conf("prep", o_via, p_via)
                        yield Found(p, o, f"{said} {c.lower_}", type_, "passive", conf, negated)

    # ------------------------------------------------------------------ noun-phrase shapes
    def _role_phrase(self, role: Token) -> str | None:
        if role.lemma_.lower() in self.rules.not_roles or role.lower_ in self.rules.not_roles:
            return None
        words = [
            c
            for c in role.children
            if c.dep_ in ("amod", "compound") and c.i < role.i and self.ent_of[c.i] < 0 and c.is_alpha
        ]
        return " ".join(w.lower_ for w in [*words, role])

    def _owners(self, tok: Token) -> list[int]:
        """The organisation a role belongs to: named, modifying the noun, or "its"/"their" for the
        subject of the clause ("the US sent its special envoy")."""
        if tok.pos_ == "PRON" and tok.lower_ in ("its", "their"):
            verb = tok.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
                verb = verb.head
            return [n for n, via in self.subjects(verb)[0] if via == "direct" and not self._is_person(n)]
        return self.head_entities(tok)

    def from_patterns(self, matches: list[tuple[int, list[int]]]) -> Iterator[Found]:
        rules, doc = self.rules, self.doc
        for match_id, tokens in matches:
            spec = rules.patterns[doc.vocab.strings[match_id]]
            nodes = {p["RIGHT_ID"]: doc[i] for p, i in zip(spec["pattern"], tokens, strict=True)}
            kind = spec["kind"]
            if kind == "role":
                phrase = self._role_phrase(nodes[spec["role"]])
                if phrase is None:
                    continue
                prep = nodes[spec["prep"]].lower_ if spec["prep"] in nodes else spec["prep"]
                predicate = f"{phrase} {prep}"
                for s in self.direct(nodes[spec["source"]])[:1]:
                    for t in self._owners(nodes[spec["target"]]):
                        yield Found(s, t, predicate, rules.type_of(predicate), "role", rules.conf("role"))
            elif kind == "passive":
                verb = nodes[spec["verb"]]
                for a in self.direct(nodes[spec["source"]]):
                    for h in self.head_entities(nodes[spec["target"]], verb):
                        type_ = rules.type_of(verb.lemma_.lower())
                        yield Found(a, h, verb.lower_, type_, "passive", rules.conf("passive"), _negated(verb))
            elif kind == "participle":
                part, modifier = nodes[spec["participle"]], nodes[spec["source"]]
                said = rules.participles.get(part.lower_)
                if said is None:
                    continue
                for m in self.direct(modifier)[:1]:
                    for h in self.head_entities(nodes[spec["target"]], part, modifier):
                        conf = rules.conf("participle")
                        if said.endswith(" by"):  # "US-led coalition": the US led it
                            yield Found(m, h, part.lower_, rules.type_of(part.lemma_.lower()), "participle", conf)
                        else:  # "London-based Acme": Acme based in London
                            yield Found(h, m, said, upper_snake(said), "participle", conf)

    def from_titles(self) -> Iterator[Found]:
        """ "Acme chief executive Jane Roe", "Kenyan President Jane Roe": role of the organisation."""
        doc, rules = self.doc, self.rules
        for n, ent in enumerate(self.ents):
            if ent.label_ != "PERSON":
                continue
            i, words = ent.start - 1, []
            while i >= 0 and self.ent_of[i] < 0 and _role_word(doc[i], self.tables):
                if doc[i].text != ".":
                    words.insert(0, doc[i].lower_.rstrip("."))
                i -= 1
            if i >= 0 and doc[i].lower_ in POSSESSIVE_MARKS:
                i -= 1
            if not words or i < 0 or self.ent_of[i] < 0 or all(w in rules.honorifics for w in words):
                continue
            owner = self.ents[self.ent_of[i]]
            if owner.label_ in _OWNER_LABELS and owner.sent == ent.sent:
                predicate = " ".join(w for w in words if w not in rules.honorifics) + " of"
                conf = rules.conf("role_compound")
                yield Found(n, self.ent_of[i], predicate, rules.type_of(predicate), "role", conf)

    def from_possessives(self) -> Iterator[Found]:
        """ "the Guard Corps' Quds Force": an organisation's unit is part of it."""
        doc = self.doc
        for n, ent in enumerate(self.ents):
            i = ent.start - 1
            if ent.label_ != "ORG" or i < 1 or doc[i].lower_ not in POSSESSIVE_MARKS:
                continue
            owner = self.ent_of[i - 1]
            if owner >= 0 and self.ents[owner].label_ == "ORG":
                conf = self.rules.conf("possessive")
                yield Found(n, owner, "part of", self.rules.type_of("part of"), "possessive", conf)


def _negated(*verbs: Token) -> bool:
    return any(c.dep_ == "neg" for v in verbs for c in v.children)


def _role_word(tok: Token, tables: NameTables) -> bool:
    """A word of a title or role written before a name: "chief executive", "Minority Leader"."""
    if tok.text == "." or tables.is_title(tok.text):
        return True
    if not tok.is_alpha:
        return False
    if tok.is_lower:
        return tok.pos_ in ("NOUN", "ADJ") or tok.tag_ in ("VBG", "VBN")
    return tok.is_title and tok.pos_ in ("PROPN", "NOUN")


def _is_dateline(ent: Span) -> bool:
    """ "MIAMI GARDENS, Fla. —" opening a story names where it was filed, not an actor."""
    if not ent.text.isupper() or not ent[0].is_sent_start:
        return False
    return any(t.text in _DASHES for t in ent.doc[ent.end : ent.end + 5])


@Language.factory(
    "kg_relations",
    assigns=["doc._.kg_relations"],
    requires=["doc.ents", "token.dep", "token.lemma", "token.pos"],
    default_config={"alias_file": None},
)
def make_relation_finder(nlp: Language, name: str, alias_file: str | None) -> RelationFinder:
    return RelationFinder(nlp, name, alias_file)
