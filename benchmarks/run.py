"""Time repat-kg as whole processes: --help, build (with validation) and a canned query.

Usage: python benchmarks/run.py [--repeat N]
Goals: --help under 0.3 s, build with validation under 1.5 s, a canned query under 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "repat_kg", *args], cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "build"
        cases = {
            "repat-kg --help": ["--help"],
            "repat-kg build (validated)": ["build", str(ROOT / "seeds"), "-o", str(out)],
            "repat-kg query official-claims (built graph)": [
                "query",
                "official-claims",
                "--data",
                str(out / "repat-kg.nq"),
            ],
            "repat-kg query official-claims (no build)": ["query", "official-claims"],
        }
        for label, args in cases.items():
            times = [timed(args, Path(scratch)) for _ in range(repeat)]
            print(f"{label:48} median {statistics.median(times):6.3f} s  min {min(times):6.3f} s  (n={repeat})")


if __name__ == "__main__":
    main()
