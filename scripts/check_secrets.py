"""make secrets: fail if a tracked file holds a secret that .secrets.baseline lacks.

detect-secrets rescans a copy of the baseline (same plugins and excluded files);
findings are compared by file and hashed secret, so moved lines do not count.
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".secrets.baseline"
SCAN = ROOT / ".venv" / "bin" / "detect-secrets"


def findings(path):
    results = json.loads(Path(path).read_text())["results"]
    return {
        (name, item["hashed_secret"]): item["type"]
        for name, items in results.items()
        for item in items
    }


def main():
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "baseline.json"
        shutil.copy(BASELINE, copy)
        subprocess.run(
            [str(SCAN), "scan", "--baseline", str(copy), *files], cwd=ROOT, check=True
        )
        new = set(findings(copy)) - set(findings(BASELINE))
        current = findings(copy)
    for name, secret in sorted(new):
        print(f"possible secret ({current[(name, secret)]}) in {name}")
    if new:
        print("Remove it, or mark a false positive (docs/security.md).")
        return 1
    print(f"secret scan: {len(files)} files, no new findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
