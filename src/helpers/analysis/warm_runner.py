"""One warm notebook runner per `make` run: import once, fork a fresh kernel for every notebook.

Starting Python, papermill and a kernel, and importing pandas and Altair in it, costs several
seconds per notebook; the notebooks' own work is about a second. Make keeps one target per
executed notebook (only what is out of date reruns), and each recipe's
``python -m helpers.analysis.run_notebooks`` hands its notebook to this runner instead of starting all
that again:

- the runner imports papermill, ipykernel and every module the notebooks import (``helpers``
  first, whatever order a notebook imports them in), then waits on a Unix socket;
- for each notebook it forks a handler (papermill, exactly as a cold run uses it), and the
  handler's kernel is forked from the runner as well. The runner itself never runs notebook
  code, so every kernel starts from the same just-imported state: nothing one notebook does
  can reach the next (tests/test_run_notebooks.py checks this);
- the client passes its stdout and stderr to the runner, so everything a run prints lands in
  make's log for that target, as before;
- it stops when the make that started it ends (``NOTEBOOK_RUNNER_OWNER``, set by the
  Makefile), or after a short idle spell, and it is in make's process group, so killing the
  build kills it too.

Without ``NOTEBOOK_RUNNER_OWNER`` (a notebook run by hand, or a test) nothing changes: the run is
in-process with its own kernel (``NOTEBOOK_RUNNER=cold`` forces that under make too).
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import importlib
import json
import os
import random
import signal
import socket
import struct
import sys
import time
import traceback
from pathlib import Path

from helpers.paths import Layout

OWNER_ENV = "NOTEBOOK_RUNNER_OWNER"
MODE_ENV = "NOTEBOOK_RUNNER"
IDLE_SECONDS = 20.0  # exit when nothing ran for this long, even if the owner lives on
START_TIMEOUT = 120.0
# what a kernel needs besides the notebooks' own imports
# (ipykernel imports its debugger, and IPython its history database, while starting a kernel)
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "IPython",
                  "ipykernel.debugger", "IPython.core.history", "IPython.core.completer",
                  "IPython.extensions.storemagic", "pdb", "sqlite3", "tornado.platform.asyncio")
RUNNER_MODULES = ("nbformat", "papermill", "nbclient", "jupyter_client", "helpers.analysis.run_notebooks",
                  "helpers.analysis.notebook_kernels")


def address(root: Path, owner: str) -> str:
    """The runner's socket for this make run and environment (abstract: no file to clean up)."""
    key = "\n".join([str(root.resolve()), owner, sys.executable,
                     os.environ.get("PYTHONPATH", ""), os.environ.get("LAUSD_MONEY_ROOT", "")])
    return "\0lausd-notebooks-" + hashlib.sha256(key.encode()).hexdigest()[:16]


# ---- client ----------------------------------------------------------------------------------
def _send(sock: socket.socket, message: dict, fds: list[int] = ()) -> None:
    data = json.dumps(message).encode() + b"\n"
    socket.send_fds(sock, [data], list(fds))


def _read_line(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
        if chunk.endswith(b"\n"):
            break
    return b"".join(chunks)


def _connect(addr: str) -> socket.socket | None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(addr)
    except OSError:
        sock.close()
        return None
    return sock


def start_runner(root: Path, owner: str) -> None:
    """Start a runner in the background, in this process group (make's), with a log in build/."""
    import subprocess

    log_path = Layout(root).runner_log
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "helpers.analysis.warm_runner", "serve", "--owner", owner,
             "--root", str(root)],
            cwd=root, stdin=subprocess.DEVNULL, stdout=log, stderr=log, close_fds=True)


