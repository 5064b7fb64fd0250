"""The conversation engine: a question and the conversation so far in, an Answer out.

Pure and synchronous: no I/O after construction, no Discord, no globals that change. The
fronts keep each conversation's `Context` and pass it back on the next turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from bot.engine import compose, replies
from bot.engine.answer import Answer, Context, Route
from bot.engine.composer import Composer
from bot.engine.evidence import MIN_COVERAGE, Evidence
from bot.engine.explain import Considered, Explanation, Weighed
from bot.engine.followups import FollowUps
from bot.engine.gazetteer import with_article
from bot.engine.intent import Intent
from bot.engine.references import pronoun_of, resolve
from bot.engine.retriever import Retriever
from bot.engine.salaries import SalaryReport, Salaries
from bot.engine.sections import Sections
from bot.engine.sentences import (clean_question, last_question, leans_back, new_subject,
                                  parts_of)
from bot.engine.steps import Steps
from bot.engine.understand import Reader
from corpus.passages import PassageKind
from corpus.store import Corpus, load_guide
from retrieval.index import Index
from retrieval.tokenize import Tokenizer, default_tokenizer


# Words that make a "what can you cover?" question about the bot itself.
BOT_WORDS = frozenset({"you", "u", "ya", "bot", "guidebot", "help", "commands", "command"})


class Engine:
    """Answers questions over one guide's corpus."""

    def __init__(self, corpus: Corpus, tokenizer: Tokenizer | None = None) -> None:
        self.corpus = corpus
        self.tokenizer = (tokenizer or default_tokenizer()).keeping(list(corpus.place_names))
        self.index = Index(corpus.passages, self.tokenizer)
        self.reader = Reader(corpus, self.tokenizer, self.index.vocabulary)
        self.by_id = corpus.by_id
        self.salaries = Salaries(corpus, self.reader)
        self.steps = Steps(corpus, self.index, self.tokenizer)
        self.evidence = Evidence(corpus, self.index, self.tokenizer, self.steps,
                                 self.reader.place_names(), self.reader.lex.weak_cues,
                                 self.reader.lex.attributes, self.reader.lex.stated_facts)
        self.intent = Intent(self.tokenizer, self.index, self.evidence.role_terms,
                             self.reader.lex.pay_verbs)
        self.sections = Sections(corpus, self.index, self.tokenizer, self.evidence.title_terms)
        self.composer = Composer(corpus, self.tokenizer, self.sections)
        self.follow_ups = FollowUps(corpus, self.index, self.evidence, self.sections,
                                    self.salaries, self.composer)
        self.retriever = Retriever(corpus, self.index, self.tokenizer, self.evidence,
                                   self.sections, self.composer)
        # "he" / "she" of each featured person, as their profile writes it.
        self.pronouns = {p.title: pronoun for p in corpus.passages
                         if p.kind == PassageKind.PROFILE and p.title
                         and (pronoun := pronoun_of(p.text)) is not None}

    @classmethod
    def load(cls, guide: str | Path | None = None) -> "Engine":
        """An engine over a guide file (raw page or corpus YAML), the bundled one by default."""
        return cls(load_guide(guide))

    # -- the one public call -------------------------------------------------------------

    def answer(self, question: str, context: Context | None = None) -> Answer:
        """Answer one question, given what the conversation said before."""
        context = context or Context()
        text = clean_question(question if isinstance(question, str) else "")
        fresh = new_subject(text)
        if fresh is not None:   # "ok diff topic - …": the talk so far no longer applies
            text, context = fresh, Context()
        both = self.two_parts(text, context)
        if both is not None:
            return both
        asked = last_question(text)
        whole: Answer | None = None
        if asked is not None and leans_back(asked):
            # "…. does that count?": the question is the whole message, unless the whole
            # says nothing the guide covers.
            whole = self.answer_text(text, context)
            if not whole.abstained:
                return whole
        if asked is not None:
            # "im 25 and work in marketing… what does an ML engineer do?": the background
            # says who asks, the last sentence what; a person the background names is who
            # "him" in the question means.
            alone = self.answer_text(asked, self.background(text, context))
            listed = self.by_id.get(alone.context.passage or "")
            if alone.route == Route.LIST and listed is not None \
                    and not self.retriever.plural(self.reader.read(asked), listed):
                # "I work with Azure… is there any certification for me?": the entry of the
                # list that the background names, unless several are asked for ("skills").
                named = self.sections.named_among(self.reader.read(text).terms,
                                                  alone.context.items)
                if len(named) == 1:
                    return self.composer.passage_answer(named, (), alone.context)
            whole_query = self.reader.read(text) if alone.route == Route.SALARY else None
            if whole_query is not None and self.intent.paid_elsewhere(
                    whole_query, self.evidence.topic_terms(whole_query), context):
                # "a note by the books about a commission. who does the money support?": a
                # pay word whose topic is in the background.
                return self.answer_text(text, context)
            if not alone.abstained and alone.route not in (Route.SMALLTALK, Route.EMPTY):
                return alone
        return whole or self.answer_text(text, context)

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
        first = self.answer_text(parts[0], context)
        # "sydney salary + which industries hire there": the second part's "there" is the first's.
        second = self.answer_text(parts[1], context if first.abstained else first.context)
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
        if query.smalltalk == "help" and context.route == Route.PASSAGE \
                and context.passage in self.by_id and BOT_WORDS.isdisjoint(query.words):
            # "what topics (does it cover)?" right after a book: about the book, not the bot.
            return self.composer.passage_answer([self.by_id[context.passage]], (), context,
                                                full=True)
        if query.smalltalk:
            reply = replies.SMALLTALK[query.smalltalk](self.corpus)
            return Answer(text=reply, abstained=False, route=Route.SMALLTALK, context=context)
        if query.tutorial:
            return self.composer.abstain(context,
                                         "a how-to for a technique: the guide only names it")
        if query.exchange:
            return self.composer.abstain(context, "an exchange rate, not pay")
        quoted = self.retriever.quoted(text, context)
        if quoted is not None:   # "the guide says 'collaborate with data scientists' - why?"
            return quoted
        if query.off_topic:
            return self.composer.abstain(context, f"about{query.off_topic.rstrip()}, which the "
                                                  "guide does not cover")
        topic = self.evidence.topic_terms(query)
        query, topic = self.evidence.without_weak_cues(query, topic)
        steps = () if query.salary or query.places else self.steps.neighbours(
            query.words, topic, not self.evidence.role_terms.isdisjoint(query.terms), context.passage)
        if steps and steps == self.steps.items and self.steps.path is not None:
            return self.composer.list_answer(self.steps.path)   # the whole path: its list
        if steps:   # the path stays the list "the last one" picks from
            return self.composer.passage_answer([self.by_id[s] for s in steps], (),
                                                replace(context, items=self.steps.items),
                                                full=True)
        widened = self.follow_ups.wider(query, topic, context)
        if widened is not None:
            return widened
        if self.intent.asks_countries(query, topic):
            listed = self.salaries.countries_answer(query.regions)
            if listed is not None:   # "which countries does the guide cover?"
                return listed
        if self.evidence.significant(query) and not topic and not query.places:
            return self.composer.abstain(context, "no guide word beside the unknown ones")
        if self.evidence.noticeable(query) and self.evidence.coverage(query, topic) < MIN_COVERAGE:
            return self.composer.abstain(context, f"coverage below {MIN_COVERAGE}")
        if query.places and not topic and query.unknown and not (query.salary or query.amount):
            # A place is not a topic: "the weather in Paris", "visa for Canada".
            return self.composer.abstain(context,
                                         "a place and words the guide lacks, nothing it covers")
        followed = self.follow_ups.follow_up(query, topic, context)
        if followed is not None:
            return followed
        salary = self.intent.is_salary(query, topic, context)
        if query.foreign and not (query.countries or query.regions):
            if not salary and topic:
                # "I'm a nurse in Lagos: which trainings?": the place is only background
                # unless what answers is told country by country (pay, jobs).
                found = self.retriever.retrieve(query, topic, context)
                if not found.abstained and not self.sections.place_bound(
                        [s.passage for s in found.sources]):
                    return found
            reply = replies.no_figure(self.corpus, query.foreign, salary)
            return Answer(text=reply, abstained=True, route=Route.ABSTAIN, context=context)
        if salary and query.other_role:
            reply = replies.other_role(self.corpus, query.other_role)
            return Answer(text=reply, abstained=True, route=Route.ABSTAIN, context=context,
                          reason=f"pay for another role: {query.other_role}")
        if salary:
            if not query.places and self.evidence.significant(query):
                # pay somewhere the guide cannot place: "Tokyo"
                return self.composer.abstain(context, "pay asked with an unknown word and no place")
            if (query.currency and "salary" not in query.analysis.expanded and not query.amount
                    and query.figure is None and self.evidence.noticeable(query)
                    and context.route != Route.SALARY):
                # only a currency says "pay": "best gaming mouse under 50 bucks"
                return self.composer.abstain(context, "a price in a currency, no pay word")
            countries = () if query.places or context.route == Route.SALARY else context.countries
            if query.periods and not query.places:   # "per month?" after Australia's pay
                countries = context.countries
            if (query.extreme is not None and not query.places and context.route == Route.SALARY
                    and context.earlier):
                # "and in France?" … "which is higher?": the countries asked in turn, ranked.
                query = replace(query, countries=tuple(dict.fromkeys(
                    context.earlier + context.countries)))
            conversion = bool(query.currency and not query.convert_to
                              and context.route == Route.SALARY and context.countries)
            if conversion:
                # "how much is that in US dollars?": the same countries, converted.
                query = replace(query, countries=(), convert_to=query.currency)
                countries = context.countries
            paid = self.salaries.answer(query, countries)
            if paid is None:
                return self.composer.abstain(context, "the guide has no salary table")
            if conversion and query.currency not in {r.currency for r in self.corpus.salaries
                                                     if r.country in countries}:
                # Only the conversion was asked, and the guide gives none: say so first,
                # then the estimate, labelled (and recorded as a question it did not answer).
                note = f"_The guide doesn't give this in {query.currency}: the conversion " \
                       "below is an estimate, not the guide's figure._"
                paid = replace(paid, text=compose.fit(f"{note}\n{paid.text}"), abstained=True,
                               reason=f"a conversion to {query.currency}: not in the guide")
            if context.route == Route.SALARY and paid.context.countries != context.countries:
                paid = replace(paid, context=replace(paid.context, earlier=context.countries))
            return paid
        found = self.retriever.retrieve(query, topic, context)
        unnamed = [c for c in query.cities if c in self.reader.places.elsewhere]
        if unnamed and not found.abstained:   # "ml jobs in Frankfurt": Germany's entry
            where = with_article(self.reader.city_country[unnamed[0]])
            note = f"_The guide does not name {' or '.join(unnamed)}; for {where} it says:_"
            found = replace(found, text=compose.fit(f"{note}\n{found.text}"))
        return found

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
