#include "analyzer/catalog/pg_print.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace sg::catalog::pg {

namespace {

// Keywords that quote_ident() must quote: PostgreSQL 15's reserved, type/function-name and column-name
// keywords (kwlist.h); unreserved keywords are left bare.
constexpr std::string_view kQuotedKeywords[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between",
    "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce",
    "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog",
    "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user",
    "dec", "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists",
    "extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant", "greatest",
    "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect",
    "interval", "into", "is", "isnull", "join", "lateral", "leading", "least", "left", "like", "limit",
    "localtime", "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull",
    "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay",
    "placing", "position", "precision", "primary", "real", "references", "returning", "right", "row",
    "select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric", "table",
    "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique",
    "user", "using", "values", "varchar", "variadic", "verbose", "when", "where", "window", "with",
    "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi",
    "xmlroot", "xmlserialize", "xmltable"};

bool is_quoted_keyword(std::string_view s) {
  return std::find(std::begin(kQuotedKeywords), std::end(kQuotedKeywords), s) != std::end(kQuotedKeywords);
}

struct BuiltinName { std::string_view written; std::string_view elem; };
// Spellings the grammar and the catalog accept for built-in types, mapped to canonical names.
constexpr BuiltinName kBuiltins[] = {
    {"int4", "int4"}, {"int", "int4"}, {"integer", "int4"}, {"int2", "int2"}, {"smallint", "int2"},
    {"int8", "int8"}, {"bigint", "int8"}, {"float4", "float4"}, {"real", "float4"}, {"float8", "float8"},
    {"double precision", "float8"}, {"float", "float8"}, {"numeric", "numeric"}, {"decimal", "numeric"},
    {"bool", "bool"}, {"boolean", "bool"}, {"varchar", "varchar"}, {"character varying", "varchar"},
    {"bpchar", "bpchar"}, {"char", "bpchar"}, {"character", "bpchar"}, {"text", "text"},
    {"timestamp", "timestamp"}, {"timestamptz", "timestamptz"}, {"time", "time"}, {"timetz", "timetz"},
    {"date", "date"}, {"interval", "interval"}, {"bit", "bit"}, {"varbit", "varbit"}, {"json", "json"},
    {"jsonb", "jsonb"}, {"uuid", "uuid"}, {"bytea", "bytea"}, {"inet", "inet"}, {"cidr", "cidr"},
    {"macaddr", "macaddr"}, {"macaddr8", "macaddr8"}, {"money", "money"}, {"xml", "xml"},
    {"tsvector", "tsvector"}, {"tsquery", "tsquery"}, {"oid", "oid"}, {"regclass", "regclass"},
    {"regconfig", "regconfig"}, {"name", "name"}, {"int4range", "int4range"}, {"int8range", "int8range"},
    {"tsrange", "tsrange"}, {"tstzrange", "tstzrange"}, {"daterange", "daterange"}, {"numrange", "numrange"},
    {"point", "point"}, {"record", "record"}, {"void", "void"}, {"trigger", "trigger"}, {"anyelement", "anyelement"},
};

struct Formatted { std::string_view elem; std::string_view text; };
// format_type's spelling of each canonical name (without typmod).
constexpr Formatted kFormatted[] = {
    {"int4", "integer"}, {"int2", "smallint"}, {"int8", "bigint"}, {"float4", "real"},
    {"float8", "double precision"}, {"numeric", "numeric"}, {"bool", "boolean"},
    {"varchar", "character varying"}, {"bpchar", "character"}, {"text", "text"},
    {"timestamp", "timestamp without time zone"}, {"timestamptz", "timestamp with time zone"},
    {"time", "time without time zone"}, {"timetz", "time with time zone"}, {"date", "date"},
    {"interval", "interval"}, {"bit", "bit"}, {"varbit", "bit varying"}, {"json", "json"}, {"jsonb", "jsonb"},
    {"uuid", "uuid"}, {"bytea", "bytea"}, {"inet", "inet"}, {"cidr", "cidr"}, {"macaddr", "macaddr"},
    {"macaddr8", "macaddr8"}, {"money", "money"}, {"xml", "xml"}, {"tsvector", "tsvector"},
    {"tsquery", "tsquery"}, {"oid", "oid"}, {"regclass", "regclass"}, {"regconfig", "regconfig"},
    {"name", "name"}, {"int4range", "int4range"}, {"int8range", "int8range"}, {"tsrange", "tsrange"},
    {"tstzrange", "tstzrange"}, {"daterange", "daterange"}, {"numrange", "numrange"}, {"point", "point"},
    {"record", "record"}, {"void", "void"}, {"trigger", "trigger"}, {"anyelement", "anyelement"},
    {"unknown", "unknown"},
};

std::optional<std::string_view> canonical(std::string_view written) {
  for (const auto& b : kBuiltins)
    if (b.written == written) return b.elem;
  return std::nullopt;
}

std::optional<long long> int_of(const sql::Expr& e) {
  if (e.kind != sql::ExprKind::Const || e.const_kind != sql::ConstKind::Integer) return std::nullopt;
  long long v = 0;
  auto [p, ec] = std::from_chars(e.value.data(), e.value.data() + e.value.size(), v);
  if (ec != std::errc()) return std::nullopt;
  return v;
}

// Extension types that a migration may use once its extension exists (format_type prints their name).
constexpr std::string_view kExtensionTypes[] = {"citext", "vector", "halfvec", "sparsevec", "geometry",
                                                "geography", "hstore", "ltree", "cube", "earth"};

}  // namespace

