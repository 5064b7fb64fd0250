"""Answers built from the guide's passages: one or more passages, a whole list, or none.

Each answer carries the context the next turn needs (the section, the list's entries, the
countries and person it is about); `compose` does the text, this the Answer records.
"""

from __future__ import annotations

from bot.engine import compose, replies
from bot.engine.answer import MAX_ANSWER, Answer, Context, Route, Source
from bot.engine.sections import Sections
from corpus.passages import Passage, PassageKind
from corpus.store import Corpus
from retrieval.tokenize import Tokenizer


class Composer:
    """Composes Answers from one corpus's passages and lists."""

    def __init__(self, corpus: Corpus, tokenizer: Tokenizer, sections: Sections) -> None:
        self.corpus = corpus
        self.tokenizer = tokenizer
        self.sections = sections
        self.by_id = corpus.by_id
        self.places_by_passage: dict[str, list[str]] = {}
        for place in corpus.places:
            self.places_by_passage.setdefault(place.passage, []).append(place.name)
        self.salary_countries = frozenset(r.country for r in corpus.salaries)
        self.not_covered = replies.not_covered(corpus)
        # A list's answer depends on the list alone: composed on first use, then reused.
        self.lists: dict[tuple[str, bool], Answer] = {}

    def passage_answer(self, passages: list[Passage], terms: tuple[str, ...], context: Context,
                       full: bool = False) -> Answer:
        """One or more passages in the guide's words, long ones trimmed to what was asked."""
        blocks = []
        for passage in passages:
            text = passage.text if full else compose.trim(passage.text, terms, self.tokenizer.stem)
            blocks.append(f"**{passage.title}**: {text}" if passage.title else text)
        sources = [compose.source_of(p) for p in passages]
        text = compose.with_footer("\n\n".join(blocks), sources)
        last = passages[-1]
        countries = tuple(p.title for p in passages if p.title in self.salary_countries)
        return Answer(text=text, abstained=False, sources=tuple(sources), route=Route.PASSAGE,
                      context=Context(route=Route.PASSAGE, countries=countries,
                                      section=last.section, items=context.items, passage=last.id,
                                      person=last.title if last.kind == PassageKind.PROFILE
                                      else context.person))

    def list_answer(self, passage: Passage, described: bool = False) -> Answer:
        """A whole list: its entries numbered, with descriptions when asked for more."""
        key = (passage.id, described)
        if key not in self.lists:
            self.lists[key] = self.compose_list(passage, described)
        return self.lists[key]

    def compose_list(self, passage: Passage, described: bool) -> Answer:
        """The text and context `list_answer` gives a list."""
        members = [self.by_id[i] for i in passage.items if i in self.by_id]
        intro = self.sections.introduction(passage)
        # Entries that name places (the demand section) already show them as their gist.
        flat = all(m.kind != PassageKind.LIST and m.id not in self.places_by_passage
                   for m in members)
        sources: list[Source] = [compose.source_of(passage)]
        room = MAX_ANSWER - len(compose.footer(sources))
        head = [f"**{passage.title}** ({len(members)}):"]
        if described and all(m.kind != PassageKind.LIST for m in members):
            lines = head + compose.described_lines(self.corpus, passage)
        else:
            titles = head + compose.list_lines(self.corpus, passage, self.places_by_passage)
            # Each entry's gist when the whole list still fits ("Python" is in the gist of
            # "Strong Programming Skills", not in its title); titles alone otherwise.
            # Entries naming places ("Australia: Sydney, Melbourne") have their first
            # sentence as gist, which names the places too ("Sydney and Melbourne have…").
            gists = head + (compose.gist_lines(self.corpus, passage) if flat
                            else compose.described_lines(self.corpus, passage)
                            if all(m.kind == PassageKind.ITEM for m in members) else titles[1:])
            lead = [intro.text] if intro is not None else []
            # The section's own introduction first, then as much of each entry as fits.
            choices = [lead + gists, lead + titles, gists, titles]
            lines = next(c for c in choices if len("\n".join(c)) <= room or c is titles)
        text = compose.with_footer("\n".join(lines), sources)
        return Answer(text=text, abstained=False, sources=tuple(sources), route=Route.LIST,
                      context=Context(route=Route.LIST, section=passage.section,
                                      items=passage.items, passage=passage.id))

    def with_overview(self, overview: Passage, listed: Answer) -> Answer:
        """The role's overview, then a list answer: the job described as a whole."""
        sources = (compose.source_of(overview), *listed.sources)
        body = listed.text.removesuffix(compose.footer(listed.sources))
        text = compose.with_footer(f"{overview.text}\n\n{body}", sources)
        return Answer(text=text, abstained=False, sources=sources, route=Route.LIST,
                      context=listed.context)

    def abstain(self, context: Context, reason: str) -> Answer:
        """The guide doesn't cover it; the conversation's context is kept for the next turn."""
        return Answer(text=self.not_covered, abstained=True, route=Route.ABSTAIN, context=context,
                      reason=reason)
