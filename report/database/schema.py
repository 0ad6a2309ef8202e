"""The commission's database schema: its migrations, in code.

Each migration is the statements that take the schema from version i to i + 1, applied in
one transaction (report/database/connection.py); the file's ``user_version`` is its schema
version and its ``application_id`` tells this tool's files apart from any other SQLite file.
Versions: 1 the finals' figures, workbooks and revisions; 2 past reports imported; 3 the
sign-offs of forced finals; 4 a publication under way (report/database/act.py); 5 the
translation memory (report/database/translations.py).
"""

from __future__ import annotations

APPLICATION_ID = 0x434E434C  # "CNCL"
TRANSLATION_TABLE = "translation"
READABLE_FROM = 1  # the oldest schema the readers understand as it is (reading never migrates)

# Each migration: the statements that take the schema from version i to i + 1.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        # a final edition whose figures were recorded
        """CREATE TABLE publication (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,             -- the report year of the edition
            edition INTEGER NOT NULL,          -- edition.toml: number (the n-th report)
            date TEXT NOT NULL,                -- edition.toml: publication_date (ISO)
            tool_version TEXT NOT NULL,
            pdf_sha256 TEXT NOT NULL,          -- the final PDF as published
            recorded_at TEXT NOT NULL          -- when the build recorded it (UTC)
        )""",
        # a member's workbook whose figures a publication used
        """CREATE TABLE submission (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            member TEXT NOT NULL,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            publication_id INTEGER NOT NULL REFERENCES publication(id)
        )""",
        # every figure a member sent in that workbook and the tool accepted, with its cell
        """CREATE TABLE reported (
            submission_id INTEGER NOT NULL REFERENCES submission(id),
            key TEXT NOT NULL,
            value INTEGER CHECK (value >= 0),  -- NULL: "not available" (status 'na')
            status TEXT NOT NULL,              -- report/figures/status.py: '' or 'na'
            sheet TEXT NOT NULL,
            cell TEXT NOT NULL,
            PRIMARY KEY (submission_id, key)
        )""",
        # every activity a member reported in that workbook (the report's chapters and the
        # plan's follow-up read past years' activities too)
        """CREATE TABLE activity (
            submission_id INTEGER NOT NULL REFERENCES submission(id),
            position INTEGER NOT NULL,
            axis TEXT NOT NULL,
            measure TEXT NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            partners TEXT NOT NULL,
            beneficiaries TEXT NOT NULL,
            date TEXT,
            sheet TEXT NOT NULL,
            cell TEXT NOT NULL,
            PRIMARY KEY (submission_id, position)
        )""",
        # every national plan measure's report (status, value) a lead sent in that workbook
        """CREATE TABLE plan_report (
            submission_id INTEGER NOT NULL REFERENCES submission(id),
            measure TEXT NOT NULL,
            status TEXT NOT NULL,
            value,                             -- no affinity: 12 stays 12, 12.5 stays 12.5
            comment TEXT NOT NULL,
            sheet TEXT NOT NULL,
            cell TEXT NOT NULL,
            PRIMARY KEY (submission_id, measure)
        )""",
        # every national figure of every year an edition published (frozen with the edition)
        """CREATE TABLE figure (
            id INTEGER PRIMARY KEY,
            publication_id INTEGER NOT NULL REFERENCES publication(id),
            year INTEGER NOT NULL,
            key TEXT NOT NULL,
            indicator TEXT NOT NULL,
            dimension TEXT,
            category TEXT,
            value INTEGER CHECK (value >= 0),  -- the true value; NULL: none received
            status TEXT NOT NULL,              -- symbols as published: '', 'r', 'c', ...
            UNIQUE (publication_id, year, key)
        )""",
        # the workbooks a national figure was taken from, in order
        """CREATE TABLE figure_source (
            figure_id INTEGER NOT NULL REFERENCES figure(id),
            position INTEGER NOT NULL,
            submission_id INTEGER NOT NULL REFERENCES submission(id),
            PRIMARY KEY (figure_id, position)
        )""",
        # a published figure changed by a corrected workbook
        """CREATE TABLE revision (
            id INTEGER PRIMARY KEY,
            publication_id INTEGER NOT NULL REFERENCES publication(id),
            year INTEGER NOT NULL,
            key TEXT NOT NULL,
            old_value INTEGER,
            old_status TEXT NOT NULL,          -- how the old value was published ('c': hidden)
            new_value INTEGER,
            members TEXT NOT NULL,             -- codes of the members whose workbooks changed it
            date TEXT NOT NULL                 -- the date of the edition that published it
        )""",
        "CREATE INDEX figure_year_key ON figure (year, key, publication_id)",
        "CREATE INDEX submission_year_member ON submission (year, member, id)",
        "CREATE INDEX revision_year ON revision (year, key)",
    ),
    (
        # 2: a past report's figures imported (``import-published``): the publication they
        # make (no submission, no workbook), from which file, by whom, and why a year the
        # database already held was imported again
        """CREATE TABLE import (
            publication_id INTEGER PRIMARY KEY REFERENCES publication(id),
            file TEXT NOT NULL,                -- the imported file's name
            sha256 TEXT NOT NULL,
            operator TEXT NOT NULL,            -- the account that ran the import
            reason TEXT NOT NULL               -- with --force: why ('' the first time)
        )""",
        # where the past report printed each imported figure ("report on 2022, p. 14")
        """CREATE TABLE figure_reference (
            figure_id INTEGER PRIMARY KEY REFERENCES figure(id),
            report INTEGER NOT NULL,           -- the year the report covers
            page INTEGER CHECK (page >= 1),    -- NULL: a figure the report did not publish
            printed TEXT NOT NULL              -- its status as printed ('', 'r', 'na', 'x', 'c')
        )""",
    ),
    (
        # 3: a final edition built with --force --reason while review items were open:
        # the reason, the operator, the date and every open item, with the publication
        """CREATE TABLE sign_off (
            id INTEGER PRIMARY KEY,
            publication_id INTEGER NOT NULL REFERENCES publication(id),
            year INTEGER NOT NULL,
            reason TEXT NOT NULL,
            operator TEXT NOT NULL,            -- the account name that ran the build
            at TEXT NOT NULL,                  -- when (UTC, ISO)
            pdf_sha256 TEXT NOT NULL           -- the final PDF the reason applies to
        )""",
        """CREATE TABLE sign_off_item (
            sign_off_id INTEGER NOT NULL REFERENCES sign_off(id),
            position INTEGER NOT NULL,
            draft INTEGER NOT NULL,
            entry TEXT NOT NULL,               -- "<member>:<item>" of the review log
            member TEXT NOT NULL,
            item TEXT NOT NULL,
            decision TEXT NOT NULL,
            requested TEXT NOT NULL,
            PRIMARY KEY (sign_off_id, position)
        )""",
        "CREATE INDEX sign_off_year ON sign_off (year, id)",
    ),
    (
        # 4: a publication under way: the database learns of a final before its files take
        # their place (report/database/act.py); the rows go once every file is in place
        """CREATE TABLE pending (
            id INTEGER PRIMARY KEY,
            publication_id INTEGER NOT NULL REFERENCES publication(id),
            added INTEGER NOT NULL,            -- 1: this act recorded the publication
            started_at TEXT NOT NULL           -- UTC
        )""",
        # each file of that final: complete beside its place (hidden) until it takes it
        """CREATE TABLE pending_file (
            pending_id INTEGER NOT NULL REFERENCES pending(id),
            position INTEGER NOT NULL,
            target TEXT NOT NULL,              -- where it is published (absolute path)
            staged TEXT NOT NULL,              -- the complete new file, hidden beside it
            sha256 TEXT NOT NULL,
            PRIMARY KEY (pending_id, position)
        )""",
    ),
    (
        # 5: the translation memory: the members' texts in the other language, kept by the
        # source text's hash (report/figures/texts.py: text_key); rows are only added, and a
        # text's latest row for a target language is its translation
        f"""CREATE TABLE {TRANSLATION_TABLE} (
            id INTEGER PRIMARY KEY,
            source_sha256 TEXT NOT NULL,       -- sha256 of the source text, spaces normalised
            source_lang TEXT NOT NULL,         -- 'ar' | 'fr': the language it is written in
            target_lang TEXT NOT NULL,
            source TEXT NOT NULL,              -- the text as the member wrote it
            target TEXT NOT NULL,              -- the same text in target_lang
            origin TEXT NOT NULL,              -- 'member' | 'translator' | 'review'
            member TEXT NOT NULL,              -- whose text (the first member that wrote it)
            reference TEXT NOT NULL,           -- where it was given (file, sheet, cell)
            recorded_at TEXT NOT NULL          -- when it was recorded (UTC)
        )""",
        f"CREATE INDEX translation_source ON {TRANSLATION_TABLE} "
        "(source_sha256, target_lang, id)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
