"""The commission's database (SQLite): what each final edition published.
"""
