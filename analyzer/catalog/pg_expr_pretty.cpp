// pg_get_indexdef(index, column, true) prints an expression key in "pretty" mode (PRETTYFLAG_PAREN): every
// node leaves off the parentheses it prints around itself in plain mode, and its parent puts them back only
// where ruleutils.c's isSimpleNode() says the child is not simple there. The plain text already spells every
// node, cast and constant exactly; this reads it back into a tree of those nodes and prints it the pretty way.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/catalog/pg_expr.hpp"

namespace sg::catalog::pg {

namespace {

enum class Kind {
  Simple,     // Var, Const (with its own ::type), function call, ARRAY[...], CASE ... END: never parenthesised
  Cast,       // (arg)::type: RelabelType / CoerceViaIO / a cast function; simple when its argument is
  Op,         // binary or prefix operator (OpExpr)
  ArrayOp,    // x op ANY/ALL (array) (ScalarArrayOpExpr): never simple
  Bool,       // AND / OR / NOT (BoolExpr)
  Test,       // IS [NOT] NULL, IS [NOT] TRUE/FALSE/UNKNOWN, IS [NOT] DISTINCT FROM (NullTest, BooleanTest, DistinctExpr)
};

struct PNode {
  Kind kind = Kind::Simple;
  std::string text;                 // Simple: the whole text; Cast: "::type" suffix; Op/ArrayOp: operator
  std::string bool_op;              // "AND", "OR", "NOT"
  std::string suffix;               // Test: " IS NULL" etc.; ArrayOp: " ANY (" + array + ")" printed as is
  std::vector<std::unique_ptr<PNode>> args;
};

struct Token {
  std::string text;
  bool word = false;  // identifier or keyword (unquoted)
};

bool op_char(char c) { return std::string_view("+-*/<>=~!@#%^&|`?").find(c) != std::string_view::npos; }

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\n' || c == '\t') {
      ++i;
      continue;
    }
    size_t b = i;
    if (c == '\'' || c == '"') {
      ++i;
      while (i < s.size()) {
        if (s[i] == c) {
          if (i + 1 < s.size() && s[i + 1] == c) {
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        ++i;
      }
      out.push_back({std::string(s.substr(b, i - b)), false});
    } else if (c == ':' && i + 1 < s.size() && s[i + 1] == ':') {
      out.push_back({"::", false});
      i += 2;
    } else if (std::string_view("()[],.").find(c) != std::string_view::npos) {
      out.push_back({std::string(1, c), false});
      ++i;
    } else if (op_char(c)) {
      while (i < s.size() && op_char(s[i])) ++i;
      out.push_back({std::string(s.substr(b, i - b)), false});
    } else {
      while (i < s.size() && std::string_view(" \n\t'\"()[],:").find(s[i]) == std::string_view::npos && !op_char(s[i]) &&
             !(s[i] == '.' && !(std::isdigit(static_cast<unsigned char>(s[b]))))) ++i;
      if (i == b) ++i;
      out.push_back({std::string(s.substr(b, i - b)), true});
    }
  }
  return out;
}

bool is_word(const Token& t, std::string_view w) { return t.word && t.text == w; }

class Reader {
 public:
  explicit Reader(std::vector<Token> t) : t_(std::move(t)) {}
  bool ok() const { return ok_; }
  bool at_end() const { return i_ >= t_.size(); }

  // An operand: a primary followed by any number of ::type suffixes.
  std::unique_ptr<PNode> operand() {
    auto n = primary();
    while (ok_ && i_ < t_.size() && t_[i_].text == "::") {
      ++i_;
      std::string type = type_text();
      auto cast = std::make_unique<PNode>();
      cast->kind = Kind::Cast;
      cast->text = "::" + type;
      if (n->kind == Kind::Simple && n->text.size() && (n->text[0] == '\'' || n->text.starts_with("NULL"))) {
        // A constant's own decoration: still one Const node.
        n->text += cast->text;
        continue;
      }
      cast->args.push_back(std::move(n));
      n = std::move(cast);
    }
    return n;
  }

 private:
  // Text of a type name after `::`: words, quoted names, dots, a (typmod) list and [] suffixes.
  std::string type_text() {
    std::string out;
    while (i_ < t_.size()) {
      const Token& t = t_[i_];
      if (t.word || t.text[0] == '"') {
        if (!out.empty() && out.back() != '.') out += ' ';
        out += t.text;
        ++i_;
      } else if (t.text == ".") {
        out += '.';
        ++i_;
      } else if (t.text == "(" && !out.empty()) {
        out += raw_group("(", ")");
      } else if (t.text == "[" && i_ + 1 < t_.size() && t_[i_ + 1].text == "]") {
        out += "[]";
        i_ += 2;
      } else {
        break;
      }
      // Type names made of several words (double precision, character varying, timestamp(3) with time zone).
      if (i_ < t_.size() && t_[i_].word && !is_type_continuation(t_[i_].text)) break;
    }
    return out;
  }
  static bool is_type_continuation(const std::string& w) {
    for (std::string_view k : {"precision", "varying", "with", "without", "time", "zone"})
      if (w == k) return true;
    return false;
  }

