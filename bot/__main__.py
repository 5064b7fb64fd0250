"""`python -m bot` starts the Discord bot (the same as `guidebot discord`)."""

import sys

from bot.cli import bot_main

sys.exit(bot_main())
