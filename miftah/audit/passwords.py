"""Password rules beyond Django's: a common password typed with the keyboard in the other layout is still common.

A staff member whose keyboard is switched to Arabic who types "password" gets «حشسسصخقي»; one whose keyboard is on
Latin who types «محمد» gets "lpl]". Both look random and both are in every cracking dictionary. The table below is
the Arabic (101) layout of Windows, macOS and Linux against US QWERTY, key by key; the validator reads a password
through it in both directions and refuses it when the result is a common password: Latin results against Django's
list of 20,000, Arabic results against a short list of common Arabic passwords (data/common-arabic-passwords.txt).
"""

import re
from functools import cached_property
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

# QWERTY key (unshifted) -> the letter the Arabic 101 layout gives on that key.
QWERTY_TO_ARABIC = {
    "`": "ذ",
    "q": "ض", "w": "ص", "e": "ث", "r": "ق", "t": "ف", "y": "غ", "u": "ع", "i": "ه", "o": "خ", "p": "ح",
    "[": "ج", "]": "د",
    "a": "ش", "s": "س", "d": "ي", "f": "ب", "g": "ل", "h": "ا", "j": "ت", "k": "ن", "l": "م", ";": "ك", "'": "ط",
    "z": "ئ", "x": "ء", "c": "ؤ", "v": "ر", "b": "لا", "n": "ى", "m": "ة", ",": "و", ".": "ز", "/": "ظ",
}
# Shifted keys that give letters (the other shifted keys give diacritics and punctuation).
SHIFTED_ARABIC = {"أ": "h", "إ": "y", "آ": "n", "لأ": "g", "لإ": "t", "لآ": "b", "ﻻ": "b"}
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

ARABIC_TO_QWERTY = {arabic: latin for latin, arabic in QWERTY_TO_ARABIC.items()} | SHIFTED_ARABIC
_ARABIC_KEYS = re.compile("|".join(sorted(map(re.escape, ARABIC_TO_QWERTY), key=len, reverse=True)))
_SINGLE_ARABIC_KEYS = re.compile("|".join(re.escape(k) for k in ARABIC_TO_QWERTY if len(k) == 1))
_LATIN_KEYS = re.compile("|".join(map(re.escape, QWERTY_TO_ARABIC)))


def arabic_to_qwerty(text):
    """What a password typed on the Arabic layout is on QWERTY. «لا» is one key (b) but also ل + ا (g, h), so both
    readings are returned."""
    text = text.translate(ARABIC_DIGITS)
    as_one_key = _ARABIC_KEYS.sub(lambda m: ARABIC_TO_QWERTY[m.group()], text)
    as_two_keys = _SINGLE_ARABIC_KEYS.sub(lambda m: ARABIC_TO_QWERTY[m.group()], text)
    return {as_one_key, as_two_keys}


def qwerty_to_arabic(text):
    """What a password typed on QWERTY is on the Arabic layout."""
    return _LATIN_KEYS.sub(lambda m: QWERTY_TO_ARABIC[m.group()], text.lower())


def normalize_arabic(text):
    """Spelling variants a person does not distinguish when choosing a password: alef forms, ta marbuta, alef
    maqsura, spaces and tatweel."""
    text = re.sub("[أإآٱ]", "ا", text)
    return text.replace("ة", "ه").replace("ى", "ي").replace("ـ", "").replace(" ", "")


class KeyboardLayoutPasswordValidator(CommonPasswordValidator):
    """Refuses a common password typed on the other keyboard layout (Arabic 101 ↔ US QWERTY)."""

    ARABIC_LIST_PATH = Path(__file__).resolve().parent / "data" / "common-arabic-passwords.txt"

    @cached_property
    def arabic_passwords(self):
        lines = self.ARABIC_LIST_PATH.read_text(encoding="utf-8").splitlines()
        return {normalize_arabic(line.strip()) for line in lines if line.strip() and not line.startswith("#")}

    def validate(self, password, user=None):
        password = password.strip()
        latin_readings = arabic_to_qwerty(password) if re.search("[\u0600-\u06ff\ufe70-\ufeff]", password) else set()
        arabic_reading = normalize_arabic(qwerty_to_arabic(password)) if re.search("[A-Za-z]", password) else ""
        if any(reading.lower() in self.passwords for reading in latin_readings if reading != password) or (
                arabic_reading in self.arabic_passwords):
            raise ValidationError(self.get_error_message(), code="password_common_other_layout")

    def get_error_message(self):
        return ("كلمة المرور هذه كلمة شائعة كُتبت بلوحة المفاتيح الأخرى (العربية بدل اللاتينية أو العكس)، "
                "وهي في قوائم التخمين كغيرها. اختر عبارة أطول لا يسهل توقّعها.")

    def get_help_text(self):
        return "لا تكون كلمة شائعة مكتوبة بلوحة المفاتيح الأخرى (مثل «حشسسصخقي» وهي password بالعربية)."
