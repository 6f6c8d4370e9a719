#!/usr/bin/env python3
"""Generates a large synthetic Prisma Migrate history for benchmarks (python3 standard library only).

The output looks like what `prisma migrate dev` writes for a PostgreSQL project that grew for years:
`-- CreateTable` blocks with quoted identifiers, enums, AlterTable add/drop columns (with Prisma's
warning comments), indexes, foreign keys, enum redefinitions in BEGIN/COMMIT, plus hand-written data
backfills and seed data in the larger files. A model of the schema is kept while generating, so every
statement refers to objects that exist at that point: the history replays cleanly on PostgreSQL 15.

The same seed always gives the same bytes. File sizes follow a heavy-tailed distribution (most files
a few KB, a few of them hundreds of KB) scaled so that all migration.sql files add up to --bytes.

    bench/gen_history.py OUT_DIR [--migrations 2000] [--bytes 50000000] [--seed 1] [--single-file]

--single-file writes the same statements as one migration (OUT_DIR/<ts>_everything/migration.sql).
"""
from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import shutil
import sys

NOUNS = """user account session team member organisation project workspace document template folder
webhook token invoice payment subscription plan price product order item cart coupon discount review
comment post tag category article page asset image video file attachment note task board column card
label event calendar booking slot schedule reminder notification message thread channel inbox email
contact lead deal pipeline stage report dashboard widget metric trace span score dataset run job queue
worker deployment environment secret integration connection credential audit log feature flag
experiment variant survey response question answer form field recipient signature envelope
api key domain certificate region zone cluster node service endpoint route policy role permission
group invitation referral affiliate wallet transfer ledger balance""".split()
ADJECTIVES = """public private shared archived pending external internal primary legacy custom scheduled
draft active default global local""".split()
COLUMN_WORDS = """name title slug description status kind type source target label value amount currency
quantity position priority color icon url path email phone locale timezone country city street
zip code hash secret checksum version count total score weight limit offset duration expires
started finished deleted archived verified published visible enabled locked notes metadata payload
config settings options details summary content body subject""".split()

ENUM_WORDS = sorted(set(COLUMN_WORDS + ADJECTIVES))

TYPES = [  # (SQL type, weight, value generator key)
    ("TEXT", 40, "text"), ("INTEGER", 12, "int"), ("BOOLEAN", 10, "bool"),
    ("TIMESTAMP(3)", 12, "ts"), ("JSONB", 6, "json"), ("DOUBLE PRECISION", 4, "float"),
    ("DECIMAL(65,30)", 3, "dec"), ("BIGINT", 4, "int"), ("VARCHAR(255)", 5, "text"),
    ("TEXT[]", 3, "textarr"), ("UUID", 2, "uuid"),
]
TYPE_WEIGHTS = [t[1] for t in TYPES]


def camel(words):
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])


def pascal(words):
    return "".join(w[:1].upper() + w[1:] for w in words)


def q(ident):
    return '"' + ident.replace('"', '""') + '"'


class Column:
    __slots__ = ("name", "sql_type", "gen", "not_null", "default", "enum")

    def __init__(self, name, sql_type, gen, not_null, default=None, enum=None):
        self.name, self.sql_type, self.gen = name, sql_type, gen
        self.not_null, self.default, self.enum = not_null, default, enum

    def ddl(self):
        s = f"    {q(self.name)} {self.sql_type}"
        if self.not_null:
            s += " NOT NULL"
        if self.default is not None:
            s += f" DEFAULT {self.default}"
        return s


