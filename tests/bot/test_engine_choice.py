"""Which passage the engine picks: the entry a question names over one that merely shares
its words (countries, regions, authors, everyday words in another sense, rare misspellings)."""

from __future__ import annotations

from bot.engine import Engine
from bot.engine.answer import Route


def sources(engine: Engine, question: str) -> list[str]:
    answer = engine.answer(question)
    assert not answer.abstained, question
    return [s.section for s in answer.sources]


def test_a_named_country_gets_its_own_entry_not_another_that_shares_a_word(
        ml_engine: Engine) -> None:
    # Australia's entry says "sectors"; France's does not, but France is what was asked.
    answer = ml_engine.answer("what sectors are hiring machine learning folks in france?")
    assert "Paris" in answer.text and "Sydney" not in answer.text


def test_a_named_region_gets_its_sub_list_with_each_entry_s_first_sentence(
        ml_engine: Engine) -> None:
    answer = ml_engine.answer("ml job market in asia pacific?")
    assert answer.route == Route.LIST
    assert "Sydney and Melbourne" in answer.text and "Toronto" not in answer.text


def test_american_names_the_united_states(ml_engine: Engine) -> None:
    answer = ml_engine.answer("which american cities are ML hubs")
    assert "Seattle" in answer.text and "Toronto" not in answer.text


def test_who_asks_for_a_person_only_when_a_profile_explains_the_question(
        ml_engine: Engine) -> None:
    assert "Bishop" in ml_engine.answer("who is the author of pattern recognition and "
                                        "machine learning").text
    assert "Andrew Ng" in ml_engine.answer("who co-founded coursera?").text


def test_an_everyday_word_in_another_sense_is_dropped_not_a_reason_to_refuse(
        ml_engine: Engine) -> None:
    # "take" matches "take on more challenging projects"; the courses are what was asked.
    answer = ml_engine.answer("which trainings should I take after the basics")
    assert not answer.abstained and "Training" in answer.text


def test_a_rare_misspelling_of_a_much_commoner_guide_word_is_corrected(
        ml_engine: Engine) -> None:
    # wordfreq lists "traning" (Zipf 3.0); "training" is a hundred times commoner.
    answer = ml_engine.answer("any traning on neural netwroks?")
    assert "Neural Networks Training" in answer.text


def test_an_unknown_name_mid_sentence_weighs_as_a_topic_the_guide_lacks(
        ml_engine: Engine) -> None:
    # "framework" is a guide word (PyTorch's); "Rocket", written as a name, is a topic the
    # guide lacks, though "rocket" is an everyday word that alone would weigh less.
    assert ml_engine.answer("thoughts on the Rocket framework?").abstained
    named = ml_engine.explain("thoughts on the Rocket framework?").unknown
    plain = ml_engine.explain("thoughts on the rocket framework?").unknown
    assert [u.word for u in named] == [u.word for u in plain] == ["thoughts", "rocket"]
    assert named[1].weight > plain[1].weight
    # The same word typed in Title Case Everywhere is no sign of a name.
    assert not ml_engine.answer("Best Deep Learning Framework Websites").abstained


def test_two_currencies_and_no_pay_word_is_an_exchange_rate(ml_engine: Engine) -> None:
    assert ml_engine.answer("how many euros do I get for a dollar").abstained
    assert "€55,000" in ml_engine.answer("salary in germany in dollars").text


def test_what_the_role_is_for_is_the_overview(ml_engine: Engine) -> None:
    # "team" and "company" say where, not what: the guide's opening paragraph answers.
    for question in ("what's the goal of an ml engineer in a company",
                     "main purpose of ML engineers on the team?"):
        assert "designing, developing, and deploying" in ml_engine.answer(question).text
    # A specific subject beside the purpose word is still that subject.
    assert "Stanford" in ml_engine.answer("what is the aim of the cs229 course").text


def test_everyday_words_for_the_guides_concepts(ml_engine: Engine) -> None:
    # Aliases written from the guides alone: "messy" is cleaning, "tricky" a challenge,
    # "ballpark" asks whether the figures are approximate.
    assert "cleaning" in ml_engine.answer("will I have to tidy up messy data?").text
    assert "Model Interpretability" in ml_engine.answer("is interpretability tricky?").text
    assert "approximate" in ml_engine.answer("are the pay figures just a ballpark").text


def test_an_order_to_do_a_programming_task_is_not_covered(ml_engine: Engine) -> None:
    assert ml_engine.answer("pls write a python script that renames files").abstained
    assert ml_engine.answer("implement gradient descent in python for me").abstained
    assert not ml_engine.answer("which programming languages should I learn").abstained


