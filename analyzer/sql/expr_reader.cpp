// Expressions (DEFAULT, CHECK, index keys and predicates, USING) from libpg_query's JSON into sg::sql::Expr.
#include <algorithm>
#include <charconv>

#include "analyzer/sql/json_reader.hpp"

namespace sg::sql {
namespace {

// libpg_query 15-4.0's JSON writer drops Integer values <= 0 ("ival": {}), so zero and negative integers
// look alike; the source text at the constant's location tells them apart.
std::string integer_from_source(std::string_view file, uint32_t at) {
  size_t i = at;
  bool negative = false;
  if (i < file.size() && (file[i] == '-' || file[i] == '+')) {
    negative = file[i] == '-';
    ++i;
    while (i < file.size() && (file[i] == ' ' || file[i] == '\t' || file[i] == '\n' || file[i] == '\r')) ++i;
  }
  size_t digits_begin = i;
  while (i < file.size() && file[i] >= '0' && file[i] <= '9') ++i;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(file.data() + digits_begin, file.data() + i, value);
  if (ec != std::errc() || ptr == file.data() + digits_begin) return "0";
  return std::to_string(negative ? -value : value);
}

Expr make(ExprKind kind) {
  Expr e;
  e.kind = kind;
  return e;
}

struct Extent {
  uint32_t begin = UINT32_MAX;
  uint32_t end = 0;
  void add(const Expr& e) {
    if (e.missing) return;
    begin = std::min(begin, e.span.begin);
    end = std::max(end, e.span.end);
  }
  void add(Span s) {
    begin = std::min(begin, s.begin);
    end = std::max(end, s.end);
  }
};

class ExprReader {
 public:
  explicit ExprReader(ReadContext& ctx) : ctx_(ctx) {}

  Expr read(od::value node) {
    if (++ctx_.depth > kMaxExprDepth) throw ReadError("expression nested more than " + std::to_string(kMaxExprDepth) + " levels deep");
    Expr out;
    read_node(node, [&](std::string_view name, od::value body) { out = read_body(name, body); });
    --ctx_.depth;
    return out;
  }

  Expr read_body(std::string_view name, od::value body) {
    if (name == "A_Const") return read_const(body);
    if (name == "ColumnRef") return read_column_ref(body);
    if (name == "ParamRef") return read_param_ref(body);
    if (name == "FuncCall") return read_func_call(body);
    if (name == "TypeCast") return read_type_cast(body);
    if (name == "A_Expr") return read_a_expr(body);
    if (name == "BoolExpr") return read_args_node(body, ExprKind::BoolExpr, "boolop", "_EXPR", false);
    if (name == "NullTest") return read_test(body, ExprKind::NullTest, "nulltesttype");
    if (name == "BooleanTest") return read_test(body, ExprKind::BooleanTest, "booltesttype");
    if (name == "A_ArrayExpr") return read_list_node(body, ExprKind::ArrayExpr, "elements");
    if (name == "SQLValueFunction") return read_sql_value_function(body);
    if (name == "CaseExpr") return read_case(body);
    if (name == "CaseWhen") return read_case_when(body);
    if (name == "CoalesceExpr") return read_list_node(body, ExprKind::Coalesce, "args");
    if (name == "MinMaxExpr") return read_args_node(body, ExprKind::MinMax, "op", "", true);
    if (name == "SubLink") return read_sublink(body);
    if (name == "RowExpr") return read_row(body);
    if (name == "A_Indirection") return read_indirection(body);
    if (name == "CollateClause") return read_collate(body);
    if (name == "List") return read_list_node(body, ExprKind::List, "items");
    return read_other(name, body);
  }

 private:
  // What most nodes share: a location, and operands that both go into e.args (in order) and give the
  // span its extent. `fields` hands every field but "location" to the node's own reader.
  class Node {
   public:
    Node(ExprReader& r, ExprKind kind) : e(make(kind)), r_(r) {}
    template <class OnField>
    void fields(od::value body, OnField on_field) {
      for_each_field(body, [&](std::string_view key, od::value v) {
        if (key == "location") location = as_int(v);
        else on_field(key, v);
      });
    }
    void add(Expr operand) {
      operands_.add(operand);
      e.args.push_back(std::move(operand));
    }
    void operand(od::value v) { add(r_.read(v)); }
    void operands(od::value list) {
      for_each_element(list, [&](od::value a) { operand(a); });
    }
    void extend(Span s) { operands_.add(s); }
    // Nodes with one argument keep a placeholder when it is absent, so args[0] always exists.
    Expr finish(bool needs_arg = false, bool is_case = false) {
      if (needs_arg && e.args.empty()) e.args.push_back(missing_expr());
      r_.finish(e, location, operands_, is_case);
      return std::move(e);
    }

