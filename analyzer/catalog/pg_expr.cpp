#include "analyzer/catalog/pg_expr.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

namespace sg::catalog::pg {

namespace {

using sql::ConstKind;
using sql::Expr;
using sql::ExprKind;

// One analysed node: its text with implicit casts hidden, its type, and the implicit cast that shows when it
// sits under an operator or in a function argument.
struct Node {
  std::string text;
  TypeRef type;
  bool unknown_literal = false;  // an untyped '...' literal still waiting for a type
  std::string literal;           // its value
  bool null = false;
  bool is_const = false;         // a Const node (collapses `(c)::t` when c already has type t)
  std::string implicit_cast;     // format_type of an implicit coercion applied on top
  bool function_like = false;
  bool parenthesised = false;    // text already carries its own outer parentheses (operators, tests)
};

TypeRef unknown_type() { return builtin("unknown"); }
TypeRef text_type() { return builtin("text"); }
TypeRef bool_type() { return builtin("bool"); }

std::string shown(const Node& n) {
  if (n.implicit_cast.empty()) return n.text;
  return "(" + n.text + ")::" + n.implicit_cast;
}

[[noreturn]] void fail(std::string sqlstate, std::string message) {
  throw ExprError{std::move(sqlstate), std::move(message)};
}

bool same_type(const TypeRef& a, const TypeRef& b) {
  return a.elem == b.elem && a.array == b.array && a.schema == b.schema && a.name == b.name;
}

std::optional<bool> parse_bool(std::string v) {
  for (auto& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.erase(v.begin());
  if (v == "t" || v == "true" || v == "y" || v == "yes" || v == "on" || v == "1") return true;
  if (v == "f" || v == "false" || v == "n" || v == "no" || v == "off" || v == "0") return false;
  return std::nullopt;
}

// get_const_expr for a constant of type `t` whose output text is `value`.
std::string const_text(const std::string& value, const TypeRef& t, bool show_mod) {
  if (t.array) return quote_literal(value) + "::" + format_type(t, show_mod);
  if (t.elem == "int4") {
    if (!value.empty() && value[0] != '-') return value;
    return quote_literal(value) + "::integer";
  }
  if (t.elem == "numeric") {
    bool floaty = !value.empty() && std::isdigit(static_cast<unsigned char>(value[0])) &&
                  value.find_first_of("eE.") != std::string::npos;
    if (floaty && !(show_mod && !t.mod.empty())) return value;
    return quote_literal(value) + "::" + format_type(t, show_mod);
  }
  if (t.elem == "bool") return value == "t" || value == "true" ? "true" : "false";
  return quote_literal(value) + "::" + format_type(t, show_mod);
}

std::string trim(std::string v) {
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
  size_t i = 0;
  while (i < v.size() && std::isspace(static_cast<unsigned char>(v[i]))) ++i;
  return v.substr(i);
}

// regclass input then output: the relation name as regclass prints it (quoted, qualified when not visible).
std::string regclass_text(const std::string& literal) {
  auto [schema, name] = regclass_name(literal);
  return quote_literal(visible_name(schema, name)) + "::regclass";
}

// Converts an untyped literal into a constant of `t` (the type input function runs here).
Node literal_as(const Node& n, const TypeRef& t, bool explicit_cast, const ExprContext& ctx) {
  Node out;
  out.type = t;
  out.is_const = true;
  if (n.null) {
    out.null = true;
    out.text = "NULL::" + format_type(t, explicit_cast);
    return out;
  }
  std::string v = n.literal;
  if (!t.array) {
    if (is_integer(t)) {
      std::string s = trim(v);
      long long x = 0;
      auto [p, ec] = std::from_chars(s.data() + (s.size() && s[0] == '+' ? 1 : 0), s.data() + s.size(), x);
      if (ec != std::errc() || p != s.data() + s.size() || s.empty())
        fail("22P02", "invalid input syntax for type " + format_type(t, false) + ": \"" + v + "\"");
      v = std::to_string(x);
    } else if (t.elem == "bool") {
      auto b = parse_bool(v);
      if (!b) fail("22P02", "invalid input syntax for type boolean: \"" + v + "\"");
      v = *b ? "true" : "false";
    } else if (t.elem == "jsonb") {
      auto j = normalize_jsonb(v);
      if (!j) fail("22P02", "invalid input syntax for type json");
      v = *j;
    } else if ((t.elem == "enum" || t.elem == "user") && ctx.catalog) {
      const Enum* e = ctx.catalog->enum_type(t.schema, t.name);
      if (e) {
        if (std::find(e->values.begin(), e->values.end(), v) == e->values.end())
          fail("22P02", "invalid input value for enum " + format_type(t, false) + ": \"" + v + "\"");
        if (ctx.on_enum_label) ctx.on_enum_label(*e, v);
      }
    }
  }
  out.text = !t.array && t.elem == "regclass" ? regclass_text(v) : const_text(v, t, explicit_cast);
  return out;
}

// Applies an implicit (assignment or operator-argument) coercion to `t`.
Node coerce(Node n, const TypeRef& t, const ExprContext& ctx) {
  if (n.unknown_literal || (n.null && n.type.elem == "unknown")) return literal_as(n, t, false, ctx);
  if (same_type(n.type, t) || t.elem == "unknown" || !t.valid()) return n;
  if (t.elem == "anyelement") return n;
  if (n.implicit_cast.empty()) n.implicit_cast = format_type(t, false);
  n.type = t;
  return n;
}

struct FuncSig {
  std::string_view name;
  std::vector<std::string_view> args;  // parameter types for unknown literals ("" = keep / text)
  std::string_view result;             // "" = type of the first argument
};
// The signatures the printer needs to type literals and results correctly.
const std::vector<FuncSig>& func_sigs() {
  static const std::vector<FuncSig> sigs = {
      {"lower", {"text"}, "text"},          {"upper", {"text"}, "text"},
      {"btrim", {"text"}, "text"},          {"length", {"text"}, "int4"},
      {"char_length", {"text"}, "int4"},    {"md5", {"text"}, "text"},
      {"date_trunc", {"text", ""}, ""},     {"to_tsvector", {"regconfig", "text"}, "tsvector"},
      {"to_tsquery", {"regconfig", "text"}, "tsquery"},
      {"tsrange", {"", "", "text"}, "tsrange"}, {"tstzrange", {"", "", "text"}, "tstzrange"},
      {"now", {}, "timestamptz"},           {"gen_random_uuid", {}, "uuid"},
      {"uuid_generate_v4", {}, "uuid"},     {"cardinality", {""}, "int4"},
      {"array_length", {"", "int4"}, "int4"}, {"jsonb_typeof", {""}, "text"},
      {"jsonb_array_length", {""}, "int4"}, {"json_typeof", {""}, "text"},
      {"nextval", {"regclass"}, "int8"},    {"char_length", {"text"}, "int4"},
      {"concat", {"text", "text", "text", "text"}, "text"}, {"substring", {"text", "int4", "int4"}, "text"},
      {"replace", {"text", "text", "text"}, "text"}, {"trim", {"text"}, "text"},
      {"to_char", {"", "text"}, "text"},    {"timezone", {"text", ""}, "timestamp"},
      {"extract", {"text", ""}, "numeric"}, {"date_part", {"text", ""}, "float8"},
      {"jsonb_build_object", {}, "jsonb"},  {"json_build_object", {}, "json"},
      {"left", {"text", "int4"}, "text"},   {"right", {"text", "int4"}, "text"},
      {"octet_length", {"text"}, "int4"},   {"abs", {""}, ""},
      {"random", {}, "float8"},             {"clock_timestamp", {}, "timestamptz"},
      {"statement_timestamp", {}, "timestamptz"}, {"transaction_timestamp", {}, "timestamptz"},
      {"current_setting", {"text"}, "text"}, {"nullif", {"", ""}, ""},
      {"to_timestamp", {""}, "timestamptz"}, {"to_date", {"text", "text"}, "date"},
  };
  return sigs;
}

const FuncSig* find_sig(std::string_view name) {
  for (const auto& s : func_sigs())
    if (s.name == name) return &s;
  return nullptr;
}

class Printer {
 public:
  explicit Printer(const ExprContext& ctx) : ctx_(ctx) {}

  Node print(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Const: return print_const(e);
      case ExprKind::ColumnRef: return print_column(e);
      case ExprKind::TypeCast: return print_cast(e);
      case ExprKind::AExpr: return print_aexpr(e);
      case ExprKind::BoolExpr: return print_boolexpr(e);
      case ExprKind::NullTest: return print_test(e, e.op == "IS_NULL" ? " IS NULL" : " IS NOT NULL");
      case ExprKind::BooleanTest: return print_booltest(e);
      case ExprKind::FuncCall: return print_func(e);
      case ExprKind::SqlValueFunction: return print_svf(e);
      case ExprKind::ArrayExpr: return print_array(e, std::nullopt);
      case ExprKind::Coalesce: return print_coalesce(e, "COALESCE");
      case ExprKind::MinMax: return print_coalesce(e, e.op == "LEAST" ? "LEAST" : "GREATEST");
      case ExprKind::CaseExpr: return print_case(e);
      case ExprKind::Collate: {
        Node n = print(e.args.at(0));
        n.text = shown(n) + " COLLATE " + (e.names.empty() ? "" : quote_ident(e.names.back()));
        n.implicit_cast.clear();
        return n;
      }
      case ExprKind::RowExpr: {
        Node n;
        n.text = "ROW(" + join_args(e.args, nullptr) + ")";
        n.type = builtin("record");
        return n;
      }
      case ExprKind::Indirection: {
        // Subscripts as written after the printed base (a subscripted array yields its element type).
        if (e.args.empty()) break;
        Node a = print(e.args[0]);
        size_t at = e.raw.find('[');
        if (at == std::string::npos) break;
        Node n;
        n.text = shown(a) + e.raw.substr(at);
        n.type = a.type.array ? element_of(a.type) : unknown_type();
        return n;
      }
      case ExprKind::ParamRef: {
        Node n;
        n.text = "$" + e.value;
        n.type = unknown_type();
        return n;
      }
      default: {
        Node n;
        n.text = e.value;
        n.type = builtin("unknown");
        return n;
      }
    }
  }

  Node print_const(const Expr& e) {
    Node n;
    n.is_const = true;
    switch (e.const_kind) {
      case ConstKind::Integer: {
        long long v = 0;
        auto [p, ec] = std::from_chars(e.value.data(), e.value.data() + e.value.size(), v);
        if (ec == std::errc() && v >= INT32_MIN && v <= INT32_MAX) {
          n.type = builtin("int4");
        } else {
          n.type = builtin("int8");
        }
        n.text = const_text(e.value, n.type, false);
        return n;
      }
      case ConstKind::Float: {
        // PostgreSQL makes integral values that fit int8 an int8 constant, everything else numeric.
        long long v = 0;
        auto [p, ec] = std::from_chars(e.value.data(), e.value.data() + e.value.size(), v);
        if (ec == std::errc() && p == e.value.data() + e.value.size()) n.type = builtin("int8");
        else n.type = builtin("numeric");
        n.text = const_text(e.value, n.type, false);
        return n;
      }
      case ConstKind::Boolean:
        n.type = bool_type();
        n.text = (e.value == "true" || e.value == "t") ? "true" : "false";
        return n;
      case ConstKind::Null:
        n.null = true;
        n.type = unknown_type();
        n.text = "NULL";
        return n;
      case ConstKind::String:
      case ConstKind::BitString:
        n.unknown_literal = true;
        n.is_const = true;
        n.literal = e.value;
        n.type = unknown_type();
        n.text = quote_literal(e.value);
        return n;
    }
    return n;
  }

  Node print_column(const Expr& e) {
    Node n;
    const std::string& col = e.names.empty() ? std::string() : e.names.back();
    n.text = quote_ident(col);
    if (e.names.size() > 1) n.text = quote_ident(e.names[e.names.size() - 2]) + "." + n.text;
    n.type = unknown_type();
    if (ctx_.table) {
      if (const Column* c = ctx_.table->column(col)) n.type = type_from_formatted(c->type);
      else if (col != "*") fail("42703", "column \"" + col + "\" does not exist");
    }
    return n;
  }

  std::optional<TypeRef> resolve(const sql::TypeName& tn) {
    if (!ctx_.catalog) return std::nullopt;
    auto r = resolve_type(tn, *ctx_.catalog);
    if (!r) fail("42704", "type \"" + type_name_text(tn) + "\" does not exist");
    return r->type;
  }

  Node print_cast(const Expr& e) {
    if (e.type.empty() || e.args.empty()) return Node{e.value, unknown_type()};
    auto target = resolve(e.type[0]);
    if (!target) return print(e.args[0]);
    const Expr& arg = e.args[0];
    if (arg.kind == ExprKind::ArrayExpr && target->array) return print_array(arg, target);
    Node a = print(arg);
    if (a.unknown_literal || (a.null && a.type.elem == "unknown")) return literal_as(a, *target, true, ctx_);
    if (same_type(a.type, *target) && a.type.mod == target->mod) return a;
    Node out;
    out.type = *target;
    std::string inner = shown(a);
    if (a.is_const && a.implicit_cast.empty() && a.text.front() != '\'' && a.text.front() != '(') {
      out.text = "(" + inner + ")::" + format_type(*target, true);
    } else {
      out.text = "(" + inner + ")::" + format_type(*target, true);
    }
    return out;
  }

  // Picks the operand types PostgreSQL's operator resolution would settle on for a binary operator.
  std::pair<TypeRef, TypeRef> operand_types(const std::string& op, const Node& l, const Node& r) {
    TypeRef lt = l.type, rt = r.type;
    bool lu = l.unknown_literal || (l.null && lt.elem == "unknown");
    bool ru = r.unknown_literal || (r.null && rt.elem == "unknown");
    auto string_side = [](const TypeRef& t) {
      // varchar has no operators of its own: it compares as text.
      if (!t.array && t.elem == "varchar") return text_type();
      return t;
    };
    if (op == "->" || op == "->>" || op == "#>" || op == "#>>") {
      if (ru) rt = (op == "->" || op == "->>") ? text_type() : array_of(text_type());
      return {lt, rt};
    }
    if (op == "@>" || op == "<@" || op == "&&" || op == "?" || op == "?|" || op == "?&") {
      if (ru) rt = (op == "?") ? text_type() : (op == "?|" || op == "?&") ? array_of(text_type()) : lt;
      if (lu) lt = rt;
      return {lt, rt};
    }
    if (op == "||") {
      if (lu) lt = text_type();
      if (ru) rt = text_type();
      return {string_side(lt), string_side(rt)};
    }
    if (op == "~~" || op == "~~*" || op == "!~~" || op == "!~~*" || op == "~" || op == "~*" || op == "!~" ||
        op == "!~*") {
      if (!lu && lt.elem == "bpchar") return {lt, text_type()};
      return {text_type(), text_type()};
    }
    if (lu && ru) return {text_type(), text_type()};
    if (lu) {
      TypeRef t = string_side(rt);
      return {t, t};
    }
    if (ru) {
      TypeRef t = string_side(lt);
      return {t, t};
    }
    if (is_numeric_family(lt) && is_numeric_family(rt)) {
      auto rank = [](const TypeRef& t) {
        if (is_integer(t)) return 0;
        if (t.elem == "numeric") return 1;
        return 2;
      };
      int a = rank(lt), b = rank(rt);
      if (a == b) return {lt, rt};  // cross-type operators exist within each family
      TypeRef wide = a > b ? lt : rt;
      if (wide.elem == "float4") wide = builtin("float8");
      if ((lt.elem == "float4" && rt.elem == "float8") || (lt.elem == "float8" && rt.elem == "float4"))
        return {lt, rt};
      return {a == std::max(a, b) ? lt : wide, b == std::max(a, b) ? rt : wide};
    }
    if (is_string(lt) && is_string(rt)) {
      if (lt.elem == "bpchar" && rt.elem == "bpchar") return {lt, rt};
      if (lt.elem == "user" || rt.elem == "user") return {lt, rt};
      return {text_type(), text_type()};
    }
    return {lt, rt};
  }

  TypeRef result_type(const std::string& op, const TypeRef& lt, const TypeRef& rt) {
    static const char* kBoolOps[] = {"=", "<>", "!=", "<", ">", "<=", ">=", "~~", "~~*", "!~~", "!~~*", "~",
                                     "~*", "!~", "!~*", "@>", "<@", "&&", "?", "?|", "?&", "@@"};
    for (const char* b : kBoolOps)
      if (op == b) return bool_type();
    if (op == "->" || op == "#>") return lt;
    if (op == "->>" || op == "#>>") return text_type();
    if (op == "||") return lt.array ? lt : rt.array ? rt : text_type();
    if (op == "-" && (lt.elem == "timestamp" || lt.elem == "timestamptz" || lt.elem == "date") &&
        (rt.elem == lt.elem))
      return lt.elem == "date" ? builtin("int4") : builtin("interval");
    return lt.elem == "unknown" ? rt : lt;
  }

  Node binary(const std::string& op, const Expr& le, const Expr& re) {
    Node l = print(le), r = print(re);
    auto [lt, rt] = operand_types(op, l, r);
    l = coerce(l, lt, ctx_);
    r = coerce(r, rt, ctx_);
    Node out;
    out.type = result_type(op, l.type, r.type);
    out.text = "(" + shown(l) + " " + op + " " + shown(r) + ")";
    out.parenthesised = true;
    return out;
  }

  Node unary(const std::string& op, const Expr& re) {
    Node r = print(re);
    if (r.unknown_literal) r = coerce(r, builtin("int4"), ctx_);
    Node out;
    out.type = r.type;
    out.text = "(" + op + " " + shown(r) + ")";
    out.parenthesised = true;
    return out;
  }

  std::string op_name(const Expr& e) { return e.names.empty() ? std::string("=") : e.names.back(); }

  // x = ANY (ARRAY[...]) for IN lists and explicit ANY/ALL.
  Node scalar_array(const Expr& le, const std::vector<Expr>& items, const std::string& op, bool any,
                    const Expr* array_expr) {
    Node l = print(le);
    std::vector<Node> elems;
    for (const Expr& i : items) elems.push_back(print(i));
    TypeRef elem_type = l.type;
    bool lu = l.unknown_literal;
    if (lu) {
      elem_type = text_type();
      for (const Node& n : elems)
        if (!n.unknown_literal && !n.null) { elem_type = n.type; break; }
      l = coerce(l, elem_type, ctx_);
    }
    // Elements take the common type (the left side's when they are literals).
    TypeRef common = elem_type;
    for (const Node& n : elems)
      if (!n.unknown_literal && !n.null && is_numeric_family(n.type) && is_numeric_family(common)) {
        if (n.type.elem == "numeric" && is_integer(common)) common = n.type;
      }
    bool varchar_left = !l.type.array && l.type.elem == "varchar";
    std::string arr;
    TypeRef arr_elem = varchar_left ? l.type : common;
    if (array_expr && array_expr->kind != ExprKind::ArrayExpr) {
      Node a = print(*array_expr);
      a = coerce(a, array_of(arr_elem), ctx_);
      arr = shown(a);
    } else {
      std::string inner;
      for (Node& n : elems) {
        n = coerce(n, arr_elem, ctx_);
        if (!inner.empty()) inner += ", ";
        inner += shown(n);
      }
      arr = "ARRAY[" + inner + "]";
    }
    std::string left = shown(l);
    if (varchar_left) {
      left = "(" + l.text + ")::text";
      arr = "(" + arr + ")::text[]";
    } else if (!same_type(l.type, common) && is_numeric_family(common)) {
      left = "(" + l.text + ")::" + format_type(common, false);
    }
    Node out;
    out.type = bool_type();
    out.text = "(" + left + " " + op + " " + (any ? "ANY" : "ALL") + " (" + arr + "))";
    out.parenthesised = true;
    return out;
  }

  Node print_aexpr(const Expr& e) {
    const std::string& kind = e.op;
    std::string op = op_name(e);
    const Expr& le = e.args.at(0);
    const Expr& re = e.args.at(1);
    if (kind == "OP") {
      if (le.missing) return unary(op, re);
      return binary(op, le, re);
    }
    if (kind == "IN") {
      std::vector<Expr> items = re.kind == ExprKind::List ? re.args : std::vector<Expr>{re};
      bool eq = op == "=";
      return scalar_array(le, items, eq ? "=" : "<>", eq, nullptr);
    }
    if (kind == "OP_ANY" || kind == "OP_ALL") {
      if (re.kind == ExprKind::ArrayExpr) return scalar_array(le, re.args, op, kind == "OP_ANY", nullptr);
      return scalar_array(le, {}, op, kind == "OP_ANY", &re);
    }
    if (kind == "LIKE" || kind == "ILIKE") {
      std::string o = kind == "LIKE" ? (op == "!~~" ? "!~~" : "~~") : (op == "!~~*" ? "!~~*" : "~~*");
      return binary(o, le, re);
    }
    if (kind == "BETWEEN" || kind == "NOT_BETWEEN") {
      if (re.kind != ExprKind::List || re.args.size() != 2) return other(e);
      Node a = binary(kind == "BETWEEN" ? ">=" : "<", le, re.args[0]);
      Node b = binary(kind == "BETWEEN" ? "<=" : ">", le, re.args[1]);
      Node out;
      out.type = bool_type();
      out.text = "(" + a.text + (kind == "BETWEEN" ? " AND " : " OR ") + b.text + ")";
      out.parenthesised = true;
      return out;
    }
    if (kind == "DISTINCT" || kind == "NOT_DISTINCT") {
      Node n = binary("=", le, re);
      n.text = n.text.substr(1, n.text.size() - 2);
      auto p = n.text.find(" = ");
      n.text = "(" + n.text.substr(0, p) + (kind == "DISTINCT" ? " IS DISTINCT FROM " : " IS NOT DISTINCT FROM ") +
               n.text.substr(p + 3) + ")";
      return n;
    }
    if (kind == "NULLIF") {
      Node l = print(le), r = print(re);
      Node out;
      out.type = l.type;
      out.text = "NULLIF(" + shown(l) + ", " + shown(r) + ")";
      out.function_like = true;
      return out;
    }
    return other(e);
  }

  Node other(const Expr& e) {
    Node n;
    n.text = e.value;
    n.type = unknown_type();
    return n;
  }

  Node print_boolexpr(const Expr& e) {
    Node out;
    out.type = bool_type();
    out.parenthesised = true;
    if (e.op == "NOT") {
      Node a = coerce(print(e.args.at(0)), bool_type(), ctx_);
      out.text = "(NOT " + shown(a) + ")";
      return out;
    }
    std::string sep = e.op == "OR" ? " OR " : " AND ";
    std::string body;
    for (const Expr& a : e.args) {
      Node n = coerce(print(a), bool_type(), ctx_);
      if (!body.empty()) body += sep;
      body += shown(n);
    }
    out.text = "(" + body + ")";
    return out;
  }

  Node print_test(const Expr& e, const char* suffix) {
    Node a = print(e.args.at(0));
    Node out;
    out.type = bool_type();
    out.text = "(" + shown(a) + suffix + ")";
    out.parenthesised = true;
    return out;
  }

  Node print_booltest(const Expr& e) {
    static const std::map<std::string, std::string> kinds = {
        {"IS_TRUE", " IS TRUE"},       {"IS_NOT_TRUE", " IS NOT TRUE"}, {"IS_FALSE", " IS FALSE"},
        {"IS_NOT_FALSE", " IS NOT FALSE"}, {"IS_UNKNOWN", " IS UNKNOWN"}, {"IS_NOT_UNKNOWN", " IS NOT UNKNOWN"}};
    auto it = kinds.find(e.op);
    return print_test(e, it == kinds.end() ? " IS TRUE" : it->second.c_str());
  }

  std::string join_args(const std::vector<Expr>& args, const FuncSig* sig) {
    std::string out;
    for (size_t i = 0; i < args.size(); ++i) {
      Node n = print(args[i]);
      TypeRef want = text_type();
      if (sig && i < sig->args.size() && !sig->args[i].empty()) want = builtin(std::string(sig->args[i]));
      else if (sig && i < sig->args.size() && sig->args[i].empty()) want = n.type;
      if (n.unknown_literal || (want.elem == "text" && !n.type.array && n.type.elem == "varchar")) {
        if (want.elem == "regclass" && n.unknown_literal) {
          n = regclass_literal(n.literal);
        } else {
          n = coerce(n, want.elem == "unknown" ? text_type() : want, ctx_);
        }
      }
      if (!out.empty()) out += ", ";
      out += shown(n);
    }
    return out;
  }

  Node regclass_literal(const std::string& literal) {
    Node n;
    n.type = builtin("regclass");
    n.is_const = true;
    n.text = regclass_text(literal);
    return n;
  }

  Node print_func(const Expr& e) {
    std::string name = e.names.empty() ? std::string() : e.names.back();
    const FuncSig* sig = find_sig(name);
    Node out;
    std::string fname;
    for (size_t i = 0; i < e.names.size(); ++i) {
      if (e.names[i] == "pg_catalog" && i + 1 < e.names.size()) continue;
      if (!fname.empty()) fname += ".";
      fname += quote_ident(e.names[i]);
    }
    if (e.agg_star) {
      out.text = fname + "(*)";
      out.type = builtin("int8");
    } else {
      out.text = fname + "(" + std::string(e.agg_distinct ? "DISTINCT " : "") + join_args(e.args, sig) + ")";
      if (sig && !sig->result.empty()) out.type = builtin(std::string(sig->result));
      else if (!e.args.empty()) out.type = print(e.args.back()).type;
      else out.type = unknown_type();
      if (name == "count") out.type = builtin("int8");
    }
    out.function_like = true;
    return out;
  }

  Node print_svf(const Expr& e) {
    Node out;
    out.text = e.value;
    if (e.typmod >= 0) out.text += "(" + std::to_string(e.typmod) + ")";
    out.function_like = true;
    if (e.value == "CURRENT_TIMESTAMP" || e.value == "NOW") out.type = builtin("timestamptz");
    else if (e.value == "LOCALTIMESTAMP") out.type = builtin("timestamp");
    else if (e.value == "CURRENT_DATE") out.type = builtin("date");
    else if (e.value == "CURRENT_TIME") out.type = builtin("timetz");
    else if (e.value == "LOCALTIME") out.type = builtin("time");
    else out.type = builtin("name");
    return out;
  }

  Node print_array(const Expr& e, std::optional<TypeRef> target) {
    Node out;
    out.function_like = false;
    std::vector<Node> elems;
    for (const Expr& a : e.args) elems.push_back(print(a));
    TypeRef elem = target ? element_of(*target) : text_type();
    if (!target) {
      for (const Node& n : elems)
        if (!n.unknown_literal && !n.null) { elem = n.type; break; }
      for (const Node& n : elems)
        if (!n.unknown_literal && !n.null && n.type.elem == "numeric" && is_integer(elem)) elem = n.type;
    }
    std::string inner;
    for (Node& n : elems) {
      if (target && !n.unknown_literal && !same_type(n.type, elem)) {
        n.implicit_cast.clear();
        n.text = "(" + n.text + ")::" + format_type(elem, true);
        n.type = elem;
      }
      n = coerce(n, elem, ctx_);
      if (!inner.empty()) inner += ", ";
      inner += shown(n);
    }
    out.type = array_of(elem);
    out.text = "ARRAY[" + inner + "]";
    if (elems.empty()) out.text += "::" + format_type(out.type, true);
    return out;
  }

  Node print_coalesce(const Expr& e, const char* name) {
    std::vector<Node> args;
    for (const Expr& a : e.args) args.push_back(print(a));
    TypeRef t = text_type();
    for (const Node& n : args)
      if (!n.unknown_literal && !n.null) { t = n.type; break; }
    std::string inner;
    for (Node& n : args) {
      n = coerce(n, t, ctx_);
      if (!inner.empty()) inner += ", ";
      inner += shown(n);
    }
    Node out;
    out.type = t;
    out.text = std::string(name) + "(" + inner + ")";
    out.function_like = true;
    return out;
  }

  // CASE as ruleutils prints it with PRETTYFLAG_INDENT (which pg_get_expr, pg_get_constraintdef and
  // pg_get_indexdef all use): each keyword on its own line, WHEN/ELSE indented four more than CASE, and an
  // ELSE always (NULL of the result type when none was written).
  Node print_case(const Expr& e) {
    // args = {arg-or-missing, when..., default-or-missing}
    const int outer = indent_;
    indent_ += 4;
    auto line = [](int level, const char* word) { return "\n" + std::string(static_cast<size_t>(level), ' ') + word; };
    std::string text = line(outer, "CASE");
    const Expr& arg = e.args.front();
    std::optional<Node> argn;
    if (!arg.missing) {
      argn = print(arg);
      text += " " + shown(*argn);
    }
    std::vector<std::pair<std::string, const Expr*>> whens;
    for (size_t i = 1; i + 1 < e.args.size(); ++i) {
      const Expr& w = e.args[i];
      if (w.args.size() != 2) continue;
      Node cond = argn ? print(w.args[0]) : coerce(print(w.args[0]), bool_type(), ctx_);
      if (argn) cond = coerce(cond, argn->type, ctx_);
      whens.push_back({shown(cond), &w.args[1]});
    }
    const Expr& def = e.args.back();
    std::vector<Node> res;
    for (auto& w : whens) res.push_back(print(*w.second));
    std::optional<Node> defn;
    if (!def.missing && e.args.size() >= 2) defn = print(def);
    TypeRef t = text_type();
    for (const Node& n : res)
      if (!n.unknown_literal && !n.null) { t = n.type; break; }
    for (size_t i = 0; i < whens.size(); ++i)
      text += line(outer + 4, "WHEN ") + whens[i].first + " THEN " + shown(coerce(res[i], t, ctx_));
    text += line(outer + 4, "ELSE ") + (defn ? shown(coerce(*defn, t, ctx_)) : "NULL::" + format_type(t, false));
    text += line(outer, "END");
    indent_ = outer;
    Node out;
    out.type = t;
    out.text = text;
    return out;
  }

 private:
  const ExprContext& ctx_;
  int indent_ = 0;  // ruleutils' indentLevel (PRETTYINDENT_VAR per CASE)
};

// appendContextKeyword removes the spaces before each line break it starts.
std::string without_spaces_before_breaks(std::string text) {
  if (text.find('\n') == std::string::npos) return text;
  std::string out;
  char quote = 0;
  for (char c : text) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '\n') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
    }
    out += c;
  }
  return out;
}

