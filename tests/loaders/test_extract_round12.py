"""Rules of the twelfth tuning round, on sentences and pages of our own, with the real model.

Where NER's mistake depends on context it rarely repeats, the component tests hand the component
the mistaken entities themselves (the parse is the model's); each guard names what a rule must leave
alone. Forty-eight of these tests fail on the round-11 code; the others are guards, or forms of a rule that
the old code already handled ("Merapi Airways Indonesia", a bar of section names with no label)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from loaders.aliases import load_tables
from loaders.clean import clean_article, is_boilerplate, parse_byline, read_header
from loaders.resolve import MentionResolver, Surface
from tests.loaders.extracting import by_name, component_ents, extract, owner_of, relations_of

# ------------------------------------------------------------------ kinds


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Merapi Airways Indonesia said it would add three routes next year.", "Merapi Airways Indonesia"),
        ("Greenpeace Africa said the spill had reached the lagoon.", "Greenpeace Africa"),
        ("Garuda Indonesia was studying a route via Muscat, Wirawan said.", "Garuda Indonesia"),
    ],
)
def test_a_person_ending_in_a_country_or_continent_is_an_organisation(nlp: Language, text: str, name: str) -> None:
    assert (name, "ORG") in component_ents(nlp, "kg_kinds", text, [(name, "PERSON")])


def test_a_person_with_a_first_name_may_end_in_a_country(nlp: Language) -> None:
    text = "Adriana Solís Montenegro said the court would rule in May."
    found = component_ents(nlp, "kg_kinds", text, [("Adriana Solís Montenegro", "PERSON")])
    assert ("Adriana Solís Montenegro", "PERSON") in found


def test_an_apposition_is_not_read_past_its_clause(nlp: Language) -> None:
    text = "Zibens coach Petteri Järvinen, a Finn who led his side to the title last year, said they lost."
    found = component_ents(nlp, "kg_kinds", text, [("Petteri Järvinen", "PERSON")])
    assert ("Petteri Järvinen", "PERSON") in found


def test_a_kind_noun_after_a_participle_still_counts(nlp: Language) -> None:
    text = "Vento Nuovo, the ruling party, said it would consider such a measure."
    assert ("Vento Nuovo", "ORG") in component_ents(nlp, "kg_kinds", text, [("Vento Nuovo", "PERSON")])


# ------------------------------------------------------------------ names


@pytest.mark.parametrize("form", ["A.Ş.", "Ltd. Şti."])
def test_turkish_legal_forms_end_a_company(nlp: Language, form: str) -> None:
    ex = extract(nlp, f"Denizyolu Hidrolik İnşaat {form} said it had suspended work at three sites.")
    assert by_name(ex)["Denizyolu Hidrolik İnşaat"][0] == "ORG"


def test_a_title_after_a_comma_is_no_part_of_an_organisation(nlp: Language) -> None:
    text = "A spokesman for the Coastal Gendarmerie, Lt. Col. Amadou Sy Diallo, said the post was attacked."
    found = component_ents(nlp, "kg_names", text, [("Coastal Gendarmerie, Lt", "ORG")])
    assert ("Coastal Gendarmerie", "ORG") in found


def test_cllr_is_a_title(nlp: Language) -> None:
    ex = extract(nlp, "Defence lawyer Cllr. Jonathan Togba Weah said his client would appeal the verdict.")
    assert "Jonathan Togba Weah" in by_name(ex)
    assert not any(name.startswith("Cllr") for name in by_name(ex))


# ------------------------------------------------------------------ resolution


def test_a_town_is_no_short_form_of_its_hospital(nlp: Language) -> None:
    ex = extract(
        nlp,
        "Gunmen attacked a border post north-east of Hermala on Monday, officials in Hermala said. The "
        "wounded were taken to the Hermala Government Hospital.",
    )
    assert owner_of(ex, "Hermala") != owner_of(ex, "Hermala Government Hospital")


def test_a_company_named_after_a_word_still_has_its_short_form(nlp: Language) -> None:
    ex = extract(
        nlp,
        "Brixa Networks NV said on Monday it would cut 200 jobs. Brixa, which is based in Ghent, blamed "
        "the cost of energy.",
    )
    assert owner_of(ex, "Brixa") == owner_of(ex, "Brixa Networks NV")


# ------------------------------------------------------------------ relations


@pytest.mark.parametrize(
    "text",
    [
        "The Marabout Fishers Cooperative said in a statement to Radio Kanal that most fishermen were honest.",
        "The EBRD said in a statement to Reuters that it welcomed the investor.",
    ],
)
def test_a_statement_to_an_outlet_is_an_attribution(nlp: Language, text: str) -> None:
    rels = relations_of(extract(nlp, text))
    assert any(p.startswith("said in statement to") and o in ("Radio Kanal", "Reuters") for _, p, o in rels), rels


def test_an_interview_with_an_outlet_is_an_attribution(nlp: Language) -> None:
    rels = relations_of(extract(nlp, "Kimmo Salo-Oja said in an interview with Helsingin Sanomat that he would run."))
    assert ("Kimmo Salo-Oja", "said in interview with", "Helsingin Sanomat") in rels


def test_a_statement_about_an_entity_is_no_attribution(nlp: Language) -> None:
    rels = relations_of(extract(nlp, "Maria Lopes said in a statement that Reuters had misquoted her."))
    assert not any("statement" in p for _, p, _ in rels)


def test_a_title_may_join_two_words_with_and(nlp: Language) -> None:
    ex = extract(nlp, "The deal was signed by Norway's Climate and Environment Minister Siri Haugland Bakke.")
    assert ("Siri Haugland Bakke", "climate and environment minister of", "Norway") in relations_of(ex)


# ------------------------------------------------------------------ cleaning


@pytest.mark.parametrize(
    "line",
    [
        "Partilhar: Facebook | WhatsApp | X | E-mail",
        "Artikel teilen: Facebook | X | LinkedIn | E-Mail",
        "Bagikan: WhatsApp | Facebook | X | Salin tautan",
        "Actualités | Sécurité | Économie | Sport",
        "Deel dit artikel: Facebook · X · LinkedIn",
    ],
)
def test_a_bar_of_links_in_any_language_is_furniture(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "1. LAT 1:43.61 | 2. GER +0.07 | 3. CAN +0.19",  # results
        "By Ilse Odegaard | 09-04-2026 | 11:02",  # byline and date
        "The minister met Acme, Borealis | Nordhav and the unions on Monday | she said talks went well.",
    ],
)
def test_results_dates_and_sentences_with_bars_are_no_link_bar(line: str) -> None:
    assert not is_boilerplate(line)


# ------------------------------------------------------------------ people (second half of the round)


def test_a_surname_with_particles_keeps_them_when_the_full_name_has_them(nlp: Language) -> None:
    text = "The lawyer, Francesco Paolo de la Cerda, appealed. \"We will win,\" de la Cerda told reporters."
    ents = [("Francesco Paolo de la Cerda", "PERSON"), ("Cerda", "ORG", "last")]
    found = component_ents(nlp, "kg_people", text, ents)
    assert ("de la Cerda", "PERSON") in found


def test_particles_before_a_name_no_person_has_stay_out(nlp: Language) -> None:
    text = "The mayor of Lisbon met the delegation at the Palace de la Vega on Monday."
    found = component_ents(nlp, "kg_people", text, [("Lisbon", "GPE"), ("Vega", "FAC")])
    assert not any(name.startswith("de la") for name, _ in found)


def test_a_first_name_and_a_hyphenated_surname_nobody_tagged_are_a_person(nlp: Language) -> None:
    text = "The motion was tabled by Councillor Yamikani Phiri-Mbewe of the Chinamwali ward on Monday."
    assert ("Yamikani Phiri-Mbewe", "PERSON") in component_ents(nlp, "kg_people", text, [("Yamikani", "PERSON")])


def test_a_word_before_a_hyphenated_surname_named_elsewhere_is_its_first_name(nlp: Language) -> None:
    text = "BUTWAL — Sushila Gurung-Thapa was elected chair on Sunday.\n\nGurung-Thapa thanked the delegates."
    found = component_ents(nlp, "kg_people", text, [("BUTWAL", "GPE"), ("Gurung-Thapa", "ORG", "last")])
    assert ("Sushila Gurung-Thapa", "PERSON") in found


def test_a_person_of_an_organisation_that_ner_made_one_name_is_split(nlp: Language) -> None:
    text = "Anna Lindqvist won the run-off, defeating Jörg-Uwe Pietzsch of the Alternative for Germany narrowly."
    found = component_ents(nlp, "kg_people", text, [("Jörg-Uwe Pietzsch of the Alternative for Germany", "ORG")])
    assert {("Jörg-Uwe Pietzsch", "PERSON"), ("Alternative for Germany", "ORG")} <= found


def test_an_institution_of_a_country_is_not_split(nlp: Language) -> None:
    text = "The deal still needs clearance from the Tea Board of India, which must approve transfers."
    assert ("Tea Board of India", "ORG") in component_ents(nlp, "kg_people", text, [("Tea Board of India", "ORG")])


# ------------------------------------------------------------------ resolution and acronyms


def test_a_surname_of_several_words_that_ner_called_an_organisation_is_the_person() -> None:
    resolver = MentionResolver(load_tables(None))
    texts = [("Inês Vaz de Almeida", "PERSON"), ("Vaz de Almeida", "ORG"), ("Vaz de Almeida", "ORG")]
    surfaces = [Surface(t, label, n * 30, n * 30 + len(t), n) for n, (t, label) in enumerate(texts)]
    assert [(r.name, r.type) for r in resolver.resolve(surfaces)] == [("Inês Vaz de Almeida", "PERSON")]


def test_a_surname_that_opens_a_company_of_the_text_stays_apart() -> None:
    resolver = MentionResolver(load_tables(None))
    texts = [("Pieter van Dijk", "PERSON"), ("Van Dijk Vastgoed Holding", "ORG"), ("Van Dijk", "ORG")]
    surfaces = [Surface(t, label, n * 30, n * 30 + len(t), n) for n, (t, label) in enumerate(texts)]
    names = {r.name: set(r.aliases) for r in resolver.resolve(surfaces)}
    assert "Van Dijk" not in names["Pieter van Dijk"]


def test_a_company_short_form_opens_after_its_pt(nlp: Language) -> None:
    ex = extract(
        nlp,
        "Al Waab agreed to buy a stake in PT Susu Prima Nusantara Tbk for $410 million. Shares of Susu Prima "
        "jumped 14 percent, and Susu Prima's chairman welcomed the deal.",
    )
    assert owner_of(ex, "Susu Prima") == owner_of(ex, "PT Susu Prima Nusantara Tbk")


def test_a_two_letter_acronym_in_brackets_names_the_organisation_before_it(nlp: Language) -> None:
    ex = extract(
        nlp,
        "The ruling party governs in coalition with the Homeland Movement (DP). A DP spokeswoman, Katarina "
        "Lovrić, said her party would respect the vote.",
    )
    assert owner_of(ex, "DP") == owner_of(ex, "Homeland Movement")


# ------------------------------------------------------------------ cleaning (second half)


@pytest.mark.parametrize(
    "line",
    [
        "Reageer op dit artikel",
        "Sportkanaal.nl gebruikt cookies. Lees ons cookiebeleid.",
        "Get the Pacific Science Wire digest every Friday",
    ],
)
def test_dutch_furniture_and_digest_offers_are_furniture(line: str) -> None:
    assert is_boilerplate(line)


def test_a_sentence_about_a_dutch_newspaper_is_text() -> None:
    assert not is_boilerplate("Get the latest results from Het Parool and the Dutch league.")


# ------------------------------------------------------------------ third part of the round


def test_a_numbered_game_is_no_name(nlp: Language) -> None:
    ex = extract(nlp, "Vegueros won Game 7 on Sunday after losing Games 1 and 2 to Leñadores in Havana.")
    assert not any(name.startswith("Game") for name in by_name(ex))


@pytest.mark.parametrize(
    ("line", "author"),
    [("Par Jean-Wilner Désir", "Jean-Wilner Désir"), ("Von Matthias Rehberg", "Matthias Rehberg"),
     ("Por Lucía Xol Caal", "Lucía Xol Caal"), ("Oleh Budi Santoso", "Budi Santoso")],
)
def test_bylines_in_other_languages(line: str, author: str) -> None:
    byline = parse_byline(line)
    assert byline is not None and byline.author == author


def test_a_headline_starting_with_par_is_no_byline() -> None:
    assert parse_byline("Par for the course at Augusta") is None


def test_a_disclaimer_is_furniture() -> None:
    assert is_boilerplate("Disclaimer: Comments are the views of readers and not of Coastline Herald.")


def test_a_headline_over_a_date_in_lower_case_is_the_title() -> None:
    lines = ["PEDAL Y PISTA", "", "Chile's Olguín snatches keirin gold on final lap in Cali", "",
             "sáb 28 nov 2026 · 22:10", "", "CALI, Colombia — Chilean sprinter Matías Olguín Saavedra came "
             "from fourth place on the final lap to win the keirin at the championships on Saturday night."]
    assert read_header(lines).title == "Chile's Olguín snatches keirin gold on final lap in Cali"


def test_a_byline_with_a_bio_that_names_the_site_is_text() -> None:
    page = (
        "PACIFIC TIDE NEWS\n\nTongan PM drops finance minister in cabinet reshuffle\n\n"
        "By Mele Fifita. Mele Fifita reports on politics for Pacific Tide News from Nuku'alofa.\n\n"
        "NUKU'ALOFA — Tonga's prime minister dropped his finance minister and moved three other ministers "
        "on Monday in the first cabinet reshuffle since the election."
    )
    assert "from Nuku'alofa" in clean_article(page).text


def test_a_town_in_capitals_that_opens_a_school_name_is_a_dateline(nlp: Language) -> None:
    ex = extract(
        nlp,
        "WINNEBA — Members of the municipal assembly on Saturday rejected the nominee for a second time. "
        "The nominee, a former headmaster of Winneba Senior High School, polled 17 of the 35 votes cast.",
    )
    assert owner_of(ex, "WINNEBA") is not None
    assert owner_of(ex, "WINNEBA") != owner_of(ex, "Winneba Senior High School")


def test_its_is_no_adjective_named_before(nlp: Language) -> None:
    ex = extract(
        nlp,
        "Yildirim Orme Tekstil makes sportswear for European retailers. It signed the contract on Monday.\n\n"
        "Its chief executive, Selin Ozdemir, told Reuters that the plant would export to the European Union.",
    )
    assert not any(o == "European Union" and "executive" in p for _, p, o in relations_of(ex))


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("COBÁN, Guatemala — Cardamomos del Norte S.A., the biggest exporter of cardamom, agreed to sell a stake.",
         "Cardamomos del Norte S.A."),
        ("He said Qasr al-Bahr Shipping LLC had paid the fine on Monday.", "Qasr al-Bahr Shipping LLC"),
    ],
)
def test_capitalised_words_before_a_legal_form_are_a_company(nlp: Language, text: str, company: str) -> None:
    found = component_ents(nlp, "kg_names", text, [])
    assert (company, "ORG") in found


def test_a_barrister_is_no_company(nlp: Language) -> None:
    text = "Mavundla's lawyer, advocate Johan Bezuidenhout SC, said his client would appeal."
    found = component_ents(nlp, "kg_names", text, [("Johan Bezuidenhout SC", "PERSON")])
    assert not any(label == "ORG" and "Bezuidenhout" in name for name, label in found)


def test_a_person_of_a_company_is_not_swallowed(nlp: Language) -> None:
    text = "The broker, Mauricio Lescano Vidal of Lescano Brokers S.R.L., declined to comment on Monday."
    found = component_ents(nlp, "kg_names", text, [("Mauricio Lescano Vidal", "PERSON")])
    assert not any(name.startswith("Mauricio") and label == "ORG" for name, label in found)


def test_an_imprint_line_naming_the_site_is_furniture() -> None:
    page = (
        "FISKERI OG FINANS\n\nJapanese group agrees to buy Stavanger salmon farmer\n\n"
        "Japanese seafood group Maruhana agreed on Monday to buy a 67 percent stake in a salmon farmer based "
        "in Stavanger for 6.8 billion Norwegian crowns, the companies said.\n\n"
        "Fiskeri og Finans AS. Ansvarlig redaktør: Per Hoddevik."
    )
    assert "Hoddevik" not in clean_article(page).text


@pytest.mark.parametrize(
    "line",
    ["İlgili Haberler", "Hysbyseb", "Lees ook", "Fotó: Az egriek ünneplik a bajnoki címet. (Vízisport.hu/Tóth Bálint)"],
)
def test_related_headings_advertisements_and_captions_in_other_languages_are_furniture(line: str) -> None:
    assert is_boilerplate(line)


def test_a_site_named_by_its_address_signs_its_bios() -> None:
    page = (
        "VIZISPORT.HU\n\nEgri VK end eleven-year wait for the water polo title\n\n"
        "Egri VK won the Hungarian men's water polo championship for the first time in eleven years on "
        "Saturday, beating Ferencváros 12-10 in the deciding fifth game of the final.\n\n"
        "Kristóf Ilona a Vizisport.hu vízilabda-rovatának vezetője. Kövesse őt az Instagramon."
    )
    assert "Kövesse" not in clean_article(page).text


@pytest.mark.parametrize(
    "line",
    [
        "Schlagwörter: Kosovo, Koalition, Parlament, Mitrovica",
        "Pročitajte i: Jug u finalu Kupa? Dubrovčani najavljuju pojačanja",
        "Meest gelezen: 1. Koningsdag in Deventer? 2. Mark Dekker stopt bij Feyenoord",
        "Questo sito utilizza cookie tecnici e di profilazione. Chiudendo questo banner acconsenti.",
        "Dienstag, 30.06.2026, 11:42 Uhr",
        "Lunes 17 de noviembre de 2025",
        "Bijgewerkt 03-06-2025 21:17",
        "Llun: Siambr y cyngor yn Gaernarfon. (Y Gadair)",
    ],
)
def test_tags_most_read_cookies_and_dates_in_other_languages_are_furniture(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    ["Winners: Kenya, Uganda, Ghana", "Ankara 2:1 Konya (2026)", "Edsbyn 4-3 Villa (2026 final)",
     "Koningsdag 2026 in Deventer"],
)
def test_results_and_lists_of_names_are_not_date_or_tag_furniture(line: str) -> None:
    assert not is_boilerplate(line)
