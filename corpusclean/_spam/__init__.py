"""Spam inserts: text a spam site pastes into copied articles.

- `inserts`: the `spam` document step, joining the two detectors below;
- `titles`: a title or slogan injected again and again into the body;
- `title_line`: later copies of a Chinese title line, judged one by one by a learned model;
- `splices`: product/industry keyword phrases spliced into a sentence (and the user lexicon);
- `junction`: the evidence at a pasted span's two edges;
- `site_phrases`: the `site-phrases` corpus step, phrases pasted across a site's pages.
"""
