"""Sphinx configuration for the httpclient_compat documentation."""

from __future__ import annotations

import sys
from pathlib import Path

# Let autodoc import the package from the repository root, and Sphinx find
# this project's own extensions in _ext.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

import httpclient_compat

project = "httpclient_compat"
author = "the httpclient_compat authors"
project_copyright = "the httpclient_compat authors"
version = release = httpclient_compat.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    # Draws the core's state diagrams into _static when the build starts.
    "statediagrams",
]

# No intersphinx_mapping: fetching the Python inventory needs the network,
# which the build must not depend on.

nitpicky = True
# Without an inventory, references into the standard library cannot resolve;
# ignore only those, so that every reference into this project is still checked.
nitpick_ignore_regex = [
    (
        r"py:.*",
        r"(socket|ssl|io|email|collections\.abc|typing|types|http\.client"
        r"|urllib\.parse|enum|os|pathlib|re)(\..*)?",
    ),
]

# ``Field`` is a type alias, (name, value); Sphinx shows aliases by name
# but has no target to link them to.
nitpick_ignore = [("py:class", "Field")]
# Sphinx splits some string annotations (``tuple[str, int] | None``) into
# fragments, and cannot link a module's TypeVar; neither is a broken link.
nitpick_ignore_regex += [(r"py:class", r"tuple\[str"), (r"py:class", r".*\.M")]

html_theme = "alabaster"
exclude_patterns = ["_build"]
