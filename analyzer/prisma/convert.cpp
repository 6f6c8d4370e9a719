#include "analyzer/prisma/convert.hpp"

#include <algorithm>
#include <cstring>

#include "analyzer/prisma/findings.hpp"
#include "analyzer/prisma/preprocess.hpp"

namespace sg::prisma {

namespace {

bool is(TSNode n, const char* type) { return std::strcmp(ts_node_type(n), type) == 0; }

// Walks siblings with a cursor: ts_node_named_child(n, i) rescans from the first child each time,
// which is quadratic on a root with thousands of (error) children.
std::vector<TSNode> named_children(TSNode n) {
  std::vector<TSNode> out;
  ts::Cursor cursor(n);
  if (ts_tree_cursor_goto_first_child(cursor.get())) {
    do {
      TSNode child = ts_tree_cursor_current_node(cursor.get());
      if (ts_node_is_named(child)) out.push_back(child);
    } while (ts_tree_cursor_goto_next_sibling(cursor.get()));
  }
  return out;
}

std::string unescape(std::string_view quoted) {
  if (quoted.size() >= 2) quoted = quoted.substr(1, quoted.size() - 2);
  std::string out;
  out.reserve(quoted.size());
  for (size_t i = 0; i < quoted.size(); ++i) {
    char c = quoted[i];
    if (c != '\\' || i + 1 == quoted.size()) {
      out += c;
      continue;
    }
    char e = quoted[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      default: out += e; break;  // \" \\ \' and anything else stand for themselves
    }
  }
  return out;
}

std::string without_spaces(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  return out;
}

}  // namespace

Span Converter::span(TSNode n) const {
  int64_t b = static_cast<int64_t>(ts_node_start_byte(n)) + shift_;
  int64_t e = static_cast<int64_t>(ts_node_end_byte(n)) + shift_;
  int64_t size = static_cast<int64_t>(file_->size());
  b = std::clamp<int64_t>(b, 0, size);
  e = std::clamp<int64_t>(e, b, size);
  return {static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
}

void Converter::error(Span at, std::string message, std::string help) {
  findings_.push_back(make_finding(file_, at, "schema-syntax-error", Severity::Error, std::move(message), std::move(help)));
}

std::string Converter::name_of(TSNode node) const { return without_spaces(text(node)); }

void Converter::report_syntax_errors(TSNode root, Span limit) {
  if (!ts_node_has_error(root)) return;
  ts::Cursor owner(root);
  TSTreeCursor* cursor = owner.get();
  // Iterative pre-order walk: deeply nested input must not exhaust the stack.
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(cursor);
    bool descend = ts_node_has_error(n);
    if (ts_node_is_error(n) || ts_node_is_missing(n)) {
      Span s = span(n);
      s.begin = std::clamp(s.begin, limit.begin, limit.end);
      s.end = std::clamp(s.end, s.begin, limit.end);
      if (ts_node_is_missing(n)) {
        error(s, "Prisma schema syntax error: `" + std::string(ts_node_type(n)) + "` is missing here",
              "Complete the declaration; `prisma format` points at the same place.");
      } else {
        std::string_view t = file_->slice(s);
        std::string shown(t.substr(0, std::min<size_t>(t.size(), 60)));
        std::replace(shown.begin(), shown.end(), '\n', ' ');
        if (t.size() > 60) shown += "…";
        error(s, "Prisma schema syntax error: cannot parse `" + shown + "`",
              "Fix the syntax here (run `prisma validate` for Prisma's own message); schemagate does not "
              "guess what was meant.");
      }
      descend = false;  // one finding for the outermost broken node
    }
    if (descend && ts_tree_cursor_goto_first_child(cursor)) continue;
    while (!ts_tree_cursor_goto_next_sibling(cursor)) {
      if (!ts_tree_cursor_goto_parent(cursor)) return;
    }
  }
}

void Converter::declarations(TSNode root, Schema& out) {
  for (TSNode d : named_children(root)) {
    if (is(d, "model_declaration")) {
      out.models.push_back(block(d, Model::Kind::Model));
    } else if (is(d, "view_declaration")) {
      out.views.push_back(block(d, Model::Kind::View));
    } else if (is(d, "type_declaration")) {
      out.types.push_back(block(d, Model::Kind::CompositeType));
    } else if (is(d, "enum_declaration")) {
      out.enums.push_back(enum_block(d));
    } else if (is(d, "datasource_declaration") || is(d, "generator_declaration")) {
      auto kids = named_children(d);
      std::string name = kids.empty() ? "" : name_of(kids[0]);
      Span name_span = kids.empty() ? span(d) : span(kids[0]);
      std::vector<Property> props = kids.size() > 1 ? properties(kids[1]) : std::vector<Property>{};
      if (is(d, "datasource_declaration")) {
        Datasource ds;
        ds.file = file_;
        ds.name = std::move(name);
        ds.span = span(d);
        ds.name_span = name_span;
        ds.properties = std::move(props);
        out.datasources.push_back(std::move(ds));
      } else {
        Generator g;
        g.file = file_;
        g.name = std::move(name);
        g.span = span(d);
        g.name_span = name_span;
        g.properties = std::move(props);
        out.generators.push_back(std::move(g));
      }
    }
    // ERROR nodes at the top level are reported by report_syntax_errors.
  }
}

std::vector<Property> Converter::properties(TSNode block) {
  std::vector<Property> out;
  for (TSNode n : named_children(block)) {
    if (is(n, "assignment_expression")) {
      auto kids = named_children(n);
      if (kids.size() < 2) continue;
      Property p;
      p.name = name_of(kids[0]);
      p.name_span = span(kids[0]);
      p.span = span(n);
      p.value = expr(kids[1], 0);
      out.push_back(std::move(p));
    } else if (!ts_node_is_error(n)) {
      error(span(n), "Prisma schema syntax error: only `key = value` settings belong in a datasource or generator block",
            "Move fields and attributes into a model.");
    }
  }
  return out;
}

Model Converter::block(TSNode node, Model::Kind kind) {
  Model m;
  m.kind = kind;
  m.file = file_;
  m.span = span(node);
  auto kids = named_children(node);
  if (!kids.empty()) {
    m.name = name_of(kids[0]);
    m.name_span = span(kids[0]);
  }
  TSNode body{};
  bool has_body = false;
  for (size_t i = 1; i < kids.size(); ++i)
    if (is(kids[i], "statement_block")) {
      body = kids[i];
      has_body = true;
    }
  if (!has_body) {
    error(m.span, "Prisma schema syntax error: `" + m.name + "` has no `{ … }` body",
          "Declare the block's fields between braces.");
    return m;
  }
  for (TSNode n : named_children(body)) {
    if (is(n, "column_declaration")) {
      m.fields.push_back(field(n));
    } else if (is(n, "block_attribute_declaration")) {
      m.attributes.push_back(attribute(n, true));
    } else if (is(n, "assignment_expression")) {
      error(span(n), "Prisma schema syntax error: `key = value` settings are not allowed in a model",
            "Declare a field as `name Type @attributes`.");
    }
  }
  return m;
}

Enum Converter::enum_block(TSNode node) {
  Enum e;
  e.file = file_;
  e.span = span(node);
  auto kids = named_children(node);
  if (!kids.empty()) {
    e.name = name_of(kids[0]);
    e.name_span = span(kids[0]);
  }
  for (size_t i = 1; i < kids.size(); ++i) {
    if (!is(kids[i], "enum_block")) continue;
    for (TSNode v : named_children(kids[i])) {
      if (!is(v, "enumeral")) continue;
      EnumValue value;
      value.span = span(v);
      auto parts = named_children(v);
      if (parts.empty()) continue;
      value.name = name_of(parts[0]);
      value.name_span = span(parts[0]);
      for (size_t k = 1; k < parts.size(); ++k)
        if (is(parts[k], "attribute")) value.attributes.push_back(attribute(parts[k], false));
      e.values.push_back(std::move(value));
    }
  }
  return e;
}

Field Converter::field(TSNode node) {
  Field f;
  f.span = span(node);
  auto kids = named_children(node);
  if (!kids.empty()) {
    f.name = name_of(kids[0]);
    f.name_span = span(kids[0]);
  }
  for (size_t i = 1; i < kids.size(); ++i) {
    if (is(kids[i], "column_type")) f.type = field_type(kids[i]);
    else if (is(kids[i], "attribute")) f.attributes.push_back(attribute(kids[i], false));
  }
  return f;
}

FieldType Converter::field_type(TSNode node) {
  FieldType t;
  t.span = span(node);
  for (TSNode n : named_children(node)) {
    if (is(n, "identifier")) {
      t.name = name_of(n);
    } else if (is(n, "call_expression")) {
      Expr call = expr(n, 0);
      t.name = call.text;
      if (call.text == "Unsupported") {
        const Argument* a = find_argument(call.args, "", 0);
        if (a && a->value.is(Expr::Kind::String)) t.unsupported = a->value.text;
        else error(span(n), "Unsupported(…) needs the database type as a string, e.g. Unsupported(\"tsvector\")",
                   "Write the PostgreSQL type in double quotes.");
      } else {
        error(span(n), "Prisma schema syntax error: `" + call.text + "(…)` is not a field type",
              "Only Unsupported(\"…\") takes arguments in a field type.");
      }
    } else if (is(n, "maybe")) {
      t.optional = true;
    } else if (is(n, "array")) {
      t.list = true;
      if (ts_node_named_child_count(n) > 0)
        error(span(n), "Prisma schema syntax error: a list type is written `Type[]`, with nothing between the brackets",
              "Remove the text between [ and ].");
    }
  }
  return t;
}

Attribute Converter::attribute(TSNode node, bool block_attribute) {
  Attribute a;
  a.block = block_attribute;
  a.span = span(node);
  auto kids = named_children(node);
  if (kids.empty()) return a;
  TSNode body = kids[0];
  if (is(body, "call_expression")) {
    auto parts = named_children(body);
    if (!parts.empty()) {
      a.name = name_of(parts[0]);
      a.name_span = span(parts[0]);
    }
    if (parts.size() > 1 && is(parts[1], "arguments")) {
      a.has_parens = true;
      a.args = arguments(parts[1], 1);
    }
  } else {
    a.name = name_of(body);
    a.name_span = span(body);
  }
  return a;
}

std::vector<Argument> Converter::arguments(TSNode node, int depth) {
  std::vector<Argument> out;
  for (TSNode n : named_children(node)) {
    if (ts_node_is_error(n)) continue;
    Argument a;
    a.span = span(n);
    if (is(n, "type_expression")) {
      auto kids = named_children(n);
      if (kids.size() < 2) continue;
      a.name = name_of(kids[0]);
      a.name_span = span(kids[0]);
      a.value = expr(kids[1], depth + 1);
    } else {
      a.value = expr(n, depth + 1);
    }
    out.push_back(std::move(a));
  }
  return out;
}

Expr Converter::expr(TSNode node, int depth) {
  Expr e;
  e.span = span(node);
  if (depth > kMaxExpressionDepth) {
    error(e.span, "Prisma schema expression nested more than " + std::to_string(kMaxExpressionDepth) + " levels deep",
          "Flatten the expression; no Prisma attribute needs this depth.");
    return e;
  }
  std::string_view t = text(node);
  if (is(node, "string")) {
    e.kind = Expr::Kind::String;
    e.text = unescape(t);
  } else if (is(node, "number")) {
    e.kind = Expr::Kind::Number;
    e.text = std::string(t);
  } else if (is(node, "true") || is(node, "false")) {
    e.kind = Expr::Kind::Boolean;
    e.text = std::string(t);
  } else if (is(node, "null")) {
    e.kind = Expr::Kind::Null;
    e.text = "null";
  } else if (is(node, "identifier") || is(node, "variable")) {
    // Numbers the grammar cannot lex reach here as identifiers (see preprocess.hpp).
    e.kind = is_number_literal(t) ? Expr::Kind::Number : Expr::Kind::Identifier;
    e.text = std::string(t);
  } else if (is(node, "member_expression")) {
    e.kind = Expr::Kind::Path;
    e.text = name_of(node);
  } else if (is(node, "call_expression")) {
    e.kind = Expr::Kind::Call;
    auto kids = named_children(node);
    if (!kids.empty()) e.text = name_of(kids[0]);
    if (kids.size() > 1 && is(kids[1], "arguments")) e.args = arguments(kids[1], depth + 1);
  } else if (is(node, "array")) {
    e.kind = Expr::Kind::Array;
    for (TSNode item : named_children(node)) {
      if (ts_node_is_error(item)) continue;
      e.items.push_back(expr(item, depth + 1));
    }
  } else if (!ts_node_is_error(node)) {
    std::string shown(t.substr(0, std::min<size_t>(t.size(), 60)));
    error(e.span, "Prisma schema syntax error: `" + shown + "` is not a value Prisma accepts here",
          "Use a string, number, boolean, list, constant or function call such as now().");
  }
  return e;
}

}  // namespace sg::prisma