    Expr e;
    int64_t location = -1;

   private:
    ExprReader& r_;
    Extent operands_;
  };

  // Sets the span from the node's own location and its operands; `is_case` lets CASE take in its END.
  void finish(Expr& e, int64_t location, Extent operands, bool is_case = false) {
    uint32_t begin = location >= 0 ? ctx_.at(location) : operands.begin;
    if (begin == UINT32_MAX) begin = ctx_.statement_begin;
    if (operands.begin != UINT32_MAX) begin = std::min(begin, operands.begin);
    uint32_t known_end = operands.end;
    if (ctx_.tokens) {
      known_end = std::max(known_end, ctx_.tokens->token_end(begin));
      e.span = Span{begin, ctx_.tokens->expression_end(begin, known_end, is_case)};
    } else {
      e.span = Span{begin, std::max(begin, known_end)};
    }
  }

  // Takes in what a node's text goes on with after its last operand (keywords, groups): `next_end`
  // returns where the next token's part ends, or 0 where the node stops.
  template <class NextEnd>
  void extend_over_tokens(Expr& e, NextEnd next_end) {
    if (!ctx_.tokens) return;
    const auto& t = ctx_.tokens->all();
    for (size_t i = ctx_.tokens->first_at_or_after(e.span.end); i < t.size() && t[i].begin < ctx_.statement_end;
         i = ctx_.tokens->first_at_or_after(e.span.end)) {
      const uint32_t end = next_end(t[i]);
      if (end == 0) break;
      e.span.end = end;
    }
  }