void walk(const Expr& e, const std::function<void(const Expr&)>& f) {
  f(e);
  for (const Expr& a : e.args) walk(a, f);
}
void walk_mut(Expr& e, const std::function<void(Expr&)>& f) {
  f(e);
  for (Expr& a : e.args) walk_mut(a, f);
}

// Drops the outer parentheses an operator prints in non-pretty mode (pretty mode leaves them off at the top).
std::string strip_outer(const Node& n) {
  if (!n.parenthesised || n.text.size() < 2) return n.text;
  return n.text.substr(1, n.text.size() - 2);
}

}  // namespace

std::optional<std::string> deparse_default(const Expr& e, const TypeRef& column_type, const ExprContext& ctx) {
  Printer p(ctx);
  Node n = p.print(e);
  if (n.null && e.kind == ExprKind::Const) return std::nullopt;
  if (!n.unknown_literal && !n.null && !same_type(n.type, column_type) && n.type.elem != "unknown" &&
      !assignment_cast_exists(n.type, column_type) && !(n.type.elem == "int4" && column_type.elem == "bool"))
    throw ExprError{"42804", "column is of type " + format_type(column_type) + " but default expression is of type " +
                                 format_type(n.type)};
  n = coerce(n, column_type, ctx);
  return without_spaces_before_breaks(n.text);  // the coercion to the column type is implicit: not shown
}

