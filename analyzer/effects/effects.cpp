#include "analyzer/effects/effects.hpp"

#include <algorithm>
#include <set>

#include "analyzer/effects/column_type.hpp"

namespace sg::effects {
namespace {

std::string schema_of(const sql::QualifiedName& n) { return n.schema.empty() ? "public" : n.schema; }

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// Collects effects for one statement, merging repeated tables into the strongest lock.
class Collector {
 public:
  Collector(const catalog::Catalog& before, int pg_version) : before_(before), pg_(pg_version) {}

  bool exists(std::string_view schema, std::string_view name) const {
    if (before_.table(schema, name)) return true;
    const auto* v = before_.view(schema, name);
    return v && v->materialized;
  }

  void lock(std::string_view schema, std::string_view name, LockMode mode, bool rewrite = false, bool scan = false,
            std::string why = {}) {
    if (!exists(schema, name)) return;
    auto it = std::find_if(out.tables.begin(), out.tables.end(),
                           [&](const TableEffect& e) { return e.schema == schema && e.name == name; });
    if (it == out.tables.end()) {
      out.tables.push_back({std::string(schema), std::string(name), mode, rewrite, scan, std::move(why)});
      return;
    }
    it->mode = std::max(it->mode, mode);
    if ((rewrite && !it->rewrite) || (scan && !it->rewrite && !it->scan)) it->why = std::move(why);
    it->rewrite = it->rewrite || rewrite;
    it->scan = it->scan || scan;
  }
  void lock(const sql::QualifiedName& n, LockMode mode, bool rewrite = false, bool scan = false, std::string why = {}) {
    lock(schema_of(n), n.name, mode, rewrite, scan, std::move(why));
  }

  void non_transactional(std::string reason) {
    out.transactional = false;
    if (out.non_transactional_reason.empty()) out.non_transactional_reason = std::move(reason);
  }

  const catalog::Catalog& before() const { return before_; }
  int pg() const { return pg_; }
  StatementEffects out;

