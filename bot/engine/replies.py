"""The engine's own sentences: help, small talk and "the guide doesn't cover that".

Each is built from the corpus (its role, sections, countries and names), so the same words
are right for any guide.
"""

from __future__ import annotations

from corpus.passages import PassageKind
from corpus.store import Corpus


def topics(corpus: Corpus) -> str:
    """The guide's top-level sections, lower-cased, as a phrase."""
    names = [name for name in dict.fromkeys(p.path[0] for p in corpus.passages)
             if name != "Overview"]
    lowered = [" ".join(w if w.isupper() else w.lower() for w in n.split()) for n in names]
    if len(lowered) <= 1:
        return "".join(lowered)
    return ", ".join(lowered[:-1]) + " and " + lowered[-1]


def examples(corpus: Corpus) -> list[str]:
    """Three example questions drawn from the corpus itself."""
    out: list[str] = []
    if corpus.salaries:
        out.append(f"How much does a {corpus.role} earn in {corpus.salaries[0].country}?")
    lists = [p for p in corpus.passages if p.kind == PassageKind.LIST and len(p.path) > 1]
    if lists:
        out.append(f"What {lists[0].title.lower() if lists[0].title else 'options'} are there?")
    profiles = [p for p in corpus.passages if p.kind == PassageKind.PROFILE]
    if profiles:
        out.append(f"Who is {profiles[0].title}?")
    return out


def help_text(corpus: Corpus) -> str:
    """What guidebot answers, with examples."""
    lines = [f"I answer questions about the **{corpus.role}** guide: {topics(corpus)}.",
             "Ask in your own words, for example:"]
    lines += [f"- {example}" for example in examples(corpus)]
    lines.append("Follow-ups work too: “and in another country?”, “tell me more about the "
                 "second one”.")
    return "\n".join(lines)


def greeting(corpus: Corpus) -> str:
    """A short hello that says what to ask."""
    return f"Hi! Ask me anything about the {corpus.role} guide: {topics(corpus)}."


def thanks(corpus: Corpus) -> str:
    """A reply to thanks."""
    return f"You're welcome! Anything else about the {corpus.role} guide?"


def goodbye(corpus: Corpus) -> str:
    """A reply to goodbye."""
    return "Bye! Come back with any question about the guide."


def empty(corpus: Corpus) -> str:
    """The reply to an empty or wordless question."""
    hint = examples(corpus)[:1]
    example = f" For example: “{hint[0]}”" if hint else ""
    return f"Please ask a question about the {corpus.role} guide.{example}"


def not_covered(corpus: Corpus) -> str:
    """The honest reply when nothing in the guide answers the question."""
    return (f"The guide doesn't cover that. I can answer questions about the {corpus.role} "
            f"role: {topics(corpus)}.")


def countries_covered(corpus: Corpus) -> str:
    """The countries with a salary figure, as a phrase."""
    return ", ".join(dict.fromkeys(row.country for row in corpus.salaries))


def no_figure(corpus: Corpus, places: tuple[str, ...], salary: bool) -> str:
    """The reply for countries the guide has nothing on."""
    names = " or ".join(places)
    what = "no salary figure" if salary else "nothing specific"
    covered = countries_covered(corpus)
    tail = f" It covers: {covered}." if covered else ""
    return f"The guide has {what} for {names}.{tail}"


def other_role(corpus: Corpus, title: str) -> str:
    """The reply to a pay question about a role the guide is not about."""
    return (f"The guide gives salaries for the {corpus.role} role only; it has no figures "
            f"for a {title}.")


SMALLTALK = {"greeting": greeting, "thanks": thanks, "help": help_text, "bye": goodbye}