namespace {

// Appends `name` as PostgreSQL's quote_ident prints it. Most names Prisma makes ("User", "Post_pkey") need the
// quotes: they are written in one piece, not a character and a reallocation at a time.
void append_quoted(std::string& out, std::string_view name) {
  bool safe = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
  for (size_t i = 0; safe && i < name.size(); ++i) {
    const char c = name[i];
    safe = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  }
  if (safe && !is_quoted_keyword(name)) {
    out.append(name);
    return;
  }
  out += '"';
  for (size_t quote; (quote = name.find('"')) != std::string_view::npos; name.remove_prefix(quote + 1)) {
    out.append(name.substr(0, quote + 1));
    out += '"';
  }
  out.append(name);
  out += '"';
}

}  // namespace

std::string quote_ident(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  append_quoted(out, name);
  return out;
}

std::string qualified(std::string_view schema, std::string_view name) {
  std::string out;
  out.reserve(schema.size() + name.size() + 5);
  append_quoted(out, schema);
  out += '.';
  append_quoted(out, name);
  return out;
}

std::string visible_name(std::string_view schema, std::string_view name) {
  if (schema.empty() || schema == "public" || schema == "pg_catalog") return quote_ident(name);
  return qualified(schema, name);
}

std::string quote_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string format_type(const TypeRef& t, bool with_mod) {
  std::string base;
  if (t.elem == "enum" || t.elem == "user") {
    base = visible_name(t.schema, t.name);
  } else {
    for (const auto& f : kFormatted)
      if (f.elem == t.elem) base = std::string(f.text);
    if (base.empty()) base = quote_ident(t.elem);
    if (t.elem == "bpchar" && (t.mod.empty() || !with_mod)) base = "bpchar";
    if (with_mod && !t.mod.empty()) {
      // Time types put the precision right after the type word.
      if (t.elem == "timestamp") base = "timestamp" + t.mod + " without time zone";
      else if (t.elem == "timestamptz") base = "timestamp" + t.mod + " with time zone";
      else if (t.elem == "time") base = "time" + t.mod + " without time zone";
      else if (t.elem == "timetz") base = "time" + t.mod + " with time zone";
      else base += t.mod;
    }
  }
  return t.array ? base + "[]" : base;
}

TypeRef element_of(const TypeRef& t) {
  TypeRef e = t;
  e.array = false;
  return e;
}
TypeRef array_of(const TypeRef& t) {
  TypeRef a = t;
  a.array = true;
  return a;
}
TypeRef builtin(std::string elem) {
  TypeRef t;
  t.elem = std::move(elem);
  return t;
}

TypeRef type_from_formatted(std::string_view text) {
  TypeRef t;
  std::string s(text);
  if (s.size() > 2 && s.ends_with("[]")) {
    t.array = true;
    s.resize(s.size() - 2);
  }
  auto take_mod = [&](std::string& word) {
    auto p = word.find('(');
    if (p == std::string::npos) return;
    auto q = word.find(')', p);
    t.mod = word.substr(p, q - p + 1);
    word.erase(p, q - p + 1);
  };
  if (!s.empty() && s[0] != '"') {
    std::string w = s;
    take_mod(w);
    for (const auto& f : kFormatted)
      if (f.text == w) {
        t.elem = std::string(f.elem);
        return t;
      }
    if (w == "bpchar") { t.elem = "bpchar"; return t; }
    if (w == "character") { t.elem = "bpchar"; return t; }
  }
  // A user-defined type: "Name", schema."Name" or bare name.
  t.mod.clear();
  std::string schema = "public", name = s;
  bool in_quote = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"') in_quote = !in_quote;
    if (s[i] == '.' && !in_quote) {
      schema = s.substr(0, i);
      name = s.substr(i + 1);
      break;
    }
  }
  auto unquote = [](std::string v) {
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
      std::string out;
      for (size_t i = 1; i + 1 < v.size(); ++i) {
        out += v[i];
        if (v[i] == '"' && v[i + 1] == '"') ++i;
      }
      return out;
    }
    return v;
  };
  t.elem = "user";
  t.schema = unquote(schema);
  t.name = unquote(name);
  return t;
}

