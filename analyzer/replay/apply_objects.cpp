// Indexes, types, schemas, extensions, sequences, views, functions, triggers; DROP, RENAME, SET SCHEMA.
#include <algorithm>
#include <cstdio>
#include <optional>

#include "analyzer/catalog/pg_expr.hpp"
#include "analyzer/catalog/pg_print.hpp"
#include "analyzer/replay/replay_state.hpp"

namespace sg::replay::detail {

namespace pg = catalog::pg;
using catalog::Table;

namespace {

template <class V, class P>
bool erase_if_any(V& v, P p) {
  auto it = std::remove_if(v.begin(), v.end(), p);
  bool any = it != v.end();
  v.erase(it, v.end());
  return any;
}

// The table holding an index, following the search path when the name is unqualified.
Table* table_of_index(Ctx& c, const sql::QualifiedName& n) {
  auto look = [&](const std::string& schema) { return c.st.cat.table_of_index(schema, n.name); };
  if (!n.schema.empty()) return look(n.schema);
  for (const std::string& s : c.st.search_path)
    if (Table* t = look(s)) return t;
  return nullptr;
}

std::string lookup_schema(Ctx& c, const sql::QualifiedName& n) {
  if (!n.schema.empty()) return n.schema;
  return c.st.search_path.empty() ? "public" : c.st.search_path.front();
}

bool column_uses_type(const catalog::Column& col, const std::string& schema, const std::string& name) {
  if (col.type.find(name) == std::string::npos) return false;  // cheap test before parsing the type text
  pg::TypeRef t = pg::type_from_formatted(col.type);
  return (t.elem == "user" || t.elem == "enum") && t.schema == schema && t.name == name;
}

// How a type's name can appear in the texts PostgreSQL prints (quote_identifier): a name that only lowercase
// letters, digits and underscores make up appears as a whole word (bare, or quoted when it is a keyword); any
// other name appears quoted. So "X" is not taken to appear inside "X_new", as a plain substring search did.
class TypeMention {
 public:
  explicit TypeMention(const std::string& name) {
    bare_ = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
    });
    needle_ = bare_ ? name : pg::quote_ident(name);
  }
  bool in(const std::string& text) const {
    for (size_t p = text.find(needle_); p != std::string::npos; p = text.find(needle_, p + 1)) {
      if (!bare_) return true;
      const size_t end = p + needle_.size();
      if ((p == 0 || !is_word_char(text[p - 1])) && (end == text.size() || !is_word_char(text[end]))) return true;
    }
    return false;
  }

 private:
  std::string needle_;
  bool bare_ = false;
};

// Whether any text PostgreSQL prints for the table could name the type: an expression that casts to it prints
// the cast. Prisma's enum redefinition renames a type in most migrations that touch enums, and the expression
// trees of every table are far costlier to walk than their printed texts.
bool may_mention(const Table& t, const TypeMention& type) {
  for (const auto& col : t.columns)
    if (type.in(col.type) || (col.default_expr && type.in(*col.default_expr))) return true;
  for (const auto& ch : t.checks)
    if (type.in(ch.expression)) return true;
  for (const auto& ix : t.indexes)  // only predicates are re-printed with the new name (see below)
    if (ix.predicate && type.in(*ix.predicate)) return true;
  return false;
}

// Re-types one table's columns and parsed expressions from type `from` to `to`; whether anything changed.
bool retype_table(Ctx& c, Table& t, const std::string& schema, const std::string& from, const TypeMention& mention,
                  const std::string& to_schema, const std::string& to) {
  if (!may_mention(t, mention)) return false;
  // Only what the rename reaches is printed again: the re-typed columns (and what prints their types) and the
  // expressions that name the type.
  Reprint reached;
  for (catalog::Column& col : t.columns)
    if (column_uses_type(col, schema, from)) {
      pg::TypeRef ty = pg::type_from_formatted(col.type);
      ty.schema = to_schema;
      ty.name = to;
      ty.elem = "user";
      col.type = pg::format_type(ty);
      reached.columns.push_back(col.name);
    }
  auto it = c.st.sources.find({t.schema, t.name});
  if (it != c.st.sources.end()) {
    // Only the trees that name the type are changed (and so copied when shared).
    auto retype = [&](CopyOnWrite<sql::Expr>& e, const std::string& key, std::vector<std::string>& renamed) {
      if (pg::refers_to_type(*e, schema, from) && pg::rename_type_refs(e.edit(), schema, from, to))
        renamed.push_back(key);
    };
    for (auto& [k, e] : it->second.defaults) retype(e, k, reached.defaults);
    for (auto& [k, e] : it->second.checks) retype(e, k, reached.checks);
    for (auto& [k, ix] : it->second.indexes)
      if (ix->where && pg::refers_to_type(*ix->where, schema, from) &&
          pg::rename_type_refs(*ix.edit().where, schema, from, to))
        reached.indexes.push_back(k);
  }
  if (reached.empty()) return false;
  rerender_table(c, t, &reached);
  return true;
}

// The tables that can have a column or an expression of a type named `type` (in any schema): those whose words
// (WordIndex) may hold its name, which the index answers for the live state as long as the file's reach is
// known. Null when every table must be looked at. Prisma rebuilds an enum as "X_new", renames "X" to "X_old" and
// "X_new" to "X", then drops "X_old": each of those looked through every column of every table.
std::optional<std::vector<Table*>> tables_that_can_use(Ctx& c, const std::string& type) {
  if (!c.run_reach || c.run_reach->unknown || !c.printed_words) return std::nullopt;
  std::string_view word = first_word(type);
  if (word.empty()) return std::nullopt;
  return c.printed_words->tables_printing(c.st.cat, word);
}

