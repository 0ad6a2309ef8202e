"""The figures' own types and what turns members' figures into national ones:
consolidation, revisions of published years, disclosure control.
"""
