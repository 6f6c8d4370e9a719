// CREATE TABLE and ALTER TABLE: columns, keys, checks, foreign keys, defaults, types.
#include <algorithm>

#include "analyzer/catalog/pg_expr.hpp"
#include "analyzer/catalog/pg_print.hpp"
#include "analyzer/replay/replay_state.hpp"

namespace sg::replay::detail {

namespace pg = catalog::pg;
using catalog::Table;

namespace {

std::string fk_action(char c) {
  switch (c) {
    case 'r': return "RESTRICT";
    case 'c': return "CASCADE";
    case 'n': return "SET NULL";
    case 'd': return "SET DEFAULT";
    default: return "NO ACTION";
  }
}

template <class F>
auto expr_guard(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const pg::ExprError& e) {
    raise(e.sqlstate, e.message);
  }
}

std::string seq_default(const std::string& schema, const std::string& seq) {
  return "nextval(" + pg::quote_literal(pg::visible_name(schema, seq)) + "::regclass)";
}

void add_owned_sequence(Ctx& c, Table& t, const std::string& column, const pg::TypeRef& type) {
  catalog::Sequence s;
  s.schema = t.schema;
  s.name = choose_relation_name(c.st.cat, t.schema, t.name, column, "seq", false);
  s.type = pg::format_type(type, false);
  s.owned_by = t.name + "." + column;
  c.st.cat.sequences.push_back(s);
  if (catalog::Column* col = t.column(column); col && col->identity.empty())
    col->default_expr = seq_default(s.schema, s.name);
}

bool same_columns(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  auto x = a, y = b;
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  return x == y;
}

// Foreign keys elsewhere that rely on `t`'s unique key over `cols`.
std::vector<std::pair<Table*, std::string>> dependent_fks(Ctx& c, const Table& t, const std::vector<std::string>& cols) {
  std::vector<std::pair<Table*, std::string>> out;
  for (Table& o : c.st.cat.tables)
    for (const catalog::ForeignKey& f : o.foreign_keys)
      if (f.ref_schema == t.schema && f.ref_table == t.name && same_columns(f.ref_columns, cols) &&
          !(o.schema == t.schema && o.name == t.name && same_columns(f.columns, cols)))
        out.push_back({&o, f.name});
  return out;
}

void drop_fk(Table& t, const std::string& name) {
  auto& v = t.foreign_keys;
  v.erase(std::remove_if(v.begin(), v.end(), [&](const catalog::ForeignKey& f) { return f.name == name; }), v.end());
}

void drop_index_entry(Ctx& c, Table& t, const std::string& name) {
  auto& v = t.indexes;
  v.erase(std::remove_if(v.begin(), v.end(), [&](const catalog::Index& i) { return i.name == name; }), v.end());
  sources_of(c, t).indexes.erase(name);
}

// Drops a key constraint (PK or UNIQUE) and its index; foreign keys that need it block unless CASCADE.
void drop_key_constraint(Ctx& c, Table& t, const catalog::KeyConstraint& key, bool cascade) {
  auto deps = dependent_fks(c, t, key.columns);
  if (!deps.empty() && !cascade)
    raise("2BP01", "cannot drop constraint " + key.name + " on table " + t.name +
                       " because other objects depend on it");
  for (auto& [o, fk] : deps) drop_fk(*o, fk);
  drop_index_entry(c, t, key.name);
}

void drop_column(Ctx& c, Table& t, const sql::AlterTableCmd& cmd) {
  catalog::Column* col = t.column(cmd.name);
  if (!col) {
    if (cmd.missing_ok) return;
    raise("42703", "column \"" + cmd.name + "\" of relation \"" + t.name + "\" does not exist");
  }
  const std::string name = cmd.name;
  // Foreign keys in other tables that reference this column.
  std::vector<std::pair<Table*, std::string>> referencing;
  for (Table& o : c.st.cat.tables)
    for (const catalog::ForeignKey& f : o.foreign_keys)
      if (f.ref_table == t.name && f.ref_schema == t.schema &&  // the table first: the schema is mostly the same
          std::find(f.ref_columns.begin(), f.ref_columns.end(), name) != f.ref_columns.end() &&
          !(&o == &t && std::find(f.columns.begin(), f.columns.end(), name) != f.columns.end()))
        referencing.push_back({&o, f.name});
  if (!referencing.empty() && !cmd.cascade)
    raise("2BP01", "cannot drop column " + name + " of table " + t.name + " because other objects depend on it");
  for (auto& [o, fk] : referencing) drop_fk(*o, fk);

  TableSource& src = sources_of(c, t);
  if (t.primary_key && std::find(t.primary_key->columns.begin(), t.primary_key->columns.end(), name) !=
                           t.primary_key->columns.end())
    t.primary_key.reset();
  auto& uq = t.unique_constraints;
  uq.erase(std::remove_if(uq.begin(), uq.end(),
                          [&](const catalog::KeyConstraint& k) {
                            return std::find(k.columns.begin(), k.columns.end(), name) != k.columns.end();
                          }),
           uq.end());
  auto& fks = t.foreign_keys;
  fks.erase(std::remove_if(fks.begin(), fks.end(),
                           [&](const catalog::ForeignKey& f) {
                             return std::find(f.columns.begin(), f.columns.end(), name) != f.columns.end();
                           }),
            fks.end());
  auto& checks = t.checks;
  checks.erase(std::remove_if(checks.begin(), checks.end(),
                              [&](const catalog::Check& k) {
                                auto it = src.checks.find(k.name);
                                if (it == src.checks.end()) return false;
                                auto refs = pg::referenced_columns(*it->second);
                                bool uses = std::find(refs.begin(), refs.end(), name) != refs.end();
                                if (uses) src.checks.erase(it);
                                return uses;
                              }),
               checks.end());
  std::vector<std::string> dropped;
  for (const catalog::Index& ix : t.indexes)
    if (index_uses_column(&src, ix, name)) dropped.push_back(ix.name);
  for (const std::string& d : dropped) drop_index_entry(c, t, d);
  auto& seqs = c.st.cat.sequences;
  const std::string owner = t.name + "." + name;
  seqs.erase(std::remove_if(seqs.begin(), seqs.end(),
                            [&](const catalog::Sequence& s) { return s.owned_by == owner && s.schema == t.schema; }),
             seqs.end());
  src.defaults.erase(name);
  auto& cols = t.columns;
  cols.erase(std::remove_if(cols.begin(), cols.end(), [&](const catalog::Column& x) { return x.name == name; }),
             cols.end());
}

catalog::KeyConstraint* find_key(Table& t, const std::string& name, bool* primary) {
  if (t.primary_key && t.primary_key->name == name) {
    *primary = true;
    return &*t.primary_key;
  }
  *primary = false;
  for (auto& u : t.unique_constraints)
    if (u.name == name) return &u;
  return nullptr;
}

void drop_constraint(Ctx& c, Table& t, const sql::AlterTableCmd& cmd) {
  bool primary = false;
  if (catalog::KeyConstraint* k = find_key(t, cmd.name, &primary)) {
    catalog::KeyConstraint key = *k;
    drop_key_constraint(c, t, key, cmd.cascade);
    if (primary) t.primary_key.reset();
    else
      t.unique_constraints.erase(std::remove_if(t.unique_constraints.begin(), t.unique_constraints.end(),
                                                [&](const catalog::KeyConstraint& u) { return u.name == key.name; }),
                                 t.unique_constraints.end());
    return;
  }
  for (auto it = t.foreign_keys.begin(); it != t.foreign_keys.end(); ++it)
    if (it->name == cmd.name) {
      t.foreign_keys.erase(it);
      return;
    }
  for (auto it = t.checks.begin(); it != t.checks.end(); ++it)
    if (it->name == cmd.name) {
      sources_of(c, t).checks.erase(cmd.name);
      t.checks.erase(it);
      return;
    }
  // An exclusion constraint lives only as its index.
  for (const catalog::Index& ix : t.indexes)
    if (ix.name == cmd.name && !ix.unique) {
      drop_index_entry(c, t, cmd.name);
      return;
    }
  if (cmd.missing_ok) return;
  raise("42704", "constraint \"" + cmd.name + "\" of relation \"" + t.name + "\" does not exist");
}

// ALTER COLUMN ... TYPE: PostgreSQL converts the data with an assignment cast unless USING is given, then
// converts the default the same way.
void alter_column_type(Ctx& c, Table& t, const sql::AlterTableCmd& cmd) {
  catalog::Column* col = t.column(cmd.name);
  if (!col) raise("42703", "column \"" + cmd.name + "\" of relation \"" + t.name + "\" does not exist");
  if (!cmd.column) return;
  auto resolved = pg::resolve_type(cmd.column->type, c.st.cat);
  if (!resolved) raise("42704", "type \"" + pg::type_name_text(cmd.column->type) + "\" does not exist");
  pg::TypeRef to = resolved->type;
  pg::TypeRef from = pg::type_from_formatted(col->type);
  std::string to_text = pg::format_type(to);
  if (!cmd.expr && !pg::assignment_cast_exists(from, to))
    raise("42804", "column \"" + col->name + "\" cannot be cast automatically to type " + to_text);
  if (cmd.expr && (cmd.expr->kind == sql::ExprKind::ColumnRef || cmd.expr->kind == sql::ExprKind::Const)) {
    pg::TypeRef got = expr_guard([&] { return pg::expr_type(*cmd.expr, expr_context(c, &t)); });
    if (got.elem != "unknown" && !pg::assignment_cast_exists(got, to))
      raise("42804", "result of USING clause for column \"" + col->name +
                         "\" cannot be cast automatically to type " + to_text);
  }
  TableSource& src = sources_of(c, t);
  auto d = src.defaults.find(col->name);
  if (d != src.defaults.end()) {
    // The stored default already has the old column type: keep that type, then coerce to the new one.
    if (d->second->kind == sql::ExprKind::Const && d->second->const_kind == sql::ConstKind::String) {
      sql::Expr cast;
      cast.kind = sql::ExprKind::TypeCast;
      cast.type.push_back(type_name_of(from));
      cast.args.push_back(*d->second);
      d->second = std::move(cast);
    }
    const sql::Expr& e = *d->second;
    pg::TypeRef dt = expr_guard([&] { return pg::expr_type(e, expr_context(c, &t)); });
    if (dt.elem != "unknown" && !pg::assignment_cast_exists(dt, to))
      raise("42804", "default for column \"" + col->name + "\" cannot be cast automatically to type " + to_text);
  } else if (col->default_expr && col->default_expr->find("::" + pg::format_type(from, false)) != std::string::npos &&
             c.st.cat.enum_type(from.schema, from.name) && !(from == to)) {
    raise("42804", "default for column \"" + col->name + "\" cannot be cast automatically to type " + to_text);
  }
  col->type = to_text;
  for (catalog::Sequence& s : c.st.cat.sequences)
    // Only an identity column's sequence follows the new type; a serial's owned sequence keeps its own.
    if (!col->identity.empty() && s.schema == t.schema && s.owned_by == t.name + "." + col->name && pg::is_integer(to))
      s.type = pg::format_type(to, false);
  // Only what prints the column's type: its default, and the checks and indexes that use it.
  const Reprint retyped{{col->name}, {}, {}, {}};
  rerender_table(c, t, &retyped);
}

void set_default(Ctx& c, Table& t, const sql::AlterTableCmd& cmd) {
  catalog::Column* col = t.column(cmd.name);
  if (!col) raise("42703", "column \"" + cmd.name + "\" of relation \"" + t.name + "\" does not exist");
  TableSource& src = sources_of(c, t);
  if (cmd.kind == sql::AlterKind::DropDefault || !cmd.expr) {
    col->default_expr.reset();
    src.defaults.erase(col->name);
    return;
  }
  auto text = expr_guard(
      [&] { return pg::deparse_default(*cmd.expr, pg::type_from_formatted(col->type), expr_context(c, &t)); });
  col->default_expr = text;
  if (text) src.defaults[col->name] = *cmd.expr;
  else src.defaults.erase(col->name);
}

int alter_pass(const sql::AlterTableCmd& cmd) {
  using K = sql::AlterKind;
  switch (cmd.kind) {
    case K::DropColumn: case K::DropConstraint: case K::DropNotNull: case K::DropDefault: return 0;
    case K::AlterColumnType: return 1;
    case K::AddColumn: return 4;
    case K::SetNotNull: return 6;
    case K::AddConstraint:
      if (cmd.constraint && (cmd.constraint->kind == sql::ConstraintKind::PrimaryKey ||
                             cmd.constraint->kind == sql::ConstraintKind::Unique))
        return 7;
      return 9;
    case K::SetDefault: return cmd.expr ? 9 : 0;
    default: return 10;
  }
}

}  // namespace

