"""Who holds a claim on a score: each drainer signs its claims with its machine (host name and process namespace),
the machine's boot, its process id and that process's start time. On the same machine and boot a claim's process
can be checked, so a score left 'sending' by a worker that crashed can be taken back at once, while a live worker's
claim is never taken; claims from other machines (or older claims without this signature) wait for their lease.
"""

from __future__ import annotations

import hashlib
import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


@dataclass(frozen=True)
class Claimant:
    host: str  # a short hash of the host name and pid namespace
    boot: str  # the machine's boot id (Linux), or "-" where there is none
    pid: int
    started: str  # the process's start time since boot (Linux clock ticks), or "-"

    def signature(self) -> str:
        return f"{self.host}.{self.boot}.{self.pid}.{self.started}"


def _host_hash() -> str:
    """The host name and the process-id namespace together: two containers sharing a host name (and a kernel, so a
    boot id) still count as two machines, since one cannot see the other's processes."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        namespace = ""
    return hashlib.sha256(f"{socket.gethostname()}|{namespace}".encode()).hexdigest()[:8]


def _boot_id() -> str:
    try:
        return BOOT_ID.read_text().strip().replace("-", "")[:8] or "-"
    except OSError:
        return "-"


def process_start(pid: int) -> str | None:
    """When process ``pid`` started (ticks since boot), "-" where /proc is missing, None if there is no such process
    or only its unreaped remains (a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:
        return "-"
    # The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] in ("Z", "X") else fields[19]


def this_process() -> Claimant:
    pid = os.getpid()
    return Claimant(_host_hash(), _boot_id(), pid, process_start(pid) or "-")


def claim_token(label: str = "") -> str:
    """A fresh claim token for this process (fits the 64-character column)."""
    prefix = "".join(ch for ch in label if ch.isalnum())[:8]
    return f"{prefix}@{this_process().signature()}:{uuid.uuid4().hex[:12]}"[:64]


def parse(token: str | None) -> Claimant | None:
    """The claimant a token names, or None for tokens without a signature (older drainers)."""
    try:
        signature = token.split("@", 1)[1].rsplit(":", 1)[0]
        host, boot, pid, started = signature.split(".")
        return Claimant(host, boot, int(pid), started)
    except (AttributeError, IndexError, ValueError):
        return None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: it exists
    return True


def is_gone(token: str | None) -> bool:
    """True only when the claim's process is known to be dead: same machine, and the machine rebooted since, or the
    process no longer runs (or its pid now belongs to a process started later). Unknown means not gone."""
    claimant, me = parse(token), this_process()
    if claimant is None or claimant.host != me.host or "-" in (claimant.boot, me.boot):
        return False
    if claimant.boot != me.boot:
        return True
    if not _running(claimant.pid):
        return True
    started = process_start(claimant.pid)
    return started is None or (claimant.started != "-" and started not in ("-", claimant.started))
