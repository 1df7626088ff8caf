"""Sealing an archive to the newsroom's public key, in a stream.

A fresh random key is sealed with `nacl.public.SealedBox` to the public key (only the private key opens it); the
archive itself is encrypted with libsodium's secretstream (XChaCha20-Poly1305) in chunks of CHUNK bytes, the last one
tagged FINAL, so a truncated, reordered or altered file is refused, not half-read. The server only ever needs the
public key; the private key stays with the operator and is given to `miftah restore --key FILE`.

Layout: MAGIC | sealed stream key (80 bytes) | secretstream header (24 bytes) | (4-byte length | chunk)*.
"""

import base64
import binascii
import io
import struct

from nacl import bindings as sodium
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

from .errors import BackupError

MAGIC = b"MIFTAH-SEALED-BACKUP-1\n"
CHUNK = 1 << 20
SEALED_KEY_BYTES = sodium.crypto_secretstream_xchacha20poly1305_KEYBYTES + 48  # SealedBox overhead
HEADER_BYTES = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE

CORRUPT = ("النسخة الاحتياطية مقطوعة أو تالفة، ولم يُغيَّر شيء", "the backup is truncated or corrupt; nothing was changed")


def _decode_key(text, cls, what):
    try:
        raw = base64.b64decode("".join(text.split()), validate=True)
        return cls(raw)
    except (binascii.Error, ValueError, TypeError) as error:
        raise BackupError(f"{what[0]} غير صالح: يُنتظر مفتاح base64 من 32 بايت",
                          f"{what[1]} is not valid: expected a base64 key of 32 bytes ({error})") from None


def public_key(text):
    return _decode_key(text, PublicKey, ("المفتاح العام للنسخ الاحتياطية", "the backup public key"))


def private_key(text):
    return _decode_key(text, PrivateKey, ("ملف المفتاح الخاص", "the private key file"))


def new_key_pair():
    """(private, public), both as base64 text."""
    key = PrivateKey.generate()
    return (base64.b64encode(bytes(key)).decode(), base64.b64encode(bytes(key.public_key)).decode())


class SealingWriter(io.RawIOBase):
    """A write-only file object: what is written goes out encrypted to `target`; close() writes the FINAL chunk."""

    def __init__(self, target, recipient):
        super().__init__()
        self.target = target
        stream_key = sodium.crypto_secretstream_xchacha20poly1305_keygen()
        self.state = sodium.crypto_secretstream_xchacha20poly1305_state()
        header = sodium.crypto_secretstream_xchacha20poly1305_init_push(self.state, stream_key)
        self.target.write(MAGIC + SealedBox(recipient).encrypt(stream_key) + header)
        self.buffer = bytearray()

    def writable(self):
        return True

    def write(self, data):
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._push(bytes(self.buffer[:CHUNK]), TAG_MESSAGE)
            del self.buffer[:CHUNK]
        return len(data)

    def _push(self, chunk, tag):
        sealed = sodium.crypto_secretstream_xchacha20poly1305_push(self.state, chunk, MAGIC, tag)
        self.target.write(struct.pack(">I", len(sealed)) + sealed)

    def close(self):
        if not self.closed:
            self._push(bytes(self.buffer), TAG_FINAL)
            self.buffer = bytearray()
        super().close()


class OpeningReader(io.RawIOBase):
    """A read-only file object giving back what SealingWriter was given; refuses a wrong key, a bad chunk, a cut."""

    def __init__(self, source, key):
        super().__init__()
        self.source = source
        sealed_key = self._exactly(SEALED_KEY_BYTES)
        header = self._exactly(HEADER_BYTES)
        try:
            stream_key = SealedBox(key).decrypt(sealed_key)
        except CryptoError:
            raise BackupError("هذا المفتاح لا يفتح هذه النسخة الاحتياطية، ولم يُغيَّر شيء",
                              "this key does not open this backup; nothing was changed") from None
        self.state = sodium.crypto_secretstream_xchacha20poly1305_state()
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(self.state, header, stream_key)
        self.buffer = memoryview(b"")
        self.finished = False

    def _exactly(self, size):
        data = self.source.read(size)
        if len(data) != size:
            raise BackupError(*CORRUPT)
        return data

    def readable(self):
        return True

    def _pull(self):
        (length,) = struct.unpack(">I", self._exactly(4))
        if length > CHUNK + ABYTES:
            raise BackupError(*CORRUPT)
        try:
            chunk, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(self.state, self._exactly(length), MAGIC)
        except (CryptoError, RuntimeError, ValueError):
            raise BackupError(*CORRUPT) from None
        if tag == TAG_FINAL:
            self.finished = True
            if self.source.read(1):
                raise BackupError(*CORRUPT)  # bytes after the final chunk
        return chunk

    def readinto(self, target):
        while not len(self.buffer) and not self.finished:
            self.buffer = memoryview(self._pull())
        size = min(len(target), len(self.buffer))
        target[:size] = self.buffer[:size]
        self.buffer = self.buffer[size:]
        return size