void add_column(Ctx& c, Table& t, const sql::ColumnDef& def, bool table_is_new) {
  if (t.column(def.name)) {
    if (table_is_new) raise("42701", "column \"" + def.name + "\" specified more than once");
    raise("42701", "column \"" + def.name + "\" of relation \"" + t.name + "\" already exists");
  }
  auto resolved = pg::resolve_type(def.type, c.st.cat);
  if (!resolved) raise("42704", "type \"" + pg::type_name_text(def.type) + "\" does not exist");
  catalog::Column col;
  col.name = def.name;
  col.type = pg::format_type(resolved->type);
  if (resolved->serial) col.nullable = false;
  const sql::Expr* default_expr = nullptr;
  const sql::Expr* generated_expr = nullptr;
  std::vector<const sql::Constraint*> later;
  for (const sql::Constraint& con : def.constraints) {
    switch (con.kind) {
      case sql::ConstraintKind::NotNull: col.nullable = false; break;
      case sql::ConstraintKind::Null: col.nullable = true; break;
      case sql::ConstraintKind::Default: if (con.expr) default_expr = &*con.expr; break;
      case sql::ConstraintKind::Identity:
        col.identity = std::string(1, con.generated_when == 'a' ? 'a' : 'd');
        col.nullable = false;
        break;
      case sql::ConstraintKind::Generated:
        col.generated = "s";
        if (con.expr) generated_expr = &*con.expr;
        break;
      case sql::ConstraintKind::PrimaryKey:
        col.nullable = false;
        later.push_back(&con);
        break;
      case sql::ConstraintKind::Unique:
      case sql::ConstraintKind::Check:
      case sql::ConstraintKind::ForeignKey:
      case sql::ConstraintKind::Exclusion:
        later.push_back(&con);
        break;
      default: break;
    }
  }
  t.columns.push_back(col);
  catalog::Column& added = t.columns.back();
  if (resolved->serial || !added.identity.empty()) add_owned_sequence(c, t, def.name, resolved->type);
  if (default_expr) {
    auto text = expr_guard(
        [&] { return pg::deparse_default(*default_expr, resolved->type, expr_context(c, &t)); });
    t.column(def.name)->default_expr = text;
    if (text) sources_of(c, t).defaults[def.name] = *default_expr;
  }
  if (generated_expr) {
    auto text = expr_guard(
        [&] { return pg::deparse_default(*generated_expr, resolved->type, expr_context(c, &t)); });
    t.column(def.name)->default_expr = text;
    if (text) sources_of(c, t).defaults[def.name] = *generated_expr;
  }
  // Keys first, then checks, then foreign keys: the order PostgreSQL creates them in.
  for (int phase = 0; phase < 3; ++phase)
    for (const sql::Constraint* con : later) {
      int p = (con->kind == sql::ConstraintKind::PrimaryKey || con->kind == sql::ConstraintKind::Unique ||
               con->kind == sql::ConstraintKind::Exclusion)
                  ? 0
                  : con->kind == sql::ConstraintKind::Check ? 1 : 2;
      if (p != phase) continue;
      sql::Constraint copy = *con;
      if (copy.kind == sql::ConstraintKind::PrimaryKey || copy.kind == sql::ConstraintKind::Unique)
        if (copy.keys.empty()) copy.keys = {def.name};
      if (copy.kind == sql::ConstraintKind::ForeignKey && copy.fk_columns.empty()) copy.fk_columns = {def.name};
      if (table_is_new) copy.not_valid = false;
      add_constraint(c, t, copy, def.name);
    }
}

