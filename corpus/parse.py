"""Turn a TechRolepedia role page, as saved from the browser, into titled sections.

The site's role pages share one template: chrome (skip link, tagline, breadcrumb), the role's
title and an intro paragraph, then top-level headings. A heading holds bullets (`• Title:
description`, or a bullet title with its description indented on the next line), paragraphs,
sub-headings (regions, resource kinds), `Label:` lines, or people (a heading whose paragraph
opens with that name). Nothing here knows this page's section names, countries or counts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from corpus.errors import GuideFormatError

OVERVIEW = "Overview"
BULLETS = "•·▪●◦‣∙-*"
# Small words that may sit lowercase inside a title ("Bachelor's or Master's Degree").
TITLE_SMALL_WORDS = frozenset(
    "a an and as at by for from in of on or the to vs via with".split())
_WS = re.compile(r"\s+")
_BREADCRUMB = re.compile(r"^home\s*/", re.IGNORECASE)


class Kind(str, Enum):
    """What a line of the page is."""

    HEADING = "heading"
    LABEL = "label"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    CONTINUATION = "continuation"


@dataclass(frozen=True)
class Line:
    """One meaningful line of the page, classified."""

    kind: Kind
    text: str
    number: int


@dataclass(frozen=True)
class Block:
    """A paragraph, or a bullet item with an optional title, as the guide wrote it."""

    text: str
    title: str | None
    line: int
    is_item: bool


@dataclass(frozen=True)
class Section:
    """A run of blocks under one heading path, e.g. ("Salary and Compensation", "Europe")."""

    path: tuple[str, ...]
    blocks: tuple[Block, ...]
    line: int
    is_profile: bool = False


@dataclass(frozen=True)
class Page:
    """A parsed role page: the role's name and its sections in page order."""

    role: str
    sections: tuple[Section, ...]


def clean(text: str) -> str:
    """Normalise a line: NFC, no BOM or zero-width characters, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()


def looks_like_heading(text: str) -> bool:
    """Short, capitalised and not a sentence: how the site's headings look."""
    words = text.split()
    return (0 < len(words) <= 10 and len(text) <= 80 and text[-1] not in ".!?,;:"
            and (text[0].isupper() or text[0].isdigit()))


def _is_title(text: str) -> bool:
    """True when every word is capitalised, a small joining word, or punctuation."""
    words = text.split()
    if not words or len(words) > 12:
        return False
    for word in words:
        first = word.lstrip("(“\"'‘")[:1]
        if not first or not first.isalpha():
            continue
        if not (first.isupper() or first.isdigit() or word.lower() in TITLE_SMALL_WORDS):
            return False
    return True


def split_title(text: str) -> tuple[str | None, str]:
    """Split `Title: description` at the last colon whose left side still reads as a title.

    `Microsoft Certified: Azure AI Engineer Associate: Showcase…` keeps the first colon in
    the title, because the longest title-like prefix wins.
    """
    best: int | None = None
    for match in re.finditer(r":\s", text):
        if _is_title(text[:match.start()]):
            best = match.start()
    if best is None:
        return None, text
    return text[:best].strip(), text[best + 1:].strip()


def classify(raw: str, number: int) -> Line | None:
    """Classify one raw line, or None for blank lines and page chrome."""
    indented = raw[:1].isspace()
    text = clean(raw)
    if not text or text.casefold() == "table of contents":
        return None
    if text[0] in BULLETS and len(text) > 1 and text[1] == " ":
        if text[0] == "*" and not indented:
            # A footnote ("* I may receive a small commission…"): the guide's own words about
            # its section, so a paragraph of it, not an entry.
            return Line(Kind.PARAGRAPH, text[2:].strip(), number)
        return Line(Kind.BULLET, text[2:].strip(), number)
    if indented:
        return Line(Kind.CONTINUATION, text, number)
    if text.endswith(":") and looks_like_heading(text[:-1]):
        return Line(Kind.LABEL, text[:-1].strip(), number)
    if looks_like_heading(text.rstrip("*")):
        return Line(Kind.HEADING, text.rstrip("*").strip(), number)
    return Line(Kind.PARAGRAPH, text, number)


