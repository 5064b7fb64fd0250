"""`python -m bot` starts the Discord bot."""

import sys

from bot.discord_app.run import main

sys.exit(main())
