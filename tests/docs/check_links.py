#!/usr/bin/python3
"""Checks that the documentation points only at what the repository holds.

    /usr/bin/python3 tests/docs/check_links.py [REPO_ROOT]

Four checks (docs/development.md "Documentation checks"):

1. Links. In README.md, every docs/**/*.md and every other markdown file of the repository
   (bench/RESULTS.md, tests/*/README.md, ...), each relative markdown link `[text](path)` or
   `[text](path#anchor)` (and `[text](#anchor)`) names a file or folder of the repository,
   relative to the markdown file, and its #anchor is a heading of the target markdown file
   (GitHub's rule: lower case, punctuation dropped, spaces to hyphens, -1, -2 ... for repeats).
2. Paths. In the same files, each inline code span that reads as a repository path (its first
   segment is a top-level folder of the repository, e.g. `src/model/budget.cpp`,
   `scenarios/osmep_2015.yaml`, `tests/docking/`) names a file or folder that exists.
   Outputs (`results/...`, `build/...`) and placeholders (`<name>`, `*`, `NN`, `...`) are
   skipped; `a.{hpp,cpp}` is checked as both files; a trailing `:line` is ignored.
3. Sections cited by name. In every file of the repository, a citation of a document of
   docs/ followed by a quoted section name, e.g. `docs/model.md "Random numbers"` or
   `(docs/experiments.md, "Relative values")`, names a heading of that document (equal, or
   the heading's start before " (" or ":"; case, backticks and emphasis ignored).
4. Specification files. No file of the repository (git ls-files, this checker left out)
   names MODEL.md, SCENARIO.md, DESIGN.md, FACTS.md, REPORTED.md, PLANNERS.md or STYLE.md:
   they are not in the repository, and what was in them is in docs/ (docs/model.md,
   docs/scenario.md, docs/architecture.md, docs/programme_2015.md, docs/development.md).

Each finding is printed as `file:line: what is wrong`; the exit status is 1 when there is
any, else 0. Standard library only.
"""

import os
import re
import subprocess
import sys
import unicodedata

SPEC_FILES = ("MODEL", "SCENARIO", "DESIGN", "FACTS", "REPORTED", "PLANNERS", "STYLE")
# The bare name of a specification file: upper case exactly, not part of a longer name.
SPEC_RE = re.compile(r"(?<![\w.-])(?:%s)\.md\b" % "|".join(SPEC_FILES))
# Top-level folders whose contents are outputs of a run or a build, not repository files.
OUTPUT_DIRS = {"results", "build"}
# Inline links and images: [text](target) / ![alt](target), target without spaces, optional title.
LINK_RE = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
# Reference definitions: [label]: target
REF_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
SELF = "tests/docs/check_links.py"
# A document of docs/ cited with a quoted section name (also inside a C++ string: \"...\").
SECTION_CITE_RE = re.compile(
    r'(?<![\w/.-])(docs/[\w/.-]+?\.md)\)?,?[ \t]+\\?"([^"\\\n]+)\\?"')
PLACEHOLDER_RE = re.compile(r"[<>*?$…|\\`]|\.\.\.|(?:^|[/_.-])N{2,}(?:$|[/_.-])")


