"""Relation classes that news states often (roles, legal, sport and aid stories), on sentences of our own,
through the whole pipeline with the real model."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.config import Settings
from loaders.nlp import load_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(Settings())


def relations(nlp: Language, text: str) -> set[tuple[str, str, str]]:
    doc = nlp(text)
    out = set()
    for r in doc._.kg_relations:
        source, target = doc[r["source"][0] : r["source"][1]], doc[r["target"][0] : r["target"][1]]
        out.add((source.text, r["predicate"], target.text))
    return out


def negated(nlp: Language, text: str) -> set[tuple[str, str]]:
    doc = nlp(text)
    return {(doc[r["source"][0] : r["source"][1]].text, r["predicate"]) for r in doc._.kg_relations if r["negated"]}


# --------------------------------------------------------------------------- roles


def test_a_joint_venture_between_two_companies(nlp: Language) -> None:
    found = relations(nlp, "The contract went to Harbor Wind Ltd., a joint venture between Tallis Holdings and "
                           "Norwegian developer Fjordkraft Energi.")
    assert ("Harbor Wind Ltd.", "joint venture between", "Tallis Holdings") in found
    assert ("Harbor Wind Ltd.", "joint venture between", "Fjordkraft Energi") in found
    assert not any(target == "Norwegian" for _, _, target in found)


def test_a_role_whose_owner_modifies_it(nlp: Language) -> None:
    found = relations(nlp, "The Green Union candidate, Marta Solberg, conceded defeat on Sunday.")
    assert ("Marta Solberg", "candidate of", "Green Union") in found


def test_his_role_belongs_to_the_person_named_before(nlp: Language) -> None:
    found = relations(nlp, "Tomas Brandt left the firm last year. His lawyer, Ilse Marek, said the charges were false.")
    assert ("Ilse Marek", "lawyer of", "Tomas Brandt") in found


def test_a_role_in_a_unit_belongs_to_the_whole(nlp: Language) -> None:
    found = relations(nlp, "Dr. Owen Pryce, president of the Ohio chapter of the American Society of Radiologists, "
                           "urged calm.")
    assert ("Owen Pryce", "president of chapter of", "American Society of Radiologists") in found
    assert not any(target == "Ohio" for _, _, target in found)


def test_club_president_belongs_to_the_organisation_just_named(nlp: Language) -> None:
    found = relations(nlp, "Fulvia Energy has raised millions since 2021, money that club president Dario Venn has "
                           "pledged to spend on debt.")
    assert ("Dario Venn", "president of", "Fulvia Energy") in found


def test_a_portfolio_title_belongs_to_the_department_of_that_portfolio(nlp: Language) -> None:
    found = relations(nlp, "Halvorsen Foods posted a loss. Health Secretary Mara Olsen said the Department of Health "
                           "would review the plant.")
    assert ("Mara Olsen", "secretary of", "Department of Health") in found


def test_a_company_title_belongs_to_the_one_company_of_the_sentence(nlp: Language) -> None:
    found = relations(nlp, "Kestrel Mining's board approved the offer on Sunday, Chief Executive Lena Berg told "
                           "analysts.")
    assert ("Lena Berg", "chief executive of", "Kestrel Mining") in found


# --------------------------------------------------------------------------- who a noun or pronoun stands for


def test_a_kind_noun_introduces_the_name_after_it(nlp: Language) -> None:
    found = relations(nlp, "Kenyan President William Ruto rejected the claim, telling the state broadcaster KBN that "
                           "the rebels had lied.")
    assert ("William Ruto", "telling", "KBN") in found


def test_the_cyclone_is_the_cyclone_just_named(nlp: Language) -> None:
    found = relations(nlp, "Cyclone Orla made landfall on Sunday. The cyclone struck the coast near Pemba late on "
                           "Sunday.")
    assert ("Cyclone Orla", "struck coast near", "Pemba") in found


def test_the_company_is_the_company_named_in_the_sentence(nlp: Language) -> None:
    found = relations(nlp, "Shares of Korlan Systems fell 6 percent after the company said it had lost a contract "
                           "with Ardent Bank.")
    assert ("Korlan Systems", "lost contract with", "Ardent Bank") in found


def test_it_is_the_organisation_named_before_in_the_sentence(nlp: Language) -> None:
    found = relations(nlp, "The acquisition is the largest for Kestrel Mining since it bought Austrian rail operator "
                           "Elbe Cargo in 2019.")
    assert ("Kestrel Mining", "bought", "Elbe Cargo") in found


def test_her_party_stands_for_the_person_who_speaks(nlp: Language) -> None:
    text = "Greta Lind, the party's regional leader, said her party would not back Tomas Vik."
    assert ("Greta Lind", "back", "Tomas Vik") in relations(nlp, text)
    assert ("Greta Lind", "back") in negated(nlp, text)


# --------------------------------------------------------------------------- clauses


def test_a_place_after_the_object_of_a_verb(nlp: Language) -> None:
    assert ("Storm Kai", "killed people in", "Ghana") in relations(
        nlp, "Storm Kai has killed at least 12 people in northern Ghana, officials said.")
    assert ("Ohio Department of Health", "identified cases in", "Dayton") in relations(
        nlp, "The Ohio Department of Health said it had identified four cases in Dayton with links to Toledo.")


def test_a_place_right_after_a_verb_is_no_relation(nlp: Language) -> None:
    assert relations(nlp, "Kenyan President William Ruto spoke in Nairobi on Monday.") == {
        ("William Ruto", "president of", "Kenyan")}


def test_at_the_request_of(nlp: Language) -> None:
    found = relations(nlp, "The WHO sent six epidemiologists at the request of Governor Ada Hale, who declared an "
                           "emergency.")
    assert ("WHO", "sent epidemiologists at request of", "Ada Hale") in found


def test_a_player_signed_from_or_sold_to_a_club(nlp: Language) -> None:
    assert ("Sean Kearney", "signed from", "Dundee") in relations(
        nlp, "Celtic have signed Irish striker Sean Kearney from Dundee for a fee of two million pounds.")
    assert ("Mads Holm", "sold to", "Benfica") in relations(
        nlp, "The club sold its captain, Danish defender Mads Holm, to Benfica in June.")


def test_be_in_contact_with(nlp: Language) -> None:
    found = relations(nlp, "Canadian health officials said they were in contact with their US counterparts.")
    assert ("Canadian", "in contact with", "US") in found


def test_based_in_after_a_name_or_its_description(nlp: Language) -> None:
    found = relations(nlp, "Southern Alps Air, which is based in Christchurch, grounded two aircraft. Lindauer ran "
                           "the business of Kestrel Payments Inc., a card processor based in Austin, Texas.")
    assert ("Southern Alps Air", "based in", "Christchurch") in found
    assert ("Kestrel Payments Inc.", "based in", "Austin") in found


def test_a_dateline_place_or_agency_is_no_actor(nlp: Language) -> None:
    text = ("Talks end\n\nBONN, Germany (Reuters) \u2014 Brazil will host the summit in Belem, officials said on "
            "Thursday.")
    assert not any(s in ("Germany", "Reuters", "BONN") for s, _, _ in relations(nlp, text))


def test_a_partnership_between_two_companies(nlp: Language) -> None:
    found = relations(nlp, "Lumen is used by 40 million people through a partnership between Lumenai Technologies "
                           "and German telecoms group Deutsche Telekom, which bundles it.")
    assert ("Lumenai Technologies", "partnership with", "Deutsche Telekom") in found


def test_a_round_led_by_an_investor_is_the_round_of_whoever_raised_it(nlp: Language) -> None:
    found = relations(nlp, "Orbitra Space raised $41 million last year in a funding round led by Konkan Ventures.")
    assert ("Konkan Ventures", "led round of", "Orbitra Space") in found


def test_a_person_of_an_organisation_is_a_member(nlp: Language) -> None:
    found = relations(nlp, "Shadow Home Secretary Giles Pemberton-Hunt of the Conservative Party accused the "
                           "government.")
    assert ("Giles Pemberton-Hunt", "member of", "Conservative Party") in found


def test_a_title_after_a_bracketed_acronym(nlp: Language) -> None:
    found = relations(nlp, "New Zealand Cricket (NZC) chief executive Scott Wiremu-Lane said the board was in talks "
                           "with the ICC.")
    assert ("Scott Wiremu-Lane", "chief executive of", "NZC") in found


def test_an_officer_of_the_group_just_named(nlp: Language) -> None:
    found = relations(nlp, "Shares in Veltrax AG fell 38 percent after Katrin Oberholzer, the chief financial officer "
                           "of the Munich-based payments group, resigned.")
    assert ("Katrin Oberholzer", "chief financial officer of", "Veltrax AG") in found


def test_it_as_an_object_is_the_other_organisation(nlp: Language) -> None:
    found = relations(nlp, "Veltrax AG has faced questions since May, when the short seller Harbour Street Research "
                           "accused it of inflating revenue.")
    assert ("Harbour Street Research", "accused", "Veltrax AG") in found


def test_part_of_a_loan_from(nlp: Language) -> None:
    found = relations(nlp, "Ivory Coast would use part of a $300 million loan from the African Development Bank to "
                           "replace trees.")
    assert ("Ivory Coast", "use part of loan from", "African Development Bank") in found


def test_dependency_shapes_match_what_spacys_dependency_matcher_matches(nlp: Language) -> None:
    from spacy.matcher import DependencyMatcher

    from loaders.aliases import read_json
    from loaders.components.shapes import DependencyShapes

    patterns = {p["id"]: p["pattern"] for p in read_json("relation_patterns.json")["patterns"]}
    reference = DependencyMatcher(nlp.vocab)
    for pid, pattern in patterns.items():
        reference.add(pid, [pattern])
    doc = nlp("Maria Lund, chief executive of Halvard Foods, met the Verde candidate, Ana Ruiz. UNICEF's "
              "representative in Chad, Carlos Berhane, spoke. His lawyer, Ilse Marek, left. Giles Pemberton-Hunt of "
              "the Conservative Party, now the Leeds manager, was sacked by Newcastle. Tomas Brandt, a former Acme "
              "engineer, joined a group led by Fjordkraft Energi.")
    expected = sorted((doc.vocab.strings[m], sorted(t)) for m, t in reference(doc))
    found = sorted((pid, sorted(t)) for pid, t in DependencyShapes(patterns)(doc))
    assert found == expected
    assert found  # the sentences do exercise the patterns


def test_a_verb_before_a_name_is_no_title_and_a_participle_no_part_of_a_role(nlp: Language) -> None:
    found = relations(nlp, "The Halden Bank appointed Ilse Marek as administrator. Priya Menon, a Dubai-based analyst "
                           "at Fitch Ratings, spoke.")
    assert not any(p.startswith("appointed of") for _, p, _ in found)
    assert ("Priya Menon", "analyst at", "Fitch Ratings") in found


# --------------------------------------------------------------------------- roles, round 3


def test_its_role_belongs_to_the_organisation_the_sentences_before_named(nlp: Language) -> None:
    found = relations(nlp, "The Harbour Workers Union called the strike. Its president, Marta Solberg, told "
                           "reporters the talks had failed.")
    assert ("Marta Solberg", "president of", "Harbour Workers Union") in found


def test_the_role_of_a_definite_description_belongs_to_the_named_organisation(nlp: Language) -> None:
    found = relations(nlp, "The Port of Velden Authority manages the docks. The authority's chief executive, "
                           "Anouk de Vries-Maas, urged both sides to talk.")
    assert ("Anouk de Vries-Maas", "chief executive of", "Port of Velden Authority") in found


def test_a_role_and_its_owner_before_the_person_between_commas(nlp: Language) -> None:
    found = relations(nlp, "The talks had stalled, a spokesperson for the Harbour Workers Union, Daniel Mutua, "
                           "said on Monday.")
    assert ("Daniel Mutua", "spokesperson for", "Harbour Workers Union") in found


def test_a_hyphenated_title_before_a_person(nlp: Language) -> None:
    found = relations(nlp, "Corfo executive vice-president Tomás Irarrázaval-Benítez said the plan was approved.")
    assert ("Tomás Irarrázaval-Benítez", "executive vice-president of", "Corfo") in found


def test_a_role_in_a_place_or_from_it(nlp: Language) -> None:
    found = relations(nlp, "Nobody has forgotten, said Maya Ghale, a teacher in Pokhara whose school collapsed.")
    assert ("Maya Ghale", "teacher in", "Pokhara") in found
    found = relations(nlp, "We lost everything, said Rafiq Chowdhury, a rice farmer from Sylhet who lost his harvest.")
    assert ("Rafiq Chowdhury", "rice farmer from", "Sylhet") in found


def test_an_object_made_by_someone(nlp: Language) -> None:
    found = relations(nlp, "On Tuesday the Velden District Court dismissed an application by Harbour Terminals "
                           "BV for an injunction.")
    assert ("Velden District Court", "dismissed application by", "Harbour Terminals BV") in found


# --------------------------------------------------------------------------- roles, round 4


def test_whose_role_belongs_to_the_organisation_before_it(nlp: Language) -> None:
    found = relations(nlp, "The plan was opposed by the Federation of Tarn Farmers, whose president, Odile Marchais, "
                           "said growers could not pay.")
    assert ("Odile Marchais", "president of", "Federation of Tarn Farmers") in found


def test_whose_role_in_a_relative_clause_after_an_apposition(nlp: Language) -> None:
    found = relations(nlp, "The families were represented by Brightside, the legal charity, whose solicitor "
                           "Maren Holt said the ruling was clear.")
    assert ("Maren Holt", "solicitor of", "Brightside") in found


def test_the_kind_nouns_role_belongs_to_the_organisation_it_introduced(nlp: Language) -> None:
    text = ("The owners sued their insurer, Kestrel Mutual, on Monday. Lydford Ports said the claim was late. "
            '"The policy is clear," said Anna Berg, the insurer\'s head of claims.')
    found = relations(nlp, text)
    assert ("Anna Berg", "head of", "Kestrel Mutual") in found
    assert not any(s == "Anna Berg" and t == "Lydford Ports" for s, _, t in found)


def test_a_title_before_a_name_does_not_reach_into_the_sentence_before(nlp: Language) -> None:
    text = "Halvik was founded by Siobhán Keane, who left the company last year. Keane told Nordkyst Avis she agreed."
    found = relations(nlp, text)
    assert not any("year" in predicate for _, predicate, _ in found)
    assert ("Keane", "told", "Nordkyst Avis") in found


def test_a_relative_pronoun_as_object_stands_for_its_antecedent(nlp: Language) -> None:
    found = relations(nlp, "The airline lost a battle with the engine maker Corlan Motors, which Tervia Air sued "
                           "in 2025.")
    assert ("Tervia Air", "sued", "Corlan Motors") in found


def test_the_company_as_subject_is_the_subject_of_the_sentence_before(nlp: Language) -> None:
    text = ("Tervia Air, the Scottish carrier, entered administration after the Court of Session approved a "
            "request. The airline appointed Grantfield Advisory as administrator.")
    found = relations(nlp, text)
    assert any(s == "Tervia Air" and t == "Grantfield Advisory" for s, _, t in found)


def test_their_opening_a_sentence_stands_for_a_group_ner_called_a_nationality(nlp: Language) -> None:
    found = relations(nlp, "The Greens fell to 12 percent. Their lead candidate, Katharina Wendl, conceded defeat.")
    assert ("Katharina Wendl", "lead candidate of", "Greens") in found


def test_a_role_a_verb_gives_a_person(nlp: Language) -> None:
    assert ("Dana Kessler", "chief executive of", "Orvane Bank") in relations(
        nlp, "Dana Kessler was named chief executive of Orvane Bank in May.")
    assert ("Elena Ramos", "mayor of", "Tucson") in relations(
        nlp, "City councilwoman Elena Ramos was elected mayor of Tucson on Tuesday.")


def test_an_organisation_title_opening_a_sentence_belongs_to_the_subject_before(nlp: Language) -> None:
    text = ("The Calgary Falcons sacked head coach Tom Reid on Tuesday. "
            "General manager Brad Tellier-Scott said an assistant would take over.")
    found = relations(nlp, text)
    assert ("Brad Tellier-Scott", "general manager of", "Calgary Falcons") in found
    assert ("Calgary Falcons", "sacked", "Tom Reid") in found


def test_the_universitys_role_reaches_back_to_the_one_university_named(nlp: Language) -> None:
    text = ("The University of Dunmore has suspended a laboratory. The funder raised concerns. The lab denied it. "
            "A lawyer spoke. Critics wrote to the press. The university's vice-principal, Christina Boyle, "
            "said a panel would report.")
    found = relations(nlp, text)
    assert any(s == "Christina Boyle" and t == "University of Dunmore" for s, _, t in found)


# --------------------------------------------------------------------------- the dependency-path fallback


def test_path_through_a_relative_clause_to_the_name_modifying_its_object(nlp: Language) -> None:
    found = relations(nlp, "Marta Kowalczyk-Reyes, who headed the OSCE election mission, said the count was fair.")
    assert any(s == "Marta Kowalczyk-Reyes" and t == "OSCE" and p.startswith("headed") for s, p, t in found), found


def test_path_names_the_object_between_verb_and_preposition(nlp: Language) -> None:
    found = relations(nlp, "Prosecutors said Harbourline Freight had shipped 40 containers to the Port of Antwerp.")
    assert any(s == "Harbourline Freight" and "Antwerp" in t and p.startswith("shipped containers to")
               for s, p, t in found), found


def test_conjoined_agents_did_it_together(nlp: Language) -> None:
    found = relations(nlp, "The resolution, drafted by Norway and Mexico, passed without a vote.")
    assert ("Norway", "drafted resolution with", "Mexico") in found


def test_path_never_passes_another_name_nor_an_aside(nlp: Language) -> None:
    found = relations(nlp, "Kenneth Obi beat American Daniel Marsh in the final.")
    assert not any(t == "American" for _, _, t in found)
    found = relations(nlp, "Portugal supplied half of the vaccines, according to the World Health Organization.")
    assert not any(t == "the World Health Organization" for _, _, t in found), found


def test_a_place_after_a_verb_is_still_no_relation_on_a_path(nlp: Language) -> None:
    assert not any(p.endswith(" in") for _, p, _ in relations(
        nlp, "Finance Minister Ruth Adeyemi, who spoke in Geneva on Monday, said talks went well."))


def test_role_through_a_compound_office(nlp: Language) -> None:
    found = relations(nlp, "Vice Admiral Tomas Ekdahl, chief of staff of the Swedish Navy, said two ships had left.")
    assert ("Tomas Ekdahl", "chief of staff of", "the Swedish Navy") in found or \
        ("Tomas Ekdahl", "chief of staff of", "Swedish Navy") in found, found


def test_a_country_possessive_before_a_state_body_or_a_company(nlp: Language) -> None:
    found = relations(nlp, "Chile's Ministry of Energy approved the plan on Monday.")
    assert ("Ministry of Energy", "part of", "Chile") in found


def test_a_title_written_with_its_owner_before_the_name(nlp: Language) -> None:
    found = relations(nlp, "Chief Secretary to the Treasury Owen Maddox-Reid told reporters the line was paused.")
    assert ("Owen Maddox-Reid", "chief secretary to", "Treasury") in found


def test_a_party_title_in_apposition(nlp: Language) -> None:
    found = relations(nlp, "The letter was signed by Priya Raman-Holt, the Labour MP for Leeds Central, on Monday.")
    assert any(s == "Priya Raman-Holt" and t == "Labour" and p.startswith("mp") for s, p, t in found), found


def test_based_before_a_possessive_noun_and_a_place_ner_missed(nlp: Language) -> None:
    found = relations(nlp, "Norsafe, the Bergen-based shipowners' association, said the route was closed.")
    assert ("Norsafe", "based in", "Bergen") in found
    found = relations(nlp, "Halvorsen Maskin Group agreed the deal. The Tromsø-based Halvorsen will pay in cash.")
    assert ("Halvorsen", "based in", "Tromsø") in found, found


def test_a_place_described_in_apposition(nlp: Language) -> None:
    found = relations(nlp, "In Amtali, a small town in Barguna, the clinic was full.")
    assert ("Amtali", "town in", "Barguna") in found


def test_a_participle_joined_by_and_keeps_its_agent(nlp: Language) -> None:
    found = relations(nlp, "Van Loo & Zonen, founded in 1931 and now run by the founder's great-grandson, "
                           "Pieter Van Loo, said it was relieved.")
    assert any(s == "Pieter Van Loo" and t == "Van Loo & Zonen" and p == "run" for s, p, t in found), found


def test_a_pronoun_subject_and_a_by_the_parser_hung_low(nlp: Language) -> None:
    found = relations(nlp, "The Rebel Front (RF) attacked a base. It is listed as a terrorist organisation by the "
                           "United States and the European Union.")
    assert ("United States", "listed as organisation", "The Rebel Front") in found or \
        ("United States", "listed as organisation", "Rebel Front") in found, found


def test_a_relative_clause_in_the_passive_keeps_its_direction(nlp: Language) -> None:
    found = relations(nlp, "Seobu Heavy, which is controlled by the Seobu Group conglomerate, offered 3.5%.")
    assert ("Seobu Group", "controlled", "Seobu Heavy") in found, found


def test_an_organisation_in_apposition_with_an_owner_possessive(nlp: Language) -> None:
    found = relations(nlp, "A family sued Cuisimat's American subsidiary, Cuisimat USA Inc., in federal court.")
    assert ("Cuisimat USA Inc.", "subsidiary of", "Cuisimat") in found, found


def test_the_title_alone_is_the_person_named_with_it(nlp: Language) -> None:
    found = relations(nlp, "Members voted to impeach Governor Wanjiru Kamau-Ndegwa on Tuesday. The governor belongs "
                           "to the ruling United Democratic Alliance (UDA).")
    assert ("Wanjiru Kamau-Ndegwa", "belongs to", "United Democratic Alliance") in found, found


def test_an_embassy_in_a_city(nlp: Language) -> None:
    found = relations(nlp, "The U.S. Embassy in Tegucigalpa issued a security alert.")
    assert ("U.S. Embassy", "located in", "Tegucigalpa") in found