std::string type_name_text(const sql::TypeName& tn) {
  std::string out;
  for (size_t i = 0; i < tn.names.size(); ++i) {
    if (tn.names[i] == "pg_catalog" && i == 0 && tn.names.size() > 1) continue;
    if (!out.empty()) out += '.';
    out += tn.names[i];
  }
  return out;
}

std::optional<ResolvedType> resolve_type(const sql::TypeName& tn, const Catalog& cat) {
  if (tn.names.empty()) return std::nullopt;
  ResolvedType r;
  const std::string& last = tn.names.back();
  std::string schema = tn.names.size() > 1 ? tn.names[tn.names.size() - 2] : "";
  r.type.array = tn.array_dims > 0;
  std::vector<long long> mods;
  for (const auto& m : tn.typmods)
    if (auto v = int_of(m)) mods.push_back(*v);

  bool builtin_ns = schema.empty() || schema == "pg_catalog";
  if (builtin_ns) {
    if (last == "serial" || last == "serial4") { r.type.elem = "int4"; r.serial = true; }
    else if (last == "bigserial" || last == "serial8") { r.type.elem = "int8"; r.serial = true; }
    else if (last == "smallserial" || last == "serial2") { r.type.elem = "int2"; r.serial = true; }
    else if (auto c = canonical(last)) r.type.elem = std::string(*c);
  }
  if (r.type.elem.empty() && schema.empty()) {
    // A user type in the search path (public), then types created by extensions.
    if (cat.enum_type("public", last)) {
      r.type.elem = "user";
      r.type.schema = "public";
      r.type.name = last;
      return r;
    }
    for (auto x : kExtensionTypes)
      if (x == last) {
        r.type.elem = "user";
        r.type.schema = "public";
        r.type.name = last;
        if (!mods.empty()) r.type.mod = "(" + std::to_string(mods[0]) + ")";
        return r;
      }
    if (cat.table("public", last)) {  // a table's row type
      r.type.elem = "user";
      r.type.schema = "public";
      r.type.name = last;
      return r;
    }
    return std::nullopt;
  }
  if (r.type.elem.empty()) {
    if (cat.enum_type(schema, last)) {
      r.type.elem = "user";
      r.type.schema = schema;
      r.type.name = last;
      return r;
    }
    if (cat.has_schema(schema)) {
      for (auto x : kExtensionTypes)
        if (x == last) {
          r.type.elem = "user";
          r.type.schema = schema;
          r.type.name = last;
          return r;
        }
    }
    return std::nullopt;
  }
  const std::string& e = r.type.elem;
  if (e == "varchar" || e == "bit" || e == "varbit") {
    if (!mods.empty()) r.type.mod = "(" + std::to_string(mods[0]) + ")";
    else if (e == "bit") r.type.mod = "(1)";
  } else if (e == "bpchar") {
    if (!mods.empty()) r.type.mod = "(" + std::to_string(mods[0]) + ")";
    else if (last == "char" || last == "character") r.type.mod = "(1)";
  } else if (e == "numeric") {
    if (mods.size() >= 2) r.type.mod = "(" + std::to_string(mods[0]) + "," + std::to_string(mods[1]) + ")";
    else if (mods.size() == 1) r.type.mod = "(" + std::to_string(mods[0]) + ",0)";
  } else if (e == "timestamp" || e == "timestamptz" || e == "time" || e == "timetz") {
    if (!mods.empty()) r.type.mod = "(" + std::to_string(mods[0]) + ")";
  } else if (e == "float8" && last == "float" && !mods.empty() && mods[0] <= 24) {
    r.type.elem = "float4";
  }
  return r;
}

bool is_integer(const TypeRef& t) {
  return !t.array && (t.elem == "int2" || t.elem == "int4" || t.elem == "int8");
}
bool is_numeric_family(const TypeRef& t) {
  return is_integer(t) || (!t.array && (t.elem == "numeric" || t.elem == "float4" || t.elem == "float8"));
}
bool is_string(const TypeRef& t) {
  return !t.array && (t.elem == "text" || t.elem == "varchar" || t.elem == "bpchar" ||
                      (t.elem == "user" && t.name == "citext"));
}

}  // namespace sg::catalog::pg
