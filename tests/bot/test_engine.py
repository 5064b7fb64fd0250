"""The conversation engine on the real corpora: routes, follow-ups, abstention, limits."""

from __future__ import annotations

import re

import pytest

from bot.engine.answer import MAX_ANSWER, Answer, Route
from bot.engine import Engine
from bot.engine.sentences import MAX_QUESTION
from tests.bot.conversation import talk

FIGURES = {  # every ML guide salary figure, to check that no other country's leaks in
    "United States": "$90,000", "Canada": "CAD 70,000", "United Kingdom": "£50,000",
    "Germany": "€55,000", "France": "€45,000", "Australia": "AUD 80,000",
    "Singapore": "SGD 60,000", "India": "INR 6,00,000", "United Arab Emirates": "AED 180,000",
}


def only_figures_of(answer: Answer, *countries: str) -> None:
    for country, figure in FIGURES.items():
        if country in countries:
            assert figure in answer.text, country
        else:
            assert figure not in answer.text, f"{country}'s figure leaked"


def test_germany_salary(ml_engine: Engine) -> None:
    answer = ml_engine.answer("How much does an ML engineer earn in Germany?")
    assert answer.route == Route.SALARY and not answer.abstained
    assert "55,000" in answer.text and "100,000" in answer.text
    only_figures_of(answer, "Germany")
    assert answer.sources[0].section == "Salary and Compensation › Europe"
    assert answer.sources[0].text == "Germany: €55,000 – €100,000 per year"


def test_follow_up_country(ml_engine: Engine) -> None:
    first, second = talk(ml_engine, "How much does an ML engineer earn in Germany?",
                         "and in Canada?")
    assert "CAD 70,000 – CAD 130,000" in second.text
    only_figures_of(second, "Canada")


@pytest.mark.parametrize(("question", "countries"), [
    ("what do ML folks get paid in Deutschland", ["Germany"]),
    ("salary uk", ["United Kingdom"]),
    ("pay in the US", ["United States"]),
    ("UAE compensation", ["United Arab Emirates"]),
    ("UK vs Germany", ["United Kingdom", "Germany"]),
    ("how much in bengaluru", ["India"]),
    ("how much can I make in London?", ["United Kingdom"]),
])
def test_salary_paraphrases(ml_engine: Engine, question: str, countries: list[str]) -> None:
    answer = ml_engine.answer(question)
    assert answer.route == Route.SALARY, answer.text
    only_figures_of(answer, *countries)


def test_city_is_named_with_its_country(ml_engine: Engine) -> None:
    text = ml_engine.answer("salary in Bengaluru").text
    assert "Bengaluru is in India" in text and "INR 6,00,000 – INR 15,00,000" in text


def test_region_and_whole_table(ml_engine: Engine) -> None:
    europe = ml_engine.answer("salaries in Europe")
    only_figures_of(europe, "United Kingdom", "Germany", "France")
    assert "Netherlands" in europe.text
    table = ml_engine.answer("what is the salary of a machine learning engineer?")
    only_figures_of(table, *FIGURES)


def test_country_without_a_figure(ml_engine: Engine) -> None:
    answer = ml_engine.answer("salary in Japan")
    assert answer.abstained
    assert "no salary figure for Japan" in answer.text
    assert "United States" in answer.text and "India" in answer.text


@pytest.mark.parametrize("question", [
    "what's the weather in Paris?", "tell me a joke", "how much does the AWS exam cost",
    "asdfgh", "who won the world cup", "recipe for pancakes",
])
def test_out_of_scope_abstains(ml_engine: Engine, question: str) -> None:
    answer = ml_engine.answer(question)
    assert answer.abstained and not answer.sources, answer.text
    assert answer.text.startswith("The guide doesn't cover that.")


