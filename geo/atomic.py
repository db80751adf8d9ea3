"""Atomic outputs: a file or a folder appears whole or not at all, and nothing minemaps did not
make is ever deleted.

* :func:`atomic_write` writes a file through a temporary sibling renamed into place.
* :func:`atomic_dir` builds a folder in a temporary sibling and swaps it in when the block
  succeeds. It writes into a new or empty folder, or one holding a previous minemaps output
  (marked by :data:`MANIFEST`, every file in it listed there); anything else is refused before
  any work is done. A block that fails or is interrupted (Ctrl-C) removes its temporary folder;
  a process killed outright leaves one behind, which :func:`recover` tidies up next time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError

__all__ = ["MANIFEST", "atomic_dir", "atomic_write", "check_output_dir", "check_output_file", "recover"]

#: The file that marks a folder as minemaps' output and lists what it holds.
MANIFEST = ".minemaps-manifest.json"
_NAME_MAX = 200  # leaves room for the temporary prefix and suffix under the usual 255-byte limit


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _name_ok(path: Path) -> None:
    if len(path.name.encode("utf-8", "surrogateescape")) > _NAME_MAX:
        raise OutputError(f"{path}: the name is too long ({len(path.name)} characters; at most {_NAME_MAX})")


def _parent_ok(path: Path) -> Path:
    parent = path.parent
    for p in (parent, *parent.parents):
        if p.exists():
            if not p.is_dir():
                raise OutputError(f"{path}: {p} is a file, not a folder")
            break
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path}: cannot create the folder {parent} ({exc.strerror})") from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: the folder {parent} is not writable")
    return parent


def check_output_file(path: str | Path) -> Path:
    """``path`` as a file output: refused (``OutputError``) when it is a folder or its parent
    cannot be made or written."""
    path = Path(path)
    _name_ok(path)
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name (e.g. {path / 'map.html'})")
    _parent_ok(path)
    return path


def atomic_write(path: str | Path, data: str | bytes | Callable[[Path], object]) -> Path:
    """Write ``data`` (text as UTF-8, bytes, or a ``writer(tmp_path)`` callable) to ``path``
    through a temporary file in the same folder, renamed into place when complete."""
    path = check_output_file(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name[:60]}.", suffix=f".tmp{path.suffix}", dir=path.parent)
    tmp = Path(name)
    try:
        if callable(data):
            os.close(fd)
            tmp.unlink()  # writers such as GDAL want to create the file themselves
            data(tmp)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o666 & ~_umask())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _listed(out: Path) -> set[str] | None:
    """Files the manifest of ``out`` lists, or None when there is no readable manifest."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return set(data["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check_output_dir(out: str | Path) -> Path:
    """``out`` as a build folder: new, empty, or a previous minemaps output whose every file its
    manifest lists. Anything else raises :class:`~geo.errors.OutputError` and nothing is touched."""
    out = Path(out)
    _name_ok(out)
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputError(f"{out} exists and is not a folder: minemaps writes its output into a folder "
                          "and will not replace a file; choose another --out")
    _parent_ok(out)
    if out.is_dir():
        present = {p.relative_to(out).as_posix() for p in out.rglob("*") if not p.is_dir()}
        if present:
            listed = _listed(out)
            if listed is None:
                raise OutputError(f"{out} is not empty and is not a minemaps output (no {MANIFEST}): "
                                  "minemaps will not replace it; choose a new or empty folder for --out")
            foreign = sorted(present - listed - {MANIFEST})
            if foreign:
                shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
                raise OutputError(f"{out} holds files minemaps did not write ({shown}): move them away "
                                  "or choose another --out; nothing was changed")
    return out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(out: Path) -> list[Path]:
    """Tidy up after a build that was killed (no cleanup ran): put back an output moved aside
    by an interrupted swap, and remove temporary folders of builds no longer running."""
    touched: list[Path] = []
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.(build|old)-(\d+)-")
    if not out.parent.is_dir():
        return touched
    for p in sorted(out.parent.glob(f".{out.name}.*")):
        m = pattern.match(p.name)
        if not m or not p.is_dir() or _alive(int(m.group(2))):
            continue
        if m.group(1) == "old" and not out.exists():
            p.rename(out)  # killed between the two renames of the swap: the old output comes back
        else:
            shutil.rmtree(p, ignore_errors=True)
        touched.append(p)
    return touched


def _write_manifest(tmp: Path) -> None:
    files = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file())
    (tmp / MANIFEST).write_text(json.dumps({"generator": "minemaps", "files": files}, indent=1) + "\n",
                                encoding="utf-8")


def _swap_in(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` with two renames; the old output is removed last. A kill
    between the renames leaves the old output aside, and :func:`recover` puts it back."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}-{tmp.name[-8:]}")
        out.rename(old)
    try:
        tmp.rename(out)
    except OSError:
        if old is not None:
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def atomic_dir(out: str | Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``out``; when the block succeeds, write the manifest and
    swap the folder in for ``out``. On any failure (an exception, Ctrl-C) the temporary folder is
    removed and ``out`` is left as it was."""
    out = check_output_dir(Path(out).absolute())
    recover(out)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-{os.getpid()}-", dir=out.parent))
    except OSError as exc:
        raise OutputError(f"{out}: cannot create a temporary folder beside it ({exc.strerror})") from None
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it 0700: others could not read the output
        yield tmp
        _write_manifest(tmp)
        check_output_dir(out)  # still ours: nobody wrote into it meanwhile
        _swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
