#!/usr/bin/env python3
"""Whole-process benchmark: `schemagate lint` against squawk 2.66.0 on the same migration.sql files.

Cases: the synthetic history of bench/gen_history.py (2,000 migrations, ~50 MB), the same statements as
one ~50 MB file, and every corpus in ../shared/corpus. For each it measures wall time and peak RSS
(getrusage of the child, via os.wait4) and reports throughput in MB/s (MB = 10^6 bytes of migration.sql
input / wall seconds), on all cores and pinned to one core (taskset -c 0), against the targets:

  * at least 10 MB/s on one core
  * peak memory under 10% of the input size + 50 MB

squawk is installed with npm into the work directory on first use (needs the npm registry once).

With --baseline BIN, another schemagate build runs on every case too, alternately with this one, and a
before/after table follows: on a busy machine the ratios hold better than the absolute times.

    bench/compare.py [--schemagate build/release/schemagate] [--work build/release/bench] [--runs 3]
                     [--no-squawk] [--no-synthetic] [--corpus NAME ...] [--json OUT] [--baseline BIN]
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SQUAWK_VERSION = "2.66.0"
TARGET_MBPS_ONE_CORE = 10.0
MB = 1_000_000


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def shared_dir():
    env = os.environ.get("SCHEMAGATE_SHARED")
    if env and os.path.isdir(env):
        return env
    beside = os.path.join(os.path.dirname(ROOT), "shared")
    return beside if os.path.isdir(os.path.join(beside, "corpus")) else None


def migration_files(migrations_dir):
    return sorted(glob.glob(os.path.join(migrations_dir, "*", "migration.sql")))


class Measurement:
    def __init__(self, wall, cpu, peak_kb, exit_code, stderr_tail=""):
        self.wall, self.cpu, self.peak_kb = wall, cpu, peak_kb
        self.exit_code, self.stderr_tail = exit_code, stderr_tail

    @property
    def peak_mb(self):
        return self.peak_kb * 1024 / MB


def run_once(argv, timeout):
    """Runs argv with stdout discarded; returns wall time and the child's own peak RSS."""
    errf = open(os.path.join(WORK, "last-stderr.txt"), "w+")
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errf)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            errf.close()
            return Measurement(float("inf"), float("inf"), usage.ru_maxrss, -9, "timed out")
        time.sleep(0.002)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    errf.seek(0)
    tail = errf.read()[-600:]
    errf.close()
    return Measurement(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode, tail)


def measure(argv, runs, timeout, ok_codes):
    return summarize([run_once(argv, timeout) for _ in range(runs)], argv, ok_codes)


def measure_alternately(argv_a, argv_b, runs, timeout, ok_codes):
    """Runs a and b in turn, so that both meet the same machine; the median and peak of each."""
    results_a, results_b = [], []
    for _ in range(runs):
        results_a.append(run_once(argv_a, timeout))
        results_b.append(run_once(argv_b, timeout))
    return summarize(results_a, argv_a, ok_codes), summarize(results_b, argv_b, ok_codes)


def summarize(results, argv, ok_codes):
    bad = [m for m in results if m.exit_code not in ok_codes]
    if bad:
        log(f"  ! exit {bad[0].exit_code} from: {' '.join(argv[:6])}{' ...' if len(argv) > 6 else ''}")
        log("    " + bad[0].stderr_tail.strip().replace("\n", "\n    "))
        return None
    return Measurement(statistics.median(m.wall for m in results), statistics.median(m.cpu for m in results),
                       max(m.peak_kb for m in results), results[0].exit_code)


def ensure_synthetic(work, single):
    """Generates the synthetic history once; a stamp of the generator's bytes makes it regenerate on change."""
    gen = os.path.join(ROOT, "bench", "gen_history.py")
    with open(gen, "rb") as f:
        stamp_text = f"{len(f.read())}:{os.path.getmtime(gen)}:{single}"
    out = os.path.join(work, "history-single" if single else "history-2000")
    stamp = os.path.join(work, ("history-single" if single else "history-2000") + ".stamp")
    if os.path.isdir(out) and os.path.exists(stamp) and open(stamp).read() == stamp_text:
        return out
    log(f"generating {out} (bench/gen_history.py{' --single-file' if single else ''}) ...")
    cmd = [sys.executable, gen, out] + (["--single-file"] if single else [])
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    with open(stamp, "w") as f:
        f.write(stamp_text)
    return out


