"""The `sahel_atlas` package is pure: no module imports Streamlit (pages and components do).

The one exception is the load generator's protocol module, which speaks Streamlit's
websocket protocol with its protobuf messages: it may import `streamlit.proto`, nothing else.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sahel_atlas"
# module (relative to the package) -> the Streamlit sub-package it may import from
ALLOWED = {"devtools/protocol.py": "streamlit.proto"}


def streamlit_imports(path: Path) -> list[str]:
    """The Streamlit modules a file imports, at any depth (inside functions too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [n for n in names if n == "streamlit" or n.startswith("streamlit.")]
    return found


def _allowed(module: str, imported: str) -> bool:
    prefix = ALLOWED.get(module)
    return prefix is not None and (imported == prefix or imported.startswith(prefix + "."))


def test_no_module_of_the_package_imports_streamlit() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 40  # the package's modules are found
    offenders = {
        str(path.relative_to(PACKAGE)): bad
        for path in modules
        if (bad := [m for m in streamlit_imports(path)
                    if not _allowed(str(path.relative_to(PACKAGE)), m)])
    }
    assert offenders == {}


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import streamlit as st", ["streamlit"]),
        ("def f():\n    from streamlit.testing.v1 import AppTest", ["streamlit.testing.v1"]),
        ("import os, streamlit.util", ["streamlit.util"]),
        ("from streamlit_extras import x\nimport streamlitish", []),
        ("from . import streamlit", []),
    ],
)
def test_the_check_finds_every_form_of_import(tmp_path: Path, source: str, found: list[str]) -> None:
    module = tmp_path / "m.py"
    module.write_text(source, encoding="utf-8")
    assert streamlit_imports(module) == found


def test_only_the_protocol_module_may_import_streamlit_and_only_its_protobufs() -> None:
    assert _allowed("devtools/protocol.py", "streamlit.proto.ForwardMsg_pb2")
    assert not _allowed("devtools/protocol.py", "streamlit.testing.v1")
    assert not _allowed("devtools/protocol.py", "streamlit")
    assert not _allowed("devtools/bench.py", "streamlit.proto.ForwardMsg_pb2")


def project_imports(path: Path) -> set[str]:
    """The sub-packages of `sahel_atlas` a file imports from (`text`, `views`, ...)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module == "sahel_atlas":
            names = [f"sahel_atlas.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {n.split(".")[1] for n in names if n.startswith("sahel_atlas.")}
    return found


@pytest.mark.parametrize(("layer", "below"), [
    ("text", {"text"}),  # the helpers every layer shares stand on nothing of the project
    ("query", {"text", "contract", "store", "query", "export"}),  # never a view
])
def test_a_layer_imports_nothing_above_it(layer: str, below: set[str]) -> None:
    modules = sorted((PACKAGE / layer).rglob("*.py"))
    assert modules
    offenders = {str(p.relative_to(PACKAGE)): project_imports(p) - below for p in modules}
    assert {m: bad for m, bad in offenders.items() if bad} == {}
