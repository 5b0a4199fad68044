"""Resident IDs (GB 11643) and unified social credit codes (GB 32100), checked against CONTRACT.md.

Expected check characters come from small reference implementations written here from the
contract's weights, never from the module under test. All IDs are synthetic: a region code,
a birth date, a sequence and the reference check character.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from xiansuo.graph_loader import resident_id, uscc
from xiansuo.graph_loader.resident_id import canonical_resident_id, looks_like_resident_id
from xiansuo.graph_loader.uscc import canonical_uscc
from xiansuo.model.errors import ValueRejected
from xiansuo.model.masking import mask_id

# Reference implementations, from the contract text.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

PUBLISHED_ID = "11010519491231002X"  # the standard's own example
PUBLISHED_USCC = "91350100M000100Y43"
REGIONS = ("510104", "511802", "110105", "440305")
FULLWIDTH = str.maketrans(
    {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZx"}
)


def ref_id_check(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def iso_7064_valid(id18: str) -> bool:
    """ISO 7064 MOD 11-2 in its own terms: weights 2^k mod 11, weighted sum ≡ 1 (mod 11)."""
    values = [10 if c == "X" else int(c) for c in id18]
    return sum(v * pow(2, 17 - i, 11) for i, v in enumerate(values)) % 11 == 1


def ref_uscc_check(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[-total % 31]


def synthetic_id(region: str, born: dt.date, sequence: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + ref_id_check(first17)


def random_ids(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    first, last = dt.date(1930, 1, 1).toordinal(), dt.date(2005, 12, 31).toordinal()
    return [
        synthetic_id(
            rng.choice(REGIONS), dt.date.fromordinal(rng.randint(first, last)), rng.randrange(1000)
        )
        for _ in range(count)
    ]


# Registering authority and organisation kind pairs of GB 32100 (enterprise, individual
# business, cooperative, agency, institution, social organisation, foundation, other…).
USCC_KINDS = ("91", "92", "93", "11", "12", "31", "51", "52", "53", "71", "81", "A1", "N2", "Y1")


def random_usccs(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    codes = (
        rng.choice(USCC_KINDS) + rng.choice(REGIONS) + "".join(rng.choices(USCC_ALPHABET, k=9))
        for _ in range(count)
    )
    return [code + ref_uscc_check(code) for code in codes]


SAMPLE_ID = synthetic_id("510104", dt.date(1985, 6, 15), 123)
RANDOM_IDS = random_ids(seed=20230504, count=500)
RANDOM_USCCS = random_usccs(seed=32100, count=500)


def test_reference_weights_follow_the_standards():
    assert tuple(pow(2, 17 - i, 11) for i in range(17)) == ID_WEIGHTS
    assert tuple(pow(3, i, 31) for i in range(17)) == USCC_WEIGHTS
    assert iso_7064_valid(PUBLISHED_ID)
    assert ref_uscc_check(PUBLISHED_USCC[:17]) == PUBLISHED_USCC[17]


# Resident ID ---------------------------------------------------------------------------


def test_published_example_check_character():
    assert resident_id.check_char(PUBLISHED_ID[:17]) == "X"
    assert canonical_resident_id(PUBLISHED_ID) == PUBLISHED_ID


def test_check_char_matches_reference_on_random_ids():
    assert any(i.endswith("X") for i in RANDOM_IDS)  # the X branch is exercised
    for id18 in RANDOM_IDS:
        assert iso_7064_valid(id18)
        assert resident_id.check_char(id18[:17]) == id18[17], id18


def test_random_ids_are_canonical_and_case_insensitive():
    for id18 in RANDOM_IDS:
        assert canonical_resident_id(id18) == id18
        assert canonical_resident_id(id18.lower()) == id18


def test_legacy_15_digit_ids_upgrade_with_19_and_check():
    legacy_born_19xx = [i for i in RANDOM_IDS if i[6:8] == "19"]
    assert len(legacy_born_19xx) > 100
    for id18 in legacy_born_19xx:
        assert canonical_resident_id(id18[:6] + id18[8:17]) == id18


@pytest.mark.parametrize(
    "raw",
    [
        PUBLISHED_ID,
        "11010519491231002x",
        PUBLISHED_ID.translate(FULLWIDTH),
        "11010519491231002x".translate(FULLWIDTH),
        f"  {PUBLISHED_ID}\t",
        f"\u3000{PUBLISHED_ID}\u3000",
        "110105 19491231 002x",
        "110105\u300019491231\u3000002X",
        "110105491231002",
        "110105 491231 002".translate(FULLWIDTH),
    ],
)
def test_dirty_spellings_of_one_id_are_canonicalised(raw):
    assert canonical_resident_id(raw) == PUBLISHED_ID


@pytest.mark.parametrize("position", [*range(6), *range(14, 18)])
def test_single_wrong_digit_is_a_check_error(position):
    # Positions outside the birth date, so the date stays valid and only the check can fail.
    for digit in "0123456789X" if position == 17 else "0123456789":
        if digit == SAMPLE_ID[position]:
            continue
        wrong = SAMPLE_ID[:position] + digit + SAMPLE_ID[position + 1 :]
        with pytest.raises(ValueRejected, match="校验位错误"):
            canonical_resident_id(wrong)


@pytest.mark.parametrize(
    "raw",
    ["", "5", SAMPLE_ID[:14], SAMPLE_ID[:16], SAMPLE_ID[:17], SAMPLE_ID + "1", SAMPLE_ID * 2],
)
def test_wrong_length_is_rejected(raw):
    with pytest.raises(ValueRejected, match="位数"):
        canonical_resident_id(raw)


@pytest.mark.parametrize(
    "first17",
    [
        "51010419850230123",  # 30 February
        "51010419850229123",  # 29 February of a common year
        "51010419851301123",  # month 13
        "51010419850000123",  # month and day 0
        "51010418991231123",  # before 1900
        "51010429990101123",  # in the future
    ],
)
def test_impossible_birth_date_is_rejected(first17):
    with pytest.raises(ValueRejected, match="出生日期"):
        canonical_resident_id(first17 + ref_id_check(first17))


@pytest.mark.parametrize("legacy", ["510104850230123", "510104851301123", "510104850000123"])
def test_impossible_legacy_birth_date_is_rejected(legacy):
    with pytest.raises(ValueRejected, match="出生日期"):
        canonical_resident_id(legacy)


@pytest.mark.parametrize(
    "raw",
    [
        SAMPLE_ID[:10] + "A" + SAMPLE_ID[11:],
        SAMPLE_ID[:10] + "O" + SAMPLE_ID[11:],
        SAMPLE_ID[:10] + "-" + SAMPLE_ID[11:],
        SAMPLE_ID[:16] + "X" + SAMPLE_ID[17],
        SAMPLE_ID[:17] + "Y",
        "51010485061512X",  # 15-digit numbers have no check character
        "51010485O615123",
    ],
)
def test_non_digit_characters_are_rejected(raw):
    with pytest.raises(ValueRejected, match="非法字符"):
        canonical_resident_id(raw)


def test_non_ascii_digits_never_reach_the_canonical_form():
    arabic_indic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    try:
        result = canonical_resident_id(PUBLISHED_ID.translate(arabic_indic))
    except ValueRejected:
        return
    assert result == PUBLISHED_ID


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (SAMPLE_ID, True),
        (PUBLISHED_ID.lower(), True),
        (PUBLISHED_ID.translate(FULLWIDTH), True),
        (" 110105 491231 002 ", True),
        (PUBLISHED_USCC, False),
        (SAMPLE_ID[:17], False),
        ("张三", False),
        ("", False),
    ],
)
def test_looks_like_resident_id(raw, expected):
    assert looks_like_resident_id(raw) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (PUBLISHED_ID, "1101" + "*" * 10 + "002X"),
        ("123456789", "1234*6789"),
        ("12345678", "********"),
        ("", ""),
    ],
)
def test_mask_id_keeps_only_first_and_last_four(value, expected):
    assert mask_id(value) == expected


# USCC ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        PUBLISHED_USCC,
        PUBLISHED_USCC.lower(),
        f" {PUBLISHED_USCC}\u3000",
        "91350100 M000100Y4 3",
        PUBLISHED_USCC.translate(FULLWIDTH),
    ],
)
def test_published_uscc_is_canonicalised(raw):
    assert uscc.check_char(PUBLISHED_USCC[:17]) == "3"
    assert canonical_uscc(raw) == PUBLISHED_USCC


def test_uscc_check_char_matches_reference_on_random_codes():
    for code in RANDOM_USCCS:
        assert uscc.check_char(code[:17]) == code[17], code
        assert canonical_uscc(code.lower()) == code


@pytest.mark.parametrize("position", range(18))
def test_uscc_single_wrong_character_is_a_check_error(position):
    for char in USCC_ALPHABET:
        if char == PUBLISHED_USCC[position]:
            continue
        wrong = PUBLISHED_USCC[:position] + char + PUBLISHED_USCC[position + 1 :]
        with pytest.raises(ValueRejected, match="校验位错误"):
            canonical_uscc(wrong)


@pytest.mark.parametrize("char", ["I", "O", "Z", "S", "V", "i", "o", "z", "s", "v", "-"])
@pytest.mark.parametrize("position", [0, 8, 17])
def test_uscc_characters_outside_the_alphabet_are_rejected(char, position):
    wrong = PUBLISHED_USCC[:position] + char + PUBLISHED_USCC[position + 1 :]
    with pytest.raises(ValueRejected, match="非法字符"):
        canonical_uscc(wrong)


@pytest.mark.parametrize("raw", ["", PUBLISHED_USCC[:17], PUBLISHED_USCC + "0", "91350100M0001"])
def test_uscc_wrong_length_is_rejected(raw):
    with pytest.raises(ValueRejected, match="位数"):
        canonical_uscc(raw)
