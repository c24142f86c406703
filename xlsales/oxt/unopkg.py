"""``xlsales libreoffice install``: the extension installed with LibreOffice's unopkg.

``unopkg add`` installs an extension for one user, into a LibreOffice profile (the
user's own, or the folder given with ``--profile``). As root, unopkg refuses a user
installation ("Cannot run unopkg as root without --shared or --bundled option"), which
is the case in containers and CI. Then:

- with a profile folder, unopkg runs as the unprivileged user ``nobody`` on a copy
  of that folder, which is then copied back: the profile gets the same user
  installation as anyone's;
- without one, the extension is installed ``--shared``, for every user of the machine,
  which is what unopkg itself offers root.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..i18n import DEFAULT_LANG, text
from .builder import LibreOfficeSdkError

__all__ = ["unopkg", "install_extension", "warm_up"]

#: The unprivileged account unopkg runs as when called by root.
NOBODY = 65534


def unopkg(lang: str = DEFAULT_LANG) -> str:
    """Path of LibreOffice's unopkg (on PATH, or beside soffice)."""
    found = shutil.which("unopkg")
    if found:
        return found
    from ..libreoffice import LibreOfficeError, soffice

    try:
        program = Path(soffice()).resolve().parent
    except LibreOfficeError:
        program = None
    for name in ("unopkg", "unopkg.exe", "unopkg.com"):
        if program and (program / name).exists():
            return str(program / name)
    raise LibreOfficeSdkError(text("oxt.no_unopkg", lang))


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _run(cmd: list[str], lang: str, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
    if done.returncode != 0:
        raise LibreOfficeSdkError(text("oxt.failed", lang).format(
            tool="unopkg", detail=(done.stderr or done.stdout).strip()))


def _chown_tree(root: Path, uid: int, gid: int) -> None:
    os.chown(root, uid, gid)
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            os.chown(os.path.join(folder, name), uid, gid, follow_symlinks=False)


def _as_nobody(oxt: Path, profile: Path, lang: str) -> None:
    """unopkg add as ``nobody``, on a copy of ``profile`` in a folder nobody can reach
    (the profile's own parents may not be), copied back after: a profile holds no
    absolute path, so it can move."""
    with tempfile.TemporaryDirectory(prefix="xlsales-oxt-") as tmp:
        os.chmod(tmp, 0o755)
        copy, staged = Path(tmp) / oxt.name, Path(tmp) / "profile"
        shutil.copyfile(oxt, copy)
        os.chmod(copy, 0o644)
        shutil.copytree(profile, staged, symlinks=True)
        _chown_tree(staged, NOBODY, NOBODY)
        env = {**os.environ, "HOME": str(staged)}
        _run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
              unopkg(lang), "add", "--force", _user_installation(staged), str(copy)],
             lang, env)
        owner = profile.stat()
        _chown_tree(staged, owner.st_uid, owner.st_gid)
        shutil.copytree(staged, profile, symlinks=True, dirs_exist_ok=True)


def _user_installation(profile: Path) -> str:
    return f"-env:UserInstallation={profile.resolve().as_uri()}"


def warm_up(profile: Path, timeout: float = 120) -> None:
    """Start LibreOffice once on ``profile`` and quit: the first start after an
    install finishes registering the extension (and restarts itself), which a
    conversion started then would miss."""
    from ..libreoffice import soffice

    with tempfile.TemporaryDirectory(prefix="xlsales-warm-") as tmp:
        sample = Path(tmp) / "warm.csv"
        sample.write_text("1\n", encoding="utf-8")
        subprocess.run([soffice(), _user_installation(profile), "--headless", "--norestore",
                        "--convert-to", "ods", "--outdir", tmp, str(sample)],
                       capture_output=True, timeout=timeout)


def install_extension(oxt: Path | str, profile: Path | str | None = None,
                      lang: str = DEFAULT_LANG) -> str:
    """Install ``oxt`` with unopkg, into ``profile`` (a LibreOffice user-profile folder,
    created if missing) or the user's own profile; returns where it went."""
    oxt = Path(oxt).resolve()
    if profile is None:
        shared = ["--shared"] if _is_root() else []
        _run([unopkg(lang), "add", "--force", *shared, str(oxt)], lang)
        return "shared" if shared else "user"
    folder = Path(profile).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    if _is_root() and sys.platform != "win32":
        _as_nobody(oxt, folder, lang)
    else:
        _run([unopkg(lang), "add", "--force", _user_installation(folder), str(oxt)], lang)
    warm_up(folder)
    return str(folder)
