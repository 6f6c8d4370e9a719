#include "analyzer/schema_drift/prisma_defaults.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

namespace sg::schema_drift {
namespace {

using Kind = PrismaDefault::Kind;

enum class Family { Int, Float, Bool, DateTime, String, Binary, Enum, Other };

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Positions of top-level `sep` (outside quotes and parentheses/brackets).
std::vector<size_t> top_level(std::string_view s, std::string_view sep) {
  std::vector<size_t> out;
  int depth = 0;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) {
        if (i + 1 < s.size() && s[i + 1] == quote) ++i;
        else quote = 0;
      }
      continue;
    }
    if (c == '\'' || c == '"') quote = c;
    else if (c == '(' || c == '[') ++depth;
    else if (c == ')' || c == ']') --depth;
    else if (depth == 0 && s.substr(i, sep.size()) == sep) out.push_back(i);
  }
  return out;
}

// `x::type`, `(x)::type`, `((x))` → x.
std::string_view strip_casts(std::string_view s) {
  for (;;) {
    s = trim(s);
    auto casts = top_level(s, "::");
    if (!casts.empty()) {
      s = s.substr(0, casts.front());
      continue;
    }
    if (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
      // Only when the parentheses wrap the whole text.
      int depth = 0;
      bool wraps = true;
      for (size_t i = 0; i < s.size() && wraps; ++i) {
        if (s[i] == '(') ++depth;
        else if (s[i] == ')' && --depth == 0 && i + 1 != s.size()) wraps = false;
      }
      if (wraps) {
        s = s.substr(1, s.size() - 2);
        continue;
      }
    }
    return s;
  }
}

std::optional<std::string> string_literal(std::string_view s) {
  bool escaped = false;
  if (s.size() >= 3 && (s[0] == 'E' || s[0] == 'e') && s[1] == '\'') {
    escaped = true;
    s.remove_prefix(1);
  }
  if (s.size() < 2 || s.front() != '\'' || s.back() != '\'') return std::nullopt;
  std::string out;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (c == '\'') {
      if (i + 2 < s.size() && s[i + 1] == '\'') ++i;
      else return std::nullopt;  // two literals, not one
    } else if (escaped && c == '\\' && i + 2 < s.size()) {
      char n = s[++i];
      c = n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n;
    }
    out += c;
  }
  return out;
}

// A decimal number in canonical form (no leading zeros, no trailing fractional zeros), or nullopt.
std::optional<std::string> number(std::string_view s) {
  s = trim(s);
  bool negative = !s.empty() && s[0] == '-';
  if (negative || (!s.empty() && s[0] == '+')) s.remove_prefix(1);
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot), frac = dot == std::string_view::npos ? "" : s.substr(dot + 1);
  auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  };
  if ((whole.empty() && frac.empty()) || !digits(whole) || !digits(frac)) return std::nullopt;
  while (whole.size() > 1 && whole[0] == '0') whole.remove_prefix(1);
  while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
  std::string out = whole.empty() ? "0" : std::string(whole);
  if (!frac.empty()) out += "." + std::string(frac);
  if (negative && out != "0") out = "-" + out;
  return out;
}

bool identifier(std::string_view s) {
  return !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_') &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::string unquoted(std::string_view name) {
  name = trim(name);
  size_t dot = top_level(name, ".").empty() ? std::string_view::npos : top_level(name, ".").back();
  if (dot != std::string_view::npos) name = name.substr(dot + 1);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    std::string out;
    for (size_t i = 1; i + 1 < name.size(); ++i) {
      out += name[i];
      if (name[i] == '"') ++i;
    }
    return out;
  }
  return std::string(name);
}

Family family_of(std::string_view type, const catalog::Catalog& c) {
  auto starts = [&](std::string_view p) { return type.substr(0, p.size()) == p; };
  if (type == "integer" || type == "bigint" || type == "smallint" || type == "oid") return Family::Int;
  if (type == "double precision" || type == "real" || starts("numeric") || starts("decimal")) return Family::Float;
  if (type == "boolean") return Family::Bool;
  if (starts("timestamp") || starts("time") || type == "date") return Family::DateTime;
  if (type == "text" || starts("character") || starts("bit") || type == "citext" || type == "xml" || type == "json" ||
      type == "jsonb" || type == "inet" || type == "\"char\"" || starts("bpchar") || starts("varchar"))
    return Family::String;
  if (type == "bytea") return Family::Binary;
  std::string name = unquoted(type);
  for (const auto& e : c.enums)
    if (e.name == name) return Family::Enum;
  return Family::Other;
}

// The constant of one scalar default, the way the describer's parser for the column's family reads it.
std::optional<std::string> scalar_value(std::string_view text, Family f) {
  std::string_view v = strip_casts(text);
  switch (f) {
    case Family::Int:
    case Family::Float: {
      if (auto s = string_literal(v)) return number(*s);
      auto n = number(v);
      if (n && f == Family::Int && n->find('.') != std::string::npos) return std::nullopt;
      return n;
    }
    case Family::Bool:
      if (iequals(v, "true") || iequals(v, "t")) return std::string("true");
      if (iequals(v, "false") || iequals(v, "f")) return std::string("false");
      return std::nullopt;
    case Family::Enum:
      if (identifier(v)) return std::string(v);
      return string_literal(v);
    case Family::String:
    case Family::Binary:
      return string_literal(v);
    case Family::DateTime:
    case Family::Other:
      return std::nullopt;
  }
  return std::nullopt;
}

