"""The lock files agree with the input files they are compiled from.

requirements.in and requirements-test.in name what the project asks for; requirements.txt and
requirements-test.txt (pip-compile's output, with hashes) pin that and everything it pulls in.
An input changed without compiling its lock again fails here, offline, before a fresh install
can drift. Compile with the command each .in file's header gives.
"""

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PAIRS = [("requirements.in", "requirements.txt"), ("requirements-test.in", "requirements-test.txt")]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def input_requirements(name):
    """Every requirement an input file asks for, following its -r includes."""
    asked = {}
    for raw in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-c "):
            continue
        if line.startswith("-r "):
            asked.update(input_requirements(line[3:].strip()))
            continue
        requirement = Requirement(line)
        asked[canonicalize_name(requirement.name)] = requirement
    return asked


def lock_pins(name):
    """{package: (version, the 'via' comment lines under it, its hash count)} of a lock file."""
    pins, current = {}, None
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = [match.group(2), [], 0]
        elif current and line.strip().startswith("--hash=sha256:"):
            pins[current][2] += 1
        elif current and line.strip().startswith("#"):
            pins[current][1].append(line.strip("# ").strip())
    return pins


@pytest.mark.parametrize("source,lock", PAIRS)
def test_every_requirement_is_pinned_in_its_lock_at_a_version_it_allows(source, lock):
    pins = lock_pins(lock)
    for name, requirement in input_requirements(source).items():
        assert name in pins, f"{source} asks for {name}, {lock} does not pin it: compile {lock} again"
        assert requirement.specifier.contains(pins[name][0], prereleases=True), (
            f"{source} asks for {requirement}, {lock} pins {pins[name][0]}: compile {lock} again")


@pytest.mark.parametrize("source,lock", PAIRS)
def test_every_pin_has_hashes_and_a_reason(source, lock):
    asked = input_requirements(source)
    for name, (version, via, hashes) in lock_pins(lock).items():
        assert hashes, f"{lock}: {name}=={version} has no hash"
        reasons = [r.removeprefix("via").strip() for r in via]
        reasons = [r for r in reasons if r]
        assert reasons, f"{lock}: {name}=={version} has no 'via' line: compile {lock} again"
        # A package there only because an input file asks for it must still be asked for: one
        # dropped from the .in file and left in the lock is drift.
        if all(r.startswith(("-r ", "-c ")) for r in reasons):
            assert name in asked, f"{lock} pins {name} for {source}, which no longer asks for it"


def test_the_test_lock_runs_the_runtime_lock_exactly():
    runtime, test = lock_pins("requirements.txt"), lock_pins("requirements-test.txt")
    for name, (version, _, _) in runtime.items():
        assert name in test and test[name][0] == version, (
            f"requirements-test.txt must pin {name}=={version} as requirements.txt does")


def test_trafilatura_finds_lxml_html_clean():
    """The break this lock was made for: lxml >= 5.2 without lxml_html_clean fails `import trafilatura`."""
    pins = lock_pins("requirements.txt")
    assert "lxml-html-clean" in pins
    import trafilatura  # noqa: F401  (raises ImportError without lxml_html_clean)
