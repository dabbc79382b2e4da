"""Benchmark: the service under 50 and 200 concurrent loopback clients.

Starts ``critmin serve`` on a free loopback port with a fresh data directory, warms each
page once, then lets N clients (N = 50, then 200) each fetch ``ROUNDS`` URLs in turn
from the read endpoints and the dashboard pages, all at the same time. Prints, per N,
``clients_N_p50_ms``, ``clients_N_p95_ms``, ``clients_N_errors`` (non-2xx answers,
timeouts and refused connections) and the requests per second.

Run: ``python benchmarks/service.py``
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

URLS = ["/api/health", "/api/library", "/api/datasets", "/api/runs", "/api/scenarios",
        "/api/datasets/reference/tables/capacity?limit=50", "/api/datasets/reference/sources",
        "/", "/scenarios", "/runs", "/materials/Dy", "/editor"]
ROUNDS = 5
TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, port: int) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("critmin")
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--data-dir", str(data_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "CRITMIN_MAX_QUEUED": "50"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start within 60 s")


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str,
               url: str) -> int:
    """One GET on a kept-alive connection; the status. A plain HTTP/1.1 client, so that the
    clients (which share the machine's 2 cores with the server) cost little CPU: httpx
    spent twice the server's CPU time here."""
    writer.write(f"GET {url} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(int(v) for k, _, v in (x.partition(":") for x in lines[1:])
                  if k.lower() == "content-length")
    await reader.readexactly(length)
    return status


async def client(port: int, offset: int, times: list[float], errors: list[str]) -> None:
    host = f"127.0.0.1:{port}"
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port),
                                                TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        errors.append(f"connect: {type(exc).__name__}")
        return
    try:
        for i in range(ROUNDS):
            url = URLS[(offset + i) % len(URLS)]
            t = time.perf_counter()
            try:
                status = await asyncio.wait_for(_get(reader, writer, host, url), TIMEOUT_S)
                if status >= 300:
                    errors.append(f"{url}: {status}")
            except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
                errors.append(f"{url}: {type(exc).__name__}")
                return
            finally:
                times.append((time.perf_counter() - t) * 1000)
    finally:
        writer.close()


async def load(port: int, clients: int) -> tuple[list[float], list[str], float]:
    times: list[float] = []
    errors: list[str] = []
    t = time.perf_counter()
    await asyncio.gather(*(client(port, i, times, errors) for i in range(clients)))
    return times, errors, time.perf_counter() - t


def main() -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="critmin-bench-") as tmp:
        proc = start_server(Path(tmp) / "service", port)
        try:
            for url in URLS:  # warm the caches (dataset, pages) once
                httpx.get(base + url, timeout=TIMEOUT_S)
            for n in (50, 200):
                times, errors, wall = asyncio.run(load(port, n))
                q = statistics.quantiles(times, n=100)
                print(f"clients_{n}: {len(times)} requests in {wall:.1f} s "
                      f"({len(times) / wall:.0f} requests/s)")
                print(f"clients_{n}_p50_ms: {statistics.median(times):.0f}")
                print(f"clients_{n}_p95_ms: {q[94]:.0f}")
                print(f"clients_{n}_errors: {len(errors)}")
                for e in sorted(set(errors))[:5]:
                    print(f"  {e}")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