def test_an_everyday_word_beside_a_rarer_one_does_not_steer(ml_engine: Engine) -> None:
    # "time" is a rare word in the guide (one passage) but a common one in English.
    answer = ml_engine.answer("how much time goes into cleaning data for a model")
    assert "cleaning" in answer.text and "Deployment" not in answer.text


def test_narrowing_words_name_no_topic(ml_engine: Engine) -> None:
    answer = ml_engine.answer("what are the core duties per the guide")
    assert "Integration with Software Systems" in answer.text
    assert "Overfitting" not in answer.text   # the duties, not the challenges beside them


def test_judgements_of_an_entry_and_remote_work_are_not_covered(ml_engine: Engine) -> None:
    assert ml_engine.answer("is the google cert hard").abstained
    assert ml_engine.answer("what about remote jobs").abstained


def test_acronyms_of_the_guides_names_read_as_the_names(ml_engine: Engine) -> None:
    assert "£50,000" in ml_engine.answer("mle salary in the uk").text
    assert "Computational Intelligence" in ml_engine.answer("what is ieee cis about").text
    assert "Chief AI Officer" in ml_engine.answer("what does a CAIO do").text


def test_named_countries_are_ranked_in_the_first_ones_currency(ml_engine: Engine) -> None:
    lines = ml_engine.answer("uk vs france, where do ml engineers earn more?").text.split("\n")
    assert "converted to GBP" in lines[0] and "$" not in "\n".join(lines)
    assert lines[1].startswith("1. **United Kingdom**: £90,000")
    same = ml_engine.answer("germany or netherlands, which pays more").text
    assert "the guide's figures, all in EUR" in same and "converted" not in same


def test_an_entry_with_the_rarest_word_beats_a_list_matched_by_its_title(
        ml_engine: Engine) -> None:
    # "employers" names the job outlook section; "scikit" is in one skill entry only.
    answer = ml_engine.answer("do employers care about scikit learn")
    assert "Software Engineering and Tools" in answer.text


def test_chat_spellings_and_short_names(ml_engine: Engine) -> None:
    assert "Bachelor" in ml_engine.answer("wht degre shud i get 4 ml").text
    assert "AUD 80,000" in ml_engine.answer("aus mle salary").text
    assert "Amsterdam" in ml_engine.answer("dutch ml job scene?").text
    assert not ml_engine.answer("do MLEs need a degree").abstained
    # In capitals a letter is a name: R is the language, not "are".
    assert "Python, R, or Java" in ml_engine.answer("can i use R for ml").text


def test_background_before_the_question_does_not_sink_it(ml_engine: Engine) -> None:
    answer = ml_engine.answer("i'm a nurse in my thirties and bored of shifts. "
                              "what does an ml engineer spend their time on?")
    assert not answer.abstained and "Responsibilities" in answer.text
    # Two questions are not background and a question: the first is not dropped.
    assert ml_engine.answer("what's the best sourdough recipe? and skills?").abstained


def test_two_entries_named_by_their_names_are_both_answered(ml_engine: Engine) -> None:
    answer = ml_engine.answer("kaggle or coursera, what does the guide say about each?")
    assert "**Kaggle**" in answer.text and "**Coursera**" in answer.text
    # A fact neither states is still not covered.
    assert ml_engine.answer("how much does kaggle or coursera cost?").abstained


def test_several_asked_for_when_one_entry_says_so_in_words_gets_the_list(
        ml_engine: Engine) -> None:
    # Only Google's certification says "cloud"; all three are cloud certifications.
    answer = ml_engine.answer("what cloud certs should an mle get?")
    assert "AWS Certified" in answer.text and "Azure" in answer.text
    # A person named is one entry, not the list ("did he write any of the books?").
    *_, books = [ml_engine.answer("who is andrew ng")]
    written = ml_engine.answer("did he write any of the recommended books?", books.context)
    assert written.text.startswith("**“Machine Learning Yearning”")


def test_slang_and_two_edit_place_typos(ml_engine: Engine) -> None:
    assert "€55,000" in ml_engine.answer("do ml engineers in germany get bread").text
    assert "Sydney and Melbourne" in ml_engine.answer("ml gigs in melborn?").text
    assert "collaborate with data scientists" in ml_engine.answer(
        "are mle and data scientist working together?").text


def test_an_attribute_of_one_named_entry_is_not_a_comparison(ml_engine: Engine) -> None:
    assert ml_engine.answer("is kaggle owned by google?").abstained