def repository_files(root):
    """Tracked files plus untracked ones not ignored; a walk of the tree without git."""
    try:
        out = subprocess.run(
            ["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            check=True, capture_output=True).stdout
        files = [f for f in out.decode("utf-8", "surrogateescape").split("\0") if f]
        # Deleted but still tracked files are not there.
        return sorted(f for f in set(files) if os.path.isfile(os.path.join(root, f)))
    except (OSError, subprocess.CalledProcessError):
        files = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in (".git", "build")]
            for name in filenames:
                files.append(os.path.relpath(os.path.join(dirpath, name), root))
        return sorted(files)


def folders_of(files):
    folders = set()
    for f in files:
        parts = f.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            folders.add("/".join(parts[:i]))
    return folders


def github_slug(text):
    """The anchor GitHub gives a heading's text (before -1, -2 ... for repeats)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: their text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML tags
    text = text.strip().lower()
    kept = []
    for ch in text:
        if ch in " -_" or ch.isalnum() or unicodedata.category(ch).startswith("M"):
            kept.append(ch)
    return "".join(kept).replace(" ", "-")


def prose_lines(lines):
    """(line number, text) of lines outside fenced code blocks."""
    fence = None
    for number, line in enumerate(lines, 1):
        m = FENCE_RE.match(line)
        if fence is None:
            if m:
                fence = m.group(1)
                continue
            yield number, line
        elif m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) \
                and line.strip() == m.group(1):
            fence = None


def anchors_of(lines):
    anchors, seen = set(), {}
    for _, line in prose_lines(lines):
        m = HEADING_RE.match(line)
        if not m:
            continue
        slug = github_slug(m.group(2))
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        anchors.add(slug if n == 0 else "%s-%d" % (slug, n))
    for m in re.finditer(r"<a\s+(?:name|id)=\"([^\"]+)\"", "\n".join(lines)):
        anchors.add(m.group(1))
    return anchors


def heading_texts(lines):
    """Each heading's text, normalised as section names are compared."""
    return [normalise_title(m.group(2)) for _, line in prose_lines(lines)
            for m in [HEADING_RE.match(line)] if m]


def normalise_title(text):
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[`*]", "", text)
    return " ".join(text.lower().split())


def code_spans(line):
    """Inline code spans of one line: `x` and ``x``."""
    spans, i = [], 0
    while True:
        start = line.find("`", i)
        if start < 0:
            return spans
        ticks = len(line[start:]) - len(line[start:].lstrip("`"))
        marker = "`" * ticks
        end = line.find(marker, start + ticks)
        while end >= 0 and line[end + ticks:end + ticks + 1] == "`":
            end = line.find(marker, end + ticks + 1)
        if end < 0:
            return spans
        spans.append(line[start + ticks:end].strip())
        i = end + ticks


def expand_braces(path):
    m = re.search(r"\{([^{}]*)\}", path)
    if not m:
        return [path]
    out = []
    for alternative in m.group(1).split(","):
        out.extend(expand_braces(path[:m.start()] + alternative + path[m.end():]))
    return out


class Checker:
    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.files = repository_files(self.root)
        self.file_set = set(self.files)
        self.folder_set = folders_of(self.files)
        self.top_folders = {f for f in self.folder_set if "/" not in f} - OUTPUT_DIRS
        self.findings = []
        self._anchor_cache = {}

    def report(self, path, line, message):
        self.findings.append("%s:%d: %s" % (path, line, message))

    def exists(self, rel):
        rel = rel.rstrip("/")
        return rel == "" or rel in self.file_set or rel in self.folder_set

    def anchors(self, rel):
        if rel not in self._anchor_cache:
            with open(os.path.join(self.root, rel), encoding="utf-8") as f:
                self._anchor_cache[rel] = anchors_of(f.read().splitlines())
        return self._anchor_cache[rel]

    def markdown_files(self):
        """README.md, docs/**/*.md and every other markdown file of the repository."""
        return [f for f in self.files if f.endswith(".md")]

    # 1. relative links
    def check_link(self, md, number, target):
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("//"):
            return  # http:, https:, mailto: ...
        path, _, anchor = target.partition("#")
        path = path.split("?")[0]
        if path:
            if path.startswith("/"):
                rel = os.path.normpath(path.lstrip("/"))
            else:
                rel = os.path.normpath(os.path.join(os.path.dirname(md), path))
            rel = rel.replace(os.sep, "/")
            if rel.startswith("../") or rel == "..":
                self.report(md, number, "link `%s` leaves the repository" % target)
                return
            if rel == ".":
                rel = ""
            if not self.exists(rel):
                self.report(md, number, "link `%s`: no file or folder %s" % (target, rel))
                return
        else:
            rel = md
        if anchor and rel.endswith(".md") and rel in self.file_set:
            if anchor.lower() not in self.anchors(rel):
                self.report(md, number, "link `%s`: %s has no heading with anchor #%s"
                            % (target, rel, anchor))

    # 2. backticked repository paths
    def check_code_path(self, md, number, span):
        if not span:
            return
        token = span.split()[0]
        token = token.strip("\"'(),;")
        if "/" not in token:
            return
        token = re.sub(r"^\./", "", token)
        first = token.split("/")[0]
        if first not in self.top_folders:
            return
        if PLACEHOLDER_RE.search(token):
            return
        token = re.sub(r":\d[\d:-]*$", "", token)  # file:line
        token = token.split("#")[0]
        for path in expand_braces(token):
            if not self.exists(path):
                self.report(md, number, "`%s`: no file or folder %s in the repository"
                            % (span, path))

    def check_markdown(self, md):
        with open(os.path.join(self.root, md), encoding="utf-8") as f:
            lines = f.read().splitlines()
        for number, line in prose_lines(lines):
            # Code spans first, so that a link inside a code span is not taken for a link.
            spans = code_spans(line)
            for span in spans:
                self.check_code_path(md, number, span)
            without_code = re.sub(r"(`+)(?:(?!\1).)+?\1", "``", line)
            for m in LINK_RE.finditer(without_code):
                self.check_link(md, number, m.group(1))
            m = REF_DEF_RE.match(without_code)
            if m:
                self.check_link(md, number, m.group(1))

    def headings(self, rel):
        key = ("headings", rel)
        if key not in self._anchor_cache:
            with open(os.path.join(self.root, rel), encoding="utf-8") as f:
                self._anchor_cache[key] = heading_texts(f.read().splitlines())
        return self._anchor_cache[key]

    def text_files(self):
        for rel in self.files:
            if rel == SELF:
                continue
            try:
                with open(os.path.join(self.root, rel), encoding="utf-8") as f:
                    yield rel, f.read().splitlines()
            except (UnicodeDecodeError, OSError):
                continue  # binary files (images, workbooks)

    # 3. sections cited by name
    def check_section_names(self, rel, lines):
        for number, line in enumerate(lines, 1):
            for m in SECTION_CITE_RE.finditer(line):
                doc, title = m.group(1), normalise_title(m.group(2))
                if doc not in self.file_set:
                    self.report(rel, number, "cites %s, which is not in the repository" % doc)
                    continue
                if not any(h == title or h.startswith(title + " (") or h.startswith(title + ":")
                           for h in self.headings(doc)):
                    self.report(rel, number, "cites %s \"%s\": no such heading in %s"
                                % (doc, m.group(2), doc))

    # 4. names of the specification files
    def check_spec_names(self, rel, lines):
        for number, line in enumerate(lines, 1):
            for m in SPEC_RE.finditer(line):
                self.report(rel, number, "names %s, which is not in the repository (cite "
                            "docs/ instead)" % m.group(0))

    def run(self):
        for md in self.markdown_files():
            self.check_markdown(md)
        for rel, lines in self.text_files():
            self.check_section_names(rel, lines)
            self.check_spec_names(rel, lines)
        return self.findings


def main(argv):
    if len(argv) > 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    root = argv[1] if len(argv) == 2 else os.path.join(os.path.dirname(__file__), "..", "..")
    findings = Checker(root).run()
    for finding in findings:
        print(finding)
    if findings:
        print("check_links.py: %d finding(s)" % len(findings), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
