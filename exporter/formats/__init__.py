"""Facts about the formats lms-export both reads and writes, shared by the two sides.

A format's reader and writer must agree on what the format allows (Moodle's
list of grade fractions, say); the fact lives here once, so a reader never
imports a writer, nor a writer a reader.
"""
