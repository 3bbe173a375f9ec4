"""Verification codes: human-typable, checksum-protected, not guessable.

A code is 12 random symbols of Crockford's base32 alphabet (no I, L, O or U,
so nothing reads as another letter: 60 bits from ``secrets``) and one check
symbol computed with the Luhn mod N algorithm (N = 32), which catches every
single mistyped symbol and most swapped neighbours. Shown in groups of four:
``ABCD-EFGH-JKMN-P``. Reading forgives case, spaces, hyphens and the letters
O, I and L typed for 0 and 1.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # pragma: allowlist secret
DATA_LENGTH = 12
LENGTH = DATA_LENGTH + 1
_VALUE = {symbol: index for index, symbol in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def check_symbol(data):
    """The Luhn mod 32 check symbol of ``data`` (symbols of ALPHABET)."""
    factor = 2
    total = 0
    base = len(ALPHABET)
    for symbol in reversed(data):
        addend = factor * _VALUE[symbol]
        factor = 1 if factor == 2 else 2
        total += addend // base + addend % base
    return ALPHABET[(base - total % base) % base]


def new_code():
    """A fresh code, normalised (13 symbols, no hyphens)."""
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
    return data + check_symbol(data)


def normalise(text):
    """The code typed as ``text`` in normal form, or None when it cannot be one.

    None for wrong length, a symbol outside the alphabet or a wrong check symbol.
    """
    if not isinstance(text, str) or len(text) > 64:
        return None
    cleaned = "".join(text.split()).replace("-", "").upper().translate(_LOOKALIKES)
    if len(cleaned) != LENGTH or any(symbol not in _VALUE for symbol in cleaned):
        return None
    if check_symbol(cleaned[:DATA_LENGTH]) != cleaned[DATA_LENGTH]:
        return None
    return cleaned


def display(code):
    """``ABCDEFGHJKMNP`` → ``ABCD-EFGH-JKMN-P``."""
    return "-".join(code[index : index + 4] for index in range(0, len(code), 4))
