"""Settings the secretariat edits (inputs/catalogue/*.toml, rules.toml, edition.toml,
recommendations.toml) -> typed, checked records; every fault of a file listed at once.
"""
