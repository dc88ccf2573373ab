"""loaders.clean, round 11: furniture in languages no word list names, the page's tail after the
text's last paragraph, "More from <site>" lists, and author bios that name the site.

Every page here is our own invention. Each rule test fails on the round-10 cleaner; the guards (an
English headline with no small words, a short English sentence, results after the text, a results
heading) pass on both."""

from __future__ import annotations

import pytest

from loaders.clean import clean_article, is_boilerplate

BODY = (
    "The port authority of Vellmar said on Tuesday it had approved a second container berth, ending "
    "three years of talks with the shipping line Norstrand Cargo.\n\n"
    "Harbour master Ilse Odegaard said the berth would open in 2028 and double the port's capacity."
)


@pytest.mark.parametrize(
    "line",
    [
        "Tovuti yetu inatumia vidakuzi kuboresha huduma. Kubali | Kataa",  # Swahili cookie notice
        "Ziņu lapa izmanto sīkdatnes. Piekrītu | Iestatījumi",  # Latvian
        "Jarida la kila siku — pokea habari kila asubuhi",  # a newsletter promo
        "Bizim Facebook, Telegram jáne Instagram paraqtarymyzǵa jazylyńyz",
    ],
)
def test_a_line_with_no_english_and_words_of_another_language_is_furniture(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Vaccine trial cuts severe malaria cases",  # an English headline with no small words
        "Police declined comment.",
        "Talks resume Monday.",
        "Keiko Watanabe Moreno",  # a name alone
        "(1 euro = 655.96 CFA francs)",
        "Lyon 2, Marseille 1",
    ],
)
def test_english_lines_names_and_figures_are_not_foreign_furniture(line: str) -> None:
    assert not is_boilerplate(line)


def test_link_titles_after_the_last_paragraph_are_not_text() -> None:
    page = (
        f"{BODY}\n\n"
        "Sabai ramro khabar\n"  # a "most read" label no list knows
        "Tarvel council names new harbour master after Odegaard retires\n"
        "Cricket: Vellmar beat Ostrand by four wickets in Kalmby\n"
        "Brekka airport adds flights to Lisbon\n\n"
        "Follow us on Facebook and X\n"
    )
    assert clean_article(page).text == BODY


def test_results_after_the_last_paragraph_are_text() -> None:
    results = "1. Mara Lindqvist (SWE) 1:43.61\n2. Ana Petrović (SRB) 1:43.68\n3. Ella Hart (NZL) 1:43.80"
    page = f"{BODY}\n\nFINAL STANDINGS: Vellmar Harbour Regatta\n{results}\n\nFollow us on Facebook and X\n"
    text = clean_article(page).text
    assert "FINAL STANDINGS: Vellmar Harbour Regatta" in text
    assert "Ella Hart (NZL) 1:43.80" in text


def test_a_bulleted_link_title_with_a_score_is_no_result() -> None:
    page = f"{BODY}\n\nNajviac čítané\n• Hokej: HK Tarvel zdolal Ostrand 4:2\n• Brekka: primátor otvoril most\n"
    assert clean_article(page).text == BODY


def test_links_after_more_from_the_site_are_not_text() -> None:
    page = (
        "THE VELLMAR LEDGER\n\nVellmar port approves second container berth after three years of talks\n\n"
        f"{BODY}\n\nMore from The Vellmar Ledger\n"
        "Tarvel traders protest new market levy\n"
        "Ostrand mine extension approved by ministry\n\n"
        "Harbour master Ilse Odegaard, who took office in 2019, is the port's first woman in the post.\n"
    )
    text = clean_article(page).text
    assert "Tarvel traders" not in text and "Ostrand mine" not in text
    assert text.endswith("is the port's first woman in the post.")


@pytest.mark.parametrize(
    "bio",
    [
        "Ruta Kalnina is the Vellmar Ledger's shipping correspondent, based in Tarvel.",
        "Ruta Kalnina writes about ports and trade for the Vellmar Ledger. Follow her on X.",
        "Ruta Kalnina is the shipping correspondent of the Vellmar Ledger in Tarvel.",
    ],
)
def test_an_author_bio_that_names_the_site_is_not_text(bio: str) -> None:
    page = (
        "THE VELLMAR LEDGER | VELLMARIN LEHTI\n\n"
        f"Vellmar port approves second container berth after three years of talks\n\nBy Ruta Kalnina\n{bio}\n\n{BODY}\n"
    )
    cleaned = clean_article(page)
    assert cleaned.text == BODY
    assert cleaned.author == "Ruta Kalnina"
