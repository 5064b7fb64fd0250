"""Who asks and from where: the asker's job, audience and home are background, not topic."""

from __future__ import annotations

from bot.engine import Engine


def test_the_askers_job_and_audience_are_no_topic_the_guide_lacks(ml_engine: Engine) -> None:
    listed = ml_engine.answer("Recruiter here: which key responsibilities should I list in the "
                              "JD for an ML engineer?")
    assert "Integration with Software Systems" in listed.text and not listed.abstained
    assert "Bachelor" in ml_engine.answer(
        "as a recruiter what degree should i put as the requirement in the JD").text
    assert "designing, developing, and deploying" in ml_engine.answer(
        "In one sentence, how would you summarise the work of an ML engineer for my parents?").text


def test_a_frame_inside_the_question_still_counts(ml_engine: Engine) -> None:
    # "as a freelancer" here is what is asked about, not who asks: the guide has no such pay.
    assert ml_engine.answer("what is the salary as a freelancer").abstained
    assert ml_engine.answer("what is the best restaurant for my parents in Paris").abstained


def test_a_country_the_guide_lacks_is_background_to_a_question_on_another_topic(
        ml_engine: Engine) -> None:
    trainings = ml_engine.answer("Good evening. I am nurse from Lagos moving into tech. After "
                                 "basics, which trainings the guide is advising?")
    assert "Neural Networks Training" in trainings.text and not trainings.abstained
    # Pay and jobs are told country by country: there the country is the question.
    jobs = ml_engine.answer("is there demand for ml engineers in nigeria")
    assert jobs.abstained and "Nigeria" in jobs.text
    assert ml_engine.answer("ml engineer salary in lagos").abstained


def test_what_pay_depends_on_and_a_city_in_its_own_language(ml_engine: Engine) -> None:
    depends = ml_engine.answer("Does the salary depend on years of experience or company size?")
    assert "company size" in depends.text and not depends.abstained
    assert "€55,000" in ml_engine.answer("ml engineer gehalt münchen").text


def test_which_countries_the_guide_covers(ml_engine: Engine) -> None:
    covered = ml_engine.answer("which countries does the guide cover at all")
    assert "United Arab Emirates" in covered.text and "Germany" in covered.text
    region = ml_engine.answer("asia-pacific countries listed")
    assert "Singapore" in region.text and "Germany" not in region.text
    assert ml_engine.answer("what's the best country to live in").abstained


def test_a_conversion_asked_alone_is_not_the_guides_and_says_so(ml_engine: Engine) -> None:
    germany = ml_engine.answer("ml engineer salary germany")
    usd = ml_engine.answer("how much is that in USD", germany.context)
    assert usd.abstained and "€55,000" in usd.text and "not the guide's" in usd.text
    # Asked with the place, the guide's figure is the answer and the conversion an extra.
    assert not ml_engine.answer("germany ml salary in dollars").abstained


def test_a_reason_the_asker_gives_is_background(ml_engine: Engine) -> None:
    nigeria = ml_engine.answer("whats the ml salary in nigeria")
    uk = ml_engine.answer("ok then what about the UK, since I plan to relocate", nigeria.context)
    assert "£50,000" in uk.text and not uk.abstained
    # The asker's reason does not hide a topic the guide lacks.
    assert ml_engine.answer("what's the visa process, since I plan to relocate").abstained


def test_a_named_country_and_a_topic_only_other_countries_word_get_its_entry(
        ml_engine: Engine) -> None:
    # Singapore's job entry says "finance, healthcare", never "industries"; others do.
    answer = ml_engine.answer("In Singapore, which industries need ML engineers most?")
    assert "finance, healthcare, and technology" in answer.text and "SGD" not in answer.text


def test_the_entry_the_background_names_answers_which_one_is_for_me(ml_engine: Engine) -> None:
    azure = ml_engine.answer("I am working on Azure in my company in Pune. Is there any "
                             "certification for me in this list?")
    assert azure.text.startswith("**Microsoft Certified: Azure AI Engineer Associate**")
    # Asked for several ("what skills…"), the list stays, whatever the background names.
    skills = ml_engine.answer("Everyone online says ML is all math. What skills does the "
                              "guide say an ML engineer needs?")
    assert "Strong Programming Skills" in skills.text and "Mathematics" in skills.text


def test_short_forms_figures_and_who_started_what(ml_engine: Engine) -> None:
    assert "Bachelor" in ml_engine.answer("edu reqs").text
    assert "$150,000" in ml_engine.answer("is 150k usd realistic for an ml engineer in america?").text
    baidu = ml_engine.answer("who's the guy in the guide that was at baidu")
    assert "Coursera" in ml_engine.answer("what else did he start", baidu.context).text
    # A country named beside words the guide lacks is no reason to pick its entry.
    assert ml_engine.answer("best neighbourhoods to live in Bengaluru for tech people?").abstained


def test_a_dash_after_words_about_the_asker_ends_the_background(ml_engine: Engine) -> None:
    pay = ml_engine.answer("I've got an interview in Munich next week — roughly what does an "
                           "ML engineer earn in Germany?")
    assert "€55,000" in pay.text and not pay.abstained
    # A dash after a subject joins it to its question: "that" is Towards Data Science.
    assert "publication on Medium" in ml_engine.answer(
        "towards data science — is that a blog or a course or what").text
    assert "Model Deployment" in ml_engine.answer(
        "whats the most painful part of being an ml eng").text


def test_a_question_about_what_the_message_said_before_it_is_the_whole_message(
        ml_engine: Engine) -> None:
    studied = ml_engine.answer("I studied physics. Does that count as a related field for this?")
    assert "or a related field" in studied.text
    start = ml_engine.answer("I'm a data analyst at a bank. Is that a good place to start from, "
                             "according to the guide?")
    assert start.text.startswith("**Data Analyst or Data Scientist**")


def test_a_pay_word_whose_topic_is_in_the_background_is_that_topics(ml_engine: Engine) -> None:
    answer = ml_engine.answer("there's a note with an asterisk by the books about a commission. "
                              "who does the money support?")
    assert "Healthy Software Developer YouTube channel" in answer.text


def test_a_whole_message_about_something_uncovered_leaves_its_last_question(
        ml_engine: Engine) -> None:
    # The whole message is about interviews; its last sentence asks the range.
    offer = ml_engine.answer("So I got an offer from a startup in Amsterdam after 4 rounds of "
                             "interviews. Is that inside the range the guide gives for the "
                             "Netherlands?")
    assert "€55,000 – €100,000" in offer.text
