"""How the engine reads a question's words: chat filler, short forms, inflections of the
synonym table's words, Reddit names, price adjectives and range words."""

from __future__ import annotations

from bot.engine import Engine
from tests.bot.conversation import talk


def test_a_chat_yes_or_no_says_nothing_the_guide_lacks(ml_engine: Engine) -> None:
    # "nah" used to weigh more than the job-outlook word beside Amsterdam.
    answer = ml_engine.answer("is amsterdam good for ML jobs or nah")
    assert "Amsterdam is a hub" in answer.text
    assert "Toronto" not in answer.text


def test_degree_short_forms_are_the_degrees(ml_engine: Engine) -> None:
    answer = ml_engine.answer("msc in data sci good for this??")
    assert "Bachelor’s or Master’s Degree" in answer.text
    # "comp sci" is still computer science, not "comp" (pay) and science.
    assert "computer science" in ml_engine.answer("comp sci degree good for ml eng?").text


def test_an_inflection_of_a_synonym_reads_as_the_synonym(ml_engine: Engine) -> None:
    studied = ml_engine.answer("studied physics, does that count as a related field")
    assert studied.text.startswith("**Bachelor’s or Master’s Degree**")
    assert "Education and Training" in ml_engine.answer("what should i have studied for this").text
    assert "Data Quality and Availability" in ml_engine.answer(
        "what's the toughest part of this job honestly").text
    assert "Developing and Implementing ML Models" in ml_engine.answer(
        "wat r the main dutys of ml engneer").text
    # A word the guide itself uses keeps its own sense: "networks" is not "networking".
    assert "Neural Networks" in ml_engine.answer("neural networks training?").text


def test_a_subreddit_named_the_reddit_way(ml_engine: Engine) -> None:
    for question in ("r/machinelearning", "is r/MachineLearning worth joining?"):
        assert "subreddit dedicated to machine learning" in ml_engine.answer(question).text
    # "r" alone is still chat for "are".
    assert "Strong Programming Skills" in ml_engine.answer("wht r the skills").text


def test_a_price_adjective_before_a_thing_names_the_kind_wanted(ml_engine: Engine) -> None:
    notes = ml_engine.answer("where do i get free lecture notes for ML fundamentals")
    assert "Stanford University CS229" in notes.text
    # Said of a thing, it is a fact the guide does not state.
    assert ml_engine.answer("is kaggle free?").abstained
    *_, free = talk(ml_engine, "what is fast.ai", "is it free?")
    assert free.abstained


def test_new_data_is_the_guides_unseen_data(ml_engine: Engine) -> None:
    answer = ml_engine.answer("model is great on train data but bad on new data, "
                              "what's that problem called")
    assert answer.text.startswith("**Overfitting and Generalization**")


def test_the_upper_limit_of_a_country_is_its_top_figure(ml_engine: Engine) -> None:
    answer = ml_engine.answer("what's the upper limit for ML engineers in Singapore")
    assert "SGD 120,000" in answer.text and "AUD" not in answer.text
    assert "AUD 80,000" in ml_engine.answer("lower end in australia?").text


def test_a_count_of_people_a_date_or_an_email_is_a_fact_the_guide_does_not_give(
        ml_engine: Engine) -> None:
    for question in ("how many ML engineers work at Baidu",
                     "How many machine learning engineers are employed in India?",
                     "when is acm's next conference", "what's jayme edwards' email address"):
        assert ml_engine.answer(question).abstained, question
    # The entries of a section are counted by its list; advice on timing is no date.
    assert "Andrew Ng" in ml_engine.answer("how many notable engineers are there on the page").text
    assert "Fei-Fei Li" in ml_engine.answer("How many notable ML engineers does the guide profile").text
    assert not ml_engine.answer("how many certifications does the guide list").abstained


def test_checking_a_model_is_evaluating_it_and_watching_it_is_monitoring(
        ml_engine: Engine) -> None:
    assert ml_engine.answer("how do they check if a model is actually good").text.startswith(
        "**Model Training and Evaluation**")
    assert "Model Deployment and Maintenance" in ml_engine.answer(
        "is watching models after they ship a headache?").text


def test_a_how_to_for_a_tool_the_guide_only_names_is_not_covered(ml_engine: Engine) -> None:
    assert ml_engine.answer("how do I undo my last commit in git").abstained
    assert "like Git" in ml_engine.answer("is git something i should learn").text


def test_the_one_sentence_that_asks_before_more_about_the_asker(ml_engine: Engine) -> None:
    answer = ml_engine.answer("hey so what is an ML engineer in simple words? "
                              "my mom keeps asking me lol")
    assert "plays a crucial role" in answer.text