def run_warm(argv: list[str], root: Path) -> int | None:
    """Run one notebook through this make run's runner; None when there is none to use."""
    owner = os.environ.get(OWNER_ENV, "")
    if not owner or os.environ.get(MODE_ENV) == "cold":
        return None
    addr = address(root, owner)
    sock = _connect(addr)
    if sock is None:
        start_runner(root, owner)
        deadline = time.monotonic() + START_TIMEOUT
        while sock is None and time.monotonic() < deadline:
            time.sleep(0.02)
            sock = _connect(addr)
        if sock is None:
            print("note: the warm notebook runner did not start (build/notebook-runner.log); "
                  "running this notebook on its own", file=sys.stderr)
            return None
    with sock:
        sys.stdout.flush()
        sys.stderr.flush()
        _send(sock, {"op": "run", "argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)},
              [1, 2])
        reply = _read_line(sock)
    if not reply:
        print("error: the warm notebook runner stopped during this run "
              "(build/notebook-runner.log)", file=sys.stderr)
        return 1
    return int(json.loads(reply)["exit"])


def request_kernel(addr: str, cmd: list[str], env: dict, cwd: str) -> int:
    """Ask the runner to fork a kernel running ``cmd`` (ipykernel); return its pid."""
    sock = _connect(addr)
    if sock is None:
        raise RuntimeError("the warm notebook runner is gone")
    with sock:
        _send(sock, {"op": "kernel", "cmd": cmd, "env": env, "cwd": cwd}, [1, 2])
        reply = json.loads(_read_line(sock))
    if "error" in reply:
        raise RuntimeError(reply["error"])
    return int(reply["pid"])


# ---- runner ----------------------------------------------------------------------------------
def notebook_imports(folder: Path) -> list[str]:
    """Every module a notebook in ``folder`` imports at the top level of a code cell."""
    names: list[str] = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = "".join(cell.get("source", []))
            source = "\n".join(line for line in source.splitlines()
                               if not line.lstrip().startswith(("%", "!")))
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, ast.Import):
                    names += [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.append(node.module)
    return list(dict.fromkeys(names))


def preload(root: Path) -> list[str]:
    """Import what kernels and handlers need; return the modules that failed to import."""
    failed = []
    # helpers first: its __init__ keeps a slow optional import out, whatever the notebooks' order
    for name in ["helpers", *KERNEL_MODULES, *notebook_imports(Layout(root).notebooks),
                 *RUNNER_MODULES]:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except ImportError:
            failed.append(name)  # "from x import function": not a module, or a notebook's bug
        except Exception:  # noqa: BLE001 - a notebook's import error is the notebook's to report
            failed.append(name)
    return failed


def _reset_child(env: dict, cwd: str) -> None:
    """Make a forked process look like a fresh one started with ``env`` in ``cwd``."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    random.seed()  # a fresh interpreter seeds itself; a fork would repeat the runner's state
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()


def _fork_kernel(message: dict, fds: list[int], inherited: list[socket.socket]) -> int:
    cmd = message["cmd"]
    if "ipykernel_launcher" not in cmd or "-f" not in cmd:
        raise ValueError(f"not an ipykernel command: {cmd}")
    connection_file = cmd[cmd.index("-f") + 1]
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        for sock in inherited:  # the runner's listening socket and the handler's request
            sock.close()
        os.dup2(fds[0], 1)
        os.dup2(fds[1], 2)
        for fd in fds:
            os.close(fd)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        env = {**message["env"], "JPY_PARENT_PID": str(os.getppid())}  # exit if the runner dies
        _reset_child(env, message["cwd"])
        # as `python -m ipykernel_launcher -f <file>` sees it (the launcher drops the cwd entry)
        import ipykernel_launcher
        # the parent to watch is given on the command line: ipykernel read JPY_PARENT_PID when
        # the runner imported it, before this kernel's environment existed
        sys.argv = [ipykernel_launcher.__file__, "-f", connection_file,
                    f"--IPKernelApp.parent_handle={os.getppid()}"]
        if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
            del sys.path[0]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - the kernel's own failure, reported on its stderr
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)
    return 0  # not reached


def _handle_run(conn: socket.socket, message: dict, fds: list[int], addr: str) -> int:
    """In a forked handler: run one notebook exactly as `python -m helpers.analysis.run_notebooks`."""
    os.dup2(fds[0], 1)
    os.dup2(fds[1], 2)
    for fd in fds:
        os.close(fd)
    _reset_child(message["env"], message["cwd"])
    from helpers.analysis import notebook_kernels, run_notebooks

    notebook_kernels.ForkedKernelManager.runner_address = addr
    try:
        code = run_notebooks.main(message["argv"], warm=False,
                                  kernel_manager_class=notebook_kernels.ForkedKernelManager)
    except SystemExit as exc:  # argparse
        code = exc.code if isinstance(exc.code, int) else 2
    except BaseException:  # noqa: BLE001
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    with contextlib.suppress(OSError):  # the client is gone (make was stopped)
        conn.sendall(json.dumps({"exit": code}).encode() + b"\n")
    return code


def _same_user(conn: socket.socket) -> bool:
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid == os.getuid()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def serve(root: Path, owner: str) -> int:
    """Bind, import, then serve until the owner (make) is gone or nothing ran for a while."""
    addr = address(root, owner)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(addr)
    except OSError:
        return 0  # another client of this make run started it first
    listener.listen(64)  # clients queue here while the imports below run
    if sys.path and Path(sys.path[0] or ".").resolve() == Path.cwd().resolve():
        del sys.path[0]  # as ipykernel_launcher does: kernels import from the environment
    started = time.monotonic()
    # as jupyter_client sets it for a kernel: debugpy (imported below) would warn at import
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    failed = preload(root)
    import threading

    print(f"runner {os.getpid()} for make {owner}: imports took "
          f"{time.monotonic() - started:.1f} s; not importable: {failed}; "
          f"threads: {threading.active_count()}", file=sys.stderr, flush=True)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped as they exit
    listener.settimeout(0.25)
    owner_pid = int(owner) if owner.isdigit() else 0
    handlers: set[int] = set()
    last_activity = time.monotonic()
    while True:
        handlers = {pid for pid in handlers if _alive(pid)}
        if handlers:
            last_activity = time.monotonic()
        if owner_pid and not _alive(owner_pid):
            break
        if time.monotonic() - last_activity > IDLE_SECONDS:
            break
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        last_activity = time.monotonic()
        conn.settimeout(None)
        fds: list[int] = []
        try:
            if not _same_user(conn):
                continue  # an abstract socket has no file permissions: check who is asking
            data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 20, 4)
            while not data.endswith(b"\n"):
                more = conn.recv(1 << 20)
                if not more:
                    break
                data += more
            message = json.loads(data)
            if message["op"] == "kernel":
                try:
                    pid = _fork_kernel(message, fds, [listener, conn])
                    conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
                except Exception as exc:  # noqa: BLE001 - told to the handler that asked
                    conn.sendall(json.dumps({"error": str(exc)}).encode() + b"\n")
            elif message["op"] == "run":
                pid = os.fork()
                if pid == 0:
                    code = 1
                    try:
                        listener.close()
                        code = _handle_run(conn, message, fds, addr)
                    finally:
                        os._exit(code)
                handlers.add(pid)
        except Exception:  # noqa: BLE001 - one bad request must not stop the runner
            traceback.print_exc()
        finally:
            for fd in fds:
                with contextlib.suppress(OSError):
                    os.close(fd)
            conn.close()
    listener.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.analysis.warm_runner", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve_parser = sub.add_parser("serve", help="run the warm runner for one make run")
    serve_parser.add_argument("--owner", required=True, help="pid of the make run it serves")
    serve_parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    return serve(args.root, args.owner)


if __name__ == "__main__":
    raise SystemExit(main())
