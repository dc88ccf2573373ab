"""``kg_acronyms``: acronyms defined in the text, and their later bare uses.

* "High Military Committee (HMC)" and "HMC (High Military Committee)" define HMC;
* a short name in mixed case in brackets right after an organisation's name of two words or more
  defines it ("Ghana Cocoa Board (Cocobod)", "Federal Financial Supervisory Authority (BaFin)");
* "BEUC, the European Consumer Organisation,": an acronym with the name in apposition, and so a short
  name in mixed case ("Rengo, the Japanese Trade Union Confederation,");
* a long form NER ended at a small word reaches the bracket ("Brazilian Association of Pharmacies
  and Drugstores (Abrafarma)");
* an acronym in brackets right after an organisation's name of two words or more defines it even
  when it abbreviates the name in another language ("Spanish Socialist Workers' Party (PSOE)",
  "Federation of Dutch Trade Unions (FNV)", "FNV (Federation of Dutch Trade Unions)"): the bracket
  is the definition;
* the capitalised words before a bracket that spell its acronym are its long form, with a few
  lower-case words, a possessive or a list's commas inside ("Medicines and Healthcare products
  Regulatory Agency (MHRA)", "Countering America's Adversaries Through Sanctions Act (CAATSA)",
  "Department of Forestry, Fisheries and the Environment (DFFE)"), whatever pieces NER made of it;
* a bare all-capitals word whose letters are the initials of exactly one organisation named in the
  same text ("PNN" for "Pakistan News Network") is that organisation too, unless the text defines
  another acronym for it ("EFE" is not "European Financial and Economic Crime Centre (EFECC)").

A country or demonym that opens a long form is left out when initials are compared ("CDC" for "U.S.
Centers for Disease Control and Prevention"). A defined long form that NER cut into pieces replaces
them ("National Grid Corporation" + "Philippines" -> "National Grid Corporation of the Philippines").

A country code in brackets after a person's name ("Rønning (NOR)") is that country.

Every use of a defined acronym becomes an entity with the label of its long form, and
``doc._.kg_acronyms`` maps each acronym to its long form (plain strings, so that the doc still
travels between processes).
"""

from __future__ import annotations

import re

import pycountry
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.model import lookup_keys
from loaders.aliases import clean_surface, load_tables, read_json, unaccented
from loaders.components import ENTITY_LABELS, ents_of, glued_hyphen, set_ents, told
from loaders.lexicon import common_words

_NICKNAMED = frozenset({"known", "nicknamed", "dubbed", "alias", "aka", "a.k.a."})
_QUOTES = frozenset({'"', "\u201c", "\u201d", "'", "\u2018", "\u2019"})
_MAX_NICKNAME = 4
_MIN_RESULTS = 3  # country codes in brackets after names: a results list has several
_NAMING_NOUNS = frozenset({"acronym", "initials", "abbreviation", "name", "nickname"})  # "known by its acronym X"
SHORT_NAME = re.compile(r"^[^\W\d_][^\W\d_&]{1,11}$")
_SMALL = frozenset({"of", "for", "and", "the", "on", "in", "de", "&", "to"})
_LONG_FORM_LABELS = ENTITY_LABELS - {"PERSON"}
_MAX_INSIDE = 2  # lower-case words inside a long form ("Medicines and Healthcare products Regulatory Agency")
_POSSESSIVE_MARKS = frozenset({"'s", "\u2019s", "'", "\u2019"})


#: A brand's one word: capitals and digits ("N1", "TV2", "M4") or camel case ("SporTV", "RaiNews").
_BRAND = re.compile(r"^(?:[A-Z][A-Za-z]{0,3}\d{1,3}[A-Za-z]?|[A-Z][a-z]+[A-Z][A-Za-z]*)$")
_SURNAME_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "Le", "La", "Van", "Von", "Du", "Fitz")


def _mixed_acronym(text: str) -> bool:
    """An acronym written with small letters inside: "TfN", "AfDB" (two capitals or more)."""
    return 3 <= len(text) <= 6 and text.isalpha() and text[0].isupper() and text[-1].isupper() \
        and sum(c.isupper() for c in text) >= 2


