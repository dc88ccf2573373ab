"""Extraction rules of the ninth tuning round, on sentences of our own, with the real model: each test
names the rule it guards (relative pronouns, party adjectives, national sports bodies, organisation
names that open with a word in another language, regions, newspapers, post-nominal letters, roles in
apposition, police forces, titles before a name, page furniture in other languages)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from loaders.clean import is_boilerplate
from loaders.components import ents_of, set_ents
from tests.loaders.extracting import by_name, extract, owner_of, relations_of


def test_a_name_a_which_clause_is_about_is_no_person(nlp: Language) -> None:
    ex = extract(nlp, "Industry groups pushed for a deal. Havnarráðið, which represents Faroese vessel owners, "
                      "said its members were losing access.")
    assert by_name(ex)["Havnarráðið"][0] == "ORG"


def test_a_which_clause_the_parser_hangs_on_a_person_keeps_the_person(nlp: Language) -> None:
    ex = extract(nlp, "The riders tackled a course designed by the Dutchman Pieter van Aalst, which caught out "
                      "several favourites.")
    assert by_name(ex)["Pieter van Aalst"][0] == "PERSON"


def test_a_name_a_who_clause_is_about_is_a_person(nlp: Language) -> None:
    ex = extract(nlp, "The app was built by Vũ Đức Anh, who previously worked for a ride-hailing firm, and a "
                      "friend.")
    assert by_name(ex)["Vũ Đức Anh"][0] == "PERSON"


@pytest.mark.parametrize("text", [
    "The motion passed after the far-right Vox Patria voted with the government. Vox Patria said it wanted "
    "lower taxes.",
    "Timor-Leste's ruling Fretilin won the vote, and Fretilin's leader thanked voters.",
])
def test_a_name_after_a_party_adjective_is_an_organisation(nlp: Language, text: str) -> None:
    ex = extract(nlp, text)
    name = "Vox Patria" if "Vox" in text else "Fretilin"
    assert by_name(ex)[owner_of(ex, name)][0] == "ORG"


def test_a_sport_and_a_country_name_a_national_body(nlp: Language) -> None:
    ex = extract(nlp, "The coach joined Rowing Ireland last year after a spell with the Dutch federation, and "
                      "the selectors of Athletics Kenya named their team on Friday.")
    assert by_name(ex)["Rowing Ireland"][0] == "ORG"
    assert by_name(ex)["Athletics Kenya"][0] == "ORG"


def test_an_organisation_opened_by_a_word_in_another_language_is_whole(nlp: Language) -> None:
    ex = extract(nlp, "\"The numbers have doubled,\" said Siti Rahmah, a marine biologist at Universiti Malaysia "
                      "Terengganu. Fishermen in Terengganu agreed.")
    assert by_name(ex)["Universiti Malaysia Terengganu"][0] == "ORG"
    assert owner_of(ex, "Terengganu") != "Universiti Malaysia Terengganu"


def test_a_one_word_region_ner_took_for_a_person_is_the_region(nlp: Language) -> None:
    ex = extract(nlp, "Datuk Hamid Osman, the agency's director for Sabah, spoke in Sandakan. Sabah police said "
                      "the boat was seized off Sabah's east coast.")
    name = owner_of(ex, "Sabah")
    assert name is not None and by_name(ex)[name][0] == "GPE"


def test_a_name_after_the_weekly_is_a_newspaper(nlp: Language) -> None:
    ex = extract(nlp, "The flat had been given to his brother, the weekly Kurier Nord reported on Tuesday.")
    assert by_name(ex)[owner_of(ex, "Kurier Nord")][0] == "ORG"


def test_post_nominal_letters_after_a_first_name_make_a_person(nlp: Language) -> None:
    ex = extract(nlp, "Counsel for the State, Siobhan Geraghty SC, told the court the loans were fictitious. "
                      "Defence barrister Niamh Corcoran BL said her client was ashamed.")
    assert by_name(ex)["Siobhan Geraghty"][0] == "PERSON"
    assert "Niamh Corcoran" in by_name(ex)


def test_a_name_in_apposition_to_a_role_across_two_prepositions_is_a_person(nlp: Language) -> None:
    ex = extract(nlp, "A spokesman for the Indonesian consulate in Tawau, Bayu Setiawan, said staff had asked to "
                      "see the detained men.")
    assert by_name(ex)["Bayu Setiawan"][0] == "PERSON"


def test_a_police_force_named_by_its_place_and_level_is_an_organisation(nlp: Language) -> None:
    ex = extract(nlp, "Ahmad Wali, a spokesman for the Paktia provincial police, said the gunmen fled.")
    assert by_name(ex)["Paktia provincial police"][0] == "ORG"
    assert ("Ahmad Wali", "spokesman for", "Paktia provincial police") in relations_of(ex)


def test_a_title_before_a_name_and_of_a_region_gives_the_office(nlp: Language) -> None:
    ex = extract(nlp, "Governor Jean-Pierre Atangana of the South-West Region praised the rescuers.")
    assert ("Jean-Pierre Atangana", "governor of", "South-West Region") in relations_of(ex)


def test_a_title_with_a_lower_case_word_the_tagger_calls_a_proper_noun(nlp: Language) -> None:
    ex = extract(nlp, "The All Progressives Congress (APC) abstained. APC state chairman Musa Bello Yakubu told "
                      "reporters the vote was illegal.")
    assert ("Musa Bello Yakubu", "state chairman of", "All Progressives Congress") in relations_of(ex)


@pytest.mark.parametrize("line", [
    "Also on Sahel Court Reporter: Appeal judges reserve ruling in land case",
    "Mehr zum Thema",
    "Lire aussi : Le port de Marseille en grève",
    "Leia também",
])
def test_page_furniture_in_other_languages_and_also_on_links_are_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


def test_a_sentence_that_opens_with_also_on_is_kept() -> None:
    assert not is_boilerplate("Also on Monday, the minister met the union leaders in Accra.")


def test_set_ents_keeps_ents_of_in_step(nlp: Language) -> None:
    doc = nlp("Aminata Diallo met officials of the Banque Centrale in Dakar on Monday.")
    before = ents_of(doc)
    set_ents(doc, list(before))  # the same entities: nothing to do
    assert ents_of(doc) == before
    kept = [e for e in before if e.label_ != "GPE"]
    set_ents(doc, kept)
    assert [e.text for e in ents_of(doc)] == [e.text for e in doc.ents] == [e.text for e in kept]


def test_dotted_initials_and_two_capitalised_words_are_a_person(nlp: Language) -> None:
    ex = extract(nlp, "The UDF kept the seat, its candidate defeating the BJP's T.N. Gopakumar Menon by 904 votes "
                      "in the by-election.")
    assert by_name(ex)["T.N. Gopakumar Menon"][0] == "PERSON"


def test_a_country_written_with_dots_does_not_make_initials(nlp: Language) -> None:
    ex = extract(nlp, "Officers of U.S. Africa Command said the strike hit a training camp.")
    assert by_name(ex)[owner_of(ex, "U.S. Africa Command")][0] == "ORG"


def test_the_agent_of_chaired_by_is_a_person(nlp: Language) -> None:
    ex = extract(nlp, "The crisis deepened when the Maoist Centre's provincial committee, chaired by Dal Bahadur "
                      "Buda, voted to pull its members out of the cabinet.")
    assert by_name(ex)["Dal Bahadur Buda"][0] == "PERSON"


def test_a_company_in_apposition_to_a_spokeswoman_for_the_company_stays_a_company(nlp: Language) -> None:
    ex = extract(nlp, "A spokeswoman for the parent company, Meta Platforms, said the app would be fixed.")
    assert by_name(ex)["Meta Platforms"][0] == "ORG"


def test_a_person_of_a_place_ner_took_for_one_organisation_is_two_names(nlp: Language) -> None:
    ex = extract(nlp, "Watego had knocked out world number two Gerwyn Pryce-Lloyd of Wales 6-4 in the "
                      "quarter-finals.")
    assert by_name(ex)["Gerwyn Pryce-Lloyd"][0] == "PERSON"
    assert by_name(ex)["Wales"][0] == "GPE"


@pytest.mark.parametrize("text, name", [
    ("The signing in Suva was led by Fiji's Minister for Foreign Affairs, Ratu Inoke Vuniwaqa, and his "
     "New Zealand counterpart.", "Inoke Vuniwaqa"),
    ("The results were released by the city clerk, Me Josée Laflamme-Caron, shortly before midnight.",
     "Josée Laflamme-Caron"),
])
def test_honorifics_are_no_part_of_a_name(nlp: Language, text: str, name: str) -> None:
    ex = extract(nlp, text)
    assert by_name(ex)[name][0] == "PERSON"


def test_a_department_is_a_region(nlp: Language) -> None:
    ex = extract(nlp, "Coca cultivation in Nariño rose 9% last year, and troops were sent to eastern Arauca.")
    assert by_name(ex)["Nariño"][0] == "GPE"
    assert by_name(ex)["Arauca"][0] == "GPE"


def test_components_change_entities_only_through_set_ents() -> None:
    """``ents_of`` trusts its cache, which only ``set_ents`` keeps: no component may assign ``doc.ents``
    or a token's entity attributes itself."""
    import re
    from pathlib import Path

    import loaders.components as components

    folder = Path(components.__file__).parent
    writes = re.compile(r"\bdoc\.ents\s*=[^=]|\.ent_(type|iob|kb_id|id)_?\s*=[^=]")
    offenders = [
        f"{path.name}:{n}"
        for path in sorted(folder.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if writes.search(line) and not (path.name == "__init__.py" and "doc.ents = spans" in line)
    ]
    assert offenders == []


@pytest.mark.parametrize("text, name", [
    ("Chowdhury called on Prime Minister Tshering Dorji and was received by the King.", "Tshering Dorji"),
    ("Senior Chief Mwendalubi Kasonde, one of the traditional leaders, said the swamp mattered.",
     "Mwendalubi Kasonde"),
    ("Her navigator, the Zimbabwean Tendai Chigumbura-Moyo, joined the team this season.", "Tendai Chigumbura-Moyo"),
])
def test_a_name_ner_missed_after_a_capitalised_title_or_a_nationality_is_a_person(
    nlp: Language, text: str, name: str
) -> None:
    assert by_name(extract(nlp, text))[name][0] == "PERSON"


def test_a_place_and_state_before_police_is_not_a_police_force(nlp: Language) -> None:
    ex = extract(nlp, "Gombe State police commissioner Mahmud Garba Dikko said the bomb went off at noon.")
    assert "Gombe State police" not in by_name(ex)


def test_a_spanish_movement_opened_by_frente_or_accion_is_an_organisation(nlp: Language) -> None:
    ex = extract(nlp, "The ruling party lost ground to Frente Amplio, and Acción Ciudadana said it would run "
                      "candidates in every district.")
    assert by_name(ex)["Frente Amplio"][0] == "ORG"
    assert by_name(ex)["Acción Ciudadana"][0] == "ORG"


@pytest.mark.parametrize("line", ["Iklan", "Baca juga: Harga beras naik lagi"])
def test_indonesian_page_furniture_is_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


def test_an_outlet_named_as_a_modifier_of_its_noun_is_told(nlp: Language) -> None:
    ex = extract(nlp, "Councillor Joaquim Borba Tavares criticised the merger on Monday. \"We cannot have one "
                      "company setting the price of cement,\" he told the Lusa news agency.")
    assert ("Joaquim Borba Tavares", "told", "Lusa") in relations_of(ex)


@pytest.mark.parametrize("text, org, place", [
    ("The Minor Planet Center in Cambridge, Massachusetts, confirmed the discovery on Friday.",
     "Minor Planet Center", "Cambridge"),
    ("The Regional Seismic Centre (RSC) in Lima said the quake struck at dawn.", "Regional Seismic Centre", "Lima"),
])
def test_an_organisation_in_a_place_is_based_there(nlp: Language, text: str, org: str, place: str) -> None:
    assert (org, "based in", place) in relations_of(extract(nlp, text))


# Misfires a reviewer found in this round's rules, on sentences of their kind, each kept as a test.
@pytest.mark.parametrize("text, name, kind", [
    ("The court jailed Bobi Wine, which sparked protests across Uganda.", "Bobi Wine", "PERSON"),
    ("Police detained the opposition Kizza Besigye in Nairobi. Besigye, 68, denied the charges.",
     "Kizza Besigye", "PERSON"),
    ("Police said Soriano, a 34-year-old teacher, was arrested in Montevideo.", "Soriano", "PERSON"),
    ("Analysts at J.P. Morgan Chase said rates would fall.", "J.P. Morgan Chase", "ORG"),
    ("The consortium, headed by Saudi Aramco Trading, bid $2 billion for the stake.", "Saudi Aramco Trading", "ORG"),
    ("A doctor in Bukavu, South Kivu, said the clinic had run out of drugs.", "South Kivu", "GPE"),
])
def test_round_nine_rules_leave_these_names_alone(nlp: Language, text: str, name: str, kind: str) -> None:
    assert by_name(extract(nlp, text))[name][0] == kind


def test_a_name_modifying_a_noun_after_the_daily_is_no_newspaper(nlp: Language) -> None:
    assert "Covid" not in by_name(extract(nlp, "The daily Covid tally fell to 120 on Tuesday."))


@pytest.mark.parametrize("line", [
    "Also on the agenda: a vote on the budget.",
    "Also on Monday: the central bank will announce its rate decision.",
    "Also on board: three crew members who survived the crash.",
])
def test_a_line_that_says_what_else_is_on_is_kept(line: str) -> None:
    assert not is_boilerplate(line)