def test_a_question_that_asks_two_things_gets_both_answers(ml_engine: Engine) -> None:
    answer = ml_engine.answer("who is fei-fei li, and also which book did andrew ng write?")
    assert "Stanford" in answer.text and "Machine Learning Yearning" in answer.text
    assert answer.text.count("_Source") == 1 and len(answer.sources) == 2
    half = ml_engine.answer("which steps come after senior, and what's the visa process?")
    assert "Researcher" in half.text and "doesn't cover the second part" in half.text
    # An alternative is one question; a place alone only narrows it.
    assert "collaborate with data scientists" in ml_engine.answer(
        "is an ML engineer the same as a data scientist? or do they work together?").text
    assert "€55,000" in ml_engine.answer("ml pay in germany? in euros please").text


def test_the_question_after_background_is_what_is_asked(ml_engine: Engine) -> None:
    # The background names the person "him" means and the place "here" means.
    about = ml_engine.answer("My teacher keeps quoting Andrew Ng. I don't know him at all. "
                             "What does the guide say about him?")
    assert about.text.startswith("**Andrew Ng**")
    pay = ml_engine.answer("I moved to Singapore last year. What do ml engineers earn here?")
    assert "SGD 60,000" in pay.text and "$90,000" not in pay.text


def test_function_words_of_other_languages_are_no_topic(ml_engine: Engine) -> None:
    assert "€45,000" in ml_engine.answer("combien gagne un ML engineer en France?").text
    assert "INR 6,00,000" in ml_engine.answer("ML engineer salary India mein kitna hai?").text
    assert "€55,000" in ml_engineer_pay_in_german(ml_engine)


def ml_engineer_pay_in_german(engine: Engine) -> str:
    return engine.answer("wie viel verdient ein ML engineer in Deutschland?").text


def test_a_dot_in_an_abbreviation_ends_no_sentence(ml_engine: Engine) -> None:
    # "U.S." is not background before the question "salary for ml engineers?".
    answer = ml_engineer_us(ml_engine)
    assert "$90,000" in answer and "£50,000" not in answer


def ml_engineer_us(engine: Engine) -> str:
    return engine.answer("what is the U.S. salary for ml engineers?").text


def test_a_common_word_the_guide_uses_in_passing_does_not_steer(ml_engine: Engine) -> None:
    # "area" is in one passage (the UK's "this area"), "change" in one (Git's "changes").
    skills = ml_engine.answer("How many skill areas does the guide list for ML engineers?")
    assert "Strong Programming Skills" in skills.text and "London" not in skills.text
    market = ml_engine.answer("is the ML job market stable or does it change a lot")
    assert "job market is dynamic" in market.text
    # Two such words in one passage mean it: "ask" and "questions" are a Q&A site's.
    assert "Stack Exchange" in ml_engine.answer("where can I ask ML questions online").text


def test_prices_hours_and_how_tos_of_named_things_are_not_covered(ml_engine: Engine) -> None:
    for question in ("AWS Certified Machine Learning Specialty exam fee in rupees",
                     "how many hours per week do ML engineers work in France",
                     "how do I post on /rMachineLearning without getting my post removed"):
        assert ml_engine.answer(question).abstained, question
    assert "INR 6,00,000" in ml_engine.answer("ml salary in rupees").text


def test_indian_english_scope_and_more_chat_spellings(ml_engine: Engine) -> None:
    scope = ml_engine.answer("What is the scope of ML engineer in India?")
    assert "Bengaluru" in scope.text and not scope.abstained
    assert "neural networks" in ml_engine.answer(
        "do i hav to know neural netwrks or is that optional").text.casefold()


def test_where_the_path_starts(ml_engine: Engine) -> None:
    # "start" names the path's first roles; "starting point" is no "point" (purpose).
    for question in ("where do ml engineers usually start out before specializing",
                     "whats the usual starting point before becoming an mle according to this page"):
        answer = ml_engineer_start(ml_engine, question)
        assert "data analysis or software development" in answer or "Data Analyst" in answer, question


def ml_engineer_start(engine: Engine, question: str) -> str:
    return engine.answer(question).text


def test_anyone_known_for_asks_for_the_person_whose_profile_says_it(ml_engine: Engine) -> None:
    ethics = ml_engine.answer("Is anyone in the guide known for work on responsible or ethical AI?")
    assert ethics.text.startswith("**Fei-Fei Li**")
    research = ml_engine.answer("which person in the guide did deep learning research")
    assert research.text.startswith("**Andrew Ng**")