// ARRAY[a, b] or '{a,b}' → the elements' constants joined, or nullopt.
std::optional<std::string> list_value(std::string_view text, Family f) {
  std::string_view v = strip_casts(text);
  std::vector<std::string> items;
  if (v.size() >= 7 && iequals(v.substr(0, 6), "ARRAY[") && v.back() == ']') {
    std::string_view inner = v.substr(6, v.size() - 7);
    if (!trim(inner).empty()) {
      size_t start = 0;
      auto commas = top_level(inner, ",");
      commas.push_back(inner.size());
      for (size_t at : commas) {
        auto item = scalar_value(inner.substr(start, at - start), f);
        if (!item) return std::nullopt;
        items.push_back(*item);
        start = at + 1;
      }
    }
  } else if (auto lit = string_literal(v); lit && lit->size() >= 2 && lit->front() == '{' && lit->back() == '}') {
    std::string inner = lit->substr(1, lit->size() - 2);
    std::string cur;
    bool quoted = false, any = false;
    for (size_t i = 0; i <= inner.size(); ++i) {
      char c = i < inner.size() ? inner[i] : ',';
      if (quoted) {
        if (c == '\\' && i + 1 < inner.size()) cur += inner[++i];
        else if (c == '"') quoted = false;
        else cur += c;
        continue;
      }
      if (c == '"') { quoted = true; any = true; continue; }
      if (c == ',') {
        if (!inner.empty()) {
          std::string item = any ? cur : std::string(trim(cur));
          if (f == Family::Int || f == Family::Float) {
            auto n = number(item);
            if (!n) return std::nullopt;
            item = *n;
          }
          items.push_back(item);
        }
        cur.clear();
        any = false;
        continue;
      }
      cur += c;
    }
  } else {
    return std::nullopt;
  }
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "\x1f" : "") + items[i];
  return out + "]";
}

}  // namespace

PrismaDefault read_default(const std::optional<std::string>& printed, const std::string& type, const catalog::Catalog& c) {
  if (!printed) return {};
  std::string_view text = trim(*printed);
  if (text.substr(0, 4) == "NULL") return {};
  bool list = type.size() > 2 && type.ends_with("[]");
  Family f = family_of(list ? std::string_view(type).substr(0, type.size() - 2) : std::string_view(type), c);
  if (list) {
    if (auto v = list_value(text, f)) return {Kind::Value, *v};
    return {Kind::Expression, std::string(text)};
  }
  std::string_view bare = strip_casts(text);
  if (f == Family::Int && bare.substr(0, 8) == "nextval(") return {Kind::Sequence, {}};
  if (f == Family::DateTime) {
    std::string_view name = bare.ends_with("()") ? bare.substr(0, bare.size() - 2) : bare;
    if (iequals(name, "now") || iequals(name, "current_timestamp")) return {Kind::Now, {}};
  }
  if (auto v = scalar_value(text, f)) return {Kind::Value, *v};
  return {Kind::Expression, std::string(text)};
}

PrismaDefault read_schema_default(const std::optional<std::string>& printed, const std::string& type,
                                  const catalog::Catalog& c, const std::optional<std::string>& db_generated) {
  if (db_generated) {
    if (db_generated->empty()) return {Kind::AnyExpression, {}};
    return {Kind::Expression, *db_generated};
  }
  PrismaDefault d = read_default(printed, type, c);
  if (d.kind != Kind::Expression) return d;
  // A literal in the schema is a value whatever the column's type; on a timestamp it is never compared.
  if (auto lit = string_literal(strip_casts(d.value))) {
    if (family_of(type, c) == Family::DateTime) return {Kind::DateTimeValue, *lit};
    return {Kind::Value, *lit};
  }
  return d;
}

bool defaults_match(const PrismaDefault& a, const PrismaDefault& b) {
  // The order of the cases is Prisma's: the first that applies decides.
  if (a.kind == Kind::None && b.kind == Kind::None) return true;
  if (a.kind != Kind::None && b.kind == Kind::DateTimeValue) return true;  // timestamps are not compared
  if (a.kind == Kind::Value && b.kind == Kind::Value) return a.value == b.value;
  if (a.kind == Kind::Value && (b.kind == Kind::Now || b.kind == Kind::None)) return false;
  if (a.kind == Kind::Now) {
    if (b.kind == Kind::Now) return true;
    if (b.kind == Kind::None || b.kind == Kind::Value) return false;
  }
  if (a.kind == Kind::Expression && (b.kind == Kind::Value || b.kind == Kind::Now || b.kind == Kind::None)) return false;
  if (b.kind == Kind::AnyExpression) return true;  // dbgenerated() without an expression
  if (a.kind == Kind::Sequence) {
    if (b.kind == Kind::None) return true;  // the sequence goes with autoincrement, not with the default
    if (b.kind == Kind::Value || b.kind == Kind::Now) return false;
  }
  if (a.kind == Kind::None && (b.kind == Kind::Value || b.kind == Kind::Now || b.kind == Kind::DateTimeValue)) return false;
  if (a.kind == Kind::Expression && b.kind == Kind::Expression) return iequals(a.value, b.value);
  if (b.kind == Kind::Expression) return false;
  return b.kind == Kind::Sequence;
}

bool autoincrement(const catalog::Column& column) {
  if (!column.identity.empty()) return true;
  return column.default_expr && strip_casts(*column.default_expr).substr(0, 8) == "nextval(";
}

}  // namespace sg::schema_drift