def ensure_squawk(work):
    """squawk's npm package runs a native binary from its platform package; calling that binary directly
    keeps node's start-up out of the measurement."""
    prefix = os.path.join(work, "squawk")
    native = os.path.join(prefix, "node_modules", "@squawk-cli", "linux-x64", "bin", "squawk")
    if not os.path.exists(native):
        if not shutil.which("npm"):
            log("npm not found: squawk comparison skipped")
            return None
        log(f"installing squawk-cli@{SQUAWK_VERSION} into {prefix} ...")
        subprocess.run(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error",
                        f"squawk-cli@{SQUAWK_VERSION}", f"@squawk-cli/linux-x64@{SQUAWK_VERSION}"],
                       check=True, stdout=sys.stderr)
    if not os.access(native, os.X_OK):
        log(f"{native} not found after npm install: squawk comparison skipped")
        return None
    version = subprocess.run([native, "--version"], capture_output=True, text=True).stdout.strip()
    log(f"squawk: {native} ({version})")
    return native


def fmt(x, digits=1):
    if x is None:
        return "-"
    if x == float("inf"):
        return "timeout"
    return f"{x:.{digits}f}"


WORK = ""


def main(argv):
    global WORK
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schemagate", default=os.path.join(ROOT, "build", "release", "schemagate"))
    ap.add_argument("--work", default=os.path.join(ROOT, "build", "release", "bench"))
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement on the corpora (median wall, max RSS)")
    ap.add_argument("--large-runs", type=int, default=1, help="runs per measurement on the ~50 MB cases")
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("--no-squawk", action="store_true")
    ap.add_argument("--no-synthetic", action="store_true")
    ap.add_argument("--corpus", action="append", help="only these corpora (default: all in ../shared/corpus)")
    ap.add_argument("--json", help="also write the results as JSON here")
    ap.add_argument("--baseline", help="another schemagate build to run alternately with this one (before/after)")
    args = ap.parse_args(argv)

    WORK = os.path.abspath(args.work)
    os.makedirs(WORK, exist_ok=True)
    sg = os.path.abspath(args.schemagate)
    if not os.access(sg, os.X_OK):
        log(f"{sg} is not built: cmake --preset release && cmake --build --preset release")
        return 2
    squawk = None if args.no_squawk else ensure_squawk(WORK)
    taskset = shutil.which("taskset")

    cases = []  # (name, migrations dir, large?)
    if not args.no_synthetic:
        cases.append(("synthetic-2000", ensure_synthetic(WORK, single=False), True))
        cases.append(("synthetic-1-file", ensure_synthetic(WORK, single=True), True))
    shared = shared_dir()
    if shared:
        for c in sorted(os.listdir(os.path.join(shared, "corpus"))):
            if args.corpus and c not in args.corpus:
                continue
            cases.append((c, os.path.join(shared, "corpus", c, "migrations"), False))
    else:
        log("../shared is absent (set SCHEMAGATE_SHARED): corpora skipped")

    rows = []
    for name, migrations, large in cases:
        files = migration_files(migrations)
        nbytes = sum(os.path.getsize(f) for f in files)
        runs = args.large_runs if large else args.runs
        log(f"{name}: {len(files)} files, {nbytes / MB:.2f} MB")
        lint = [sg, "lint", "--migrations", migrations, "--format", "json", "-o", "/dev/null", "--fail-on", "never"]
        row = {"case": name, "files": len(files), "bytes": nbytes}
        if args.baseline:
            base = [os.path.abspath(args.baseline)] + lint[1:]
            m_base, m_all = measure_alternately(base, lint, runs, args.timeout, {0})
            if m_base is not None:
                row["baseline"] = {"wall_s": m_base.wall, "cpu_s": m_base.cpu, "peak_mb": m_base.peak_mb}
        else:
            m_all = measure(lint, runs, args.timeout, {0})
        m_one = measure(([taskset, "-c", "0"] if taskset else []) + lint, runs, args.timeout, {0})
        m_sq = measure([squawk, "--reporter", "json"] + files, runs, args.timeout, {0, 1}) if squawk else None
        for key, m in (("schemagate", m_all), ("schemagate_1core", m_one), ("squawk", m_sq)):
            if m is not None:
                row[key] = {"wall_s": m.wall, "cpu_s": m.cpu, "peak_mb": m.peak_mb,
                            "mb_per_s": nbytes / MB / m.wall, "mb_per_cpu_s": nbytes / MB / max(m.cpu, 1e-3)}
        row["peak_target_mb"] = nbytes / MB * 0.10 + 50
        rows.append(row)

    print_table(rows)
    if args.baseline:
        print_baseline_table(rows, args.baseline)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)
    failed = [r["case"] for r in rows if "schemagate" not in r or "schemagate_1core" not in r]
    return 1 if failed else 0


