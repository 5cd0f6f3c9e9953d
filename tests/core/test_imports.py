"""The core's imports: standard-library leaves only, and tests use its door.

The architecture page: ``_core`` knows HTTP/1.1 and nothing about sockets, files,
email, ssl, http.client or printing.  These tests prove it twice: from the
source (every import statement) and at run time (what importing the core
actually loads).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import httpclient_compat

PACKAGE = Path(httpclient_compat.__file__).parent
CORE = PACKAGE / "_core"
TESTS = Path(__file__).parent

#: The standard-library modules the core may import, and why.
ALLOWED = {
    "__future__": "annotations on Python 3.9",
    "collections.abc": "Sequence and Mapping for annotations",
    "dataclasses": "Limits",
    "enum": "states, kinds, sentinels",
    "re": "grammar fragments",
    "typing": "annotations and NamedTuple events",
    "urllib.parse": "urlsplit for Host from absolute-form targets, as http.client",
}

#: Modules whose presence would mean the core does I/O or knows the shell.
FORBIDDEN_AT_RUNTIME = {
    "socket",
    "ssl",
    "select",
    "selectors",
    "email",
    "http",
    "http.client",
    "asyncio",
    "threading",
    "httpclient_compat._blocking",
}


def _imports(path: Path) -> list[tuple[int, str]]:
    """(level, module) for every import statement in *path*."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.extend((0, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append((node.level, node.module or ""))
    return found


def test_core_source_imports_only_allowed_stdlib_leaves_and_itself() -> None:
    sources = sorted(CORE.glob("*.py"))
    assert sources, "no core modules found"
    for path in sources:
        for level, module in _imports(path):
            if level:
                assert level == 1, f"{path.name}: relative import leaves _core: {module}"
            else:
                assert module in ALLOWED, f"{path.name} imports {module}"


def test_importing_the_core_loads_no_io_or_shell_module() -> None:
    """Import ``_core`` under a bare parent package, so only the core itself
    runs, and list every module that the import added."""
    code = f"""
import sys, types
before = set(sys.modules)
parent = types.ModuleType("httpclient_compat")
parent.__path__ = [{str(PACKAGE)!r}]
sys.modules["httpclient_compat"] = parent
import httpclient_compat._core
print("\\n".join(sorted(set(sys.modules) - before)))
"""
    result = subprocess.run(
        [sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(result.stdout.split())
    assert "httpclient_compat._core" in loaded
    bad = {
        name
        for name in loaded
        if name in FORBIDDEN_AT_RUNTIME
        or name.split(".")[0]
        in {"socket", "ssl", "email", "http", "asyncio", "select", "selectors"}
    }
    assert not bad, f"importing the core loaded {sorted(bad)}"


def test_core_tests_reach_the_core_only_through_its_public_door() -> None:
    for path in sorted(TESTS.glob("test_*.py")) + sorted(TESTS.glob("helpers.py")):
        for _level, module in _imports(path):
            if module.startswith("httpclient_compat._core."):
                raise AssertionError(f"{path.name} imports {module}; use httpclient_compat._core")
