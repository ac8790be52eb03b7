#!/usr/bin/env python3
"""Draws the charts of docs/performance.md from the raw results of bench/measure.sh.

Reads bench/results/ and writes PNG files to docs/performance/. Needs matplotlib
(Debian: apt-get install python3-matplotlib).
"""
import json
import pathlib
import statistics

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (the backend must be chosen first)

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CHARTS = ROOT / "docs" / "performance"


def streams():
    """segcrypt and its peers, streams in memory: GB/s from JMH's messages per second."""
    runs = json.loads((RESULTS / "streams.json").read_text())
    rates = {}
    for run in runs:
        operation = run["benchmark"].rsplit(".", 1)[1]
        implementation = run["params"]["implementation"]
        size = int(run["params"]["size"])
        rates[(implementation, operation)] = run["primaryMetric"]["score"] * size / 1e9
    names = ["SEGCRYPT", "SEGCRYPT_JDK", "TINK", "AWS_ENCRYPTION_SDK"]
    labels = ["segcrypt\n(default)", "segcrypt\n(JDK provider)", "Tink\nstreaming AEAD", "AWS Encryption\nSDK"]
    figure, axes = plt.subplots(figsize=(9, 4.5))
    width = 0.27
    operations = (
        (-width, "encrypt", "encrypt, one write"),
        (0, "encryptIn16KiBWrites", "encrypt, 16 KiB writes"),
        (width, "decrypt", "decrypt, 1 MiB reads"),
    )
    for offset, operation, label in operations:
        values = [rates.get((name, operation), 0) for name in names]
        bars = axes.bar([i + offset for i in range(len(names))], values, width, label=label)
        axes.bar_label(bars, fmt="%.2f", fontsize=7)
    axes.set_xticks(range(len(names)), labels)
    axes.set_ylabel("GB/s")
    axes.set_title("One 512 MiB message through a stream, in memory")
    axes.legend()
    save(figure, "streams.png")
    return rates


def bench(threads):
    return json.loads((RESULTS / f"bench-threads-{threads}.json").read_text())


def frame_sizes():
    """One segment at each frame size, against the same cipher on one and on all threads."""
    data = bench(2)
    rows = data["results"]
    sizes = [row["frameSize"] for row in rows]
    figure, axes = plt.subplots(figsize=(8, 4.5))
    for key, label, style in (
        ("allThreadsJca", f"ceiling: same cipher, {data['threads']} threads, static split", "k--"),
        ("oneThreadJca", "same cipher, 1 thread", "k:"),
        ("encrypt", "segcrypt encrypt", "o-"),
        ("decrypt", "segcrypt decrypt", "s-"),
    ):
        axes.plot(sizes, [row[key] for row in rows], style, label=label)
    axes.set_xscale("log", base=2)
    axes.set_xticks(sizes, [size_label(s) for s in sizes])
    axes.set_xlabel("frame size")
    axes.set_ylabel("GB/s")
    axes.set_title(f"One {size_label(data['segmentSize'])} segment, {data['suite']}, {rows[0]['provider']}")
    axes.legend(fontsize=8)
    save(figure, "frame-size.png")


def carriers():
    """Measured on 1 and 2 carriers; beyond, a model (docs/performance.md states it)."""
    measured = {threads: bench(threads) for threads in (1, 2)}
    frame = 1 << 20
    def at(threads, key):
        return next(row[key] for row in measured[threads]["results"] if row["frameSize"] == frame)
    # the model starts from segcrypt on one carrier (the JCA baseline of a staged provider can sit
    # below it at large frames) and never lets a carrier add more than one carrier's rate
    one_core = at(1, "encrypt")
    efficiency = min(1.0, at(2, "encrypt") / (2 * one_core))
    cores = list(range(1, 17))
    figure, axes = plt.subplots(figsize=(8, 4.5))
    axes.plot([1, 2], [at(1, "encrypt"), at(2, "encrypt")], "o-", label="segcrypt encrypt, measured")
    axes.plot([1, 2], [at(1, "allThreadsJca"), at(2, "allThreadsJca")], "k^", label="ceiling, measured")
    axes.plot(cores, [n * one_core * efficiency for n in cores], "--",
              label=f"model: n x one carrier x {efficiency:.2f} (2-carrier efficiency)")
    axes.plot(cores, [n * one_core for n in cores], "k:", label="model: n x one carrier (no overhead)")
    axes.set_xlabel("crypto carriers (one per core)")
    axes.set_ylabel("GB/s")
    axes.set_title(f"Scaling with carriers, {size_label(frame)} frames (2 cores measured)")
    axes.legend(fontsize=8)
    save(figure, "carriers.png")


def command_line():
    rows = [line.split() for line in (RESULTS / "cli.txt").read_text().splitlines()[1:]]
    best = {}
    for tool, direction, seconds, _ in rows:
        key = (tool, direction)
        best[key] = min(best.get(key, float("inf")), float(seconds))
    tools = ["segcrypt-aes-256-gcm", "segcrypt-chacha20-poly1305", "age"]
    labels = ["segcrypt\nAES-256-GCM", "segcrypt\nChaCha20-Poly1305", "age\nChaCha20-Poly1305"]
    figure, axes = plt.subplots(figsize=(8, 4.5))
    width = 0.38
    for offset, direction in ((-width / 2, "encrypt"), (width / 2, "decrypt")):
        values = [best.get((tool, direction), 0) for tool in tools]
        bars = axes.bar([i + offset for i in range(len(tools))], values, width, label=direction)
        axes.bar_label(bars, fmt="%.2f s", fontsize=8)
    axes.axhline(best[("cp", "copy")], color="k", linestyle=":", label="cp of the same file")
    axes.set_xticks(range(len(tools)), labels)
    axes.set_ylabel("seconds (best of 3, whole process)")
    axes.set_title("2 GiB file to file in /dev/shm")
    axes.legend()
    save(figure, "command-line.png")
    return best


def startup():
    rows = [line.split() for line in (RESULTS / "startup.txt").read_text().splitlines()[1:]]
    medians = {}
    for what in {row[0] for row in rows}:
        medians[what] = statistics.median(float(row[1]) for row in rows if row[0] == what)
    return medians


def size_label(size):
    for unit, factor in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} B"


def save(figure, name):
    CHARTS.mkdir(parents=True, exist_ok=True)
    figure.tight_layout()
    figure.savefig(CHARTS / name, dpi=110)
    plt.close(figure)


if __name__ == "__main__":
    rates = streams()
    frame_sizes()
    carriers()
    best = command_line()
    medians = startup()
    print("streams GB/s:", {f"{k[0]} {k[1]}": round(v, 2) for k, v in sorted(rates.items())})
    print("command line, best seconds:", best)
    print("start-up, median seconds:", medians)
