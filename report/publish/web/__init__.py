"""The web edition: the report as a static site under out/<year>/web/ (a draft's under
web-draft<N>/), every language in its own folder (ar/, fr/), made from the books' own
templates, filters and passes, with the figures of the public view:

    per language: context -> render (templates/<lang>/, the books' passes) -> chapters
      -> web passes (numbers written in, links across pages, notes, tables, languages,
         charts inline with their data table) -> pages (templates/web/)
    -> fonts (cut down), stylesheet, cover image, downloads, sitemap -> written atomically

edition.py (which site), chapters.py (the rendered report cut into chapters), passes.py
(what the screen needs that the book does not), charts.py (the SVG inline, the data
table), pages.py (the pages), webfonts.py, cover.py (the Open Graph image), metadata.py
(sitemap, robots.txt, the dataset's schema.org markup), site.py (all of it, written).
"""
