"""Every interface string goes through gettext, and the English catalogue translates every one of them.

Arabic is the source language: the msgid is the Arabic text. These tests fail when someone adds Arabic text meant
for people without marking it (in a template or a Python module), when the English catalogue lacks a translation of
a string `makemessages` finds, and when the committed .mo is not the compilation of the .po (docs/i18n.md).
"""

import ast
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.template.base import Lexer, TokenType
from django.test import override_settings

PACKAGE = Path(__file__).resolve().parents[2]
EN_PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
EN_MO = EN_PO.with_suffix(".mo")

ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF]")
GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext",
                 "pgettext_lazy", "npgettext", "npgettext_lazy"}
# A literal on a line carrying this comment is data that happens to be Arabic (a stored name, a default the outlet
# edits, a file header): say why after it.
NOT_INTERFACE = "# i18n: not interface text"

# Python code whose Arabic is not interface text. Each entry says why; keep it short.
PYTHON_ALLOWED = {
    "arabic/": "linguistic data: lexicons, stopwords, month names, counting forms (pure Python, no Django)",
    "dossiers/triggers.py": "linguistic data: the titles and roles that introduce a name",
    "dossiers/matching.py": "linguistic data: the clitics and article stripped when matching names",
    "dossiers/kb.py": "the knowledge-base file's Arabic vocabulary, and its import errors (an operator's command)",
    "audit/passwords.py": "the Arabic keyboard layout",
    "audit/signals.py": "texts written into the audit trail once, when the event happens (stored records)",
    "search/corpus.py": "corpus loader defaults (data)",
    "settings.py": "each language's name in that language, which is never translated",
    "management/commands/": "operators' command output, Arabic with English beside (see docs/i18n.md)",
    "backup/": "backup and restore run from the command line; their errors are bilingual (Arabic, then English)",
    "core/site_address.py": "errors of `miftah setup --base-url`, bilingual, for the operator",
    "wordpress/wxr.py": "`miftah import-wordpress` errors, bilingual, for the operator",
    "wordpress/terms.py": "`miftah import-wordpress` errors and the imported «غير مصنف» section (content)",
    "wordpress/importer.py": "`miftah import-wordpress` errors, bilingual, for the operator",
    "wordpress/conversion.py": "the title given to an untitled imported post (content)",
    "tests/": "tests",
    "migrations/": "migrations record what was",
    "demo": "the demo outlet's content",
    "conftest.py": "test fixtures",
    "testing.py": "test helpers",
    "test_settings.py": "test settings",
}
# Templates whose Arabic is not interface text.
TEMPLATES_ALLOWED = {
    "tests/": "tests",
}
# Template tags whose Arabic argument is a key into miftah.arabic.counting, not text: {% count_of n "مقال" %}.
DATA_TAGS = {"count_of"}


def _relative(path):
    return path.relative_to(PACKAGE).as_posix()


def _allowed(relative, table):
    return any(part in relative for part in table)


def _python_files():
    return [p for p in sorted(PACKAGE.rglob("*.py")) if not _allowed(_relative(p), PYTHON_ALLOWED)]


def _template_files():
    return [p for p in sorted(PACKAGE.rglob("*")) if p.suffix in (".html", ".txt") and "templates" in p.parts
            and not _allowed(_relative(p), TEMPLATES_ALLOWED)]


def _call_name(node):
    return getattr(node.func, "id", None) or getattr(node.func, "attr", None)


def unmarked_python_strings(source):
    """(line, text) of each Arabic string literal in ``source`` that is not inside a gettext call.

    Docstrings, dict keys and comparisons (lookups, not text shown), and the noun key of count_text() are not
    interface text; f-strings never are acceptable (translators need the whole sentence: use %(name)s).
    """
    tree = ast.parse(source)
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child.parent = node
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    lines = source.splitlines()
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and ARABIC_LETTER.search(node.value)):
            continue
        parent = node.parent
        if id(node) in docstrings or NOT_INTERFACE in lines[node.lineno - 1]:
            continue
        if isinstance(parent, ast.Call) and _call_name(parent) in GETTEXT_CALLS and parent.args[:1] == [node]:
            continue
        if isinstance(parent, ast.Call) and _call_name(parent) in GETTEXT_CALLS and len(parent.args) > 1 and (
                _call_name(parent).startswith(("ngettext", "npgettext", "pgettext"))):
            continue  # the plural or the message of a context/plural call
        if isinstance(parent, ast.Dict) and any(key is node for key in parent.keys):
            continue
        if isinstance(parent, ast.Compare):
            continue
        if isinstance(parent, ast.Call) and _call_name(parent) in ("count_text", "count_phrase", "noun_form"):
            continue
        found.append((node.lineno, node.value))
    return found


def unmarked_template_text(source):
    """(line, text) of each piece of Arabic in a template outside {% translate %}, {% blocktranslate %}, _("…")
    and comments."""
    found = []
    in_comment = in_blocktranslate = False
    for token in Lexer(source).tokenize():
        contents = token.contents
        if token.token_type == TokenType.BLOCK:
            name = contents.split()[0] if contents.split() else ""
            if name in ("comment", "endcomment"):
                in_comment = name == "comment"
            elif name in ("blocktranslate", "blocktrans", "endblocktranslate", "endblocktrans"):
                in_blocktranslate = not name.startswith("end")
            elif not (in_comment or name in ("translate", "trans", "plural", *DATA_TAGS)):
                if ARABIC_LETTER.search(re.sub(r'_\("[^"]*"\)', "", contents)):
                    found.append((token.lineno, "{% " + contents + " %}"))
        elif token.token_type == TokenType.VAR and not in_comment:
            if ARABIC_LETTER.search(re.sub(r'_\("[^"]*"\)', "", contents)):
                found.append((token.lineno, "{{ " + contents + " }}"))
        elif token.token_type == TokenType.TEXT and not (in_comment or in_blocktranslate):
            text = re.sub(r"<!--.*?-->", "", contents, flags=re.S)
            found += [(token.lineno + offset, line.strip()) for offset, line in enumerate(text.split("\n"))
                      if ARABIC_LETTER.search(line)]
    return found


