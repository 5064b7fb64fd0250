"""Follow-ups that lean on the conversation: which person a pronoun means, the countries the
talk is about, and walking the career path without naming it."""

from __future__ import annotations

from bot.engine import Engine
from bot.engine.answer import Route
from tests.bot.conversation import talk


def test_she_after_a_man_is_the_one_woman_the_guide_features(ml_engine: Engine) -> None:
    # The profiles say "He co-founded…" and "She has been a professor…".
    *_, about_her, about_him = talk(ml_engine, "tell me about andrew ng", "what did she do?",
                                    "and what is he known for")
    assert "Fei-Fei Li" in about_her.text and "Stanford" in about_her.text
    assert "Coursera" in about_him.text


def test_his_with_nobody_talked_about_is_not_a_person(ml_engine: Engine) -> None:
    answer = ml_engine.answer("what problems does an ml engineer meet in his job?")
    assert "Andrew Ng" not in answer.text


def test_a_bare_section_word_after_a_country_stays_with_that_country(
        ml_engine: Engine) -> None:
    pay, jobs, wider = talk(ml_engine, "pay in canada", "and the job market?",
                            "what about all the other countries")
    assert "CAD 70,000" in pay.text
    assert "Toronto" in jobs.text and "Sydney" not in jobs.text
    assert "Sydney" in wider.text and "Toronto" in wider.text


def test_the_other_countries_after_a_salary_answer_is_the_whole_table(ml_engine: Engine) -> None:
    _, others = talk(ml_engine, "pay in canada", "and what about other countries?")
    assert "£50,000" in others.text and "AED 180,000" in others.text


def test_the_top_of_the_path_needs_no_career_word_once_on_it(ml_engine: Engine) -> None:
    *_, top = talk(ml_engine, "what comes after senior ml engineer", "and the very top?")
    assert "Chief" in top.text


def test_the_whole_ladder_is_the_path_not_its_top(ml_engine: Engine) -> None:
    answer = ml_engine.answer("show me the entire career ladder from bottom to top")
    assert "Data Analyst" in answer.text and "Chief" in answer.text


def test_judgement_words_ask_whether_not_about_what(ml_engine: Engine) -> None:
    # "decent" and "obligatory" are not topics the guide lacks.
    assert "New York" in ml_engine.answer("is new york a decent city for ml jobs").text
    assert "Bachelor" in ml_engine.answer("is a degree obligatory?").text


def test_a_fact_no_entry_states_is_not_covered_in_a_follow_up(ml_engine: Engine) -> None:
    *_, cost = talk(ml_engine, "what certifications are there", "how much is the azure one?")
    assert cost.abstained
    *_, length = talk(ml_engine, "tell me about kaggle", "how long are the courses there?")
    assert length.abstained
    # Naming a kind is not asking a fact: "free" here picks a course, it asks nothing.
    assert "CS229" in ml_engine.answer("free ml course from stanford").text


def test_pay_components_the_guide_never_gives_are_not_covered(ml_engine: Engine) -> None:
    *_, bonus = talk(ml_engine, "salary in the uk", "does that include a bonus?")
    assert bonus.abstained


def test_which_is_higher_ranks_the_countries_asked_in_turn(ml_engine: Engine) -> None:
    *_, ranked = talk(ml_engine, "pay in the uk", "and in australia?", "which one is higher?")
    assert not ranked.abstained
    assert "United Kingdom" in ranked.text and "Australia" in ranked.text


def test_the_nth_step_of_the_path_after_the_path(ml_engine: Engine) -> None:
    *_, third, after = talk(ml_engine, "career path?", "what's the 3rd step", "and after it?")
    assert third.text.startswith("**Machine Learning Engineer**")
    assert after.text.startswith("**Senior Machine Learning Engineer**")


def test_a_titled_entry_beats_one_whose_text_uses_the_word(ml_engine: Engine) -> None:
    # "hands-on" is the title of one book and a word in another's description.
    *_, author = talk(ml_engine, "which books does it recommend", "who wrote the hands-on one")
    assert "Géron" in author.text


def test_durations_and_exams_are_facts_the_guide_does_not_state(ml_engine: Engine) -> None:
    assert ml_engine.answer("how many hours a week do ml engineers work").abstained
    *_, exam = talk(ml_engine, "tell me about the aws cert", "what's on the exam?")
    assert exam.abstained
    assert ml_engine.answer("pytorch or tensorflow, which trains faster?").abstained
    # "worth" is a judgement a recommendation answers.
    assert "Bishop" in ml_engine.answer("bishop's pattern recognition book, worth it?").text


def test_jobs_before_the_role_in_the_plural_are_every_earlier_step(ml_engine: Engine) -> None:
    answer = ml_engine.answer("what roles do people usually have before becoming an mle?")
    assert "Data Analyst" in answer.text and "Software Engineer" in answer.text
    assert "Senior" not in answer.text