def test_the_job_itself_explained_from_the_page_is_the_overview(ml_engine: Engine) -> None:
    answer = ml_engine.answer("My mom asked what I want to do after college, I said 'ML "
                              "engineer' and she had zero clue. Can you give me a simple "
                              "explanation of what the job is, based on this page?")
    assert "designing, developing, and deploying" in answer.text


def test_a_price_word_the_guide_uses_is_a_topic(de_engine: Engine) -> None:
    # The data engineer guide has a "Cost Control" challenge: "cloud costs" asks about it.
    answer = de_engine.answer("cloud costs")
    assert "Cost Control" in answer.text and not answer.abstained


def test_the_guides_own_notes_asked_in_everyday_words(ml_engine: Engine) -> None:
    for question in ("why is there an asterisk next to books on this page?",
                     "are the book links affiliate links?"):
        assert "small commission" in ml_engine.answer(question).text, question
    assert "job market is dynamic" in ml_engine.answer(
        "does the guide warn the job outlook info might be outdated").text


def test_a_section_named_as_a_pointer_and_inflected_filler_words(ml_engine: Engine) -> None:
    # "the responsibilities section" points at a section; it does not ask for all of it.
    assert ml_engine.answer("how are models evaluated per the responsibilities section"
                            ).text.startswith("**Model Training and Evaluation**")
    # "defines" is "define", talk about the guide: the question is about the role.
    assert "designing, developing, and deploying" in ml_engine.answer(
        "Could you briefly describe the purpose of the ML engineer role as the guide defines it?").text
    assert "Toronto" in ml_engine.answer("wich citys in canda hire ml").text


def test_a_currency_alone_is_no_pay_question_and_ease_is_not_stated(ml_engine: Engine) -> None:
    assert ml_engine.answer("best gaming mouse under 50 bucks").abstained
    assert ml_engine.answer(
        "which of the AWS, Google Cloud and Azure certs is the easiest to pass").abstained
    assert "AUD 140,000" in ml_engine.answer("aud 140k top?").text


def test_two_things_joined_by_a_sign_or_both_are_both_answered(ml_engine: Engine) -> None:
    both = ml_engine.answer("skills + education quick overview")
    assert "Strong Programming Skills" in both.text and "Bachelor" in both.text
    degree = ml_engine.answer("certs and also what degree do i need, both pls")
    assert "AWS Certified" in degree.text and "Bachelor" in degree.text
    # The second part's "there" is the place of the first.
    sydney = ml_engine.answer("sydney salary + which industries hire there")
    assert "AUD 80,000" in sydney.text and "Sydney and Melbourne" in sydney.text
    # "C++" joins nothing.
    assert "C++" in ml_engine.answer("is C++ useful for machine learning work").text


def test_lower_case_us_before_a_noun_or_after_in_is_the_country(ml_engine: Engine) -> None:
    for question in ("us pay", "salary in us"):
        answer = ml_engine.answer(question).text
        assert "$90,000" in answer and "CAD" not in answer, question
    assert "CAD" in ml_engine.answer("tell us the salary").text   # a pronoun: the whole table


def test_a_quote_of_the_guide_finds_the_passage_it_is_from(ml_engine: Engine) -> None:
    quoted = ml_engine.answer("the guide says they 'collaborate with data scientists' - "
                              "collaborate to do what exactly?")
    assert "gain insights into business requirements" in quoted.text
    mentioned = ml_engine.answer("does the guide mention computational resources anywhere")
    assert mentioned.text.startswith("**Algorithm Selection**")
    # A quote the guide does not hold is no evidence of anything.
    assert ml_engine.answer("what's 'the weather in paris' like").abstained


def test_a_featured_persons_name_half_misspelt_and_the_future_of_the_job(
        ml_engine: Engine) -> None:
    assert ml_engine.answer("fe fei lee who is she").text.startswith("**Fei-Fei Li**")
    # Every part of the name written right: "live" is a word, not a misspelt "Li".
    assert ml_engine.answer("where does fei-fei li live").abstained
    assert ml_engine.answer("will AI replace machine learning engineers in 5 years").abstained


def test_several_sub_lists_named_together_get_the_list_they_sit_in(ml_engine: Engine) -> None:
    answer = ml_engine.answer("degree, certs and courses - which of them does the guide say you need")
    assert "formal education, relevant certifications" in answer.text
    assert ml_engine.answer("which certs are listed").text.startswith("**Certifications**")


def test_hard_and_technical_skills_are_the_skills(ml_engine: Engine) -> None:
    for question in ("hard skills list for mle pls", "what technical skills does the guide list"):
        assert "Strong Programming Skills" in ml_engine.answer(question).text, question
    assert "Data Quality" in ml_engine.answer("what are the hard parts of the job").text
