"""Members' workbooks <-> the tool: their layout, the blank workbooks `init` writes, and
the reading and checking of returned ones into figures, activities and findings.
"""
