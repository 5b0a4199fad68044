"""Field types of a mapping: each turns a raw cell into its canonical value or rejects it."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from xiansuo.graph_loader.case_number import canonical_case_number
from xiansuo.graph_loader.dates import canonical_date
from xiansuo.graph_loader.names import canonical_name
from xiansuo.graph_loader.resident_id import canonical_resident_id, looks_like_resident_id
from xiansuo.graph_loader.text import compact
from xiansuo.graph_loader.uscc import canonical_uscc
from xiansuo.model.errors import ValueRejected

if TYPE_CHECKING:
    from xiansuo.model.mapping import FieldSpec

__all__ = ["FIELD_TYPES", "normalise"]

Value = str | int | float
# Amounts with a fraction are stored as doubles: exact to the cent below 2**53 / 100.
_EXACT_FRACTIONS = Decimal(2**53) / 100
_REGION = re.compile(r"[0-9]{6}")
# Engines store integers in 64 bits; a larger one would come back as 9223372036854775807.
_LARGEST = Decimal(2**63 - 1)


def _text(raw: str, spec: FieldSpec) -> str:
    return raw.strip()


def _name(raw: str, spec: FieldSpec) -> str:
    return canonical_name(raw)


def _party_id(raw: str, spec: FieldSpec) -> str:
    if not looks_like_resident_id(raw):
        return canonical_uscc(raw)
    try:
        return canonical_resident_id(raw)
    except ValueRejected:
        # A USCC may be all digits too; only when it is not one does the ID's reason stand.
        try:
            return canonical_uscc(raw)
        except ValueRejected:
            pass
        raise


def _region_code(raw: str, spec: FieldSpec) -> str:
    text = compact(raw)
    if not _REGION.fullmatch(text):
        raise ValueRejected(f"区划代码应为6位数字 '{raw.strip()}'")
    return text


def _number(raw: str, spec: FieldSpec) -> Decimal:
    text = compact(raw).replace(",", "").removesuffix("元")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueRejected(f"不是数字 '{raw.strip()}'") from None
    if not value.is_finite():
        raise ValueRejected(f"不是数字 '{raw.strip()}'")
    if abs(value) > _LARGEST:
        raise ValueRejected(f"数值过大，超出可存储的范围 '{raw.strip()}'")
    if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
        raise ValueRejected(f"数值超出范围 [{spec.min}, {spec.max}] '{raw.strip()}'")
    return value


def _integer(raw: str, spec: FieldSpec) -> int:
    value = _number(raw, spec)
    if value != value.to_integral_value():
        raise ValueRejected(f"应为整数 '{raw.strip()}'")
    return int(value)


def _amount(raw: str, spec: FieldSpec) -> int | float:
    value = _number(raw, spec)
    if value == value.to_integral_value():
        return int(value)
    if abs(value) >= _EXACT_FRACTIONS:  # a float there has no digits left for the fraction
        raise ValueRejected(f"金额的小数部分无法精确保存（整数部分过大） '{raw.strip()}'")
    return float(value)


def _enum(raw: str, spec: FieldSpec) -> str:
    text = compact(raw)
    text = spec.aliases.get(text, text)
    if text not in spec.values:
        raise ValueRejected(f"未知{spec.column} '{raw.strip()}'（应为 {'/'.join(spec.values)}）")
    return text


FIELD_TYPES: dict[str, Callable[[str, FieldSpec], Value]] = {
    "text": _text,
    "name": _name,
    "resident_id": lambda raw, spec: canonical_resident_id(raw),
    "uscc": lambda raw, spec: canonical_uscc(raw),
    "party_id": _party_id,
    "case_number": lambda raw, spec: canonical_case_number(raw),
    "date": lambda raw, spec: canonical_date(raw),
    "region_code": _region_code,
    "integer": _integer,
    "amount": _amount,
    "enum": _enum,
}


def normalise(raw: str, spec: FieldSpec) -> Value | None:
    """Canonical value of one cell, None when empty; raises ValueRejected with the reason."""
    if not raw or raw.isspace():
        return None
    return FIELD_TYPES[spec.type](raw, spec)
