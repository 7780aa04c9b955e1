"""Kernel managers for the notebook runner: local-only transport, quiet shutdown, forked kernels.

``LocalKernelManager`` is what every run uses. Its kernel listens on Unix sockets in a private
folder (IPC transport) instead of TCP ports: nothing outside this machine's user can reach it,
so ipykernel has no reason to warn about unencrypted TCP, no ports can collide between parallel
runs, and the kernel opens no network socket at all. It also shuts a finished kernel down
without first interrupting it: jupyter_client sends SIGINT before every shutdown, which an idle
kernel logs as "KeyboardInterrupt caught in kernel" although nothing was running.

``ForkedKernelManager`` gets its kernel from a warm runner (helpers.analysis.warm_runner), which forks it
from a process that has already imported the notebooks' libraries, instead of starting Python
and importing them again for every notebook.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import tempfile

from jupyter_client import AsyncKernelManager
from traitlets import default


class LocalKernelManager(AsyncKernelManager):
    """A kernel on Unix sockets in a private temporary folder, shut down without SIGINT."""

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc"

    @default("ip")
    def _ip_default(self) -> str:
        # sockets are "<ip>-<port>": a private folder, not "kernel-ipc-*" in the working dir
        self._socket_dir = tempfile.mkdtemp(prefix="nbk-")
        return os.path.join(self._socket_dir, "k")

    async def _async_interrupt_kernel(self) -> None:
        if self.shutting_down:
            # nbclient shuts the kernel down only after the last cell has finished (or failed):
            # there is nothing to interrupt, and the SIGINT would only be logged as an error
            return
        await super()._async_interrupt_kernel()

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        folder = getattr(self, "_socket_dir", None)
        if folder and not restart:
            shutil.rmtree(folder, ignore_errors=True)


class ForkedKernel:
    """The parts of subprocess.Popen that jupyter_client uses, for a kernel the runner forked.

    The kernel is a child of the warm runner, which reaps it at once: a pid that no longer
    exists is a kernel that has exited (its exit status is not kept).
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"kernel {self.pid} still running")
            time.sleep(0.02)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                self.returncode = 0

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkedKernelManager(LocalKernelManager):
    """A LocalKernelManager whose kernel process is forked by the warm runner (set ``runner``)."""

    runner_address: str | None = None  # the warm runner's socket, set by helpers.analysis.warm_runner

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        from helpers.analysis import warm_runner

        provisioner = self.provisioner
        assert provisioner is not None and self.runner_address
        env = dict(kw.get("env") or os.environ)
        cwd = str(kw.get("cwd") or os.getcwd())
        pid = await asyncio.to_thread(
            warm_runner.request_kernel, self.runner_address, kernel_cmd, env, cwd)
        provisioner.process = ForkedKernel(pid)
        provisioner.pid = pid
        provisioner.pgid = None  # the kernel shares the build's process group: signal it alone
        provisioner.cwd = cwd
        self._reconcile_connection_info(provisioner.connection_info)
