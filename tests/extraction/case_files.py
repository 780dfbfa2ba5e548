"""Reading the case files of tests/data/<folder>/*.jsonl: one case a line, each told where it stands."""
from __future__ import annotations

import json
from pathlib import Path


def read_cases(folder: Path) -> list[dict]:
    """Every case of the folder's files, in file and line order, with ``_where`` ("file.jsonl:line")."""
    out = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                case = json.loads(line)
                case["_where"] = f"{path.name}:{number}"
                out.append(case)
    return out
