#include "rules/sql_text.hpp"

namespace sg::rules {

std::string quote_ident(std::string_view ident) {
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string quote_ident(const sql::QualifiedName& n) {
  return n.schema.empty() ? quote_ident(n.name) : quote_ident(n.schema) + "." + quote_ident(n.name);
}

std::string quote_ident_list(const std::vector<std::string>& idents) {
  std::string out;
  for (const std::string& i : idents) out += (out.empty() ? "" : ", ") + quote_ident(i);
  return out;
}

}  // namespace sg::rules