def loosely_matches(acronym: str, long_form: str) -> bool:
    """Whether a bracketed acronym may abbreviate ``long_form`` in another language: three letters or
    more, at least half of them initials of the name's words with the first among them ("PSOE" for
    "Spanish Socialist Workers' Party"), or two thirds of them ("MPF" for "Federal Prosecution
    Service": the words come in another order); or exactly its initials in another order ("PJ" for
    "Judicial Police")."""
    acr = acronym.replace("&", "").upper()
    ordered = _initials(long_form)
    if len(acr) >= 2 and sorted(acr) == sorted(ordered):
        return True  # "Judicial Police (PJ)": Polícia Judiciária, its words the other way round
    initials = set(ordered)
    if len(acr) < 3 or len(initials) < 2:
        return False
    shared = sum(ch in initials for ch in acr)
    return (acr[0] in initials and shared * 2 >= len(acr)) or shared * 3 >= len(acr) * 2


def _initials(long_form: str) -> list[str]:
    """The initials of ``long_form``'s words, small words left out, in order."""
    return [w[0].upper() for w in re.split(r"[\s\-]+", long_form) if w and w.casefold() not in _SMALL]


def _reordered(acronym: str, long_form: str) -> bool:
    """The initials of ``long_form``'s words (small words left out) in another order: "CNMC" for
    "National Commission on Markets and Competition" (Comisión Nacional de los Mercados y la ...)."""
    return len(acronym) >= 3 and sorted(acronym.upper()) == sorted(_initials(long_form))


def initials_match(acronym: str, long_form: str, letters: bool = True) -> bool:
    """Whether ``acronym`` abbreviates ``long_form``: the initials of its words (small words left out,
    or not), some of those initials in order from the first ("CDC" for "Centers for Disease Control
    and Prevention"), or, with ``letters``, its letters in order starting with the first word's
    initial (Schwartz-Hearst: "PSLV" for "Polar Satellite Launch Vehicle")."""
    words = [w for w in re.split(r"[\s\-]+", long_form) if w]
    if not words:
        return False
    acr = acronym.replace("&", "").upper()
    content = "".join(w[0] for w in words if w.casefold() not in _SMALL).upper()
    every = "".join(w[0] for w in words).upper()
    if acr in (content, every) or acr in lookup_keys(long_form, "ORG"):
        return True
    if len(words) < 2 or len(acr) < 2 or acr[0] != words[0][0].upper():
        return False
    if _in_order(acr, content):
        return True
    return letters and _in_order(acr, long_form.upper())


_JOINS = frozenset({"of", "for", "and", "in", "on", "&", "the"})
_MAX_JOINED = 5
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "dative", "attr"})


def _joined_long_form(doc: Doc, paren: int) -> Span | None:
    """An organisation's name that NER ended at a small word, completed up to the bracket that follows
    its capitalised rest: "Brazilian Association of Pharmacies" + "and Drugstores (Abrafarma)",
    "Democratic Alliance of Hungarians" + "in Romania (UDMR)". The bracket says where the name ends."""
    for ent in ents_of(doc):
        gap = doc[ent.end : paren]
        if ent.label_ != "ORG" or not 2 <= len(gap) <= _MAX_JOINED or len(ent) < 2:
            continue
        if gap[0].lower_ in _JOINS and gap[-1].is_title and gap[-1].is_alpha \
                and all(t.lower_ in _JOINS or (t.is_title and t.is_alpha) for t in gap):
            return Span(doc, ent.start, paren, label="ORG")
    return None


#: Small words an acronym skips in names written in other languages ("Agence française de
#: développement (AFD)", "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)").
_FOREIGN_SMALL = _SMALL | frozenset({
    "des", "du", "la", "le", "les", "l", "d", "et", "en", "y", "del", "da", "do", "dos", "das", "di", "della",
    "al", "wal", "el", "für", "und", "der", "die", "van", "het", "og", "och",
})
_ELISIONS = frozenset({"l'", "d'", "l\u2019", "d\u2019"})


