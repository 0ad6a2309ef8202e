"""The translation round: every text a member wrote in one language, given its other one
(the translation memory in effect for a year, the translator's workbook and what it returns).
"""
