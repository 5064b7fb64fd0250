"""guidebot's benchmarks: speed and memory side by side in one run (`make bench`).

They run from a source checkout (`python -m bench`), read the test fixtures there (the eval
questions, the fake Discord) and are not part of the installed package.
"""
