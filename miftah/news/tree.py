"""Wagtail's page tree paths (treebeard's materialised path), for code that writes many pages in bulk.

A page's path is its parent's path plus one step of `Page.steplen` characters in `Page.alphabet`; writing tree rows
directly (corpus loading, WordPress import, scale tests) needs to make and read those steps the way treebeard does.
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
