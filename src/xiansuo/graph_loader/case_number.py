"""Case numbers (案号): canonical form and the county region implied by the court code."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from xiansuo.model.errors import ValueRejected

__all__ = ["CaseNumber", "canonical_case_number", "court_region"]

# Province abbreviations used in court codes → the first two digits of GB/T 2260 codes.
PROVINCE_CODES = {
    "京": "11", "津": "12", "冀": "13", "晋": "14", "蒙": "15", "辽": "21", "吉": "22",
    "黑": "23", "沪": "31", "苏": "32", "浙": "33", "皖": "34", "闽": "35", "赣": "36",
    "鲁": "37", "豫": "41", "鄂": "42", "湘": "43", "粤": "44", "桂": "45", "琼": "46",
    "渝": "50", "川": "51", "黔": "52", "贵": "52", "云": "53", "滇": "53", "藏": "54",
    "陕": "61", "甘": "62", "青": "63", "宁": "64", "新": "65",
}  # fmt: skip

# Applied after NFKC, which has already made （）［］ ASCII.
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")"})
# The court's province (or 最 of 最高法) and the case type are Chinese characters; anything
# else (markup, letters, punctuation) is no case number. Years and sequence numbers of real
# case numbers are a few digits.
_HAN = "[\u4e00-\u9fff]"
_PATTERN = re.compile(
    rf"\((\d{{4}})\)({_HAN})(\d{{4}}|\d{{2}})?({_HAN}{{1,8}}?)(\d{{1,7}})号", re.ASCII
)
_YEARS = range(1949, 2101)


@dataclass(frozen=True, slots=True)
class CaseNumber:
    """A parsed case number: year, court code, case-type code and sequence."""

    year: int
    province: str
    court_digits: str
    case_type: str
    sequence: int

    def __str__(self) -> str:
        return f"({self.year}){self.province}{self.court_digits}{self.case_type}{self.sequence}号"

    @property
    def region(self) -> str | None:
        """The county (basic court) or city (intermediate court) region code, if derivable."""
        prefix = PROVINCE_CODES.get(self.province)
        if prefix is None or not self.court_digits:
            return None
        return prefix + self.court_digits.ljust(4, "0")


@lru_cache(maxsize=65536)
def _parse(raw: str) -> CaseNumber:
    # NFKC turns （）and full-width digits into ASCII; the other bracket styles need a map.
    text = "".join(unicodedata.normalize("NFKC", raw).translate(_BRACKETS).split())
    match = _PATTERN.fullmatch(text)
    if match is None or int(match.group(1)) not in _YEARS:
        raise ValueRejected(f"案号格式无法识别 '{raw.strip()}'")
    year, province, digits, case_type, sequence = match.groups()
    return CaseNumber(int(year), province, digits or "", case_type, int(sequence))


def canonical_case_number(raw: str) -> str:
    """Return the canonical case number or raise ValueRejected.

    >>> canonical_case_number("（2023）川 1802 刑初 45 号")
    '(2023)川1802刑初45号'
    >>> canonical_case_number("〔2021〕川18执恢3号")
    '(2021)川18执恢3号'
    """
    return str(_parse(raw))


def court_region(case_number: str) -> str | None:
    """The region code implied by a (canonical) case number's court code.

    >>> court_region("(2023)川1802刑初45号"), court_region("(2023)川18刑终2号")
    ('511802', '511800')
    """
    return _parse(case_number).region
