"""Questions about the role as a whole and what it does, and passages picked by how much of
the question they explain: the overview before the duties, the duties before a training,
pay words that belong to another topic, regions of one entry, the whole career path."""

from __future__ import annotations

from bot.engine import Engine
from tests.bot.conversation import talk

OVERVIEW = "plays a crucial role in designing, developing, and deploying"


def test_the_job_as_a_whole_is_the_overview_then_the_duties(ml_engine: Engine) -> None:
    for question in ("ml engineer job description",
                     "ok so in plain words what does an ML engineer do all day"):
        answer = ml_engine.answer(question)
        assert answer.text.startswith("A machine learning engineer " + OVERVIEW[:5]), question
        assert "Developing and Implementing ML Models" in answer.text, question
        assert answer.sources[0].section == "Overview"
    # Naming the duties asks for the duties.
    named = ml_engine.answer("what would I be responsible for day to day")
    assert OVERVIEW not in named.text and "Model Training and Evaluation" in named.text


def test_a_yes_no_question_about_the_work_is_answered_by_the_duties(ml_engine: Engine) -> None:
    trains = ml_engine.answer("do ml engineers train the models themselves")
    assert trains.text.startswith("**Model Training and Evaluation**")
    features = ml_engine.answer("does the ml engineer do the feature extraction part?")
    assert "extract relevant features" in features.text
    # About a background, not the role: the career step.
    background = ml_engine.answer("does a data scientist background help for ml eng")
    assert background.text.startswith("**Data Analyst or Data Scientist**")


def test_an_entry_naming_two_rare_things_asked_beats_its_list(ml_engine: Engine) -> None:
    answer = ml_engine.answer("tensorflow scikit-learn required skills")
    assert answer.text.startswith("**Software Engineering and Tools**")
    # Two common words of one entry are no names: the list they sit in answers.
    assert "Integration with Software Systems" in ml_engine.answer(
        "Are ML engineers the ones who put models into the actual software products?").text


def test_pay_words_of_another_topic_are_that_topics(ml_engine: Engine) -> None:
    answer = ml_engine.answer("do they earn money when I buy the books from the links?")
    assert "small commission" in answer.text and "$90,000" not in answer.text
    # One step of the path and a pay word is still pay.
    assert "$90,000" in ml_engine.answer("how much money does a senior ml engineer make").text


def test_a_passage_with_every_word_stands_in_for_one_that_objects(ml_engine: Engine) -> None:
    # Coursera's own entry lacks "founder"; Andrew Ng's profile has both words.
    assert ml_engine.answer("coursera founder").text.startswith("**Andrew Ng**")
    # An attribute no passage states stays unanswered.
    assert ml_engine.answer("what year was coursera founded").abstained


def test_a_region_of_one_entry_is_that_entry_and_its_country(ml_engine: Engine) -> None:
    demand, industries, pay = talk(ml_engine, "ml demand in the middle east?",
                                   "which industries there", "and the salary there")
    assert "Dubai and Abu Dhabi" in demand.text and "Toronto" not in demand.text
    assert "smart city initiatives" in industries.text
    assert "AED 180,000" in pay.text and "€" not in pay.text


def test_the_x_one_picks_from_the_lists_of_a_list_of_lists(ml_engine: Engine) -> None:
    _, database = talk(ml_engine, "what training should i do to get better as an ML engineer",
                       "the database one, what's it about")
    assert database.text.startswith("**Database Management Training**")


def test_the_whole_career_path_and_a_step_to_the_top(ml_engine: Engine) -> None:
    whole = ml_engine.answer("Can you list every step of the career ladder, "
                             "from entry level to the very top?")
    assert "**Career Path and Progression** (7)" in whole.text
    climb = ml_engine.answer("carrer ladder ml enginer to the top")
    assert climb.text.startswith("**Machine Learning Engineer**")
    assert "Chief Data Officer" in climb.text and "Data Analyst" not in climb.text
    assert ml_engine.answer("whats the top of the career ladder").text.startswith(
        "**Chief Data Officer")


def test_the_role_first_then_its_verb_is_a_question_about_the_work(ml_engine: Engine) -> None:
    answer = ml_engine.answer("ML engineer is working alone or together with data scientist team?")
    assert "collaborate with data scientists" in answer.text


def test_a_profile_does_not_say_what_only_a_synonym_of_its_words_says(
        ml_engine: Engine) -> None:
    # "PhD" and "university" are education, a word Andrew Ng's profile uses in another sense.
    for question in ("where did Andrew Ng do his PhD", "Where did Andrew Ng go to university?"):
        assert ml_engine.answer(question).abstained, question
    # Said in another word of the same kind ("uni" by "University"), or by the entry the
    # profile names ("Coursera" is an online platform): answered.
    assert "Stanford University" in ml_engine.answer("which uni was fei-fei li a professor at").text
    _, platform = talk(ml_engine, "who is andrew ng",
                       "and which online learning platform did he start")
    assert "co-founded Coursera" in platform.text
    assert "co-founded Coursera" in ml_engine.answer("what's andrew ng famous for").text