  // The tokens of a bracketed group, re-joined as printed (function arguments are re-printed separately).
  std::string raw_group(std::string_view open, std::string_view close) {
    std::string out;
    int depth = 0;
    while (i_ < t_.size()) {
      const Token& t = t_[i_++];
      if (t.text == open) ++depth;
      if (t.text == close) --depth;
      if (!out.empty() && needs_space(out, t)) out += ' ';
      out += t.text;
      if (depth == 0) break;
    }
    return out;
  }
  static bool needs_space(const std::string& before, const Token& t) {
    char b = before.back();
    if (t.text == "," || t.text == ")" || t.text == "]" || t.text == "::" || t.text == "(" || t.text == "[" ||
        t.text == ".")
      return false;
    if (b == '(' || b == '[' || b == '.' || b == ':') return false;
    return true;
  }

  std::unique_ptr<PNode> primary() {
    auto n = std::make_unique<PNode>();
    if (i_ >= t_.size()) {
      ok_ = false;
      return n;
    }
    const Token& t = t_[i_];
    if (t.text == "(") {
      ++i_;
      auto inner = group();
      if (i_ < t_.size() && t_[i_].text == ")") ++i_;
      else ok_ = false;
      return inner;
    }
    if (is_word(t, "CASE")) {
      // CASE ... END: kept as printed (pretty mode would also indent it; such keys are left as they are).
      std::string out;
      int depth = 0;
      while (i_ < t_.size()) {
        const Token& x = t_[i_++];
        if (is_word(x, "CASE")) ++depth;
        if (is_word(x, "END")) --depth;
        if (!out.empty() && needs_space(out, x)) out += ' ';
        out += x.text;
        if (depth == 0) break;
      }
      n->text = out;
      return n;
    }
    // A name (possibly qualified), a literal or a keyword constant; a call when "(" or "[" follows.
    std::string text = t.text;
    ++i_;
    while (i_ + 1 < t_.size() && t_[i_].text == "." && !t_[i_ + 1].text.empty()) {
      text += "." + t_[i_ + 1].text;
      i_ += 2;
    }
    if (i_ < t_.size() && (t_[i_].text == "(" || (t_[i_].text == "[" && t.word))) {
      bool bracket = t_[i_].text == "[";
      ++i_;
      std::string args;
      while (ok_ && i_ < t_.size() && t_[i_].text != (bracket ? "]" : ")")) {
        if (t_[i_].text == ",") {
          args += ", ";
          ++i_;
          continue;
        }
        // Function arguments are printed without a paren check (get_rule_expr): each is its own top.
        size_t before = i_;
        auto arg = expression();
        if (i_ == before) {
          ok_ = false;
          break;
        }
        args += print_top(*arg);
      }
      if (i_ < t_.size()) ++i_;
      text += (bracket ? "[" : "(") + args + (bracket ? "]" : ")");
    }
    n->text = text;
    return n;
  }

 public:
  // What sits inside a parenthesised group of the plain text.
  std::unique_ptr<PNode> group() {
    auto e = expression();
    return e;
  }

  std::unique_ptr<PNode> expression() {
    if (i_ < t_.size() && is_word(t_[i_], "NOT")) {
      ++i_;
      auto n = std::make_unique<PNode>();
      n->kind = Kind::Bool;
      n->bool_op = "NOT";
      n->args.push_back(operand());
      return n;
    }
    if (i_ < t_.size() && !t_[i_].word && op_char(t_[i_].text[0]) && t_[i_].text[0] != '\'') {
      auto n = std::make_unique<PNode>();
      n->kind = Kind::Op;
      n->text = t_[i_++].text;
      n->args.push_back(operand());
      return n;
    }
    auto first = operand();
    if (!ok_ || i_ >= t_.size()) return first;
    const Token& t = t_[i_];
    if (is_word(t, "AND") || is_word(t, "OR")) {
      auto n = std::make_unique<PNode>();
      n->kind = Kind::Bool;
      n->bool_op = t.text;
      n->args.push_back(std::move(first));
      while (i_ < t_.size() && is_word(t_[i_], n->bool_op)) {
        ++i_;
        n->args.push_back(operand());
      }
      return n;
    }
    if (is_word(t, "IS")) {
      auto n = std::make_unique<PNode>();
      n->kind = Kind::Test;
      n->args.push_back(std::move(first));
      std::string suffix;
      while (i_ < t_.size() && t_[i_].word && !is_word(t_[i_], "AND") && !is_word(t_[i_], "OR")) {
        suffix += " " + t_[i_].text;
        ++i_;
        if (suffix.ends_with(" FROM")) break;
      }
      n->suffix = suffix;
      if (suffix.ends_with(" FROM")) n->args.push_back(operand());
      return n;
    }
    if (!t.word && op_char(t.text[0])) {
      std::string op = t.text;
      ++i_;
      if (i_ < t_.size() && (is_word(t_[i_], "ANY") || is_word(t_[i_], "ALL"))) {
        auto n = std::make_unique<PNode>();
        n->kind = Kind::ArrayOp;
        n->text = op;
        std::string which = t_[i_++].text;
        n->args.push_back(std::move(first));
        // The array in its own parentheses: printed as is inside them.
        if (i_ < t_.size() && t_[i_].text == "(") {
          ++i_;
          auto arr = expression();
          if (i_ < t_.size() && t_[i_].text == ")") ++i_;
          n->suffix = " " + which + " (" + print_top(*arr) + ")";
        } else {
          ok_ = false;
        }
        return n;
      }
      auto n = std::make_unique<PNode>();
      n->kind = Kind::Op;
      n->text = op;
      n->args.push_back(std::move(first));
      n->args.push_back(operand());
      return n;
    }
    return first;
  }

