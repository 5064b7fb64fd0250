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
from bot.engine.evidence import INCIDENTAL, MIN_COVERAGE, Evidence
from bot.engine.explain import Considered, Explanation, Weighed
from bot.engine.query import Query
from bot.engine.references import pronoun_of, resolve
from bot.engine.salaries import SalaryReport, Salaries
from bot.engine.sections import SEARCH_DEPTH, Sections
from bot.engine.sentences import clean_question, last_question, parts_of
from bot.engine.steps import Steps
from bot.engine.understand import Reader
from corpus.passages import Passage, PassageKind
from corpus.store import Corpus, load_guide
from retrieval.index import Hit, Index
from retrieval.tokenize import Tokenizer, default_tokenizer

# Plurals that ask for several entries whatever the section is called.
ENTRY_WORDS = frozenset({"countries", "cities", "ones", "options", "sites", "places",
                         "resources", "platforms", "entries", "items"})


# Words that join several things asked about ("coursera or udacity").
JOINED = frozenset({"or", "and", "vs", "versus", "between", "both", "each", "compare"})
# More entries named than this is a list, not a comparison.
MAX_NAMED = 3
# Words that widen a follow-up beyond the countries the talk is about.
WIDER = frozenset({"countries", "other", "others", "all", "every", "each", "everywhere",
                   "elsewhere", "world", "worldwide", "global", "globally"})


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
        self.salary_countries = frozenset(r.country for r in corpus.salaries)
        self.salaries = Salaries(corpus, self.reader)
        self.steps = Steps(corpus, self.index, self.tokenizer)
        self.evidence = Evidence(corpus, self.index, self.tokenizer, self.steps,
                                 self.reader.place_names(), self.reader.lex.weak_cues,
                                 self.reader.lex.attributes, self.reader.lex.stated_facts)
        self.sections = Sections(corpus, self.index, self.tokenizer, self.evidence.title_terms)
        self.not_covered = replies.not_covered(corpus)
        # "he" / "she" of each featured person, as their profile writes it.
        self.pronouns = {p.title: pronoun for p in corpus.passages
                         if p.kind == PassageKind.PROFILE and p.title
                         and (pronoun := pronoun_of(p.text)) is not None}
        # A list's answer depends on the list alone: composed on first use, then reused.
        self.lists: dict[tuple[str, bool], Answer] = {}
        self.people_names = frozenset().union(*(self.evidence.title_terms[p.id]
                                                for p in corpus.passages
                                                if p.kind == PassageKind.PROFILE))

    @classmethod
    def load(cls, guide: str | Path | None = None) -> "Engine":
        """An engine over a guide file (raw page or corpus YAML), the bundled one by default."""
        return cls(load_guide(guide))

    # -- the one public call -------------------------------------------------------------

    def answer(self, question: str, context: Context | None = None) -> Answer:
        """Answer one question, given what the conversation said before."""
        context = context or Context()
        text = clean_question(question if isinstance(question, str) else "")
        both = self.two_parts(text, context)
        if both is not None:
            return both
        asked = last_question(text)
        if asked is not None:
            # "im 25 and work in marketing… what does an ML engineer do?": the background
            # says who asks, the last sentence what; a person the background names is who
            # "him" in the question means.
            alone = self.answer_text(asked, self.background(text, context))
            if not alone.abstained and alone.route not in (Route.SMALLTALK, Route.EMPTY):
                return alone
        return self.answer_text(text, context)

    def background(self, text: str, context: Context) -> Context:
        """The context with what a message's background names: the one featured person
        ("him" in its question) and the countries ("here" in its question)."""
        query = self.reader.read(text)
        named = [p for p in self.pronouns if self.evidence.title_terms_of(p) <= set(query.terms)]
        if len(named) == 1:
            context = replace(context, person=named[0])
        return replace(context, countries=query.countries) if query.countries else context

    def two_parts(self, text: str, context: Context) -> Answer | None:
        """Both answers to a question that asks two things, each in its own words; None
        when it asks one, or one thing the guide answers from a single place."""
        parts = parts_of(text)
        if not parts or not all(self.names_something(p) for p in parts):
            return None
        first, second = (self.answer_text(p, context) for p in parts)
        if first.abstained and second.abstained:
            return None
        if first.abstained or second.abstained:
            found = second if first.abstained else first
            note = f"_The guide doesn't cover the {'first' if first.abstained else 'second'} " \
                   "part of the question._"
            return replace(found, text=compose.fit(f"{found.text}\n\n{note}"))
        if set(first.sources) == set(second.sources):
            return None   # one place answers both: the whole question reads better
        sources = tuple(dict.fromkeys(first.sources + second.sources))
        bodies = [a.text.removesuffix(compose.footer(a.sources)) for a in (first, second)]
        return replace(second, text=compose.with_footer("\n\n".join(bodies), sources),
                       sources=sources)

    def names_something(self, text: str) -> bool:
        """True when a part of a question names a subject of its own, covered or not (a
        place alone, "in euros please", only narrows the other part)."""
        query = self.reader.read(text)
        return bool(self.evidence.topic_terms(query) or query.off_topic
                    or self.evidence.significant(query))

    def answer_text(self, text: str, context: Context) -> Answer:
        """Answer one cleaned question."""
        query = self.reader.read(text)
        last = self.by_id.get(context.passage or "")
        thing = last.title if last is not None and last.kind == PassageKind.ITEM \
            and context.route == Route.PASSAGE else None
        resolved = resolve(text, context, bool(query.places), thing, self.pronouns)
        if resolved != text:
            query = self.reader.read(resolved)
        if not query.words:
            return Answer(text=replies.empty(self.corpus), abstained=True, route=Route.EMPTY,
                          context=context)
        if query.smalltalk:
            reply = replies.SMALLTALK[query.smalltalk](self.corpus)
            return Answer(text=reply, abstained=False, route=Route.SMALLTALK, context=context)
        if query.tutorial:
            return self.abstain(context, "a how-to for a technique: the guide only names it")
        if query.exchange:
            return self.abstain(context, "an exchange rate, not pay")
        if query.off_topic:
            return self.abstain(context, f"about{query.off_topic.rstrip()}, which the guide "
                                         "does not cover")
        topic = self.evidence.topic_terms(query)
        query, topic = self.evidence.without_weak_cues(query, topic)
        steps = () if query.salary or query.places else self.steps.neighbours(
            query.words, topic, not self.evidence.role_terms.isdisjoint(query.terms), context.passage)
        if steps:   # the path stays the list "the last one" picks from
            return self.passage_answer([self.by_id[s] for s in steps], (),
                                       replace(context, items=self.steps.items), full=True)
        if (not topic and not query.places and context.section and query.unknown
                and not WIDER.isdisjoint(query.words) and not ENTRY_WORDS.isdisjoint(query.words)):
            if context.route == Route.SALARY:   # "and the other countries?": every figure
                table = self.salaries.answer(query, ())
                if table is not None:
                    return table
            listed = self.sections.whole_list(context.section)
            if listed is not None:
                return self.list_answer(listed)
        if self.evidence.significant(query) and not topic and not query.places:
            return self.abstain(context, "no guide word beside the unknown ones")
        if self.evidence.noticeable(query) and self.evidence.coverage(query, topic) < MIN_COVERAGE:
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
            if not query.places and self.evidence.significant(query):
                # pay somewhere the guide cannot place: "Tokyo"
                return self.abstain(context, "pay asked with an unknown word and no place")
            countries = () if query.places or context.route == Route.SALARY else context.countries
            if query.periods and not query.places:   # "per month?" after Australia's pay
                countries = context.countries
            if (query.extreme is not None and not query.places and context.route == Route.SALARY
                    and context.earlier):
                # "and in France?" … "which is higher?": the countries asked in turn, ranked.
                query = replace(query, countries=tuple(dict.fromkeys(
                    context.earlier + context.countries)))
            if (query.currency and not query.convert_to and context.route == Route.SALARY
                    and context.countries):
                # "how much is that in US dollars?": the same countries, converted.
                query = replace(query, countries=(), convert_to=query.currency)
                countries = context.countries
            paid = self.salaries.answer(query, countries)
            if paid is None:
                return self.abstain(context, "the guide has no salary table")
            if context.route == Route.SALARY and paid.context.countries != context.countries:
                paid = replace(paid, context=replace(paid.context, earlier=context.countries))
            return paid
        return self.retrieve(query, topic, context)

    def explain(self, question: str, context: Context | None = None) -> Explanation:
        """The answer to `question` with what the engine read, weighed and searched for it."""
        answer = self.answer(question, context)
        query = self.reader.read(clean_question(question if isinstance(question, str) else ""))
        topic = self.evidence.topic_terms(query)
        terms = topic + tuple(t for t in self.index.informative(query.terms) if t not in topic)
        considered = tuple(
            Considered(passage=h.passage.id, section=h.passage.section, title=h.passage.title,
                       score=h.score, matched=h.matched)
            for h in self.index.search(terms, 5)) if terms else ()
        return Explanation.of(
            question=question, answer=answer,
            terms=tuple(Weighed(word=t, weight=self.index.idf(t)) for t in terms),
            unknown=tuple(Weighed(word=w, weight=self.evidence.rarity(query, w)
                                  * self.evidence.max_idf)
                          for w in query.unknown),
            places=query.places,
            coverage=self.evidence.coverage(query, topic) if query.unknown else None,
            considered=considered)

    def salary(self, places: Sequence[str] = ()) -> SalaryReport:
        """What the guide says about pay in these places (countries, cities, regions); all
        rows when none is given. Names it lacks come back as `missing` with the closest."""
        return self.salaries.report(places)

    def salary_places(self) -> tuple[str, ...]:
        """Every place name `salary` answers for, in the guide's order (for autocomplete)."""
        return self.salaries.places()

    # -- understanding -------------------------------------------------------------------

    def about_people_and_their_books(self, query: Query, topic: tuple[str, ...]) -> bool:
        """A question joining the featured people and the books, naming neither one."""
        if "book" not in topic:
            return False
        people = "notabl" in topic or not {"person", "people", "persons"}.isdisjoint(query.words)
        return people and self.people_names.isdisjoint(query.terms)

    def plural(self, query: Query, top: Passage) -> bool:
        """True when the question asks for several entries of the best one's kind: a plural
        of its section's name or of a general word for entries ("which countries", "sites"),
        not any plural ("do they train the models")."""
        section = self.evidence.section_terms[top.id]
        # "certs" is written for "certifications": the alias's terms name the section.
        return any(len(w) > 3 and w.endswith("s") and not w.endswith("ss")
                   and (w in ENTRY_WORDS or self.tokenizer.stem(w) in section
                        or not section.isdisjoint(self.tokenizer.terms_of(w)))
                   for w in query.words)

    def is_salary(self, query: Query, topic: tuple[str, ...], context: Context) -> bool:
        """Pay words, "how much" with a place, or bare places after a salary answer."""
        if query.salary:
            return True
        if (query.extreme is not None or query.periods) and not topic \
                and context.route == Route.SALARY:
            return True   # "which is higher?", "monthly or yearly?" after pay answers
        has_place = bool(query.places)
        if query.amount and (has_place or context.route == Route.SALARY or not topic):
            return True   # "how much do they make?": nothing but "how much" and the role
        # A city the guide names is one of its job hubs: bare, it asks about the jobs there
        # ("is cambridge any good?"), unless the talk is already about pay.
        if query.cities and context.route != Route.SALARY:
            return not self.reader.lex.pay_verbs.isdisjoint(query.words)
        return has_place and not topic and context.route in (None, Route.SALARY)

    # -- follow-ups ----------------------------------------------------------------------

    def follow_up(self, query: Query, topic: tuple[str, ...], context: Context) -> Answer | None:
        """Resolve "the second one", "tell me more", "which of those…", "and in Canada?"."""
        items = context.items
        if query.ordinal is not None and not topic and items:
            return self.open_item(items, query.ordinal, context)
        if query.ordinal is not None and topic:
            listed = self.sections.covering_list(self.index.search(topic, SEARCH_DEPTH), topic)
            if listed is not None:
                return self.open_item(listed.items, query.ordinal, context)
            if items:   # "the 2nd one, how does that help?": the last list's entry
                return self.open_item(items, query.ordinal, context)
        if "other" in query.words and not topic and not query.places and context.passage:
            pair = self.sections.siblings(context.passage)
            if len(pair) == 1:   # "and the other person?" in a section of two
                return self.passage_answer([pair[0]], (), context, full=True)
        if query.more and not topic and not query.places:
            if context.route == Route.LIST and context.passage in self.by_id:
                return self.list_answer(self.by_id[context.passage], described=True)
            if context.passage in self.by_id:
                return self.passage_answer([self.by_id[context.passage]], (), context, full=True)
        if query.back_reference and topic and items:
            allowed = set(items)
            hits = self.index.search(topic, SEARCH_DEPTH, where=lambda p: p.id in allowed)
            # An entry whose title names the words beats one whose text uses them ("the
            # hands-on one" is the book called Hands-On, not one offering hands-on practice).
            titled = self.evidence.title_terms
            hits.sort(key=lambda h: -len(set(topic) & titled[h.passage.id]))
            if hits:   # "how much does the AWS one cost": that entry, if it says so
                objection = self.evidence.objection(query, topic, hits[0])
                if objection is not None:
                    return self.abstain(context, objection)
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
                      context=replace(answer.context, items=items))

    # -- retrieval -----------------------------------------------------------------------

    def retrieve(self, query: Query, topic: tuple[str, ...], context: Context) -> Answer:
        """BM25 over passages: a whole list when the question names one, else the best passage."""
        terms = topic + tuple(t for t in self.index.informative(query.terms) if t not in topic)
        overview = self.corpus.passages[0]
        if (not topic and not query.places and not self.evidence.noticeable(query)
                and overview.kind == PassageKind.PARAGRAPH
                and any(t in self.index.vocabulary for t in query.terms)):
            # Only the role's name or words found all over the guide: the role itself,
            # unless a fact it never states is asked ("how many hours a week do they work").
            if self.evidence.unstated(query, overview.text):
                return self.abstain(context, "a fact the guide does not state")
            return self.passage_answer([overview], (), context)
        if (query.purpose and not query.places and overview.kind == PassageKind.PARAGRAPH
                and self.evidence.only_everyday(query, topic)):
            # "the point of an ML engineer on a team": what the role is for.
            return self.passage_answer([overview], (), context)
        if self.about_people_and_their_books(query, topic):
            written = self.sections.written_by_people()
            if written:   # "which featured person also wrote a book?"
                return self.passage_answer(written, (), context)
        hits = self.index.search(terms, SEARCH_DEPTH)
        if not hits:
            return self.abstain(context, "no passage matched")
        named = self.sections.named_entries(topic)
        if 1 < len(named) <= MAX_NAMED and not query.person \
                and not JOINED.isdisjoint(query.words):
            # "coursera or udacity?", "the aws and the google cert": each one asked about.
            if self.evidence.unstated(query, " ".join(p.text for p in named)):
                return self.abstain(context, "an attribute none of the entries states")
            return self.passage_answer(named, terms, context)
        # A named country wants its own entry, not the list it sits in.
        listed = self.sections.covering_list(hits, topic) if topic and not query.countries else None
        if listed is not None and query.regions:
            listed = self.sections.region_list(listed, query.regions)   # "jobs in asia pacific"
        if listed is None and query.count:
            listed = self.sections.list_in(context.section)   # "how many are there?" after a list
        if listed is not None and not query.places and WIDER.isdisjoint(query.words):
            # "demand?" after Singapore's pay: Singapore's entry of the list, not all of it.
            own = self.sections.entries_of(listed, context.countries)
            if own:
                return self.passage_answer(own, terms, context)
        if listed is not None:
            if self.evidence.unstated(query, self.sections.text_of(listed)):
                return self.abstain(context, "an attribute none of the entries states")
            return self.list_answer(listed)
        if query.person:
            # "who wrote X" / "who teaches on Coursera": a person only when a profile explains
            # the question as well as the best passage does.
            people = [h for h in hits if h.passage.kind == PassageKind.PROFILE
                      and set(h.matched) >= set(hits[0].matched) & set(topic)]
            hits = people or hits
        top = self.sections.scoped(hits, topic) or self.sections.specific(hits, topic, self.index)
        top = self.sections.same_country(top, query, context)
        objection = self.evidence.objection(query, topic, top)
        if objection == INCIDENTAL:
            # An everyday word in another sense ("take" courses): search on the rest.
            rest = self.evidence.without_incidental(query, topic, top)
            if rest and rest != topic:
                return self.retrieve(replace(query, terms=rest), rest, context)
        if objection is not None:
            return self.abstain(context, objection)
        best = [top.passage]
        if self.plural(query, top.passage):   # "which countries mention healthcare?": every one that does
            best += self.sections.alike(top, hits, topic)
            if (len(best) == 1 and not query.places and top.passage.kind == PassageKind.ITEM
                    and self.people_names.isdisjoint(top.matched)):
                # "cloud certs for ml", "which cities are ML hubs": several asked for, one
                # entry says so in words; the list they all sit in answers.
                listed = self.sections.list_of(top.passage)
                if listed is not None:
                    return self.list_answer(listed)
        # The countries named (or, with none, the ones the talk is about), each its own
        # entry of the best section: "which sectors hire in France" is France's entry even
        # when Australia's uses the word; "demand?" after Singapore's pay is Singapore's.
        own = self.sections.entries_of(best[0], query.countries
                                       or (() if query.places else context.countries))
        best = own or best
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

    def abstain(self, context: Context, reason: str) -> Answer:
        """The guide doesn't cover it; the conversation's context is kept for the next turn."""
        return Answer(text=self.not_covered, abstained=True, route=Route.ABSTAIN, context=context,
                      reason=reason)
