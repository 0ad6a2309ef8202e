"""Figures and findings -> the files beside the report: the data annex and its
international exports, the members' feedback workbooks.
"""