 private:
  const catalog::Catalog& before_;
  int pg_;
};

bool is_serial(const sql::TypeName& t) {
  if (t.names.size() != 1) return false;
  static const std::set<std::string, std::less<>> serials = {"serial", "serial4", "bigserial", "serial8",
                                                             "smallserial", "serial2"};
  return serials.count(t.names[0]) > 0;
}

// A validated CHECK (col IS NOT NULL) lets SET NOT NULL skip its scan on PostgreSQL 12+.
bool has_not_null_check(const catalog::Table& t, std::string_view column) {
  for (const auto& c : t.checks) {
    if (!c.validated) continue;
    std::string e;
    for (char ch : c.expression)
      if (ch != '"' && ch != '(' && ch != ')') e += ch;
    if (e == "CHECK " + std::string(column) + " IS NOT NULL") return true;
  }
  return false;
}

// USING that is the column itself, or a plain cast of it, converts exactly like no USING clause.
bool using_is_plain(const sql::AlterTableCmd& cmd) {
  if (!cmd.expr) return true;
  const sql::Expr* e = &*cmd.expr;
  if (e->kind == sql::ExprKind::TypeCast && !e->args.empty()) e = &e->args[0];
  return e->kind == sql::ExprKind::ColumnRef && e->names.size() == 1 && e->names[0] == cmd.name;
}

void add_column(Collector& c, const sql::QualifiedName& table, const sql::ColumnDef& col) {
  bool rewrite = false;
  bool scan = false;
  std::string why;
  if (is_serial(col.type)) {
    rewrite = true;
    why = "column " + col.name + " is " + col.type.names[0] + ": nextval() fills every row";
  }
  for (const auto& k : col.constraints) {
    switch (k.kind) {
      case sql::ConstraintKind::Default:
        if (k.expr && !rewrite) {
          bool null_default = k.expr->kind == sql::ExprKind::Const && k.expr->const_kind == sql::ConstKind::Null;
          if (c.pg() < 11 && !null_default) {
            rewrite = true;
            why = "before PostgreSQL 11 a column default is written into every row";
          } else if (is_volatile(*k.expr)) {
            rewrite = true;
            why = "the volatile default of " + col.name + " is computed for every row";
          }
        }
        break;
      case sql::ConstraintKind::Identity:
        rewrite = true;
        why = "identity column " + col.name + " is filled for every row";
        break;
      case sql::ConstraintKind::Generated:
        rewrite = true;
        why = "generated column " + col.name + " is computed for every row";
        break;
      case sql::ConstraintKind::NotNull:
      case sql::ConstraintKind::Check:
      case sql::ConstraintKind::PrimaryKey:
      case sql::ConstraintKind::Unique:
        if (why.empty()) why = "the new column's constraint is checked against every row";
        scan = true;
        break;
      case sql::ConstraintKind::ForeignKey:
        c.lock(k.ref_table, LockMode::ShareRowExclusive);
        scan = scan || !k.not_valid;
        break;
      default:
        break;
    }
  }
  c.lock(table, LockMode::AccessExclusive, rewrite, scan, why);
}

void alter_column_type(Collector& c, const sql::QualifiedName& table, const sql::AlterTableCmd& cmd) {
  const auto* t = c.before().table(schema_of(table), table.name);
  const auto* col = t ? t->column(cmd.name) : nullptr;
  std::optional<ColumnType> to = cmd.column ? from_type_name(cmd.column->type) : std::nullopt;
  if (!col || !to) {
    c.lock(table, LockMode::AccessExclusive, true, false, "column " + cmd.name + " changes type");
    c.out.complete = false;
    return;
  }
  ColumnType from = parse_catalog_type(col->type);
  TypeChange change = classify_type_change(from, *to);
  bool rewrite = change.kind == TypeChangeKind::Rewrite || !using_is_plain(cmd);
  std::string why = "column " + cmd.name + " " + from.to_string() + " -> " + to->to_string();
  c.lock(table, LockMode::AccessExclusive, rewrite, false, why);
}

void add_constraint(Collector& c, const sql::QualifiedName& table, const sql::Constraint& k) {
  using K = sql::ConstraintKind;
  switch (k.kind) {
    case K::ForeignKey:
      c.lock(table, LockMode::ShareRowExclusive, false, !k.not_valid,
             "every row is checked against " + k.ref_table.name);
      c.lock(k.ref_table, LockMode::ShareRowExclusive);
      return;
    case K::Check:
      c.lock(table, LockMode::AccessExclusive, false, !k.not_valid, "every row is checked");
      return;
    case K::PrimaryKey:
    case K::Unique: {
      bool scan = k.index_name.empty();
      std::string why = "a unique index is built";
      if (!scan && k.kind == K::PrimaryKey) {
        // PRIMARY KEY USING INDEX still sets NOT NULL on nullable key columns, which scans.
        const auto* t = c.before().table(schema_of(table), table.name);
        const auto* idx_table = c.before().table_of_index(schema_of(table), k.index_name);
        if (t && idx_table == t)
          for (const auto& ix : t->indexes)
            if (ix.name == k.index_name)
              for (const auto& colname : ix.columns)
                if (const auto* col = t->column(colname); col && col->nullable) {
                  scan = true;
                  why = "NOT NULL is checked on " + colname;
                }
      }
      c.lock(table, LockMode::AccessExclusive, false, scan, why);
      return;
    }
    case K::Exclusion:
      c.lock(table, LockMode::AccessExclusive, false, true, "an exclusion index is built");
      return;
    default:
      c.lock(table, LockMode::AccessExclusive);
      return;
  }
}

void drop_constraint(Collector& c, const sql::QualifiedName& table, const std::string& name) {
  c.lock(table, LockMode::AccessExclusive);
  // Dropping a foreign key removes its triggers from the referenced table too.
  if (const auto* t = c.before().table(schema_of(table), table.name))
    for (const auto& fk : t->foreign_keys)
      if (fk.name == name) c.lock(fk.ref_schema, fk.ref_table, LockMode::AccessExclusive);
}

void alter_table_command(Collector& c, const sql::AlterTable& a, const sql::AlterTableCmd& cmd) {
  using AK = sql::AlterKind;
  switch (cmd.kind) {
    case AK::AddColumn:
      if (cmd.column) add_column(c, a.name, *cmd.column);
      break;
    case AK::AlterColumnType:
      alter_column_type(c, a.name, cmd);
      break;
    case AK::SetNotNull: {
      const auto* t = c.before().table(schema_of(a.name), a.name.name);
      const auto* col = t ? t->column(cmd.name) : nullptr;
      bool already = col && !col->nullable;
      bool skip_scan = already || (c.pg() >= 12 && t && has_not_null_check(*t, cmd.name));
      c.lock(a.name, LockMode::AccessExclusive, false, !skip_scan, "every row is checked for NULL in " + cmd.name);
      break;
    }
    case AK::AddConstraint:
      if (cmd.constraint) add_constraint(c, a.name, *cmd.constraint);
      break;
    case AK::DropConstraint:
      drop_constraint(c, a.name, cmd.name);
      break;
    case AK::ValidateConstraint: {
      c.lock(a.name, LockMode::ShareUpdateExclusive, false, true, "every row is checked");
      if (const auto* t = c.before().table(schema_of(a.name), a.name.name))
        for (const auto& fk : t->foreign_keys)
          if (fk.name == cmd.name) c.lock(fk.ref_schema, fk.ref_table, LockMode::RowShare);
      break;
    }
    case AK::SetStatistics:
    case AK::ClusterOn:
    case AK::SetOptions:
    case AK::ResetOptions:
      c.lock(a.name, LockMode::ShareUpdateExclusive);
      break;
    case AK::EnableTrigger:
    case AK::DisableTrigger:
      c.lock(a.name, LockMode::ShareRowExclusive);
      break;
    case AK::SetLogged:
    case AK::SetUnlogged:
      c.lock(a.name, LockMode::AccessExclusive, true, false, "the table is copied to change its WAL logging");
      break;
    case AK::SetTablespace:
      c.lock(a.name, LockMode::AccessExclusive, true, false, "the table is copied to the new tablespace");
      break;
    case AK::AttachPartition:
      c.lock(a.name, c.pg() >= 12 ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive);
      c.out.complete = false;  // the partition itself is named in the command, not modelled here
      break;
    case AK::DropColumn:
    default:
      c.lock(a.name, LockMode::AccessExclusive);
      break;
  }
}

// False for ALTER INDEX, SEQUENCE, VIEW, ... (which ALTER TABLE's grammar also parses): their commands are not
// modelled here, and only some of them lock a table.
bool alters_a_table(Collector& c, const sql::AlterTable& a) {
  if (a.object_kind.empty() || a.object_kind == "TABLE") return true;
  if (a.object_kind != "INDEX" && a.object_kind != "SEQUENCE" && a.object_kind != "TYPE") c.out.complete = false;
  return false;
}

void alter_table(Collector& c, const sql::AlterTable& a) {
  if (!alters_a_table(c, a)) return;
  for (const auto& cmd : a.commands) alter_table_command(c, a, cmd);
}

void drop_objects(Collector& c, const sql::DropObjects& d) {
  const std::string& k = d.object_kind;
  if (k == "TABLE" || k == "MATVIEW") {
    for (const auto& n : d.names) {
      c.lock(n, LockMode::AccessExclusive);
      if (const auto* t = c.before().table(schema_of(n), n.name))
        for (const auto& fk : t->foreign_keys) c.lock(fk.ref_schema, fk.ref_table, LockMode::AccessExclusive);
      if (d.cascade) c.out.complete = false;
    }
  } else if (k == "INDEX") {
    if (d.concurrently) c.non_transactional("DROP INDEX CONCURRENTLY");
    for (const auto& n : d.names)
      if (const auto* t = c.before().table_of_index(schema_of(n), n.name))
        c.lock(t->schema, t->name, d.concurrently ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive);
  } else if (k == "TRIGGER" || k == "POLICY" || k == "RULE") {
    for (const auto& t : d.on_tables) c.lock(t, LockMode::AccessExclusive);
  } else if (k == "SCHEMA") {
    for (const auto& n : d.names)
      for (const auto& t : c.before().tables)
        if (t.schema == n.name) c.lock(t.schema, t.name, LockMode::AccessExclusive);
    c.out.complete = false;
  } else if (k == "TYPE" || k == "DOMAIN") {
    if (d.cascade) c.out.complete = false;
  } else if (k != "SEQUENCE" && k != "EXTENSION" && k != "FUNCTION" && k != "PROCEDURE") {
    c.out.complete = false;
  }
}

void create_table(Collector& c, const sql::CreateTable& t) {
  for (const auto& col : t.columns)
    for (const auto& k : col.constraints)
      if (k.kind == sql::ConstraintKind::ForeignKey) c.lock(k.ref_table, LockMode::ShareRowExclusive);
  for (const auto& k : t.constraints)
    if (k.kind == sql::ConstraintKind::ForeignKey) c.lock(k.ref_table, LockMode::ShareRowExclusive);
  for (const auto& l : t.like) c.lock(l, LockMode::AccessShare);
  if (t.as_select || !t.inherits.empty() || t.is_partition) c.out.complete = false;
}

void rename(Collector& c, const sql::Rename& r) {
  const std::string& k = r.object_kind;
  if (k == "TABLE" || k == "COLUMN" || k == "TABCONSTRAINT" || k == "TRIGGER" || k == "MATVIEW" ||
      k == "POLICY") {
    c.lock(r.target, LockMode::AccessExclusive);
  } else if (k == "INDEX") {
    // Renaming an index locks the index itself (SHARE UPDATE EXCLUSIVE since PostgreSQL 12), not its table.
  } else if (k != "TYPE" && k != "SCHEMA" && k != "SEQUENCE" && k != "FUNCTION" && k != "VIEW") {
    c.out.complete = false;
  }
}

}  // namespace

const char* to_string(LockMode m) {
  switch (m) {
    case LockMode::None: return "NONE";
    case LockMode::AccessShare: return "ACCESS SHARE";
    case LockMode::RowShare: return "ROW SHARE";
    case LockMode::RowExclusive: return "ROW EXCLUSIVE";
    case LockMode::ShareUpdateExclusive: return "SHARE UPDATE EXCLUSIVE";
    case LockMode::Share: return "SHARE";
    case LockMode::ShareRowExclusive: return "SHARE ROW EXCLUSIVE";
    case LockMode::Exclusive: return "EXCLUSIVE";
    case LockMode::AccessExclusive: return "ACCESS EXCLUSIVE";
  }
  return "NONE";
}

const TableEffect* StatementEffects::find(std::string_view schema, std::string_view name) const {
  for (const auto& t : tables)
    if (t.schema == schema && t.name == name) return &t;
  return nullptr;
}

LockMode StatementEffects::strongest() const {
  LockMode m = LockMode::None;
  for (const auto& t : tables) m = std::max(m, t.mode);
  return m;
}

std::string display_name(std::string_view schema, std::string_view name) {
  auto q = [](std::string_view s) {
    std::string out = "\"";
    for (char ch : s) {
      if (ch == '"') out += '"';
      out += ch;
    }
    return out + "\"";
  };
  return schema == "public" || schema.empty() ? q(name) : q(schema) + "." + q(name);
}

LockInfo to_lock_info(const TableEffect& e) {
  return LockInfo{display_name(e.schema, e.name), to_string(e.mode), e.rewrite, e.scan && !e.rewrite};
}

std::vector<LockInfo> lock_infos(const StatementEffects& e) {
  std::vector<LockInfo> out;
  for (const auto& t : e.tables) out.push_back(to_lock_info(t));
  return out;
}

bool is_volatile(const sql::Expr& e) {
  using EK = sql::ExprKind;
  switch (e.kind) {
    case EK::Const:
    case EK::SqlValueFunction:
    case EK::ColumnRef:
      return false;
    case EK::FuncCall: {
      std::string fn = e.names.empty() ? std::string() : lower(e.names.back());
      static const std::set<std::string, std::less<>> volatile_fns = {
          "random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "nextval",
          "clock_timestamp", "timeofday", "setval", "gen_random_bytes", "uuidv4", "uuidv7", "random_normal"};
      static const std::set<std::string, std::less<>> stable_fns = {
          "now", "transaction_timestamp", "statement_timestamp", "current_timestamp", "lower", "upper", "concat",
          "jsonb_build_object", "json_build_object", "jsonb_build_array", "json_build_array", "to_jsonb", "to_json",
          "coalesce", "md5", "to_char", "date_trunc", "timezone", "make_interval", "current_setting", "array",
          "replace", "substring", "substr", "length", "trim", "btrim", "ltrim", "rtrim", "abs", "round",
          "make_date", "to_timestamp", "to_date", "current_date", "localtimestamp", "array_fill", "jsonb",
          "encode", "decode", "digest", "left", "right", "floor", "ceil", "greatest", "least", "nullif"};
      if (volatile_fns.count(fn)) return true;
      if (!stable_fns.count(fn)) return true;  // unknown functions default to VOLATILE in PostgreSQL
      return std::any_of(e.args.begin(), e.args.end(), [](const sql::Expr& a) { return is_volatile(a); });
    }
    case EK::TypeCast:
    case EK::AExpr:
    case EK::BoolExpr:
    case EK::NullTest:
    case EK::BooleanTest:
    case EK::ArrayExpr:
    case EK::CaseExpr:
    case EK::CaseWhen:
    case EK::Coalesce:
    case EK::MinMax:
    case EK::RowExpr:
    case EK::Collate:
    case EK::List:
      return std::any_of(e.args.begin(), e.args.end(), [](const sql::Expr& a) { return is_volatile(a); });
    default:
      return true;
  }
}

StatementEffects effects_of(const sql::Statement& st, const catalog::Catalog& before, int pg_version) {
  Collector c(before, pg_version);
  std::visit(
      [&](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, sql::CreateTable>) {
          create_table(c, s);
        } else if constexpr (std::is_same_v<T, sql::AlterTable>) {
          alter_table(c, s);
        } else if constexpr (std::is_same_v<T, sql::DropObjects>) {
          drop_objects(c, s);
        } else if constexpr (std::is_same_v<T, sql::CreateIndex>) {
          if (s.concurrently) c.non_transactional("CREATE INDEX CONCURRENTLY");
          c.lock(s.table, s.concurrently ? LockMode::ShareUpdateExclusive : LockMode::Share, false, true,
                 "the index is built from every row");
        } else if constexpr (std::is_same_v<T, sql::AlterEnum>) {
          if (pg_version < 12 && s.old_value.empty()) c.non_transactional("ALTER TYPE ... ADD VALUE (before PostgreSQL 12)");
        } else if constexpr (std::is_same_v<T, sql::CreateTrigger>) {
          c.lock(s.table, LockMode::ShareRowExclusive);
        } else if constexpr (std::is_same_v<T, sql::CreatePolicy>) {
          c.lock(s.table, LockMode::AccessExclusive);
        } else if constexpr (std::is_same_v<T, sql::Rename>) {
          rename(c, s);
        } else if constexpr (std::is_same_v<T, sql::AlterObjectSchema>) {
          if (s.object_kind == "TABLE" || s.object_kind == "MATVIEW") c.lock(s.target, LockMode::AccessExclusive);
        } else if constexpr (std::is_same_v<T, sql::Comment>) {
          if ((s.object_kind == "TABLE" || s.object_kind == "MATVIEW") && !s.object.empty()) {
            sql::QualifiedName n;
            n.name = s.object.back();
            if (s.object.size() > 1) n.schema = s.object[s.object.size() - 2];
            c.lock(n, LockMode::ShareUpdateExclusive);
          } else if (s.object_kind == "COLUMN" && s.object.size() >= 2) {
            sql::QualifiedName n;
            n.name = s.object[s.object.size() - 2];
            if (s.object.size() > 2) n.schema = s.object[s.object.size() - 3];
            c.lock(n, LockMode::ShareUpdateExclusive);
          }
        } else if constexpr (std::is_same_v<T, sql::Truncate>) {
          for (const auto& t : s.tables) c.lock(t, LockMode::AccessExclusive, true, false, "every row is removed");
          if (s.cascade) c.out.complete = false;
        } else if constexpr (std::is_same_v<T, sql::Vacuum>) {
          if (!s.analyze_only) c.non_transactional(s.full ? "VACUUM FULL" : "VACUUM");
          LockMode m = s.full ? LockMode::AccessExclusive : LockMode::ShareUpdateExclusive;
          if (s.tables.empty()) {
            for (const auto& t : before.tables) c.lock(t.schema, t.name, m, s.full, false, "VACUUM FULL copies the table");
            c.out.complete = false;
          }
          for (const auto& t : s.tables) c.lock(t, m, s.full, false, "VACUUM FULL copies the table");
        } else if constexpr (std::is_same_v<T, sql::Cluster>) {
          if (s.table.name.empty()) {
            c.non_transactional("CLUSTER without a table");
            c.out.complete = false;
          } else {
            c.lock(s.table, LockMode::AccessExclusive, true, false, "CLUSTER copies the table in index order");
          }
        } else if constexpr (std::is_same_v<T, sql::Reindex>) {
          LockMode m = s.concurrently ? LockMode::ShareUpdateExclusive : LockMode::Share;
          if (s.concurrently) c.non_transactional("REINDEX CONCURRENTLY");
          if (s.object_kind == "TABLE") {
            c.lock(s.target, m, false, true, "every index is rebuilt from the table");
          } else if (s.object_kind == "INDEX") {
            if (const auto* t = before.table_of_index(schema_of(s.target), s.target.name))
              c.lock(t->schema, t->name, m, false, true, "the index is rebuilt from the table");
          } else {
            c.non_transactional("REINDEX " + s.object_kind);
            c.out.complete = false;
          }
        } else if constexpr (std::is_same_v<T, sql::RefreshMaterializedView>) {
          if (s.concurrently)
            c.lock(s.name, LockMode::Exclusive, false, true, "the view query runs and rows are compared");
          else
            c.lock(s.name, LockMode::AccessExclusive, true, false, "the view query runs into a new heap");
          c.out.complete = false;  // the view's query reads other tables
        } else if constexpr (std::is_same_v<T, sql::Insert>) {
          c.lock(s.table, LockMode::RowExclusive);
          if (s.has_select) c.out.complete = false;
        } else if constexpr (std::is_same_v<T, sql::Update> || std::is_same_v<T, sql::Delete>) {
          c.lock(s.table, LockMode::RowExclusive, false, !s.has_where, "every row is visited");
          if (s.has_where) c.out.complete = false;
        } else if constexpr (std::is_same_v<T, sql::CreateDatabase>) {
          c.non_transactional("CREATE DATABASE");
        } else if constexpr (std::is_same_v<T, sql::OtherStatement>) {
          if (s.node == "DropdbStmt") c.non_transactional("DROP DATABASE");
          else if (s.node == "AlterSystemStmt") c.non_transactional("ALTER SYSTEM");
          else if (s.node == "CreateTableSpaceStmt") c.non_transactional("CREATE TABLESPACE");
          else if (s.node == "DropTableSpaceStmt") c.non_transactional("DROP TABLESPACE");
          c.out.complete = false;
        } else if constexpr (std::is_same_v<T, sql::CreateView> || std::is_same_v<T, sql::CreateFunction> ||
                             std::is_same_v<T, sql::DoBlock> || std::is_same_v<T, sql::Grant>) {
          c.out.complete = false;
        } else if constexpr (std::is_same_v<T, sql::CreateSequence> || std::is_same_v<T, sql::AlterSequence>) {
          for (const auto& o : s.options)
            if (o.name == "owned_by") c.out.complete = false;
        }
      },
      st.body);
  return std::move(c.out);
}

StatementEffects effects_of_command(const sql::AlterTable& alter, const sql::AlterTableCmd& cmd,
                                    const catalog::Catalog& before, int pg_version) {
  Collector c(before, pg_version);
  if (alters_a_table(c, alter)) alter_table_command(c, alter, cmd);
  return std::move(c.out);
}

}  // namespace sg::effects
