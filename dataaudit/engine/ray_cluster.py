"""Reaching a Ray cluster for --engine ray: importing Ray only when asked, checking an address
answers before Ray waits on it, starting a local Ray for the scan, and Ray Data's settings
for dataaudit (its own progress, order kept, a shuffle's aggregators one per CPU). Shared by
the executor (ray_engine.py), its group-bys (ray_stages.py) and the shard reader (ray_input.py)."""

from __future__ import annotations

import logging
import socket
from typing import Optional

from ..errors import ConfigError

# Items per Ray Data block (one map task, or one call of an actor): enough to amortize a task's
# overhead, small enough that the blocks of 100k rows spread over the workers.
BLOCK_ROWS = 4_096


def _reachable(address: Optional[str]) -> None:
    """A cluster address that nothing answers on is exit 2 at once: Ray itself waits minutes on
    an address whose port is closed (measured: still waiting after 5 minutes)."""
    if not address or address == "auto":
        return
    where = address.removeprefix("ray://")
    host, _, port = where.rpartition(":")
    if not host or not port.isdigit():
        raise ConfigError(f"--ray-address {address} is not an address: give `auto`, HOST:PORT (the head's GCS, "
                          "default port 6379) or ray://HOST:PORT (Ray Client, default port 10001).")
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_SECONDS).close()
    except OSError as exc:
        raise ConfigError(f"--engine ray could not reach the Ray cluster at {address}: nothing answers there "
                          f"({exc.strerror or exc}). Check the address (`ray status` on the cluster), or scan "
                          "with --engine local.") from None


CONNECT_SECONDS = 10


def connect(address: Optional[str]):
    """The `ray` module, connected to the cluster (started on this machine when address is None),
    or ConfigError (exit 2) saying how to install Ray or why the cluster could not be reached."""
    try:
        import ray
        import ray.data
    except ImportError as missing:
        raise ConfigError(f'--engine ray needs Ray Data, which is not installed ({missing}). Install it with '
                          'pip install "dataaudit[ray]", or scan with --engine local.') from None
    if not ray.is_initialized():
        _reachable(address)
        # Ray's own notices (token authentication on, as by default) would break the scan's output.
        logging.getLogger("ray._private.authentication.authentication_token_setup").setLevel(logging.ERROR)
        try:
            ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR,
                     configure_logging=False)
        except (ConnectionError, RuntimeError, ValueError, TimeoutError) as exc:
            where = f"the Ray cluster at {address}" if address else "a Ray on this machine"
            reason = str(exc).splitlines()[0].rstrip(".") if str(exc).strip() else type(exc).__name__
            raise ConfigError(f"--engine ray could not start or reach {where}: {reason}. "
                              "Check the address (`ray status` on the cluster), or scan with --engine local.") from None
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # dataaudit shows its own progress
    context.execution_options.preserve_order = True
    context.print_on_execution_start = False
    # A hash shuffle (the group-bys of ray_stages.py) starts an aggregator actor per partition by
    # default: on a small cluster their start-up dominates (measured: 160k rows on 2 CPUs, 88-139 s
    # by default, 16 s with one aggregator per CPU).
    context.max_hash_shuffle_aggregators = max(1, int(ray.cluster_resources().get("CPU", 1)))
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    return ray
