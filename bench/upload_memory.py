"""Peak memory of `vitrine serve` and its CPU workers while it takes N concurrent uploads of one 39.9 MP image.

Each run is a fresh `vitrine serve` (SQLite, embedded default). Its peak resident set (VmHWM in /proc/<pid>/status)
plus those of its CPU pool's workers, which check the images (integrations/cpu.py), is read when it is up and idle,
and again after N uploads sent at once have all been answered. The uploads are the console's own `UploadImage`
multipart request. Printed side by side: N = 1 and N = 6 with the default VITRINE_MAX_CONCURRENT_DECODES (2), and
N = 6 with it at 6 (no effective bound), so the bound's effect is measured in the same run. The goal (issue 22):
six concurrent 39.9 MP PNG uploads keep the peak under 350 MB. A PNG's data is checked as it streams
(domain/catalog/image_files.check_png_data), so the bound matters most for WebP, which is still decoded whole
(3-4 bytes a pixel).

    .venv/bin/python -m bench.upload_memory [--pixels 39900000] [--formats PNG,WEBP] [--rounds 1]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import math
import time
from pathlib import Path

import httpx
from PIL import Image

from bench.servers import free_port, process, serve_env, workdir

UPLOAD = """mutation UploadImage($file: Upload!, $kind: UploadKind) {
  uploadImage(file: $file, kind: $kind) { id width height }
}"""
GOAL_MB = 350


def make_image(pixels: int, fmt: str) -> bytes:
    """An RGB image of about `pixels` pixels (3:2), smooth enough to stay well under the 20 MiB cap; decoding it
    whole takes 3 bytes a pixel (120 MB at 39.9 MP)."""
    width = int(math.sqrt(pixels * 3 / 2))
    height = pixels // width
    horizontal = Image.linear_gradient("L").rotate(90).resize((width, height))
    vertical = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (horizontal, vertical, Image.new("L", (width, height), 128)))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **({"compress_level": 6} if fmt == "PNG" else {"quality": 80}))
    return buffer.getvalue()


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (the CPU pool's workers, integrations/cpu.py)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def tree_peak_mb(pid: int) -> float:
    """The server's peak resident set plus each of its CPU workers' (where images are decoded): an upper bound of
    what the server and its pool held at once."""
    return sum(vm_kb(p, "VmHWM") for p in [pid, *children(pid)]) / 1024


def vm_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


async def upload_all(base_url: str, data: bytes, count: int, extension: str) -> list[float]:
    operations = json.dumps({"query": UPLOAD, "variables": {"file": None, "kind": "PRODUCT"}})

    async def one(client: httpx.AsyncClient, index: int) -> float:
        started = time.perf_counter()
        response = await client.post(
            "/graphql",
            data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
            files={"0": (f"photo-{index}.{extension}", data, "application/octet-stream")},
            headers={"apollo-require-preflight": "true"},
        )
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"upload {index}: {response.status_code} {response.text[:300]}")
        return time.perf_counter() - started

    async with httpx.AsyncClient(base_url=base_url, timeout=300) as client:
        return list(await asyncio.gather(*(one(client, i) for i in range(count))))


def measure(data: bytes, extension: str, count: int, decodes: str | None) -> tuple[float, float, float]:
    """(idle peak MB, peak MB after the uploads, slowest upload s) of a fresh server."""
    with workdir() as work:
        extra = {"VITRINE_MAX_CONCURRENT_DECODES": decodes} if decodes else {}
        env = serve_env(work, f"sqlite://{work}/vitrine.db", **extra)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        args = [str(Path(__import__("sys").executable)), "-m", "cli", "serve", "--port", str(port)]
        with process(args, env, work / "serve.log", base + "/healthz") as proc:
            httpx.post(base + "/graphql", json={"query": "{ me { id } }"}, timeout=30)  # warm: auth, database
            idle = tree_peak_mb(proc.pid)
            times = asyncio.run(upload_all(base, data, count, extension))
            peak = tree_peak_mb(proc.pid)
        return idle, peak, max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pixels", type=int, default=39_900_000)
    parser.add_argument("--formats", default="PNG,WEBP", help="comma-separated Pillow formats (PNG is the goal's)")
    parser.add_argument("--rounds", type=int, default=1)
    options = parser.parse_args()
    cases = [("N=1, decodes 2 (default)", 1, None), ("N=6, decodes 2 (default)", 6, None), ("N=6, decodes 6", 6, "6")]
    for fmt in options.formats.upper().split(","):
        data = make_image(options.pixels, fmt)
        with Image.open(io.BytesIO(data)) as image:
            size = f"{image.width}x{image.height} {image.mode}"
        print(f"\n{fmt}: {size}, {options.pixels / 1e6:.1f} MP, {len(data) / 2**20:.1f} MiB")
        print(f"{'case':<28}{'idle peak MB':>14}{'peak MB':>10}{'growth MB':>11}{'slowest s':>11}")
        for _ in range(options.rounds):
            peaks: dict[str, float] = {}
            for label, count, decodes in cases:
                idle, peak, slowest = measure(data, fmt.lower(), count, decodes)
                peaks[label] = peak
                print(f"{label:<28}{idle:>14.0f}{peak:>10.0f}{peak - idle:>11.0f}{slowest:>11.1f}", flush=True)
            six = peaks["N=6, decodes 2 (default)"]
            verdict = "under" if six < GOAL_MB else "OVER"
            print(
                f"N=6 / N=1 peak: {six / peaks['N=1, decodes 2 (default)']:.2f}x; "
                f"N=6 bounded / unbounded: {six / peaks['N=6, decodes 6']:.2f}x; "
                f"N=6 default peak {six:.0f} MB is {verdict} the {GOAL_MB} MB goal"
            )


if __name__ == "__main__":
    main()