  Expr read_const(od::value body) {
    Node n(*this, ExprKind::Const);
    Expr& e = n.e;
    bool integer_unknown = false;
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == "isnull") {
        e.const_kind = ConstKind::Null;
      } else if (key == "ival") {
        e.const_kind = ConstKind::Integer;
        integer_unknown = true;
        for_each_field(v, [&](std::string_view, od::value i) {
          e.value = std::to_string(as_int(i));
          integer_unknown = false;
        });
      } else if (key == "fval" || key == "sval" || key == "bsval") {
        e.const_kind = key == "fval" ? ConstKind::Float : key == "sval" ? ConstKind::String : ConstKind::BitString;
        for_each_field(v, [&](std::string_view, od::value str) { e.value = as_string(str); });
      } else if (key == "boolval") {
        e.const_kind = ConstKind::Boolean;
        e.value = "false";
        for_each_field(v, [&](std::string_view, od::value b) { e.value = as_bool(b) ? "true" : "false"; });
      }
    });
    if (integer_unknown) e.value = n.location >= 0 ? integer_from_source(ctx_.file, ctx_.at(n.location)) : "0";
    Expr out = n.finish();
    // A folded negative number starts at its '-': take in the digits after it.
    if (ctx_.tokens && out.span.end < ctx_.file.size() && out.span.end == out.span.begin + 1 &&
        (ctx_.file[out.span.begin] == '-' || ctx_.file[out.span.begin] == '+')) {
      size_t i = ctx_.tokens->first_at_or_after(out.span.end);
      if (i < ctx_.tokens->all().size()) out.span.end = ctx_.tokens->all()[i].end;
    }
    return out;
  }

  Expr read_column_ref(od::value body) {
    Node n(*this, ExprKind::ColumnRef);
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == "fields") n.e.names = read_string_list(v);
    });
    Expr e = n.finish();
    if (ctx_.tokens) e.span.end = std::max(e.span.end, ctx_.tokens->qualified_name_end(e.span.begin));
    return e;
  }

  Expr read_param_ref(od::value body) {
    Node n(*this, ExprKind::ParamRef);
    n.e.value = "0";
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == "number") n.e.value = std::to_string(as_int(v));
    });
    return n.finish();
  }

  Expr read_func_call(od::value body) {
    Node n(*this, ExprKind::FuncCall);
    Expr& e = n.e;
    e.op = "EXPLICIT_CALL";
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == "funcname") e.names = read_string_list(v);
      else if (key == "args") n.operands(v);
      else if (key == "agg_star") e.agg_star = as_bool(v);
      else if (key == "agg_distinct") e.agg_distinct = as_bool(v);
      else if (key == "func_variadic") e.func_variadic = as_bool(v);
      else if (key == "funcformat") e.op = strip_prefix(as_view(v), "COERCE_");
      else if (key == "agg_order" || key == "agg_filter" || key == "over" || key == "agg_within_group")
        e.func_extra_clauses = true;
    });
    Expr out = n.finish();
    if (out.func_extra_clauses) {
      // OVER (...) / FILTER (...) follow the argument list: take in the groups after it.
      extend_over_tokens(out, [&](const Token& t) -> uint32_t {
        if (t.kind == ',' || t.kind == ')' || t.kind == ';') return 0;
        return ctx_.tokens->expression_end(t.begin, t.end, false);
      });
      out.raw = ctx_.slice(out.span);
    }
    return out;
  }

  Expr read_type_cast(od::value body) {
    Node n(*this, ExprKind::TypeCast);
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == "arg") {
        n.operand(v);
      } else if (key == "typeName") {
        n.e.type.push_back(read_type_name(ctx_, v));
        n.extend(n.e.type.back().span);
      }
    });
    return n.finish(true);
  }

  Expr read_a_expr(od::value body) {
    Node n(*this, ExprKind::AExpr);
    Expr lhs = missing_expr(), rhs = missing_expr();
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == "kind") n.e.op = strip_prefix(as_view(v), "AEXPR_");
      else if (key == "name") n.e.names = read_string_list(v);
      else if (key == "lexpr") lhs = read(v);
      else if (key == "rexpr") rhs = read(v);
    });
    n.add(std::move(lhs));
    n.add(std::move(rhs));
    return n.finish();
  }

  // BoolExpr (boolop AND_EXPR -> "AND") and MinMaxExpr (op IS_GREATEST -> "GREATEST").
  Expr read_args_node(od::value body, ExprKind kind, std::string_view op_key, std::string_view suffix,
                      bool strip_is) {
    Node n(*this, kind);
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == op_key) {
        std::string_view op = as_view(v);
        if (strip_is && op.substr(0, 3) == "IS_") op.remove_prefix(3);
        if (!suffix.empty() && op.size() > suffix.size() && op.substr(op.size() - suffix.size()) == suffix)
          op.remove_suffix(suffix.size());
        n.e.op = std::string(op);
      } else if (key == "args") {
        n.operands(v);
      }
    });
    return n.finish();
  }

  Expr read_test(od::value body, ExprKind kind, std::string_view type_key) {
    Node n(*this, kind);
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == "arg") n.operand(v);
      else if (key == type_key) n.e.op = as_string(v);
    });
    Expr e = n.finish(true);
    // The test's keywords (IS NOT NULL, IS TRUE) come after the operand.
    extend_over_tokens(e, [](const Token& t) -> uint32_t {
      const int32_t k = t.kind;
      const bool keyword = k == kIs || k == kNot || k == kNull || k == kTrue || k == kFalse || k == kUnknown ||
                           k == kIsnull || k == kNotnull;
      return keyword ? t.end : 0;
    });
    return e;
  }

  Expr read_list_node(od::value body, ExprKind kind, std::string_view list_key) {
    Node n(*this, kind);
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == list_key) n.operands(v);
    });
    return n.finish();
  }

  Expr read_sql_value_function(od::value body) {
    Node n(*this, ExprKind::SqlValueFunction);
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == "op") n.e.value = strip_prefix(as_view(v), "SVFOP_");
      else if (key == "typmod") n.e.typmod = static_cast<int32_t>(as_int(v));
    });
    return n.finish();
  }

  Expr read_case(od::value body) {
    Node n(*this, ExprKind::CaseExpr);
    Expr arg = missing_expr(), def = missing_expr();
    std::vector<Expr> whens;
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == "arg") arg = read(v);
      else if (key == "args") for_each_element(v, [&](od::value a) { whens.push_back(read(a)); });
      else if (key == "defresult") def = read(v);
    });
    n.add(std::move(arg));
    for (Expr& w : whens) n.add(std::move(w));
    n.add(std::move(def));
    return n.finish(false, true);
  }

  Expr read_case_when(od::value body) {
    Node n(*this, ExprKind::CaseWhen);
    Expr cond = missing_expr(), result = missing_expr();
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == "expr") cond = read(v);
      else if (key == "result") result = read(v);
    });
    n.add(std::move(cond));
    n.add(std::move(result));
    return n.finish();
  }

  Expr read_sublink(od::value body) {
    Node n(*this, ExprKind::SubLink);
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == "subLinkType") {
        std::string_view t = as_view(v);
        if (t.size() > 8 && t.substr(t.size() - 8) == "_SUBLINK") t.remove_suffix(8);
        n.e.op = std::string(t);
      } else if (key == "testexpr") {
        n.operand(v);
      } else if (key == "operName") {
        n.e.names = read_string_list(v);
      }
    });
    Expr e = n.finish();
    e.raw = ctx_.slice(e.span);
    return e;
  }

  Expr read_row(od::value body) {
    Node n(*this, ExprKind::RowExpr);
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == "args") n.operands(v);
      else if (key == "row_format") n.e.op = strip_prefix(as_view(v), "COERCE_");
      else if (key == "colnames") n.e.names = read_string_list(v);
    });
    return n.finish();
  }

  // arg[...][...].field: args = {arg, then per subscript its lower bound and (for slices) upper bound};
  // names = one entry per indirection step: a field name, "*", "[]" or "[:]".
  Expr read_indirection(od::value body) {
    Node n(*this, ExprKind::Indirection);
    Expr arg = missing_expr();
    std::vector<Expr> subscripts;
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == "arg") {
        arg = read(v);
      } else if (key == "indirection") {
        for_each_element(v, [&](od::value step) { read_indirection_step(step, n.e.names, subscripts); });
      }
    });
    n.location = -1;  // an indirection starts at its operand
    n.add(std::move(arg));
    for (Expr& s : subscripts) n.add(std::move(s));
    Expr e = n.finish();
    e.raw = ctx_.slice(e.span);
    return e;
  }

  void read_indirection_step(od::value step, std::vector<std::string>& names, std::vector<Expr>& subscripts) {
    read_node(step, [&](std::string_view name, od::value b) {
      if (name == "String") {
        std::string s;
        for_each_field(b, [&](std::string_view, od::value x) { s = as_string(x); });
        names.push_back(std::move(s));
      } else if (name == "A_Star") {
        names.push_back("*");
      } else if (name == "A_Indices") {
        bool slice = false;
        Expr lower = missing_expr(), upper = missing_expr();
        for_each_field(b, [&](std::string_view k, od::value x) {
          if (k == "is_slice") slice = as_bool(x);
          else if (k == "lidx") lower = read(x);
          else if (k == "uidx") upper = read(x);
        });
        names.push_back(slice ? "[:]" : "[]");
        if (slice) {
          subscripts.push_back(std::move(lower));
          subscripts.push_back(std::move(upper));
        } else {
          subscripts.push_back(std::move(upper.missing ? lower : upper));
        }
      }
    });
  }

  Expr read_collate(od::value body) {
    Node n(*this, ExprKind::Collate);
    n.fields(body, [&](std::string_view key, od::value v) {
      if (key == "arg") n.operand(v);
      else if (key == "collname") n.e.names = read_string_list(v);
    });
    const int64_t location = n.location;
    Expr e = n.finish(true);
    // COLLATE's name follows the keyword at `location`.
    if (ctx_.tokens && location >= 0) {
      size_t i = ctx_.tokens->first_at_or_after(ctx_.at(location));
      const auto& t = ctx_.tokens->all();
      if (i + 1 < t.size()) e.span.end = std::max(e.span.end, ctx_.tokens->qualified_name_end(t[i + 1].begin));
    }
    return e;
  }

  Expr read_other(std::string_view name, od::value body) {
    Expr e = make(ExprKind::Other);
    e.value = std::string(name);
    int64_t location = -1;
    if (body.type().value() == od::json_type::object) {
      for_each_field(body, [&](std::string_view key, od::value v) {
        if (key == "location") location = as_int(v);
      });
    }
    finish(e, location, {});
    e.raw = ctx_.slice(e.span);
    return e;
  }

  ReadContext& ctx_;
};

}  // namespace

