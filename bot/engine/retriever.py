"""Retrieval: BM25 over the guide's passages, narrowed to the entry or list that answers.

Picks between the role's overview, named entries compared side by side, a whole list, and
the best single passage, and objects when the best passage does not answer what was asked.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.answer import Answer, Context
from bot.engine.composer import Composer
from bot.engine.evidence import INCIDENTAL, SCENE, Evidence
from bot.engine.followups import ENTRY_WORDS, WIDER
from bot.engine.query import Query
from bot.engine.sections import SEARCH_DEPTH, Sections
from bot.engine.signals import ROLE_NOUNS
from corpus.passages import Passage, PassageKind
from corpus.store import Corpus
from retrieval.index import Hit, Index
from retrieval.tokenize import Tokenizer, normalize, split_words

# Words that join several things asked about ("coursera or udacity").
JOINED = frozenset({"or", "and", "vs", "versus", "between", "both", "each", "compare"})
# A quote of the guide: between straight or curly quotes, three words at least.
QUOTE_MARKS = ("'", '"', "‘", "“")
QUOTED = re.compile(r"(?:^|(?<=\W))['\"‘“]([^'\"’”]{6,200})['\"’”](?=\W|$)")
MIN_QUOTE = 3
MIN_MENTIONED = 2
MENTION_HEADS = re.compile(r"mention|about", re.IGNORECASE)
MENTIONED = re.compile(r"\b(?:mentions?|mentioned|says? anything about|talks? about)\s+"
                       r"(?:the\s+)?([^?.!,]+?)(?:\s+(?:anywhere|at all|in it|in the guide))?"
                       r"\s*(?:[?.!,]|$)", re.IGNORECASE)
# Words that make the section name before them a pointer, not a plural asked for.
SECTION_NOUNS = frozenset({"section", "sections", "part", "bit", "chapter", "heading"})
# A passage explaining every topic word stands in for a best one that objects when it is
# among the first few and scores at least this share of it.
CLOSE_HITS = 5
CLOSE_SCORE = 0.5
# "which of the certs", "does any of the books…": one entry picked from several.
PICKING = frozenset({"which", "one", "what", "any"})
SINGULAR = frozenset({"is", "was", "has", "does"})
# A term this rare (in a handful of passages: "tensorflow", not "software") names a thing.
NAMING_IDF = 2.4
# More entries named than this is a list, not a comparison.
MAX_NAMED = 3


class Retriever:
    """Finds the passages that answer a question about the guide's content."""

    def __init__(self, corpus: Corpus, index: Index, tokenizer: Tokenizer, evidence: Evidence,
                 sections: Sections, composer: Composer) -> None:
        self.corpus = corpus
        self.index = index
        self.tokenizer = tokenizer
        self.evidence = evidence
        self.sections = sections
        self.composer = composer
        self.plain: dict[str, str] = {}
        self.duty_terms = frozenset(tokenizer.tokens("responsibilities skills"))
        self.overview_terms = frozenset(tokenizer.tokens(corpus.passages[0].text))
        self.people_names = frozenset().union(*(evidence.title_terms[p.id]
                                                for p in corpus.passages
                                                if p.kind == PassageKind.PROFILE))

    def retrieve(self, query: Query, topic: tuple[str, ...], context: Context) -> Answer:
        """BM25 over passages: a whole list when the question names one, else the best passage."""
        terms = topic + tuple(t for t in self.index.informative(query.terms) if t not in topic)
        overview = self.corpus.passages[0]
        if (not topic and not query.places and not self.evidence.noticeable(query)
                and overview.kind == PassageKind.PARAGRAPH
                and (any(t in self.index.vocabulary for t in query.terms)
                     or not (query.terms or ROLE_NOUNS.isdisjoint(query.words)))):
            # Only the role's name, "the job" itself or words found all over the guide: the
            # role, unless a fact it never states is asked ("how many hours do they work").
            if self.evidence.stated.unstated(query, overview.text):
                return self.composer.abstain(context, "a fact the guide does not state")
            return self.composer.passage_answer([overview], (), context)
        if (query.purpose and not query.places and overview.kind == PassageKind.PARAGRAPH
                and not self.titled(topic)   # "the point of learning version control"
                and (self.evidence.only_everyday(query, topic)
                     or bool(topic) and set(topic) <= self.overview_terms)):
            # "the point of an ML engineer on a team", "the end goal of the models they look
            # after": what the role is for, in the overview's words.
            return self.composer.passage_answer([overview], (), context)
        if self.about_people_and_their_books(query, topic):
            written = self.sections.written_by_people()
            if written:   # "which featured person also wrote a book?"
                return self.composer.passage_answer(written, (), context)
        hits = self.index.search(terms, SEARCH_DEPTH)
        if not hits:
            return self.composer.abstain(context, "no passage matched")
        named = self.sections.named_entries(topic)
        if 1 < len(named) <= MAX_NAMED and not query.person \
                and not JOINED.isdisjoint(query.words):
            # "coursera or udacity?", "the aws and the google cert": each one asked about.
            if self.evidence.stated.unstated(query, " ".join(p.text for p in named)):
                return self.composer.abstain(context, "an attribute none of the entries states")
            return self.composer.passage_answer(named, terms, context)
        # A named country wants its own entry, not the list it sits in.
        # The rest of the question may only set the scene: "main duties of an ML engineer in
        # the company" is the duties list.
        setting = frozenset(topic) - frozenset(self.evidence.without_setting(query, topic, SCENE))
        listed = self.sections.covering_list(hits, topic, setting) \
            if topic and not query.countries else None
        if listed is not None and query.regions:
            region = self.sections.region_list(listed, query.regions)   # "jobs in asia pacific"
            entries = self.sections.region_entries(listed, query.regions) \
                if region is listed else []
            if entries:   # a region of one entry is no list: "demand in the middle east"
                return self.composer.passage_answer(entries, terms, context)
            listed = region
        if listed is None and query.count:
            listed = self.sections.list_in(context.section)   # "how many are there?" after a list
        if listed is not None and not query.places and WIDER.isdisjoint(query.words):
            # "demand?" after Singapore's pay: Singapore's entry of the list, not all of it.
            own = self.sections.entries_of(listed, context.countries)
            if own:
                return self.composer.passage_answer(own, terms, context)
        if listed is not None:
            if self.evidence.stated.unstated(query, self.sections.text_of(listed)):
                return self.composer.abstain(context, "an attribute none of the entries states")
            return self.list_answer(listed, query, topic)
        if query.about_work:
            # "do they optimise the models after too?": what the role does is told by its
            # overview, skills and duties; a passage there explaining as much of the
            # question wins over a training or career step that uses the same words.
            duty = self.index.search(terms, SEARCH_DEPTH, where=self.is_duty)
            if duty and self.weight(duty[0], topic) >= self.weight(hits[0], topic) > 0:
                hits = duty
        if query.person:
            # "who wrote X" / "who teaches on Coursera": a person only when a profile explains
            # the question as well as the best passage does.
            # (or better: "known for ethical AI" is Fei-Fei Li's "ethical", not a chief
            # officer's "responsible for … AI").
            leading = self.weight(hits[0], topic)
            people = [h for h in hits if h.passage.kind == PassageKind.PROFILE
                      and self.weight(h, topic) >= leading]
            hits = people or hits
        top = self.sections.scoped(hits, topic) or self.sections.specific(hits, topic, self.index)
        top = self.sections.same_country(top, query, context)
        if (query.countries and topic and set(top.matched).isdisjoint(topic)
                and not self.evidence.noticeable(query)):
            # "In Singapore, which industries…": only the country matched. The topic picks
            # the section (other countries' entries say "industries"), the country its entry.
            # Not beside words the guide lacks: "neighbourhoods in Bengaluru for tech people".
            by_topic = self.index.search(topic, 1)
            if by_topic:
                section = by_topic[0].passage
                own = [section] if section.title in query.countries \
                    else self.sections.entries_of(section, query.countries)
                if own:
                    return self.composer.passage_answer(own, terms, context)
        objection = self.evidence.objection(query, topic, top)
        if objection == INCIDENTAL:
            # An everyday word in another sense ("take" courses): search on the rest.
            rest = self.evidence.without_incidental(query, topic, top)
            if rest and rest != topic:
                return self.retrieve(replace(query, terms=rest), rest, context)
        if objection is not None and objection != INCIDENTAL:
            # "coursera founder": Coursera's own entry lacks "founder", Andrew Ng's profile
            # holds both words. A passage nearly as good that explains all of the question,
            # any attribute asked included ("what year was coursera founded" stays unanswered),
            # answers it.
            whole = self.explaining_all(hits, topic, top)
            asked = {self.tokenizer.stem(w) for w in query.words if w in self.evidence.attributes}
            if whole is not None and asked <= set(whole.matched) \
                    and self.evidence.objection(query, topic, whole) is None:
                top, objection = whole, None
        if objection is not None:
            return self.composer.abstain(context, objection)
        best = [top.passage]
        if self.plural(query, top.passage):   # "which countries mention healthcare?": every one that does
            # Alike in what the question is about, not in its setting ("healthcare
            # companies in which countries": healthcare, wherever "companies" is said).
            best += self.sections.alike(top, hits, self.evidence.without_setting(query, topic))
            naming = {t for t in topic if t not in self.evidence.section_terms[top.passage.id]
                      and self.index.idf(t) >= NAMING_IDF}
            if (len(best) == 1 and not query.places and top.passage.kind == PassageKind.ITEM
                    and self.people_names.isdisjoint(top.matched)
                    # "tensorflow scikit-learn required skills": the one entry naming two
                    # things asked for
                    and not (len(naming) >= 2 and naming <= set(top.matched))):
                # "cloud certs for ml", "which cities are ML hubs": several asked for, one
                # entry says so in words; the list they all sit in answers.
                listed = self.sections.list_of(top.passage)
                if listed is not None:
                    return self.composer.list_answer(listed)
        # The countries named (or, with none, the ones the talk is about), each its own
        # entry of the best section: "which sectors hire in France" is France's entry even
        # when Australia's uses the word; "demand?" after Singapore's pay is Singapore's.
        own = self.sections.entries_of(best[0], query.countries
                                       or (() if query.places else context.countries))
        best = own or best
        if best[0].kind == PassageKind.LIST:
            return self.list_answer(best[0], query, topic)
        return self.composer.passage_answer(best, terms, context)

    def explaining_all(self, hits: list[Hit], topic: tuple[str, ...], top: Hit) -> Hit | None:
        """The best of the first few hits that matched every topic term, when `top` did not."""
        wanted = set(topic)
        if len(wanted) < 2 or wanted <= set(top.matched):
            return None
        return next((h for h in hits[:CLOSE_HITS] if wanted <= set(h.matched)
                     and h.score >= top.score * CLOSE_SCORE), None)

    def list_answer(self, listed: Passage, query: Query, topic: tuple[str, ...]) -> Answer:
        """A whole list; led by the role's overview when the question asks about the job as
        a whole ("ml engineer job description", "what do they do all day") and the list
        is only where its words point."""
        answer, overview = self.composer.list_answer(listed), self.corpus.passages[0]
        section = self.evidence.section_terms[listed.id]
        if ("role" in query.analysis.expanded and not query.places
                and overview.kind == PassageKind.PARAGRAPH and set(topic) <= section
                # "what would I be responsible for day to day": the list, named
                and not any(self.tokenizer.stem(w) in section for w in query.words)):
            return self.composer.with_overview(overview, answer)
        return answer

    def titled(self, topic: tuple[str, ...]) -> bool:
        """True when two topic words or more are an entry's title words ("version control")."""
        wanted = set(topic)
        return len(wanted) > 1 and any(len(wanted & title) > 1
                                       for title in self.evidence.title_terms.values())

    def is_duty(self, passage: Passage) -> bool:
        """A passage that says what the role does: its overview, skills or duties."""
        return passage.id == self.corpus.passages[0].id or not self.duty_terms.isdisjoint(
            self.evidence.section_terms[passage.id])

    def weight(self, hit: Hit, topic: tuple[str, ...]) -> float:
        """How much of the question's topic a passage matched, by idf."""
        return sum(self.index.idf(t) for t in set(hit.matched) & set(topic))

    def quoted(self, text: str, context: Context) -> Answer | None:
        """The passage a question quotes ("the guide says they 'collaborate with data
        scientists' - to do what?"): a quoted span of three words or more found word for word
        in one passage's text; None when there is no such quote."""
        quotes = QUOTED.findall(text) if any(m in text for m in QUOTE_MARKS) else []
        # "does the guide mention computational resources anywhere": what follows the verb,
        # two words or more, read as a quote.
        mentioned = MENTIONED.findall(text) if MENTION_HEADS.search(text) else []
        spans = [(q, MIN_QUOTE) for q in quotes] + [(m, MIN_MENTIONED) for m in mentioned]
        for span, least in spans:
            words = " ".join(split_words(normalize(span)))
            if len(words.split()) < least:
                continue
            found = [p for p in self.corpus.passages
                     if p.kind != PassageKind.LIST and f" {words} " in self.plain_text(p)]
            if len(found) == 1:
                return self.composer.passage_answer(found, (), context, full=True)
        return None

    def plain_text(self, passage: Passage) -> str:
        """A passage's words, folded and space-separated, padded (kept once made)."""
        text = self.plain.get(passage.id)
        if text is None:
            words = split_words(normalize(f"{passage.title or ''} {passage.text}"))
            text = self.plain[passage.id] = f" {' '.join(words)} "
        return text

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
        words = query.words
        # "certs" is written for "certifications": the alias's terms name the section. A
        # section's name before "section" or "part" only points at it ("how are models
        # evaluated per the responsibilities section").
        return any(len(w) > 3 and w.endswith("s") and not w.endswith("ss")
                   and (w in ENTRY_WORDS or self.tokenizer.stem(w) in section
                        or not section.isdisjoint(self.tokenizer.terms_of(w)))
                   and (at + 1 == len(words) or words[at + 1] not in SECTION_NOUNS)
                   and not self.picked(words, at)   # "which of the certs fits us": one
                   for at, w in enumerate(words))

    @staticmethod
    def picked(words: tuple[str, ...], at: int) -> bool:
        """True when the plural at `at` is what one is picked from, with a verb in the
        singular: "which of the certs fits us", "does any of the recommended books…"
        ("which of the books cover deep learning" asks for every one that does)."""
        after = words[at + 1] if at + 1 < len(words) else ""
        singular = words[0] in SINGULAR or after.endswith("s") and not after.endswith("ss")
        for gap in (1, 2):   # "the certs", "the recommended books"
            the = at - gap
            if the >= 2 and words[the] in ("the", "these", "those") \
                    and words[the - 1] == "of" and words[the - 2] in PICKING \
                    and (singular or words[the - 2] == "one"):
                return True
        return False
