// PostgreSQL's rules for names it makes up (src/backend/commands/indexcmds.c, catalog/pg_constraint.c).
#include <algorithm>

#include "analyzer/replay/replay_state.hpp"

namespace sg::replay::detail {

namespace {
constexpr size_t kMaxNameBytes = 63;  // NAMEDATALEN - 1

// pg_mbcliplen for UTF-8: never cut a multi-byte character in half.
size_t clip(std::string_view s, size_t len) {
  if (len >= s.size()) return s.size();
  while (len > 0 && (static_cast<unsigned char>(s[len]) & 0xC0) == 0x80) --len;
  return len;
}
}  // namespace

std::string make_object_name(std::string_view name1, std::string_view name2, std::string_view label) {
  size_t n1 = name1.size(), n2 = name2.size();
  size_t overhead = label.empty() ? 0 : label.size() + 1;
  if (!name2.empty()) ++overhead;
  size_t avail = kMaxNameBytes - overhead;
  while (n1 + n2 > avail) {
    if (n1 > n2) --n1;
    else --n2;
  }
  n1 = clip(name1, n1);
  n2 = clip(name2, n2);
  std::string out(name1.substr(0, n1));
  if (!name2.empty()) out += "_" + std::string(name2.substr(0, n2));
  if (!label.empty()) out += "_" + std::string(label);
  return out;
}

bool constraint_name_used(const catalog::Catalog& cat, std::string_view schema, std::string_view name) {
  for (const catalog::Table& t : cat.tables) {
    if (t.schema != schema) continue;
    if (t.primary_key && t.primary_key->name == name) return true;
    for (const auto& u : t.unique_constraints) if (u.name == name) return true;
    for (const auto& f : t.foreign_keys) if (f.name == name) return true;
    for (const auto& k : t.checks) if (k.name == name) return true;
  }
  return false;
}

std::string choose_relation_name(const catalog::Catalog& cat, std::string_view schema, std::string_view name1,
                                 std::string_view name2, std::string_view label, bool is_constraint) {
  std::string modlabel(label);
  for (int pass = 0;; ) {
    std::string name = make_object_name(name1, name2, modlabel);
    if (!cat.relation_exists(schema, name) && !(is_constraint && constraint_name_used(cat, schema, name)))
      return name;
    modlabel = std::string(label) + std::to_string(++pass);
  }
}

std::string choose_constraint_name(const catalog::Catalog& cat, std::string_view schema, std::string_view name1,
                                   std::string_view name2, std::string_view label,
                                   const std::vector<std::string>& others) {
  std::string modlabel(label);
  for (int pass = 0;; ) {
    std::string name = make_object_name(name1, name2, modlabel);
    if (!constraint_name_used(cat, schema, name) && std::find(others.begin(), others.end(), name) == others.end())
      return name;
    modlabel = std::string(label) + std::to_string(++pass);
  }
}

std::string name_addition(const std::vector<std::string>& names) {
  std::string buf;
  for (const std::string& n : names) {
    if (!buf.empty()) buf += "_";
    buf += n;
    if (buf.size() >= kMaxNameBytes + 1) break;
  }
  if (buf.size() > 2 * (kMaxNameBytes + 1) - 1) buf.resize(clip(buf, 2 * (kMaxNameBytes + 1) - 1));
  return buf;
}

namespace {
// FigureIndexColname: what an expression key is called when PostgreSQL names the index.
std::string figure_colname(const sql::Expr& e) {
  switch (e.kind) {
    case sql::ExprKind::FuncCall: return e.names.empty() ? "expr" : e.names.back();
    case sql::ExprKind::TypeCast: {
      if (!e.args.empty()) {
        std::string inner = figure_colname(e.args[0]);
        if (inner != "expr") return inner;
      }
      if (!e.type.empty() && !e.type[0].names.empty()) {
        std::string n = e.type[0].names.back();
        if (n == "int4") return "int4";
        return n;
      }
      return "expr";
    }
    case sql::ExprKind::Coalesce: return "coalesce";
    case sql::ExprKind::CaseExpr: return "case";
    case sql::ExprKind::MinMax: return e.op == "LEAST" ? "least" : "greatest";
    case sql::ExprKind::ColumnRef: return e.names.empty() ? "expr" : e.names.back();
    default: return "expr";
  }
}
}  // namespace

std::vector<std::string> index_column_names(const std::vector<sql::IndexElem>& keys) {
  std::vector<std::string> out;
  for (const sql::IndexElem& k : keys) {
    std::string orig = k.expr ? figure_colname(*k.expr) : k.column;
    std::string cur = orig;
    for (int i = 1; std::find(out.begin(), out.end(), cur) != out.end(); ++i) {
      std::string suffix = std::to_string(i);
      cur = orig.substr(0, clip(orig, kMaxNameBytes - suffix.size())) + suffix;
    }
    out.push_back(cur);
  }
  return out;
}

std::string choose_index_name(const catalog::Catalog& cat, const catalog::Table& t, const std::vector<sql::IndexElem>& keys,
                              const std::vector<sql::IndexElem>& including, std::string_view label, bool is_constraint) {
  std::vector<sql::IndexElem> all = keys;
  all.insert(all.end(), including.begin(), including.end());
  return choose_relation_name(cat, t.schema, t.name, name_addition(index_column_names(all)), label, is_constraint);
}

}  // namespace sg::replay::detail
