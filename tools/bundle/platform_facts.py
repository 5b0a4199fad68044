"""What a wheelhouse's compiled files need from the target: CPU, symbol versions, libraries."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# ELF e_machine values (System V ABI) for the CPUs a bundle can be built on.
ELF_MACHINES = {62: "x86_64", 183: "aarch64"}
_VERSION_REF = re.compile(r"\b([A-Z][A-Z0-9]*(?:_[A-Z]+)*)_(\d+(?:\.\d+)*)\b")
_NEEDED = re.compile(r"^\s*NEEDED\s+(\S+)", re.MULTILINE)


class PlatformError(RuntimeError):
    """A compiled file is for another CPU, or cannot be inspected."""


def elf_machine(header: bytes) -> str | None:
    """The CPU an ELF file is for (`x86_64`, `aarch64`, `elf-N`), or None if it is no ELF file."""
    if len(header) < 20 or header[:4] != b"\x7fELF":
        return None
    order = "little" if header[5] == 1 else "big"
    number = int.from_bytes(header[18:20], order)
    return ELF_MACHINES.get(number, f"elf-{number}")


@dataclass(frozen=True)
class ElfNeeds:
    """One file's dynamic section: libraries it loads and symbol versions it requires."""

    needed: frozenset[str]
    versions: frozenset[tuple[str, tuple[int, ...]]]


def parse_objdump(text: str) -> ElfNeeds:
    """Read `objdump -p`: NEEDED entries and the Version References section."""
    needed = frozenset(_NEEDED.findall(text))
    references = text.split("Version References:", 1)
    versions = frozenset(
        (family, tuple(int(part) for part in number.split(".")))
        for family, number in _VERSION_REF.findall(references[1] if len(references) > 1 else "")
    )
    return ElfNeeds(needed, versions)


@dataclass
class PlatformFacts:
    """The union over all compiled files: highest version per symbol family, outside libraries."""

    machine: str
    highest: dict[str, tuple[int, ...]] = field(default_factory=dict)
    system_libs: list[str] = field(default_factory=list)
    elf_files: int = 0

    def version(self, family: str) -> str | None:
        """`2.35` for family GLIBC, or None when nothing needs the family."""
        found = self.highest.get(family)
        return ".".join(map(str, found)) if found else None


def scan_wheels(wheels: Iterable[Path], machine: str) -> PlatformFacts:
    """Inspect every ELF file in the wheels; each must be for `machine`."""
    objdump = shutil.which("objdump")
    if objdump is None:
        raise PlatformError("objdump (binutils) is needed to read what the compiled files require")
    facts = PlatformFacts(machine)
    shipped: set[str] = set()
    needed: set[str] = set()
    wrong_cpu = []
    with tempfile.TemporaryDirectory() as scratch:
        for wheel in wheels:
            with zipfile.ZipFile(wheel) as archive:
                for info in archive.infolist():
                    if info.is_dir() or info.file_size < 64:
                        continue
                    with archive.open(info) as member:
                        cpu = elf_machine(member.read(20))
                    if cpu is None:
                        continue
                    shipped.add(Path(info.filename).name)
                    if cpu != machine:
                        wrong_cpu.append(f"{wheel.name}: {info.filename} is for {cpu}")
                        continue
                    path = Path(archive.extract(info, scratch))
                    needs = parse_objdump(_objdump(objdump, path))
                    path.unlink()
                    facts.elf_files += 1
                    needed |= needs.needed
                    for family, number in needs.versions:
                        facts.highest[family] = max(facts.highest.get(family, ()), number)
    if wrong_cpu:
        raise PlatformError(f"compiled files not for {machine}:\n" + "\n".join(wrong_cpu))
    facts.system_libs = sorted(needed - shipped)
    return facts


def _objdump(objdump: str, path: Path) -> str:
    proc = subprocess.run([objdump, "-p", str(path)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise PlatformError(f"objdump -p {path.name} failed: {proc.stderr.strip()}")
    return proc.stdout
