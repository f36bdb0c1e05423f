"""The text2qti reader: quizzes written for gpoore's text2qti as our quiz model.

``reader.read`` is what the registry calls; ``sniff.sniff`` recognises a
text2qti file from its opening bytes, whatever its name (they are usually
`.txt`). lines.py splits a file into text2qti's elements, answers.py reads
its numerical answers, questions.py gives the elements their meaning.
"""