  // ---- printing (ruleutils.c, PRETTYFLAG_PAREN) -----------------------------------------------------------
  static bool arith(const std::string& op, bool* high) {
    if (op == "+" || op == "-") { *high = false; return true; }
    if (op == "*" || op == "/" || op == "%") { *high = true; return true; }
    return false;
  }

  // isSimpleNode(node, parent).
  static bool simple(const PNode& n, const PNode& parent, bool first_arg) {
    switch (n.kind) {
      case Kind::Simple: return true;
      case Kind::Cast: return simple(*n.args[0], n, true);
      case Kind::ArrayOp: return false;
      case Kind::Op:
        if (parent.kind == Kind::Op && n.args.size() == 2 && parent.args.size() == 2) {
          bool hi = false, phi = false;
          if (!arith(n.text, &hi) || !arith(parent.text, &phi)) return false;
          if (hi && !phi) return true;
          if (!hi && phi) return false;
          return first_arg;
        }
        [[fallthrough]];
      case Kind::Test:
        // Under a cast (a FuncExpr cast, RelabelType, ...), an operator or a test: not simple.
        return parent.kind == Kind::Bool;
      case Kind::Bool:
        if (parent.kind == Kind::Bool) {
          if (n.bool_op == "NOT" || n.bool_op == "AND") return parent.bool_op == "AND" || parent.bool_op == "OR";
          return parent.bool_op == "OR";
        }
        return false;
    }
    return false;
  }

  static std::string child(const PNode& n, const PNode& parent, bool first_arg) {
    std::string s = print_top(n);
    return simple(n, parent, first_arg) ? s : "(" + s + ")";
  }

  static std::string print_top(const PNode& n) {
    switch (n.kind) {
      case Kind::Simple: return n.text;
      case Kind::Cast: return child(*n.args[0], n, true) + n.text;
      case Kind::Op:
        if (n.args.size() == 1) return n.text + " " + child(*n.args[0], n, true);
        return child(*n.args[0], n, true) + " " + n.text + " " + child(*n.args[1], n, false);
      case Kind::ArrayOp: return child(*n.args[0], n, true) + " " + n.text + n.suffix;
      case Kind::Test:
        if (n.args.size() == 2) return child(*n.args[0], n, true) + n.suffix + " " + child(*n.args[1], n, false);
        return child(*n.args[0], n, true) + n.suffix;
      case Kind::Bool: {
        if (n.bool_op == "NOT") return "NOT " + child(*n.args[0], n, true);
        std::string out;
        for (size_t i = 0; i < n.args.size(); ++i)
          out += (i ? " " + n.bool_op + " " : std::string()) + child(*n.args[i], n, i == 0);
        return out;
      }
    }
    return n.text;
  }

 private:
  std::vector<Token> t_;
  size_t i_ = 0;
  bool ok_ = true;
};

}  // namespace

std::optional<std::string> pretty_index_expr(std::string_view plain) {
  Reader r(tokenize(plain));
  auto n = r.group();
  if (!r.ok() || !r.at_end() || !n) return std::nullopt;
  std::string pretty = Reader::print_top(*n);
  // Pretty mode only leaves parentheses out: anything else changed means the text was not read right.
  auto bare = [](std::string_view s) {
    std::string o;
    for (char c : s)
      if (c != '(' && c != ')' && c != ' ') o += c;
    return o;
  };
  if (bare(pretty) != bare(plain)) return std::nullopt;
  return pretty;
}

}  // namespace sg::catalog::pg
