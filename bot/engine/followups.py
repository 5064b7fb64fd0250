"""Follow-up questions: "the second one", "tell me more", "which of those…", "and in Canada?".

Each is read against the context the last answer left: the list it showed, the passage and
section it came from, the countries it was about.
"""

from __future__ import annotations

from dataclasses import replace

from bot.engine.answer import Answer, Context, Route
from bot.engine.composer import Composer
from bot.engine.evidence import Evidence
from bot.engine.query import Query
from bot.engine.salaries import Salaries
from bot.engine.sections import SEARCH_DEPTH, Sections
from corpus.passages import PassageKind
from corpus.store import Corpus
from retrieval.index import Index

# Plurals that ask for several entries whatever the section is called.
ENTRY_WORDS = frozenset({"countries", "cities", "ones", "options", "sites", "places",
                         "resources", "platforms", "entries", "items"})
# Words that point at the last answer ("that person", "it"), in a question this short.
POINTERS = frozenset({"it", "that", "this"})
POINTING_WORDS = 6
# A follow-up this short opening with one of these continues the section the talk is in.
SHORT_FOLLOW = 5
ELLIPSIS_OPENERS = frozenset({"and", "what", "how"})
# A follow-up this short ("which frameworks") stays in the section the talk is in.
BARE_FOLLOW = 2
# Words that widen a follow-up beyond the countries the talk is about.
WIDER = frozenset({"countries", "other", "others", "all", "every", "each", "everywhere",
                   "elsewhere", "world", "worldwide", "global", "globally"})


class FollowUps:
    """Answers questions that lean on the conversation's last answer."""

    def __init__(self, corpus: Corpus, index: Index, evidence: Evidence, sections: Sections,
                 salaries: Salaries, composer: Composer) -> None:
        self.corpus = corpus
        self.index = index
        self.evidence = evidence
        self.sections = sections
        self.salaries = salaries
        self.composer = composer
        self.by_id = corpus.by_id

    def wider(self, query: Query, topic: tuple[str, ...], context: Context) -> Answer | None:
        """Every figure, or the whole list the talk is in, for "and the others?"; else None."""
        if (not topic and not query.places and context.section and query.unknown
                and not WIDER.isdisjoint(query.words) and not ENTRY_WORDS.isdisjoint(query.words)):
            if context.route == Route.SALARY:   # "and the other countries?": every figure
                table = self.salaries.answer(query, ())
                if table is not None:
                    return table
            listed = self.sections.whole_list(context.section)
            if listed is not None:
                return self.composer.list_answer(listed)
        return None

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
                return self.composer.passage_answer([pair[0]], (), context, full=True)
        local = self.in_same_section(query, topic, context)
        if local is not None:
            return local
        pointed = self.pointed_at(query, topic, context)
        if pointed is not None:
            return pointed
        if query.more and not topic and not query.places:
            if context.route == Route.LIST and context.passage in self.by_id:
                return self.composer.list_answer(self.by_id[context.passage], described=True)
            if context.passage in self.by_id:
                return self.composer.passage_answer([self.by_id[context.passage]], (), context,
                                                    full=True)
        if query.back_reference and topic and items:
            # A list of lists ("Education and Training": Education, Certifications, …)
            # offers its lists' entries too: "the database one" is a training.
            allowed = set(items).union(*(self.by_id[i].items for i in items if i in self.by_id
                                         and self.by_id[i].kind == PassageKind.LIST))
            hits = self.index.search(topic, SEARCH_DEPTH, where=lambda p: p.id in allowed)
            # An entry whose title names the words beats one whose text uses them ("the
            # hands-on one" is the book called Hands-On, not one offering hands-on practice).
            titled = self.evidence.title_terms
            hits.sort(key=lambda h: -len(set(topic) & titled[h.passage.id]))
            if hits:   # "how much does the AWS one cost": that entry, if it says so
                objection = self.evidence.objection(query, topic, hits[0])
                if objection is not None:
                    return self.composer.abstain(context, objection)
                return self.composer.passage_answer([hits[0].passage], topic, context)
        if (query.countries and not topic and context.section and not query.amount
                and context.route in (Route.PASSAGE, Route.LIST)):
            # "and in France?" after Amsterdam's jobs: France's jobs; "how much do they
            # make there?" asks for pay, whatever the talk was about.
            top = context.section.split(" › ")[0]
            same = [p for p in self.corpus.passages if p.kind == PassageKind.ITEM
                    and p.path[0] == top and p.title in query.countries]
            if same:
                return self.composer.passage_answer(same, (), context)
        return None

    def pointed_at(self, query: Query, topic: tuple[str, ...],
                   context: Context) -> Answer | None:
        """"what does that person do", "what does that money fund?" right after one passage:
        that passage in full, when it has the question's words (or the question has none
        but the pointer); None otherwise."""
        if (context.route != Route.PASSAGE or context.passage not in self.by_id
                or query.places or len(query.words) > POINTING_WORDS
                or POINTERS.isdisjoint(query.words)):
            return None
        last = self.by_id[context.passage]
        if topic:
            if not self.index.search(topic, 1, where=lambda p: p.id == last.id):
                return None
        elif self.evidence.noticeable(query):
            return None
        if self.evidence.stated.unstated(query, last.text):   # "how much does that one cost?"
            return self.composer.abstain(context, "an attribute the entry does not state")
        return self.composer.passage_answer([last], (), context, full=True)

    def in_same_section(self, query: Query, topic: tuple[str, ...],
                        context: Context) -> Answer | None:
        """"and the training part?" after the responsibilities: the entry of the section the
        talk is in whose title has every topic word, for a short follow-up naming no place."""
        if (not topic or query.places or not context.section or len(query.words) > SHORT_FOLLOW
                or not (ELLIPSIS_OPENERS.intersection(query.words[:2])
                        or len(query.words) <= BARE_FOLLOW)):
            return None
        top = context.section.split(" › ")[0]
        found = self.index.search(topic, 1, where=lambda p: bool(p.path) and p.path[0] == top
                                  and p.kind in (PassageKind.ITEM, PassageKind.PROFILE))
        # The entry's own title must name the words ("the training part" is "Model Training
        # and Evaluation"); a section's name ("and the responsibilities?") is not an entry.
        # A bare "which frameworks" after the trainings may be named by the entry's text.
        named = self.evidence.title_terms[found[0].passage.id] if found else frozenset()
        if len(query.words) <= BARE_FOLLOW and found and not context.countries:
            named |= set(found[0].matched) - self.evidence.section_terms[found[0].passage.id]
        if not found or not set(topic) <= named:
            return None
        return self.composer.passage_answer([found[0].passage], topic, context)

    def open_item(self, items: tuple[str, ...], ordinal: int, context: Context) -> Answer:
        """The n-th entry of a list, in full (−1 is the last)."""
        index = ordinal - 1 if ordinal > 0 else len(items) + ordinal
        if not 0 <= index < len(items) or items[index] not in self.by_id:
            reply = f"The list had {len(items)} entries; pick a number from 1 to {len(items)}."
            return Answer(text=reply, abstained=True, route=Route.ABSTAIN, context=context)
        chosen = self.by_id[items[index]]
        if chosen.kind == PassageKind.LIST:
            return self.composer.list_answer(chosen)
        answer = self.composer.passage_answer([chosen], (), context, full=True)
        return Answer(text=answer.text, abstained=False, sources=answer.sources, route=Route.PASSAGE,
                      context=replace(answer.context, items=items))