def test_list_answers(ml_engine: Engine) -> None:
    certs = ml_engine.answer("what certifications should I get?")
    assert certs.route == Route.LIST
    for name in ("AWS Certified Machine Learning – Specialty",
                 "Google Cloud Certified – Professional Machine Learning Engineer",
                 "Microsoft Certified: Azure AI Engineer Associate"):
        assert name in certs.text
    assert certs.sources[0].section == "Education and Training › Certifications"
    books = ml_engine.answer("books?")
    assert books.text.count("\n1. ") + books.text.count("\n5. ") == 2
    assert "Responsibilities" in ml_engine.answer("responsibilities").text.splitlines()[0]


def test_ordinal_and_back_reference_follow_ups(ml_engine: Engine) -> None:
    _, second, third = talk(ml_engine, "certs worth getting", "tell me more about the second one",
                            "and the third?")
    assert second.text.startswith("**Google Cloud Certified")
    assert third.text.startswith("**Microsoft Certified: Azure AI Engineer Associate**")
    _, deep = talk(ml_engine, "books?", "which of those is about deep learning?")
    assert deep.text.startswith("**“Deep Learning” by Ian Goodfellow")
    _, sites = talk(ml_engine, "books?", "what about websites?")
    assert "Kaggle" in sites.text and "Coursera" in sites.text


def test_follow_up_stays_in_the_section(ml_engine: Engine) -> None:
    _, france = talk(ml_engine, "demand in Germany", "and in France?")
    assert france.text.startswith("**France**: Paris has a notable demand")


def test_specific_passages(ml_engine: Engine) -> None:
    assert ml_engine.answer("Who is Andrew Ng?").text.startswith("**Andrew Ng**: Andrew Ng is")
    assert "overfitting" in ml_engine.answer("what is overfitting").text
    assert ml_engine.answer("what is kaggle").text.startswith("**Kaggle**")
    assert ml_engine.answer("what does an ml engineer do").sources[0].section == "Overview"


@pytest.mark.parametrize(("question", "kind"), [
    ("hi", Route.SMALLTALK), ("thanks!", Route.SMALLTALK), ("help", Route.SMALLTALK),
    ("", Route.EMPTY), ("   ", Route.EMPTY), ("?", Route.EMPTY), ("🙂🙂", Route.EMPTY),
])
def test_smalltalk_and_empty(ml_engine: Engine, question: str, kind: str) -> None:
    answer = ml_engine.answer(question)
    assert answer.route == kind and not answer.sources
    assert "Machine Learning Engineer" in answer.text


def test_help_is_built_from_the_corpus(ml_engine: Engine, de_engine: Engine) -> None:
    ml, de = ml_engine.answer("help").text, de_engine.answer("help").text
    assert "Who is Andrew Ng?" in ml and "Who is Maxime Beauchemin?" in de
    assert "Data Engineer" in de and "Machine Learning" not in de