void add_constraint(Ctx& c, Table& t, const sql::Constraint& con, const std::string& column_for_check) {
  auto& cat = c.st.cat;
  switch (con.kind) {
    case sql::ConstraintKind::PrimaryKey:
    case sql::ConstraintKind::Unique: {
      bool primary = con.kind == sql::ConstraintKind::PrimaryKey;
      if (primary && t.primary_key)
        raise("42P16", "multiple primary keys for table \"" + t.name + "\" are not allowed");
      IndexSource src;
      src.unique = true;
      src.primary = primary;
      src.nulls_not_distinct = con.nulls_not_distinct;
      src.options = printed_reloptions(con.options);
      std::vector<std::string> keys = con.keys;
      std::string name = con.name;
      if (!con.index_name.empty()) {
        // ADD CONSTRAINT ... USING INDEX: the index becomes the constraint's (renamed to it).
        auto it = std::find_if(t.indexes.begin(), t.indexes.end(),
                               [&](const catalog::Index& i) { return i.name == con.index_name; });
        if (it == t.indexes.end())
          raise("42704", "index \"" + con.index_name + "\" does not exist");
        if (!it->unique) raise("42809", "\"" + con.index_name + "\" is not a unique index");
        auto& srcs = sources_of(c, t).indexes;
        auto s = srcs.find(con.index_name);
        if (s != srcs.end()) src = *s->second;
        src.primary = primary;
        src.unique = true;
        keys = it->columns;
        if (name.empty()) name = con.index_name;
        if (name != con.index_name && cat.relation_exists(t.schema, name))
          raise("42P07", "relation \"" + name + "\" already exists");
        drop_index_entry(c, t, con.index_name);
      } else {
        for (const std::string& k : keys) {
          if (!t.column(k)) raise("42703", "column \"" + k + "\" named in key does not exist");
          sql::IndexElem e;
          e.column = k;
          src.keys.push_back(e);
        }
        for (const std::string& k : con.including) {
          if (!t.column(k)) raise("42703", "column \"" + k + "\" named in key does not exist");
          sql::IndexElem e;
          e.column = k;
          src.including.push_back(e);
        }
        if (name.empty()) {
          std::vector<std::string> all = keys;
          all.insert(all.end(), con.including.begin(), con.including.end());
          name = primary ? choose_relation_name(cat, t.schema, t.name, "", "pkey", true)
                         : choose_relation_name(cat, t.schema, t.name, name_addition(all), "key", true);
        } else if (cat.relation_exists(t.schema, name)) {
          raise("42P07", "relation \"" + name + "\" already exists");
        }
      }
      if (primary)
        for (const std::string& k : keys)
          if (catalog::Column* col = t.column(k)) col->nullable = false;
      catalog::Index ix = render_index(c, t, name, src);
      c.st.cat.index_named(t, name);
      t.indexes.push_back(ix);
      sources_of(c, t).indexes[name] = src;
      if (primary) t.primary_key = catalog::KeyConstraint{name, keys};
      else t.unique_constraints.push_back(catalog::KeyConstraint{name, keys});
      return;
    }
    case sql::ConstraintKind::Check: {
      if (!con.expr) return;
      std::string name = con.name;
      if (name.empty()) {
        auto refs = pg::referenced_columns(*con.expr);
        std::string col = refs.size() == 1 ? refs[0] : (refs.empty() ? column_for_check : "");
        name = choose_constraint_name(cat, t.schema, t.name, col, "check");
      } else {
        for (const catalog::Check& k : t.checks)
          if (k.name == name)
            raise("42710", "constraint \"" + name + "\" for relation \"" + t.name + "\" already exists");
      }
      std::string text = expr_guard([&] { return check_text(c, t, *con.expr, con.not_valid); });
      t.checks.push_back(catalog::Check{name, text, !con.not_valid});
      sources_of(c, t).checks[name] = *con.expr;
      return;
    }
    case sql::ConstraintKind::ForeignKey: {
      sql::QualifiedName ref = con.ref_table;
      Table* rt = find_table(c, ref);
      if (!rt) raise("42P01", "relation \"" + display(ref) + "\" does not exist");
      std::vector<std::string> ref_cols = con.ref_columns;
      if (ref_cols.empty()) {
        if (!rt->primary_key)
          raise("42830", "there is no primary key for referenced table \"" + rt->name + "\"");
        ref_cols = rt->primary_key->columns;
      }
      for (const std::string& k : con.fk_columns)
        if (!t.column(k))
          raise("42703", "column \"" + k + "\" referenced in foreign key constraint does not exist");
      for (const std::string& k : ref_cols)
        if (!rt->column(k))
          raise("42703", "column \"" + k + "\" referenced in foreign key constraint does not exist");
      if (ref_cols.size() != con.fk_columns.size())
        raise("42830", "number of referencing and referenced columns for foreign key disagree");
      bool unique_target = rt->primary_key && same_columns(rt->primary_key->columns, ref_cols);
      for (const auto& u : rt->unique_constraints) unique_target = unique_target || same_columns(u.columns, ref_cols);
      for (const auto& i : rt->indexes)
        unique_target = unique_target || (i.unique && !i.predicate && same_columns(i.columns, ref_cols));
      if (!unique_target)
        raise("42830", "there is no unique constraint matching given keys for referenced table \"" + rt->name +
                           "\"");
      std::string name = con.name;
      if (name.empty()) {
        name = choose_constraint_name(cat, t.schema, t.name, name_addition(con.fk_columns), "fkey");
      } else {
        for (const catalog::ForeignKey& f : t.foreign_keys)
          if (f.name == name)
            raise("42710", "constraint \"" + name + "\" for relation \"" + t.name + "\" already exists");
      }
      for (size_t i = 0; i < ref_cols.size(); ++i) {
        pg::TypeRef a = pg::type_from_formatted(t.column(con.fk_columns[i])->type);
        pg::TypeRef b = pg::type_from_formatted(rt->column(ref_cols[i])->type);
        bool ok = a == b || (pg::is_numeric_family(a) && pg::is_numeric_family(b)) ||
                  (pg::is_string(a) && pg::is_string(b)) || (a.elem == b.elem && a.array == b.array);
        if (!ok)
          raise("42804", "foreign key constraint \"" + name + "\" cannot be implemented");
      }
      catalog::ForeignKey fk;
      fk.name = name;
      fk.columns = con.fk_columns;
      fk.ref_schema = rt->schema;
      fk.ref_table = rt->name;
      fk.ref_columns = ref_cols;
      fk.on_delete = fk_action(con.on_delete);
      fk.on_update = fk_action(con.on_update);
      fk.deferrable = con.deferrable;
      fk.validated = !con.not_valid;
      t.foreign_keys.push_back(std::move(fk));
      return;
    }
    case sql::ConstraintKind::Exclusion: {
      // catalog/1 lists no exclusion constraints (contype 'x'), only the index that enforces them: not unique,
      // its keys without their operators.
      IndexSource src;
      src.method = con.access_method.empty() ? "btree" : con.access_method;
      src.keys = con.exclusion_keys;
      for (const std::string& k : con.including) {
        if (!t.column(k)) raise("42703", "column \"" + k + "\" named in key does not exist");
        sql::IndexElem e;
        e.column = k;
        src.including.push_back(e);
      }
      src.where = con.where;
      src.options = printed_reloptions(con.options);
      std::string name = con.name;
      if (name.empty()) {
        name = choose_index_name(cat, t, src.keys, src.including, "excl", true);
      } else if (cat.relation_exists(t.schema, name)) {
        raise("42P07", "relation \"" + name + "\" already exists");
      }
      catalog::Index ix = expr_guard([&] { return render_index(c, t, name, src); });
      c.st.cat.index_named(t, name);
      t.indexes.push_back(std::move(ix));
      sources_of(c, t).indexes[name] = std::move(src);
      return;
    }
    default: return;
  }
}

