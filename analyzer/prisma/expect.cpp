// Maps a Prisma schema to the catalog Prisma Migrate creates on PostgreSQL. The rules mirror the
// SQL in ../shared/groundtruth/*/prisma-from-empty.sql (Prisma 7.10.1's own engine): names, default
// referential actions, implicit many-to-many tables, and how PostgreSQL prints what Prisma wrote.
#include "analyzer/prisma/expect.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "analyzer/catalog/pg_expr.hpp"
#include "analyzer/catalog/pg_print.hpp"
#include "analyzer/prisma/findings.hpp"
#include "analyzer/prisma/native_types.hpp"
#include "analyzer/prisma/opclass.hpp"
#include "analyzer/prisma/pg_text.hpp"
#include "analyzer/prisma/preprocess.hpp"

namespace sg::prisma {

namespace pg = sg::catalog::pg;

namespace {

constexpr size_t kMaxIdentifier = 63;  // NAMEDATALEN - 1

// Longest prefix of `s` of at most `limit` bytes that does not cut a UTF-8 character.
std::string_view clip_utf8(std::string_view s, size_t limit) {
  if (s.size() <= limit) return s;
  size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

}  // namespace

std::string table_key(std::string_view schema, std::string_view table) {
  return "table:" + std::string(schema) + "." + std::string(table);
}
std::string column_key(std::string_view schema, std::string_view table, std::string_view column) {
  return "column:" + std::string(schema) + "." + std::string(table) + "." + std::string(column);
}
std::string constraint_key(std::string_view schema, std::string_view table, std::string_view name) {
  return "constraint:" + std::string(schema) + "." + std::string(table) + "." + std::string(name);
}
std::string enum_key(std::string_view schema, std::string_view name) {
  return "enum:" + std::string(schema) + "." + std::string(name);
}
std::string sequence_key(std::string_view schema, std::string_view name) {
  return "sequence:" + std::string(schema) + "." + std::string(name);
}

std::string prisma_constraint_name(std::string_view table, const std::vector<std::string>& columns,
                                   std::string_view suffix) {
  std::string base(table);
  for (const auto& c : columns) base += "_" + c;
  std::string tail = "_" + std::string(suffix);
  if (base.size() + tail.size() > kMaxIdentifier) base = std::string(clip_utf8(base, kMaxIdentifier - tail.size()));
  return base + tail;
}

std::string serial_sequence_name(std::string_view table, std::string_view column) {
  // makeObjectName: shorten the longer of the two names until "<t>_<c>_seq" fits.
  size_t overhead = 1 + 1 + 3;  // "_" + "_" + "seq"
  size_t avail = kMaxIdentifier - overhead;
  size_t t = table.size(), c = column.size();
  while (t + c > avail) {
    if (t > c) --t;
    else --c;
  }
  std::string_view tt = clip_utf8(table, t), cc = clip_utf8(column, c);
  return std::string(tt) + "_" + std::string(cc) + "_seq";
}

namespace {

struct EnumInfo {
  const Enum* ast = nullptr;
  std::string schema;
  std::string db_name;
  std::map<std::string, std::string> db_value;  // value name → @map name
};

struct ModelInfo {
  const Model* ast = nullptr;
  std::string schema;
  std::string table;
  std::map<std::string, std::string> column;  // field name → column name
};

// Prisma's enum-like constants (`JsonbPathOps`, `Int4MinMaxOps`) → operator class names.
std::string ops_name(const Expr& e) {
  if (e.is_call("raw")) {
    const Argument* a = find_argument(e.args, "", 0);
    return a ? a->value.text : std::string();
  }
  std::string in = e.text, out;
  for (std::string_view special : {"MinMaxMulti", "MinMax"}) {
    size_t at = in.find(special);
    if (at != std::string::npos) in.replace(at, special.size(), special == "MinMax" ? "Minmax" : "Minmax_multi");
  }
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (std::isupper(static_cast<unsigned char>(c)) && i > 0 && in[i - 1] != '_') out += '_';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string method_name(std::string_view type) {
  if (type == "Hash") return "hash";
  if (type == "Gin") return "gin";
  if (type == "Gist") return "gist";
  if (type == "Brin") return "brin";
  if (type == "SpGist") return "spgist";
  return "btree";
}

// Operator classes that pg_get_indexdef leaves out because they are the default for the column.
bool is_default_opclass(std::string_view opclass, std::string_view method, std::string_view column_type) {
  bool array = column_type.size() > 2 && column_type.substr(column_type.size() - 2) == "[]";
  if (method == "gin") return (opclass == "array_ops" && array) || (opclass == "jsonb_ops" && column_type == "jsonb") ||
                              (opclass == "tsvector_ops" && column_type == "tsvector");
  static const std::map<std::string_view, std::string_view> kBtree = {
      {"text", "text_ops"}, {"integer", "int4_ops"}, {"bigint", "int8_ops"}, {"smallint", "int2_ops"},
      {"uuid", "uuid_ops"}, {"boolean", "bool_ops"}, {"bytea", "bytea_ops"}, {"date", "date_ops"},
      {"double precision", "float8_ops"}, {"real", "float4_ops"}, {"inet", "inet_ops"}};
  if (method == "btree" || method == "hash") {
    auto it = kBtree.find(column_type);
    if (it != kBtree.end() && it->second == opclass) return true;
    if (column_type.rfind("character varying", 0) == 0 && opclass == "text_ops") return true;
    if (column_type.rfind("numeric", 0) == 0 && opclass == "numeric_ops") return true;
    if (column_type.rfind("timestamp", 0) == 0 &&
        (opclass == "timestamp_ops" || opclass == "timestamptz_ops"))
      return true;
  }
  if (method == "brin") return opclass.find("minmax_ops") != std::string_view::npos &&
                               opclass.find("multi") == std::string_view::npos;
  return false;
}

// How PostgreSQL prints a numeric constant of the default expression (ruleutils get_const_expr):
// int4 plainly unless negative, int8 and integral numerics quoted and cast, decimals plainly unless negative.
std::string number_constant(std::string_view lit) {
  bool negative = !lit.empty() && lit[0] == '-';
  std::string_view digits = negative ? lit.substr(1) : lit;
  bool integral = digits.find_first_not_of("0123456789") == std::string_view::npos;
  if (integral) {
    std::string_view trimmed = digits;
    while (trimmed.size() > 1 && trimmed[0] == '0') trimmed.remove_prefix(1);
    auto fits = [&](std::string_view max) {
      return trimmed.size() < max.size() || (trimmed.size() == max.size() && trimmed <= max);
    };
    bool int4 = negative ? fits("2147483648") : fits("2147483647");
    bool int8 = negative ? fits("9223372036854775808") : fits("9223372036854775807");
    if (int4) return negative ? "'" + std::string(lit) + "'::integer" : std::string(lit);
    if (int8) return "'" + std::string(lit) + "'::bigint";
    return "'" + std::string(lit) + "'::numeric";
  }
  return negative ? "'" + std::string(lit) + "'::numeric" : std::string(lit);
}

// PostgreSQL's output of a timestamp literal Prisma wrote in ISO form ("2020-01-01T00:00:00.000Z").
std::string timestamp_text(std::string v) {
  if (v.size() > 10 && v[10] == 'T') v[10] = ' ';
  if (!v.empty() && v.back() == 'Z') v.pop_back();
  size_t dot = v.find('.', 11);
  if (dot != std::string::npos) {
    size_t end = v.size();
    while (end > dot + 1 && v[end - 1] == '0') --end;
    v.erase(end == dot + 1 ? dot : end);
  }
  return v;
}

class Mapper {
 public:
  Mapper(const Schema& schema, const ExpectOptions& options) : s_(schema), options_(options) {}

  ExpectedCatalog run() {
    const Datasource* ds = s_.datasource();
    foreign_keys_ = !(ds && ds->relation_mode == "prisma");
    if (ds && !ds->name.empty()) native_prefix_ = ds->name + ".";
    if (ds && !ds->schemas.empty()) {
      for (const auto& name : ds->schemas) schemas_.insert(name);
      default_schema_ = ds->schemas.front();
    }
    schemas_.insert("public");
    if (ds && ds->schemas.empty()) default_schema_ = "public";

    collect_enums();
    collect_models();
    for (const auto& [name, info] : models_) table(info);
    implicit_many_to_many();
    extensions(ds);

    out_.catalog.schemas.assign(schemas_.begin(), schemas_.end());
    catalog::sort_catalog(out_.catalog);
    return std::move(out_);
  }

 private:
  std::string schema_of(const std::vector<Attribute>& attributes) {
    std::string schema = string_arg(find_attribute(attributes, "schema"), "", 0);
    if (schema.empty()) schema = default_schema_;
    schemas_.insert(schema);
    return schema;
  }

  void collect_enums() {
    for (const Enum& e : s_.enums) {
      EnumInfo info;
      info.ast = &e;
      info.schema = schema_of(e.attributes);
      info.db_name = string_arg(e.attribute("map"), "name", 0);
      if (info.db_name.empty()) info.db_name = e.name;
      catalog::Enum ce{info.schema, info.db_name, {}};
      for (const EnumValue& v : e.values) {
        std::string db = string_arg(v.attribute("map"), "name", 0);
        if (db.empty()) db = v.name;
        info.db_value[v.name] = db;
        ce.values.push_back(db);
      }
      out_.origins[enum_key(info.schema, info.db_name)] = {e.file, e.name_span, e.name, {}};
      out_.catalog.enums.push_back(std::move(ce));
      enums_[e.name] = std::move(info);
    }
  }

  void collect_models() {
    for (const Model& m : s_.models) {
      ModelInfo info;
      info.ast = &m;
      info.schema = schema_of(m.attributes);
      info.table = string_arg(m.attribute("map"), "name", 0);
      if (info.table.empty()) info.table = m.name;
      for (const Field& f : m.fields) {
        std::string col = string_arg(f.attribute("map"), "name", 0);
        info.column[f.name] = col.empty() ? f.name : col;
      }
      models_[m.name] = std::move(info);
    }
  }

  bool is_relation(const Field& f) const { return models_.count(f.type.name) > 0; }
  bool is_column(const Field& f) const {
    if (is_relation(f)) return false;
    if (f.type.unsupported || enums_.count(f.type.name)) return true;
    return default_column_type(f.type.name).has_value();
  }

  // The column type of a scalar field, or nullopt (with a finding) when it has none on PostgreSQL.
  std::optional<ColumnType> column_type(const Field& f) {
    ColumnType t;
    if (f.type.unsupported) {
      t.formatted = *f.type.unsupported;
      t.cast_name = t.formatted;
    } else if (auto e = enums_.find(f.type.name); e != enums_.end()) {
      t.formatted = pg::visible_name(e->second.schema, e->second.db_name);
      t.cast_name = t.formatted;
      t.family = ColumnType::Family::Enum;
    } else {
      const Attribute* native = nullptr;
      for (const Attribute& a : f.attributes)
        if (a.name.rfind(native_prefix_, 0) == 0) native = &a;
      if (native) {
        std::vector<std::string> args;
        for (const Argument& a : native->args) args.push_back(a.value.text);
        auto nt = postgres_native_type(std::string_view(native->name).substr(native_prefix_.size()), args);
        if (!nt) return std::nullopt;  // reported by validate_schema (unknown-native-type)
        t = *nt;
      } else {
        auto dt = default_column_type(f.type.name);
        if (!dt) return std::nullopt;
        t = *dt;
      }
    }
    return t;
  }

  std::optional<std::string> literal(const Expr& v, const ColumnType& t, const Field& f) {
    using K = Expr::Kind;
    using F = ColumnType::Family;
    switch (t.family) {
      case F::Integer:
      case F::Float:
      case F::Decimal:
        if (v.is(K::Number)) return number_constant(v.text);
        if (v.is(K::String) && is_number_literal(v.text)) return number_constant(v.text);
        break;
      case F::Boolean:
        if (v.is(K::Boolean)) return v.text;
        break;
      case F::Enum:
        if (v.is(K::Identifier)) {
          const EnumInfo& e = enums_.at(f.type.name);
          auto it = e.db_value.find(v.text);
          std::string label = it != e.db_value.end() ? it->second : v.text;
          return pg::quote_literal(label) + "::" + t.cast_name;
        }
        break;
      case F::Json:
        if (v.is(K::String)) {
          std::string text = v.text;
          if (t.cast_name == "jsonb")
            if (auto n = pg::normalize_jsonb(text)) text = *n;
          return pg::quote_literal(text) + "::" + t.cast_name;
        }
        break;
      case F::DateTime:
        if (v.is(K::String)) return pg::quote_literal(timestamp_text(v.text)) + "::" + t.cast_name;
        break;
      default:
        if (v.is(K::String)) return pg::quote_literal(v.text) + "::" + t.cast_name;
        break;
    }
    return std::nullopt;
  }

  std::optional<std::string> default_expr(const ModelInfo& m, const Field& f, const ColumnType& t,
                                          const std::string& column, catalog::Catalog& cat) {
    const Attribute* d = f.attribute("default");
    if (!d) return std::nullopt;
    const Argument* a = d->arg("value", 0);
    if (!a) return std::nullopt;
    const Expr& v = a->value;
    if (v.is(Expr::Kind::Call)) {
      if (v.text == "now") return "CURRENT_TIMESTAMP";
      if (v.text == "dbgenerated") {
        const Argument* body = find_argument(v.args, "", 0);
        bool written = body && body->value.is(Expr::Kind::String);
        out_.db_generated_defaults[column_key(m.schema, m.table, column)] = written ? body->value.text : std::string();
        if (written && !body->value.text.empty()) {
          sql_defaults_.push_back(column);  // printed the way PostgreSQL does once the table is complete
          return body->value.text;
        }
        return std::nullopt;
      }
      if (v.text == "autoincrement") {
        std::string seq = serial_sequence_name(m.table, column);
        catalog::Sequence sq;
        sq.schema = m.schema;
        sq.name = seq;
        sq.type = t.serial_type.empty() ? "integer" : t.serial_type;
        sq.owned_by = m.table + "." + column;
        out_.origins[sequence_key(m.schema, seq)] = {m.ast->file, f.span, m.ast->name, f.name};
        cat.sequences.push_back(std::move(sq));
        return "nextval(" + pg::quote_literal(pg::visible_name(m.schema, seq)) + "::regclass)";
      }
      return std::nullopt;  // uuid(), cuid(), nanoid(), ulid(), auto(): generated by the client
    }
    if (f.type.list) {
      if (!v.is(Expr::Kind::Array)) return std::nullopt;
      if (v.items.empty()) return "ARRAY[]::" + t.formatted + "[]";
      std::vector<std::string> items;
      for (const Expr& item : v.items) {
        auto text = literal(item, t, f);
        if (!text) return std::nullopt;
        items.push_back(*text);
      }
      return "ARRAY[" + join(items, ", ") + "]";
    }
    return literal(v, t, f);
  }

  // Field names of `[a, b(sort: Desc)]` with their per-field arguments.
  struct IndexPart {
    std::string field;
    bool desc = false;
    std::string ops;
    bool ops_raw = false;  // written as raw("…")
  };
  std::vector<IndexPart> index_parts(const Attribute& a) {
    std::vector<IndexPart> parts;
    const Argument* fields = a.arg("fields", 0);
    if (!fields) return parts;
    auto one = [&](const Expr& e) {
      IndexPart p;
      p.field = e.text;
      if (e.is(Expr::Kind::Call)) {
        if (const Argument* sort = find_argument(e.args, "sort")) p.desc = sort->value.text == "Desc";
        if (const Argument* ops = find_argument(e.args, "ops")) {
          p.ops = ops_name(ops->value);
          p.ops_raw = ops->value.is_call("raw");
        }
      }
      parts.push_back(std::move(p));
    };
    if (fields->value.is(Expr::Kind::Array)) {
      for (const Expr& e : fields->value.items) one(e);
    } else {
      one(fields->value);
    }
    return parts;
  }

  catalog::Index make_index(const ModelInfo& m, const catalog::Table& t, const std::string& name,
                            const std::vector<IndexPart>& parts, bool unique, bool primary, std::string method,
                            const std::string& where) {
    catalog::Index ix;
    ix.name = name;
    ix.unique = unique;
    ix.primary = primary;
    ix.method = method;
    std::vector<std::string> keys;
    std::vector<std::optional<WrittenOpClass>> written;
    for (const IndexPart& p : parts) {
      if (p.ops.empty()) written.emplace_back();
      else if (p.ops_raw) written.push_back(WrittenOpClass{p.ops, true, false});
      else written.push_back(named_opclass(p.ops, method));
      auto it = m.column.find(p.field);
      std::string col = it != m.column.end() ? it->second : p.field;
      ix.columns.push_back(col);
      std::string key = pg::quote_ident(col);
      const catalog::Column* c = t.column(col);
      if (!p.ops.empty() && !is_default_opclass(p.ops, method, c ? c->type : "")) key += " " + p.ops;
      if (p.desc) key += " DESC";
      keys.push_back(key);
    }
    if (std::any_of(written.begin(), written.end(), [](const auto& w) { return w.has_value(); }))
      out_.index_opclasses[constraint_key(m.schema, m.table, name)] = std::move(written);
    ix.definition = std::string(unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") + pg::quote_ident(name) + " ON " +
                    pg::qualified(m.schema, m.table) + " USING " + method + " (" + join(keys, ", ") + ")";
    if (!where.empty()) {
      ix.predicate = pg_predicate_text(where, out_.catalog, t).value_or("(" + where + ")");
      ix.definition += " WHERE " + *ix.predicate;
    }
    return ix;
  }

  std::vector<std::string> columns_of(const ModelInfo& m, const std::vector<IndexPart>& parts) {
    std::vector<std::string> cols;
    for (const IndexPart& p : parts) {
      auto it = m.column.find(p.field);
      cols.push_back(it != m.column.end() ? it->second : p.field);
    }
    return cols;
  }

  void table(const ModelInfo& m) {
    catalog::Table t;
    t.schema = m.schema;
    t.name = m.table;
    out_.origins[table_key(m.schema, m.table)] = {m.ast->file, m.ast->name_span, m.ast->name, {}};
    auto origin = [&](const std::string& name, Span at, const std::string& field) {
      out_.origins[constraint_key(m.schema, m.table, name)] = {m.ast->file, at, m.ast->name, field};
    };

    for (const Field& f : m.ast->fields) {
      if (!is_column(f)) continue;
      auto type = column_type(f);
      if (!type) continue;
      catalog::Column c;
      c.name = m.column.at(f.name);
      c.type = type->formatted + (f.type.list ? "[]" : "");
      c.nullable = f.type.optional || f.type.list;  // Prisma never puts NOT NULL on scalar lists
      c.default_expr = default_expr(m, f, *type, c.name, out_.catalog);
      if (const Attribute* g = f.attribute("generated")) {
        // @generated("expr"): a stored generated column; its expression is what pg_get_expr shows.
        const Argument* body = g->arg("expression", 0);
        if (body && body->value.is(Expr::Kind::String)) {
          c.generated = "s";
          c.default_expr = body->value.text;
          sql_defaults_.push_back(c.name);
        }
      }
      out_.origins[column_key(m.schema, m.table, c.name)] = {m.ast->file, f.span, m.ast->name, f.name};
      t.columns.push_back(std::move(c));
    }

    for (const std::string& name : sql_defaults_) {
      catalog::Column* c = t.column(name);
      if (c && c->default_expr)
        if (auto printed = pg_default_text(*c->default_expr, c->type, out_.catalog, t)) c->default_expr = printed;
    }
    sql_defaults_.clear();

    // Primary key: @id on a field or @@id on the model.
    for (const Field& f : m.ast->fields) {
      const Attribute* id = f.attribute("id");
      if (!id || !is_column(f)) continue;
      std::string name = string_arg(id, "map");
      if (name.empty()) name = prisma_constraint_name(m.table, {}, "pkey");
      IndexPart part{f.name, false, {}};
      if (const Argument* sort = id->arg("sort")) part.desc = sort->value.text == "Desc";
      t.primary_key = catalog::KeyConstraint{name, {m.column.at(f.name)}};
      t.indexes.push_back(make_index(m, t, name, {part}, true, true, "btree", {}));
      origin(name, id->span, f.name);
    }
    if (const Attribute* id = m.ast->attribute("id")) {
      auto parts = index_parts(*id);
      std::string name = string_arg(id, "map");
      if (name.empty()) name = prisma_constraint_name(m.table, {}, "pkey");
      t.primary_key = catalog::KeyConstraint{name, columns_of(m, parts)};
      t.indexes.push_back(make_index(m, t, name, parts, true, true, "btree", {}));
      origin(name, id->span, {});
    }

    // Unique indexes (Prisma makes indexes, not constraints).
    for (const Field& f : m.ast->fields) {
      const Attribute* u = f.attribute("unique");
      if (!u || !is_column(f)) continue;
      std::string col = m.column.at(f.name);
      std::string name = string_arg(u, "map");
      if (name.empty()) name = prisma_constraint_name(m.table, {col}, "key");
      IndexPart part{f.name, false, {}};
      if (const Argument* sort = u->arg("sort")) part.desc = sort->value.text == "Desc";
      t.indexes.push_back(make_index(m, t, name, {part}, true, false, "btree", {}));
      origin(name, u->span, f.name);
    }
    for (const Attribute& a : m.ast->attributes) {
      bool unique = a.name == "unique";
      if (!unique && a.name != "index") continue;
      auto parts = index_parts(a);
      std::string name = string_arg(&a, "map");
      if (name.empty() && !unique) name = string_arg(&a, "name");  // Prisma 2 spelled the index name `name`
      if (name.empty()) name = prisma_constraint_name(m.table, columns_of(m, parts), unique ? "key" : "idx");
      std::string method = "btree";
      if (const Argument* type = a.arg("type")) method = method_name(type->value.text);
      std::string where;
      if (const Argument* w = a.arg("where")) {
        if (w->value.is_call("raw")) {
          if (const Argument* body = find_argument(w->value.args, "", 0)) where = body->value.text;
        } else if (w->value.is(Expr::Kind::String)) {
          where = w->value.text;
        }
      }
      t.indexes.push_back(make_index(m, t, name, parts, unique, false, method, where));
      origin(name, a.span, {});
    }

    // Foreign keys from relation fields that hold `fields:`/`references:`.
    for (const Field& f : m.ast->fields) {
      if (!is_relation(f)) continue;
      const Attribute* rel = f.attribute("relation");
      const Argument* fields = rel ? rel->arg("fields") : nullptr;
      const Argument* refs = rel ? rel->arg("references") : nullptr;
      if (!fields && !refs) continue;
      const ModelInfo& target = models_.at(f.type.name);
      // Mismatched lists are reported by validate_schema (relation-fields-mismatch); no FK is guessed.
      if (!fields || !refs || fields->value.items.size() != refs->value.items.size() || fields->value.items.empty())
        continue;
      if (!foreign_keys_) continue;
      catalog::ForeignKey fk;
      // ON DELETE SET NULL only when every local field may be null; `author User?` over a required
      // `authorId String` still gets RESTRICT.
      bool required = !f.type.optional;
      for (const Expr& e : fields->value.items) {
        auto it = m.column.find(e.text);
        if (it == m.column.end()) {
          fk.columns.clear();
          break;
        }
        fk.columns.push_back(it->second);
        const Field* scalar = m.ast->field(e.text);
        if (scalar && !scalar->type.optional) required = true;
      }
      for (const Expr& e : refs->value.items) {
        auto it = target.column.find(e.text);
        if (it == target.column.end()) {
          fk.columns.clear();
          break;
        }
        fk.ref_columns.push_back(it->second);
      }
      if (fk.columns.empty() || fk.ref_columns.size() != fk.columns.size()) continue;
      fk.name = string_arg(rel, "map");
      if (fk.name.empty()) fk.name = prisma_constraint_name(m.table, fk.columns, "fkey");
      fk.ref_schema = target.schema;
      fk.ref_table = target.table;
      fk.on_delete = required ? "RESTRICT" : "SET NULL";
      fk.on_update = "CASCADE";
      auto action = [](std::string_view a) -> std::string {
        if (a == "Cascade") return "CASCADE";
        if (a == "Restrict") return "RESTRICT";
        if (a == "NoAction") return "NO ACTION";
        if (a == "SetNull") return "SET NULL";
        if (a == "SetDefault") return "SET DEFAULT";
        return {};
      };
      if (const Argument* od = rel->arg("onDelete"); od && !action(od->value.text).empty())
        fk.on_delete = action(od->value.text);
      if (const Argument* ou = rel->arg("onUpdate"); ou && !action(ou->value.text).empty())
        fk.on_update = action(ou->value.text);
      origin(fk.name, f.span, f.name);
      t.foreign_keys.push_back(std::move(fk));
    }
    out_.catalog.tables.push_back(std::move(t));
  }

  std::string relation_name(const Field& f) {
    return string_arg(f.attribute("relation"), "name", 0);
  }

  // Implicit many-to-many: a list relation field on both sides and `fields:` on neither.
  void implicit_many_to_many() {
    std::set<std::string> done;
    for (const auto& [name, m] : models_) {
      for (const Field& f : m.ast->fields) {
        if (!f.type.list || !is_relation(f)) continue;
        const Attribute* rel = f.attribute("relation");
        if (rel && rel->arg("fields")) continue;
        const ModelInfo& other = models_.at(f.type.name);
        std::string rname = relation_name(f);
        const Field* back = nullptr;
        for (const Field& g : other.ast->fields)
          if (&g != &f && g.type.name == m.ast->name && g.type.list && relation_name(g) == rname) back = &g;
        if (!back) continue;
        // Model A is the one whose name sorts first; a self-relation orders its two fields by name.
        const ModelInfo* a = &m;
        const ModelInfo* b = &other;
        if (b->ast->name < a->ast->name) std::swap(a, b);
        std::string table = "_" + (rname.empty() ? a->ast->name + "To" + b->ast->name : rname);
        if (!done.insert(table).second) continue;
        join_table(table, *a, *b, f, m);
      }
    }
  }

  // The single @id column of a model and its type, for a join table's A/B columns.
  std::optional<std::pair<std::string, std::string>> id_column(const ModelInfo& m) {
    for (const Field& f : m.ast->fields) {
      if (!f.attribute("id")) continue;
      auto t = column_type(f);
      if (!t) return std::nullopt;
      return std::make_pair(m.column.at(f.name), t->formatted);
    }
    return std::nullopt;
  }

  void join_table(const std::string& name, const ModelInfo& a, const ModelInfo& b, const Field& from,
                  const ModelInfo& owner) {
    auto ida = id_column(a), idb = id_column(b);
    if (!ida || !idb) {
      out_.findings.push_back(make_finding(owner.ast->file, from.span, "relation-fields-mismatch", Severity::Error,
              "implicit many-to-many relation `" + name + "` needs a single-field @id on both models",
              "Give both models a single-field @id, or model the join table explicitly."));
      return;
    }
    catalog::Table t;
    t.schema = a.schema;
    t.name = name;
    t.columns.push_back({"A", ida->second, false, std::nullopt, "", ""});
    t.columns.push_back({"B", idb->second, false, std::nullopt, "", ""});
    ModelInfo self;
    self.schema = t.schema;
    self.table = t.name;
    self.column = {{"A", "A"}, {"B", "B"}};
    std::string ab = name + (options_.prisma_version >= 6 ? "_AB_pkey" : "_AB_unique");
    if (options_.prisma_version >= 6) t.primary_key = catalog::KeyConstraint{ab, {"A", "B"}};
    t.indexes.push_back(make_index(self, t, ab, {{"A", false, {}}, {"B", false, {}}}, true,
                                   options_.prisma_version >= 6, "btree", {}));
    t.indexes.push_back(make_index(self, t, name + "_B_index", {{"B", false, {}}}, false, false, "btree", {}));
    if (foreign_keys_) {
      t.foreign_keys.push_back({name + "_A_fkey", {"A"}, a.schema, a.table, {ida->first}, "CASCADE", "CASCADE"});
      t.foreign_keys.push_back({name + "_B_fkey", {"B"}, b.schema, b.table, {idb->first}, "CASCADE", "CASCADE"});
    }
    Origin o{owner.ast->file, from.span, owner.ast->name, from.name};
    out_.origins[table_key(t.schema, t.name)] = o;
    for (const auto& ix : t.indexes) out_.origins[constraint_key(t.schema, t.name, ix.name)] = o;
    for (const auto& fk : t.foreign_keys) out_.origins[constraint_key(t.schema, t.name, fk.name)] = o;
    out_.catalog.tables.push_back(std::move(t));
  }

  void extensions(const Datasource* ds) {
    if (!ds) return;
    for (const ExtensionSpec& x : ds->extensions) {
      catalog::Extension e;
      e.name = x.map.empty() ? x.name : x.map;
      e.schema = x.schema.empty() ? "public" : x.schema;
      out_.catalog.extensions.push_back(std::move(e));
    }
  }

  const Schema& s_;
  ExpectOptions options_;
  ExpectedCatalog out_;
  bool foreign_keys_ = true;
  std::string default_schema_ = "public";
  std::string native_prefix_ = "db.";  // native types are `@<datasource name>.Type`
  std::set<std::string> schemas_;
  std::map<std::string, EnumInfo> enums_;
  std::map<std::string, ModelInfo> models_;
  std::vector<std::string> sql_defaults_;  // columns of the current table whose default is SQL text
};

}  // namespace

ExpectedCatalog expect_catalog(const Schema& schema, const ExpectOptions& options) {
  return Mapper(schema, options).run();
}

catalog::Catalog expected_catalog(const Schema& schema, const ExpectOptions& options) {
  return expect_catalog(schema, options).catalog;
}

}  // namespace sg::prisma
