"""The editor's desk: the contradictions a reader would find in what the members send and
what the report states, found before the report is printed (report/editorial/desk.py), and
the secretariat's decisions on them (report/editorial/ledger.py: out/<year>/editorial.xlsx).
"""
