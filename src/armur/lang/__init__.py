"""Language front-ends: tree-sitter parsing and lowering to the IR."""

from __future__ import annotations

LANGUAGE_BY_SUFFIX = {
    ".py": "python",
    ".pyw": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "typescript",
    ".go": "go",
    ".rs": "rust",
    ".sol": "solidity",
}


def language_of(path: str) -> str | None:
    """Language name for a file path, by suffix, or None."""
    dot = path.rfind(".")
    if dot < 0:
        return None
    return LANGUAGE_BY_SUFFIX.get(path[dot:].lower())