// Sanitizer builds check the shortcut above: no table outside it may have a column or a parsed expression of
// the type.
void check_no_use_outside(Ctx& c, const std::vector<Table*>& looked_at, const std::string& schema,
                          const std::string& type) {
#ifdef SCHEMAGATE_CHECK_LOOKUPS
  auto expressions_use = [&](const Table& t) {
    auto it = c.st.sources.find({t.schema, t.name});
    if (it == c.st.sources.end()) return false;
    bool named = false;
    for (const auto& [k, e] : it->second.defaults) named |= pg::refers_to_type(*e, schema, type);
    for (const auto& [k, e] : it->second.checks) named |= pg::refers_to_type(*e, schema, type);
    for (const auto& [k, ix] : it->second.indexes)
      if (ix->where) named |= pg::refers_to_type(*ix->where, schema, type);
    return named;
  };
  for (const Table& t : c.st.cat.tables) {
    if (std::find(looked_at.begin(), looked_at.end(), &t) != looked_at.end()) continue;
    bool used = expressions_use(t);
    for (const catalog::Column& col : t.columns) used |= column_uses_type(col, schema, type);
    if (used) {
      std::fprintf(stderr, "schemagate: internal error: table %s uses type %s outside the tables looked at\n",
                   t.name.c_str(), type.c_str());
      std::abort();
    }
  }
#else
  (void)c, (void)looked_at, (void)schema, (void)type;
#endif
}

void retype_columns(Ctx& c, const std::string& schema, const std::string& from, const std::string& to_schema,
                    const std::string& to, const std::optional<std::vector<Table*>>& candidates) {
  std::vector<Table*> changed;
  const TypeMention mention(from);
  if (candidates) {
    for (Table* t : *candidates)
      if (retype_table(c, *t, schema, from, mention, to_schema, to)) changed.push_back(t);
    check_no_use_outside(c, *candidates, schema, from);
  } else {
    for (Table& t : c.st.cat.tables)
      if (retype_table(c, t, schema, from, mention, to_schema, to)) changed.push_back(&t);
  }
  std::vector<std::string> names;
  for (const Table* t : changed) names.push_back(t->name);
  c.reached(names);
}

// A default's nextval('seq'::regclass) is bound to the sequence, not its name: after a rename or a move it
// prints the sequence's new name, qualified unless the new schema is on the search path.
// The parsed defaults kept for re-printing get the same treatment: their literal names the sequence anew.
bool is_sequence_literal(const sql::Expr& e, const std::pair<std::string, std::string>& sequence) {
  return e.kind == sql::ExprKind::Const && e.const_kind == sql::ConstKind::String &&
         pg::regclass_name(e.value) == sequence;
}

bool names_sequence(const sql::Expr& e, const std::pair<std::string, std::string>& sequence) {
  return is_sequence_literal(e, sequence) ||
         std::any_of(e.args.begin(), e.args.end(), [&](const sql::Expr& a) { return names_sequence(a, sequence); });
}

void sequence_literals_moved(sql::Expr& e, const std::pair<std::string, std::string>& from,
                             const std::string& to_literal) {
  if (is_sequence_literal(e, from)) e.value = to_literal;
  for (sql::Expr& a : e.args) sequence_literals_moved(a, from, to_literal);
}

void sequence_moved(Ctx& c, const std::string& from_schema, const std::string& from_name,
                    const std::string& to_schema, const std::string& to_name) {
  auto& cat = c.st.cat;
  std::string from = pg::quote_literal(pg::visible_name(from_schema, from_name)) + "::regclass";
  std::string to = pg::quote_literal(pg::visible_name(to_schema, to_name)) + "::regclass";
  if (from == to) return;
  auto dq = [](const std::string& x) {
    std::string o = "\"";
    for (char ch : x) o += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return o + "\"";
  };
  for (auto& [key, src] : c.st.sources)
    for (auto& [col, e] : src.defaults)
      if (names_sequence(*e, {from_schema, from_name}))
        sequence_literals_moved(e.edit(), {from_schema, from_name}, dq(to_schema) + "." + dq(to_name));
  for (Table& t : cat.tables)
    for (catalog::Column& col : t.columns)
      if (col.default_expr)
        for (size_t p = col.default_expr->find(from); p != std::string::npos; p = col.default_expr->find(from, p + to.size()))
          col.default_expr->replace(p, from.size(), to);
}

void drop_index(Ctx& c, const sql::QualifiedName& n, const sql::DropObjects& s) {
  Table* t = table_of_index(c, n);
  if (!t) {
    if (s.if_exists) return;
    raise("42704", "index \"" + display(n) + "\" does not exist");
  }
  bool backs = (t->primary_key && t->primary_key->name == n.name) ||
               std::any_of(t->unique_constraints.begin(), t->unique_constraints.end(),
                           [&](const catalog::KeyConstraint& k) { return k.name == n.name; });
  if (backs && !s.cascade)
    raise("2BP01", "cannot drop index " + n.name + " because constraint " + n.name + " on table " + t->name +
                       " requires it");
  if (backs) {
    if (t->primary_key && t->primary_key->name == n.name) t->primary_key.reset();
    erase_if_any(t->unique_constraints, [&](const catalog::KeyConstraint& k) { return k.name == n.name; });
  }
  erase_if_any(t->indexes, [&](const catalog::Index& i) { return i.name == n.name; });
  sources_of(c, *t).indexes.erase(n.name);
}

void drop_table(Ctx& c, const sql::QualifiedName& n, const sql::DropObjects& s) {
  Table* t = find_table(c, n);
  if (!t) {
    if (s.if_exists) return;
    raise("42P01", "table \"" + display(n) + "\" does not exist");
  }
  const std::string schema = t->schema, name = t->name;
  // Foreign keys of other tables pointing here block the drop unless CASCADE (which drops those keys).
  std::vector<std::pair<Table*, std::string>> deps;
  for (Table& o : c.st.cat.tables)
    if (!(o.schema == schema && o.name == name))
      for (const catalog::ForeignKey& f : o.foreign_keys)
        if (f.ref_schema == schema && f.ref_table == name) deps.push_back({&o, f.name});
  // Other tables dropped by the same statement do not count as dependents.
  erase_if_any(deps, [&](const std::pair<Table*, std::string>& d) {
    for (const sql::QualifiedName& other : s.names) {
      Table* ot = find_table(c, other);
      if (ot == d.first) return true;
    }
    return false;
  });
  if (!deps.empty() && !s.cascade)
    raise("2BP01", "cannot drop table " + name + " because other objects depend on it");
  for (auto& [o, fk] : deps)
    erase_if_any(o->foreign_keys, [&](const catalog::ForeignKey& f) { return f.name == fk; });
  drop_table_objects(c, *t);
  c.st.cat.erase_table(static_cast<size_t>(t - c.st.cat.tables.data()));
}

