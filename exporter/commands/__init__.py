"""The click commands, one module each: they parse options and call the pipeline.

cli.py loads a command's module only when it runs; options.py holds the
options several commands share.
"""
