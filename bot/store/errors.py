"""The store's errors: raised here, rendered once at the edge like every GuidebotError.

    StoreError           the store cannot be used as configured: a bad URL, a missing
    │                    driver, a file that is not a guidebot store, a schema too new
    └── StoreUnavailable the database cannot be reached or is busy right now; retry later

Messages never carry a password: URLs are shown through `redact`.
"""

from __future__ import annotations

import re

from corpus.errors import GuidebotError


class StoreError(GuidebotError):
    """The store cannot be used as configured."""


class StoreUnavailable(StoreError):
    """The database is down, unreachable or busy; the same call may succeed later."""


_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def redact(url: str) -> str:
    """A storage URL fit for a log line: any password replaced by ***."""
    return _PASSWORD.sub(r"\1***@", url)
