"""Text models shared by several capabilities.

- `script`: which writing system a character belongs to; Traditional/Simplified tables;
- `plausibility`: how much a string looks like real text (mojibake repair, decoding, spam junctions);
- `wordfreq`: word frequency lists per language (language tagging, spam).
"""
