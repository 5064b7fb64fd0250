"""A message's sentences: cleaned of control characters, its last question, its two parts.

Read off the text alone, before any word of it is understood: the engine uses these to decide
whether a message is one question, background then a question, or two questions.
"""

from __future__ import annotations

import re
import unicodedata

from retrieval.tokenize import normalize, split_words

MAX_QUESTION = 1000
# Where a second question starts: after a "?", or at ", and (also)", "; " or ", plus".
SECOND_PART = re.compile(r"\?\s+(?=\S)|,\s*(?:and|also|plus|&)\s+(?:also\s+)?|;\s+"
                         r"|\s+and\s+also\s+", re.IGNORECASE)
MIN_PART = 3   # words: "pay and jobs?" is one question
# A sign between two things, or "and also", asks for both however short they are ("skills +
# education"); so does "and" with "both" ("responsibilities and challenges, both pls").
JOINED_PART = re.compile(r"\s+[+&]\s+|(?<=[^\W\d_]{2})\+(?=[^\W\d_])|\s+and\s+also\s+",
                         re.IGNORECASE)
# Every joint above holds one of these (lower-case "and" and "both" and their capitals aside).
JOINING_MARKS = ("+", "&", "? ", ";", ",", " and ", " And ", " AND ", "both", "Both", "BOTH")
AND = re.compile(r"\s+and\s+", re.IGNORECASE)
BOTH = re.compile(r",?\s*\bboth\b(?:\s+(?:pls|plz|please|of them))?", re.IGNORECASE)
MAX_PARTS_WORDS = 30
# A dot after one letter ("U.S.", "e.g.") or a common short form ("vs.") ends no sentence.
ABBREVIATION = r"(?<!\b[A-Za-z]\.)(?<!\bvs\.)(?<!\betc\.)(?<!\bapprox\.)"
STATEMENT_END = re.compile(ABBREVIATION + r"(?<=[.!])\s+(?=\S)")
# A sentence ends at ., ! or ? before a space ("?" stays on its sentence), or at a spaced
# dash after words about the asker: "I've got an interview in Munich — what does an ML
# engineer earn in Germany?" ("towards data science — is that a blog?" is one question).
QUESTION_END = re.compile(ABBREVIATION + r"(?<=[.!?])\s+"
                          r"|(?<=\S)\s+[—–]\s+(?=\S)")
PLAIN_END = re.compile(ABBREVIATION + r"(?<=[.!?])\s+")
ASKER = frozenset({"i", "im", "ive", "id", "ill", "my", "me", "we", "our"})

# A last sentence whose subject is what the message said before it ("Does that count?")
# asks about the sentences before it.
POINTS_BACK = re.compile(r"(?:is|does|would|will|can|could|should|do|did)\s+(?:that|this|it)\b",
                         re.IGNORECASE)

# Words that open a message by announcing a change of subject ("ok diff topic - do i need a
# masters?", "unrelated, but…", "on another note:"): not part of the question, and whatever
# the talk was about before no longer applies.
NEW_SUBJECT = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|alright|anyway|also|btw|oh|hey|and)\W+)*"
    r"(?:(?:(?:a|an)\s+)?(?:diff|different|new|another|other|unrelated|separate)\s+"
    r"(?:topic|subject|question|q)s?(?:\s+(?:now|here|though|pls|please))?"
    r"|chang(?:e|ing)\s+(?:of\s+|the\s+)?(?:topic|subject)s?|switching\s+(?:topics|gears)"
    r"|on\s+(?:an)?other\s+note|unrelated(?:\W+but)?)"
    r"\s*(?:[-—–:,.!;]+\s*|\s+(?=\w))(?=\w)", re.IGNORECASE)

# Terminal escapes: CSI (colours, cursor), OSC (titles, links, ended by BEL or ST), 2-byte.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def clean_question(question: str) -> str:
    """Printable text only (terminal escape sequences dropped), capped at MAX_QUESTION."""
    text = question[:MAX_QUESTION * 2]
    if text.isascii() and text.isprintable():
        return " ".join(text.split())[:MAX_QUESTION]
    text = _ANSI.sub("", text)
    # Invisible format characters (zero-width, soft hyphen, BOM, bidi) vanish inside words;
    # other control characters separate them.
    kept = "".join("" if unicodedata.category(ch) == "Cf"
                   else " " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return " ".join(kept.split())[:MAX_QUESTION]


def new_subject(text: str) -> str | None:
    """The question after an opening that announces a change of subject ("diff topic - do
    i need a masters?" → "do i need a masters?"), or None when there is no such opening."""
    found = NEW_SUBJECT.match(text)
    return text[found.end():] if found else None


def last_question(text: str) -> str | None:
    """The last sentence that asks something, when a question has others before it (the
    asker's background), else None."""
    if ". " not in text and "? " not in text and "! " not in text and " — " not in text \
            and " – " not in text:
        return None   # one sentence: most questions
    sentences = [s.strip() for s in QUESTION_END.split(text) if s.strip()]
    if (" — " in text or " – " in text) and len(sentences) > 1 \
            and ASKER.isdisjoint(split_words(normalize(" ".join(sentences[:-1])))):
        sentences = [s.strip() for s in PLAIN_END.split(text) if s.strip()]
        if len(sentences) < 2:
            return None
    if len(sentences) < 2:
        return None
    asking = [s for s in sentences if s.endswith("?")]
    after = sentences[sentences.index(asking[0]) + 1:] if len(asking) == 1 else []
    if after and all(split_words(normalize(s))[:1] and split_words(normalize(s))[0] in ASKER
                     for s in after):
        # The one sentence that asks, followed by more about the asker: "what is an ML
        # engineer in simple words? my mom keeps asking me lol" ("…? all countries pls"
        # still narrows the question).
        return asking[0]
    if asking and asking[-1] is not sentences[-1] or len(asking) > 1:
        return None   # several questions, not background and one question
    return sentences[-1]


def leans_back(asked: str) -> bool:
    """True when a message's last sentence cannot stand alone: its subject is what came
    before ("I studied physics. Does that count as a related field?")."""
    return bool(POINTS_BACK.match(asked))


def parts_of(text: str) -> list[str]:
    """A question that asks two things ("who is fei-fei li, and also which book did andrew
    ng write?", "skills + education", "certs and the degree, both pls"), split where the
    second starts; [] when it asks one."""
    if not any(mark in text for mark in JOINING_MARKS):
        return []   # nothing that could join two questions: most questions
    joined = JOINED_PART.search(text) or (BOTH.search(text) and AND.search(text))
    if joined:   # a sign or "both" joins two things, however short each is
        if len(split_words(normalize(text))) > MAX_PARTS_WORDS:
            return []
        splitter = JOINED_PART if JOINED_PART.search(text) else AND
        pieces = [BOTH.sub("", p).strip(" ,;") for p in splitter.split(text, maxsplit=1)]
        if len(pieces) == 2 and all(split_words(normalize(p)) for p in pieces):
            return pieces
        return []
    if SECOND_PART.search(text) is None:
        return []
    if len(split_words(normalize(text))) > MAX_PARTS_WORDS or STATEMENT_END.search(text):
        return []   # a long message, or one that tells before it asks, is one question
    pieces = [p.strip(" ,;") for p in SECOND_PART.split(text, maxsplit=1)]
    if len(pieces) != 2 or min(len(split_words(normalize(p))) for p in pieces) < MIN_PART:
        return []
    if split_words(normalize(pieces[1]))[0] in ("or", "nor"):
        return []   # "same as a data scientist? or do they work together?": one question
    return pieces
