"""What a question asks: its search terms, the places it names, and how it steers the talk.

Everything here is read off the question and the corpus; the word lists it uses
(`bot/data/conversation.yaml`, `bot/data/countries.txt`) say nothing about any one guide.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.engine.acronyms import acronyms, expander
from bot.engine.framing import framing_words
from bot.engine.facts import PRICES
from bot.engine.gazetteer import Gazetteer
from bot.engine.lexicon import lexicon
from bot.engine.money import HIGH, LOW, extreme, figure_in
from bot.engine.query import Query
from bot.engine.signals import EXCEPT_WORDS, Signals
from bot.engine.spelling import Speller
from corpus.passages import PassageKind
from corpus.store import Corpus
from retrieval.tokenize import Tokenizer, normalize, split_words

# "higher", "lowest": they steer a pay question, they name nothing the guide lacks.
EXTREMES = HIGH | LOW
# Words that ask for a person as "who" does: "is anyone known for…", "which person did…".
PERSON_WORDS = frozenset({"anyone", "anybody", "someone", "somebody", "person"})
# "us" written for the US: opening a message before a noun ("us pay", "us ml jobs"), or
# ending it after "in" ("salary in us"). "tell us", "help us" stay pronouns.
LOWER_US = re.compile(r"^us(?=\s+(?:ml|machine|pay|salary|salaries|jobs?|market|demand|"
                      r"wages?|income|range|figures?|cities|tech|hubs?|based)\b)"
                      r"|(?<=\bin )us(?=\s*[?.!]*$)")
# Reddit's way of naming a community: "r/MachineLearning" is a subreddit, and its "r" no
# chat spelling of "are".
SUBREDDIT = re.compile(r"(?:^|(?<=[\s(]))/?r/(?=[^\W_])")   # a capital "R/" is the language
# Where a frame can open: a sentence, or a clause after a comma ("hi, recruiter here").
FRAME_END = re.compile(r"[.!?:;,]+\s+")


class Reader:
    """Reads questions against one corpus's vocabulary and places."""

    def __init__(self, corpus: Corpus, tokenizer: Tokenizer, vocabulary: frozenset[str]) -> None:
        self.lex = lexicon()
        self.tokenizer = tokenizer
        self.vocabulary = vocabulary
        self.places = Gazetteer.of(corpus, self.lex.world, self.lex.cities)
        self.city_country = {**self.places.elsewhere,
                             **{p.name: p.country for p in corpus.places}}
        self.role_words = frozenset(split_words(normalize(corpus.role)))
        # Currency names the guide's salary table uses → the countries that pay in them.
        paid_in: dict[str, list[str]] = {}
        for row in corpus.salaries:
            paid_in.setdefault(row.currency, []).append(row.country)
        self.currency_countries = {name: tuple(dict.fromkeys(paid_in[code]))
                                   for name, code in self.lex.currencies.items()
                                   if code in paid_in}
        # Words that steer ("more", "second", "those") or pad a question never name its topic.
        self.filler_words = frozenset((*self.lex.filler, *self.lex.purpose, *self.lex.periods,
                                       *self.lex.ordinals,
                                       *self.lex.back_reference, *self.lex.more))
        self.filler_stems = frozenset(
            tokenizer.stem(w) for w in (*self.lex.filler, *self.lex.purpose, *self.lex.periods,
                                        *self.lex.ordinals,
                                        *self.lex.back_reference, *self.lex.more))
        self.alias_words = frozenset(w.casefold() for phrase in tokenizer.synonyms.by_first.values()
                                     for alias in phrase for w in alias.words)
        # Words that steer the conversation are never "unknown" content.
        phrases = sorted((n for n in self.lex.currencies if " " in n), key=len, reverse=True)
        self.currency_phrase = re.compile(
            r"\b(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
            + r")\b", re.IGNORECASE) if phrases else re.compile(r"(?!)")
        self.off_topic = tuple(f" {' '.join(p)} " for p in self.lex.off_topic)
        self.amount_phrases = tuple(f" {' '.join(p)} " for p in self.lex.amount_phrases)
        # A phrase can only match a question holding its first word: most hold none, and
        # one set test spares them a substring search per phrase.
        self.off_topic_heads = frozenset(p.split()[0] for p in self.off_topic if p.split())
        self.amount_heads = frozenset(p.split()[0] for p in self.amount_phrases if p.split())
        # A question holding none of these has no frame to look for (most hold none).
        self.frame_phrases = tuple(f" {' '.join(p)} " for p in (
            *self.lex.persona_openers, *self.lex.audience_openers, *self.lex.reason_openers,
            *((label,) for label in self.lex.persona_labels)))
        self.known_words = self._known_words(corpus)
        # Each featured person's name, as words ({"fei", "li"}), for typos in the others.
        self.person_names = [Counter(split_words(normalize(p.title)))
                             for p in corpus.passages if p.kind == PassageKind.PROFILE and p.title]
        self.name_words = frozenset(w for name in self.person_names for w in name)
        self.signals = Signals(self.lex, tokenizer, self.role_words, self.person_names,
                               (split_words(normalize(corpus.role)) or [""])[-1])
        self.acronyms = acronyms([corpus.role, *(p.title for p in corpus.passages if p.title)],
                                 self.known_words)
        self.acronym_pattern = expander(self.acronyms, plural=True)
        self.spelling_pattern = expander(self.lex.chat_spelling)
        self.speller = Speller(tokenizer, vocabulary, self.known_words, self.places.phrases,
                               self.filler_words)
        self.steering = frozenset().union(*self.lex.smalltalk.values(), self.lex.address,
                                          self.lex.filler, self.lex.purpose,
                                          self.lex.back_reference, self.lex.ordinals,
                                          self.lex.more, self.lex.periods)

    def _known_words(self, corpus: Corpus) -> frozenset[str]:
        """Every word a question may use without being a typo."""
        words: set[str] = set()
        for passage in corpus.passages:
            for text in (passage.text, passage.title or "", passage.section):
                words.update(split_words(normalize(text)))
        for phrase in self.places.phrases:
            words.update(phrase)
        words.update(self.alias_words)
        for vocab in self.lex.smalltalk.values():
            words.update(vocab)
        words.update(self.lex.address)
        words.update(self.lex.filler, self.lex.purpose, self.lex.back_reference, self.lex.ordinals, self.lex.more)
        return frozenset(words)

    def place_names(self) -> set[str]:
        """Every place name a question can resolve to (countries, regions, cities, foreign)."""
        return {name for _, name in self.places.phrases.values()}

    def _spell_out(self, match: re.Match[str]) -> str:
        """An acronym's words, plural when it was ("MLEs")."""
        found = match.group(0).casefold()
        if found in self.acronyms:
            return self.acronyms[found]
        return self.acronyms[found[:-1]] + "s"

    def _currency_codes(self, text: str) -> str:
        """Currency names of several words as their code: "US dollars" is no place."""
        if self.currency_phrase.search(text) is None:
            return text
        return self.currency_phrase.sub(
            lambda m: self.lex.currencies[" ".join(m.group(0).casefold().split())].lower(), text)

    def read(self, text: str) -> Query:
        """Understand one question (already length-capped by the engine)."""
        if "r/" in text:
            text = SUBREDDIT.sub("subreddit ", text)
        if self.spelling_pattern is not None:   # "wht r the skills"
            # In capitals it is a name: "R instead of python" is the language.
            text = self.spelling_pattern.sub(
                lambda m: m.group(0) if m.group(0).isupper()
                else self.lex.chat_spelling[m.group(0).casefold()], text)
        if "us" in text:   # "us pay", "salary in us": the country, not the pronoun
            text = LOWER_US.sub("US", text)
        if self.acronym_pattern is not None:   # "MLE salary" is a Machine Learning Engineer's
            text = self.acronym_pattern.sub(self._spell_out, text)
        text = self._currency_codes(text)
        analysis = self.tokenizer.analyze(text)
        speller = self.speller
        if any(w not in self.known_words and (
                speller.may_be_typo(w) or speller.place_typo(w) or speller.possessive(w)
                or speller.alias_form(w) or speller.american(w))
               for w in analysis.words):
            fixed = speller.correct(text)
            if fixed != text:
                analysis = self.tokenizer.analyze(fixed)
        words, expanded = analysis.words, analysis.expanded
        matches = self.places.find(expanded)
        named: dict[str, tuple[str, ...]] = {"country": (), "region": (), "city": (),
                                             "foreign": ()}
        place_words: set[str] = set()
        money = [w for w in words if w in self.currency_countries]
        padded = f" {' '.join(words)} "   # phrases match on whole words
        asks_amount = not self.amount_heads.isdisjoint(words) and any(
            p in padded for p in self.amount_phrases)
        if money and not PRICES.isdisjoint(words):
            money = []   # "exam fee in rupees": a price asked in a currency, not pay
        pay = "salary" in expanded or bool(money) or asks_amount
        for kind, name, start, end in matches:
            if kind == "elsewhere":
                # A city of a covered country the guide does not name: its country's pay
                # and jobs, but for anything else a place the guide says nothing about.
                if not (pay or "outlook" in expanded):
                    continue
                kind = "city"
            if name not in named[kind]:
                named[kind] += (name,)
            place_words.update(expanded[start:end])
        # With a place named, a currency asks for a conversion ("Germany in dollars");
        # alone, it names the countries paid in it ("salary in CAD").
        explicit = any(named[kind] for kind in ("country", "region", "city", "foreign"))
        convert_to = self.lex.currencies[money[0]] if money and explicit else None
        for word in money:
            place_words.add(word)
            if not explicit:
                named["country"] += tuple(c for c in self.currency_countries[word]
                                          if c not in named["country"])
        countries = named["country"] + tuple(
            c for c in (self.city_country[n] for n in named["city"]) if c not in named["country"])
        stop = self.tokenizer.stopwords
        unknown = tuple(dict.fromkeys(
            w for w in words
            if w not in stop and w not in self.steering and w not in self.alias_words
            and w not in EXTREMES and w not in place_words
            and (self.tokenizer.stem(w) not in self.filler_stems or not w.isalpha())
            # a figure ("150k", "6lpa") is no topic the guide lacks
            and self.tokenizer.stem(w) not in self.vocabulary and not w[0].isdigit()))
        if unknown and any(p in padded for p in self.frame_phrases):
            framing = framing_words(   # "recruiter here", "as a nurse", "for my mom"
                [split_words(normalize(s)) for s in FRAME_END.split(text)], self.lex, stop)
            unknown = tuple(w for w in unknown if w not in framing)
        if unknown and not self.name_words.isdisjoint(words):
            unknown = self.signals.name_typos(words, unknown)   # "fe fei lee": Fei-Fei Li
        # A form of a guide word that stems differently ("analysing" / "analysis") counts as
        # that word, not as one the guide lacks.
        variants = {w: v for w in unknown if (v := self.speller.variant(w)) is not None}
        # "teh", "wher": a function word mistyped names no topic the guide lacks.
        unknown = tuple(w for w in unknown if w not in variants
                        and not self.speller.function_typo(w))
        # A filler word's stem is dropped only when no content word shares it ("explain"
        # is filler, "explainability" is not).
        content = {self.tokenizer.stem(w) for w in expanded if not self.speller.is_filler(w)} \
            if not self.filler_stems.isdisjoint(analysis.terms) else set()   # else unused
        terms = tuple(t for t in analysis.terms if t not in self.filler_stems or t in content)
        terms += tuple(v for v in variants.values() if v not in terms)
        if not EXCEPT_WORDS.isdisjoint(words):   # "besides certs, what training…"
            left_out = self.signals.left_out(expanded)
            terms = tuple(t for t in terms if t not in left_out) or terms
        ordinal = self.signals.ordinal(words)
        figure = figure_in(text)
        names = self.signals.names(text, unknown)
        return Query(
            text=text, analysis=analysis, terms=terms, unknown=unknown,
            countries=tuple(dict.fromkeys(countries)), regions=named["region"],
            cities=named["city"], foreign=named["foreign"],
            salary="salary" in expanded or bool(money),
            # A bare number is not a pay question; "is 120k in NYC inside the range?" is.
            amount=(figure is not None and explicit) or asks_amount,
            figure=figure, convert_to=convert_to, extreme=extreme(words),
            currency=self.lex.currencies[money[0]] if money else None,
            count=" how many " in padded or " number of " in padded,
            tutorial=self.signals.tutorial(words), names=names,
            purpose=not self.lex.purpose.isdisjoint(expanded),   # "starting point" is no point,
            about_work=self.signals.about_work(expanded),
            periods=tuple(dict.fromkeys(self.lex.periods[w] for w in words
                                        if w in self.lex.periods)),
            exchange=len(set(money)) >= 2 and not explicit and "salary" not in expanded
            and not asks_amount,
            off_topic=None if self.off_topic_heads.isdisjoint(words)
            else next((p for p in self.off_topic if p in padded), None),
            smalltalk=None if matches else self.signals.smalltalk(words),
            person=bool(words) and (words[0] in ("who", "whos", "whom")
                                    or not PERSON_WORDS.isdisjoint(words)),
            other_role=self.signals.other_role(expanded),
            ordinal=ordinal,
            back_reference=not self.lex.back_reference.isdisjoint(words),
            more=not self.lex.more.isdisjoint(words),
        )