class Table:
    def __init__(self, name):
        self.name = name
        self.columns: dict[str, Column] = {}
        self.indexes: dict[str, list[str]] = {}  # index name -> columns
        self.fks: dict[str, tuple[str, str]] = {}  # constraint -> (column, referenced table)


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.tables: dict[str, Table] = {}
        self.enums: dict[str, list[str]] = {}
        self.name_counter = 0
        self.id_counter = 0
        self.values_added_in_this_file: set[str] = set()

    # ---- names and values -------------------------------------------------------------------------
    def fresh_table_name(self):
        r = self.rng
        while True:
            words = [r.choice(NOUNS)]
            if r.random() < 0.6:
                words.insert(0, r.choice(NOUNS) if r.random() < 0.7 else r.choice(ADJECTIVES))
            name = pascal(words)
            if name in self.tables or name in self.enums:
                self.name_counter += 1
                name = f"{name}{self.name_counter}"
            if name not in self.tables and name not in self.enums:
                return name

    def fresh_column_name(self, table):
        r = self.rng
        for _ in range(50):
            words = [r.choice(COLUMN_WORDS)]
            if r.random() < 0.5:
                words.insert(0, r.choice(NOUNS))
            name = camel(words)
            if name not in table.columns:
                return name
        self.name_counter += 1
        return f"field{self.name_counter}"

    def cuid(self):
        self.id_counter += 1
        return f"cl{self.rng.getrandbits(64):016x}{self.id_counter:06d}"

    def value(self, col: Column):
        r = self.rng
        if col.enum:
            # A value added by ALTER TYPE ... ADD VALUE cannot be used before the file's transaction commits.
            usable = [v for v in self.enums[col.enum] if v not in self.values_added_in_this_file]
            return f"'{r.choice(usable)}'"
        g = col.gen
        if g == "text":
            # The counter keeps seeded text distinct, so unique indexes created later still build.
            self.id_counter += 1
            words = " ".join(r.choice(COLUMN_WORDS) for _ in range(r.randint(1, 6)))
            return "'" + words + (" it''s" if r.random() < 0.05 else "") + f" #{self.id_counter}'"
        if g == "int":
            return str(r.randint(0, 100000))
        if g == "bool":
            return r.choice(["true", "false"])
        if g == "ts":
            d = dt.datetime(2021, 1, 1) + dt.timedelta(seconds=r.randint(0, 4 * 365 * 86400))
            return f"'{d:%Y-%m-%d %H:%M:%S}.{r.randint(0, 999):03d}'"
        if g == "json":
            return "'{\"" + r.choice(COLUMN_WORDS) + "\": " + str(r.randint(0, 99)) + "}'::jsonb"
        if g in ("float", "dec"):
            return f"{r.uniform(0, 1000):.4f}"
        if g == "textarr":
            return "ARRAY['" + r.choice(COLUMN_WORDS) + "', '" + r.choice(COLUMN_WORDS) + "']::TEXT[]"
        if g == "uuid":
            return f"'{r.getrandbits(128):032x}'::uuid"
        if g == "id":
            return f"'{self.cuid()}'"
        return "NULL"

    def backfill_value(self, col: Column):
        """What a hand-written UPDATE sets every NULL row to: derived from the row for text (stays unique)."""
        if col.gen == "text" and not col.enum:
            return "'" + self.rng.choice(COLUMN_WORDS) + "-' || \"id\""
        return self.value(col)

    def random_column(self, table, allow_enum=True):
        r = self.rng
        name = self.fresh_column_name(table)
        if allow_enum and self.enums and r.random() < 0.12:
            enum = r.choice(list(self.enums))
            default = f"'{self.enums[enum][0]}'" if r.random() < 0.7 else None
            return Column(name, q(enum), "enum", default is not None or r.random() < 0.3, default, enum)
        sql_type, _, gen = r.choices(TYPES, TYPE_WEIGHTS)[0]
        not_null = r.random() < 0.45
        default = None
        if not_null or r.random() < 0.1:
            if gen == "bool":
                default = r.choice(["true", "false"])
            elif gen == "int" and r.random() < 0.6:
                default = "0"
            elif gen == "ts" and r.random() < 0.6:
                default = "CURRENT_TIMESTAMP"
            elif gen == "textarr":
                default = "ARRAY[]::TEXT[]"
            elif gen == "json" and r.random() < 0.4:
                default = "'{}'"
        return Column(name, sql_type, gen, not_null, default)

    # ---- DDL operations (each returns SQL text and updates the model) -------------------------------
    def op_create_enum(self):
        r = self.rng
        name = self.fresh_table_name() + r.choice(["Status", "Kind", "Type", "Role", "Mode", "Level"])
        while name in self.enums or name in self.tables:
            self.name_counter += 1
            name += str(self.name_counter)
        values = []
        for w in r.sample(ENUM_WORDS, r.randint(2, 8)):
            values.append(w.upper())
        self.enums[name] = values
        vals = ", ".join(f"'{v}'" for v in values)
        return f"-- CreateEnum\nCREATE TYPE {q(name)} AS ENUM ({vals});\n"

    def op_create_table(self):
        r = self.rng
        t = Table(self.fresh_table_name())
        t.columns["id"] = Column("id", "TEXT", "id", True)
        for _ in range(r.randint(2, 14)):
            c = self.random_column(t)
            t.columns[c.name] = c
        # Relations to existing tables: a required or optional `<x>Id` column, then its index and FK.
        relations = []
        for _ in range(r.choice([0, 0, 1, 1, 2, 3])):
            rel = self.new_relation_column(t, required=r.random() < 0.5)
            if rel:
                relations.append(rel)
        if r.random() < 0.8:
            t.columns["createdAt"] = Column("createdAt", "TIMESTAMP(3)", "ts", True, "CURRENT_TIMESTAMP")
            t.columns["updatedAt"] = Column("updatedAt", "TIMESTAMP(3)", "ts", True)
        out = [f"-- CreateTable\nCREATE TABLE {q(t.name)} (\n"]
        out.append(",\n".join(c.ddl() for c in t.columns.values()))
        out.append(f",\n\n    CONSTRAINT {q(t.name + '_pkey')} PRIMARY KEY (\"id\")\n);\n\n")
        self.tables[t.name] = t
        for _ in range(r.choice([0, 1, 1, 2])):
            out.append(self.op_create_index(t))
        for col, target in relations:
            out.append(self.relation_index_and_fk(t, col, target))
        return "".join(out)

    def new_relation_column(self, t, required):
        candidates = [n for n in self.tables if n != t.name]
        if not candidates:
            return None
        target = self.rng.choice(candidates)
        col = target[:1].lower() + target[1:] + "Id"
        if col in t.columns:
            return None
        t.columns[col] = Column(col, "TEXT", "fk", required)
        return col, target

    def relation_index_and_fk(self, t, col, target):
        out = ""
        idx_name = f"{t.name}_{col}_idx"[:63]
        if idx_name not in t.indexes:
            t.indexes[idx_name] = [col]
            out = f"-- CreateIndex\nCREATE INDEX {q(idx_name)} ON {q(t.name)}({q(col)});\n\n"
        fk = f"{t.name}_{col}_fkey"[:63]
        t.fks[fk] = (col, target)
        on_delete = "CASCADE" if t.columns[col].not_null else self.rng.choice(["SET NULL", "RESTRICT", "CASCADE"])
        return (out + f"-- AddForeignKey\nALTER TABLE {q(t.name)} ADD CONSTRAINT {q(fk)} FOREIGN KEY ({q(col)}) "
                f"REFERENCES {q(target)}(\"id\") ON DELETE {on_delete} ON UPDATE CASCADE;\n\n")

    def op_add_relation(self):
        t = self.pick_table()
        rel = self.new_relation_column(t, required=False)
        if not rel:
            return self.op_add_column()
        col, target = rel
        return (f"-- AlterTable\nALTER TABLE {q(t.name)} ADD COLUMN     {q(col)} TEXT;\n\n"
                + self.relation_index_and_fk(t, col, target))

    def pick_table(self):
        return self.tables[self.rng.choice(list(self.tables))]

    def op_create_index(self, t=None):
        r = self.rng
        if t is None:
            t = self.pick_table()
        cols = [c for c in t.columns.values() if c.gen not in ("json", "textarr")]
        if not cols:
            return ""
        # Unique indexes only on text without a default: the seeded and backfilled values there are distinct.
        unique_ok = [c for c in cols if c.gen == "text" and c.default is None]
        unique = bool(unique_ok) and r.random() < 0.3
        if unique:
            chosen = [r.choice(unique_ok)]
            if r.random() < 0.3:
                chosen += [c for c in r.sample(cols, 1) if c not in chosen]
        else:
            chosen = r.sample(cols, min(len(cols), r.choice([1, 1, 1, 2, 3])))
        names = [c.name for c in chosen]
        name = f"{t.name}_{'_'.join(names)}_{'key' if unique else 'idx'}"[:63]
        if name in t.indexes:
            return ""
        t.indexes[name] = names
        cols_sql = ", ".join(q(n) for n in names)
        kind = "UNIQUE INDEX" if unique else "INDEX"
        return f"-- CreateIndex\nCREATE {kind} {q(name)} ON {q(t.name)}({cols_sql});\n\n"

    def op_add_column(self):
        r = self.rng
        t = self.pick_table()
        c = self.random_column(t)
        t.columns[c.name] = c
        sql = f"-- AlterTable\nALTER TABLE {q(t.name)} ADD COLUMN     {q(c.name)} {c.sql_type}"
        if c.not_null:
            sql += " NOT NULL"
        if c.default is not None:
            sql += f" DEFAULT {c.default}"
        elif c.not_null:
            # Prisma warns about this; real histories add a default or backfill first.
            c.default = self.value(c)
            sql += f" DEFAULT {c.default}"
        out = sql + ";\n\n"
        if r.random() < 0.3:
            more = self.random_column(t, allow_enum=False)
            more.not_null = False
            t.columns[more.name] = more
            out = out[:-3] + f",\nADD COLUMN     {q(more.name)} {more.sql_type};\n\n"
        return out

    def droppable_columns(self, t):
        return [c for c in t.columns.values()
                if c.name not in ("id", "createdAt", "updatedAt") and c.gen != "fk"]

    def op_drop_column(self):
        r = self.rng
        t = self.pick_table()
        cols = self.droppable_columns(t)
        if not cols:
            return self.op_add_column()
        c = r.choice(cols)
        out = []
        for name, idx_cols in list(t.indexes.items()):
            if c.name in idx_cols:
                del t.indexes[name]
                out.append(f"-- DropIndex\nDROP INDEX {q(name)};\n\n")
        del t.columns[c.name]
        warn = (f"/*\n  Warnings:\n\n  - You are about to drop the column `{c.name}` on the `{t.name}` table. "
                "All the data in the column will be lost.\n\n*/\n")
        return warn + "".join(out) + f"-- AlterTable\nALTER TABLE {q(t.name)} DROP COLUMN {q(c.name)};\n\n"

    def op_alter_column(self):
        r = self.rng
        t = self.pick_table()
        cols = self.droppable_columns(t)
        if not cols:
            return self.op_add_column()
        c = r.choice(cols)
        choice = r.random()
        if c.not_null:
            c.not_null = False
            return f"-- AlterTable\nALTER TABLE {q(t.name)} ALTER COLUMN {q(c.name)} DROP NOT NULL;\n\n"
        if choice < 0.5 and c.gen != "enum":
            c.default = self.value(c)
            return f"-- AlterTable\nALTER TABLE {q(t.name)} ALTER COLUMN {q(c.name)} SET DEFAULT {c.default};\n\n"
        if c.gen == "int" and c.sql_type == "INTEGER":
            c.sql_type = "BIGINT"
            return (f"-- AlterTable\nALTER TABLE {q(t.name)} ALTER COLUMN {q(c.name)} SET DATA TYPE BIGINT;\n\n")
        # Hand-written: backfill, then make it required.
        c.not_null = True
        return (f"-- Backfill before making the column required\nUPDATE {q(t.name)} SET {q(c.name)} = "
                f"{self.backfill_value(c)} WHERE {q(c.name)} IS NULL;\n\n"
                f"-- AlterTable\nALTER TABLE {q(t.name)} ALTER COLUMN {q(c.name)} SET NOT NULL;\n\n")

    def op_drop_index(self):
        t = self.pick_table()
        if not t.indexes:
            return self.op_create_index(t)
        name = self.rng.choice(list(t.indexes))
        del t.indexes[name]
        return f"-- DropIndex\nDROP INDEX {q(name)};\n\n"

    def op_rename_index(self):
        t = self.pick_table()
        if not t.indexes:
            return self.op_create_index(t)
        old = self.rng.choice(list(t.indexes))
        self.name_counter += 1
        new = f"{old[:50]}_r{self.name_counter}"
        t.indexes[new] = t.indexes.pop(old)
        return f"-- RenameIndex\nALTER INDEX {q(old)} RENAME TO {q(new)};\n\n"

    def enum_columns(self, enum):
        return [(t, c) for t in self.tables.values() for c in t.columns.values() if c.enum == enum]

    def op_add_enum_value(self):
        if not self.enums:
            return self.op_create_enum()
        name = self.rng.choice(list(self.enums))
        self.name_counter += 1
        value = f"{self.rng.choice(COLUMN_WORDS).upper()}_{self.name_counter}"
        self.enums[name].append(value)
        self.values_added_in_this_file.add(value)
        return f"-- AlterEnum\nALTER TYPE {q(name)} ADD VALUE '{value}';\n\n"

    def op_redefine_enum(self):
        """Prisma's way of removing an enum value: a new type, every column moved to it, in BEGIN/COMMIT."""
        r = self.rng
        candidates = [e for e, v in self.enums.items() if len(v) > 2]
        if not candidates:
            return self.op_add_enum_value()
        name = r.choice(candidates)
        removable = [v for v in self.enums[name][1:] if v not in self.values_added_in_this_file]
        if not removable:
            return self.op_add_enum_value()
        removed = r.choice(removable)
        values = [v for v in self.enums[name] if v != removed]
        remap = "".join(
            f"UPDATE {q(t.name)} SET {q(c.name)} = '{values[0]}' WHERE {q(c.name)} = '{removed}';\n"
            for t, c in self.enum_columns(name))
        out = [f"-- Hand-written: move rows off the value that goes away\n{remap}\n" if remap else "",
               f"/*\n  Warnings:\n\n  - The values [{removed}] on the enum `{name}` will be removed. "
               "If these variants are still used in the database, this will fail.\n\n*/\n",
               f"-- AlterEnum\nBEGIN;\nCREATE TYPE {q(name + '_new')} AS ENUM ({', '.join(repr(v) for v in values)});\n"]
        for t, c in self.enum_columns(name):
            if c.default is not None:
                out.append(f"ALTER TABLE {q(t.name)} ALTER COLUMN {q(c.name)} DROP DEFAULT;\n")
            out.append(f"ALTER TABLE {q(t.name)} ALTER COLUMN {q(c.name)} TYPE {q(name + '_new')} "
                       f"USING ({q(c.name)}::text::{q(name + '_new')});\n")
        out.append(f"ALTER TYPE {q(name)} RENAME TO {q(name + '_old')};\n")
        out.append(f"ALTER TYPE {q(name + '_new')} RENAME TO {q(name)};\n")
        out.append(f"DROP TYPE {q(name + '_old')};\n")
        for t, c in self.enum_columns(name):
            if c.default is not None:
                c.default = f"'{values[0]}'"
                out.append(f"ALTER TABLE {q(t.name)} ALTER COLUMN {q(c.name)} SET DEFAULT {c.default};\n")
        out.append("COMMIT;\n\n")
        self.enums[name] = values
        return "".join(out)

    def op_drop_table(self):
        t = self.pick_table()
        out = []
        for other in self.tables.values():
            for fk, (col, target) in list(other.fks.items()):
                if target == t.name and other is not t:
                    del other.fks[fk]
                    out.append(f"-- DropForeignKey\nALTER TABLE {q(other.name)} DROP CONSTRAINT {q(fk)};\n\n")
        warn = (f"/*\n  Warnings:\n\n  - You are about to drop the `{t.name}` table. If the table is not empty, "
                "all the data it contains will be lost.\n\n*/\n")
        del self.tables[t.name]
        return warn + "".join(out) + f"-- DropTable\nDROP TABLE {q(t.name)};\n\n"

    # ---- hand-written data changes -------------------------------------------------------------------
    def insertable_tables(self):
        return [t for t in self.tables.values() if not any(c.gen == "fk" and c.not_null for c in t.columns.values())]

    def op_seed_rows(self, budget):
        """A multi-row INSERT of seed data, as hand-written data migrations do."""
        r = self.rng
        tables = self.insertable_tables()
        if not tables:
            return self.op_create_table()
        t = r.choice(tables)
        cols = [c for c in t.columns.values()
                if c.gen != "fk" and (c.not_null or c.gen == "text" or r.random() < 0.5)]
        head = (f"-- Seed data\nINSERT INTO {q(t.name)} ({', '.join(q(c.name) for c in cols)}) VALUES\n")
        rows, size = [], len(head)
        target = min(budget, r.randint(2_000, 40_000))
        while not rows or size < target:
            row = "    (" + ", ".join(self.value(c) if c.gen != "ts" or r.random() < 0.9 else "NOW()"
                                      for c in cols) + ")"
            rows.append(row)
            size += len(row) + 2
        return head + ",\n".join(rows) + "\nON CONFLICT DO NOTHING;\n\n"

    def op_backfill(self):
        r = self.rng
        t = self.pick_table()
        cols = self.droppable_columns(t)
        if not cols:
            return self.op_add_column()
        c = r.choice(cols)
        style = r.random()
        if style < 0.4:
            if t.fks:
                col, target = r.choice(list(t.fks.values()))
                tt = self.tables.get(target)
                if tt is not None:
                    v = self.backfill_value(c).replace('"id"', 't."id"')
                    return (f"-- Backfill {c.name} from {target}\nUPDATE {q(t.name)} AS t\nSET {q(c.name)} = {v}\n"
                            f"FROM {q(target)} AS s\nWHERE t.{q(col)} = s.\"id\"\n  AND t.{q(c.name)} IS NULL;\n\n")
        if style < 0.7:
            return (f"-- Backfill\nUPDATE {q(t.name)}\nSET {q(c.name)} = {self.backfill_value(c)}\n"
                    f"WHERE {q(c.name)} IS NULL;\n\n")
        if style < 0.85:
            return (f"-- Remove duplicates before adding the unique index\nWITH ranked AS (\n  SELECT \"id\",\n"
                    f"         ROW_NUMBER() OVER (PARTITION BY {q(c.name)} ORDER BY \"id\" DESC) AS rn\n"
                    f"  FROM {q(t.name)}\n)\nDELETE FROM {q(t.name)}\nWHERE \"id\" IN (SELECT \"id\" FROM ranked WHERE rn > 1);\n\n")
        return (f"-- Hand-written backfill\nDO $$\nBEGIN\n  IF EXISTS (SELECT 1 FROM {q(t.name)} WHERE {q(c.name)} IS NULL) THEN\n"
                f"    UPDATE {q(t.name)} SET {q(c.name)} = {self.backfill_value(c)} WHERE {q(c.name)} IS NULL;\n"
                f"  END IF;\nEND $$;\n\n")

    # ---- one migration ---------------------------------------------------------------------------------
    def ddl_op(self):
        r = self.rng
        n = len(self.tables)
        if n < 3:
            return self.op_create_table() if r.random() < 0.8 else self.op_create_enum()
        ops = [
            (self.op_create_table, 14 if n < 400 else 3),
            (self.op_create_enum, 3 if len(self.enums) < 150 else 0.3),
            (self.op_add_column, 22),
            (self.op_drop_column, 7),
            (self.op_alter_column, 8),
            (self.op_create_index, 10),
            (self.op_drop_index, 3),
            (self.op_rename_index, 1),
            (self.op_add_relation, 7),
            (self.op_add_enum_value, 4),
            (self.op_redefine_enum, 2),
            (self.op_drop_table, 1 if n < 400 else 6),
            (self.op_backfill, 3),
        ]
        fn = r.choices([o[0] for o in ops], [o[1] for o in ops])[0]
        return fn() or ""

    def migration(self, budget):
        parts, size = [], 0
        self.values_added_in_this_file.clear()
        # Big files are mostly data: the DDL part of any one file stays within what teams really write.
        ddl_budget = budget if budget < 24_000 else self.rng.randint(8_000, 40_000)
        while size < ddl_budget:
            s = self.ddl_op()
            parts.append(s)
            size += len(s)
        while size < budget:
            s = self.op_seed_rows(budget - size) if self.rng.random() < 0.75 else self.op_backfill()
            parts.append(s)
            size += len(s)
        return "".join(parts).rstrip("\n") + "\n"