std::string deparse_bool(const Expr& e, const ExprContext& ctx) {
  Printer p(ctx);
  Node n = p.print(e);
  n = coerce(n, bool_type(), ctx);
  return without_spaces_before_breaks(n.text);
}

IndexExprText deparse_index_expr(const Expr& e, const ExprContext& ctx) {
  Printer p(ctx);
  Node n = p.print(e);
  IndexExprText out;
  n.text = without_spaces_before_breaks(n.text);
  out.plain = n.text;
  out.pretty = pretty_index_expr(n.text).value_or(strip_outer(n));
  out.function_like = n.function_like;
  return out;
}

TypeRef expr_type(const Expr& e, const ExprContext& ctx) {
  Printer p(ctx);
  try {
    Node n = p.print(e);
    if (n.unknown_literal) return text_type();
    return n.type;
  } catch (const ExprError&) {
    return unknown_type();
  }
}

std::vector<std::string> referenced_columns(const Expr& e) {
  std::vector<std::string> out;
  walk(e, [&](const Expr& x) {
    if (x.kind == ExprKind::ColumnRef && !x.names.empty() && x.names.back() != "*" &&
        std::find(out.begin(), out.end(), x.names.back()) == out.end())
      out.push_back(x.names.back());
  });
  return out;
}

void rename_column_refs(Expr& e, std::string_view from, std::string_view to) {
  walk_mut(e, [&](Expr& x) {
    if (x.kind == ExprKind::ColumnRef && !x.names.empty() && x.names.back() == from) x.names.back() = std::string(to);
  });
}