def test_the_scanners_catch_unmarked_text():
    """The checks below would see a new unmarked string (they are not vacuous)."""
    python = (
        '"""وثيقة."""\n'
        'from django.utils.translation import gettext, ngettext\n'
        'LABEL = "الكتّاب"\n'
        'OK = gettext("الوسوم")\n'
        'PLURAL = ngettext("%(count)s مقال", "%(count)s مقالات", 3)\n'
        'LOOKUP = {"مقال": 1}\n'
        'GROUP = "محررون"  # i18n: not interface text (a stored name)\n'
        'def f(name):\n'
        '    return f"أهلاً {name}"\n'
    )
    assert [line for line, _ in unmarked_python_strings(python)] == [3, 9]
    template = (
        '{% load i18n %}<h1>{% translate "البحث" %}</h1>\n'
        '<p title="عنوان">{% blocktranslate %}نتائج {{ n }}{% endblocktranslate %}</p>\n'
        '{# تعليق #}{% comment %}ملاحظة{% endcomment %}<!-- ملاحظة -->\n'
        '{% include "x.html" with label=_("عاجل") %}{{ value|default:"بلا عنوان" }}\n'
        '<button>أرسل</button>\n'
    )
    assert unmarked_template_text(template) == [
        (2, '<p title="عنوان">'), (4, '{{ value|default:"بلا عنوان" }}'), (5, "<button>أرسل</button>")]


def test_every_python_interface_string_is_marked_for_translation():
    problems = [f"{_relative(path)}:{line}: {text[:70]!r}" for path in _python_files()
                for line, text in unmarked_python_strings(path.read_text(encoding="utf-8"))]
    assert not problems, (
        "Arabic text not marked for translation (wrap it in gettext()/gettext_lazy(), use %(name)s placeholders "
        "instead of f-strings, or say why it is data with '" + NOT_INTERFACE + " (why)'):\n" + "\n".join(problems))


def test_every_template_interface_string_is_marked_for_translation():
    problems = [f"{_relative(path)}:{line}: {text[:90]}" for path in _template_files()
                for line, text in unmarked_template_text(path.read_text(encoding="utf-8"))]
    assert not problems, (
        "Arabic text outside {% translate %}/{% blocktranslate %} (see docs/i18n.md):\n" + "\n".join(problems))


def _catalogue(path):
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The msgids makemessages finds today. It runs on a copy of the code (templates and Python only) so that it
    writes into a scratch locale folder: run in the package, it would write into miftah/locale."""
    if shutil.which("xgettext") is None:
        pytest.skip("makemessages needs GNU gettext (apt-get install gettext)")
    source, scratch = tmp_path_factory.mktemp("source") / "miftah", tmp_path_factory.mktemp("locale")

    def not_code(folder, names):
        return [name for name in names if name in ("locale", "static", "__pycache__")
                or (Path(folder, name).is_file() and Path(name).suffix not in (".py", ".html", ".txt"))]

    shutil.copytree(PACKAGE, source, ignore=not_code)
    here = os.getcwd()
    os.chdir(source)
    try:
        with override_settings(LOCALE_PATHS=[scratch]):
            call_command("makemessages", locale=["en"], ignore_patterns=MAKEMESSAGES_IGNORE, verbosity=0,
                         no_location=True)
    finally:
        os.chdir(here)
    return _catalogue(scratch / "en" / "LC_MESSAGES" / "django.po")


# The same folders `make messages` (docs/i18n.md) leaves out.
MAKEMESSAGES_IGNORE = ["tests", "*/tests/*", "*/migrations/*", "arabic/*", "*/demo/*"]


def test_the_english_catalogue_translates_every_string_makemessages_finds(extracted):
    english = _catalogue(EN_PO)
    missing, fuzzy = [], []
    for message in extracted:
        if not message.id:
            continue
        entry = english.get(message.id, context=message.context)
        if entry is None or not (all(entry.string) if isinstance(entry.string, tuple) else entry.string):
            missing.append(message.id)
        elif entry.fuzzy:
            fuzzy.append(message.id)
    assert not missing, "No English translation in miftah/locale/en (run `make messages`, then translate):\n" + (
        "\n".join(str(m) for m in missing))
    assert not fuzzy, "Fuzzy English translations (check them, then remove the fuzzy flag):\n" + "\n".join(
        str(m) for m in fuzzy)


def test_english_plural_forms_and_placeholders_are_right():
    english = _catalogue(EN_PO)
    assert english.plural_expr == "(n != 1)" and english.num_plurals == 2
    placeholder = re.compile(r"%\(\w+\)s")
    for message in english:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(placeholder.findall(sources[-1]))
        for target in targets:
            assert set(placeholder.findall(target)) == wanted, (message.id, target)


def _entries(catalogue):
    return {(str(m.id), m.context): tuple(m.string) if isinstance(m.string, (list, tuple)) else m.string
            for m in catalogue}


def test_the_committed_mo_is_the_compiled_po(tmp_path):
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt needs GNU gettext (apt-get install gettext)")
    subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(EN_PO)], check=True)
    with EN_MO.open("rb") as committed, (tmp_path / "django.mo").open("rb") as fresh:
        assert _entries(read_mo(committed)) == _entries(read_mo(fresh)), (
            "miftah/locale/en/LC_MESSAGES/django.mo is stale: run `make messages` (docs/i18n.md)")
