"""docs/ARCHITECTURE.md shows the journeys' transition tables as the code has them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from statemachine import StateMachine

from flows.collection_machine import CollectionMachine
from flows.declaration_machine import DeclarationMachine
from flows.intake_machine import IntakeMachine
from flows.lookup_machine import LookupMachine
from flows.self_print_machine import SelfPrintMachine
from flows.staff.loading import LoadingMachine
from flows.staff.login import StaffMachine
from flows.staff.maintenance import MaintenanceMachine
from flows.staff.retrieval import RetrievalMachine
from flows.staff.site_setup import SiteSetupMachine
from flows.utility_payment_machine import UtilityPaymentMachine
from flows.video_call_machine import CallMachine

DOC = Path(__file__).resolve().parents[2] / "docs" / "ARCHITECTURE.md"


@pytest.mark.parametrize(
    "machine",
    [
        *(DeclarationMachine, CollectionMachine, LookupMachine, StaffMachine),
        *(RetrievalMachine, LoadingMachine, MaintenanceMachine, SiteSetupMachine),
        IntakeMachine,
        CallMachine,
        SelfPrintMachine,
        UtilityPaymentMachine,
    ],
)
def test_transition_table_in_the_docs_matches_the_machine(machine: type[StateMachine]) -> None:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(
        rf"<!-- generated: {machine.__name__} -->\n(.*?)\n<!-- end -->", text, re.DOTALL
    )
    assert block, f"no generated table for {machine.__name__} in {DOC.name}"
    expected = format(machine, "md").strip()
    assert block.group(1).strip() == expected, (
        f"regenerate with: python -c 'from {machine.__module__} import {machine.__name__} as M; "
        'print(format(M, "md"))\''
    )


def test_the_cli_offers_every_tour_journey() -> None:
    """``kiosk demo --journey`` lists the journeys without importing Qt (kiosk/demo's
    list); the list must be what kiosk/demo/journeys.py can run, and the README must
    name them all."""
    from kiosk.demo import JOURNEYS
    from kiosk.demo.journeys import journey_steps

    assert tuple(journey_steps()) == JOURNEYS
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if "--journey NAME" in x)
    assert all(f"`{j}`" in line for j in JOURNEYS), line


ROOT = Path(__file__).resolve().parents[2]
#: the repository's top-level folders and files a doc may point into
TOP = ("kiosk", "flows", "devices", "offline_cache", "platform_contract", "assets", "install")
TOP += ("tests", "docs", "scripts", ".ci", "Makefile", "pyproject.toml", "README.md")
DOCS = [ROOT / "README.md", ROOT / "install" / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def _by_suffix(name: str) -> Path:
    """The repository file whose path ends with ``name`` (``presenters/base.py``), or
    a path that does not exist."""
    for path in ROOT.rglob(Path(name).name):
        if ".venv" not in path.parts and path.as_posix().endswith("/" + name):
            return path
    return ROOT / "no such file" / name


def _referenced_paths(doc: Path) -> list[tuple[str, Path]]:
    """(as written, resolved) for each backticked repository path and relative link."""
    text = doc.read_text(encoding="utf-8")
    found: list[tuple[str, Path]] = []
    for token in re.findall(r"`([^`\s]+)`", text):
        path = token.split(":")[0].rstrip(".,;)")  # file.py:name, file.py::test
        if path.split("/")[0] not in TOP or any(c in path for c in "*<>{}[]|$"):
            continue
        if path in TOP or "/" in path or path.endswith((".md", ".toml", ".py", ".sh")):
            found.append((token, ROOT / path))
    for token in re.findall(r"`([^`\s/][^`\s]*\.(?:py|md|sh))`", text):
        if token.split("/")[0] not in TOP:  # a short name: some file of the repo ends so
            found.append((token, _by_suffix(token.split(":")[0])))
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:|#", target):
            continue  # a web address, or an anchor in the same page
        found.append((target, (doc.parent / target.split("#")[0]).resolve()))
    return found


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: str(d.relative_to(ROOT)))
def test_every_file_a_doc_names_is_in_the_repository(doc: Path) -> None:
    missing = [written for written, path in _referenced_paths(doc) if not path.exists()]
    assert not missing, (
        f"{doc.relative_to(ROOT)} names files the repository does not have: {missing}"
    )


def test_the_doc_path_check_sees_the_references() -> None:
    paths = {written for written, _ in _referenced_paths(ROOT / "README.md")}
    assert {"install/README.md", "assets/site/demo.toml", "docs/ARCHITECTURE.md"} <= paths


def _dependency_table() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Why each dependency")
    end = readme.index("\n## ", start + 1) if "\n## " in readme[start + 1 :] else len(readme)
    return readme[start:end]


def test_every_dependency_is_explained_in_the_readme() -> None:
    """Each package of pyproject.toml (runtime and dev) and each Debian package of
    scripts/bootstrap.sh (but the Qt/X libraries, named as a group) is in the README's
    "Why each dependency" section."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    names = {re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0] for spec in specs}
    bootstrap = (ROOT / "scripts" / "bootstrap.sh").read_text(encoding="utf-8")
    apt = re.search(r"APT_PACKAGES=\((.*?)\n\)", bootstrap, re.DOTALL)
    assert apt is not None
    packages = {p for line in apt.group(1).splitlines() for p in line.split("#")[0].split()}
    names |= {p for p in packages if not p.startswith("lib") or p == "libpcsclite-dev"}
    table = _dependency_table()
    missing = sorted(
        n for n in names if not re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", table)
    )
    assert not missing, f"README.md 'Why each dependency' does not explain: {missing}"


def test_the_payment_states_in_readme_and_architecture_are_the_ledgers() -> None:
    """Both documents' payment-state tables list exactly TradeState's values."""
    from flows.payment_ports import TradeState

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    architecture = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    in_readme = set(re.findall(r"^\| `([a-z]+)` \|", readme, re.MULTILINE))
    in_architecture = set(re.findall(r"^\| ([A-Z]+) \| ", architecture, re.MULTILINE))
    states = {s.value for s in TradeState}
    assert states <= in_readme, f"README lacks {sorted(states - in_readme)}"
    missing = {s.name for s in TradeState} - in_architecture
    assert not missing, f"ARCHITECTURE lacks {sorted(missing)}"
