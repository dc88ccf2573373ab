"""Resolution of mentions within an article (plain values, no spaCy) and against a store."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pytest

from kg.model import Article, Entity, EntityRef, ExtractedArticle, Mention, Relation, lookup_keys
from loaders.aliases import load_tables, name_key
from loaders.resolve import MentionResolver, Surface, is_ambiguous_alone, resolve_against_store


@pytest.fixture(scope="module")
def resolver() -> MentionResolver:
    return MentionResolver(load_tables(None))


def surfaces(*items: tuple[str, str]) -> list[Surface]:
    """Surfaces in text order, one sentence each, ten characters apart."""
    out = []
    for n, (text, label) in enumerate(items):
        out.append(Surface(text, label, n * 10, n * 10 + len(text), n, collective=label == "COLLECTIVE"))
    return [Surface(s.text, "ORG", s.start, s.end, s.sentence, True) if s.collective else s for s in out]


def by_name(resolved: list) -> dict[str, tuple[str, set[str]]]:
    return {r.name: (r.type, set(r.aliases)) for r in resolved}


def test_name_key_ignores_case_dots_quotes_articles_and_possessives() -> None:
    assert name_key("The U.S.’s") == name_key("US") == "us"


def test_united_states_variants_are_one_entity(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(("US", "GPE"), ("U.S.", "GPE"), ("America", "GPE"),
                                              ("American", "NORP"), ("United States", "GPE"), ("USA", "GPE"))))
    assert list(found) == ["United States"]
    assert found["United States"][0] == "GPE"
    assert {"US", "U.S.", "America", "American", "USA"} <= found["United States"][1]


def test_demonyms_are_their_country(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(("Iraq", "GPE"), ("Iraqi", "NORP"), ("Iraqis", "NORP"),
                                              ("Kenyan", "NORP"))))
    assert found["Iraq"] == ("GPE", {"Iraq", "Iraqi", "Iraqis"})
    assert found["Kenya"][0] == "GPE"


def test_countries_get_their_common_name(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(("Russian Federation", "GPE"), ("Syrian Arab Republic", "GPE"))))
    assert set(found) == {"Russia", "Syria"}


def test_acronym_resolves_to_its_long_form(resolver: MentionResolver) -> None:
    resolved = resolver.resolve(surfaces(("High Military Committee", "ORG"), ("HMC", "ORG"), ("HMC", "PERSON")),
                                {"HMC": "High Military Committee"})
    assert by_name(resolved) == {"High Military Committee": ("ORG", {"High Military Committee", "HMC"})}


def test_surname_resolves_to_the_full_name(resolver: MentionResolver) -> None:
    resolved = resolver.resolve(surfaces(("Qassem Soleimani", "PERSON"), ("Soleimani", "PERSON"),
                                         ("Soleimani", "ORG")))
    assert by_name(resolved) == {"Qassem Soleimani": ("PERSON", {"Qassem Soleimani", "Soleimani"})}


def test_shared_surname_goes_to_the_person_named_last_and_never_merges_two_people(
    resolver: MentionResolver,
) -> None:
    items = surfaces(("Obinna Okafor", "PERSON"), ("Okafor", "PERSON"), ("Adaeze Okafor", "PERSON"),
                     ("Okafor", "PERSON"))
    resolved = resolver.resolve(items)
    people = {r.name: r.members for r in resolved}
    assert people == {"Obinna Okafor": (0, 1), "Adaeze Okafor": (2, 3)}


def test_shared_surname_before_either_person_stays_unresolved(resolver: MentionResolver) -> None:
    items = surfaces(("Okafor", "PERSON"), ("Obinna Okafor", "PERSON"), ("Adaeze Okafor", "PERSON"))
    names = {r.name for r in resolver.resolve(items)}
    assert names == {"Okafor", "Obinna Okafor", "Adaeze Okafor"}


def test_collective_short_forms_join_the_fuller_form(resolver: MentionResolver) -> None:
    items = surfaces(("international coalition", "COLLECTIVE"), ("coalition", "COLLECTIVE"),
                     ("anti-terrorism coalition", "COLLECTIVE"), ("international coalition", "COLLECTIVE"),
                     ("Iraqi parliament", "COLLECTIVE"), ("parliament", "COLLECTIVE"))
    found = by_name(resolver.resolve(items))
    assert found["international coalition"] == (
        "ORG", {"international coalition", "coalition", "anti-terrorism coalition"})
    assert found["Iraqi parliament"] == ("ORG", {"Iraqi parliament", "parliament"})


def test_contrasting_collectives_stay_apart_and_lone_generic_ones_go(resolver: MentionResolver) -> None:
    # "ruling" and "rebel" contrast: the ruling alliance does not join the rebel one, and alone, with a
    # modifier that only says what role it plays, it says too little to be a node of the graph
    items = surfaces(("rebel alliance", "COLLECTIVE"), ("ruling alliance", "COLLECTIVE"), ("army", "COLLECTIVE"))
    assert {r.name for r in resolver.resolve(items)} == {"rebel alliance"}


def test_lone_role_collectives_are_no_entities(resolver: MentionResolver) -> None:
    # every article's "governing coalition" or "the coalition" would be one node across the graph
    items = surfaces(("governing coalition", "COLLECTIVE"), ("coalition", "COLLECTIVE"),
                     ("opposition coalition", "COLLECTIVE"), ("junta", "COLLECTIVE"))
    assert resolver.resolve(items) == []


def test_short_company_name_and_type_from_its_designator(resolver: MentionResolver) -> None:
    items = surfaces(("Havenstad Freight", "PERSON"), ("Havenstad", "PERSON"), ("Havenstad", "ORG"),
                     ("Havenstad", "GPE"))
    assert by_name(resolver.resolve(items)) == {"Havenstad Freight": ("ORG", {"Havenstad Freight", "Havenstad"})}


def test_sports_club_taken_for_a_place_is_an_organisation_with_its_short_forms(resolver: MentionResolver) -> None:
    items = surfaces(("Harbourside United", "GPE"), ("Harbourside", "ORG"), ("United", "GPE"))
    assert by_name(resolver.resolve(items)) == {
        "Harbourside United": ("ORG", {"Harbourside United", "Harbourside", "United"})}


def test_word_variants_of_a_ministry_are_one_organisation(resolver: MentionResolver) -> None:
    items = surfaces(("US Department of Defense", "ORG"), ("US Ministry of Defense", "ORG"))
    assert len(resolver.resolve(items)) == 1


def test_city_labelled_as_a_person_is_a_place(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(("Lilongwe", "PERSON"), ("Vilnius", "ORG"))))
    assert found == {"Lilongwe": ("GPE", {"Lilongwe"}), "Vilnius": ("GPE", {"Vilnius"})}


def test_same_name_different_kind_gets_different_ids(resolver: MentionResolver) -> None:
    place = resolver.resolve(surfaces(("Jordan", "GPE")))[0]
    person = resolver.resolve(surfaces(("Jordan", "PERSON")))[0]
    assert place.id == "place:jordan" and person.id == "person:jordan"


def test_user_alias_file_adds_names(tmp_path: Path) -> None:
    path = tmp_path / "aliases.jsonl"
    path.write_text('{"name": "Acme Widgets", "type": "ORG", "aliases": ["Acme", "AW"]}\n', encoding="utf-8")
    resolver = MentionResolver(load_tables(str(path)))
    found = by_name(resolver.resolve(surfaces(("AW", "PERSON"), ("Acme", "ORG"))))
    assert found == {"Acme Widgets": ("ORG", {"AW", "Acme"})}


# --------------------------------------------------------------------------- against a store


class DictStore:
    """Just enough of a GraphStore for resolve_against_store: ``lookup`` over a few entities."""

    name = "dict"

    def __init__(self, refs: list[EntityRef], aliases: dict[str, list[str]] | None = None) -> None:
        self.keys: dict[str, list[EntityRef]] = {}
        for ref in refs:
            for key in (ref.name, *(aliases or {}).get(ref.id, ()), *lookup_keys(ref.name, ref.type)):
                self.keys.setdefault(key.casefold(), []).append(ref)

    def lookup(self, keys: Collection[str]) -> dict[str, tuple[EntityRef, ...]]:
        return {k: tuple(self.keys[k.casefold()]) for k in keys if k.casefold() in self.keys}


def extracted(*entities: Entity, relations: tuple[Relation, ...] = ()) -> ExtractedArticle:
    article = Article.create("some text", title="t")
    mentions = tuple(Mention(e.id, 1, (e.name,), n) for n, e in enumerate(entities))
    return ExtractedArticle(article, tuple(entities), mentions, relations)


def entity(name: str, type_: str) -> Entity:
    from kg.model import make_entity_id

    return Entity(make_entity_id(type_, name), name, type_, (name,))


def test_what_is_ambiguous_alone() -> None:
    assert is_ambiguous_alone(entity("Soleimani", "PERSON"))
    assert is_ambiguous_alone(entity("HMC", "ORG"))
    assert is_ambiguous_alone(entity("coalition", "ORG"))
    assert not is_ambiguous_alone(entity("Qassem Soleimani", "PERSON"))
    assert not is_ambiguous_alone(entity("Iraq", "GPE"))


def test_ambiguous_mentions_resolve_to_the_one_stored_entity() -> None:
    store = DictStore([EntityRef("person:qassem-soleimani", "Qassem Soleimani", "PERSON", 4),
                       EntityRef("organization:high-military-committee", "High Military Committee", "ORG", 2),
                       EntityRef("organization:international-coalition", "international coalition", "ORG", 3)])
    soleimani, hmc, coalition, iraq = (entity("Soleimani", "PERSON"), entity("HMC", "ORG"),
                                       entity("coalition", "ORG"), entity("Iraq", "GPE"))
    rel = Relation(coalition.id, iraq.id, "LEFT", "left", "s", 0, 1)
    [out] = resolve_against_store([extracted(soleimani, hmc, coalition, iraq, relations=(rel,))], store)
    assert {e.id for e in out.entities} == {"person:qassem-soleimani", "organization:high-military-committee",
                                            "organization:international-coalition", "place:iraq"}
    assert {m.entity_id for m in out.mentions} == {e.id for e in out.entities}
    assert out.relations[0].source == "organization:international-coalition"
    assert next(e for e in out.entities if e.name == "Qassem Soleimani").aliases == ("Soleimani",)


def test_two_candidates_or_another_kind_leave_the_mention_alone() -> None:
    store = DictStore([EntityRef("person:obinna-okafor", "Obinna Okafor", "PERSON", 2),
                       EntityRef("person:adaeze-okafor", "Adaeze Okafor", "PERSON", 2),
                       EntityRef("place:harlow", "Harlow", "GPE", 1)])
    okafor, harlow = entity("Okafor", "PERSON"), entity("Harlow", "PERSON")
    [out] = resolve_against_store([extracted(okafor, harlow)], store)
    assert {e.id for e in out.entities} == {"person:okafor", "person:harlow"}


def test_a_resolved_mention_that_meets_its_entity_merges_and_drops_self_relations() -> None:
    store = DictStore([EntityRef("person:qassem-soleimani", "Qassem Soleimani", "PERSON", 4)])
    full, short = entity("Qassem Soleimani", "PERSON"), entity("Soleimani", "PERSON")
    rel = Relation(full.id, short.id, "MET", "met", "s", 0, 1)
    [out] = resolve_against_store([extracted(full, short, relations=(rel,))], store)
    assert [e.id for e in out.entities] == ["person:qassem-soleimani"]
    assert out.mentions[0].count == 2
    assert out.relations == ()


def test_earlier_articles_of_the_same_batch_count_as_known() -> None:
    first = extracted(entity("High Military Committee", "ORG"))
    second = extracted(entity("HMC", "ORG"))
    out = resolve_against_store([first, second], DictStore([]))
    assert [e.id for e in out[1].entities] == ["organization:high-military-committee"]


def test_against_the_embedded_store(tmp_path: Path) -> None:
    from kg.store.sqlite import SQLiteStore

    store = SQLiteStore(tmp_path / "kg.sqlite3")
    try:
        store.write([extracted(entity("Pakistan News Network", "ORG"), entity("Grace Kibet", "PERSON"))])
        later = extracted(entity("PNN", "ORG"), entity("Kibet", "PERSON"), entity("Nairobi", "GPE"))
        [out] = resolve_against_store([later], store)
        assert {e.id for e in out.entities} == {"organization:pakistan-news-network", "person:grace-kibet",
                                                "place:nairobi"}
    finally:
        store.close()


def test_a_legal_form_does_not_make_another_company(resolver: MentionResolver) -> None:
    items = surfaces(("Halvard Data Systems", "ORG"), ("Halvard", "ORG"), ("Halvard Data Systems Corp.", "ORG"),
                     ("Torvik Analytics Inc.", "ORG"), ("Torvik Analytics", "ORG"), ("Torvik", "PERSON"))
    assert by_name(resolver.resolve(items)) == {
        "Halvard Data Systems": ("ORG", {"Halvard Data Systems", "Halvard", "Halvard Data Systems Corp."}),
        "Torvik Analytics": ("ORG", {"Torvik Analytics Inc.", "Torvik Analytics", "Torvik"}),
    }


def test_a_city_that_ends_a_club_name_is_the_club(resolver: MentionResolver) -> None:
    items = surfaces(("Borussia Dortmund", "ORG"), ("Dortmund", "GPE"), ("Dortmund", "ORG"))
    assert by_name(resolver.resolve(items)) == {"Borussia Dortmund": ("ORG", {"Borussia Dortmund", "Dortmund"})}


def test_a_place_that_begins_an_institution_name_stays_a_place(resolver: MentionResolver) -> None:
    items = surfaces(("ROSWELL", "GPE"), ("Roswell", "GPE"), ("Roswell Independent School District", "ORG"))
    assert by_name(resolver.resolve(items)) == {
        "Roswell": ("GPE", {"ROSWELL", "Roswell"}),
        "Roswell Independent School District": ("ORG", {"Roswell Independent School District"}),
    }


def test_the_place_at_the_end_of_a_long_official_name_is_not_its_short_name(resolver: MentionResolver) -> None:
    court = "U.S. District Court for the Eastern District of Ohio"
    found = by_name(resolver.resolve(surfaces((court, "ORG"), ("Ohio", "GPE"))))
    assert found["Ohio"] == ("GPE", {"Ohio"})


def test_party_members_are_the_party(resolver: MentionResolver) -> None:
    items = surfaces(("Spanish Socialist Workers' Party", "ORG"), ("Socialists", "NORP"),
                     ("Democratic Party", "ORG"), ("Democrats", "NORP"))
    found = by_name(resolver.resolve(items))
    assert {"Spanish Socialist Workers' Party", "Socialists"} <= found["Spanish Socialist Workers' Party"][1]
    assert found["Democratic Party"][1] == {"Democratic Party", "Democrats"}


def test_a_named_storm_is_an_event_and_its_name_alone_is_it(resolver: MentionResolver) -> None:
    items = surfaces(("Cyclone Orla", "PERSON"), ("Orla", "PERSON"))
    assert by_name(resolver.resolve(items)) == {"Cyclone Orla": ("EVENT", {"Cyclone Orla", "Orla"})}


def test_a_country_ner_calls_a_person_is_the_country_unless_it_is_a_personal_name(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(("Malawi", "PERSON"), ("Jordan", "PERSON"))))
    assert found == {"Malawi": ("GPE", {"Malawi"}), "Jordan": ("PERSON", {"Jordan"})}
    found = by_name(resolver.resolve(surfaces(("Togo", "PERSON"), ("Lena Togo", "PERSON"))))
    assert found["Lena Togo"][0] == "PERSON" and "Togo" in found["Lena Togo"][1]


def test_a_leading_country_is_also_left_out_of_an_organisation_name(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(("U.S. Bureau of Coastal Surveys", "ORG"))))
    assert found["U.S. Bureau of Coastal Surveys"][1] == {"U.S. Bureau of Coastal Surveys", "Bureau of Coastal Surveys"}


def test_a_state_abbreviation_of_a_dateline_is_the_state(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(("N.M.", "GPE"), ("New Mexico", "GPE"), ("Fla.", "GPE"))))
    assert found == {"New Mexico": ("GPE", {"N.M.", "New Mexico"}), "Florida": ("GPE", {"Fla."})}


def test_a_three_letter_code_is_no_country(resolver: MentionResolver) -> None:
    assert by_name(resolver.resolve(surfaces(("MMR", "ORG")))) == {"MMR": ("ORG", {"MMR"})}


def test_the_first_words_of_a_company_name_are_the_company(resolver: MentionResolver) -> None:
    items = surfaces(("Minas Verdes Mineracao S.A.", "ORG"), ("Minas Verdes", "PERSON"),
                     ("Harbour Street Research", "ORG"), ("Harbour Street", "FAC"))
    found = by_name(resolver.resolve(items))
    assert found["Minas Verdes Mineracao"][1] == {"Minas Verdes Mineracao S.A.", "Minas Verdes"}
    assert found["Harbour Street Research"][1] == {"Harbour Street Research", "Harbour Street"}


def test_a_person_is_not_short_for_a_company_that_only_adds_its_kind(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(("Walt Disney Company", "ORG"), ("Walt Disney", "PERSON"))))
    assert found["Walt Disney"] == ("PERSON", {"Walt Disney"})


def test_a_region_does_not_shorten_a_company_it_begins(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(("Gulf Meridian Exchange", "ORG"), ("Gulf", "LOC"))))
    assert found["Gulf"] == ("LOC", {"Gulf"})


def test_a_short_word_of_two_names_is_the_one_named_first(resolver: MentionResolver) -> None:
    items = surfaces(("European Commission", "ORG"), ("Commission", "ORG"), ("Data Protection Commission", "ORG"),
                     ("Commission", "ORG"))
    found = by_name(resolver.resolve(items))
    assert found["European Commission"][1] == {"European Commission", "Commission"}
    assert found["Data Protection Commission"][1] == {"Data Protection Commission"}


def test_laws_and_events_by_the_last_word_of_their_name(resolver: MentionResolver) -> None:
    items = surfaces(("Defend Trade Secrets Act", "ORG"), ("Paris Agreement", "EVENT"),
                     ("Berlin International Film Festival", "FAC"), ("West Yorkshire Police", "GPE"))
    found = by_name(resolver.resolve(items))
    assert found["Defend Trade Secrets Act"][0] == "LAW"
    assert found["Paris Agreement"][0] == "LAW"
    assert found["Berlin International Film Festival"][0] == "EVENT"
    assert found["West Yorkshire Police"][0] == "ORG"


def test_a_town_opening_the_names_of_its_institutions_is_a_place(resolver: MentionResolver) -> None:
    items = surfaces(("Duluth City Council", "ORG"), ("Duluth", "PERSON"), ("Greta Lindahl", "PERSON"))
    assert by_name(resolver.resolve(items))["Duluth"] == ("GPE", {"Duluth"})


def test_english_is_england(resolver: MentionResolver) -> None:
    assert by_name(resolver.resolve(surfaces(("England", "GPE"), ("English", "NORP")))) == {
        "England": ("GPE", {"England", "English"})}


def test_a_facility_does_not_shorten_the_company_that_runs_it(resolver: MentionResolver) -> None:
    items = surfaces(("Queenstown Airport Corporation", "ORG"), ("Queenstown Airport", "FAC"))
    found = by_name(resolver.resolve(items))
    assert found["Queenstown Airport"] == ("FAC", {"Queenstown Airport"})


def test_a_company_with_a_legal_form_is_an_organisation_whatever_ner_said(resolver: MentionResolver) -> None:
    resolved = resolver.resolve(surfaces(("Sahel Gold Corp.", "ORG"), ("Sahel Gold", "PERSON"),
                                         ("Sahel Gold", "WORK_OF_ART"), ("Sahel Gold", "PERSON")))
    assert by_name(resolved) == {"Sahel Gold": ("ORG", {"Sahel Gold Corp.", "Sahel Gold"})}
    assert by_name(resolver.resolve(surfaces(("Quellin Bio Ltd", "PERSON"))))["Quellin Bio"][0] == "ORG"


def test_a_person_never_opens_with_an_acronym(resolver: MentionResolver) -> None:
    assert by_name(resolver.resolve(surfaces(("THW Kiel", "PERSON"))))["THW Kiel"][0] == "ORG"


def test_a_place_no_table_knows_may_be_short_for_a_company(resolver: MentionResolver) -> None:
    resolved = by_name(resolver.resolve(surfaces(("Brixa Networks NV", "ORG"), ("Brixa", "GPE"), ("Brixa", "GPE"))))
    assert resolved == {"Brixa Networks": ("ORG", {"Brixa Networks NV", "Brixa"})}
    resolved = by_name(resolver.resolve(surfaces(("Vienna Insurance Group AG", "ORG"), ("Vienna", "GPE"))))
    assert set(resolved) == {"Vienna Insurance Group", "Vienna"}  # a city the tables know stays a city


def test_a_demonym_several_countries_share_is_the_one_the_article_names(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(("South Korea", "GPE"), ("Korean", "NORP"))))
    assert found == {"South Korea": ("GPE", {"South Korea", "Korean"})}
    found = by_name(resolver.resolve(surfaces(("North Korea", "GPE"), ("Korean", "NORP"), ("Korea", "GPE"))))
    assert found == {"North Korea": ("GPE", {"North Korea", "Korean", "Korea"})}
    assert set(by_name(resolver.resolve(surfaces(("Korean", "NORP"))))) == {"South Korea"}  # the usual one
    found = by_name(resolver.resolve(surfaces(("North Korea", "GPE"), ("South Korea", "GPE"), ("Korean", "NORP"))))
    assert set(found) == {"North Korea", "South Korea", "Korean"}  # both named: neither


def test_a_foreign_word_for_group_or_bank_opens_an_organisation(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(("Grupo Tadeo", "PERSON"), ("Banco Lirio", "GPE"))))
    assert found["Grupo Tadeo"][0] == "ORG"
    assert found["Banco Lirio"][0] == "ORG"


def test_names_say_what_kind_of_thing_they_are(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(
        ("Daily Clarion", "WORK_OF_ART"), ("The Mesa Republic", "GPE"), ("Czech Republic", "GPE"),
        ("Lakeshore Health Sciences Centre", "ORG"), ("Harbourside Convention Centre", "ORG"), ("Bengaluru", "NORP"),
    ), {}))
    assert found["Daily Clarion"][0] == "ORG"
    assert next(v for k, v in found.items() if k.endswith("Mesa Republic"))[0] == "ORG", found
    assert found["Czech Republic"][0] == "GPE"
    assert found["Lakeshore Health Sciences Centre"][0] == "ORG"
    assert found["Harbourside Convention Centre"][0] == "FAC"
    assert found["Bengaluru"][0] == "GPE"


def test_pieces_of_a_name_ner_did_not_call_a_person_join_the_person(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(
        ("Sven Aksdal", "PERSON"), ("Sven", "ORG"), ("Nordin El Haddadi", "PERSON"), ("El Haddadi", "ORG"),
        ("Aurelio Becerril Quintana", "PERSON"), ("Becerril", "PERSON"),
    ), {}))
    assert {"Sven"} <= found["Sven Aksdal"][1]
    assert {"El Haddadi"} <= found["Nordin El Haddadi"][1]
    assert {"Becerril"} <= found["Aurelio Becerril Quintana"][1]


def test_a_company_named_after_a_family_keeps_its_short_form(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(
        ("Pieter Van Loo", "PERSON"), ("Van Loo & Zonen BV", "ORG"), ("Van Loo", "ORG"),
    ), {}))
    assert "Van Loo" not in found["Pieter Van Loo"][1]


def test_a_city_stays_apart_from_an_institution_named_of_it(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(("University of Houston", "ORG"), ("Houston", "GPE")), {}))
    assert found["Houston"][0] == "GPE"
    assert "Houston" not in found["University of Houston"][1]


def test_canadian_province_abbreviations(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(("Brampton", "GPE"), ("Ont", "PERSON")), {}))
    assert found["Ontario"][0] == "GPE"


def test_a_short_form_of_two_names_is_the_one_named_first_and_party_members(resolver: MentionResolver) -> None:
    found = by_name(resolver.resolve(surfaces(
        ("Prairie Mesa Bank", "ORG"), ("Prairie Mesa Bancorp Inc.", "ORG"), ("Prairie Mesa", "ORG"),
        ("Social Democratic Party", "ORG"), ("Social Democrats", "NORP"),
    ), {}))
    assert "Prairie Mesa" in found["Prairie Mesa Bank"][1]
    assert "Social Democrats" in found["Social Democratic Party"][1]
