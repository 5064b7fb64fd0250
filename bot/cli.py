"""The `guidebot` command line: its commands, options, help and exit codes.

Cold start matters, so this module imports only the standard library at the top and the
commands (`bot.commands`) import what each needs; nothing here ever imports discord.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable, Sequence

from bot.commands import (EXIT_ERROR, cmd_ask, cmd_batch, cmd_bench, cmd_chat,
                          cmd_corpus_build, cmd_corpus_show, cmd_discord, cmd_eval, cmd_gaps,
                          cmd_salary)
from corpus.errors import GuidebotError

EXIT_CODES = """\
exit codes:
  0  answered
  1  not in the guide (ask: the guide has no answer; salary: a place without a figure)
  2  usage or input error (one line on stderr)"""

DISCORD_TEXT = """\
Run the Discord bot. The token is read from the DISCORD_TOKEN environment variable (or a
DISCORD_TOKEN= line in ./.env, which the environment overrides), never from the config."""

DISCORD_EXAMPLE = """\
example:
  export DISCORD_TOKEN=...      # Developer Portal → Bot → Reset Token
  {prog} --config config.yaml

A missing or rejected token ends with one line on stderr and exit code 2; exit 1 when
Discord cannot be reached."""

# name: (one-line help, description, example lines)
HELP: dict[str, tuple[str, str, str]] = {
    "chat": ("chat in the terminal",
             "Chat about the guide. At a terminal: line editing, history in ~/.guidebot_history, "
             "/help, /reset, Ctrl-C cancels the line, Ctrl-D leaves. Piped: one question a line, "
             "each echoed as '> question' before its answer.",
             "guidebot chat\n  printf 'salary in Germany?\\nand in Canada?\\n' | guidebot chat"),
    "ask": ("answer one question",
            "Answer one question from the guide, with the section it came from.",
            "guidebot ask how much does an ML engineer earn in Germany?\n"
            "  guidebot ask --json 'what certifications should I get?'\n"
            "  guidebot ask --explain 'what is the weather in Paris?'"),
    "salary": ("print salary ranges",
               "The guide's salary table, or the rows for the countries, cities (London) or "
               "regions (Europe) given.",
               "guidebot salary Germany London\n  guidebot salary --json Europe"),
    "batch": ("answer JSON Lines questions from stdin",
              "Read one JSON object a line on stdin ({\"id\", \"conversation\", \"question\"}) and "
              "write one answer a line, in order; lines sharing a conversation are its turns.",
              "echo '{\"id\": 1, \"question\": \"books?\"}' | guidebot batch"),
    "eval": ("score answers on a labelled set",
             "Score the engine on a labelled question set: accuracy, abstention, failures.",
             "guidebot eval tests/eval/ml.yaml --split test\n"
             "  guidebot eval --json tests/eval/ml-holdout-2.yaml"),
    "bench": ("measure speed and memory (make bench)",
              "Measure answer latency, cold start, scale and Discord load side by side in one "
              "run (about a minute). Runs from a source checkout.",
              "guidebot bench --quick"),
    "gaps": ("what the bot could not answer, and answers voted down",
             "The questions the bot refused, rewordings grouped, most asked first, and the "
             "answers with the most thumbs-down, from the store the Discord bot records to.",
             "guidebot gaps --since 7d\n  guidebot gaps --json --storage postgresql://host/guidebot"),
    "corpus build": ("parse a guide page into corpus YAML",
                     "Parse a raw guide page (text saved from the site) into corpus YAML.",
                     "guidebot corpus build my-guide.txt -o my-guide.yaml"),
    "corpus show": ("summarise a corpus",
                    "Summarise a corpus: passages per section, salary rows and places.",
                    "guidebot corpus show --guide my-guide.yaml\n  guidebot corpus show --json"),
}


class _Version(argparse.Action):
    """--version, read from the installed metadata only when asked (it costs ~30 ms cold)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from importlib.metadata import PackageNotFoundError, version
        try:
            number = version("guidebot")
        except PackageNotFoundError:      # run from a checkout that was never installed
            number = "unknown"
        print(f"guidebot {number}")
        parser.exit()


def _guide_option() -> argparse.ArgumentParser:
    guide = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: an option given before the command is not reset by the command's default.
    guide.add_argument("--guide", metavar="FILE", default=argparse.SUPPRESS,
                       help="a raw guide page or a corpus YAML (default: the bundled ML guide)")
    return guide


def _plain_option() -> argparse.ArgumentParser:
    plain = argparse.ArgumentParser(add_help=False)
    plain.add_argument("--plain", action="store_true", default=argparse.SUPPRESS,
                       help="raw Markdown even at a terminal (also: NO_COLOR=1)")
    return plain


def add_discord_options(parser: argparse.ArgumentParser) -> None:
    """The Discord bot's options (shared by `guidebot discord` and `python -m bot`)."""
    parser.add_argument("--config", metavar="FILE", help="YAML config (see config.example.yaml)")
    parser.add_argument("--guide", metavar="FILE", default=argparse.SUPPRESS,
                        help="answer from this guide instead of the config's or the bundled one")
    parser.add_argument("--sync", action="store_true",
                        help="also publish the slash commands globally (once, not every start)")