namespace {
// Whether a cast's type name, as written, names `schema.name` (unqualified names are taken to be in public).
bool names_type(const sql::TypeName& tn, std::string_view schema, std::string_view name) {
  if (tn.names.empty() || tn.names.back() != name) return false;
  if (tn.names.size() > 1) return tn.names[tn.names.size() - 2] == schema;
  return schema == "public";
}
}  // namespace

bool refers_to_type(const Expr& e, std::string_view schema, std::string_view name) {
  bool found = false;
  walk(e, [&](const Expr& x) {
    if (x.kind == ExprKind::TypeCast)
      for (const auto& tn : x.type) found |= names_type(tn, schema, name);
  });
  return found;
}

bool rename_type_refs(Expr& e, std::string_view schema, std::string_view from, std::string_view to) {
  bool renamed = false;
  walk_mut(e, [&](Expr& x) {
    if (x.kind != ExprKind::TypeCast) return;
    for (auto& tn : x.type)
      if (names_type(tn, schema, from)) {
        tn.names.back() = std::string(to);
        renamed = true;
      }
  });
  return renamed;
}

bool assignment_cast_exists(const TypeRef& from, const TypeRef& to) {
  if (from.elem == "unknown") return true;
  if (same_type(from, to)) return true;
  if (from.array != to.array) return false;
  const TypeRef f = element_of(from), t = element_of(to);
  if (is_numeric_family(f) && is_numeric_family(t)) return true;
  // Every type converts to a string type by its output function (an assignment cast).
  if (is_string(t) && !(t.elem == "user" && f.array)) return true;
  auto in = [](const std::string& x, std::initializer_list<const char*> set) {
    for (const char* s : set)
      if (x == s) return true;
    return false;
  };
  if (in(f.elem, {"timestamp", "timestamptz", "date"}) && in(t.elem, {"timestamp", "timestamptz", "date", "time"}))
    return true;
  if (in(f.elem, {"time", "timetz"}) && in(t.elem, {"time", "timetz"})) return true;
  if (in(f.elem, {"json", "jsonb"}) && in(t.elem, {"json", "jsonb"})) return true;
  if (in(f.elem, {"bit", "varbit"}) && in(t.elem, {"bit", "varbit"})) return true;
  if (in(f.elem, {"inet", "cidr"}) && in(t.elem, {"inet", "cidr"})) return true;
  if (f.elem == "int4" && t.elem == "bool") return false;
  if (f.elem == "interval" && t.elem == "time") return true;
  return false;
}

