"""The page parser, on the real ML guide and on the second guide written in the same format."""

from __future__ import annotations

import pytest

from corpus.errors import GuideFormatError
from corpus.parse import Kind, classify, parse_page, split_title
from tests.conftest import DE_GUIDE, ML_GUIDE


def paths(text: str) -> list[str]:
    return [" › ".join(s.path) for s in parse_page(text).sections]


def test_ml_guide_sections_and_subsections() -> None:
    assert paths(ML_GUIDE.read_text("utf-8")) == [
        "Overview",
        "Skills and Qualifications",
        "Education and Training",
        "Education and Training › Education",
        "Education and Training › Certifications",
        "Education and Training › Professional Development",
        "Career Path and Progression",
        "Salary and Compensation",
        "Salary and Compensation › North America",
        "Salary and Compensation › Europe",
        "Salary and Compensation › Asia-Pacific",
        "Salary and Compensation › Middle East",
        "Job Outlook and Demand",
        "Job Outlook and Demand › North America",
        "Job Outlook and Demand › Europe",
        "Job Outlook and Demand › Asia-Pacific",
        "Job Outlook and Demand › Middle East",
        "Responsibilities and Challenges › Responsibilities",
        "Responsibilities and Challenges › Challenges",
        "Notable Machine Learning Engineers › Andrew Ng",
        "Notable Machine Learning Engineers › Fei-Fei Li",
        "Additional Resources › Books",
        "Additional Resources › Websites",
        "Additional Resources › Organizations and Communities",
    ]


def test_second_guide_has_its_own_shape() -> None:
    found = paths(DE_GUIDE.read_text("utf-8"))
    assert "Salary and Compensation › Latin America" in found
    assert "Salary and Compensation › Africa" in found
    assert "Salary and Compensation › Middle East" not in found
    assert [p for p in found if p.startswith("Notable")] == [
        "Notable Data Engineers › Maxime Beauchemin",
        "Notable Data Engineers › Jay Kreps",
        "Notable Data Engineers › Martin Kleppmann",
    ]


def test_role_and_chrome() -> None:
    page = parse_page(ML_GUIDE.read_text("utf-8"))
    assert page.role == "Machine Learning Engineer"
    text = " ".join(b.text + " " + (b.title or "") for s in page.sections for b in s.blocks)
    for chrome in ("Skip to content", "healthy =>", "They know code", "Home / Resources",
                   "Table of Contents"):
        assert chrome not in text
    # The books' footnote is the guide's own words about that section: kept, as a paragraph.
    books = next(s for s in page.sections if s.path[-1] == "Books")
    assert any(b.text.startswith("I may receive a small commission") and not b.is_item
               for b in books.blocks)
    assert all("*" not in part for s in page.sections for part in s.path)


def test_bullet_counts_come_from_the_page() -> None:
    page = parse_page(ML_GUIDE.read_text("utf-8"))
    items = {" › ".join(s.path): sum(b.is_item for b in s.blocks) for s in page.sections}
    assert items["Skills and Qualifications"] == 5
    assert items["Education and Training › Professional Development"] == 7
    assert items["Career Path and Progression"] == 7
    assert items["Additional Resources › Websites"] == 9
    assert items["Additional Resources › Organizations and Communities"] == 6
    de = parse_page(DE_GUIDE.read_text("utf-8"))
    de_items = {" › ".join(s.path): sum(b.is_item for b in s.blocks) for s in de.sections}
    assert de_items["Skills and Qualifications"] == 4
    assert de_items["Education and Training › Certifications"] == 4
    assert de_items["Responsibilities and Challenges › Challenges"] == 4


def test_titles_and_indented_descriptions() -> None:
    page = parse_page(ML_GUIDE.read_text("utf-8"))
    by_path = {s.path: s for s in page.sections}
    certs = by_path[("Education and Training", "Certifications")].blocks
    assert [b.title for b in certs] == [
        "AWS Certified Machine Learning – Specialty",
        "Google Cloud Certified – Professional Machine Learning Engineer",
        "Microsoft Certified: Azure AI Engineer Associate",
    ]
    assert certs[2].text.startswith("Showcase your proficiency")
    books = by_path[("Additional Resources", "Books")].blocks
    assert books[0].title == "“Machine Learning Yearning” by Andrew Ng"
    assert books[0].text.startswith("Written by a renowned AI expert")
    andrew = by_path[("Notable Machine Learning Engineers", "Andrew Ng")]
    assert andrew.is_profile and andrew.blocks[0].text.startswith("Andrew Ng is a prominent")


@pytest.mark.parametrize(("text", "title", "rest"), [
    ("United States: $90,000 – $150,000 per year", "United States", "$90,000 – $150,000 per year"),
    ("Microsoft Certified: Azure AI Engineer Associate: Showcase it.",
     "Microsoft Certified: Azure AI Engineer Associate", "Showcase it."),
    ("Bachelor’s or Master’s Degree: Pursue a degree.", "Bachelor’s or Master’s Degree",
     "Pursue a degree."),
    ("Overfitting: when a model fits: badly.", "Overfitting", "when a model fits: badly."),
    ("just a sentence without a title", None, "just a sentence without a title"),
])
def test_split_title(text: str, title: str | None, rest: str) -> None:
    assert split_title(text) == (title, rest)


def test_classify_lines() -> None:
    assert classify("  • Kaggle", 1).kind is Kind.BULLET
    assert classify("    Kaggle is a platform.", 1).kind is Kind.CONTINUATION
    assert classify("Responsibilities:", 1).kind is Kind.LABEL
    assert classify("Books*", 1).text == "Books"
    footnote = classify("* I may receive a small commission.", 1)
    assert footnote.kind is Kind.PARAGRAPH and footnote.text == "I may receive a small commission."
    assert classify("Table of Contents", 1) is None
    assert classify("This is a sentence.", 1).kind is Kind.PARAGRAPH


def test_zero_width_and_bom_are_cleaned() -> None:
    page = parse_page("\ufeffHome / X / Tester\n\nTester\n\nTests things well for a living.\n\n"
                      "Skills\n\n  • Pa\u200btience: Wait\u00ading.\n")
    assert page.role == "Tester"
    block = page.sections[1].blocks[0]
    assert (block.title, block.text) == ("Patience", "Waiting.")


@pytest.mark.parametrize("text", ["", "\n\n", "just one long sentence that is not a page at all."])
def test_no_page_is_an_error(text: str) -> None:
    with pytest.raises(GuideFormatError):
        parse_page(text)


def test_title_only_is_an_error() -> None:
    with pytest.raises(GuideFormatError, match="no sections"):
        parse_page("Home / Resources / Tester\n\nTester\n\nAn intro paragraph about testers.\n")