def _every_initial_before(doc: Doc, paren: int, acronym: str) -> Span | None:
    """ "Agence française de développement (AFD)", "Centre hospitalier de l'Ouest guyanais (CHOG)":
    the run before the bracket, opening with a capitalised word, whose every word but the small ones
    (in several languages) gives the acronym one letter, lower-case words included (names in
    languages that capitalise only their first word), accents left out ("Écologie" gives E)."""
    letters = unaccented(acronym.replace("&", "")).upper()
    if len(letters) < 3 or not letters.isalpha():
        return None
    initials: list[str] = []
    i = paren - 1
    while i >= 0 and paren - i <= 2 * len(letters) + 4:
        text = doc[i].text
        if glued_hyphen(doc, i) or text.lower() in _ELISIONS:
            i -= 1
            continue
        if text[:2].lower() in _ELISIONS and len(text) > 2:
            text = text[2:]  # "l'Ouest"
        if not text.replace("'", "").replace("\u2019", "").isalpha():
            return None
        if text.lower().rstrip("'\u2019") not in _FOREIGN_SMALL:
            initials.append(unaccented(text[0]).upper())
            if len(initials) > len(letters):
                return None
            if doc[i].text[:1].isupper() and "".join(reversed(initials)) == letters:
                return Span(doc, i, paren, label="ORG")
        i -= 1
    return None


def _in_order(acronym: str, text: str) -> bool:
    pos = 0
    for ch in acronym:
        pos = text.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


