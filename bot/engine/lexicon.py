"""The conversation word lists and the world's countries, loaded once.

None of these words is about any one guide: small talk, filler, pronouns that point back,
ordinals, "how much" phrases (`bot/data/conversation.yaml`), and country names
(`bot/data/countries.txt`) so "salary in Japan" can be told apart from a word the guide lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from corpus import safe_yaml
from corpus.files import shipped_text
from retrieval.tokenize import normalize, split_words


def _data_text(name: str) -> str:
    return shipped_text("bot.engine", "data", name)


@dataclass(frozen=True)
class Lexicon:
    """The conversation word lists, loaded once."""

    smalltalk: dict[str, frozenset[str]]
    address: frozenset[str]
    filler: frozenset[str]
    back_reference: frozenset[str]
    ordinals: dict[str, int]
    amount_phrases: tuple[tuple[str, ...], ...]
    more: frozenset[str]
    world: dict[tuple[str, ...], str]
    cities: dict[tuple[str, ...], tuple[str, str]]   # words → (city, country)
    currencies: dict[str, str]          # "euros" → EUR
    job_titles: frozenset[str]
    seniority: frozenset[str]
    weak_cues: frozenset[str]
    off_topic: tuple[tuple[str, ...], ...]
    attributes: frozenset[str]
    pay_verbs: frozenset[str]
    how_to: tuple[tuple[str, ...], ...]
    how_to_verbs: frozenset[str]
    purpose: frozenset[str]
    chat_spelling: dict[str, str]
    periods: dict[str, str]             # "monthly" → month
    stated_facts: frozenset[str]
    task_verbs: frozenset[str]
    politeness: frozenset[str]
    persona_openers: tuple[tuple[str, ...], ...]
    persona_labels: frozenset[str]
    reason_openers: tuple[tuple[str, ...], ...]
    audience_openers: tuple[tuple[str, ...], ...]
    audience: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The bundled conversation lexicon and world country list."""
    data = safe_yaml.load(_data_text("conversation.yaml"))

    def words(values: object) -> frozenset[str]:
        # YAML reads a bare on/off/yes/no as a boolean: refuse it rather than match "True".
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"conversation.yaml: expected a list of quoted words: {values!r}")
        return frozenset(values)

    def phrases(values: object) -> tuple[tuple[str, ...], ...]:
        # Each phrase a list of quoted words: YAML reads a bare "off" as False too.
        if not isinstance(values, list) or not all(
                isinstance(p, list) and all(isinstance(w, str) for w in p) for p in values):
            raise ValueError(f"conversation.yaml: expected lists of quoted words: {values!r}")
        return tuple(tuple(p) for p in values)

    world: dict[tuple[str, ...], str] = {}
    for line in _data_text("countries.txt").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, aliases = line.partition(" = ")
        for form in [name, *filter(None, aliases.split(","))]:
            world[tuple(split_words(normalize(form)))] = name.strip()
    cities: dict[tuple[str, ...], tuple[str, str]] = {}
    for line in _data_text("cities.txt").splitlines():
        if line.strip() and not line.startswith("#"):
            city, _, country = line.partition(" = ")
            cities[tuple(split_words(normalize(city)))] = (city.strip(), country.strip())
    currencies: dict[str, str] = {}
    for line in _data_text("currencies.txt").splitlines():
        if line.strip() and not line.startswith("#"):
            code, _, names = line.partition(" = ")
            currencies.update(dict.fromkeys((n.strip() for n in names.split(",")), code.strip()))
    return Lexicon(
        smalltalk={k: words(v) for k, v in data["smalltalk"].items()},
        address=words(data["address"]),
        filler=words(data["filler"]),
        back_reference=words(data["back_reference"]),
        ordinals={str(k): int(v) for k, v in data["ordinals"].items()},
        amount_phrases=phrases(data["amount_phrases"]),
        more=words(data["more"]),
        world=world,
        cities=cities,
        currencies=currencies,
        job_titles=words(data["job_titles"]),
        seniority=words(data["seniority"]),
        weak_cues=words(data["weak_cues"]),
        off_topic=phrases(data["off_topic"]),
        attributes=words(data["attributes"]),
        pay_verbs=words(data["pay_verbs"]),
        how_to=phrases(data["how_to"]),
        how_to_verbs=words(data["how_to_verbs"]),
        purpose=words(data["purpose"]),
        chat_spelling={str(k): str(v) for k, v in data["chat_spelling"].items()},
        periods={word: str(period) for period, forms in data["periods"].items()
                 for word in words(forms)},
        stated_facts=words(data["stated_facts"]),
        task_verbs=words(data["task_verbs"]),
        politeness=words(data["politeness"]),
        persona_openers=phrases(data["persona_openers"]),
        persona_labels=words(data["persona_labels"]),
        reason_openers=phrases(data["reason_openers"]),
        audience_openers=phrases(data["audience_openers"]),
        audience=words(data["audience"]),
    )