namespace {

// A small JSON reader keeping number texts as written, for jsonb's canonical output.
class JsonNormalizer {
 public:
  explicit JsonNormalizer(std::string_view s) : s_(s) {}
  std::optional<std::string> run() {
    std::string out;
    if (!value(out)) return std::nullopt;
    ws();
    if (i_ != s_.size()) return std::nullopt;
    return out;
  }

 private:
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool string(std::string& out) {
    if (i_ >= s_.size() || s_[i_] != '"') return false;
    size_t start = i_++;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') ++i_;
      ++i_;
    }
    if (i_ >= s_.size()) return false;
    ++i_;
    out += s_.substr(start, i_ - start);
    return true;
  }
  bool value(std::string& out) {
    ws();
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '{') {
      ++i_;
      std::vector<std::pair<std::string, std::string>> members;
      ws();
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        out += "{}";
        return true;
      }
      for (;;) {
        ws();
        std::string key, val;
        if (!string(key)) return false;
        ws();
        if (i_ >= s_.size() || s_[i_] != ':') return false;
        ++i_;
        if (!value(val)) return false;
        auto it = std::find_if(members.begin(), members.end(), [&](auto& m) { return m.first == key; });
        if (it != members.end()) it->second = val;
        else members.emplace_back(std::move(key), std::move(val));
        ws();
        if (i_ < s_.size() && s_[i_] == ',') { ++i_; continue; }
        if (i_ < s_.size() && s_[i_] == '}') { ++i_; break; }
        return false;
      }
      std::stable_sort(members.begin(), members.end(), [](auto& a, auto& b) {
        if (a.first.size() != b.first.size()) return a.first.size() < b.first.size();
        return a.first < b.first;
      });
      out += "{";
      for (size_t k = 0; k < members.size(); ++k) {
        if (k) out += ", ";
        out += members[k].first + ": " + members[k].second;
      }
      out += "}";
      return true;
    }
    if (c == '[') {
      ++i_;
      out += "[";
      ws();
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        out += "]";
        return true;
      }
      bool first = true;
      for (;;) {
        if (!first) out += ", ";
        first = false;
        if (!value(out)) return false;
        ws();
        if (i_ < s_.size() && s_[i_] == ',') { ++i_; continue; }
        if (i_ < s_.size() && s_[i_] == ']') { ++i_; break; }
        return false;
      }
      out += "]";
      return true;
    }
    if (c == '"') return string(out);
    for (std::string_view lit : {"true", "false", "null"})
      if (s_.substr(i_, lit.size()) == lit) {
        out += lit;
        i_ += lit.size();
        return true;
      }
    size_t start = i_;
    if (s_[i_] == '-') ++i_;
    while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.' || s_[i_] == 'e' ||
                              s_[i_] == 'E' || s_[i_] == '+' || s_[i_] == '-'))
      ++i_;
    if (i_ == start) return false;
    out += s_.substr(start, i_ - start);
    return true;
  }
  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::optional<std::string> normalize_jsonb(std::string_view text) { return JsonNormalizer(text).run(); }

std::pair<std::string, std::string> regclass_name(std::string_view literal) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < literal.size(); ++i) {
    char c = literal[i];
    if (c == '"') {
      if (quoted && i + 1 < literal.size() && literal[i + 1] == '"') {
        parts.back() += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == '.' && !quoted) {
      parts.emplace_back();
    } else {
      parts.back() += quoted ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return {parts.size() > 1 ? parts[parts.size() - 2] : "public", parts.back()};
}

}  // namespace sg::catalog::pg
