"""``kg_products``: names of products written as a name and a model number, and codes NER takes for
people (``kinds.json``: ``product_nouns``).

* a capitalised name and a number are one product name when a product noun follows ("its Lumen 4
  chatbot", "Boeing 737 MAX jets") or, after "the"/"its"/..., when the number looks like a model's
  ("the ATR 72-600,"): three digits or more, or two numbers joined by a hyphen; every other mention
  written the same way is that product too ("launched Lumen 4 in March");
* a one-word code of letters and digits is never a person ("PW127M", "COP29"): an event after "at",
  "during", "before", "after", "since" or "until", else a product;
* a medicine's brand name and its generic name written together ("Ferrovane, known generically as
  velzatamab", "velzatamab, sold as Ferrovane", "Ferrovane (velzatamab)": ``generic_names``) are one
  product: the brand is a product in every mention, the generic name is tagged, and
  ``doc._.kg_acronyms`` maps it to the brand, as a defined short form.
"""

from __future__ import annotations

import re

from spacy.attrs import IS_DIGIT, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from loaders.aliases import read_json
from loaders.components import entity_at, ents_of, set_ents

_NUMBER = re.compile(r"^\d{1,5}$")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_CODE = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9][A-Za-z0-9-]{1,15}$")
_DETERMINERS = frozenset({"the", "its", "a", "an", "their", "his", "her", "our", "this", "that"})
_EVENT_PREPS = frozenset({"at", "during", "before", "after", "since", "until", "ahead"})
_NOT_CODES = frozenset({"PERSON", "GPE", "LOC", "NORP"})  # labels a code never deserves
#: Nouns after a code that make it a group's name: "the M23 rebel group", "the G7 nations".
_GROUP_NOUNS = frozenset({"rebel", "group", "militia", "movement", "fighter", "insurgent", "militant", "nation",
                          "party", "alliance", "coalition", "bloc", "force"})
_BRAND_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "PERSON", "ORG", "NORP", "GPE", "EVENT"})  # NER's guesses


