"""Text a user typed, made safe for the bot to repeat: the one helper for every echo.

Nothing the bot sends can ping anyone (`AllowedMentions.none()`), but what it repeats is
still shown under its name: a masked link `[click here](http://…)` renders as a link the bot
posted, `<@id>` as a mention, `# big` as a heading, U+202E turns the rest of the line around.
So a user's words are repeated only through `plain` (names: a thread's, a choice's; Discord
renders no Markdown there) or `quoted` (inside a message, Markdown escaped as well):

- format characters go (bidi controls, zero-width characters: Unicode category Cf), and
  control characters and line breaks become spaces, runs of spaces one;
- a masked link keeps only its label, and a URL loses its scheme (`http://`), so nothing
  is a link;
- `@` and `<` `>` become look-alikes (＠ ‹ ›), so no `@everyone`, `@here`, `<@id>`,
  `<@&id>`, `<#id>` or `<:emoji:id>` is left;
- the result is cut to the caller's limit at a word where it can, with an ellipsis.
"""

from __future__ import annotations

import re
import unicodedata

MASKED_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
SCHEME = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*:/+")
LOOK_ALIKES = str.maketrans({"@": "＠", "<": "‹", ">": "›"})
# Markdown's characters, each escaped wherever it stands: emphasis, strike, spoiler, code, link
# brackets, heading and list marks. (Not discord.utils.escape_markdown: on Python 3.13 it
# passes re.sub's count positionally, a DeprecationWarning.)
MARKDOWN = re.compile(r"([\\*_~|`\[\]()#-])")
ORDERED_ITEM = re.compile(r"^(\d+)\.")


def _visible(text: str) -> str:
    """Format characters removed; controls and line or paragraph breaks made spaces."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cf":
            continue
        kept.append(" " if category in ("Cc", "Zl", "Zp") else char)
    return " ".join("".join(kept).split())


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, at a word boundary where one is near, with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    space = head.rfind(" ")
    if space >= limit // 2:
        head = head[:space]
    return head.rstrip() + "…"


def _escape(text: str) -> str:
    """Every Markdown character backslash-escaped (Discord hides the backslash)."""
    return ORDERED_ITEM.sub(r"\1\\.", MARKDOWN.sub(r"\\\1", text))


def plain(text: str, limit: int, fallback: str = "") -> str:
    """A user's words as plain text of at most `limit` characters: one line, no links, no
    mentions, no invisible characters (`fallback` if nothing visible is left)."""
    text = _visible(text)
    while MASKED_LINK.search(text):             # nested ones too: [[a](x)](y)
        text = MASKED_LINK.sub(r"\1", text)
    text = SCHEME.sub("", text).translate(LOOK_ALIKES)
    text = " ".join(text.split())
    return _cut(text, limit) if text else _cut(fallback, limit)


def quoted(text: str, limit: int, fallback: str = "") -> str:
    """A user's words to repeat inside a message: `plain`, with Markdown escaped, within
    `limit` characters (escapes included)."""
    room = limit
    while room > 0:
        escaped = _escape(plain(text, room, fallback))
        if len(escaped) <= limit:
            return escaped
        # The escapes took room: cut the words shorter, in proportion.
        room = min(room - 1, room * limit // len(escaped))
    return ""
