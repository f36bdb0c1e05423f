"""From paths to written files: the work behind the commands, callable without click.

sources.py decides which files are quizzes, build.py builds one file (read,
then every requested writer, each on its own), parallel.py spreads one big
quiz's writers over processes, bank.py runs a bank and prints as it goes,
outputs.py writes atomically, summary.py is what `check` prints.
"""
