"""Entity resolution: which person or organisation a party mention is about, and why.

A valid resident ID is the person (two different valid IDs are never merged), unless the
census found it written under several names (a generic identifier: nobody). An invalid
one attaches to the single person with the same name whose valid ID is one substituted
character or one adjacent transposition away, consistent with the row's birth date and
gender; a missing one to the single person with the same name and birth date. A value
with a resident ID's shape is such a typo even when it happens to pass as a USCC. An
organisation is its USCC, else the single organisation of that name. Anything else stays
an unresolved record of its own: visible, never guessed. Investigators' judgements
(``judgements.csv``) override all of this. A valid identifier whose division code is
suspect resolves as usual, with a flag for review.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from xiansuo.graph_loader.census import GENERIC, Census
from xiansuo.graph_loader.judgements import Judgements
from xiansuo.graph_loader.resident_id import (
    canonical_resident_id,
    has_resident_shape,
    is_resident_id,
    looks_like_resident_id,
    resident_id_flag,
)  # fmt: skip
from xiansuo.graph_loader.text import compact_id
from xiansuo.graph_loader.uscc import canonical_uscc, uscc_flag
from xiansuo.model import labels
from xiansuo.model.errors import ValueRejected

__all__ = [
    "KINDS", "Mention", "PartyIndex", "Resolution", "Resolver", "one_edit", "valid_identifier",
]  # fmt: skip

PERSON, PARTY, ORGANISATION = "person", "party", "organisation"
# The kind of party a key field's type stands for.
KINDS = {"resident_id": PERSON, "party_id": PARTY, "uscc": ORGANISATION}


def one_edit(claimed: str, valid: str) -> bool:
    """One substituted character or one adjacent transposition apart (same length).

    >>> one_edit("110105194912310021", "11010519491231002X"), one_edit("1243", "1234")
    (True, True)
    >>> one_edit("1234", "1234"), one_edit("1324", "1243")
    (False, False)
    """
    if len(claimed) != len(valid):
        return False
    diff = [i for i, (a, b) in enumerate(zip(claimed, valid, strict=True)) if a != b]
    if len(diff) == 1:
        return True
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and claimed[diff[0]] == valid[diff[1]]
        and claimed[diff[1]] == valid[diff[0]]
    )


@lru_cache(maxsize=1 << 16)
def valid_identifier(claimed: str, kind: str) -> str | None:
    """The canonical identifier a compacted value is as written, None if it is none: a
    resident ID first for a person or either kind of party, then a USCC (as ``Resolver``)."""
    if kind != ORGANISATION and looks_like_resident_id(claimed):
        try:
            return canonical_resident_id(claimed)
        except ValueRejected:
            if kind == PERSON:
                return None
    if kind != PERSON and claimed:
        try:
            return canonical_uscc(claimed)
        except ValueRejected:
            return None
    return None


def _is_uscc(claimed: str) -> bool:
    try:
        canonical_uscc(claimed)
    except ValueRejected:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Mention:
    """What one row says about a party: the identifier as written, and what helps match it."""

    claimed: str
    name: str | None = None
    birth_date: str | None = None  # ISO
    gender: str | None = None  # 男 / 女


@dataclass(frozen=True, slots=True)
class Resolution:
    """The party a mention resolved to (None: unresolved), how, and the other candidates."""

    key: str | None
    label: str
    match: str
    candidates: tuple[str, ...] = ()
    reason: str = ""
    claimed: str = ""  # the identifier as written, compacted
    name: str | None = None
    flag: str = ""  # why the identifier is suspect, for review (see divisions, census)


@dataclass
class PartyIndex:
    """Valid identifiers seen in a load, by name: the candidates for typos and missing IDs."""

    persons_by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    orgs_by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def note(self, resolution: Resolution, name: str | None) -> None:
        """Remember a mention whose identifier was valid as written (others are no evidence)."""
        if not name or resolution.key is None or resolution.match not in ("exact", "id15"):
            return
        by_name = self.persons_by_name if resolution.label == labels.PERSON else self.orgs_by_name
        by_name[name].add(resolution.key)


class Resolver:
    """Resolves mentions against an index and the census, honouring investigators'
    judgements."""

    def __init__(
        self,
        index: PartyIndex | None = None,
        judgements: Judgements | None = None,
        census: Census | None = None,
    ):
        self.index = index or PartyIndex()
        self.judgements = judgements or Judgements()
        self.census = census or Census()

    def resolve(self, mention: Mention, kind: str, *, final: bool = True) -> Resolution | None:
        """Who the mention is; ``kind`` is person, party (either) or organisation.

        Valid identifiers are remembered as they pass. With ``final`` False, a mention that
        needs them all (a typo, no ID) gives None, to be offered again once all are seen.
        """
        claimed = compact_id(mention.claimed)
        resolution = self._resolve(claimed, mention, kind, final)
        if resolution is None:
            return None
        self.index.note(resolution, mention.name)
        # Not dataclasses.replace: it inspects the fields on every call, once per mention.
        r = resolution
        return Resolution(
            r.key, r.label, r.match, r.candidates, r.reason, claimed, mention.name, r.flag
        )

    def _resolve(self, claimed: str, mention: Mention, kind: str, final: bool) -> Resolution | None:
        decided = self.judgements.same(claimed, mention.name)
        if decided:
            label = labels.PERSON if looks_like_resident_id(decided) else labels.ORGANIZATION
            return Resolution(decided, label, "judgement")
        # A person's column is never an organisation's, whatever is written in it.
        resident = looks_like_resident_id(claimed) or not claimed
        if kind == PERSON or (kind == PARTY and resident):
            # A USCC can be all digits: a valid one is an organisation, unless it reads as a
            # resident ID and a same-name person's ID is one edit away (1 typo in 31 passes
            # the USCC check by chance).
            if kind == PARTY and claimed and not is_resident_id(claimed) and _is_uscc(claimed):
                if not has_resident_shape(claimed):
                    return self._organisation(claimed, mention, final)
                if not final:
                    return None
                person = self._person(claimed, mention, final)
                if person is not None and person.key:
                    return person
                return self._organisation(claimed, mention, final)
            person = self._person(claimed, mention, final)
            if person is None or person.key or kind == PERSON or claimed:
                return person
        return self._organisation(claimed, mention, final)

    def _person(self, claimed: str, mention: Mention, final: bool) -> Resolution | None:
        refused = self.judgements.not_same(claimed, mention.name)
        if claimed:
            try:
                canonical = canonical_resident_id(claimed)
            except ValueRejected as exc:
                reason = str(exc)
            else:
                if canonical in refused:
                    return Resolution(None, labels.UNRESOLVED, "unresolved", (), "判定为不同人")
                if self.census.is_generic(canonical):
                    count = len(self.census.names(canonical))
                    why = f"该身份证号被{count}个不同姓名使用（疑为占位号码或录错），不认定为任何人"
                    return Resolution(None, labels.UNRESOLVED, "unresolved", (), why, flag=GENERIC)
                match = "id15" if len(claimed) == 15 else "exact"
                return Resolution(canonical, labels.PERSON, match, flag=resident_id_flag(canonical))
        else:
            reason = "缺少身份证号"
        if not final:
            return None
        found = sorted(
            c for c in self.index.persons_by_name.get(mention.name or "", ())
            if c not in refused and self._fits(claimed, c, mention)
        )  # fmt: skip
        if len(found) == 1:
            return Resolution(found[0], labels.PERSON, "id_typo" if claimed else "name_birth")
        why = f"{reason}，有{len(found)}个可能的人" if found else f"{reason}，无可匹配的人"
        return Resolution(None, labels.UNRESOLVED, "unresolved", tuple(found), why)

    @staticmethod
    def _fits(claimed: str, candidate: str, mention: Mention) -> bool:
        if mention.birth_date and candidate[6:14] != mention.birth_date.replace("-", ""):
            return False
        if mention.gender and (int(candidate[16]) % 2 == 1) != (mention.gender == "男"):
            return False
        if not claimed:
            return bool(mention.birth_date)  # name alone never identifies a person
        legacy = candidate[:6] + candidate[8:17]
        return one_edit(claimed, legacy if len(claimed) == 15 else candidate)

    def _organisation(self, claimed: str, mention: Mention, final: bool) -> Resolution | None:
        try:
            canonical = canonical_uscc(claimed)
        except ValueRejected as exc:
            reason = str(exc) if claimed else "缺少证件号"
        else:
            return Resolution(canonical, labels.ORGANIZATION, "exact", flag=uscc_flag(canonical))
        if not final:
            return None
        found = sorted(self.index.orgs_by_name.get(mention.name or "", ()))
        if len(found) == 1:
            return Resolution(found[0], labels.ORGANIZATION, "org_name")
        why = f"{reason}，同名单位{len(found)}个" if found else f"{reason}，无同名单位"
        return Resolution(None, labels.UNRESOLVED, "unresolved", tuple(found), why)
