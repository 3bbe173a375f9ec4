"""Verification codes: alphabet, entropy, checksum, normalising typed input."""

import math

from documents import codes


def test_code_shape_and_entropy():
    code = codes.new_code()
    assert len(code) == 13
    assert set(code) <= set(codes.ALPHABET)
    assert not set("ILOU") & set(codes.ALPHABET)
    assert codes.DATA_LENGTH * math.log2(len(codes.ALPHABET)) >= 60
    assert codes.display(code).count("-") == 3
    assert codes.display("ABCDEFGHJKMNP") == "ABCD-EFGH-JKMN-P"


def test_codes_are_unique():
    made = {codes.new_code() for _ in range(20000)}
    assert len(made) == 20000


def test_normalise_accepts_what_people_type():
    code = codes.new_code()
    typed = " " + codes.display(code).lower() + " "
    assert codes.normalise(typed) == code
    assert codes.normalise(code.replace("0", "O").replace("1", "l")) == code


def test_every_single_mistyped_symbol_is_caught():
    code = codes.new_code()
    for position in range(len(code)):
        for symbol in codes.ALPHABET:
            if symbol != code[position]:
                wrong = code[:position] + symbol + code[position + 1 :]
                assert codes.normalise(wrong) is None


def test_malformed_input_is_none():
    for text in [
        "",
        "ABC",
        "A" * 200,
        "ÄÖÜ-1234-5678-9",
        None,
        42,
        "ABCD-EFGH-JKMN-U",
        "\x00" * 13,
    ]:
        assert codes.normalise(text) is None
