"""`miftah newsletter …`: a data request handled from the shell (export, forget), and a list's issue sent now.

    miftah newsletter export reader@example.org > reader.json
    miftah newsletter forget reader@example.org
    miftah newsletter send daily        # the list's open issue, topped up with what was published, sent now
"""

from django.core.management.base import BaseCommand, CommandError

from miftah.newsletters import readers
from miftah.newsletters.issues import prepare_issue
from miftah.newsletters.models import NewsletterList, Subscriber
from miftah.newsletters.sending import start_sending


class Command(BaseCommand):
    help = "Newsletter data requests (export, forget) and sending a list's next issue now."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("export", help="print everything stored about an address, as JSON").add_argument("email")
        actions.add_parser("forget", help="delete an address and everything linked to it").add_argument("email")
        actions.add_parser("send", help="send a list's next issue now (through the worker)").add_argument("slug")

    def handle(self, *args, action, **options):
        if action == "send":
            newsletter = NewsletterList.objects.filter(slug=options["slug"]).first()
            if newsletter is None:
                raise CommandError(f"no newsletter list with the slug {options['slug']!r}")
            issue = prepare_issue(newsletter)
            if not issue.items.exists() and not issue.intro.strip():
                raise CommandError("nothing new to send: the issue has no articles and no intro")
            start_sending(issue)
            self.stdout.write(f"issue {issue.pk} «{issue.subject}» queued for sending")
            return
        subscriber = Subscriber.objects.filter(email=options["email"].strip().lower()).first()
        if subscriber is None:
            raise CommandError(f"no subscriber with the address {options['email']!r}")
        if action == "export":
            self.stdout.write(readers.export(subscriber))
        else:
            readers.forget(subscriber)
            self.stdout.write(f"deleted {options['email']} and its subscriptions and delivery records")
