#!/usr/bin/env python3
"""Whole-process benchmark of the schema side: schema.prisma parsed and compared with the migration history.

For each corpus in ../shared/corpus (default: the one with the most migration SQL) it measures wall time,
CPU time and peak RSS (getrusage of the child, via os.wait4) of:

  * schema   `schemagate schema --schema S`: parse schema.prisma, map it to the expected catalog
  * drift    `schemagate drift --schema S --migrations M`: the above, plus the replay and the comparison
  * lint     `schemagate lint --migrations M --no-schema`, and `lint` with `--schema S`: what the schema
             check adds to lint (it rides on lint's replay)

With --baseline BIN the same commands run with another build (e.g. one from before a change). With
--prisma-oracle DIR (../shared/tools/prisma-oracle after `npm ci`) and DATABASE_URL set, Prisma 7's own
`migrate diff --from-migrations --to-schema` (shadow database on that server) is timed for comparison.

    bench/drift_compare.py [--schemagate build/release/schemagate] [--baseline BIN] [--runs 5]
                           [--corpus NAME ... | --all] [--prisma-oracle DIR] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (shares measure() and the table layout)

MB = compare.MB


def schema_path(corpus_dir):
    """The schema of a corpus: its single .prisma file, or the folder of a multi-file schema."""
    d = os.path.join(corpus_dir, "schema")
    files = [f for f in os.listdir(d) if f.endswith(".prisma")]
    return os.path.join(d, files[0]) if len(files) == 1 and not any(
        os.path.isdir(os.path.join(d, x)) for x in os.listdir(d)) else d


def schema_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files if f.endswith(".prisma"))
    return total


def largest_corpus(shared):
    best, best_bytes = None, -1
    for c in sorted(os.listdir(os.path.join(shared, "corpus"))):
        n = sum(os.path.getsize(f) for f in compare.migration_files(os.path.join(shared, "corpus", c, "migrations")))
        if n > best_bytes:
            best, best_bytes = c, n
    return best


def commands(sg, migrations, schema):
    out = ["--format", "json", "-o", "/dev/null"]
    return {
        "schema": [sg, "schema", "--schema", schema, "-o", "/dev/null"],
        "drift": [sg, "drift", "--migrations", migrations, "--schema", schema, "--fail-on", "never"] + out,
        "lint --no-schema": [sg, "lint", "--migrations", migrations, "--no-schema", "--fail-on", "never"] + out,
        "lint --schema": [sg, "lint", "--migrations", migrations, "--schema", schema, "--fail-on", "never"] + out,
    }


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schemagate", default=os.path.join(compare.ROOT, "build", "release", "schemagate"))
    ap.add_argument("--baseline", help="another schemagate binary to measure the same way")
    ap.add_argument("--work", default=os.path.join(compare.ROOT, "build", "release", "bench"))
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement (median wall and CPU, max RSS)")
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("--corpus", action="append", help="these corpora (default: the largest)")
    ap.add_argument("--all", action="store_true", help="every corpus")
    ap.add_argument("--prisma-oracle", help="../shared/tools/prisma-oracle with node_modules; needs DATABASE_URL")
    ap.add_argument("--json", help="also write the results as JSON here")
    args = ap.parse_args(argv)

    compare.WORK = os.path.abspath(args.work)
    os.makedirs(compare.WORK, exist_ok=True)
    shared = compare.shared_dir()
    if not shared:
        compare.log("../shared is absent (set SCHEMAGATE_SHARED): nothing to measure")
        return 2
    binaries = [("schemagate", os.path.abspath(args.schemagate))]
    if args.baseline:
        binaries.append(("baseline", os.path.abspath(args.baseline)))
    for _, b in binaries:
        if not os.access(b, os.X_OK):
            compare.log(f"{b} is not built")
            return 2
    oracle = None
    if args.prisma_oracle:
        if not os.environ.get("DATABASE_URL") or not shutil.which("node"):
            compare.log("--prisma-oracle needs node and DATABASE_URL: Prisma's timing skipped")
        else:
            oracle = os.path.join(os.path.abspath(args.prisma_oracle), "oracle.mjs")

    corpora = sorted(os.listdir(os.path.join(shared, "corpus"))) if args.all else (args.corpus or [largest_corpus(shared)])
    rows = []
    for c in corpora:
        base = os.path.join(shared, "corpus", c)
        migrations, schema = os.path.join(base, "migrations"), schema_path(base)
        sql = sum(os.path.getsize(f) for f in compare.migration_files(migrations))
        row = {"case": c, "sql_bytes": sql, "schema_bytes": schema_bytes(schema), "runs": {}}
        compare.log(f"{c}: {sql / MB:.2f} MB of SQL, {row['schema_bytes'] / 1000:.0f} kB of schema")
        for label, binary in binaries:
            for what, argv_ in commands(binary, migrations, schema).items():
                m = compare.measure(argv_, args.runs, args.timeout, {0})
                if m:
                    row["runs"][f"{label}: {what}"] = {"wall_s": m.wall, "cpu_s": m.cpu, "peak_mb": m.peak_mb}
        if oracle:
            env_argv = ["env", f"SCHEMA={schema}", f"MIGRATIONS={migrations}", "node", oracle, "diff-migrations-to-schema"]
            m = compare.measure(env_argv, 1, args.timeout, {0})
            if m:
                row["runs"]["prisma 7.10.1: migrate diff (shadow database)"] = {"wall_s": m.wall, "cpu_s": m.cpu,
                                                                                "peak_mb": m.peak_mb}
        rows.append(row)

    for r in rows:
        print(f"\n{r['case']}: {r['sql_bytes'] / MB:.2f} MB of migration SQL, {r['schema_bytes'] / 1000:.0f} kB of schema")
        print("| command | wall ms | CPU ms | peak MB |")
        print("|---|---:|---:|---:|")
        for what, m in r["runs"].items():
            print(f"| {what} | {m['wall_s'] * 1000:.0f} | {m['cpu_s'] * 1000:.0f} | {m['peak_mb']:.1f} |")
    print("\nwall and CPU: median of runs; peak: max RSS of the process.")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)
    return 0 if all(r["runs"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