void drop_type(Ctx& c, const sql::QualifiedName& n, const sql::DropObjects& s) {
  catalog::Enum* e = find_enum(c, n);
  if (!e) {
    if (s.if_exists) return;
    raise("42704", "type \"" + display(n) + "\" does not exist");
  }
  const std::string schema = e->schema, name = e->name;
  auto uses = [&](const Table& t) {
    return std::any_of(t.columns.begin(), t.columns.end(),
                       [&](const catalog::Column& col) { return column_uses_type(col, schema, name); });
  };
  bool used = false;
  if (auto candidates = tables_that_can_use(c, name)) {
    used = std::any_of(candidates->begin(), candidates->end(), [&](const Table* t) { return uses(*t); });
    check_no_use_outside(c, *candidates, schema, name);
  } else {
    used = std::any_of(c.st.cat.tables.begin(), c.st.cat.tables.end(), uses);
  }
  if (used && !s.cascade)
    raise("2BP01", "cannot drop type " + pg::visible_name(schema, name) + " because other objects depend on it");
  if (used) {
    for (Table& t : c.st.cat.tables) {
      std::vector<std::string> cols;
      for (const catalog::Column& col : t.columns)
        if (column_uses_type(col, schema, name)) cols.push_back(col.name);
      for (const std::string& col : cols) {
        sql::AlterTable at;
        at.name = {t.schema, t.name, {}};
        sql::AlterTableCmd cmd;
        cmd.kind = sql::AlterKind::DropColumn;
        cmd.name = col;
        cmd.cascade = true;
        at.commands.push_back(cmd);
        apply_alter_table(c, at);
      }
    }
  }
  erase_if_any(c.st.cat.enums, [&](const catalog::Enum& x) { return x.schema == schema && x.name == name; });
  c.tx.enums_created.erase({schema, name});
}

void drop_sequence(Ctx& c, const sql::QualifiedName& n, const sql::DropObjects& s) {
  std::string schema = lookup_schema(c, n);
  const catalog::Sequence* q = c.st.cat.sequence(schema, n.name);
  if (!q) {
    if (s.if_exists) return;
    raise("42P01", "sequence \"" + display(n) + "\" does not exist");
  }
  std::string needle = pg::quote_literal(pg::visible_name(schema, n.name)) + "::regclass";
  for (Table& t : c.st.cat.tables)
    for (catalog::Column& col : t.columns)
      if (col.default_expr && col.default_expr->find(needle) != std::string::npos) {
        if (!s.cascade)
          raise("2BP01", "cannot drop sequence " + n.name + " because other objects depend on it");
        col.default_expr.reset();
      }
  erase_if_any(c.st.cat.sequences,
               [&](const catalog::Sequence& x) { return x.schema == schema && x.name == n.name; });
}

void drop_view(Ctx& c, const sql::QualifiedName& n, const sql::DropObjects& s, bool materialized) {
  std::string schema = lookup_schema(c, n);
  const catalog::View* v = c.st.cat.view(schema, n.name);
  if (!v || v->materialized != materialized) {
    if (s.if_exists) return;
    raise("42P01", std::string(materialized ? "materialized view" : "view") + " \"" + display(n) +
                       "\" does not exist");
  }
  erase_if_any(c.st.cat.views, [&](const catalog::View& x) { return x.schema == schema && x.name == n.name; });
  erase_if_any(c.st.cat.triggers,
               [&](const catalog::Trigger& x) { return x.schema == schema && x.table == n.name; });
}

void drop_schema(Ctx& c, const sql::QualifiedName& n, const sql::DropObjects& s) {
  const std::string& name = n.name.empty() ? n.schema : n.name;
  if (!c.st.cat.has_schema(name)) {
    if (s.if_exists) return;
    raise("3F000", "schema \"" + name + "\" does not exist");
  }
  auto& cat = c.st.cat;
  bool has_objects =
      std::any_of(cat.tables.begin(), cat.tables.end(), [&](const Table& t) { return t.schema == name; }) ||
      std::any_of(cat.enums.begin(), cat.enums.end(), [&](const catalog::Enum& e) { return e.schema == name; }) ||
      std::any_of(cat.sequences.begin(), cat.sequences.end(),
                  [&](const catalog::Sequence& q) { return q.schema == name; }) ||
      std::any_of(cat.views.begin(), cat.views.end(), [&](const catalog::View& v) { return v.schema == name; }) ||
      std::any_of(cat.functions.begin(), cat.functions.end(),
                  [&](const catalog::Function& f) { return f.schema == name; });
  if (has_objects && !s.cascade)
    raise("2BP01", "cannot drop schema " + name + " because other objects depend on it");
  for (auto& t : cat.tables)
    if (t.schema == name) c.st.sources.erase({t.schema, t.name});
  erase_if_any(cat.tables, [&](const Table& t) { return t.schema == name; });
  cat.table_names_changed();
  erase_if_any(cat.enums, [&](const catalog::Enum& e) { return e.schema == name; });
  erase_if_any(cat.sequences, [&](const catalog::Sequence& q) { return q.schema == name; });
  erase_if_any(cat.views, [&](const catalog::View& v) { return v.schema == name; });
  erase_if_any(cat.functions, [&](const catalog::Function& f) { return f.schema == name; });
  erase_if_any(cat.triggers, [&](const catalog::Trigger& f) { return f.schema == name; });
  for (auto& t : cat.tables)
    erase_if_any(t.foreign_keys, [&](const catalog::ForeignKey& f) { return f.ref_schema == name; });
  erase_if_any(cat.schemas, [&](const std::string& x) { return x == name; });
}

}  // namespace

std::vector<std::string> printed_reloptions(const std::vector<std::string>& stored) {
  // flatten_reloptions: the value is left bare only when quote_identifier would leave it as it is.
  std::vector<std::string> out;
  for (const std::string& o : stored) {
    size_t eq = o.find('=');
    std::string name = o.substr(0, eq), value = eq == std::string::npos ? "" : o.substr(eq + 1);
    out.push_back(pg::quote_ident(name) + "=" + (pg::quote_ident(value) == value ? value : pg::quote_literal(value)));
  }
  return out;
}