Expr missing_expr() {
  Expr e;
  e.kind = ExprKind::Const;
  e.const_kind = ConstKind::Null;
  e.missing = true;
  return e;
}

Expr read_expr(ReadContext& ctx, od::value node) { return ExprReader(ctx).read(node); }

Expr read_expr_body(ReadContext& ctx, std::string_view name, od::value body) {
  return ExprReader(ctx).read_body(name, body);
}

std::vector<std::string> read_string_list(od::value array) {
  std::vector<std::string> out;
  for_each_element(array, [&](od::value item) {
    read_node(item, [&](std::string_view name, od::value body) {
      if (name == "A_Star") {
        out.push_back("*");
        return;
      }
      std::string s;
      for_each_field(body, [&](std::string_view, od::value v) {
        if (v.type().value() == od::json_type::string) s = as_string(v);
        else if (v.type().value() == od::json_type::number) s = std::to_string(as_int(v));
      });
      out.push_back(std::move(s));
    });
  });
  return out;
}

TypeName read_type_name(ReadContext& ctx, od::value body) {
  TypeName t;
  int64_t location = -1;
  Extent operands;
  for_each_field(body, [&](std::string_view key, od::value v) {
    if (key == "names") {
      t.names = read_string_list(v);
    } else if (key == "typmods") {
      for_each_element(v, [&](od::value m) {
        t.typmods.push_back(read_expr(ctx, m));
        operands.add(t.typmods.back());
      });
    } else if (key == "arrayBounds") {
      for_each_element(v, [&](od::value) { ++t.array_dims; });
    } else if (key == "setof") {
      t.setof = as_bool(v);
    } else if (key == "pct_type") {
      t.pct_type = as_bool(v);
    } else if (key == "location") {
      location = as_int(v);
    }
  });
  uint32_t begin = ctx.at(location);
  uint32_t end = begin;
  if (ctx.tokens && location >= 0) {
    end = std::max(ctx.tokens->qualified_name_end(begin), operands.end);
    end = ctx.tokens->expression_end(begin, end, false);
    // Array brackets after the name: [] or [n], once per dimension.
    const auto& tok = ctx.tokens->all();
    size_t i = ctx.tokens->first_at_or_after(end);
    for (int d = 0; d < t.array_dims && i < tok.size() && tok[i].kind == '['; ++d) {
      while (i < tok.size() && tok[i].kind != ']') ++i;
      if (i < tok.size()) end = tok[i++].end;
    }
  }
  t.span = Span{begin, end};
  return t;
}

