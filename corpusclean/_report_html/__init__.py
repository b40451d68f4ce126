"""The HTML run report (`corpusclean report`, `clean --report`): what a run did, for a curator to
look at and act on.

- `collect`: the report's data from a run's manifest (counters, one row per document, the full
  text of a sample with every removal marked);
- `page`: the self-contained HTML page (data, script, styles and the vendored Chart.js inlined);
- `app.js`, `template.html`, `style.css`: the page itself; `vendor/`: Chart.js and its licence.

The review lists export a spam lexicon and a keep-lines file for the next run; the keep-lines
veto lives with the steps it binds, in `_boilerplate/keep.py`.
"""