class ProductNames:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        kinds = read_json("kinds.json")
        self.product_nouns = frozenset(kinds["product_nouns"])
        generic = kinds["generic_names"]
        self.brand_first = tuple(tuple(p.split()) for p in generic["brand_first"])
        self.generic_first = tuple(tuple(p.split()) for p in generic["generic_first"])
        self.inn_stems = tuple(generic["inn_stems"])
        self.generic_words = frozenset(p[0] for p in (*self.brand_first, *self.generic_first))
        self.generic_word_ids = frozenset(nlp.vocab.strings.add(w) for w in self.generic_words)
        self.comma_id = nlp.vocab.strings.add(",")

    def __call__(self, doc: Doc) -> Doc:
        ents = list(ents_of(doc))
        ent_at = entity_at(ents, len(doc))
        new, models = [], set()
        digits = doc.to_array(IS_DIGIT).tolist()
        for i in range(1, len(doc)):
            if not digits[i]:
                continue  # a model number follows its name: look only before digits
            start = ent_at[i - 1] if ent_at[i - 1] >= 0 else -1
            tok = doc[ents[start].start] if start >= 0 else doc[i - 1]
            if tok.is_alpha and tok.text[:1].isupper() and not tok.is_sent_start:
                span = self._model(doc, tok, ents, ent_at)
                if span is not None:
                    new.append(span)
                    models.add(tuple(t.text for t in span))
        if models:  # every mention written the same way
            sizes = {len(m) for m in models}
            for i in range(len(doc)):
                for size in sizes:
                    if tuple(t.text for t in doc[i : i + size]) in models:
                        new.append(Span(doc, i, i + size, label="PRODUCT"))
        relabelled = [self._code(doc, e) for e in ents]
        brands, generics = self._generic_names(doc, relabelled, ent_at)
        if brands:  # every mention of a brand is the product
            relabelled = [Span(doc, e.start, e.end, label="PRODUCT") if e.text in brands else e for e in relabelled]
        if generics:
            new += [span for span, _ in generics]
            doc._.kg_acronyms = {**(doc._.kg_acronyms or {}), **{s.text: brand for s, brand in generics}}
        if not new and all(a is b for a, b in zip(relabelled, ents, strict=True)):
            return doc
        kept = [e for e in relabelled if not any(s.start < e.end and e.start < s.end for s in new)]
        set_ents(doc, filter_spans([*filter_spans(new), *kept]))
        return doc

    def _generic_names(self, doc: Doc, ents: list[Span], ent_at: list[int]) -> tuple[set[str], list[tuple[Span, str]]]:
        """Brand names and (generic name span, brand) pairs: "Ferrovane, known generically as
        velzatamab", "velzatamab, sold as Ferrovane", "Ferrovane (velzatamab)" (``kinds.json``:
        ``generic_names``)."""
        brands: set[str] = set()
        generics: list[tuple[Span, str]] = []
        for e in ents:
            if e.label_ not in _BRAND_LABELS or len(e) > 3 or e.end + 2 >= len(doc):
                continue
            after = doc[e.end]
            if after.text == "(" and doc[e.end + 2].text == ")" and self._generic(doc[e.end + 1], ent_at, stem=True):
                generic = doc[e.end + 1]
            elif after.text == "," and (k := self._phrase(doc, e.end + 1, self.brand_first)) is not None:
                generic = doc[k] if k < len(doc) and self._generic(doc[k], ent_at) else None
            else:
                continue
            if generic is not None:
                brands.add(e.text)
                generics.append((Span(doc, generic.i, generic.i + 1, label="PRODUCT"), e.text))
        lowers = doc.to_array(LOWER).tolist()  # no Token objects for the other words: faster
        comma, words = self.comma_id, self.generic_word_ids
        for i in range(len(doc) - 3):  # "velzatamab, sold as Ferrovane"
            if lowers[i + 1] != comma or lowers[i + 2] not in words:
                continue
            tok = doc[i]
            k = self._phrase(doc, tok.i + 2, self.generic_first)
            if k is None or k >= len(doc) or ent_at[k] < 0 or not self._generic(tok, ent_at):
                continue
            brand = ents[ent_at[k]]
            if brand.start == k and brand.label_ in _BRAND_LABELS:
                brands.add(brand.text)
                generics.append((Span(doc, tok.i, tok.i + 1, label="PRODUCT"), brand.text))
        return brands, generics

    @staticmethod
    def _phrase(doc: Doc, i: int, phrases: tuple[tuple[str, ...], ...]) -> int | None:
        """The token after the first of ``phrases`` written at ``i``, or None."""
        for phrase in phrases:
            if tuple(t.lower_ for t in doc[i : i + len(phrase)]) == phrase:
                return i + len(phrase)
        return None

    def _generic(self, tok: Token, ent_at: list[int], stem: bool = False) -> bool:
        """A generic name: one lower-case word, no entity (in brackets: ending in an INN stem)."""
        return (
            tok.is_alpha
            and tok.is_lower
            and len(tok) >= 6
            and ent_at[tok.i] < 0
            and (not stem or tok.lower_.endswith(self.inn_stems))
        )

    def _model(self, doc: Doc, tok: Token, ents: list[Span], ent_at: list[int]) -> Span | None:
        """ "Lumen 4 chatbot", "the ATR 72-600,": the product name starting at ``tok``, if it is one."""
        n = ent_at[tok.i]
        if n >= 0 and ents[n].start != tok.i:
            return None
        name_end = ents[n].end if n >= 0 and ents[n].label_ not in ("DATE", "CARDINAL") else tok.i + 1
        if n >= 0 and ents[n].label_ == "PERSON" and len(ents[n]) > 1:
            return None  # "Reid 49": a scorer and a minute
        i = name_end
        if i >= len(doc) or not _NUMBER.match(doc[i].text) or _YEAR.match(doc[i].text):
            return None
        end, joined = i + 1, False
        if end + 1 < len(doc) and doc[end].text == "-" and _NUMBER.match(doc[end + 1].text):
            end, joined = end + 2, True  # "72-600"
        if end < len(doc) and doc[end].is_upper and doc[end].is_alpha and len(doc[end]) >= 2:
            end += 1  # "737 MAX"
        after = doc[end] if end < len(doc) else None
        noun_after = after is not None and after.lower_ in self.product_nouns
        determiner = tok.i > 0 and doc[tok.i - 1].lower_ in _DETERMINERS
        model_like = joined or len(doc[i].text) >= 3
        if not (noun_after or (determiner and model_like and (after is None or after.is_punct))):
            return None
        return Span(doc, tok.i, end, label="PRODUCT")

    @staticmethod
    def _code(doc: Doc, ent: Span) -> Span:
        """ "PW127M" or "COP29" that NER calls a person (or a place) is a product, or an event; before a
        group's noun ("the M23 rebel group") an organisation."""
        if " " in ent.text or ent.label_ not in _NOT_CODES or not _CODE.match(ent.text):  # "PW127" + "M"
            return ent
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        after = {t.lemma_.lower() for t in doc[ent.end : ent.end + 2]}
        label = "EVENT" if before in _EVENT_PREPS else "ORG" if after & _GROUP_NOUNS else "PRODUCT"
        return Span(doc, ent.start, ent.end, label=label)


@Language.factory("kg_products", assigns=["doc.ents"], requires=["doc.ents"])
def make_product_names(nlp: Language, name: str) -> ProductNames:
    return ProductNames(nlp, name)
