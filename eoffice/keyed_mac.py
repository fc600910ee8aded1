"""HMAC-SHA256 with the key set up once: its inner and outer pads are hashed ahead, so
each message costs two hash copies and updates. `verify` checks millions of seals and
chain links with one key; `hmac.digest` would derive the pads again for every one.
Same result as `hmac.new(key, message, hashlib.sha256).hexdigest()` (RFC 2104)."""
import hashlib
from functools import lru_cache

BLOCK = 64  # SHA-256's block size


class KeyedMac:
    def __init__(self, key: bytes):
        if len(key) > BLOCK:
            key = hashlib.sha256(key).digest()
        key = key.ljust(BLOCK, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def hexdigest(self, message: bytes) -> str:
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


@lru_cache(maxsize=8)
def keyed_mac(key: bytes) -> KeyedMac:
    """The KeyedMac of a key, made once per process (keys change only in tests)."""
    return KeyedMac(key)
