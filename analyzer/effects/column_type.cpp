#include "analyzer/effects/column_type.hpp"

#include <algorithm>
#include <map>

namespace sg::effects {
namespace {

// Internal names the grammar produces (pg_catalog.int4, ...) to format_type's spelling.
const std::map<std::string, std::string, std::less<>>& builtin_names() {
  static const std::map<std::string, std::string, std::less<>> m = {
      {"int2", "smallint"}, {"int4", "integer"}, {"int8", "bigint"}, {"int", "integer"},
      {"smallint", "smallint"}, {"integer", "integer"}, {"bigint", "bigint"},
      {"float4", "real"}, {"float8", "double precision"}, {"real", "real"},
      {"bool", "boolean"}, {"boolean", "boolean"}, {"varchar", "character varying"},
      {"bpchar", "character"}, {"char", "character"}, {"numeric", "numeric"}, {"decimal", "numeric"},
      {"timestamp", "timestamp without time zone"}, {"timestamptz", "timestamp with time zone"},
      {"time", "time without time zone"}, {"timetz", "time with time zone"}, {"interval", "interval"},
      {"bit", "bit"}, {"varbit", "bit varying"}, {"text", "text"}, {"json", "json"}, {"jsonb", "jsonb"},
      {"uuid", "uuid"}, {"bytea", "bytea"}, {"date", "date"}, {"inet", "inet"}, {"cidr", "cidr"},
      {"citext", "citext"}, {"serial", "integer"}, {"serial4", "integer"}, {"bigserial", "bigint"},
      {"serial8", "bigint"}, {"smallserial", "smallint"}, {"serial2", "smallint"}, {"money", "money"},
      {"xml", "xml"}, {"tsvector", "tsvector"}, {"oid", "oid"}, {"macaddr", "macaddr"},
  };
  return m;
}

bool needs_quotes(std::string_view ident) {
  if (ident.empty() || (ident[0] >= '0' && ident[0] <= '9')) return true;
  return !std::all_of(ident.begin(), ident.end(),
                      [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::string quote_ident(std::string_view ident) {
  if (!needs_quotes(ident)) return std::string(ident);
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

bool is_one_of(std::string_view s, std::initializer_list<std::string_view> xs) {
  return std::find(xs.begin(), xs.end(), s) != xs.end();
}

int integer_width(std::string_view base) {
  if (base == "smallint") return 2;
  if (base == "integer") return 4;
  if (base == "bigint") return 8;
  return 0;
}

bool is_time_like(std::string_view base) {
  return is_one_of(base, {"timestamp without time zone", "timestamp with time zone", "time without time zone",
                          "time with time zone", "interval"});
}

bool is_text_like(std::string_view base) { return is_one_of(base, {"text", "character varying", "citext"}); }

// Precision/scale of a numeric typmod list; scale defaults to 0 as in PostgreSQL.
std::pair<int, int> numeric_ps(const ColumnType& t) {
  return {t.mods.empty() ? -1 : t.mods[0], t.mods.size() > 1 ? t.mods[1] : 0};
}

TypeChange same_base_change(const ColumnType& from, const ColumnType& to) {
  const std::string& b = from.base;
  if (b == "character varying" || b == "bit varying") {
    if (to.mods.empty()) return {TypeChangeKind::NoRewrite, false, "the length limit is removed"};
    if (from.mods.empty()) return {TypeChangeKind::Rewrite, true, "a length limit is added"};
    if (to.mods[0] >= from.mods[0]) return {TypeChangeKind::NoRewrite, false, "the length limit grows"};
    return {TypeChangeKind::Rewrite, true, "the length limit shrinks"};
  }
  if (b == "numeric") {
    if (to.mods.empty()) return {TypeChangeKind::NoRewrite, false, "the precision limit is removed"};
    if (from.mods.empty()) return {TypeChangeKind::Rewrite, true, "a precision limit is added"};
    auto [fp, fs] = numeric_ps(from);
    auto [tp, ts] = numeric_ps(to);
    bool narrowing = ts < fs || (tp - ts) < (fp - fs);
    if (ts == fs && tp >= fp) return {TypeChangeKind::NoRewrite, false, "the precision grows with the same scale"};
    return {TypeChangeKind::Rewrite, narrowing, narrowing ? "the precision or scale shrinks" : "the scale changes"};
  }
  if (is_time_like(b)) {
    int fp = from.mods.empty() ? 6 : from.mods[0];
    int tp = to.mods.empty() ? 6 : to.mods[0];
    if (to.mods.empty() || tp >= fp) return {TypeChangeKind::NoRewrite, false, "the fractional precision grows"};
    return {TypeChangeKind::Rewrite, true, "the fractional-second precision shrinks"};
  }
  bool shorter = !from.mods.empty() && !to.mods.empty() && to.mods[0] < from.mods[0];
  return {TypeChangeKind::Rewrite, shorter, "the type modifier changes"};
}

}  // namespace

std::string ColumnType::to_string() const {
  std::string mod;
  if (!mods.empty()) {
    mod = "(";
    for (size_t i = 0; i < mods.size(); ++i) mod += (i ? "," : "") + std::to_string(mods[i]);
    mod += ")";
  }
  std::string out;
  // format_type puts the modifier of timestamp/time between the name and the time zone words.
  size_t zone = base.find(" with");
  if (!mod.empty() && (base.starts_with("timestamp ") || base.starts_with("time ")) && zone != std::string::npos)
    out = base.substr(0, zone) + mod + base.substr(zone);
  else
    out = base + mod;
  for (int i = 0; i < array_dims; ++i) out += "[]";
  return out;
}

ColumnType parse_catalog_type(std::string_view text) {
  ColumnType t;
  std::string s(text);
  while (s.size() >= 2 && s.ends_with("[]")) {
    ++t.array_dims;
    s.resize(s.size() - 2);
  }
  size_t open = s.find('(');
  size_t close = open == std::string::npos ? std::string::npos : s.find(')', open);
  // A quoted user type name may itself contain parentheses; only read modifiers outside quotes.
  if (open != std::string::npos && close != std::string::npos && s.find('"') == std::string::npos) {
    std::string inner = s.substr(open + 1, close - open - 1);
    size_t pos = 0;
    while (pos < inner.size()) {
      size_t comma = inner.find(',', pos);
      std::string part = inner.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      try {
        t.mods.push_back(std::stoi(part));
      } catch (...) {
        t.mods.clear();
        break;
      }
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
    s = s.substr(0, open) + s.substr(close + 1);
  }
  t.base = s;
  return t;
}

std::optional<ColumnType> from_type_name(const sql::TypeName& tn) {
  if (tn.names.empty() || tn.pct_type) return std::nullopt;
  ColumnType t;
  t.array_dims = tn.array_dims;
  std::vector<std::string> names = tn.names;
  if (names.size() == 2 && (names[0] == "pg_catalog" || names[0] == "public")) names.erase(names.begin());
  const auto& builtins = builtin_names();
  auto it = names.size() == 1 ? builtins.find(names[0]) : builtins.end();
  if (it != builtins.end()) {
    t.base = it->second;
  } else {
    std::string joined;
    for (size_t i = 0; i < names.size(); ++i) joined += (i ? "." : "") + quote_ident(names[i]);
    t.base = joined;
  }
  for (const auto& m : tn.typmods) {
    if (m.kind != sql::ExprKind::Const || m.const_kind != sql::ConstKind::Integer) return std::nullopt;
    try {
      t.mods.push_back(std::stoi(m.value));
    } catch (...) {
      return std::nullopt;
    }
  }
  return t;
}

TypeChange classify_type_change(const ColumnType& from, const ColumnType& to) {
  if (from == to) return {TypeChangeKind::Same, false, "the type does not change"};
  if (from.array_dims != to.array_dims) return {TypeChangeKind::Rewrite, false, "every value is converted"};
  if (from.base == to.base) return same_base_change(from, to);

  const std::string& f = from.base;
  const std::string& t = to.base;
  // Casts PostgreSQL knows are binary-coercible (no function call): the table is not touched.
  bool to_unbounded_text = is_text_like(t) && to.mods.empty();
  if (is_text_like(f) && to_unbounded_text) return {TypeChangeKind::NoRewrite, false, "the cast is binary-coercible"};
  if (f == "cidr" && t == "inet") return {TypeChangeKind::NoRewrite, false, "the cast is binary-coercible"};

  TypeChange c{TypeChangeKind::Rewrite, false, "every value is converted"};
  if ((t == "character varying" || t == "character") && !to.mods.empty()) {
    c.narrowing = true;
    c.reason = "values longer than " + std::to_string(to.mods[0]) + " characters no longer fit";
  } else if (integer_width(f) && integer_width(t)) {
    c.narrowing = integer_width(t) < integer_width(f);
    c.reason = c.narrowing ? "large values no longer fit" : "every value is widened";
  } else if ((f == "numeric" || f == "double precision" || f == "real") && integer_width(t)) {
    c.narrowing = true;
    c.reason = "fractions are rounded away";
  } else if (f == "double precision" && t == "real") {
    c.narrowing = true;
    c.reason = "precision is lost";
  } else if (f == "numeric" && t == "numeric") {
    c.narrowing = true;
  }
  return c;
}

}  // namespace sg::effects