def test_only_the_asking_clause_asks_an_attribute(ml_engine: Engine) -> None:
    # "next year" and "could be old" tell; the clause after the comma asks.
    moving = ml_engine.answer("I'm moving to Canada next year, which cities have ML jobs?")
    assert "Toronto and Vancouver" in moving.text
    latest = ml_engine.answer("the guide's job outlook could be old, where does it say to "
                              "check for the latest info?")
    assert "job portals, and industry reports" in latest.text
    assert "Azure AI Engineer Associate" in ml_engine.answer(
        "my whole company runs on azure, is there a cert for me").text
    # Asked in the clause that asks, it is still an attribute.
    assert ml_engine.answer("what year was coursera founded").abstained
    assert ml_engine.answer("which of the AWS, Google Cloud and Azure certs is the easiest "
                            "to pass").abstained


def test_a_word_naming_the_section_is_no_attribute_asked(ml_engine: Engine) -> None:
    hard = ml_engine.answer("what's hard about deploying ML models?")
    assert hard.text.startswith("**Model Deployment and Maintenance**")
    assert ml_engine.answer("is the aws cert hard").abstained


def test_an_everyday_guide_word_explains_little_beside_words_the_guide_lacks(
        ml_engine: Engine) -> None:
    for question in ("how to change a flat tire", "who's playing in the champions league final"):
        assert ml_engine.answer(question).abstained, question
    # The rest of the question can still be answered without it.
    assert "job market is dynamic" in ml_engine.answer(
        "is the ML job market stable or does it change a lot").text


def test_an_opinion_or_a_pay_component_the_guide_lacks_is_not_covered(ml_engine: Engine) -> None:
    for question in ("in your opinion is fast.ai better than CS229",
                     "do ML engineers in France get a 13th month salary"):
        assert ml_engine.answer(question).abstained, question
    assert "€45,000" in ml_engine.answer("ml engineer salary in France per month").text


def test_a_mistyped_function_word_or_a_greeting_names_nothing_the_guide_lacks(
        ml_engine: Engine) -> None:
    assert "Sydney and Melbourne" in ml_engine.answer("wher are ml jobs in austrlia").text
    assert "Developing and Implementing ML Models" in ml_engine.answer(
        "wat r teh main job tasks of ml enginer").text
    assert "Bengaluru, Mumbai, and Delhi-NCR" in ml_engine.answer(
        "Namaste, which Indian cities are having demand for ML developers?").text
    # A letter changed is not a typo of a function word: "IDE" is no "ive".
    assert ml_engine.answer("recommend a python IDE").abstained


def test_the_rules_of_this_change_stay_in_their_lane(ml_engine: Engine) -> None:
    # A short last sentence after a country is still its own question, not the country's pay.
    assert "Strong Programming Skills" in ml_engine.answer("I'm in Canada. skills needed?").text
    # A word sharing only a stem with a synonym is not that synonym.
    for question in ("are there jobs in hospitality?", "what kind of commitment does the job need?"):
        assert ml_engine.answer(question).abstained, question
    # A capital R before a slash is the language.
    assert "subreddit" not in ml_engine.answer("should I learn R/Python first?").text
    # One word read as two terms ("phd") is not two topics of another passage.
    assert "$90,000" in ml_engine.answer("salary of a machine learning engineer with a phd").text
    assert "$90,000" in ml_engine.answer("what does every step of the career path pay?").text
    # "push" is no how-to verb; "when is X worth it" asks no date.
    assert "Model Deployment" in ml_engine.answer("how do I push models to production").text
    assert not ml_engine.answer("when is a masters degree worth it?").abstained
    # Several picked by a verb in the plural.
    cover = ml_engine.answer("which of the books cover deep learning?").text
    assert "Goodfellow" in cover and "Géron" in cover
    # "he" after a book by a featured person is that person.
    *_, he = talk(ml_engine, "tell me about machine learning yearning", "who is he?")
    assert he.text.startswith("**Andrew Ng**")


def test_bok_is_chat_for_book(ml_engine: Engine) -> None:
    assert ml_engine.answer("bok by bishop whats in it").text.startswith(
        "**“Pattern Recognition and Machine Learning”")


def test_a_british_ise_spelling_reads_as_the_guides_ize(ml_engine: Engine) -> None:
    assert "optimizing and monitoring" in ml_engine.answer("do they optimise the models after too?").text
    # A word the guide itself spells with -is- is left alone.
    assert "Data Analyst or Data Scientist" in ml_engine.answer("can i start as an analyst").text


def test_paying_for_a_resource_is_no_pay_of_the_role(ml_engine: Engine) -> None:
    assert ml_engine.answer("is Kaggle free to use or do I need to pay").abstained
    assert "$90,000" in ml_engine.answer("how much do they pay ml engineers in the us").text


def test_how_much_a_thing_costs_in_a_country_is_a_price_not_pay(ml_engine: Engine) -> None:
    assert ml_engine.answer("how much does the AWS Certified Machine Learning – Specialty exam "
                            "cost in India?").abstained
    assert "INR 6,00,000" in ml_engine.answer("how much in India?").text


def test_one_word_read_as_two_terms_weighs_once(ml_engine: Engine) -> None:
    # "become" is read as "career path": one word of the question, not two.
    assert ml_engine.answer("how do I become an airline pilot").abstained
    assert "Data Analyst or Data Scientist" in ml_engine.answer(
        "how do I become an ML engineer").text