def print_table(rows):
    head = ("case", "files", "MB", "sg MB/s", "sg MB/s 1core", "sg MB/cpu-s", "sg peak MB", "peak target",
            "squawk MB/s", "squawk MB/cpu-s", "squawk peak MB", "speed sg/sq", "peak sg/sq", "targets")
    table = []
    for r in rows:
        sg, one, sq = r.get("schemagate"), r.get("schemagate_1core"), r.get("squawk")
        speed = one["mb_per_s"] >= TARGET_MBPS_ONE_CORE if one else None
        mem = max(x["peak_mb"] for x in (sg, one) if x) <= r["peak_target_mb"] if (sg or one) else None
        verdict = "ERROR" if speed is None else ("ok" if speed and mem else
                                                 "SLOW" if not speed and mem else "MEM" if speed else "SLOW+MEM")
        table.append((
            r["case"], str(r["files"]), fmt(r["bytes"] / MB, 2),
            fmt(sg and sg["mb_per_s"]), fmt(one and one["mb_per_s"]), fmt(one and one["mb_per_cpu_s"]),
            fmt(sg and sg["peak_mb"]), fmt(r["peak_target_mb"]), fmt(sq and sq["mb_per_s"]),
            fmt(sq and sq["mb_per_cpu_s"]), fmt(sq and sq["peak_mb"]),
            fmt(sg and sq and sg["mb_per_s"] / sq["mb_per_s"], 2), fmt(sg and sq and sg["peak_mb"] / sq["peak_mb"], 2),
            verdict))
    widths = [max(len(h), *(len(t[i]) for t in table)) if table else len(h) for i, h in enumerate(head)]
    line = lambda cells: "| " + " | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for t in table:
        print(line(t))
    print(f"\nMB = 10^6 bytes of migration.sql; wall = median of runs; peak = max RSS of the process;\n"
          f"MB/cpu-s = input / (user + system CPU seconds), which a busy machine disturbs less than wall time.\n"
          f"targets: >= {TARGET_MBPS_ONE_CORE:.0f} MB/s pinned to one core (taskset -c 0), "
          f"peak RSS <= 10% of input + 50 MB; speed sg/sq > 1 means schemagate is faster.")


def print_baseline_table(rows, baseline):
    print(f"\nBefore ({baseline}) and after (this build), run alternately:\n")
    print("| case | wall before -> after | CPU before -> after | peak MB before -> after |")
    print("| --- | --- | --- | --- |")
    for r in rows:
        b, a = r.get("baseline"), r.get("schemagate")
        if not (a and b):
            continue
        print(f"| {r['case']} | {b['wall_s']:.3f} -> {a['wall_s']:.3f} s ({b['wall_s'] / a['wall_s']:.2f}x) "
              f"| {b['cpu_s']:.3f} -> {a['cpu_s']:.3f} s ({b['cpu_s'] / max(a['cpu_s'], 1e-3):.2f}x) "
              f"| {b['peak_mb']:.1f} -> {a['peak_mb']:.1f} |")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
