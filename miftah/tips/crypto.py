"""The tip line's cryptography, on PyNaCl: sealed boxes to the newsroom's public key, the key files editors keep, and
the source's follow-up code, from which the private key of a per-tip reply box is derived.

A sealed box (X25519 + XSalsa20-Poly1305) needs only the recipient's public key to encrypt and its private key to
open: the server can seal but never open what it sealed.
"""

from django.utils.translation import gettext
import base64
import binascii
import hashlib
import json
import secrets

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

KEY_FILE_HEADER = (
    "# مفتاح خط المعلومات الخاص (Miftah tip line private key).\n"  # i18n: not interface text (a key file header, bilingual)
    "# احفظه خارج الخادم: من يملك هذا الملف يقرأ كل المعلومات الواردة.\n"
)
# Crockford's base32: no I, L, O or U to misread; 20 characters carry 100 bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20
_CODE_CONFUSABLES = str.maketrans("OILU٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "011V01234567890123456789")
# The code has 100 bits of entropy, so the KDF's cost and its fixed salt are defence in depth, not what protects it.
_CODE_KDF = {"salt": b"miftah.tips.reply.v1", "n": 2**14, "r": 8, "p": 1, "dklen": 64}


class BadKey(ValueError):
    """A key that cannot be read or does not open the tip; its message is shown to the editor."""


def encode_key(key) -> str:
    return base64.b64encode(bytes(key)).decode()


def _decode(text: str) -> bytes:
    raw = base64.b64decode("".join(text.split()), validate=True)
    if len(raw) != 32:
        raise ValueError("a key is 32 bytes")
    return raw


def decode_public_key(text: str) -> PublicKey:
    try:
        return PublicKey(_decode(text))
    except (ValueError, binascii.Error) as error:
        raise BadKey(gettext("المفتاح العام غير صالح: يُتوقَّع مفتاح من 32 بايتاً بترميز base64.")) from error


def read_private_key(text: str) -> PrivateKey:
    """The private key in a key file's text (comment lines start with #) or pasted on its own."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip() and not line.strip().startswith("#")]
    try:
        return PrivateKey(_decode("".join(lines)))
    except (ValueError, binascii.Error) as error:
        raise BadKey(gettext("هذا ليس مفتاحاً خاصاً صالحاً: يُتوقَّع ملف المفتاح الذي كتبه «miftah tips keygen».")) from error


def new_key_pair() -> tuple[str, str]:
    """(key file text, public key text) for a new newsroom key pair."""
    key = PrivateKey.generate()
    return KEY_FILE_HEADER + encode_key(key) + "\n", encode_key(key.public_key)


def fingerprint(public_key: PublicKey) -> str:
    """A short name for a public key, shown to editors so they can tell which key a tip was sealed to."""
    digest = hashlib.sha256(bytes(public_key)).hexdigest()[:16].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


def seal(public_key: PublicKey, data: bytes) -> bytes:
    return SealedBox(public_key).encrypt(data)


def seal_json(public_key: PublicKey, value) -> bytes:
    return seal(public_key, json.dumps(value, ensure_ascii=False).encode())


def unseal(private_key: PrivateKey, data: bytes) -> bytes:
    try:
        return SealedBox(private_key).decrypt(bytes(data))
    except CryptoError as error:
        raise BadKey(gettext("هذا المفتاح لا يفتح هذه المعلومة: لعلها شُفّرت بمفتاح آخر.")) from error


def unseal_json(private_key: PrivateKey, data: bytes):
    return json.loads(unseal(private_key, data))


def new_code() -> str:
    """A follow-up code for the source, shown once: 20 characters in groups of four."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(text: str) -> str | None:
    """The code as typed (any case, spaces or dashes, Arabic-Indic digits) in canonical form, or None."""
    cleaned = "".join(ch for ch in (text or "").upper().translate(_CODE_CONFUSABLES) if ch.isalnum())
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


def reply_keys(code: str) -> tuple[str, PrivateKey]:
    """(lookup, private key) derived from a normalized code: the lookup finds the tip, the key opens its replies.

    Both halves of one KDF output: the stored lookup reveals nothing about the key."""
    derived = hashlib.scrypt(code.encode(), **_CODE_KDF)
    return derived[:32].hex(), PrivateKey(derived[32:])