void apply_create_table(Ctx& c, const sql::CreateTable& s) {
  // Temporary tables live in the session's pg_temp schema, which unqualified names search first; the
  // replay drops them when the migration file ends.
  std::string schema = s.temporary ? std::string(kTempSchema) : creation_schema(c, s.name);
  if (c.st.cat.relation_exists(schema, s.name.name)) {
    if (s.if_not_exists) return;
    raise("42P07", "relation \"" + s.name.name + "\" already exists");
  }
  if (c.st.cat.enum_type(schema, s.name.name)) raise("42710", "type \"" + s.name.name + "\" already exists");
  if (!s.inherits.empty() || !s.like.empty() || s.is_partition || (s.as_select && !s.temporary))
    c.notes.push_back("CREATE TABLE with INHERITS, LIKE, PARTITION OF or AS is only partly modelled");
  c.st.cat.tables.push_back(Table{});
  Table* t = &c.st.cat.tables.back();
  t->schema = schema;
  t->name = s.name.name;
  t->partitioned = s.partitioned;
  c.st.sources.erase({schema, s.name.name});
  for (const sql::ColumnDef& col : s.columns) {
    // add_column may grow the catalog's vectors: look the table up again each time.
    t = c.st.cat.table(schema, s.name.name);
    add_column(c, *t, col, true);
  }
  for (int phase = 0; phase < 3; ++phase)
    for (const sql::Constraint& con : s.constraints) {
      int p = (con.kind == sql::ConstraintKind::PrimaryKey || con.kind == sql::ConstraintKind::Unique ||
               con.kind == sql::ConstraintKind::Exclusion)
                  ? 0
                  : con.kind == sql::ConstraintKind::Check ? 1 : 2;
      if (p != phase) continue;
      sql::Constraint copy = con;
      copy.not_valid = false;
      t = c.st.cat.table(schema, s.name.name);
      add_constraint(c, *t, copy, "");
    }
}