def _strip_chrome(lines: list[str]) -> tuple[str, int]:
    """Find the role from the breadcrumb and return it with the first line after its title."""
    for index, raw in enumerate(lines):
        text = clean(raw)
        if _BREADCRUMB.match(text) and "/" in text:
            role = text.rsplit("/", 1)[-1].strip()
            start = index + 1
            while start < len(lines) and not clean(lines[start]):
                start += 1
            if start < len(lines) and clean(lines[start]).rstrip("*") == role:
                start += 1
            return role, start
    # No breadcrumb: the first heading followed by a paragraph is the title.
    classified = [(i, classify(raw, i + 1)) for i, raw in enumerate(lines)]
    meaningful = [(i, line) for i, line in classified if line is not None]
    for (i, line), (_, after) in zip(meaningful, meaningful[1:]):
        if line.kind is Kind.HEADING and after.kind is Kind.PARAGRAPH:
            return line.text, i + 1
    raise GuideFormatError("no role title found (expected a 'Home / … / Role' breadcrumb)")


class _Builder:
    """Collects blocks into sections while the heading path changes."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.path: tuple[str, ...] = (OVERVIEW,)
        self.blocks: list[Block] = []
        self.line = 1
        self.profile = False

    def open(self, path: tuple[str, ...], line: int, profile: bool = False) -> None:
        self.close()
        self.path, self.line, self.profile = path, line, profile

    def close(self) -> None:
        if self.blocks:
            self.sections.append(Section(self.path, tuple(self.blocks), self.line, self.profile))
        self.blocks = []

    def top_has_items(self) -> bool:
        """Whether the current top-level heading holds bullets of its own."""
        own = [s for s in self.sections if s.path == self.path[:1]]
        current = self.blocks if len(self.path) == 1 else []
        return any(b.is_item for s in own for b in s.blocks) or any(b.is_item for b in current)


def parse_page(text: str) -> Page:
    """Parse a role page's raw text into its role name and sections."""
    raw_lines = text.splitlines()
    role, start = _strip_chrome(raw_lines)
    lines = [line for number, raw in enumerate(raw_lines[start:], start + 1)
             if (line := classify(raw, number)) is not None]
    build = _Builder()
    for index, line in enumerate(lines):
        after = lines[index + 1] if index + 1 < len(lines) else None
        if line.kind is Kind.HEADING:
            top = build.path[0] if build.path[0] != OVERVIEW else None
            opens_profile = (top is not None and after is not None
                             and after.kind is Kind.PARAGRAPH and after.text.startswith(line.text))
            if opens_profile and top is not None:
                build.open((top, line.text), line.number, profile=True)
            elif (top is None or after is None or after.kind is not Kind.BULLET
                  or build.top_has_items()):
                build.open((line.text,), line.number)
            else:
                build.open((top, line.text), line.number)
        elif line.kind is Kind.LABEL:
            build.open((build.path[0], line.text), line.number)
        elif line.kind is Kind.PARAGRAPH:
            build.blocks.append(Block(line.text, None, line.number, is_item=False))
        elif line.kind is Kind.BULLET:
            title, body = split_title(line.text)
            build.blocks.append(Block(body, title, line.number, is_item=True))
        elif build.blocks and build.blocks[-1].is_item:
            # An indented description under a bullet title (books, websites).
            last = build.blocks.pop()
            title = last.title or last.text
            body = line.text if last.title is None else f"{last.text} {line.text}"
            build.blocks.append(Block(body, title, last.line, is_item=True))
        else:
            build.blocks.append(Block(line.text, None, line.number, is_item=False))
    build.close()
    if not any(s.path[0] != OVERVIEW for s in build.sections):
        raise GuideFormatError("the guide has no sections under its title")
    return Page(role, tuple(build.sections))
