"""Wagtail's page tree paths (treebeard's materialised path): a page's parent, and the steps of bulk writers.

A page's path is its parent's path plus one step of `Page.steplen` characters in `Page.alphabet`. `parent_path` is
the one way to go up a step: an article's section is the page at `parent_path(article.path)`, found for one article
by `section_of` and for a batch in one query by `parent_pages`, with no `get_parent()` per page. Writing tree rows
directly (corpus loading, WordPress import, scale tests) makes and reads the steps with `encode_step`/`decode_step`
the way treebeard does.
"""

from wagtail.models import Page


def encode_step(number):
    """The path step of the `number`-th child (1-based)."""
    alphabet = Page.alphabet
    digits = []
    while number:
        number, remainder = divmod(number, len(alphabet))
        digits.append(alphabet[remainder])
    return "".join(reversed(digits)).rjust(Page.steplen, alphabet[0])


def decode_step(step):
    """The child number a path step stands for."""
    value = 0
    for char in step:
        value = value * len(Page.alphabet) + Page.alphabet.index(char)
    return value


def next_child_number(last_child_path):
    """The step number of a new last child, after the child at `last_child_path` (None: the first child)."""
    return decode_step(last_child_path[-Page.steplen:]) + 1 if last_child_path else 1


def parent_path(path):
    """The path of the parent of the page at `path` (the path less its last step)."""
    return path[: -Page.steplen]


def parent_pages(pages, queryset=None):
    """{page path: its parent page} for `pages`, in one query.

    `queryset` (all pages by default) says which parents are wanted and with which fields, e.g.
    `SectionPage.objects.only("id", "path", "too_broad_for_related")`; a page whose parent it leaves out is absent.
    """
    wanted = {page.path: parent_path(page.path) for page in pages}
    if not wanted:
        return {}
    queryset = Page.objects.all() if queryset is None else queryset
    parents = {parent.path: parent for parent in queryset.filter(path__in=set(wanted.values()))}
    return {path: parents[parent] for path, parent in wanted.items() if parent in parents}


def section_of(page):
    """The SectionPage that is `page`'s parent (live or not), or None: one query."""
    from miftah.news.models import SectionPage

    return SectionPage.objects.filter(path=parent_path(page.path)).first()