class AcronymFinder:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        rules = read_json("entity_filter.json")
        self.stop = frozenset(w.upper() for w in rules["whole_stoplist"])
        self.tables = load_tables(alias_file)
        resolution = read_json("resolution.json")
        self.fac_designators = frozenset(resolution["fac_designators"])
        self.org_designators = frozenset(resolution["org_designators"])
        self.ioc_codes: dict[str, str] = read_json("country_codes.json")["ioc_codes"]
        self.not_acronyms = frozenset(rules["not_acronyms"])
        self.org_nouns = frozenset(read_json("kinds.json")["org_nouns"])  # "told RPP radio"
        self.currencies = frozenset(c.alpha_3 for c in pycountry.currencies)
        self.common = common_words(nlp)

    def __call__(self, doc: Doc) -> Doc:
        ents = list(ents_of(doc))
        strings = doc.vocab.strings
        texts = [strings[orth] for orth in doc.to_array("ORTH").tolist()]  # no Token objects: faster
        acronymic = [self._is_acronym(t) for t in texts]
        codes = self._country_codes(doc, texts)
        defined = {
            k: self._kind(sp) for k, sp in self._definitions(doc, texts, acronymic).items()
            if k not in codes or self._organisation_name(sp, k)  # "Linnea Ekström (SWE)": Sweden
        }
        for sp in defined.values():
            overlapping = [e for e in ents if e.start < sp.end and sp.start < e.end]
            if all(sp.start <= e.start and e.end <= sp.end for e in overlapping):
                ents = [e for e in ents if e not in overlapping]  # pieces of the long form give way
                ents.append(sp)
        # implicit acronyms: initials of exactly one multi-word organisation of the text
        orgs = {clean_surface(e.text): e.label for e in ents if e.label_ == "ORG" and len(e) >= 2}
        labels = {k: v.label for k, v in defined.items()}
        long_forms = {k: clean_surface(v.text) for k, v in defined.items()}
        covered = {t for e in ents for t in range(e.start, e.end)}
        orgs = {k: v for k, v in orgs.items() if k not in long_forms.values()}  # its defined acronym names it
        for i, text in enumerate(texts):
            if not (acronymic[i] or _mixed_acronym(text)) or text in labels or self.tables.lookup(text):
                continue  # "TfN" for "Transport for the North" too
            key = text if acronymic[i] else "".join(c for c in text if c.isupper())  # "TfN": T, N
            matches = [name for name in orgs if self._matches(key, name, letters=False) and len(text) >= 2]
            if len(matches) == 1 and (i not in covered or doc[i].ent_type_ in ("ORG", "GPE", "PERSON", "NORP")):
                labels[text] = orgs[matches[0]]
                long_forms[text] = matches[0]
        for i, text in enumerate(texts):  # "the UN mission in the country, MONUSCO, condemned": a bare acronym
            if acronymic[i] and text not in labels and i not in covered and self._bare_acronym(doc[i]):
                labels[text] = strings["ORG"]
        for i, text in enumerate(texts):  # "told N1 television", "told SporTV after the game"
            if text not in labels and (i not in covered or doc[i].ent_type_ == "CARDINAL") and self._outlet(doc[i]):
                labels[text] = strings["ORG"]
        ents = [self._athlete(e, codes) for e in ents]
        for code, country in codes.items():
            if code in labels:
                continue  # an acronym the text defines
            labels[code] = strings["GPE"]  # "Rønning (NOR)": every use of NOR is Norway
            long_forms[code] = country
        # every use of an acronym is an entity with its long form's label
        uses = [i for i, text in enumerate(texts) if text in labels]
        if uses:
            at = set(uses)
            ents = [e for e in ents if not (len(e) == 1 and e.start in at)]
            taken = {i for e in ents for i in range(e.start, e.end)}
            ents += [Span(doc, i, i + 1, label=labels[texts[i]]) for i in uses if i not in taken]
        ents, nicknames = self._nicknames(doc, ents)
        set_ents(doc, filter_spans(ents))
        doc._.kg_acronyms = {**(doc._.kg_acronyms or {}), **long_forms, **nicknames}  # kg_products' too
        return doc

    def _athlete(self, ent: Span, codes: dict[str, str]) -> Span:
        """ "Linnea Ekström (SWE)" in results: a name before a country code is a person's."""
        doc, end = ent.doc, ent.end
        coded = end + 2 < len(doc) and doc[end].text == "(" and doc[end + 1].text in codes and doc[end + 2].text == ")"
        if not coded or ent.label_ not in ("ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART") or len(ent) > 3:
            return ent
        if self._organisation_name(ent, doc[end + 1].text) or self.tables.lookup(ent.text) is not None:
            return ent
        return Span(doc, ent.start, end, label="PERSON")

    def _organisation_name(self, long_form: Span, acronym: str) -> bool:
        """Whether a bracket after ``long_form`` is its acronym rather than a country code: the initials
        match, or the name says it is an organisation ("National Action Party (PAN)")."""
        return initials_match(acronym, long_form.text, letters=False) or len(long_form) >= 3 \
            or long_form[-1].lower_ in self.org_designators

    def _country_codes(self, doc: Doc, texts: list[str]) -> dict[str, str]:
        """Country codes in brackets after a capitalised name, as in sports results ("Rønning (NOR)",
        "Von Ahlefeldt (GER)"): Olympic codes (``country_codes.json``), else ISO 3166 alpha-3. Only in a
        list of results (three such brackets or more, in sentences with times or scores), and not a
        code the text also writes on its own ("The PRI said"); a bracket that spells the initials of
        the name before it is that name's acronym."""
        found: dict[str, str] = {}
        bracketed = [i for i in range(2, len(texts) - 1) if texts[i - 1] == "(" and texts[i + 1] == ")"
                     and len(texts[i]) == 3 and texts[i].isalpha() and texts[i].isupper()
                     and any(c.isdigit() for t in doc[i].sent for c in t.text)]  # results carry times, scores
        if len(bracketed) < _MIN_RESULTS:
            return found  # not a results list: "Senator Lilly Tellez (PAN)", "Arm (ARM)"
        inside = set(bracketed)
        loose = {texts[i] for i, t in enumerate(texts) if i not in inside and t.isupper() and len(t) == 3}
        for i in bracketed:
            code = texts[i]
            if code in loose:
                continue  # "The PRI said": the text uses it as a name of its own
            if code in found or not (doc[i - 2].is_title or doc[i - 2].ent_type_ == "PERSON"):
                continue
            country = self.ioc_codes.get(code) or getattr(pycountry.countries.get(alpha_3=code), "name", None)
            hit = self.tables.lookup(country) if country else None
            if hit is not None and hit.type == "GPE":
                found[code] = hit.name
        return found

    def _nicknames(self, doc: Doc, ents: list[Span]) -> tuple[list[Span], dict[str, str]]:
        """ 'Jane Roe, known as "La Jefa",', "Jane Roe, alias Tiburón", "the Swedish Security Service,
        known as Säpo", "the Office for ..., known by its Croatian acronym USKOK": the nickname names the
        person or the organisation, whatever NER made of it."""
        out: dict[str, str] = {}
        for named in [e for e in ents if e.label_ in ("PERSON", "ORG") and len(e) >= 2]:
            i = named.end
            if i + 2 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ not in _NICKNAMED:
                continue
            i += 2 + (doc[i + 1].lower_ == "known" and doc[i + 2].lower_ == "as")
            i = self._after_naming_noun(doc, i)  # "known by its Croatian acronym USKOK"
            if i + 1 < len(doc) and doc[i].lower_ == "the" and doc[i + 1].text[:1].isupper():
                i += 1  # "the Directorate for Priority Crime Investigation, known as the Hawks"
            quoted = i < len(doc) and doc[i].text in _QUOTES
            start = i + quoted
            end = start
            while end < len(doc) and end - start < _MAX_NICKNAME and doc[end].text not in _QUOTES \
                    and (quoted or doc[end].text[:1].isupper()) and doc[end].text not in (",", "."):
                end += 1
            if end == start or (quoted and (end >= len(doc) or doc[end].text not in _QUOTES)):
                continue
            if not doc[start].text[:1].isupper():
                continue
            nick = Span(doc, start, end, label=named.label_)  # "the Swedish Security Service, known as Säpo"
            ents = [e for e in ents if not (e.start < end and start < e.end)] + [nick]
            out[clean_surface(nick.text)] = clean_surface(named.text)
        if out:  # every other mention of a nickname is the named one too (not a quoted title)
            texts, targets = [clean_surface(e.text) for e in ents], set(out.values())
            labels = {text: e.label_ for text, e in zip(texts, ents, strict=True) if text in targets}
            ents = [Span(doc, e.start, e.end, label=labels.get(out[text], e.label_)) if text in out else e
                    for text, e in zip(texts, ents, strict=True)]
        return ents, out

    @staticmethod
    def _after_naming_noun(doc: Doc, i: int) -> int:
        """After "known by": the token after "its (Croatian) acronym", "the initials", "its short name"
        (at most two words before the noun); else ``i`` unchanged."""
        if i >= len(doc) or doc[i].lower_ != "by" or doc[i - 1].lower_ != "known":
            return i
        for k in range(i + 1, min(i + 5, len(doc) - 1)):
            if doc[k].lower_ in _NAMING_NOUNS:
                return k + 1
            if not (doc[k].is_alpha and (doc[k].is_lower or doc[k].pos_ == "ADJ" or doc[k].ent_type_ == "NORP")):
                break
        return i

    def _definitions(self, doc: Doc, texts: list[str], acronymic: list[bool]) -> dict[str, Span]:
        """Acronyms and short names the text defines, with their long forms."""
        defined: dict[str, Span] = {}
        for i in range(len(texts) - 2):
            here, nxt = texts[i], texts[i + 1]
            if here == "(" and texts[i + 2] == ")":
                if acronymic[i + 1]:
                    long_form = self._long_form_before(doc, i, nxt)
                elif self._is_short_name(nxt):  # "Ghana Cocoa Board (Cocobod)", "(BaFin)"
                    long_form = self._entity_ending_at(doc, i)
                    long_form = long_form if self._named_by(nxt, long_form) else _joined_long_form(doc, i)
                else:
                    continue
                if long_form is not None:
                    defined.setdefault(nxt, long_form)
            elif nxt == "(" and acronymic[i]:
                long_form = self._long_form_inside(doc, i + 2, here)
                if long_form is not None:
                    defined.setdefault(here, long_form)
            elif nxt == "(" and self._is_short_name(here):
                inside = next((e for e in ents_of(doc) if e.start == i + 2), None)  # "BaFin (Federal ... Authority)"
                closed = inside is not None and inside.end < len(doc) and texts[inside.end] == ")"
                if closed and self._named_by(here, inside):
                    defined.setdefault(here, inside)
            elif nxt == "," and (acronymic[i] or self._is_short_name(here)) \
                    and (long_form := self._apposed(doc, i, spelled=acronymic[i])):
                defined.setdefault(here, long_form)  # "BEUC, the European Consumer Organisation,"
        return defined

    def _kind(self, long_form: Span) -> Span:
        """A defined long form is an organisation unless NER's label is one an acronym can have: a
        person, a nationality or a work never has one, a facility only when its name says it is one
        ("Jomo Kenyatta International Airport (JKIA)")."""
        label = long_form.label_
        facility = label == "FAC" and long_form[-1].lower_ in self.fac_designators
        if label in ("PERSON", "NORP", "WORK_OF_ART") or (label == "FAC" and not facility):
            return Span(long_form.doc, long_form.start, long_form.end, label="ORG")
        return long_form

    def _matches(self, acronym: str, long_form: str, letters: bool = True) -> bool:
        """``initials_match``, also with a leading country or demonym left out."""
        if initials_match(acronym, long_form, letters):
            return True
        words = long_form.split()
        for n in (1, 2):
            if len(words) > n + 1:
                hit = self.tables.lookup(" ".join(words[:n]))
                if hit is not None and hit.type == "GPE":
                    return initials_match(acronym, " ".join(words[n:]), letters=letters)
        return False

    def _bare_acronym(self, tok: Token) -> bool:
        """An all-capitals word of three to seven letters that NER left untagged, an argument of its
        sentence (a subject, an object, an apposition) or the name of one that is an organisation noun
        ("told RPP radio"), in a sentence written in mixed case: an organisation nobody defined ("told
        RPP", "the mission, MONUSCO,"); not an ordinary word
        ("AIDS"), a currency code, a country or a word of ``not_acronyms`` ("CEO", "GDP")."""
        text = tok.text
        if not 3 <= len(text) <= 7 or not text.isalpha() \
                or not (tok.dep_ in _ARGUMENT_DEPS or self._names_org_noun(tok)):
            return False
        if text in self.not_acronyms or tok.lower_ in self.common or text in self.currencies \
                or self.tables.lookup(text) is not None:
            return False
        sent = tok.sent
        capitals = sum(1 for t in sent if t.is_alpha and t.is_upper and len(t) > 1)
        return capitals * 4 <= sum(1 for t in sent if t.is_alpha)  # not a headline or a masthead in capitals

    def _outlet(self, tok: Token) -> bool:
        """A brand written with digits or in camel case ("N1", "TV2", "SporTV") that NER left out,
        told something or naming an outlet ("N1 television"); not a surname ("McAllister")."""
        text = tok.text
        if not _BRAND.match(text) or tok.lower_ in self.common or text.startswith(_SURNAME_PREFIXES):
            return False
        return told(tok) or self._names_org_noun(tok)

    def _names_org_noun(self, tok: Token) -> bool:
        """ "RPP radio", "N1 television": the word names an organisation noun that is an argument of its
        sentence."""
        return tok.dep_ == "compound" and tok.head.lemma_ in self.org_nouns and tok.head.dep_ in _ARGUMENT_DEPS

    def _is_acronym(self, text: str) -> bool:
        """Capitals of any script, "&" inside: "HMC", "AT&T", "ČTK"."""
        letters = text.replace("&", "")
        return 2 <= len(text) <= 10 and letters.isalpha() and letters.isupper() and text not in self.stop

    def _is_short_name(self, text: str) -> bool:
        """A one-word short name in brackets, written in mixed case: "Cocobod", "BaFin", "AfDB", "Säpo"."""
        return bool(SHORT_NAME.match(text)) and text[0].isupper() and not text.isupper() \
            and self.tables.lookup(text) is None

    @staticmethod
    def _named_by(short: str, long_form: Span | None) -> bool:
        """Whether a short name in brackets may name ``long_form``: an organisation of two words or
        more (the short name may come from another language: "BaFin")."""
        return long_form is not None and long_form.label_ == "ORG" and len(long_form) >= 2

    def _apposed(self, doc: Doc, i: int, spelled: bool = True) -> Span | None:
        """ "BEUC, the European Consumer Organisation,": an acronym, then "the" and an organisation's
        name in apposition that half its letters abbreviate (it may abbreviate the name in another
        language). A short name in mixed case ("Rengo, the Japanese Trade Union Confederation,") needs
        no letters in common, but a name of three words or more, and must not be a place by NER's
        reading, nor a given name ("Sindimar, the Brazilian Union of Merchant Seafarers,")."""
        if i + 3 >= len(doc) or doc[i + 2].lower_ != "the":
            return None
        ent = next((e for e in ents_of(doc) if e.start == i + 3), None)
        if ent is None or ent.label_ != "ORG" or len(ent) < 2 or ent.end >= len(doc) or not doc[ent.end].is_punct:
            return None
        if not spelled:
            kind = doc[i].ent_type_
            named = len(ent) >= 3 and kind not in ("GPE", "LOC", "NORP") \
                and not (kind == "PERSON" and self.tables.is_given_name(doc[i].text))
            return ent if named else None
        acr = doc[i].text
        initials = {w[0].upper() for w in ent.text.split() if w.casefold() not in _SMALL}
        return ent if sum(ch in initials for ch in acr) * 2 >= len(acr) else None

    @staticmethod
    def _entity_ending_at(doc: Doc, i: int) -> Span | None:
        for ent in ents_of(doc):
            if ent.end == i and ent.label_ in _LONG_FORM_LABELS:
                return ent
        return None

    def _long_form_before(self, doc: Doc, paren: int, acronym: str) -> Span | None:
        ent = self._entity_ending_at(doc, paren)
        while ent is not None and ent.label_ == "ORG" and ent.start >= 2 and doc[ent.start - 1].lower_ in _SMALL:
            before = self._entity_ending_at(doc, ent.start - 1)  # "National Institute for Research on
            if before is None or before.label_ != "ORG":  # Glaciers" + "and" + "Mountain Ecosystems"
                break
            ent = Span(doc, before.start, ent.end, label="ORG")
        if ent is not None and self._matches(acronym, clean_surface(ent.text)):
            if not initials_match(acronym, ent.text, letters=False) and not _reordered(acronym, ent.text):
                whole = self._initials_run(doc, paren, acronym)  # NER left out a word the initials need
                if whole is not None and whole.start < ent.start:
                    return whole  # "National" + "Commission on Markets and Competition (CNMC)"
            return ent
        if ent is not None and ent.label_ == "ORG" and len(ent) > 2:
            # "Office of the United States Trade Representative (USTR)": the name that ends at the
            # bracket, when the acronym abbreviates its end
            for k in range(1, len(ent) - 1):
                if ent[k].is_title and initials_match(acronym, ent[k:].text, letters=False):
                    return ent
        # no entity: the shortest run of capitalised words before the bracket whose initials match
        if paren == 0 or doc[paren - 1].lower_ in _SMALL:
            return None
        start, loose = paren, None
        while start > 0 and paren - start < len(acronym) + 4:
            prev = doc[start - 1]
            listed = prev.text == "," and start >= 2 and doc[start - 2].is_title  # "Forestry, Fisheries and ..."
            if not (prev.is_title or prev.is_upper or prev.lower_ in _SMALL or listed):
                break
            start -= 1
            if not (doc[start].is_title or doc[start].is_upper):
                continue
            text = doc[start:paren].text
            if initials_match(acronym, text, letters=False) or _reordered(acronym, text):
                return Span(doc, start, paren, label="ORG")  # its words' initials, maybe in another order
            if loose is None and initials_match(acronym, text):
                loose = Span(doc, start, paren, label="ORG")  # its letters ("Conciliation, ..." for CCMA)
        if loose is not None:
            extra = doc[ent.start : loose.start] if ent is not None and ent.end == paren else None
            if extra is not None and ent.label_ == "ORG" and len(extra) > 0 and all(
                    t.text[:1].upper() in acronym.upper() for t in extra if not t.is_punct):
                return ent  # "National University of Costa Rica (UNA)": Universidad Nacional, not "University of ..."
            return loose
        spelled = self._capitals_before(doc, paren, acronym) or _every_initial_before(doc, paren, acronym)
        if spelled is not None:
            return spelled
        # a group NER called a nationality ("the Social Democrats (SPD)") is named like an organisation
        organisation = ent is not None and (
            ent.label_ == "ORG" or (ent.label_ == "NORP" and self.tables.lookup(ent.text) is None)
        )
        if organisation and len(ent) >= 2 and loosely_matches(acronym, ent.text):
            return ent  # "Spanish Socialist Workers' Party (PSOE)"
        named = organisation and len(ent) >= 2 and not ent.text.isupper()
        if named and self.tables.lookup(acronym) is None:
            return ent  # "Federation of Dutch Trade Unions (FNV)", "Homeland Movement (DP)"
        if len(acronym) >= 3 and self.tables.lookup(acronym) is None:
            return _joined_long_form(doc, paren)  # "Democratic Alliance of Hungarians in Romania (UDMR)"
        return None

    @staticmethod
    def _initials_run(doc: Doc, paren: int, acronym: str) -> Span | None:
        """The run of capitalised words (small words inside) that ends at the bracket and whose words'
        initials are the acronym's letters, in order or in another order."""
        start = paren
        while start > 0 and paren - start < len(acronym) + 4:
            prev = doc[start - 1]
            if not (prev.is_title or prev.is_upper or prev.lower_ in _SMALL):
                break
            start -= 1
            text = doc[start:paren].text
            if doc[start].is_title and (initials_match(acronym, text, letters=False) or _reordered(acronym, text)):
                return Span(doc, start, paren, label="ORG")
        return None

    def _capitals_before(self, doc: Doc, paren: int, acronym: str) -> Span | None:
        """ "Medicines and Healthcare products Regulatory Agency (MHRA)", "Countering America's
        Adversaries Through Sanctions Act (CAATSA)": the run before the bracket whose capitalised words
        spell the acronym, lower-case words (two at most) and possessives inside it."""
        letters = acronym.replace("&", "")
        capitals, lower, possessive, i = [], 0, False, paren - 1
        while i >= 0 and paren - i <= len(letters) + _MAX_INSIDE + 6 and len(capitals) < len(letters):
            tok = doc[i]
            if tok.text[:1].isupper() and tok.is_alpha:
                capitals.append(tok.text[0])
                if "".join(reversed(capitals)) == letters and tok.i < paren - 1:
                    if (lower or possessive) and paren - tok.i >= 3:
                        return Span(doc, tok.i, paren, label="ORG")
                    return None  # without lower-case words inside, the matches above decide
            elif tok.text in _POSSESSIVE_MARKS or tok.lower_ in _SMALL or (tok.text == "," and capitals):
                possessive = possessive or tok.text in _POSSESSIVE_MARKS or tok.text == ","
            elif glued_hyphen(doc, i):
                possessive = True  # "Co-operation", "Anti-Corruption": NER cuts names there too
            elif tok.is_lower and tok.is_alpha and capitals and lower < _MAX_INSIDE:
                lower += 1
            else:
                return None
            i -= 1
        return None

    def _long_form_inside(self, doc: Doc, start: int, acronym: str) -> Span | None:
        end = start
        while end < len(doc) and doc[end].text != ")" and end - start <= len(acronym) + 4:
            end += 1
        if end >= len(doc) or doc[end].text != ")" or end == start:
            return None
        span = doc[start:end]
        inner = [e for e in ents_of(doc) if e.start >= start and e.end <= end]
        whole = len(inner) == 1 and (inner[0].start, inner[0].end) == (start, end) and inner[0].label_ == "ORG"
        if whole and len(span) >= 2 and len(acronym) >= 3 and self.tables.lookup(acronym) is None:
            return inner[0]  # "FNV (Federation of Dutch Trade Unions)": the bracket is the definition
        if not span[0].is_title or not initials_match(acronym, span.text):
            return None
        label = inner[0].label if inner else doc.vocab.strings["ORG"]
        return Span(doc, start, end, label=label)


@Language.factory(
    "kg_acronyms",
    assigns=["doc.ents", "doc._.kg_acronyms"],
    requires=["doc.ents"],
    default_config={"alias_file": None},
)
def make_acronym_finder(nlp: Language, name: str, alias_file: str | None) -> AcronymFinder:
    return AcronymFinder(nlp, name, alias_file)