def test_the_nth_one_with_a_question_about_it_opens_the_last_lists_entry(
        ml_engine: Engine) -> None:
    *_, second = talk(ml_engine, "what are the notable people", "the 2nd one, why is she known?")
    assert second.text.startswith("**Fei-Fei Li**")


def test_the_other_one_in_a_section_of_two(ml_engine: Engine) -> None:
    *_, other = talk(ml_engine, "who is andrew ng", "and the other one in that section?")
    assert other.text.startswith("**Fei-Fei Li**")


def test_pay_per_another_period_is_the_guides_figure_divided_and_said_so(
        ml_engine: Engine) -> None:
    _, which, monthly = talk(ml_engine, "salary in australia", "monthly or yearly?", "per month?")
    assert "AUD 80,000 – AUD 140,000 per year" in which.text
    assert "Per month: about AUD 6,670 – AUD 11,670" in monthly.text
    assert "divided by 12" in monthly.text


def test_that_and_it_right_after_one_passage_mean_that_passage(ml_engine: Engine) -> None:
    _, fund = talk(ml_engine, "are the book links affiliate links?", "what does that money fund?")
    assert "Healthy Software Developer" in fund.text and "$90,000" not in fund.text
    *_, person = talk(ml_engine, "Where does the ML engineer career usually start?",
                      "and the step after ML engineer?", "what does that person do")
    assert "guide junior engineers" in person.text and not person.abstained
    # A fact the passage never states is still not covered.
    _, cost = talk(ml_engine, "tell me about kaggle", "how much does that cost")
    assert cost.abstained


def test_what_to_learn_for_that_after_a_career_answer_is_the_skills(ml_engine: Engine) -> None:
    move = ml_engine.answer("I'm a software developer with 4 years of experience. "
                            "Can I move into ML engineering?")
    learn = ml_engine.answer("what would I need to learn for that", move.context)
    assert "Mathematics and Statistics" in learn.text
    # A named subject still wins over the list: "what maths do i need to learn".
    assert ml_engine.answer("what maths do i need to learn").text.startswith(
        "**Mathematics and Statistics**")


def test_besides_sets_a_topic_aside_and_the_x_part_stays_in_the_section(
        ml_engine: Engine) -> None:
    certs = ml_engine.answer("which certs does the guide recommend")
    training = ml_engine.answer("ok besides certs what training should i do", certs.context)
    assert "Neural Networks Training" in training.text
    assert not training.text.startswith("**Certifications**")
    duties = ml_engine.answer("what are the main responsibilities")
    part = ml_engine.answer("and the training part?", duties.context)
    assert part.text.startswith("**Model Training and Evaluation**")
    # A section's own name is that section, not an entry that uses the word.
    section = ml_engine.answer("and the responsibilities?", certs.context)
    assert "Developing and Implementing ML Models" in section.text


def test_what_topics_right_after_a_book_is_about_the_book(ml_engine: Engine) -> None:
    book = ml_engine.answer("tell me about bishop's book")
    topics = ml_engine.answer("what topics", book.context)
    assert "Bayesian reasoning" in topics.text and topics.route != Route.SMALLTALK
    assert ml_engine.answer("what can you do", book.context).route == Route.SMALLTALK


def test_how_much_there_after_a_citys_jobs_is_that_countrys_pay(ml_engine: Engine) -> None:
    *_, jobs, pay = talk(ml_engine, "which city is the ml hub in the netherlands",
                         "and in france which city", "how much do they make there")
    assert "Paris" in jobs.text
    assert pay.route is Route.SALARY and "€45,000" in pay.text and "€55,000" not in pay.text


def test_an_announced_change_of_subject_drops_the_talk_so_far(ml_engine: Engine) -> None:
    *_, degree = talk(ml_engine, "which uk cities are hiring ml people", "salary there",
                      "ok diff topic - do i need a masters for this")
    assert "Master’s" in degree.text and "Towards Data Science" not in degree.text
    kept, fresh = (talk(ml_engine, "salary in canada", q)[-1]
                   for q in ("what about the job market?",
                             "new question: what about the job market?"))
    assert "Toronto" in kept.text and "London" not in kept.text
    assert "Toronto" in fresh.text and "London" in fresh.text


def test_a_bare_two_word_follow_up_stays_in_the_section_of_the_talk(ml_engine: Engine) -> None:
    *_, frameworks = talk(ml_engine, "what training does the guide recommend",
                          "which frameworks")
    assert frameworks.text.startswith("**TensorFlow or PyTorch Training**")
    # After a country's entry it is that country's: "which industries" after Australia.
    *_, industries = talk(ml_engine, "ml jobs in australia", "which industries")
    assert "finance, healthcare, and tech sectors" in industries.text


def test_he_after_a_book_by_its_authors_is_one_of_them(ml_engine: Engine) -> None:
    *_, coauthor = talk(ml_engine, "book by bishop?", "and raschka's one?", "who's his co-author")
    assert "Vahid Mirjalili" in coauthor.text
    # After a featured person, "he" is still that person.
    *_, chief = talk(ml_engine, "who is andrew ng", "where was he chief scientist")
    assert "Baidu" in chief.text
