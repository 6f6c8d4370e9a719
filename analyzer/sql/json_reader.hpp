#pragma once
// Internal to the SQL front end: walking libpg_query's JSON parse tree with simdjson's on-demand API.
// The tree is read strictly front to back, once; every helper consumes the value it is given.
#include <simdjson.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/source.hpp"
#include "analyzer/sql/ir.hpp"
#include "analyzer/sql/tokens.hpp"

namespace sg::sql {

namespace od = simdjson::ondemand;

// A tree the front end cannot turn into IR (too deep, or not what libpg_query documents).
class ReadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Deeper expressions are refused (as a statement-level error) instead of risking the C stack.
// AddressSanitizer makes each frame of the recursive reader several times larger; keep the same 8 MB stack
// safe there with a lower limit (real migrations nest a few dozen levels at most).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr int kMaxExprDepth = 250;
#else
inline constexpr int kMaxExprDepth = 1000;
#endif

// What a reader needs besides the JSON: the file (for source slices), where the parsed text starts in it
// (libpg_query's locations are relative to the text it was given), and the scanner's tokens.
struct ReadContext {
  std::string_view file;
  uint32_t base = 0;
  uint32_t statement_begin = 0;  // stands in for unknown (-1) locations
  uint32_t statement_end = 0;    // upper bound for searches in the token stream
  const TokenIndex* tokens = nullptr;
  int depth = 0;

  uint32_t at(int64_t location) const {
    if (location < 0) return statement_begin;
    uint64_t a = uint64_t(base) + uint64_t(location);
    return a > file.size() ? uint32_t(file.size()) : uint32_t(a);
  }
  std::string slice(Span s) const {
    if (s.begin >= file.size() || s.end <= s.begin) return {};
    return std::string(file.substr(s.begin, std::min<size_t>(s.end, file.size()) - s.begin));
  }
};

inline std::string_view as_view(od::value v) { return v.get_string().value(); }
inline std::string as_string(od::value v) { return std::string(as_view(v)); }
inline int64_t as_int(od::value v) { return v.get_int64().value(); }
inline bool as_bool(od::value v) { return v.get_bool().value(); }

template <class F>
void for_each_field(od::object object, F&& f) {
  for (auto result : object) {
    od::field field;
    if (auto error = std::move(result).get(field)) throw simdjson::simdjson_error(error);
    // libpg_query's keys are plain C identifiers (no escapes): read them in place instead of
    // unescaping a copy, which was a measurable share of the front end's time.
    const char* begin = field.key().raw();
    const char* end = begin;
    while (*end != '"') ++end;
    f(std::string_view(begin, static_cast<size_t>(end - begin)), field.value());
  }
}

template <class F>
void for_each_field(od::value v, F&& f) {
  for_each_field(v.get_object().value(), f);
}

template <class F>
void for_each_element(od::value v, F&& f) {
  for (auto result : v.get_array()) f(result.value());
}

// A Node field: {"NodeName": {...}}. Calls f(node_name, body).
template <class F>
void read_node(od::value v, F&& f) {
  for_each_field(v, [&](std::string_view name, od::value body) { f(name, body); });
}

// Strips a C enum prefix: "OBJECT_TABLE" -> "TABLE".
inline std::string strip_prefix(std::string_view s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) == prefix) s.remove_prefix(prefix.size());
  return std::string(s);
}

// ---- Readers (one family per file) ----

// expr_reader.cpp
Expr read_expr(ReadContext& ctx, od::value node);
// The same for a node whose name was already read: {"name": body}.
Expr read_expr_body(ReadContext& ctx, std::string_view name, od::value body);
Expr missing_expr();
TypeName read_type_name(ReadContext& ctx, od::value body);
std::string render_type(const TypeName& t);
// [{"String":{"sval":..}}, {"A_Star":{}}, ...] -> {"..", "*"}
std::vector<std::string> read_string_list(od::value array);
// A value node used as an option argument (String, Integer, Float, Boolean, TypeName, List, A_Star...),
// rendered as text. libpg_query 15-4.0's JSON drops Integer values <= 0; their slots are listed in
// `unknown_integers` until resolve_option_integers() reads them from the source after the option's start.
struct OptionValues {
  std::vector<std::string> values;
  std::vector<size_t> unknown_integers;
};
OptionValues read_option_values(ReadContext& ctx, od::value node);
void resolve_option_integers(ReadContext& ctx, OptionValues& values, uint32_t near);

// Each DefElem of an options list (WITH (...), sequence options, function options): f(defname, values of its
// argument), the values empty when it has none.
template <class F>
void for_each_def_elem(ReadContext& ctx, od::value array, F&& f) {
  for_each_element(array, [&](od::value item) {
    read_node(item, [&](std::string_view node, od::value body) {
      if (node != "DefElem") return;
      std::string name;
      OptionValues values;
      int64_t location = -1;
      for_each_field(body, [&](std::string_view k, od::value v) {
        if (k == "defname") name = as_string(v);
        else if (k == "arg") values = read_option_values(ctx, v);
        else if (k == "location") location = as_int(v);
      });
      resolve_option_integers(ctx, values, ctx.at(location));
      f(name, std::move(values.values));
    });
  });
}

// names.cpp
// `inh` is false for ONLY; `persistence` is 'p', 'u' (UNLOGGED) or 't' (TEMPORARY).
QualifiedName read_range_var(ReadContext& ctx, od::value body, bool* inh = nullptr, char* persistence = nullptr);
QualifiedName name_from_parts(const std::vector<std::string>& parts, Span span = {});

// ddl_reader.cpp
ColumnDef read_column_def(ReadContext& ctx, od::value body);
Constraint read_constraint(ReadContext& ctx, od::value body);
// Column constraints like DEFERRABLE that PostgreSQL applies to the constraint before them.
void apply_constraint_attributes(std::vector<Constraint>& constraints);
CreateTable read_create_table(ReadContext& ctx, od::value body);
AlterTable read_alter_table(ReadContext& ctx, od::value body);
CreateIndex read_create_index(ReadContext& ctx, od::value body);
DropObjects read_drop(ReadContext& ctx, od::value body);

// stmt_reader.cpp: any statement node.
StatementBody read_statement(ReadContext& ctx, std::string_view node, od::value body);

}  // namespace sg::sql
