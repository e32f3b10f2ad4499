"""The scanned Rust project as seen by the taint analysis: module paths resolved to files.

Rust modules are files by convention: `mod db;` in `src/main.rs`, `src/lib.rs` or a `mod.rs` is
`src/db.rs` or `src/db/mod.rs` next to it; in `src/api.rs` it is `src/api/db.rs` (or
`src/api/db/mod.rs`). `crate::a::b` starts at the crate root (the nearest folder, going up from the
importing file, that holds the `lib.rs` / `main.rs` of the scan), `self::` at the importing module,
`super::` at its parent. Paths that start with anything else are other crates, outside the project.
The same depth and size limits as for the other languages bound the work per analysed file.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from armur.analysis.project import _ProjectFiles
from armur.analysis.taint import ModuleCtx
from armur.ir import nodes as ir

_ROOTS = ("lib.rs", "main.rs")


class RustProject(_ProjectFiles):
    """Rust files of the scan, resolved by the module conventions of rustc."""

    language = "rust"

    def __init__(self, files: dict[str, str], sources: dict[str, str] | None = None) -> None:
        super().__init__({d: p for d, p in files.items() if d.endswith(".rs")}, sources)

    def _lower(self, display: str, text: str) -> ir.Module:
        from armur.lang import rust

        return rust.lower_source(display, text)

    @staticmethod
    def _children_dir(display: str) -> PurePosixPath:
        """Where the files of a module's `mod x;` children live."""
        p = PurePosixPath(display)
        if p.name in (*_ROOTS, "mod.rs"):
            return p.parent
        return p.parent / p.stem

    def _crate_root(self, display: str) -> PurePosixPath | None:
        cur = PurePosixPath(display).parent
        while True:
            if any(str(cur / r) in self.files or (str(cur) == "." and r in self.files) for r in _ROOTS):
                return cur
            if cur == cur.parent:
                return None
            cur = cur.parent

    def _file(self, base: PurePosixPath, parts: list[str]) -> str | None:
        if not parts:
            for r in (*_ROOTS, "mod.rs"):
                cand = str(base / r) if str(base) != "." else r
                if cand in self.files:
                    return cand
            return None
        stem = base.joinpath(*parts)
        for cand in (f"{stem}.rs", str(stem / "mod.rs")):
            if cand in self.files:
                return cand
        return None

    def resolve(self, importer: str, name: str, level: int) -> str | None:
        """The file of module `name` (dotted: crate.a.b, self.x, super.y, or a `mod` child with level 1)."""
        parts = [p for p in name.split(".") if p]
        base: PurePosixPath | None
        if level:
            base = self._children_dir(importer)
        elif parts and parts[0] == "crate":
            base = self._crate_root(importer)
            parts = parts[1:]
        elif parts and parts[0] == "self":
            base = self._children_dir(importer)
            parts = parts[1:]
        elif parts and parts[0] == "super":
            base = self._children_dir(importer).parent
            parts = parts[1:]
            while parts and parts[0] == "super":
                base = base.parent
                parts = parts[1:]
            if not parts:
                mod = PurePosixPath(importer)
                # The parent module itself: its file is the folder's own module file.
                parent_dir = self._children_dir(importer).parent
                owner = parent_dir.parent / f"{parent_dir.name}.rs"
                if str(owner) in self.files:
                    return str(owner)
                return self._file(parent_dir, []) if mod else None
        else:
            return None
        if base is None:
            return None
        return self._file(base, parts)

    def module(self, importer: ModuleCtx, name: str, level: int) -> ModuleCtx | None:
        """Resolve and load a module of the project (None: another crate, or beyond the limits)."""
        return self._enter(importer, self.resolve(importer.display, name, level))

    def is_package(self, importer: ModuleCtx, name: str, level: int) -> bool:
        return level > 0 or name.split(".")[0] in ("crate", "self", "super")
