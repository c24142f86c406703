"""Write a new version of a package: changed parts written, removed parts left out,
every other member copied as its compressed bytes, the file replaced atomically."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, BinaryIO, cast

from .save import Identity, atomic_replace
from .zipcopy import ZipRewriter, raw_member

__all__ = ["rewrite_package"]


def rewrite_package(
    path: Path,
    archive: zipfile.ZipFile,
    parts: Mapping[str, bytes],
    streams: Mapping[str, Callable[[], Iterator[bytes]]] | None = None,
    removed: Collection[str] = (),
    target: Path | None = None,
    expect: Identity | None = None,
    lang: str = "fr",
) -> None:
    """Replace the package at ``path`` (open as ``archive``) atomically, or write the
    new version to ``target``.

    Parameters
    ----------
    parts : mapping
        Part name → its new bytes.
    streams : mapping, optional
        Part name → a function giving its new bytes as a stream of chunks (a large
        part, compressed as it comes, fast).
    removed : collection
        Parts left out of the new package (their relationships and content types are
        the caller's to remove).
    target : path, optional
        Where the new package goes, when not over ``path``.
    expect : Identity, optional
        The file as it was read: the save is refused if another program replaced it
        since (:func:`.save.atomic_path`).

    Raises
    ------
    ZipTooLarge
        The package would need ZIP64.
    OSError
        The file could not be written; it is left as it was.
    """
    streams = streams or {}

    def write(out: IO[bytes]) -> None:
        writer = ZipRewriter(cast(BinaryIO, out))
        # The raw bytes come from the file the archive was opened from, whatever
        # happened to the path since (another program may have replaced it).
        with _source(path, archive) as source:
            for info in archive.infolist():
                name = info.filename
                if name in removed:
                    continue
                if name in streams:
                    writer.write_stream(name, streams[name](), like=info, level=1, fast=True)
                elif name in parts:
                    writer.write(name, parts[name], like=info)
                else:
                    writer.copy(info, raw_member(cast(BinaryIO, source), info))
        writer.close()

    atomic_replace(target or path, write, expect, lang)


@contextmanager
def _source(path: Path, archive: zipfile.ZipFile) -> Iterator[IO[bytes]]:
    """The open file behind ``archive`` (left open), else ``path`` opened anew."""
    if archive.fp is not None:
        yield archive.fp
        return
    with path.open("rb") as source:
        yield source