def test_a_kind_of_step_asked_on_one_side_of_the_role_is_that_step(ml_engine: Engine) -> None:
    answer = ml_engine.answer("which manager type roles come after being an ML engineer")
    assert answer.text.startswith("**AI Engineer or Data Science Manager**")
    # A step holding the role's name is where to start from.
    assert ml_engine.answer("what comes after senior ML engineer").text.startswith(
        "**Machine Learning Researcher**")


def test_a_degree_is_the_degree_entry_and_beside_certifications_the_whole_section(
        ml_engine: Engine) -> None:
    assert "Bachelor’s or Master’s" in ml_engine.answer(
        "can i get into ml eng with just a bachelors or nah").text
    assert ml_engine.answer("would an artificial intelligence degree be accepted?").text.startswith(
        "**Bachelor’s or Master’s Degree**")
    # Named beside a sibling list, the degree is one of several things asked about.
    both = ml_engine.answer("Are certifications needed on top of a degree?")
    assert "AWS Certified Machine Learning" in both.text or "relevant certifications" in both.text
    assert "Bachelor’s or Master’s Degree**:" not in both.text.split("\n")[0]
    # A section ranked below its own entries is still the list its name covers.
    training = ml_engine.answer("what training should i do to get better as an ML engineer")
    assert "formal education, relevant certifications" in training.text


def test_a_section_scopes_its_own_paragraphs_as_well_as_its_entries(ml_engine: Engine) -> None:
    answer = ml_engine.answer("Where should I look for up-to-date job outlook information?")
    assert "job portals, and industry reports" in answer.text
    # Staying up to date as a duty is still the duty.
    assert ml_engine.answer("do ml engineers have to stay up to date").text.startswith(
        "**Continuous Learning and Improvement**")


def test_several_entries_alike_in_the_topic_not_in_its_setting(ml_engine: Engine) -> None:
    answer = ml_engine.answer("Healthcare companies in which countries are searching ML developers?")
    for country in ("Australia", "Singapore", "United Arab Emirates"):
        assert f"**{country}**" in answer.text, country
    # "sector" is what the guide calls industries.
    sectors = ml_engine.answer("where is healthcare mentioned as a sector hiring ml engineers? "
                               "all countries pls")
    assert "**Singapore**" in sectors.text and "**Australia**" in sectors.text


def test_a_region_of_one_country_shows_in_the_list_by_its_region(ml_engine: Engine) -> None:
    listed = ml_engine.answer("where are the ml jobs").text
    assert "**Middle East**: United Arab Emirates (Dubai, Abu Dhabi)" in listed


def test_a_list_named_in_a_company_or_a_team_is_still_the_list(ml_engine: Engine) -> None:
    for question in ("What tasks the ML engineer is responsible in the company?",
                     "What is an ML engineer responsible for on a team?"):
        answer = ml_engine.answer(question)
        assert "Developing and Implementing ML Models" in answer.text, question
        assert "Amsterdam" not in answer.text, question
    # A less common word beside the name is a topic of its own.
    assert "version control systems" in ml_engine.answer("version control skill?").text


def test_which_of_the_entries_picks_one_that_the_background_names(ml_engine: Engine) -> None:
    answer = ml_engine.answer("our whole company runs on Azure. which of the certs fits us?")
    assert answer.text.startswith("**Microsoft Certified: Azure AI Engineer Associate**")
    assert "Amazon Web Services" not in answer.text


def test_two_places_compared_get_each_ones_entry(ml_engine: Engine) -> None:
    answer = ml_engine.answer("compare ML job demand toronto vs sydney")
    assert "Toronto and Vancouver" in answer.text and "Sydney and Melbourne" in answer.text


def test_the_point_of_an_entry_named_by_its_title_is_that_entry(ml_engine: Engine) -> None:
    answer = ml_engine.answer("whats the point of learning version control when working in a team?")
    assert answer.text.startswith("**Version Control Familiarity**")
    assert OVERVIEW in ml_engine.answer("what's the point of an ML engineer on a team").text


def test_any_of_the_recommended_books_is_one_book(ml_engine: Engine) -> None:
    answer = ml_engine.answer("Does any of the recommended books discuss Bayesian reasoning?")
    assert answer.text.startswith("**“Pattern Recognition and Machine Learning”")
    assert "**Books** (5)" in ml_engine.answer("which books does the guide recommend").text


def test_the_regions_a_section_covers_are_its_list(ml_engine: Engine) -> None:
    answer = ml_engine.answer("what regions does the job outlook section cover").text
    for region in ("North America", "Europe", "Asia-Pacific", "Middle East"):
        assert f"**{region}**" in answer, region
