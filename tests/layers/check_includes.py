#!/usr/bin/python3
"""Checks that the layers' includes point one way (docs/architecture.md "Layers").

    /usr/bin/python3 tests/layers/check_includes.py [REPO_ROOT]
    /usr/bin/python3 tests/layers/check_includes.py --self-test

Every header and source of a layer, public (include/smesim/<layer>/) or private (src/<layer>/),
may include headers of its own layer and of the layers below it in BELOW, and nothing else.
The compiler enforces this for private headers only (cmake/SmesimLayers.cmake); the public
headers are on every layer's include path, so without this check a public header of a low
layer could name a type of a high one. The layers of BELOW are those of CMakeLists.txt's
`smesim_add_layer(... USES ...)`: a layer that USES one not below it is a finding too.

Each finding is printed as `file:line: what is wrong`; the exit status is 1 when there is
any, else 0. `--self-test` runs the check on tests/layers/fixture/, a small tree holding a
deliberate upward include, and passes only when the findings are exactly those of
tests/layers/fixture/expected.txt. Standard library only.
"""

import os
import re
import sys

# What each layer may include besides itself, lowest layer first (the closure is taken below).
# `base` is include/smesim/error.hpp and version.hpp; `api` is the umbrella smesim.hpp.
USES = {
    "base": [],
    "random": ["base"],
    "analysis": ["random"],
    "scenario": ["random", "analysis"],
    "model": ["random", "analysis", "scenario"],
    "engine": ["random", "analysis", "scenario", "model"],
    "io": ["random", "analysis", "scenario"],
    "study": ["random", "analysis", "scenario", "model", "engine", "io"],
    "cli": ["random", "analysis", "scenario", "model", "engine", "io", "study"],
    "api": ["random", "analysis", "scenario", "model", "engine", "io", "study"],
}
BASE_HEADERS = {"error.hpp", "version.hpp"}
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
EXTENSIONS = (".hpp", ".cpp", ".h")
SELF_TEST_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixture")


def below(layer):
    """The layers `layer` builds on, directly or through another."""
    seen, todo = set(), list(USES[layer])
    while todo:
        other = todo.pop()
        if other not in seen:
            seen.add(other)
            todo.extend(USES[other])
    return seen


def layer_of_include(name):
    """The layer an include names, or None for one outside smesim (a library, the standard)."""
    parts = name.split("/")
    if parts[0] == "smesim":
        if len(parts) == 2:
            return "api" if parts[1] == "smesim.hpp" else "base" if parts[1] in BASE_HEADERS else None
        return parts[1] if parts[1] in USES else None
    return parts[0] if len(parts) > 1 and parts[0] in USES else None


def layer_files(root):
    """(path relative to root, layer) of every header and source of a layer."""
    tops = [(os.path.join("include", "smesim"), True), ("src", False)]
    for top, public in tops:
        folder = os.path.join(root, top)
        if not os.path.isdir(folder):
            continue
        for entry in sorted(os.listdir(folder)):
            path = os.path.join(folder, entry)
            if os.path.isfile(path) and public and entry.endswith(EXTENSIONS):
                yield os.path.join(top, entry), "api" if entry == "smesim.hpp" else "base"
            elif os.path.isdir(path) and entry in USES:
                for sub, _, names in sorted(os.walk(path)):
                    for name in sorted(names):
                        if name.endswith(EXTENSIONS):
                            yield os.path.relpath(os.path.join(sub, name), root), entry


def include_findings(root):
    findings = []
    for rel, layer in layer_files(root):
        allowed = below(layer) | {layer}
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                m = INCLUDE_RE.match(line)
                target = layer_of_include(m.group(1)) if m else None
                if target is not None and target not in allowed:
                    findings.append(f"{rel}:{number}: the {layer} layer includes {m.group(1)} of the "
                                    f"{target} layer, which is not below it")
    return findings


def cmake_findings(root):
    """A layer that CMakeLists.txt links to one not below it in USES."""
    path = os.path.join(root, "CMakeLists.txt")
    if not os.path.isfile(path):
        return []
    findings = []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for m in re.finditer(r"smesim_add_layer\((\w+)\s+USES\s+([\w\s]+?)\s+(?:PACKAGES|SOURCES)", text):
        layer, used = m.group(1), m.group(2).split()
        number = text.count("\n", 0, m.start()) + 1
        for other in used:
            if layer not in USES or other not in below(layer):
                findings.append(f"CMakeLists.txt:{number}: the {layer} layer USES {other}, which is "
                                f"not below it in {os.path.basename(__file__)}")
    return findings


def check(root):
    return include_findings(root) + cmake_findings(root)


def self_test():
    with open(os.path.join(SELF_TEST_DIR, "expected.txt"), encoding="utf-8") as f:
        expected = [line.rstrip("\n") for line in f if line.strip()]
    found = check(SELF_TEST_DIR)
    if found == expected:
        print(f"self-test: the fixture's {len(expected)} upward includes found, nothing else")
        return 0
    print("self-test failed: the findings on tests/layers/fixture/ differ from expected.txt")
    for line in found:
        print(f"  found:    {line}")
    for line in expected:
        print(f"  expected: {line}")
    return 1


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    findings = check(root)
    for line in findings:
        print(line)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