def test_huge_and_odd_input(ml_engine: Engine) -> None:
    huge = ml_engine.answer("salary in Germany " + "x" * 10_000)
    assert len(huge.text) <= MAX_ANSWER
    cap = ml_engine.answer("germany salary " * (MAX_QUESTION // 15 + 5))
    assert "€55,000" in cap.text
    nul = ml_engine.answer("salary\x00 in \x1b[31mGermany")
    assert "€55,000" in nul.text
    assert ml_engine.answer("@everyone salary in Germany").route == Route.SALARY
    hidden = ml_engine.answer("\ufeffsal\u200bary in Ger\u00adma\u200dny\u202e")
    assert hidden.text == ml_engine.answer("salary in Germany").text


QUESTIONS = ["skills", "education", "career path", "salaries", "where are the jobs",
             "challenges", "notable engineers", "additional resources", "communities",
             "what is the demand in India", "is python important", "tensorflow or pytorch"]


@pytest.mark.parametrize("question", QUESTIONS)
def test_answers_are_bounded_and_sourced(ml_engine: Engine, question: str) -> None:
    answer = ml_engine.answer(question)
    assert not answer.abstained, answer.text
    assert len(answer.text) <= MAX_ANSWER
    ids = {p.id for p in ml_engine.corpus.passages}
    assert answer.sources and all(s.passage in ids for s in answer.sources)
    assert re.search(r"_Sources?: .+_$", answer.text)


def test_same_engine_on_the_second_guide(de_engine: Engine) -> None:
    japan = de_engine.answer("how much do data engineers make in Japan?")
    assert "¥6,000,000 – ¥11,000,000 per year" in japan.text
    brazil = de_engine.answer("salary in São Paulo")
    assert "São Paulo is in Brazil" in brazil.text and "R$ 8.000 – R$ 20.000 per month" in brazil.text
    latam = de_engine.answer("salaries in Latin America")
    assert "Brazil" in latam.text and "Mexico" in latam.text and "Japan" not in latam.text
    assert de_engine.answer("salary in Canada").abstained
    certs = de_engine.answer("certifications?")
    assert certs.route == Route.LIST and "Snowflake SnowPro Core Certification" in certs.text
    assert de_engine.answer("who is Jay Kreps").text.startswith("**Jay Kreps**")


def test_salary_record_for_the_fronts(ml_engine: Engine) -> None:
    report = ml_engine.salary(["London", "Austria", "Germany"])
    assert [r.country for r in report.rows] == ["United Kingdom", "Germany"]
    assert report.notes == ("London is in the United Kingdom; the guide gives one range for "
                            "the whole country.",)
    assert [m.name for m in report.missing] == ["Austria"]
    assert report.missing[0].closest[0] == "Australia"
    assert report.caveat is not None and report.caveat in ml_engine.answer("salary").text
    assert "India" in report.covered and len(report.sources) == 3
    assert len(ml_engine.salary().rows) == len(ml_engine.corpus.salaries)


def test_small_talk_kinds_share_no_word(ml_engine: Engine) -> None:
    from bot.engine.lexicon import lexicon
    kinds = lexicon().smalltalk
    for kind, words in kinds.items():
        for other, more in kinds.items():
            assert kind == other or not words & more, (kind, other, words & more)
    assert ml_engine.answer("is it good?").route != Route.SMALLTALK
    assert ml_engine.answer("thanks a lot bot").text.startswith("You're welcome")


@pytest.mark.parametrize("question", [
    "Which certifications exist?",                        # an everyday word the guide lacks
    "ml engineer role in a nutshell",                     # talk about the guide, not a topic
    "is analysing big datasets part of the job",          # a form of a guide word
    "which languages should i code in for ml",
])
def test_ordinary_words_do_not_sink_answerable_questions(ml_engine: Engine, question: str) -> None:
    assert not ml_engine.answer(question).abstained


@pytest.mark.parametrize("question", [
    "what visa do I need to work in Canada",              # a place is not a topic
    "recommend a good pizza place in Amsterdam",
    "what time is it",                                    # a guide word in another sense
    "how do i center a div",
    "who won the 2022 world cup",
])
def test_guide_words_in_another_sense_abstain(ml_engine: Engine, question: str) -> None:
    assert ml_engine.answer(question).abstained


def test_common_words_are_never_typo_corrected(ml_engine: Engine) -> None:
    # "stock" is one edit from the guide's "stack", "direction" from "director".
    assert ml_engine.answer("Do ML engineers get stock options?").abstained
    assert "Researcher" in ml_engine.answer("is research a possible direction later on?").text


def test_a_four_letter_non_word_is_corrected_only_to_its_one_neighbour(
        ml_engine: Engine) -> None:
    # "clud" has one guide word one edit away (cloud); "mony" has two (money, many); "algo"
    # only "also", which names nothing.
    assert "AWS Certified" in ml_engine.answer("certfications clud").text
    assert "Berlin" in ml_engine.answer("jbos in germany").text
    assert ml_engine.reader.speller.correct("mony in uk") == "mony in uk"
    assert ml_engine.reader.speller.correct("algo trading jobs") == "algo trading jobs"


def test_explain_shows_the_gate_and_the_weights(ml_engine: Engine) -> None:
    record = ml_engine.explain("what's the capital of australia")
    assert record.abstained and "place" in record.reason
    assert [u.word for u in record.unknown] == ["capital"] and record.unknown[0].weight > 0.5
    found = ml_engine.explain("what certifications should I get")
    assert not found.abstained and found.considered[0].score > 0
    assert found.as_json()["route"] == "list"


def test_career_steps_walk_the_guides_order(ml_engine: Engine) -> None:
    assert "Machine Learning Researcher" in ml_engine.answer("what comes after senior ML engineer").text
    assert "Software Engineer or Developer" in ml_engine.answer("job before ml engineer").text
    first = ml_engine.answer("tell me about the senior machine learning engineer step")
    assert "Researcher" in ml_engine.answer("and after that?", first.context).text
    # "before" about something that is not a step is not a step question.
    assert "Data Preprocessing" in ml_engine.answer(
        "what do ML engineers do with the datasets before training").text


def test_pronouns_and_there_point_back(ml_engine: Engine) -> None:
    ng = ml_engine.answer("who is andrew ng")
    assert "Baidu" in ml_engine.answer("and where was he chief scientist", ng.context).text
    uae = ml_engine.answer("ML jobs in the UAE")
    assert "Dubai" in ml_engine.answer("which cities are hiring there?", uae.context).text


def test_currencies_pick_the_countries_that_pay_in_them(ml_engine: Engine) -> None:
    text = ml_engine.answer("which countries pay in euros").text
    assert all(c in text for c in ("Germany", "France", "Netherlands")) and "£" not in text
    assert "CAD 70,000" in ml_engine.answer("salary in CAD").text


def test_pay_for_another_role_is_not_the_guides_figure(ml_engine: Engine) -> None:
    for question in ("data engineer salary in the US", "software engineer pay in London"):
        answer = ml_engine.answer(question)
        assert answer.abstained and "$" not in answer.text and "£" not in answer.text
    assert not ml_engine.answer("senior ML engineer salary in germany").abstained


def test_lists_carry_each_entrys_gist_when_it_fits(ml_engine: Engine) -> None:
    skills = ml_engine.answer("what skills do I need?").text
    assert "Strong Programming Skills" in skills and "Python" in skills
    assert len(skills) <= MAX_ANSWER
    # The demand lists keep their cities; the career path keeps its introduction.
    assert "Silicon Valley" in ml_engine.answer("where are the ML jobs in North America").text
    assert "data analysis or software development" in ml_engine.answer("career path").text


def test_weak_cues_and_authored_titles(ml_engine: Engine) -> None:
    # "become" points at the career path only when nothing else is asked about.
    assert "Strong Programming Skills" in ml_engine.answer(
        "What skills do I need to become an ML engineer?").text
    assert "Data Science Manager" in ml_engine.answer("can i become an AI engineer later on").text
    assert "Géron" in ml_engine.answer("who wrote hands-on machine learning").text
    assert "Courville" in ml_engine.answer("the bok by goodfelow, who else wrote it").text


def test_money_questions_rank_compare_and_convert_with_a_label(ml_engine: Engine) -> None:
    ranked = ml_engine.answer("which country pays the most").text
    assert ranked.index("United States") < ranked.index("India")
    assert "not the guide's figures" in ranked and "INR 6,00,000 – INR 15,00,000" in ranked
    inside = ml_engine.answer("is 120k in NYC inside the range?").text
    assert "$120,000 is inside the guide's range for the United States" in inside
    assert "AUD 140,000 per year" in ml_engine.answer("the maximum for Australia").text.split("\n")[0]
    dollars = ml_engine.answer("salary in germany in dollars").text
    assert "€55,000 – €100,000" in dollars and "In USD: about $" in dollars
    assert "not the guide's figures" in dollars
    assert ml_engine.answer("what's the minimum wage in Germany").abstained
    assert ml_engine.answer("1234567890").route != Route.SALARY


def test_ellipsis_keeps_the_country_and_counts_keep_the_list(ml_engine: Engine) -> None:
    canada = ml_engine.answer("ml jobs in canada")
    follow = ml_engine.answer("what industries?", canada.context)
    assert "Canada" in follow.text and "France" not in follow.text
    path = ml_engine.answer("what's the career path")
    counted = ml_engine.answer("how many steps are there", path.context)
    assert counted.route == Route.LIST and "(7)" in counted.text


def test_world_cities_are_places_not_unknown_words(ml_engine: Engine) -> None:
    tokyo = ml_engine.answer("ml jobs in tokyo")
    assert tokyo.abstained and "Japan" in tokyo.text
    munich = ml_engine.answer("salary in munich").text
    assert "Munich is in Germany" in munich and "€55,000" in munich
    # A city of a covered country that the guide never names: its country's pay and jobs,
    # said to be the country's; anything else about it is a place the guide lacks.
    jobs = ml_engine.answer("ml jobs in munich")
    assert "does not name Munich" in jobs.text and "Berlin" in jobs.text and not jobs.abstained
    assert ml_engine.answer("rent in munich").abstained


def test_properties_the_guide_never_states_are_not_covered(ml_engine: Engine) -> None:
    for question in ("is Coursera free?", "how old is andrew ng", "who runs Kaggle"):
        assert ml_engine.answer(question).abstained, question
    kaggle = ml_engine.answer("tell me about kaggle")
    assert ml_engine.answer("is it free?", kaggle.context).abstained
    assert "Kaggle" in ml_engine.answer("what is it for", kaggle.context).text
    assert not ml_engine.answer("tell me about coursera").abstained


def test_filler_is_read_by_word_and_chat_spelling_is_forgiven(ml_engine: Engine) -> None:
    # "explain" is filler, "explainability" is not; "requirments" is still filler.
    assert "Interpretability" in ml_engine.answer("why explainability matter").text
    assert "Bachelor" in ml_engine.answer("educaton requirments for ml engineer").text
    assert "AED" in ml_engine.answer("wat do ml engineers make in dubai").text
    assert ml_engine.answer("what time is it in sydney right now").abstained
    assert ml_engine.answer("how much do machine learning engineers earn in Ireland in euros").abstained


def test_several_entries_when_the_question_asks_for_several(ml_engine: Engine) -> None:
    text = ml_engine.answer("stack exchange sites for ml questions").text
    assert "Data Science Stack Exchange" in text and "I Stack Exchange" in text
    path = ml_engine.answer("what's the first step in the career path")
    follow = ml_engine.answer("the last one?", path.context)
    assert "Chief AI Officer" in follow.text


def test_a_currency_after_a_salary_answer_converts_it(ml_engine: Engine) -> None:
    india = ml_engine.answer("salary in india")
    converted = ml_engine.answer("how much is that in US dollars today", india.context).text
    assert "INR 6,00,000" in converted and "In USD: about $" in converted
    assert "$90,000" not in converted


def test_how_to_for_a_technique_is_not_covered(ml_engine: Engine) -> None:
    assert ml_engine.answer("how do i code a decision tree from scratch in python").abstained
    assert ml_engine.answer("how to fix overfitting").abstained
    assert not ml_engine.answer("how do i become an ml engineer?").abstained
    assert "Data Analyst" in ml_engine.answer("career progresion ml enginer steps").text


def test_which_featured_person_wrote_a_book(ml_engine: Engine) -> None:
    text = ml_engine.answer("which featured person also wrote a book").text
    assert "Machine Learning Yearning" in text and "Géron" not in text


def test_the_books_footnote_answers_but_does_not_introduce_the_list(ml_engine: Engine) -> None:
    assert "small commission" in ml_engine.answer(
        "do you get a commission from those book links?").text
    assert not ml_engine.answer("books?").text.startswith("I may receive")
