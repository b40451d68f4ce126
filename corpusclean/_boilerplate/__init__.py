"""Boilerplate: page furniture, footers and notices.

- `lines`: the `boilerplate` document step (line rules, then the context classifier);
- `rules`: lines that say what they are (copyright, ICP, hotline, share bar, byline, notices);
- `context`: the line classifier for the rest of the page furniture;
- `site_lines`: the `site-repeat` corpus step, lines repeated across a site's pages.
"""
