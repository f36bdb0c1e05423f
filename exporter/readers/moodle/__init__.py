"""The Moodle XML reader: Moodle's question-bank export as our quiz model.

``reader.read`` is what the registry calls; ``prolog.sniff`` recognises an
export from its opening bytes without loading lxml.
"""
