"""Site script: settle Traditional vs Simplified for Chinese text that reads the same in both.

A short line such as `走了！` or `不看。` has no character that differs between the scripts, so the
`language` step can only call it a tie (`zh-Hans` at 0.5, `script_basis: "none"`). The site it
comes from usually can decide: a Hong Kong forum or a Taiwanese news site writes Traditional on
every page that shows any script at all. This corpus step counts, per site
(`_site.site_of`: `metadata["site"]`, else the host of the record's `url`, else the
input's folder), the Chinese documents whose script the text itself decided, and gives each tied
document of the site the site's script when the site is clear about it: at least `min_documents`
decided documents, `min_share` of them in one script. The document then carries
`script_basis: "site"` and a `language_score` equal to that share; nothing else changes, and a
tie in a mixed or unknown site stays a tie.
"""

from __future__ import annotations

from collections import Counter

from corpusclean._document import Document
from corpusclean._lang.tagger import CHINESE, SCRIPT_BASIS, script_of
from corpusclean._site import SiteStep

STEP = "site-script"


class SiteScript(SiteStep[Counter[str]]):
    """Corpus step tagging script-neutral Chinese documents with their site's script. A site's
    state counts its Chinese documents whose own text decided their script, by language."""

    name = STEP

    def __init__(self, *, min_documents: int = 5, min_share: float = 0.9) -> None:
        super().__init__()
        self.min_documents = min_documents
        self.min_share = min_share

    def new_site(self) -> Counter[str]:
        return Counter()

    def observe(self, number: int, site: str, doc: Document) -> str | None:
        """The document's language if it is Chinese and its own text decided the script."""
        language = doc.metadata.get("language")
        if language in CHINESE and SCRIPT_BASIS not in doc.metadata:
            return str(language)
        return None

    def merge(self, number: int, state: Counter[str], evidence: str) -> None:
        """Count one decided document of the site."""
        state[evidence] += 1

    def site_script(self, site: str) -> tuple[str, float] | None:
        """The site's script as (language, share of its decided documents), if it is clear."""
        counts = self.sites.get(site)
        if not counts:
            return None
        language, count = counts.most_common(1)[0]
        total = sum(counts.values())
        if total < self.min_documents or count < self.min_share * total:
            return None
        return language, round(count / total, 4)

    def change(self, site: str, doc: Document) -> Document:
        """Give a tied Chinese document its site's script (metadata only)."""
        if doc.metadata.get(SCRIPT_BASIS) != "none":
            return doc
        decided = self.site_script(site)
        if decided is None:
            return doc
        language, share = decided
        previous = doc.metadata["language"]
        languages = dict(doc.metadata.get("languages", {}))
        share_of_previous = languages.pop(previous, 0.0)
        languages[language] = round(languages.get(language, 0.0) + share_of_previous, 4)
        doc.metadata.update(
            {
                "language": language,
                "language_score": share,
                "languages": languages,
                "script": script_of(language),
                SCRIPT_BASIS: "site",
            }
        )
        return doc
