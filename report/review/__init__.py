"""The members' review round: a draft's record and map, the packs and review
workbooks, the review log, the change report between drafts.
"""
