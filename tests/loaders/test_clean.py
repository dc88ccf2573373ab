"""loaders.clean: boilerplate lines, footer blocks, the header (title, date, byline), cutting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from loaders.clean import (
    clean_article,
    cut,
    is_boilerplate,
    normalise_chars,
    parse_byline,
    parse_date_line,
    parse_date_text,
)

BODY = (
    "The harbour council voted on Monday to open a ferry link to Westmere, ending a decade of talks.\n\n"
    "Council chair Miriam Okoye said the first boats would sail in June."
)

BOILERPLATE_LINES = [
    "Please enter your comment!",
    "Please enter your name here",
    "You have entered an incorrect email address!",
    "Leave a Reply",
    "You must be logged in to post a comment.",
    "Related Articles",
    "Related Posts",
    "Stay Connected",
    "Latest Articles",
    "Most Popular",
    "Read more",
    "Read more: Council budget passes",
    "Share this:",
    "Share on Facebook",
    "Share on Twitter",
    "Share on WhatsApp",
    "Facebook Twitter WhatsApp",
    "Subscribe to our newsletter",
    "Sign up for our daily newsletter",
    "Follow us on Twitter",
    "Advertisement",
    "ADVERTISEMENT",
    "We use cookies to improve your experience. By continuing to browse you accept our cookie policy.",
    "Accept all cookies",
    "All rights reserved.",
    "© 2024 Alden Gazette. All rights reserved.",
    "Copyright 2025 Northern Ledger",
    "25.9 C",
    "18°C",
    "Weather: 71°F",
    "Weather 64°F",
    "Partly cloudy 18°",
    "Miami 81°F",
    "Photo: Reuters",
    "(Photo by Jane Roe/Getty Images)",
    "Image source, Getty Images",
    "Home > World > Middle East",
    "World | Politics | Business | Sport",
    "Previous article",
    "Next post: Ferry timetable announced",
    "Skip to content",
    "3 min read",
    "Click to share on X (Opens in new window)",
    "Like this:",
    "DAX 19,508.29 ▲ 0.8%   EUR/USD 1.0921",
    "Lisbon 24°C  |  Porto 19°C",
    "Print | Email | Comments (0)",
    "Sign in | Register",
    "NEWS  ·  CULTURE  ·  WEATHER  ·  SPORT",
    "Comments are closed.",
    "Cookies: We use our own and third-party cookies to analyse traffic. Accept | Settings",
    "HARBOUR POST © 2025 | About us | Advertise | Privacy",
    "Copyright 2025 Alden Gazette. Reproduction without permission is prohibited.",
    "Tags: ferries, harbour, council",
    "Photo gallery: the storm's path",
]

REAL_SENTENCES = [
    "The ministry said related articles in the press had misquoted the minister.",
    "Readers who subscribe to the paper will get the report on Monday.",
    "He urged supporters to follow us on the march to the capital, witnesses said.",
    "Please enter your comment on the proposal by Friday, the council told residents in a letter.",
    "Stay connected with your family, the minister told the departing soldiers.",
    "The advertisement was banned by the regulator on Tuesday.",
    "The photo: a soldier carrying a child across the river, was shared widely.",
    "Temperatures reached 25.9 C in Baghdad on Friday, the highest this month.",
    "Read more than 200 pages of the report, he told the committee.",
    "The company said all rights reserved under the 1998 treaty would be kept.",
    "Share prices on Facebook's parent company fell 3 percent on Tuesday.",
    "Copyright law was changed on Friday, the minister said.",
    "Under section 5(c) of the act, the court may refuse bail.",
    "The website uses cookies to track users, the regulator said.",
    "Support for independent journalism is falling, the survey found.",
    "Comments by the minister angered the opposition.",
    "Home owners in the valley were told to leave on Sunday.",
]


@pytest.mark.parametrize("line", BOILERPLATE_LINES)
def test_boilerplate_lines_are_removed(line: str) -> None:
    assert is_boilerplate(line)
    cleaned = clean_article(f"{BODY}\n\n{line}\n\nThe mayor welcomed the decision on Tuesday evening.")
    assert line not in cleaned.text
    assert "The mayor welcomed the decision" in cleaned.text


@pytest.mark.parametrize("sentence", REAL_SENTENCES)
def test_real_sentences_with_those_words_are_kept(sentence: str) -> None:
    assert not is_boilerplate(sentence)
    cleaned = clean_article(f"{BODY}\n\n{sentence}\n\nThe mayor welcomed the decision on Tuesday.")
    assert sentence in cleaned.text


def test_footer_block_of_short_lines_is_dropped() -> None:
    text = (f"{BODY}\n\nRelated Articles\nPort Alden budget passes after late-night session\n"
            "Westmere pier repairs delayed again\n\nLatest Articles\n- Ferry fares to rise\n")
    cleaned = clean_article(text)
    assert cleaned.text == BODY


def test_footer_marker_before_a_real_paragraph_keeps_the_paragraph() -> None:
    later = "Critics of the plan said the council had not studied the effect on fish stocks in the bay."
    cleaned = clean_article(f"{BODY}\n\nRelated Articles\nWestmere pier repairs delayed again\n\n{later}")
    assert cleaned.text == f"{BODY}\n\n{later}"


def test_paragraph_breaks_are_kept_as_one_blank_line() -> None:
    text = "First paragraph is here, and it says a thing.\n\n\n\nSecond one follows it, saying more.\n" \
           "Third line is its own paragraph in scraped text."
    assert clean_article(text).text == ("First paragraph is here, and it says a thing.\n\n"
                                        "Second one follows it, saying more.\n\n"
                                        "Third line is its own paragraph in scraped text.")


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = ("The harbour council voted on Monday to open a ferry\nlink to Westmere, ending a decade of\n"
            "talks between the two towns.\n\nCouncil chair Miriam Okoye said the first\n"
            "boats would sail in June, weather permitting.\n")
    assert clean_article(text).text == (
        "The harbour council voted on Monday to open a ferry link to Westmere, ending a decade of talks "
        "between the two towns.\n\nCouncil chair Miriam Okoye said the first boats would sail in June, "
        "weather permitting.")


# --------------------------------------------------------------------------- the header


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("Friday, September 20, 2024", date(2024, 9, 20)),
        ("Sept. 20, 2024", date(2024, 9, 20)),
        ("2024-09-20", date(2024, 9, 20)),
        ("Updated: 20 September 2024 10:32 GMT", date(2024, 9, 20)),
        ("Published on March 3, 2025 at 10:15 am", date(2025, 3, 3)),
        ("Updated 4:42 PM EST, Wed January 22, 2025", date(2025, 1, 22)),
        ("January 17, 2025 | 09:41 PM", date(2025, 1, 17)),
        ("2 March 2025, 19:48 GMT", date(2025, 3, 2)),
    ],
)
def test_title_date_and_widgets_are_read_from_the_header(date_line: str, expected: date) -> None:
    headline = "Harbour council approves new ferry link between Port Alden and Westmere"
    text = f"25.9 C\n{date_line}\n\n{headline}\n\nBy Jane Roe\n\n{BODY}\n"
    cleaned = clean_article(text)
    assert cleaned.title == headline
    assert cleaned.published == expected
    assert cleaned.author == "Jane Roe"
    assert cleaned.text == BODY


def test_header_date_after_a_dek_is_found() -> None:
    text = ("Reid double sends Celtic clear after derby win\n"
            "Callum Reid scored twice as Celtic beat Rangers.\n2 March 2025, 19:48 GMT\n\n" + BODY)
    cleaned = clean_article(text)
    assert cleaned.title == "Reid double sends Celtic clear after derby win"
    assert cleaned.published == date(2025, 3, 2)
    assert cleaned.text.startswith("Callum Reid scored twice as Celtic beat Rangers.\n\n")


def test_kickers_above_the_headline_are_not_text() -> None:
    text = f"Health\n\nSeptember 2, 2024\n\nVaccine trial cuts severe malaria cases\n\n{BODY}"
    cleaned = clean_article(text)
    assert cleaned.title == "Vaccine trial cuts severe malaria cases"
    assert cleaned.text == BODY


def test_a_date_inside_a_sentence_is_not_the_publication_date() -> None:
    text = ("On September 20, 2024, the ministers met in Baghdad to discuss the withdrawal of forces.\n\n"
            "They will meet again in October, 2024, officials said.")
    cleaned = clean_article(text)
    assert cleaned.published is None
    assert cleaned.title is None
    assert cleaned.text == text


def test_a_date_line_below_the_first_paragraph_is_not_the_publication_date() -> None:
    first = ("The ministers met in Baghdad on Friday to discuss the withdrawal of foreign forces from the "
             "country, officials from both governments said.")
    cleaned = clean_article(f"{first}\n\nSeptember 21, 2024\n\nThey will meet again in October.")
    assert cleaned.published is None


def test_a_known_title_wins_and_its_repeat_is_dropped() -> None:
    cleaned = clean_article(f"Ferry link approved!\n\n{BODY}", title="Ferry link approved")
    assert cleaned.title == "Ferry link approved"
    assert cleaned.text == BODY


def test_a_lone_line_is_text_not_a_title() -> None:
    cleaned = clean_article("Ministers meet in Nairobi over border dispute")
    assert cleaned.title is None
    assert cleaned.text == "Ministers meet in Nairobi over border dispute"


def test_url_line_in_header() -> None:
    cleaned = clean_article(f"URL: https://example.org/ferry\nFerry link approved by council\n\n{BODY}")
    assert cleaned.url == "https://example.org/ferry"
    assert cleaned.title == "Ferry link approved by council"
    assert "example.org" not in cleaned.text


@pytest.mark.parametrize("value", ["September 20", "2024", "September 2024", "the 20th", "12:30",
                                   "Friday", "Officials met on September 20, 2024 in Baghdad"])
def test_incomplete_or_fuzzy_dates_are_refused(value: str) -> None:
    assert parse_date_text(value) is None
    assert parse_date_line(value) is None


@pytest.mark.parametrize(
    ("line", "author", "published"),
    [
        ("By Jane Roe", "Jane Roe", None),
        ("By Jane Roe and John Doe | Sept. 20, 2024", "Jane Roe and John Doe", date(2024, 9, 20)),
        ("By Pieter de Graaf", "Pieter de Graaf", None),
    ],
)
def test_bylines(line: str, author: str, published: date | None) -> None:
    byline = parse_byline(line)
    assert byline is not None
    assert (byline.author, byline.published) == (author, published)


@pytest.mark.parametrize("line", ["By Monday, the troops had left the town.", "by the way", "Bye now"])
def test_sentences_starting_with_by_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


# --------------------------------------------------------------------------- characters and cutting


def test_control_characters_and_odd_newlines_are_normalised() -> None:
    raw = "\ufeffOne\x00 line\r\nTwo\x07 line\rThree\u00a0line\x0cFour"
    assert normalise_chars(raw) == "One line\nTwo line\nThree line\nFour"


def test_space_runs_separate_widget_parts_and_are_collapsed_in_text() -> None:
    text = f"DAX 19,508.29   Gold 2,650.10\n\nFerry   link approved  by council\n\n{BODY.replace(' ', '  ', 3)}"
    cleaned = clean_article(text)
    assert cleaned.title == "Ferry link approved by council"
    assert cleaned.text == BODY


def test_cut_prefers_a_paragraph_then_a_sentence_boundary() -> None:
    para = "A sentence of the article. " * 30
    text = f"{para.strip()}\n\n{para.strip()}"
    assert cut(text, len(text)) == text
    at_para = cut(text, len(para) + 100)
    assert at_para == para.strip()
    at_sentence = cut(para, 200)
    assert len(at_sentence) <= 200 and at_sentence.endswith("article.")
    assert cut("word " * 100, 103).endswith("word")


EXAMPLE = Path("/work/shared/examples/000_6408f2be3bc086a3.txt")


@pytest.mark.skipif(not EXAMPLE.exists(), reason="the shared example is not on this machine")
def test_shared_scraped_example() -> None:
    cleaned = clean_article(EXAMPLE.read_text(encoding="utf-8"))
    assert cleaned.title is not None
    assert cleaned.title.startswith("Associated Press: Baghdad and Washington disagree")
    assert cleaned.published == date(2024, 9, 20)
    assert cleaned.text.startswith("PNN – An American media")
    for gone in ("25.9 C", "Related Articles", "Please enter", "Stay Connected", "Latest Articles",
                 "Friday, September 20, 2024", cleaned.title):
        assert gone not in cleaned.text
    assert cleaned.text.endswith("which has a better relationship with Washington.")
    assert "\n\n" in cleaned.text and "\n\n\n" not in cleaned.text
