"""The conversation engine: a question and the conversation so far in, an Answer out.

Pure and synchronous: no I/O after construction, no Discord, no globals that change. The
fronts keep each conversation's `Context` and pass it back on the next turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from bot.engine import compose, replies
from bot.engine.answer import MAX_ANSWER, Answer, Context, Route, Source
from bot.engine.explain import Considered, Explanation, Weighed
from bot.engine.frequency import rarity, zipf
from bot.engine.references import resolve
from bot.engine.salaries import SalaryReport, Salaries
from bot.engine.steps import Steps
from bot.engine.understand import Query, Reader, clean_question
from corpus.passages import Passage, PassageKind
from corpus.store import Corpus, load_guide
from retrieval.index import Hit, Index
from retrieval.tokenize import Tokenizer, default_tokenizer

SEARCH_DEPTH = 10
# An unknown word at least this rare (Zipf ≤ 4.25: "visa", "sourdough", "Lyon", not "code",
# "expect", "comes") marks a topic the guide lacks on its own.
SIGNIFICANT = 0.5
# Rare enough to count as a content word the guide lacks (not "think", "really").
NOTICEABLE = 0.1
# A word this common in English (Zipf ≥ 5.8: "time", "world", "take") is weak evidence alone.
EVERYDAY = 5.8
# Below this share of known weight a question is about something the guide lacks: the middle
# of the plateau (0.3–0.55) where accuracy on the tune half of tests/eval/ml.yaml peaks; the
# test half checks it.
MIN_COVERAGE = 0.425


class Engine:
    """Answers questions over one guide's corpus."""

    def __init__(self, corpus: Corpus, tokenizer: Tokenizer | None = None) -> None:
        self.corpus = corpus
        self.tokenizer = (tokenizer or default_tokenizer()).keeping(list(corpus.place_names))
        self.index = Index(corpus.passages, self.tokenizer)
        self.reader = Reader(corpus, self.tokenizer, self.index.vocabulary)
        self.by_id = corpus.by_id
        self.places_by_passage: dict[str, list[str]] = {}
        for place in corpus.places:
            self.places_by_passage.setdefault(place.passage, []).append(place.name)
        # Every question is about the role, so its name says nothing about which passage.
        self.role_terms = frozenset(self.tokenizer.tokens(corpus.role))
        self.max_idf = max(self.index.idf(t) for t in self.index.vocabulary)
        self.salary_countries = frozenset(r.country for r in corpus.salaries)
        # Computed once here, not per question.
        self.place_terms = {name: frozenset(self.tokenizer.tokens(name))
                            for name in self.reader.place_names()}
        self.salaries = Salaries(corpus, self.reader)
        self.steps = Steps(corpus, self.index, self.tokenizer)
        self.weak_terms = {w: frozenset(self.tokenizer.tokens(w)) for w in self.reader.lex.weak_cues}
        self.title_terms = {p.id: frozenset(self.tokenizer.tokens(p.title or ""))
                            for p in corpus.passages}
        self.not_covered = replies.not_covered(corpus)
        # What a list is about: its title and section path, not its entries.
        self.cover = {p.id: set(self.tokenizer.tokens(f"{p.title or ''} {' '.join(p.path)}"))
                      for p in corpus.passages if p.kind == PassageKind.LIST}

    @classmethod
    def load(cls, guide: str | Path | None = None) -> "Engine":
        """An engine over a guide file (raw page or corpus YAML), the bundled one by default."""
        return cls(load_guide(guide))

    # -- the one public call -------------------------------------------------------------

    def answer(self, question: str, context: Context | None = None) -> Answer:
        """Answer one question, given what the conversation said before."""
        context = context or Context()
        text = clean_question(question if isinstance(question, str) else "")
        query = self.reader.read(text)
        resolved = resolve(text, context, bool(query.places))
        if resolved != text:
            query = self.reader.read(resolved)
        if not query.words:
            return Answer(text=replies.empty(self.corpus), abstained=True, route=Route.EMPTY,
                          context=context)
        if query.smalltalk:
            reply = replies.SMALLTALK[query.smalltalk](self.corpus)
            return Answer(text=reply, abstained=False, route=Route.SMALLTALK, context=context)
        if query.off_topic:
            return self.abstain(context, f"about{query.off_topic.rstrip()}, which the guide "
                                         "does not cover")
        topic = self.topic_terms(query)
        query, topic = self.without_weak_cues(query, topic)
        step = None if query.salary or query.places else self.steps.neighbour(
            query.words, topic, not self.role_terms.isdisjoint(query.terms), context.passage)
        if step is not None:
            return self.passage_answer([self.by_id[step]], (), context, full=True)
        if self.significant(query) and not topic and not query.places:
            return self.abstain(context, "no guide word beside the unknown ones")
        if query.unknown and self.coverage(query, topic) < MIN_COVERAGE:
            return self.abstain(context, f"coverage below {MIN_COVERAGE}")
        if query.places and not topic and query.unknown and not (query.salary or query.amount):
            # A place is not a topic: "the weather in Paris", "visa for Canada".
            return self.abstain(context, "a place and words the guide lacks, nothing it covers")
        followed = self.follow_up(query, topic, context)
        if followed is not None:
            return followed
        salary = self.is_salary(query, topic, context)
        if query.foreign and not (query.countries or query.regions):
            reply = replies.no_figure(self.corpus, query.foreign, salary)
            return Answer(text=reply, abstained=True, route=Route.ABSTAIN, context=context)
        if salary and query.other_role:
            reply = replies.other_role(self.corpus, query.other_role)
            return Answer(text=reply, abstained=True, route=Route.ABSTAIN, context=context,
                          reason=f"pay for another role: {query.other_role}")
        if salary:
            if not query.places and self.significant(query):
                # pay somewhere the guide cannot place: "Tokyo"
                return self.abstain(context, "pay asked with an unknown word and no place")
            countries = () if query.places or context.route == Route.SALARY else context.countries
            return (self.salaries.answer(query, countries)
                    or self.abstain(context, "the guide has no salary table"))
        return self.retrieve(query, topic, context)

    def explain(self, question: str, context: Context | None = None) -> Explanation:
        """The answer to `question` with what the engine read, weighed and searched for it."""
        answer = self.answer(question, context)
        query = self.reader.read(clean_question(question if isinstance(question, str) else ""))
        topic = self.topic_terms(query)
        terms = topic + tuple(t for t in self.index.informative(query.terms) if t not in topic)
        considered = tuple(
            Considered(passage=h.passage.id, section=h.passage.section, title=h.passage.title,
                       score=h.score, matched=h.matched)
            for h in self.index.search(terms, 5)) if terms else ()
        return Explanation.of(
            question=question, answer=answer,
            terms=tuple(Weighed(word=t, weight=self.index.idf(t)) for t in terms),
            unknown=tuple(Weighed(word=w, weight=rarity(w) * self.max_idf)
                          for w in query.unknown),
            places=query.places,
            coverage=self.coverage(query, topic) if query.unknown else None,
            considered=considered)

    def salary(self, places: Sequence[str] = ()) -> SalaryReport:
        """What the guide says about pay in these places (countries, cities, regions); all
        rows when none is given. Names it lacks come back as `missing` with the closest."""
        return self.salaries.report(places)

    def salary_places(self) -> tuple[str, ...]:
        """Every place name `salary` answers for, in the guide's order (for autocomplete)."""
        return self.salaries.places()

    # -- understanding -------------------------------------------------------------------

    def topic_terms(self, query: Query) -> tuple[str, ...]:
        """Informative terms that name neither a place nor the role: what the question is about."""
        skip = self.role_terms | self.place_words(query)
        return tuple(t for t in self.index.informative(query.terms) if t not in skip)

    def incidental(self, query: Query, explained: set[str], passage: Passage) -> bool:
        """True when every matched term is an everyday English word ("time", "world") that
        the passage's title and section do not name: a guide word in another sense."""
        surface = {self.tokenizer.stem(w): w for w in query.analysis.expanded}
        named = self.title_terms[passage.id] | set(self.tokenizer.tokens(passage.section))
        return all(zipf(surface.get(t, t)) >= EVERYDAY and t not in named for t in explained)

    def place_words(self, query: Query) -> frozenset[str]:
        """The terms of the places a question names."""
        return frozenset().union(*(self.place_terms[p] for p in query.places))

    def coverage(self, query: Query, topic: tuple[str, ...]) -> float:
        """The share of the question's weight the guide knows: each topic term weighs its
        idf, each unknown word up to the rarest guide word's, by how rare it is in English."""
        known = sum(self.index.idf(t) for t in dict.fromkeys(topic))
        known += len(query.places) * self.max_idf   # a place the guide names is as specific
        unknown = sum(rarity(w) for w in query.unknown) * self.max_idf
        return known / (known + unknown) if known + unknown else 0.0

    def without_weak_cues(self, query: Query,
                          topic: tuple[str, ...]) -> tuple[Query, tuple[str, ...]]:
        """Without a weak cue's terms ("become") when the question names another topic,
        unless that topic is a career step ("become an AI engineer")."""
        cued = frozenset().union(*(self.weak_terms[w] for w in query.words
                                   if w in self.weak_terms))
        rest = tuple(t for t in topic if t not in cued)
        if not cued or not rest or self.steps.step_titled(rest) is not None:
            return query, topic
        return replace(query, terms=tuple(t for t in query.terms if t not in cued)), rest

    def significant(self, query: Query) -> tuple[str, ...]:
        """The unknown words specific enough to say the question is about something else."""
        return tuple(w for w in query.unknown if rarity(w) >= SIGNIFICANT)

    def is_salary(self, query: Query, topic: tuple[str, ...], context: Context) -> bool:
        """Pay words, "how much" with a place, or bare places after a salary answer."""
        if query.salary:
            return True
        has_place = bool(query.places)
        if query.amount and (has_place or context.route == Route.SALARY or not topic):
            return True   # "how much do they make?": nothing but "how much" and the role
        return has_place and not topic and context.route in (None, Route.SALARY)

    # -- follow-ups ----------------------------------------------------------------------

    def follow_up(self, query: Query, topic: tuple[str, ...], context: Context) -> Answer | None:
        """Resolve "the second one", "tell me more", "which of those…", "and in Canada?"."""
        items = context.items
        if query.ordinal is not None and not topic and items:
            return self.open_item(items, query.ordinal, context)
        if query.ordinal is not None and topic:
            listed = self.covering_list(self.index.search(topic, SEARCH_DEPTH), topic)
            if listed is not None:
                return self.open_item(listed.items, query.ordinal, context)
        if query.more and not topic and not query.places:
            if context.route == Route.LIST and context.passage in self.by_id:
                return self.list_answer(self.by_id[context.passage], described=True)
            if context.passage in self.by_id:
                return self.passage_answer([self.by_id[context.passage]], (), context, full=True)
        if query.back_reference and topic and items:
            allowed = set(items)
            hits = self.index.search(topic, SEARCH_DEPTH, where=lambda p: p.id in allowed)
            if hits:
                return self.passage_answer([hits[0].passage], topic, context)
        if (query.countries and not topic and context.section
                and context.route in (Route.PASSAGE, Route.LIST)):
            top = context.section.split(" › ")[0]
            same = [p for p in self.corpus.passages if p.kind == PassageKind.ITEM
                    and p.path[0] == top and p.title in query.countries]
            if same:
                return self.passage_answer(same, (), context)
        return None

    def open_item(self, items: tuple[str, ...], ordinal: int, context: Context) -> Answer:
        """The n-th entry of a list, in full (−1 is the last)."""
        index = ordinal - 1 if ordinal > 0 else len(items) + ordinal
        if not 0 <= index < len(items) or items[index] not in self.by_id:
            reply = f"The list had {len(items)} entries; pick a number from 1 to {len(items)}."
            return Answer(text=reply, abstained=True, route=Route.ABSTAIN, context=context)
        chosen = self.by_id[items[index]]
        if chosen.kind == PassageKind.LIST:
            return self.list_answer(chosen)
        answer = self.passage_answer([chosen], (), context, full=True)
        return Answer(text=answer.text, abstained=False, sources=answer.sources, route=Route.PASSAGE,
                      context=Context(route=Route.PASSAGE, section=chosen.section, items=items,
                                      passage=chosen.id))

    # -- retrieval -----------------------------------------------------------------------

    def covering_list(self, hits: list[Hit], topic: tuple[str, ...]) -> Passage | None:
        """The list whose title and section name every topic term.

        Among several, the one whose own title names the most terms, then the deepest
        ("responsibilities" is the Responsibilities list, not its parent section).
        """
        wanted = set(topic)
        covering = [h.passage for h in hits
                    if h.passage.kind == PassageKind.LIST and wanted <= self.cover[h.passage.id]]
        if not covering:
            return None

        def rank(p: Passage) -> tuple[int, int]:
            return (len(wanted & self.title_terms[p.id]), len(p.path))
        return max(covering, key=rank)

    def scoped(self, hits: list[Hit], topic: tuple[str, ...]) -> Hit | None:
        """The best entry inside a section the question names ("book about X" → Books).

        A list whose title or section covers some topic terms scopes the search to its
        entries; the entry must also match a term the section name does not.
        """
        best: Hit | None = None
        for hit in hits:
            if hit.passage.kind != PassageKind.LIST:
                continue
            cover = self.cover[hit.passage.id] & set(topic)
            if not cover or cover == set(topic):
                continue
            inside = set(self.all_items(hit.passage))
            found = self.index.search(topic, SEARCH_DEPTH, where=lambda p: p.id in inside)
            # An entry whose title names the rest of the question beats one whose text
            # merely uses its words ("who wrote hands-on machine learning").
            rest = set(topic) - cover
            found.sort(key=lambda h: -len(rest & self.title_terms[h.passage.id]))
            if not found or not set(found[0].matched) - cover:
                continue
            # It must explain at least as much of the question as the best hit overall.
            if len(set(found[0].matched) | cover) < len(set(hits[0].matched)):
                continue
            if best is None or found[0].score > best.score:
                best = found[0]
        return best

    def same_country(self, top: Hit, query: Query, context: Context) -> Hit:
        """A country's entry for the country the talk is about: "what industries?" after
        an answer about Canada's jobs stays in Canada, not in whichever country matched."""
        country = top.passage.title
        if query.places or not context.countries or country not in self.salary_countries \
                or country in context.countries:
            return top
        section = top.passage.section
        wanted = {p.id for p in self.corpus.passages
                  if p.title in context.countries and p.section.split(" › ")[0]
                  == section.split(" › ")[0]}
        found = self.index.search(top.matched, 1, where=lambda p: p.id in wanted)
        if found:
            return found[0]
        # The country's own entry, even if it lacks the word: better than another country's.
        own = next((p for p in self.corpus.passages if p.id in wanted), None)
        return Hit(passage=own, score=0.0, matched=()) if own is not None else top

    def list_in(self, section: str | None) -> Passage | None:
        """The list of the top-level section a conversation is in."""
        if not section:
            return None
        top = section.split(" › ")[0]
        return next((p for p in self.corpus.passages
                     if p.kind == PassageKind.LIST and p.path[0] == top), None)

    def all_items(self, passage: Passage) -> list[str]:
        """The ids of a list's entries, through any sub-lists."""
        out: list[str] = []
        for pid in passage.items:
            member = self.by_id.get(pid)
            if member is not None and member.kind == PassageKind.LIST:
                out += self.all_items(member)
            else:
                out.append(pid)
        return out

    def retrieve(self, query: Query, topic: tuple[str, ...], context: Context) -> Answer:
        """BM25 over passages: a whole list when the question names one, else the best passage."""
        terms = topic + tuple(t for t in self.index.informative(query.terms) if t not in topic)
        overview = self.corpus.passages[0]
        if (not topic and not query.places and not query.unknown
                and overview.kind == PassageKind.PARAGRAPH
                and any(t in self.index.vocabulary for t in query.terms)):
            # Only the role's name or words found all over the guide: the role itself.
            return self.passage_answer([overview], (), context)
        hits = self.index.search(terms, SEARCH_DEPTH)
        if not hits:
            return self.abstain(context, "no passage matched")
        # A named country wants its own entry, not the list it sits in.
        listed = self.covering_list(hits, topic) if topic and not query.countries else None
        if listed is None and query.count:
            listed = self.list_in(context.section)   # "how many are there?" after a list
        if listed is not None:
            return self.list_answer(listed)
        if query.person:
            people = [h for h in hits if h.passage.kind == PassageKind.PROFILE]
            hits = people or hits
        top = self.scoped(hits, topic) or hits[0]
        top = self.same_country(top, query, context)
        title_terms = self.title_terms[top.passage.id]
        # Only the name matched and the rest of the question did not: an attribute the guide
        # lacks ("How old is Andrew Ng?", "How long is the AWS exam?"). For a person any
        # other word counts; for an entry, only words the guide never uses.
        person = top.passage.kind == PassageKind.PROFILE
        unmatched = set(topic) - set(top.matched) if person else set()
        lacking = query.unknown if person else self.significant(query)
        explained = set(top.matched) & set(topic)
        lacking_words = [w for w in query.unknown if rarity(w) >= NOTICEABLE]
        if sum(rarity(w) for w in lacking_words) * self.max_idf > sum(
                self.index.idf(t) for t in explained):
            # More of the question is missing from the guide than the passage explains.
            return self.abstain(context, "the passage explains less of the question than "
                                         "the words the guide lacks")
        if explained and not query.places and self.incidental(query, explained, top.passage):
            return self.abstain(context, "only everyday words matched, in another sense")
        if query.unknown and set(top.matched) <= self.place_words(query) | self.role_terms:
            # Only the place matched: "a good pizza place in Amsterdam".
            return self.abstain(context, "only a place matched, beside words the guide lacks")
        if (top.passage.kind != PassageKind.LIST and (lacking or unmatched)
                and set(top.matched) <= title_terms | self.role_terms):
            return self.abstain(context, "only the entry's name matched: an attribute the "
                                         "guide lacks")
        best = [top.passage]
        if len(query.countries) > 1:  # one passage per country named, from the best section
            section = best[0].path[0]
            best = [p for c in query.countries for p in self.corpus.passages
                    if p.title == c and p.path[0] == section] or best
        if best[0].kind == PassageKind.LIST:
            return self.list_answer(best[0])
        return self.passage_answer(best, terms, context)

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
        members = [self.by_id[i] for i in passage.items if i in self.by_id]
        intro = next((p for p in self.corpus.passages if p.kind == PassageKind.PARAGRAPH
                      and p.path == passage.path and len(p.text) < 400), None)
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
            gists = head + compose.gist_lines(self.corpus, passage) if flat else titles
            lead = [intro.text] if intro is not None else []
            # The section's own introduction first, then as much of each entry as fits.
            choices = [lead + gists, lead + titles, gists, titles]
            lines = next(c for c in choices if len("\n".join(c)) <= room or c is titles)
        text = compose.with_footer("\n".join(lines), sources)
        return Answer(text=text, abstained=False, sources=tuple(sources), route=Route.LIST,
                      context=Context(route=Route.LIST, section=passage.section,
                                      items=passage.items, passage=passage.id))

    def abstain(self, context: Context, reason: str) -> Answer:
        """The guide doesn't cover it; the conversation's context is kept for the next turn."""
        return Answer(text=self.not_covered, abstained=True, route=Route.ABSTAIN, context=context,
                      reason=reason)
