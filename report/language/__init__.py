"""The words the tool writes and how values are written, in each language: texts from
templates/text/*.toml, numbers, dates and counted nouns (Babel).
"""
