#include "rules/sql_text.hpp"

namespace sg::rules {

std::string quoted(std::string_view ident) {
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string quoted(const sql::QualifiedName& n) {
  return n.schema.empty() ? quoted(n.name) : quoted(n.schema) + "." + quoted(n.name);
}

}  // namespace sg::rules
