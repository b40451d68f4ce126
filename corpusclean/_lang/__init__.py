"""Language tagging.

- `tagger`: the `language` document step (script first, then n-gram and word evidence);
- `profiles`: a deterministic scorer over langdetect's n-gram profiles;
- `site_script`: the `site-script` corpus step, Traditional vs Simplified from the site.
"""