void apply_alter_table(Ctx& c, const sql::AlterTable& s) {
  if (s.object_kind != "TABLE" && s.object_kind != "FOREIGN_TABLE" && !s.object_kind.empty()) {
    // ALTER INDEX / SEQUENCE / VIEW ... SET (...), OWNER TO, ...: no catalog change, but the object must exist.
    return;
  }
  Table* found = find_table(c, s.name);
  if (!found) {
    if (s.if_exists) return;
    raise("42P01", "relation \"" + display(s.name) + "\" does not exist");
  }
  const std::string schema = found->schema, name = found->name;
  std::vector<const sql::AlterTableCmd*> cmds;
  for (const auto& cmd : s.commands) cmds.push_back(&cmd);
  std::stable_sort(cmds.begin(), cmds.end(),
                   [](const sql::AlterTableCmd* a, const sql::AlterTableCmd* b) { return alter_pass(*a) < alter_pass(*b); });
  using K = sql::AlterKind;
  for (const sql::AlterTableCmd* cmdp : cmds) {
    const sql::AlterTableCmd& cmd = *cmdp;
    Table& t = *c.st.cat.table(schema, name);
    switch (cmd.kind) {
      case K::AddColumn:
        if (!cmd.column) break;
        if (cmd.missing_ok && t.column(cmd.column->name)) break;
        add_column(c, t, *cmd.column, false);
        break;
      case K::DropColumn: drop_column(c, t, cmd); break;
      case K::AlterColumnType: alter_column_type(c, t, cmd); break;
      case K::SetDefault:
      case K::DropDefault: set_default(c, t, cmd); break;
      case K::SetNotNull:
      case K::DropNotNull: {
        catalog::Column* col = t.column(cmd.name);
        if (!col) raise("42703", "column \"" + cmd.name + "\" of relation \"" + t.name + "\" does not exist");
        if (cmd.kind == K::DropNotNull && t.primary_key &&
            std::find(t.primary_key->columns.begin(), t.primary_key->columns.end(), cmd.name) !=
                t.primary_key->columns.end())
          raise("42P16", "column \"" + cmd.name + "\" is in a primary key");
        if (cmd.kind == K::DropNotNull && !col->identity.empty())
          raise("42P16", "column \"" + cmd.name + "\" of relation \"" + t.name + "\" is an identity column");
        col->nullable = cmd.kind == K::DropNotNull;
        break;
      }
      case K::AddConstraint:
        if (cmd.constraint) add_constraint(c, t, *cmd.constraint, "");
        break;
      case K::DropConstraint: drop_constraint(c, t, cmd); break;
      case K::ValidateConstraint: {
        bool found_it = false;
        for (catalog::ForeignKey& f : t.foreign_keys)
          if (f.name == cmd.name) { f.validated = true; found_it = true; }
        for (catalog::Check& k : t.checks)
          if (k.name == cmd.name) {
            k.validated = true;
            found_it = true;
            const std::string suffix = " NOT VALID";
            if (k.expression.ends_with(suffix)) k.expression.resize(k.expression.size() - suffix.size());
          }
        bool primary = false;
        if (!found_it && !find_key(t, cmd.name, &primary))
          raise("42704", "constraint \"" + cmd.name + "\" of relation \"" + t.name + "\" does not exist");
        break;
      }
      case K::AlterConstraint:
        if (cmd.constraint)
          for (catalog::ForeignKey& f : t.foreign_keys)
            if (f.name == cmd.name || f.name == cmd.constraint->name) f.deferrable = cmd.constraint->deferrable;
        break;
      case K::AddIdentity: {
        catalog::Column* col = t.column(cmd.name);
        if (!col) raise("42703", "column \"" + cmd.name + "\" of relation \"" + t.name + "\" does not exist");
        char when = cmd.constraint ? cmd.constraint->generated_when : 'd';
        col->identity = std::string(1, when == 'a' ? 'a' : 'd');
        col->nullable = false;
        add_owned_sequence(c, t, cmd.name, pg::type_from_formatted(col->type));
        break;
      }
      case K::DropIdentity: {
        catalog::Column* col = t.column(cmd.name);
        if (!col) raise("42703", "column \"" + cmd.name + "\" of relation \"" + t.name + "\" does not exist");
        col->identity.clear();
        auto& seqs = c.st.cat.sequences;
        seqs.erase(std::remove_if(seqs.begin(), seqs.end(),
                                  [&](const catalog::Sequence& q) {
                                    return q.schema == t.schema && q.owned_by == t.name + "." + cmd.name;
                                  }),
                   seqs.end());
        break;
      }
      case K::DropExpression: {
        if (catalog::Column* col = t.column(cmd.name)) {
          col->generated.clear();
          col->default_expr.reset();
          sources_of(c, t).defaults.erase(cmd.name);
        }
        break;
      }
      case K::AttachPartition:
      case K::DetachPartition:
      case K::Inherit:
      case K::NoInherit:
      case K::Other:
        c.notes.push_back("ALTER TABLE " + cmd.raw_kind + " is not modelled");
        break;
      default: break;  // storage, statistics, owner, triggers, row security, options: no catalog change
    }
  }
}

}  // namespace sg::replay::detail