def parser() -> argparse.ArgumentParser:
    """The argument parser for every guidebot command."""
    guide = [_guide_option()]
    rendered = [_guide_option(), _plain_option()]
    raw = argparse.RawDescriptionHelpFormatter
    top = argparse.ArgumentParser(
        prog="guidebot", parents=rendered, formatter_class=raw,
        description="Answers questions about a career guide, in its own words, with sources.",
        epilog="run 'guidebot COMMAND --help' for a command's options and an example.\n\n"
               + EXIT_CODES)
    top.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, run: Callable[[argparse.Namespace], int],
                parents: list[argparse.ArgumentParser], into: argparse._SubParsersAction[
                    argparse.ArgumentParser] = commands) -> argparse.ArgumentParser:
        short, description, example = HELP[name]
        sub = into.add_parser(name.split()[-1], parents=parents, help=short,
                              description=textwrap.fill(description, 79), formatter_class=raw,
                              epilog=f"example:\n  {example}\n\n{EXIT_CODES}")
        sub.set_defaults(run=run)
        return sub

    command("chat", cmd_chat, rendered)
    ask = command("ask", cmd_ask, rendered)
    ask.add_argument("question", nargs="+", help="the question")
    ask.add_argument("--json", action="store_true",
                     help='print {"answer", "abstained", "sources"} as JSON')
    ask.add_argument("--explain", action="store_true",
                     help="also show why: the route, the terms and their weights, the words the "
                          "guide lacks, the coverage and the passages considered")
    salary = command("salary", cmd_salary, rendered)
    salary.add_argument("country", nargs="*", help="countries, cities or regions (default: all)")
    salary.add_argument("--json", action="store_true", help="print the rows and notes as JSON")
    command("batch", cmd_batch, guide)
    evaluate = command("eval", cmd_eval, guide)
    evaluate.add_argument("file", help="a labelled question set (tests/eval/*.yaml)")
    evaluate.add_argument("--verbose", action="store_true", help="show each failing answer")
    evaluate.add_argument("--split", choices=["tune", "test"], help="only one half of the set")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    bench = command("bench", cmd_bench, [])
    bench.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    bench.add_argument("--quick", action="store_true", help="fewer rounds and sizes (a smoke run)")

    bot = commands.add_parser("discord", help="run the Discord bot (needs DISCORD_TOKEN)",
                              description=DISCORD_TEXT, formatter_class=raw,
                              epilog=DISCORD_EXAMPLE.format(prog="guidebot discord"))
    add_discord_options(bot)
    bot.set_defaults(run=cmd_discord)

    gaps = command("gaps", cmd_gaps, [])
    gaps.add_argument("--since", metavar="AGE", help="only turns since then: 7d, 12h, 2w or a date")
    gaps.add_argument("--server", metavar="ID", type=int, help="only this Discord server")
    gaps.add_argument("--limit", metavar="N", type=int, default=20, help="groups shown (20)")
    gaps.add_argument("--json", action="store_true", help="print the report as JSON")
    gaps.add_argument("--storage", metavar="URL_OR_PATH",
                      help="the store: a SQLite file or a postgresql:// URL "
                           "(default: guidebot.sqlite3)")

    corpus = commands.add_parser("corpus", help="build or inspect a corpus",
                                 description="Build or inspect a corpus.", formatter_class=raw,
                                 epilog="example:\n  guidebot corpus show")
    actions = corpus.add_subparsers(dest="corpus_command", metavar="ACTION", required=True)
    build = command("corpus build", cmd_corpus_build, [], actions)
    build.add_argument("page", help="the raw guide text, as saved from the page")
    build.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    show = command("corpus show", cmd_corpus_show, guide, actions)
    output = show.add_mutually_exclusive_group()
    output.add_argument("--yaml", action="store_true", help="print the whole corpus as YAML")
    output.add_argument("--json", action="store_true", help="print the summary as JSON")
    return top


def run(args: argparse.Namespace) -> int:
    """Run a parsed command; errors become one line on stderr and exit code 2."""
    for name, default in (("guide", None), ("plain", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    try:
        return int(args.run(args))
    except GuidebotError as exc:
        print(f"guidebot: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # A file the command needs and could not read: a broken install or a bad path.
        print(f"guidebot: cannot read {exc.filename or 'a file'} ({exc.strerror})",
              file=sys.stderr)
        return EXIT_ERROR


def _reconfigure_streams() -> None:
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # undecodable bytes and lone surrogates


def main(argv: Sequence[str] | None = None) -> int:
    """Run guidebot; with no command, print the help and exit 0."""
    _reconfigure_streams()
    top = parser()
    args = top.parse_args(argv)
    if getattr(args, "run", None) is None:
        top.print_help()
        return 0
    return run(args)


def bot_main(argv: Sequence[str] | None = None) -> int:
    """`python -m bot`: the Discord bot, with the same options and help as `guidebot discord`."""
    _reconfigure_streams()
    bot = argparse.ArgumentParser(prog="python -m bot", description=DISCORD_TEXT,
                                  formatter_class=argparse.RawDescriptionHelpFormatter,
                                  epilog=DISCORD_EXAMPLE.format(prog="python -m bot"))
    add_discord_options(bot)
    args = bot.parse_args(argv)
    args.run = cmd_discord
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
