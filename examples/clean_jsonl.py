"""Clean a JSONL dump from Python and keep only Chinese documents that survived.

Run from the repository root:  python examples/clean_jsonl.py
"""

from __future__ import annotations

import corpusclean

documents = [
    ("a", "市政府召開“一城三區(qū)”區(qū)域限制類鋼鐵焦化企業(yè)停產(chǎn)退出工作專題匯報(bào)會(huì)。"),
    ("b", "市政府召開“一城三区”区域限制类钢铁焦化企业停产退出工作专题汇报会。"),
    ("c", "The city government held a briefing on closing polluting steel plants."),
]

for doc in corpusclean.clean_documents(documents, workers=1):
    print(doc.id, doc.status, doc.metadata.get("language"), doc.metadata.get("dup_of", ""), doc.text[:40])
    for edit in doc.edits:
        print(f"    [{edit.step}/{edit.reason}] removed {edit.before!r}")
