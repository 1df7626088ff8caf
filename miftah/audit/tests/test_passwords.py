"""Password rules: Django's validators in Arabic, and common passwords typed on the other keyboard layout."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from miftah.audit.passwords import arabic_to_qwerty, qwerty_to_arabic


def _codes(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}, " ".join(error.messages)
    return set(), ""


def test_keyboard_map_both_ways():
    assert qwerty_to_arabic("password") == "حشسسصخقي"
    assert "password" in arabic_to_qwerty("حشسسصخقي")
    assert "justinbieber" in arabic_to_qwerty("تعسفهىلاهثلاثق")  # «لا» is the one key b
    assert qwerty_to_arabic("lpl]") == "محمد"


@pytest.mark.parametrize("password", [
    "حشسسصخقي",  # password
    "ضشئصسءثيؤقبر",  # qazwsxedcrfv, 12 characters: only this rule catches it
    "تعسفهىلاهثلاثق",  # justinbieber
    "lpl]",  # محمد typed with the keyboard on Latin
    "tgs'dk",  # فلسطين
])
def test_common_password_on_the_other_layout_is_refused_in_arabic(password):
    codes, messages = _codes(password)
    assert "password_common_other_layout" in codes
    assert "لوحة المفاتيح الأخرى" in messages


@pytest.mark.parametrize("password", ["حبر أزرق على ورق الصباح", "kettle-sunrise-harbour-72"])
def test_long_uncommon_passwords_pass(password):
    assert _codes(password) == (set(), "")


@pytest.mark.django_db
def test_django_rules_apply_with_arabic_messages():
    from django.contrib.auth.models import User

    user = User(username="layla.haddad", email="layla.haddad@example.org")
    codes, messages = _codes("short1", user)
    assert "password_too_short" in codes and "12" in messages.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    assert "password_entirely_numeric" in _codes("184736291057")[0]
    assert "password_too_common" in _codes("qwertyuiop123")[0] | _codes("password1234")[0]
    assert "password_too_similar" in _codes("layla.haddad1", user)[0]
    assert any("\u0600" <= ch <= "\u06ff" for ch in messages)
