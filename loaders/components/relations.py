"""``kg_relations``: typed relations between two entities of one sentence, from the dependency parse.

Two sources:

* noun-phrase shapes, as spaCy ``DependencyMatcher`` patterns in ``relation_patterns.json``:
  roles in appositions ("X, commander of Y"; "the chief executive of Y, X"; "X, Y's chief"),
  participles ("US-led coalition", "the company acquired by Y"), plus two linear shapes: a title
  between an organisation and a person ("Acme chief executive Jane Roe", "Kenyan President X") and
  the possessive between two organisations ("Y's Quds Force" -> part of Y);
* clauses, walked here: subject-verb-object with the verb's particle and preposition ("agreed with",
  "sent letter to"), conjoined subjects and objects, passives ("was acquired by"), controlled
  subjects ("agreed to withdraw"), reciprocal verbs with conjoined subjects ("X and Y agreed"),
  a pronoun subject of a reported clause ("the government said it would ...") and "proxy" nouns that
  stand for the entity modifying them ("an Iraqi official told ..." -> Iraq told).

Word lists (reciprocal and light verbs, proxy nouns, prepositions, the lemma -> type table,
confidences) are in ``predicates.json``. ``doc._.kg_relations`` receives plain dicts (they travel
between processes): ``{"source": [start, end], "target": [start, end], "predicate", "type",
"negated", "confidence", "kind", "sentence": start token of the sentence}``; spans are entity spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token

from loaders.aliases import load_tables, read_json

KEPT_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
_PRONOUNS = {"he": "PERSON", "she": "PERSON", "it": "THING", "they": "ANY", "we": "ANY"}
_RELATIVE = frozenset({"who", "which", "that"})
_POSSESSIVE_MARKS = frozenset({"'s", "\u2019s", "'", "\u2019"})
_PROXY_CHILD_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
_OWNER_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})


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


class RelationFinder:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        data = read_json("predicates.json")
        self.types: dict[str, str] = data["types"]
        self.reciprocal = frozenset(data["reciprocal"])
        self.light = frozenset(data["light_verbs"])
        self.skip = frozenset(data["skip_verbs"])
        self.proxies = frozenset(data["proxy_nouns"])
        self.participles: dict[str, str] = data["participle_relations"]
        self.preps = frozenset(data["preps"])
        self.not_roles = frozenset(data["not_roles"])
        self.honorifics = frozenset(data["honorifics"])
        self.confidence: dict[str, float] = data["confidence"]
        self.tables = load_tables(alias_file)
        self.patterns = {p["id"]: p for p in read_json("relation_patterns.json")["patterns"]}
        self.matcher = DependencyMatcher(nlp.vocab)
        for pid, p in self.patterns.items():
            self.matcher.add(pid, [p["pattern"]])

    # ------------------------------------------------------------------ entry
    def __call__(self, doc: Doc) -> Doc:
        ents = [e for e in doc.ents if e.label_ in KEPT_LABELS]
        ent_of = [-1] * len(doc)
        for n, e in enumerate(ents):
            for i in range(e.start, e.end):
                ent_of[i] = n
        self._ents, self._ent_of = ents, ent_of
        found: list[Found] = []
        found += self._from_patterns(doc)
        found += self._from_titles(doc)
        found += self._from_possessives(doc)
        for tok in doc:
            if tok.pos_ == "VERB":
                found += self._from_clause(tok)
        out, seen = [], set()
        for f in found:
            key = (f.source, f.target, f.predicate, f.negated)
            if f.source == f.target or key in seen:
                continue
            seen.add(key)
            s, t = ents[f.source], ents[f.target]
            out.append(
                {
                    "source": [s.start, s.end],
                    "target": [t.start, t.end],
                    "predicate": f.predicate,
                    "type": f.type,
                    "negated": f.negated,
                    "confidence": round(f.confidence, 3),
                    "kind": f.kind,
                    "sentence": s.sent.start,
                }
            )
        doc._.kg_relations = out
        self._ents, self._ent_of = [], []
        return doc

    # ------------------------------------------------------------------ entities of a token
    def _direct(self, tok: Token) -> list[int]:
        out = []
        for t in (tok, *tok.conjuncts):
            n = self._ent_of[t.i]
            if n >= 0 and n not in out:
                out.append(n)
        return out

    def _mentions(self, tok: Token, *, proxy: bool = True, pronoun: bool = True) -> list[tuple[int, str]]:
        """The entities a nominal token stands for, with how: "direct", "proxy" or "pronoun"."""
        out: list[tuple[int, str]] = []
        for t in (tok, *tok.conjuncts):
            n = self._ent_of[t.i]
            if n >= 0:
                out.append((n, "direct"))
            elif proxy and (t.lower_ in self.proxies or t.lemma_.lower() in self.proxies):
                for c in t.children:
                    if c.dep_ in _PROXY_CHILD_DEPS and self._ent_of[c.i] >= 0:
                        out.append((self._ent_of[c.i], "proxy"))
                    elif c.dep_ == "prep" and c.lower_ == "of":
                        out += [
                            (n2, "proxy") for p in c.children if p.dep_ == "pobj" for n2 in self._direct(p)
                        ]
            elif pronoun and t.lower_ in _PRONOUNS and t.dep_ in ("nsubj", "nsubjpass"):
                out += [(n2, "pronoun") for n2 in self._antecedent(t)]
            elif t.lower_ in _RELATIVE and t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "relcl":
                out += [(n2, "direct") for n2 in self._direct(t.head.head)]
        seen, unique = set(), []
        for n, via in out:
            if n not in seen:
                seen.add(n)
                unique.append((n, via))
        return unique

    def _antecedent(self, pron: Token) -> list[int]:
        """The subject of the clause that reports the pronoun's clause ("X said it would ...")."""
        want = _PRONOUNS[pron.lower_]
        cur = pron.head
        while cur.dep_ in ("ccomp", "xcomp", "conj", "advcl") and cur.head is not cur:
            cur = cur.head
            for subj in cur.children:
                if subj.dep_ == "nsubj" and subj is not pron:
                    found = [n for n, via in self._mentions(subj, pronoun=False) if via != "pronoun"]
                    label_ok = [
                        n
                        for n in found
                        if want == "ANY" or (want == "PERSON") == (self._ents[n].label_ == "PERSON")
                    ]
                    return label_ok
        return []

    # ------------------------------------------------------------------ predicates
    def _type(self, lemma: str, *rest: str) -> str:
        words = [lemma, *[w for w in rest if w]]
        candidates = [" ".join(words)]
        if len(words) > 1:
            candidates += [f"{lemma} {words[-1]}", lemma]
        for c in candidates:
            if c in self.types:
                return self.types[c]
        return upper_snake(" ".join(words))

    def _conf(self, kind: str, *vias: str) -> float:
        c = self.confidence[kind]
        for via in vias:
            c += self.confidence.get(f"via_{via}", 0.0)
        return max(0.05, min(1.0, c))

    @staticmethod
    def _negated(*verbs: Token) -> bool:
        return any(c.dep_ == "neg" for v in verbs for c in v.children)

    # ------------------------------------------------------------------ clauses
    def _subjects(self, verb: Token) -> tuple[list[tuple[int, str]], Token | None]:
        """Subject entities of ``verb`` and, for a controlled verb, the verb that controls it."""
        subj = [m for c in verb.children if c.dep_ == "nsubj" for m in self._mentions(c)]
        if subj or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return subj, None
        head = verb.head
        if verb.dep_ in ("xcomp", "conj") and head is not verb and head.pos_ in ("VERB", "AUX"):
            inherited, _ = self._subjects(head)
            if not any(c.dep_ == "nsubjpass" for c in head.children):
                return [(n, "control" if via == "direct" else via) for n, via in inherited], head
        return [], None

    def _from_clause(self, verb: Token) -> Iterator[Found]:
        lemma = verb.lemma_.lower()
        if lemma in self.skip:
            return
        particle = " ".join(c.lower_ for c in verb.children if c.dep_ == "prt")
        passive = [m for c in verb.children if c.dep_ == "nsubjpass" for m in self._mentions(c)]
        if passive:
            yield from self._passive(verb, lemma, particle, passive)
            return
        subjects, controller = self._subjects(verb)
        if not subjects:
            return
        lead = verb.text.lower()
        if controller is not None and verb.dep_ == "xcomp" and controller.lemma_.lower() not in self.light:
            lead = f"{controller.text.lower()} to {lead}"
        verbs = (verb, controller) if controller is not None else (verb,)
        negated = self._negated(*verbs)
        phrase = " ".join(w for w in (lead, particle) if w)
        objects: list[tuple[int, str, str, str]] = []  # entity, via, predicate, type
        for c in verb.children:
            if c.dep_ in ("dobj", "dative") and c.pos_ in ("NOUN", "PROPN", "PRON"):
                objects += [
                    (n, via, phrase, self._type(lemma, particle))
                    for n, via in self._mentions(c, pronoun=False)
                ]
                if self._ent_of[c.i] < 0 and c.lower_ not in self.proxies:
                    for p in c.children:  # "sent a letter to X", "start talks with X"
                        if p.dep_ == "prep" and p.lower_ in self.preps:
                            objects += [
                                (
                                    n,
                                    via,
                                    f"{phrase} {c.lower_} {p.lower_}",
                                    self._type(lemma, particle, c.lemma_.lower(), p.lower_),
                                )
                                for n, via in self._pobj(p)
                            ]
            elif c.dep_ in ("prep", "dative") and c.lower_ in self.preps:
                objects += [
                    (n, via, f"{phrase} {c.lower_}", self._type(lemma, particle, c.lower_))
                    for n, via in self._pobj(c)
                ]
        subject_ids = [n for n, _ in subjects]
        for s, s_via in subjects:
            for o, o_via, predicate, type_ in objects:
                if o in subject_ids:
                    continue
                yield Found(s, o, predicate, type_, "svo", self._conf("svo", s_via, o_via), negated)
        direct = [n for n, via in subjects if via in ("direct", "control")]
        if lemma in self.reciprocal and len(direct) >= 2:
            predicate = f"{lead} with"
            for i, a in enumerate(direct):
                for b in direct[i + 1 :]:
                    yield Found(
                        a,
                        b,
                        predicate,
                        self._type(lemma, "with"),
                        "reciprocal",
                        self._conf("reciprocal"),
                        negated,
                    )

    def _pobj(self, prep: Token) -> list[tuple[int, str]]:
        return [m for p in prep.children if p.dep_ == "pobj" for m in self._mentions(p, pronoun=False)]

    def _passive(
        self, verb: Token, lemma: str, particle: str, patients: list[tuple[int, str]]
    ) -> Iterator[Found]:
        negated = self._negated(verb)
        said = " ".join(w for w in (verb.text.lower(), particle) if w)
        for c in verb.children:
            if c.dep_ == "agent":
                for a, a_via in self._pobj(c):
                    for p, p_via in patients:
                        if a != p:
                            yield Found(
                                a,
                                p,
                                said,
                                self._type(lemma, particle),
                                "passive",
                                self._conf("passive", a_via, p_via),
                                negated,
                            )
            elif c.dep_ in ("prep", "dative") and c.lower_ in self.preps:
                for o, o_via in self._pobj(c):
                    for p, p_via in patients:
                        if o != p:
                            yield Found(
                                p,
                                o,
                                f"{said} {c.lower_}",
                                upper_snake(f"{lemma} {particle} {c.lower_}"),
                                "passive",
                                self._conf("prep", o_via, p_via),
                                negated,
                            )

    # ------------------------------------------------------------------ noun-phrase shapes
    def _role_phrase(self, role: Token) -> str | None:
        if role.lemma_.lower() in self.not_roles or role.lower_ in self.not_roles:
            return None
        words = [
            c
            for c in role.children
            if c.dep_ in ("amod", "compound") and c.i < role.i and self._ent_of[c.i] < 0 and c.is_alpha
        ]
        return " ".join(w.lower_ for w in [*words, role])

    def _entity_of_head(self, head: Token, *exclude: Token) -> list[int]:
        direct = self._direct(head)
        if direct:
            return direct
        return [
            self._ent_of[c.i]
            for c in head.children
            if c.dep_ in ("compound", "amod", "nmod") and self._ent_of[c.i] >= 0 and c not in exclude
        ]

    def _from_patterns(self, doc: Doc) -> Iterator[Found]:
        for match_id, tokens in self.matcher(doc):
            spec = self.patterns[doc.vocab.strings[match_id]]
            nodes = {p["RIGHT_ID"]: doc[i] for p, i in zip(spec["pattern"], tokens, strict=True)}
            kind = spec["kind"]
            if kind == "role":
                phrase = self._role_phrase(nodes[spec["role"]])
                if phrase is None:
                    continue
                prep = nodes[spec["prep"]].lower_ if spec["prep"] in nodes else spec["prep"]
                predicate = f"{phrase} {prep}"
                for s in self._direct(nodes[spec["source"]])[:1]:
                    for t in self._direct(nodes[spec["target"]]):
                        yield Found(s, t, predicate, self._type(predicate), "role", self._conf("role"))
            elif kind == "passive":
                verb = nodes[spec["verb"]]
                for a in self._direct(nodes[spec["source"]]):
                    for h in self._entity_of_head(nodes[spec["target"]], verb):
                        yield Found(
                            a,
                            h,
                            verb.lower_,
                            self._type(verb.lemma_.lower()),
                            "passive",
                            self._conf("passive"),
                            self._negated(verb),
                        )
            elif kind == "participle":
                part = nodes[spec["participle"]]
                modifier = nodes[spec["source"]]
                said = self.participles.get(part.lower_)
                if said is None:
                    continue
                for m in self._direct(modifier)[:1]:
                    for h in self._entity_of_head(nodes[spec["target"]], part, modifier):
                        if said.endswith(" by"):  # "US-led coalition": the US led it
                            yield Found(
                                m,
                                h,
                                part.lower_,
                                self._type(part.lemma_.lower()),
                                "participle",
                                self._conf("participle"),
                            )
                        else:  # "London-based Acme": Acme based in London
                            yield Found(h, m, said, upper_snake(said), "participle", self._conf("participle"))

    def _from_titles(self, doc: Doc) -> Iterator[Found]:
        """ "Acme chief executive Jane Roe", "Kenyan President Jane Roe": role of the organisation."""
        for n, ent in enumerate(self._ents):
            if ent.label_ != "PERSON":
                continue
            i, words = ent.start - 1, []
            while (
                i >= 0
                and self._ent_of[i] < 0
                and (
                    doc[i].text == "."
                    or self.tables.is_title(doc[i].text)
                    or (doc[i].is_lower and doc[i].pos_ == "NOUN")
                )
            ):
                if doc[i].text != ".":
                    words.insert(0, doc[i].lower_.rstrip("."))
                i -= 1
            if i >= 0 and doc[i].lower_ in _POSSESSIVE_MARKS:
                i -= 1
            if not words or i < 0 or self._ent_of[i] < 0 or all(w in self.honorifics for w in words):
                continue
            owner = self._ents[self._ent_of[i]]
            if owner.label_ in _OWNER_LABELS and owner.sent == ent.sent:
                predicate = " ".join(w for w in words if w not in self.honorifics) + " of"
                yield Found(
                    n, self._ent_of[i], predicate, self._type(predicate), "role", self._conf("role_compound")
                )

    def _from_possessives(self, doc: Doc) -> Iterator[Found]:
        """ "the Guard Corps' Quds Force": an organisation's unit is part of it."""
        for n, ent in enumerate(self._ents):
            i = ent.start - 1
            if ent.label_ != "ORG" or i < 1 or doc[i].lower_ not in _POSSESSIVE_MARKS:
                continue
            owner = self._ent_of[i - 1]
            if owner >= 0 and self._ents[owner].label_ == "ORG":
                yield Found(
                    n, owner, "part of", self._type("part of"), "possessive", self._conf("possessive")
                )


def sentence_span(doc: Doc, start: int) -> Span:
    return doc[start].sent


@Language.factory(
    "kg_relations",
    assigns=["doc._.kg_relations"],
    requires=["doc.ents", "token.dep", "token.lemma", "token.pos"],
    default_config={"alias_file": None},
)
def make_relation_finder(nlp: Language, name: str, alias_file: str | None) -> RelationFinder:
    return RelationFinder(nlp, name, alias_file)
