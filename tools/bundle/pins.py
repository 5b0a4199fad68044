"""Runtime dependency pins: read constraints.txt, refuse any resolved package it does not pin."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;,]+)")
_REQ_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


class PinError(ValueError):
    """constraints.txt is malformed, or a runtime dependency is not pinned in it."""


def canonical(name: str) -> str:
    """PEP 503 normalised name: `PyYAML` is `pyyaml`, `et_xmlfile` is `et-xmlfile`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_constraints(text: str) -> dict[str, str]:
    """{canonical name: version} from `name==version` lines; anything else is an error."""
    pins: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _PIN.fullmatch(line)
        if match is None:
            raise PinError(f"constraints.txt line {number}: {raw.strip()!r} is not 'name==version'")
        pins[canonical(match[1])] = match[2]
    return pins


@dataclass(frozen=True)
class Resolved:
    """One package pip resolved for the bundle, and which resolved packages asked for it."""

    name: str
    version: str
    required_by: tuple[str, ...]


def resolved_from_report(report: Mapping[str, Any]) -> list[Resolved]:
    """The packages of a `pip install --dry-run --report` JSON, with who requires each."""
    items = [
        (item["metadata"]["name"], item["metadata"]["version"], item["metadata"])
        for item in report["install"]
    ]
    present = {canonical(name) for name, _, _ in items}
    wanted_by: dict[str, list[str]] = {}
    for name, _, metadata in items:
        for requirement in metadata.get("requires_dist") or ():
            match = _REQ_NAME.match(requirement)
            if match and canonical(match[1]) in present:
                wanted_by.setdefault(canonical(match[1]), []).append(name)
    return [
        Resolved(name, version, tuple(sorted(set(wanted_by.get(canonical(name), ())))))
        for name, version, _ in items
    ]


def pinned_requirements(
    resolved: Iterable[Resolved], pins: Mapping[str, str], own: str
) -> list[str]:
    """`name==version` for each resolved package but `own`, exactly as constraints.txt pins it."""
    problems = []
    lines = []
    for package in sorted(resolved, key=lambda p: canonical(p.name)):
        if canonical(package.name) == canonical(own):
            continue
        pin = pins.get(canonical(package.name))
        needed_by = ", ".join(package.required_by) or own
        if pin is None:
            problems.append(
                f"{package.name} {package.version} (needed by {needed_by}) "
                "has no pinned version in constraints.txt"
            )
        elif pin != package.version:
            problems.append(
                f"{package.name} resolved to {package.version} but constraints.txt pins {pin}"
            )
        else:
            lines.append(f"{package.name}=={package.version}")
    if problems:
        raise PinError("\n".join(problems))
    return lines
