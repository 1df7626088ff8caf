"""Benchmark: stream-parse and convert a large Arabic WXR export.

Builds (in a temporary directory, never the repository) exports of 5,000 and
30,000 posts by repeating the 300 Arabic posts of the ANT-derived sample with
fresh post ids and slugs, then, in a fresh subprocess per run, parses every
record with ``miftah.wordpress.wxr.parse`` and converts each post with
``miftah.wordpress.content.convert``.  Prints median posts/s and peak RSS
growth over the post-import baseline; flat RSS between the two sizes is the
point.  Article text: ANT corpus (Chouigui, Ben Khiroun, Elayeb).

    .venv/bin/python bench/wxr_parse.py [--sizes 5000 30000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = Path(os.environ.get("MIFTAH_SHARED_DATA", REPO_ROOT / ".." / "shared" / "data")) / \
    "wordpress" / "arabic-sample" / "ant_ar_sample.wxr.xml"

_ITEM = re.compile(r"<item>.*?</item>", re.S)


def build_export(target: Path, posts: int) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    items = _ITEM.findall(text)
    head, tail = text[: text.index("<item>")], text[text.rindex("</item>") + len("</item>"):]
    with target.open("w", encoding="utf-8") as out:
        out.write(head)
        for n in range(posts):
            item = items[n % len(items)]
            item = re.sub(r"<wp:post_id>\d+</wp:post_id>", f"<wp:post_id>{n + 1}</wp:post_id>", item, count=1)
            item = re.sub(r"(<wp:post_name><!\[CDATA\[)(.*?)(\]\]>)",
                          lambda m: f"{m.group(1)}{m.group(2)[:180]}-{n + 1}{m.group(3)}", item, count=1)
            out.write(item)
            out.write("\n")
        out.write(tail)


def measure(path: str) -> dict:
    """Runs inside a fresh interpreter so ru_maxrss belongs to this file alone."""
    import resource

    sys.path.insert(0, str(REPO_ROOT))
    from miftah.wordpress.content import convert
    from miftah.wordpress.wxr import Item, parse

    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    posts = blocks = 0
    started = time.perf_counter()
    for record in parse(path):
        if isinstance(record, Item):
            posts += 1
            blocks += len(convert(record.content).blocks)
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"posts": posts, "blocks": blocks, "seconds": elapsed,
            "baseline_mb": baseline_kb / 1024, "peak_mb": peak_kb / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 30000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    if not SAMPLE.exists():
        sys.exit(f"Arabic sample not found at {SAMPLE} (set MIFTAH_SHARED_DATA)")
    rows = []
    with tempfile.TemporaryDirectory(prefix="miftah-wxr-bench-") as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"arabic-{size}.xml"
            build_export(path, size)
            runs = [json.loads(subprocess.run([sys.executable, __file__, "--measure", str(path)], check=True,
                                              capture_output=True, text=True).stdout) for _ in range(args.repeats)]
            assert all(run["posts"] == size for run in runs)
            rate = statistics.median(run["posts"] / run["seconds"] for run in runs)
            growth = statistics.median(run["peak_mb"] - run["baseline_mb"] for run in runs)
            peak = statistics.median(run["peak_mb"] for run in runs)
            rows.append((size, path.stat().st_size / 2**20, rate, peak, growth))
    print(f"{'posts':>7} {'file MB':>8} {'posts/s (median)':>17} {'peak RSS MB':>12} {'RSS growth MB':>14}")
    for size, megabytes, rate, peak, growth in rows:
        print(f"{size:>7} {megabytes:>8.1f} {rate:>17.0f} {peak:>12.1f} {growth:>14.1f}")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(f"file size x{last[1] / first[1]:.1f}, peak RSS x{last[3] / first[3]:.2f}, "
              f"throughput x{last[2] / first[2]:.2f} ({args.repeats} runs each, medians)")


if __name__ == "__main__":
    main()
