"""Grouping refused questions: the rule, its fast path against the plain one, the report."""

from __future__ import annotations

import random

import pytest

from bot.store.errors import StoreError
from bot.store.gaps import THRESHOLD, group, jaccard, key_terms, parse_since, role_terms
from bot.store.records import GapGroup, GapsReport, SourceRef, Disliked, Wording
from bot.store.report import as_json, render_text

NOW = 1_750_000_000_000


def asked(terms: str, count: int = 1, last: int = 0) -> tuple[str, int, int]:
    """A row as the store gives it: a stored key, how often, when last."""
    return (terms, count, last)


def test_key_terms_are_the_engines_stems_without_the_role() -> None:
    role = role_terms("Machine Learning Engineer")
    assert key_terms("How much do Machine Learning Engineers earn in Tokyo?", role) == \
        key_terms("machine learning engineer earnings tokyo", role)
    assert not set(key_terms("machine learning engineer", role).split())


def test_framing_words_do_not_make_a_question() -> None:
    assert key_terms("Does the guide cover quantum computing?") == key_terms("quantum computing")
    assert key_terms("Does the guide cover blockchain?") != key_terms("Does the guide cover rust?")
    assert key_terms("Can you help?") == key_terms("help")          # nothing else: kept


def test_a_synonym_phrase_is_one_term() -> None:
    # "get into" and "jobs" expand to two generic stems each; as one term they cannot make
    # two different questions look half alike.
    assert key_terms("how do I get into rust") == "career_path rust"
    assert len(group([asked(key_terms("jobs in Rust"), 2), asked(key_terms("jobs in Go"))])) == 2
    assert len(group([asked(key_terms("Rust?"), 2), asked(key_terms("jobs in Rust"))])) == 1


def test_rewordings_join_the_most_asked_group_and_others_stay_apart() -> None:
    groups = group([asked("comput quantum", 5), asked("comput job quantum", 2),
                    asked("andrew ng old", 3), asked("blockchain", 1)])
    assert [(g.terms, g.asked) for g in groups] == [
        (("comput", "quantum"), 7), (("andrew", "ng", "old"), 3), (("blockchain",), 1)]
    assert groups[0].keys == ["comput quantum", "comput job quantum"]


def test_below_the_threshold_is_another_question() -> None:
    # 1 shared term of 3: a third, under one half.
    assert jaccard(["salari", "tokyo"], ["salari", "lisbon"]) == pytest.approx(1 / 3)
    assert len(group([asked("salari tokyo", 2), asked("lisbon salari", 1)])) == 2


def test_only_the_most_asked_wordings_start_groups_others_join() -> None:
    rows = [asked("a b", 5), asked("c d", 4), asked("a b e", 1), asked("c d f", 1),
            asked("x y", 1), asked("x y z", 1)]
    bounded = group(rows, leaders=2)
    assert [(g.terms, g.asked) for g in bounded] == [
        (("a", "b"), 6), (("c", "d"), 5), (("x", "y"), 1), (("x", "y", "z"), 1)]
    assert len(group(rows)) == 3       # unbounded, "x y z" joins "x y"


def test_a_wording_joins_the_most_asked_group_it_matches() -> None:
    # "a b c d" matches both leaders at one half; the more asked one takes it.
    groups = group([asked("a b", 9), asked("c d", 5), asked("a b c d", 1)])
    assert [(g.terms, g.asked) for g in groups] == [(("a", "b"), 10), (("c", "d"), 5)]


def _plain_group(keys: dict[str, int], threshold: float) -> list[tuple[str, int]]:
    """The same rule, every wording compared with every leader in order."""
    leaders: list[str] = []
    counts: list[int] = []
    for key, count in sorted(keys.items(), key=lambda kc: (-kc[1], kc[0])):
        for number, lead in enumerate(leaders):
            if jaccard(key.split(), lead.split()) >= threshold:
                counts[number] += count
                break
        else:
            leaders.append(key)
            counts.append(count)
    return list(zip(leaders, counts))


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("threshold", [THRESHOLD, 0.3, 0.7])
def test_the_index_finds_what_comparing_everything_finds(seed: int, threshold: float) -> None:
    rng = random.Random(seed)
    vocabulary = [f"t{n}" for n in range(30 + 20 * seed)]
    keys: dict[str, int] = {}
    for _ in range(400):
        size = rng.randint(1, 8)
        terms = sorted(set(rng.choices(vocabulary, weights=range(len(vocabulary), 0, -1),
                                       k=size)))
        keys[" ".join(terms)] = rng.randint(1, 50)
    fast = group([asked(k, n) for k, n in keys.items()], threshold)
    expected = _plain_group(keys, threshold)
    assert sorted((" ".join(g.terms), g.asked) for g in fast) == sorted(expected)
    assert sum(g.asked for g in fast) == sum(keys.values())


@pytest.mark.parametrize(("text", "back_ms"), [
    ("7d", 7 * 86_400_000), ("12h", 12 * 3_600_000), ("30m", 30 * 60_000), ("2w", 14 * 86_400_000),
    ("90s", 90_000)])
def test_since_takes_ages(text: str, back_ms: int) -> None:
    assert parse_since(text, NOW) == NOW - back_ms


def test_since_takes_dates_as_utc() -> None:
    assert parse_since("2025-06-15", NOW) == 1_749_945_600_000
    assert parse_since("2025-06-15T12:00:00Z", NOW) == 1_749_945_600_000 + 12 * 3_600_000


@pytest.mark.parametrize("text", ["yesterday", "7 days", "-3d", "", "2025-13-01"])
def test_since_rejects_anything_else_in_one_line(text: str) -> None:
    with pytest.raises(StoreError, match="expected an age like 7d") as caught:
        parse_since(text, NOW)
    assert "\n" not in str(caught.value)


def _report() -> GapsReport:
    group_ = GapGroup(terms=("comput", "quantum"), asked=3, people=2, last_ms=NOW,
                      wordings=(Wording("quantum\x1b[31m computing?", 2), Wording("quantum?", 1)))
    disliked = Disliked(route="passage", sources=(SourceRef("Skills › Python", "p1"),), down=2,
                        up=1, answers=2, last_ms=NOW, questions=(Wording("python libs?", 2),))
    return GapsReport(since_ms=None, guild_id=1234, refused_turns=3, groups=(group_,),
                      disliked=(disliked,), threshold=THRESHOLD)


def test_the_text_report_never_passes_terminal_escapes_through() -> None:
    text = render_text(_report())
    assert "\x1b" not in text and "quantum\ufffd[31m computing?" in text
    assert "3×" in text and "2 people" in text and "Skills › Python" in text


def test_the_json_report_names_ids_as_strings() -> None:
    data = as_json(_report())
    assert data["server"] == "1234" and data["refused_turns"] == 3
    assert data["groups"][0]["terms"] == ["comput", "quantum"]
    assert data["disliked"][0]["sources"] == [{"section": "Skills › Python", "passage": "p1"}]
