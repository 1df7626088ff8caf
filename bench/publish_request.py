"""Time of the editor's publish request (the admin's edit view POST with "publish"), median of N, optionally side
by side with another checkout of Miftah (e.g. the code before the background worker).

    flock /tmp/bench.lock python bench/publish_request.py [--publishes 20] [--rounds 3] [--compare /path/to/checkout]

Each checkout gets its own data folder with the demo outlet (`miftah migrate` + `miftah demo`), then rounds alternate
between the checkouts; a round publishes N new drafts one by one through Django's test client (the full admin
request: form, revision, publish, signals, whatever runs before the response). Prints each checkout's per-round
medians, the overall median and p90, and the ratio. With the background queue the work that follows a publish
(related articles, mentions, search index) is queued, not done in the request; the worker is not running here.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

MEASURE = r"""
import json, os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miftah.settings")
django.setup()
from django.contrib.auth.models import User
from django.test import Client
from django.test.utils import setup_test_environment
from miftah.news.models import ArticlePage, SectionPage

setup_test_environment()
count, round_no = int(sys.argv[1]), int(sys.argv[2])
editor = User.objects.get(username="editor")
client = Client()
client.force_login(editor)
section = SectionPage.objects.live().order_by("path").first()
body = "وصل وفد من الأمم المتحدة إلى بغداد لبحث الانتخابات في العراق، والتقى رئيس الحكومة في بيروت."
times = []
for n in range(count):
    draft = ArticlePage(title=f"مقال للقياس {round_no}-{n} عن بغداد وبيروت", slug=f"bench-{round_no}-{n}-{time.time_ns()}",
                        live=False, body=json.dumps([{"type": "paragraph", "value": f"<p>{body}</p>"}]))
    section.add_child(instance=draft)
    draft.save_revision()
    data = {"title": draft.title, "slug": draft.slug, "dek": "موجز", "body-count": "1",
            "body-0-type": "paragraph", "body-0-deleted": "", "body-0-order": "0", "body-0-id": "",
            "body-0-value": json.dumps({"blocks": [{"key": "a", "text": body, "type": "unstyled", "depth": 0,
                                                    "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}),
            "article_authors-TOTAL_FORMS": "0", "article_authors-INITIAL_FORMS": "0",
            "article_authors-MIN_NUM_FORMS": "0", "article_authors-MAX_NUM_FORMS": "1000",
            "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0",
            "corrections-MIN_NUM_FORMS": "0", "corrections-MAX_NUM_FORMS": "1000",
            "tags": "العراق", "action-publish": "action-publish"}
    started = time.perf_counter()
    response = client.post(f"/admin/pages/{draft.pk}/edit/", data)
    times.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 302, response.content[:500]
    assert ArticlePage.objects.get(pk=draft.pk).live
print(json.dumps(times))
"""


def env_for(checkout, data_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PYTHONPATH=str(checkout), MIFTAH_DATA_DIR=str(data_dir), MIFTAH_PLAIN_STATIC="1", LOG_LEVEL="ERROR",
               ALLOWED_HOSTS="testserver,127.0.0.1,localhost")
    return env


def prepare(checkout, data_dir):
    env = env_for(checkout, data_dir)
    for args in (["migrate", "--noinput", "-v", "0"], ["demo"]):
        subprocess.run([sys.executable, "-m", "miftah.cli", *args], env=env, check=True, cwd=checkout,
                       stdout=subprocess.DEVNULL)


def measure(checkout, data_dir, count, round_no):
    out = subprocess.run([sys.executable, "-c", MEASURE, str(count), str(round_no)], env=env_for(checkout, data_dir),
                         check=True, capture_output=True, text=True, cwd=checkout)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--publishes", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--compare", type=Path, help="another checkout to measure side by side (the baseline)")
    args = parser.parse_args()
    checkouts = {"this": HERE}
    if args.compare:
        checkouts["baseline"] = args.compare.resolve()
    work = Path(tempfile.mkdtemp(prefix="miftah-bench-publish-"))
    for name, checkout in checkouts.items():
        print(f"preparing {name} ({checkout}) with the demo outlet…", flush=True)
        prepare(checkout, work / name)
    results = {name: [] for name in checkouts}
    for round_no in range(args.rounds):
        for name, checkout in checkouts.items():
            times = measure(checkout, work / name, args.publishes, round_no)
            results[name].extend(times)
            print(f"round {round_no + 1} {name:8} median {statistics.median(times):7.1f} ms", flush=True)
    print()
    for name, times in results.items():
        p90 = statistics.quantiles(times, n=10)[-1]
        print(f"{name:8} publish request: median {statistics.median(times):.1f} ms, p90 {p90:.1f} ms "
              f"({len(times)} publishes)")
    if "baseline" in results:
        ratio = statistics.median(results["this"]) / statistics.median(results["baseline"])
        print(f"ratio this/baseline (median): {ratio:.2f}")
    try:
        load = os.getloadavg()[0]
        print(f"load average at the end: {load:.1f}")
    except OSError:
        pass


if __name__ == "__main__":
    main()