def migration_budgets(rng, count, total):
    weights = [rng.lognormvariate(0.0, 1.7) for _ in range(count)]
    scale = total / sum(weights)
    budgets = [max(150, int(w * scale)) for w in weights]
    cap = 2_000_000
    return [min(b, cap) for b in budgets]


SLUGS = "init add update remove rename change fix refactor backfill migrate drop create extend".split()


def folder_names(rng, count):
    t = dt.datetime(2021, 3, 1, 9, 0, 0)
    names = []
    for i in range(count):
        t += dt.timedelta(minutes=rng.randint(5, 60 * 24 * 2))
        slug = "init" if i == 0 else f"{rng.choice(SLUGS)}_{rng.choice(NOUNS)}_{rng.choice(COLUMN_WORDS)}"
        names.append(f"{t:%Y%m%d%H%M%S}_{slug}")
    return names


LOCK = ("# Please do not edit this file manually\n"
        "# It should be added in your version-control system (e.g., Git)\n"
        "provider = \"postgresql\"\n")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="output migrations directory (replaced)")
    ap.add_argument("--migrations", type=int, default=2000)
    ap.add_argument("--bytes", type=int, default=50_000_000, help="total size of all migration.sql files")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--single-file", action="store_true", help="write everything as one migration.sql")
    args = ap.parse_args(argv)

    rng = random.Random(args.seed)
    gen = Generator(args.seed * 7919 + 1)
    budgets = migration_budgets(rng, args.migrations, args.bytes)
    names = folder_names(rng, args.migrations)

    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    with open(os.path.join(args.out, "migration_lock.toml"), "w") as f:
        f.write(LOCK)

    total = 0
    single = open(os.path.join(_mkdir(args.out, names[0][:15] + "everything"), "migration.sql"), "w") \
        if args.single_file else None
    try:
        for name, budget in zip(names, budgets):
            sql = gen.migration(budget)
            total += len(sql.encode())
            if single:
                single.write(sql + "\n")
            else:
                with open(os.path.join(_mkdir(args.out, name), "migration.sql"), "w") as f:
                    f.write(sql)
    finally:
        if single:
            single.close()
    files = 1 if args.single_file else args.migrations
    print(f"gen_history: wrote {files} migration.sql files, {total} bytes, {len(gen.tables)} tables and "
          f"{len(gen.enums)} enums at the end, to {args.out}")
    return 0


def _mkdir(root, name):
    path = os.path.join(root, name)
    os.makedirs(path, exist_ok=True)
    return path


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
