"""Time and memory of sending one digest to 10,000 subscribers through a local SMTP server, the way production does
it: `start_sending` writes the delivery rows and queues the batches, then `miftah worker --batch` (a process of its
own, on the database queue) renders and sends every message over SMTP.

A throwaway data folder (SQLite, or DATABASE_URL's database if set — it is migrated and filled, so point it at a
scratch one), an aiosmtpd server in this process counting what arrives, and several rounds (a new issue each):

    .venv/bin/python bench/newsletter_send.py [--subscribers 10000] [--rounds 3] [--batch 500]

Prints per round: seconds to queue, seconds for the worker to send everything, messages/s, the worker's CPU
seconds and peak RSS,
and checks every subscriber got exactly one message per round.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Counter:
    def __init__(self):
        self.received = {}
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.received[rcpt] = self.received.get(rcpt, 0) + 1
        return "250 OK"


def django_env(data_dir, **extra):
    env = dict(os.environ, MIFTAH_DATA_DIR=str(data_dir), MIFTAH_PLAIN_STATIC="1", PYTHONPATH=str(REPO),
               DJANGO_SETTINGS_MODULE="miftah.settings", LOG_LEVEL="ERROR")
    env.update(extra)
    return env


def run(args, env, **kwargs):
    return subprocess.run([sys.executable, *args], env=env, cwd=REPO, check=True, **kwargs)


def seed(count):
    """(in a child process) a site with a few articles and `count` confirmed subscribers of the daily digest."""
    import django

    django.setup()
    from django.utils import timezone

    from miftah.news.tests.factories import make_article, make_home, make_section
    from miftah.newsletters.models import NewsletterList, Subscriber, Subscription

    home = make_home()
    section = make_section(home, "أخبار", slug="news")
    for n in range(12):
        make_article(section, f"خبر رقم {n + 1} عن الحدود والموانئ والطاقة", dek="موجز قصير للخبر في سطر واحد.")
    daily = NewsletterList.objects.get(slug="daily")
    NewsletterList.objects.filter(pk=daily.pk).update(covered_until=timezone.now() - timezone.timedelta(days=1))
    Subscriber.objects.bulk_create([Subscriber(email=f"reader{n}@example.org", secret=f"s{n:010d}")
                                    for n in range(count)], batch_size=2000)
    Subscription.objects.bulk_create(
        [Subscription(subscriber_id=pk, newsletter=daily, status=Subscription.CONFIRMED)
         for pk in Subscriber.objects.values_list("pk", flat=True)], batch_size=2000)


def queue_issue():
    """(in a child process) a new digest of the articles, its deliveries written and batches queued."""
    import django

    django.setup()
    from miftah.newsletters.models import Issue, IssueItem, NewsletterList
    from miftah.newsletters.sending import start_sending
    from miftah.news.models import ArticlePage

    daily = NewsletterList.objects.get(slug="daily")
    issue = Issue.objects.create(newsletter=daily, subject="النشرة اليومية — قياس", intro="مقدمة قصيرة للعدد.")
    IssueItem.objects.bulk_create([IssueItem(issue=issue, article=a, sort_order=n)
                                   for n, a in enumerate(ArticlePage.objects.order_by("pk")[:10])])
    started = time.perf_counter()
    assert start_sending(issue)
    print(f"{time.perf_counter() - started:.3f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--mode", choices=["bench", "seed", "queue"], default="bench", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode == "seed":
        return seed(args.subscribers)
    if args.mode == "queue":
        return queue_issue()

    from aiosmtpd.controller import Controller

    counter = Counter()
    port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    with tempfile.TemporaryDirectory(prefix="miftah-bench-newsletter-") as data_dir:
        env = django_env(data_dir, MIFTAH_TASKS="immediate", EMAIL_URL=f"smtp://127.0.0.1:{port}",
                         MIFTAH_NEWSLETTER_BATCH=str(args.batch), MIFTAH_BASE_URL="https://news.example.org")
        run(["-m", "miftah.cli", "migrate", "--noinput", "-v", "0"], env)
        run([__file__, "--mode", "seed", "--subscribers", str(args.subscribers)], env)
        queued_env = dict(env, MIFTAH_TASKS="database")
        results = []
        for round_number in range(1, args.rounds + 1):
            counter.received.clear()
            queue_seconds = float(run([__file__, "--mode", "queue"], queued_env, capture_output=True, text=True)
                                  .stdout.strip().splitlines()[-1])
            started = time.perf_counter()
            worker = subprocess.Popen([sys.executable, "-m", "miftah.cli", "worker", "--batch", "--no-periodic"],
                                      env=queued_env, cwd=REPO)
            _, status, usage = os.wait4(worker.pid, 0)  # wait4: this child's own peak RSS, not the seeders'
            seconds = time.perf_counter() - started
            worker.returncode = os.waitstatus_to_exitcode(status)
            if worker.returncode != 0:
                raise SystemExit(f"worker exited with status {worker.returncode}")
            got = sum(counter.received.values())
            twice = sum(1 for n in counter.received.values() if n > 1)
            if got != args.subscribers or twice:
                raise SystemExit(f"round {round_number}: {got} messages for {args.subscribers} subscribers, "
                                 f"{twice} received twice")
            rss_mb = usage.ru_maxrss / 1024
            cpu = usage.ru_utime + usage.ru_stime  # the worker's own CPU: steadier than wall time on a shared machine
            results.append((queue_seconds, seconds, rss_mb, cpu))
            print(f"round {round_number}: queue {queue_seconds:.2f} s, send {seconds:.1f} s "
                  f"({args.subscribers / seconds:.0f} messages/s), worker CPU {cpu:.1f} s, "
                  f"worker peak RSS {rss_mb:.0f} MB", flush=True)
    controller.stop()
    queue_median = statistics.median(r[0] for r in results)
    send_median = statistics.median(r[1] for r in results)
    rss_median = statistics.median(r[2] for r in results)
    cpu_median = statistics.median(r[3] for r in results)
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(f"\n{args.subscribers} subscribers, {database}, batches of {args.batch}, {args.rounds} rounds (medians): "
          f"queue {queue_median:.2f} s, send {send_median:.1f} s ({args.subscribers / send_median:.0f} messages/s), "
          f"worker CPU {cpu_median:.1f} s ({1000 * cpu_median / args.subscribers:.1f} ms/message), "
          f"worker peak RSS {rss_median:.0f} MB")


if __name__ == "__main__":
    main()
