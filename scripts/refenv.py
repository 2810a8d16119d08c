"""The pinned reference virtualenv shared by the scripts in this directory.

gen_reference.py, gen_classic_reference.py, gen_numpy_random.py,
bench_gymnasium.py, gen_minigrid_reference.py and bench_minigrid.py all run
against the real Gymnasium (and MiniGrid) inside one virtualenv,
scripts/.venv-ref, with the versions pinned below. Each of them does

    import refenv                      # found via the script's own directory
    ...
    if __name__ == "__main__":
        refenv.ensure_venv_and_reexec(__file__)
        main()

and keeps its gymnasium/numpy imports inside main(), so that it can be started
with any Python 3 (`python3 scripts/<name>.py`, from any cwd): the bootstrap
creates/repairs the venv and re-executes the script inside it.

This module only uses the standard library and must stay importable by the
system Python that starts the scripts.
"""

import os
import platform
import subprocess
import sys
from pathlib import Path

# Pin numpy as well as Gymnasium: the random states/actions the generators use
# come from numpy's Generator, whose streams are only guaranteed stable for a
# given numpy version. Changing either pin is expected to change the fixtures.
GYMNASIUM_PIN = "gymnasium==1.4.0"
NUMPY_PIN = "numpy==2.4.6"
# pygame draws Gymnasium's render() frames (gen_render_reference.py); its
# rasteriser decides the reference pixels.
PYGAME_PIN = "pygame==2.6.1"
PINS = (GYMNASIUM_PIN, NUMPY_PIN, PYGAME_PIN)
# MiniGrid (gen_minigrid_reference.py, bench_minigrid.py). Installed with
# --no-deps: minigrid 3.x declares pygame-ce, a fork that installs the same
# `pygame` package and would overwrite the pinned pygame above (changing the
# render reference). MiniGrid only needs pygame to import (render is unused
# by the reference scripts); its real dependencies, gymnasium and numpy, are
# pinned above.
MINIGRID_PIN = "minigrid==3.2.0"
NO_DEPS_PINS = (MINIGRID_PIN,)

SCRIPTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = SCRIPTS_DIR.parent
FIXTURES_DIR = REPO_ROOT / "tests" / "fixtures"
VENV_DIR = SCRIPTS_DIR / ".venv-ref"

# Set (to the script's path) before re-exec, so that a venv whose python does
# not land in VENV_DIR cannot make a script loop forever. Holding the path
# rather than a flag means a script running in the venv can still start
# another one with the system Python.
REEXEC_GUARD = "GYMPP_REFENV_REEXEC"


def venv_python() -> Path:
    return VENV_DIR / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def running_in_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV_DIR.resolve()


def ensure_venv_and_reexec(script_path) -> None:
    """Return if already inside the venv; otherwise create it if missing,
    make sure the pins are installed, and re-execute `script_path` (with the
    same arguments) inside it. Does not return in that case."""
    if running_in_venv():
        return
    script = str(Path(script_path).resolve())
    if os.environ.get(REEXEC_GUARD) == script:
        sys.exit(f"re-exec into {VENV_DIR} did not land in the venv; delete it and retry")

    if not venv_python().exists():
        print(f"creating virtualenv {VENV_DIR}", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV_DIR)])

    # Always run pip: with the pins already satisfied it is a quick no-op that
    # needs no network, and it repairs a venv whose versions were changed by
    # hand.
    subprocess.check_call([
        str(venv_python()), "-m", "pip", "install", "--quiet",
        "--disable-pip-version-check", *PINS,
    ])
    subprocess.check_call([
        str(venv_python()), "-m", "pip", "install", "--quiet",
        "--disable-pip-version-check", "--no-deps", *NO_DEPS_PINS,
    ])

    env = dict(os.environ, **{REEXEC_GUARD: script})
    os.execve(str(venv_python()), [str(venv_python()), script, *sys.argv[1:]], env)


def json_bound(v: float):
    """A space bound for JSON, which has no infinity: "inf" / "-inf" as strings."""
    if v == float("inf"):
        return "inf"
    if v == float("-inf"):
        return "-inf"
    return v


def meta(script_path, gymnasium: bool = True) -> dict:
    """The "meta" record the fixtures start with: generating script (relative
    to the repo root, '/'-separated) and the gymnasium (unless
    gymnasium=False) / numpy / python versions. Call inside the venv only."""
    import platform

    import numpy as np

    out = {"generator": Path(script_path).resolve().relative_to(REPO_ROOT).as_posix()}
    if gymnasium:
        import gymnasium as gym

        out["gymnasium"] = gym.__version__
    out["numpy"] = np.__version__
    out["python"] = platform.python_version()
    return out


def cpu_model() -> str:
    """The CPU's model name, for the benchmark scripts' records."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_description() -> str:
    """One line naming the machine a benchmark ran on."""
    return f"{cpu_model()}, {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}"