void apply_create_index(Ctx& c, const sql::CreateIndex& s) {
  if (s.concurrently && c.in_transaction_block)
    raise("25001", "CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
  Table* t = find_table(c, s.table);
  if (!t) {
    if (const catalog::View* v = c.st.cat.view(lookup_schema(c, s.table), s.table.name); v && v->materialized) {
      c.notes.push_back("indexes on materialized views are not modelled");
      return;
    }
    raise("42P01", "relation \"" + display(s.table) + "\" does not exist");
  }
  IndexSource src;
  src.keys = s.keys;
  src.including = s.including;
  src.where = s.where;
  src.method = s.method.empty() ? "btree" : s.method;
  src.unique = s.unique;
  src.nulls_not_distinct = s.nulls_not_distinct;
  src.options = printed_reloptions(s.options);
  std::string name = s.name;
  if (name.empty()) {
    name = choose_index_name(c.st.cat, *t, s.keys, s.including, s.unique ? "key" : "idx", false);
  } else if (c.st.cat.relation_exists(t->schema, name)) {
    if (s.if_not_exists) return;
    raise("42P07", "relation \"" + name + "\" already exists");
  }
  catalog::Index ix;
  try {
    ix = render_index(c, *t, name, src);
  } catch (const pg::ExprError& e) {
    raise(e.sqlstate, e.message);
  }
  c.st.cat.index_named(*t, ix.name);
  t->indexes.push_back(std::move(ix));
  sources_of(c, *t).indexes[name] = std::move(src);
}

void apply_drop(Ctx& c, const sql::DropObjects& s) {
  const std::string& k = s.object_kind;
  if (s.concurrently && c.in_transaction_block)
    raise("25001", "DROP INDEX CONCURRENTLY cannot run inside a transaction block");
  for (size_t i = 0; i < s.names.size(); ++i) {
    const sql::QualifiedName& n = s.names[i];
    if (k == "TABLE") drop_table(c, n, s);
    else if (k == "INDEX") drop_index(c, n, s);
    else if (k == "TYPE" || k == "DOMAIN") drop_type(c, n, s);
    else if (k == "SEQUENCE") drop_sequence(c, n, s);
    else if (k == "VIEW") drop_view(c, n, s, false);
    else if (k == "MATVIEW") drop_view(c, n, s, true);
    else if (k == "SCHEMA") drop_schema(c, n, s);
    else if (k == "EXTENSION") {
      const std::string& name = n.name.empty() ? n.schema : n.name;
      if (!erase_if_any(c.st.cat.extensions, [&](const catalog::Extension& e) { return e.name == name; }) &&
          !s.if_exists && name != "plpgsql")
        raise("42704", "extension \"" + name + "\" does not exist");
    } else if (k == "FUNCTION" || k == "PROCEDURE" || k == "ROUTINE") {
      std::string schema = lookup_schema(c, n);
      if (!erase_if_any(c.st.cat.functions,
                        [&](const catalog::Function& f) { return f.schema == schema && f.name == n.name; }) &&
          !s.if_exists)
        raise("42883", "function " + display(n) + " does not exist");
    } else if (k == "TRIGGER") {
      sql::QualifiedName table = i < s.on_tables.size() ? s.on_tables[i] : sql::QualifiedName{};
      Table* t = find_table(c, table);
      if (!t) {
        if (s.if_exists) continue;
        raise("42P01", "relation \"" + display(table) + "\" does not exist");
      }
      if (!erase_if_any(c.st.cat.triggers,
                        [&](const catalog::Trigger& x) {
                          return x.schema == t->schema && x.table == t->name && x.name == n.name;
                        }) &&
          !s.if_exists)
        raise("42704", "trigger \"" + n.name + "\" for table \"" + t->name + "\" does not exist");
    } else if (k == "POLICY" || k == "RULE") {
      // Policies and rules are not part of catalog/1; the table must still exist.
      sql::QualifiedName table = i < s.on_tables.size() ? s.on_tables[i] : sql::QualifiedName{};
      if (!table.name.empty() && !find_table(c, table) && !s.if_exists)
        raise("42P01", "relation \"" + display(table) + "\" does not exist");
    } else {
      c.notes.push_back("DROP " + k + " is not modelled");
    }
  }
}

void apply_rename(Ctx& c, const sql::Rename& s) {
  const std::string& k = s.object_kind;
  auto& cat = c.st.cat;
  if (k == "COLUMN" || k == "ATTRIBUTE") {
    Table* t = find_table(c, s.target);
    if (!t) {
      if (s.if_exists) return;
      if (s.relation_kind == "VIEW" || s.relation_kind == "MATVIEW") return;
      raise("42P01", "relation \"" + display(s.target) + "\" does not exist");
    }
    catalog::Column* col = t->column(s.subname);
    if (!col) raise("42703", "column \"" + s.subname + "\" does not exist");
    if (t->column(s.new_name))
      raise("42701", "column \"" + s.new_name + "\" of relation \"" + t->name + "\" already exists");
    col->name = s.new_name;
    auto ren = [&](std::vector<std::string>& v) {
      for (auto& x : v)
        if (x == s.subname) x = s.new_name;
    };
    if (t->primary_key) ren(t->primary_key->columns);
    for (auto& u : t->unique_constraints) ren(u.columns);
    for (auto& f : t->foreign_keys) ren(f.columns);
    for (Table& o : cat.tables)
      for (auto& f : o.foreign_keys)
        if (f.ref_schema == t->schema && f.ref_table == t->name) ren(f.ref_columns);
    for (catalog::Sequence& q : cat.sequences)
      if (q.schema == t->schema && q.owned_by == t->name + "." + s.subname) q.owned_by = t->name + "." + s.new_name;
    TableSource& src = sources_of(c, *t);
    if (auto d = src.defaults.find(s.subname); d != src.defaults.end()) {
      CopyOnWrite<sql::Expr> e = std::move(d->second);
      src.defaults.erase(d);
      src.defaults.insert_or_assign(s.new_name, std::move(e));
    }
    for (auto& [n, e] : src.defaults) pg::rename_column_refs(e.edit(), s.subname, s.new_name);
    for (auto& [n, e] : src.checks) pg::rename_column_refs(e.edit(), s.subname, s.new_name);
    for (auto& [n, shared] : src.indexes) {
      IndexSource& ix = shared.edit();
      for (auto* list : {&ix.keys, &ix.including})
        for (auto& key : *list) {
          if (key.column == s.subname) key.column = s.new_name;
          if (key.expr) pg::rename_column_refs(*key.expr, s.subname, s.new_name);
        }
      if (ix.where) pg::rename_column_refs(*ix.where, s.subname, s.new_name);
    }
    for (catalog::Index& ix : t->indexes) ren(ix.columns);
    rerender_table(c, *t);
    return;
  }
  if (k == "TABLE" || k == "VIEW" || k == "MATVIEW" || k == "SEQUENCE" || k == "INDEX" || k == "FOREIGN_TABLE") {
    std::string schema = lookup_schema(c, s.target);
    if (Table* t = find_table(c, s.target); t && k != "INDEX" && k != "SEQUENCE") {
      if (cat.relation_exists(t->schema, s.new_name)) raise("42P07", "relation \"" + s.new_name + "\" already exists");
      TableKey from{t->schema, t->name}, to{t->schema, s.new_name};
      t->name = s.new_name;
      table_renamed(c, from, to);
      rerender_table(c, *cat.table(to.first, to.second));
      return;
    }
    if (Table* t = table_of_index(c, s.target)) {
      if (cat.relation_exists(t->schema, s.new_name)) raise("42P07", "relation \"" + s.new_name + "\" already exists");
      const std::string old = s.target.name;
      for (catalog::Index& ix : t->indexes)
        if (ix.name == old) ix.name = s.new_name;
      cat.index_named(*t, s.new_name);
      // Renaming the index of a key constraint renames the constraint too.
      if (t->primary_key && t->primary_key->name == old) t->primary_key->name = s.new_name;
      for (auto& u : t->unique_constraints)
        if (u.name == old) u.name = s.new_name;
      TableSource& src = sources_of(c, *t);
      if (auto it = src.indexes.find(old); it != src.indexes.end()) {
        CopyOnWrite<IndexSource> moved = std::move(it->second);
        src.indexes.erase(it);
        src.indexes.insert_or_assign(s.new_name, std::move(moved));
      }
      rerender_table(c, *t);
      return;
    }
    for (catalog::Sequence& q : cat.sequences)
      if (q.schema == schema && q.name == s.target.name) {
        if (cat.relation_exists(schema, s.new_name)) raise("42P07", "relation \"" + s.new_name + "\" already exists");
        std::string old = q.name;
        q.name = s.new_name;
        sequence_moved(c, schema, old, schema, s.new_name);
        return;
      }
    for (catalog::View& v : cat.views)
      if (v.schema == schema && v.name == s.target.name) {
        if (cat.relation_exists(schema, s.new_name)) raise("42P07", "relation \"" + s.new_name + "\" already exists");
        v.name = s.new_name;
        return;
      }
    if (s.if_exists) return;
    raise("42P01", "relation \"" + display(s.target) + "\" does not exist");
  }
  if (k == "TABCONSTRAINT") {
    Table* t = find_table(c, s.target);
    if (!t) {
      if (s.if_exists) return;
      raise("42P01", "relation \"" + display(s.target) + "\" does not exist");
    }
    const std::string& old = s.subname;
    bool is_key = (t->primary_key && t->primary_key->name == old) ||
                  std::any_of(t->unique_constraints.begin(), t->unique_constraints.end(),
                              [&](const catalog::KeyConstraint& u) { return u.name == old; });
    bool exists = is_key ||
                  std::any_of(t->foreign_keys.begin(), t->foreign_keys.end(),
                              [&](const catalog::ForeignKey& f) { return f.name == old; }) ||
                  std::any_of(t->checks.begin(), t->checks.end(), [&](const catalog::Check& x) { return x.name == old; });
    if (!exists) raise("42704", "constraint \"" + old + "\" for table \"" + t->name + "\" does not exist");
    bool dup = std::any_of(t->foreign_keys.begin(), t->foreign_keys.end(),
                           [&](const catalog::ForeignKey& f) { return f.name == s.new_name; }) ||
               std::any_of(t->checks.begin(), t->checks.end(),
                           [&](const catalog::Check& x) { return x.name == s.new_name; }) ||
               (t->primary_key && t->primary_key->name == s.new_name) ||
               std::any_of(t->unique_constraints.begin(), t->unique_constraints.end(),
                           [&](const catalog::KeyConstraint& u) { return u.name == s.new_name; });
    if (dup)
      raise("42710", "constraint \"" + s.new_name + "\" for relation \"" + t->name + "\" already exists");
    if (is_key) {
      sql::Rename idx;
      idx.object_kind = "INDEX";
      idx.target = {t->schema, old, {}};
      idx.new_name = s.new_name;
      apply_rename(c, idx);
      return;
    }
    for (auto& f : t->foreign_keys)
      if (f.name == old) f.name = s.new_name;
    TableSource& src = sources_of(c, *t);
    for (auto& x : t->checks)
      if (x.name == old) {
        x.name = s.new_name;
        if (auto it = src.checks.find(old); it != src.checks.end()) {
          CopyOnWrite<sql::Expr> e = std::move(it->second);
          src.checks.erase(it);
          src.checks.insert_or_assign(s.new_name, std::move(e));
        }
      }
    return;
  }
  if (k == "TYPE" || k == "DOMAIN") {
    catalog::Enum* e = find_enum(c, s.target);
    if (!e) raise("42704", "type \"" + display(s.target) + "\" does not exist");
    if (cat.enum_type(e->schema, s.new_name) || cat.table(e->schema, s.new_name))
      raise("42710", "type \"" + s.new_name + "\" already exists");
    const std::string schema = e->schema, old = e->name;
    e->name = s.new_name;
    if (c.tx.enums_created.erase({schema, old})) c.tx.enums_created.insert({schema, s.new_name});
    auto candidates = tables_that_can_use(c, old);
    std::set<std::pair<TableKey, std::string>> labels;
    for (const auto& l : c.tx.uncommitted_labels)
      labels.insert(l.first == TableKey{schema, old} ? std::make_pair(TableKey{schema, s.new_name}, l.second) : l);
    c.tx.uncommitted_labels = std::move(labels);
    retype_columns(c, schema, old, schema, s.new_name, candidates);
    return;
  }
  if (k == "SCHEMA") {
    const std::string& old = s.target.name.empty() ? s.target.schema : s.target.name;
    if (!cat.has_schema(old)) raise("3F000", "schema \"" + old + "\" does not exist");
    if (cat.has_schema(s.new_name)) raise("42P06", "schema \"" + s.new_name + "\" already exists");
    for (auto& x : cat.schemas) if (x == old) x = s.new_name;
    for (auto& t : cat.tables)
      if (t.schema == old) {
        TableKey from{old, t.name}, to{s.new_name, t.name};
        t.schema = s.new_name;
        table_renamed(c, from, to);
      }
    for (auto& e : cat.enums) if (e.schema == old) e.schema = s.new_name;
    for (auto& q : cat.sequences) if (q.schema == old) q.schema = s.new_name;
    for (auto& v : cat.views) if (v.schema == old) v.schema = s.new_name;
    for (auto& f : cat.functions) if (f.schema == old) f.schema = s.new_name;
    for (auto& t : cat.tables) rerender_table(c, t);
    return;
  }
  if (k == "TRIGGER") {
    Table* t = find_table(c, s.target);
    if (!t) raise("42P01", "relation \"" + display(s.target) + "\" does not exist");
    for (auto& x : cat.triggers)
      if (x.schema == t->schema && x.table == t->name && x.name == s.subname) {
        x.name = s.new_name;
        return;
      }
    raise("42704", "trigger \"" + s.subname + "\" for table \"" + t->name + "\" does not exist");
  }
  if (k == "FUNCTION" || k == "PROCEDURE") {
    std::string schema = lookup_schema(c, s.target);
    for (auto& f : cat.functions)
      if (f.schema == schema && f.name == s.target.name) {
        f.name = s.new_name;
        return;
      }
    raise("42883", "function " + display(s.target) + " does not exist");
  }
  if (k == "POLICY") return;
  c.notes.push_back("RENAME of " + k + " is not modelled");
}

void apply_set_schema(Ctx& c, const sql::AlterObjectSchema& s) {
  auto& cat = c.st.cat;
  if (!cat.has_schema(s.new_schema)) raise("3F000", "schema \"" + s.new_schema + "\" does not exist");
  const std::string& k = s.object_kind;
  if (k == "TABLE") {
    Table* t = find_table(c, s.target);
    if (!t) {
      if (s.if_exists) return;
      raise("42P01", "relation \"" + display(s.target) + "\" does not exist");
    }
    if (cat.relation_exists(s.new_schema, t->name))
      raise("42P07", "relation \"" + t->name + "\" already exists in schema \"" + s.new_schema + "\"");
    TableKey from{t->schema, t->name}, to{s.new_schema, t->name};
    // Sequences owned by the table's columns move with it (AlterTableNamespace moves owned sequences).
    for (catalog::Sequence& q : cat.sequences)
      if (q.schema == from.first && q.owned_by && q.owned_by->rfind(t->name + ".", 0) == 0 &&
          t->column(q.owned_by->substr(t->name.size() + 1))) {
        q.schema = s.new_schema;
        sequence_moved(c, from.first, q.name, s.new_schema, q.name);
      }
    t->schema = s.new_schema;
    table_renamed(c, from, to);
    rerender_table(c, *cat.table(to.first, to.second));
    return;
  }
  if (k == "TYPE") {
    catalog::Enum* e = find_enum(c, s.target);
    if (!e) raise("42704", "type \"" + display(s.target) + "\" does not exist");
    const std::string old_schema = e->schema, name = e->name;
    e->schema = s.new_schema;
    retype_columns(c, old_schema, name, s.new_schema, name, tables_that_can_use(c, name));
    return;
  }
  if (k == "SEQUENCE") {
    std::string schema = lookup_schema(c, s.target);
    for (auto& q : cat.sequences)
      if (q.schema == schema && q.name == s.target.name) {
        q.schema = s.new_schema;
        sequence_moved(c, schema, q.name, s.new_schema, q.name);
        return;
      }
    if (!s.if_exists) raise("42P01", "relation \"" + display(s.target) + "\" does not exist");
    return;
  }
  if (k == "VIEW" || k == "MATVIEW") {
    std::string schema = lookup_schema(c, s.target);
    for (auto& v : cat.views)
      if (v.schema == schema && v.name == s.target.name) { v.schema = s.new_schema; return; }
    if (!s.if_exists) raise("42P01", "relation \"" + display(s.target) + "\" does not exist");
    return;
  }
  if (k == "FUNCTION" || k == "PROCEDURE") {
    std::string schema = lookup_schema(c, s.target);
    for (auto& f : cat.functions)
      if (f.schema == schema && f.name == s.target.name) { f.schema = s.new_schema; return; }
    raise("42883", "function " + display(s.target) + " does not exist");
  }
  if (k == "EXTENSION") {
    for (auto& x : cat.extensions)
      if (x.name == s.target.name) { x.schema = s.new_schema; return; }
    raise("42704", "extension \"" + s.target.name + "\" does not exist");
  }
  c.notes.push_back("SET SCHEMA of " + k + " is not modelled");
}

void apply_create_enum(Ctx& c, const sql::CreateEnum& s) {
  std::string schema = creation_schema(c, s.name);
  if (c.st.cat.enum_type(schema, s.name.name) || c.st.cat.table(schema, s.name.name))
    raise("42710", "type \"" + s.name.name + "\" already exists");
  for (size_t i = 0; i < s.values.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (s.values[i] == s.values[j]) raise("42710", "enum label \"" + s.values[i] + "\" used more than once");
  c.st.cat.enums.push_back(catalog::Enum{schema, s.name.name, s.values});
  c.tx.enums_created.insert({schema, s.name.name});
}

void apply_alter_enum(Ctx& c, const sql::AlterEnum& s) {
  catalog::Enum* e = find_enum(c, s.name);
  if (!e) raise("42704", "type \"" + display(s.name) + "\" does not exist");
  auto& v = e->values;
  if (!s.old_value.empty()) {
    auto it = std::find(v.begin(), v.end(), s.old_value);
    if (it == v.end()) raise("22023", "\"" + s.old_value + "\" is not an existing enum label");
    if (std::find(v.begin(), v.end(), s.new_value) != v.end())
      raise("42710", "enum label \"" + s.new_value + "\" already exists");
    *it = s.new_value;
    // Stored constants are bound to the label's OID: they print the new spelling.
    std::string from = pg::quote_literal(s.old_value) + "::" + pg::visible_name(e->schema, e->name);
    std::string to = pg::quote_literal(s.new_value) + "::" + pg::visible_name(e->schema, e->name);
    for (Table& t : c.st.cat.tables) {
      auto fix = [&](std::string& text) {
        for (size_t p = text.find(from); p != std::string::npos; p = text.find(from, p + to.size()))
          text.replace(p, from.size(), to);
      };
      for (auto& col : t.columns) if (col.default_expr) fix(*col.default_expr);
      for (auto& ch : t.checks) fix(ch.expression);
      for (auto& ix : t.indexes) {
        fix(ix.definition);
        if (ix.predicate) fix(*ix.predicate);
      }
    }
    return;
  }
  if (std::find(v.begin(), v.end(), s.new_value) != v.end()) {
    if (s.if_not_exists) return;
    raise("42710", "enum label \"" + s.new_value + "\" already exists");
  }
  if (s.neighbor.empty()) {
    v.push_back(s.new_value);
  } else {
    auto it = std::find(v.begin(), v.end(), s.neighbor);
    if (it == v.end()) raise("22023", "\"" + s.neighbor + "\" is not an existing enum label");
    v.insert(s.after ? it + 1 : it, s.new_value);
  }
  if (!c.tx.enums_created.count({e->schema, e->name}))
    c.tx.uncommitted_labels.insert({{e->schema, e->name}, s.new_value});
}

void apply_create_extension(Ctx& c, const sql::CreateExtension& s) {
  for (const auto& x : c.st.cat.extensions)
    if (x.name == s.name) {
      if (s.if_not_exists) return;
      raise("42710", "extension \"" + s.name + "\" already exists");
    }
  if (s.name == "plpgsql") return;
  if (c.available_extensions && !c.available_extensions->count(s.name))
    raise("0A000", "extension \"" + s.name + "\" is not available");
  std::string schema = s.schema;
  if (schema.empty()) {
    sql::QualifiedName n;
    schema = creation_schema(c, n);
  } else if (!c.st.cat.has_schema(schema)) {
    raise("3F000", "schema \"" + schema + "\" does not exist");
  }
  c.st.cat.extensions.push_back(catalog::Extension{s.name, schema});
}

void apply_create_schema(Ctx& c, const sql::CreateSchema& s) {
  if (c.st.cat.has_schema(s.name)) {
    if (s.if_not_exists) return;
    raise("42P06", "schema \"" + s.name + "\" already exists");
  }
  c.st.cat.schemas.push_back(s.name);
}

namespace {
std::string sequence_type(const std::vector<std::string>& values) {
  if (values.empty()) return "bigint";
  std::string v = values.back();
  for (auto& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (v == "int4" || v == "integer" || v == "int") return "integer";
  if (v == "int2" || v == "smallint") return "smallint";
  return "bigint";
}

void set_owned_by(Ctx& c, catalog::Sequence& q, const std::vector<std::string>& values) {
  if (values.empty() || (values.size() == 1 && values[0] == "none")) {
    q.owned_by.reset();
    return;
  }
  if (values.size() < 2) return;
  sql::QualifiedName tn;
  tn.name = values[values.size() - 2];
  if (values.size() > 2) tn.schema = values[values.size() - 3];
  Table& t = require_table(c, tn);
  const std::string& col = values.back();
  if (!t.column(col)) raise("42703", "column \"" + col + "\" of relation \"" + t.name + "\" does not exist");
  if (t.schema != q.schema) raise("55000", "sequence must be in same schema as table it is linked to");
  q.owned_by = t.name + "." + col;
}
}  // namespace

void apply_create_sequence(Ctx& c, const sql::CreateSequence& s) {
  std::string schema = creation_schema(c, s.name);
  if (c.st.cat.relation_exists(schema, s.name.name)) {
    if (s.if_not_exists) return;
    raise("42P07", "relation \"" + s.name.name + "\" already exists");
  }
  catalog::Sequence q;
  q.schema = schema;
  q.name = s.name.name;
  for (const auto& o : s.options)
    if (o.name == "as") q.type = sequence_type(o.values);
  for (const auto& o : s.options)
    if (o.name == "owned_by") set_owned_by(c, q, o.values);
  c.st.cat.sequences.push_back(q);
}

void apply_alter_sequence(Ctx& c, const sql::AlterSequence& s) {
  std::string schema = lookup_schema(c, s.name);
  for (auto& q : c.st.cat.sequences)
    if (q.schema == schema && q.name == s.name.name) {
      for (const auto& o : s.options) {
        if (o.name == "as") q.type = sequence_type(o.values);
        if (o.name == "owned_by") set_owned_by(c, q, o.values);
      }
      return;
    }
  if (s.if_exists) return;
  raise("42P01", "relation \"" + display(s.name) + "\" does not exist");
}

void apply_create_view(Ctx& c, const sql::CreateView& s) {
  std::string schema = creation_schema(c, s.name);
  auto& views = c.st.cat.views;
  auto it = std::find_if(views.begin(), views.end(),
                         [&](const catalog::View& v) { return v.schema == schema && v.name == s.name.name; });
  if (it != views.end()) {
    if (s.replace && !it->materialized && !s.materialized) {
      it->definition = " " + s.query_text;
      return;
    }
    raise("42P07", "relation \"" + s.name.name + "\" already exists");
  }
  if (c.st.cat.relation_exists(schema, s.name.name)) raise("42P07", "relation \"" + s.name.name + "\" already exists");
  // pg_get_viewdef re-prints the analysed query; the source text is the closest we can offer without a server.
  views.push_back(catalog::View{schema, s.name.name, s.materialized, " " + s.query_text});
}

namespace {

// format_type_be of a parameter's type: no typmod; `table.column%TYPE` is the column's type.
std::string parameter_type(Ctx& c, const sql::TypeName& tn) {
  if (tn.pct_type && tn.names.size() >= 2) {
    sql::QualifiedName table;
    table.name = tn.names[tn.names.size() - 2];
    if (tn.names.size() >= 3) table.schema = tn.names[tn.names.size() - 3];
    if (Table* t = find_table(c, table))
      if (const catalog::Column* col = t->column(tn.names.back())) {
        pg::TypeRef ty = pg::type_from_formatted(col->type);
        if (tn.array_dims > 0) ty = pg::array_of(pg::element_of(ty));
        return pg::format_type(ty, false);
      }
  }
  if (auto r = pg::resolve_type(tn, c.st.cat)) return pg::format_type(r->type, false);
  // A type the replay does not know (an extension's): as written, which is how format_type prints most.
  std::string out;
  for (size_t i = 0; i < tn.names.size(); ++i) {
    if (i + 1 < tn.names.size() && tn.names[i] == "pg_catalog") continue;
    out += (out.empty() ? "" : ".") + pg::quote_ident(tn.names[i]);
  }
  for (int d = 0; d < tn.array_dims; ++d) out += "[]";
  return out;
}

std::string identity_arguments(Ctx& c, const sql::CreateFunction& s) {
  // pg_get_function_identity_arguments: every parameter but RETURNS TABLE columns, as
  // `[mode ][name ]type`; IN is spelled out for procedures only.
  std::string out;
  for (const sql::FunctionParam& p : s.params) {
    if (p.mode == "TABLE") continue;
    std::string mode = p.mode == "IN" ? (s.is_procedure ? "IN " : "") : p.mode + " ";
    if (!out.empty()) out += ", ";
    out += mode + (p.name.empty() ? "" : pg::quote_ident(p.name) + " ") + parameter_type(c, p.type);
  }
  return out;
}

// The input parameters' types: what identifies a function among its overloads.
std::vector<std::string> input_types(const std::string& arguments) {
  std::vector<std::string> out;
  size_t i = 0;
  int depth = 0;
  bool quoted = false;
  std::string cur;
  auto flush = [&] {
    // Drop OUT parameters, then the mode word and the name: the type is what is left after them.
    std::string a = cur;
    cur.clear();
    if (a.rfind("OUT ", 0) == 0) return;
    for (std::string_view m : {"IN ", "INOUT ", "VARIADIC "})
      if (a.rfind(m, 0) == 0) a = a.substr(m.size());
    out.push_back(a);
  };
  for (; i < arguments.size(); ++i) {
    char ch = arguments[i];
    if (ch == '"') quoted = !quoted;
    if (!quoted && ch == '(') ++depth;
    if (!quoted && ch == ')') --depth;
    if (!quoted && depth == 0 && ch == ',' && i + 1 < arguments.size() && arguments[i + 1] == ' ') {
      flush();
      ++i;
      continue;
    }
    cur += ch;
  }
  if (!cur.empty()) flush();
  return out;
}
}  // namespace

void apply_create_function(Ctx& c, const sql::CreateFunction& s) {
  std::string schema = creation_schema(c, s.name);
  std::string args = identity_arguments(c, s);
  // Overloads are told apart by their input types; parameter names are not part of that.
  std::vector<std::string> types;
  for (const sql::FunctionParam& p : s.params)
    if (p.mode != "OUT" && p.mode != "TABLE") types.push_back(parameter_type(c, p.type));
  auto& fs = c.st.cat.functions;
  auto it = std::find_if(fs.begin(), fs.end(), [&](const catalog::Function& f) {
    if (f.schema != schema || f.name != s.name.name) return false;
    std::vector<std::string> other = input_types(f.arguments);
    if (other.size() != types.size()) return false;
    // Each entry of `other` is `[name ]type`: the type is its end.
    for (size_t i = 0; i < types.size(); ++i) {
      const std::string& o = other[i];
      if (o != types[i] && !(o.size() > types[i].size() && o.compare(o.size() - types[i].size(), types[i].size(), types[i]) == 0 &&
                             o[o.size() - types[i].size() - 1] == ' '))
        return false;
    }
    return true;
  });
  if (it != fs.end()) {
    if (!s.replace) raise("42723", "function \"" + s.name.name + "\" already exists with same argument types");
    it->arguments = args;
    return;
  }
  fs.push_back(catalog::Function{schema, s.name.name, args});
}

void apply_create_trigger(Ctx& c, const sql::CreateTrigger& s) {
  Table* t = find_table(c, s.table);
  std::string schema, table;
  if (t) {
    schema = t->schema;
    table = t->name;
  } else {
    std::string vs = lookup_schema(c, s.table);
    if (!c.st.cat.view(vs, s.table.name)) raise("42P01", "relation \"" + display(s.table) + "\" does not exist");
    schema = vs;
    table = s.table.name;
  }
  std::string fschema = lookup_schema(c, s.function);
  bool fn = std::any_of(c.st.cat.functions.begin(), c.st.cat.functions.end(), [&](const catalog::Function& f) {
    return f.name == s.function.name && (f.schema == fschema || s.function.schema.empty());
  });
  if (!fn && c.st.cat.extensions.empty())
    raise("42883", "function " + display(s.function) + "() does not exist");
  auto& tr = c.st.cat.triggers;
  auto it = std::find_if(tr.begin(), tr.end(), [&](const catalog::Trigger& x) {
    return x.schema == schema && x.table == table && x.name == s.name;
  });
  if (it != tr.end()) {
    if (s.replace) return;
    raise("42710", "trigger \"" + s.name + "\" for relation \"" + table + "\" already exists");
  }
  tr.push_back(catalog::Trigger{schema, table, s.name});
}

}  // namespace sg::replay::detail