std::string render_type(const TypeName& t) {
  std::string out = t.setof ? "SETOF " : "";
  for (size_t i = 0; i < t.names.size(); ++i) {
    if (i) out += '.';
    out += t.names[i];
  }
  if (t.pct_type) out += "%TYPE";
  if (!t.typmods.empty()) {
    out += '(';
    for (size_t i = 0; i < t.typmods.size(); ++i) {
      if (i) out += ',';
      const Expr& m = t.typmods[i];
      out += m.kind == ExprKind::Const ? m.value : (m.kind == ExprKind::ColumnRef && !m.names.empty() ? m.names.back() : m.raw);
    }
    out += ')';
  }
  for (int d = 0; d < t.array_dims; ++d) out += "[]";
  return out;
}

namespace {
void read_option_values_into(ReadContext& ctx, od::value node, OptionValues& out) {
  read_node(node, [&](std::string_view name, od::value body) {
    if (name == "Integer") {
      bool known = false;
      for_each_field(body, [&](std::string_view, od::value v) {
        out.values.push_back(std::to_string(as_int(v)));
        known = true;
      });
      if (!known) {
        out.unknown_integers.push_back(out.values.size());
        out.values.push_back("0");
      }
    } else if (name == "Float" || name == "String" || name == "BitString") {
      std::string s;
      for_each_field(body, [&](std::string_view, od::value v) { s = as_string(v); });
      out.values.push_back(std::move(s));
    } else if (name == "Boolean") {
      bool b = false;
      for_each_field(body, [&](std::string_view, od::value v) { b = as_bool(v); });
      out.values.push_back(b ? "true" : "false");
    } else if (name == "TypeName") {
      out.values.push_back(render_type(read_type_name(ctx, body)));
    } else if (name == "List") {
      for_each_field(body, [&](std::string_view, od::value items) {
        for_each_element(items, [&](od::value item) { read_option_values_into(ctx, item, out); });
      });
    } else if (name == "A_Star") {
      out.values.push_back("*");
    } else {
      out.values.push_back(ExprReader(ctx).read_body(name, body).value);
    }
  });
}
}  // namespace

OptionValues read_option_values(ReadContext& ctx, od::value node) {
  OptionValues out;
  read_option_values_into(ctx, node, out);
  return out;
}

void resolve_option_integers(ReadContext& ctx, OptionValues& values, uint32_t near) {
  if (values.unknown_integers.empty() || !ctx.tokens) return;
  // Zero or negative (see integer_from_source): the integer tokens after the option's start, in order.
  const auto& t = ctx.tokens->all();
  size_t i = ctx.tokens->first_at_or_after(near);
  for (size_t slot : values.unknown_integers) {
    for (; i < t.size() && t[i].kind != ';'; ++i) {
      if (t[i].kind != kInteger) continue;
      bool negative = i > 0 && t[i - 1].kind == '-';
      values.values[slot] = integer_from_source(ctx.file, negative ? t[i - 1].begin : t[i].begin);
      ++i;
      break;
    }
  }
}

}  // namespace sg::sql
