"""The GIFT reader: Moodle's plain-text question format as our quiz model.

``reader.read`` is what the registry calls; ``sniff.sniff`` recognises a
GIFT file from its opening bytes, whatever its name.
"""
