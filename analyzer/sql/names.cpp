// Relation and object names from libpg_query's JSON.
#include "analyzer/sql/json_reader.hpp"

namespace sg::sql {

QualifiedName read_range_var(ReadContext& ctx, od::value body, bool* inh, char* persistence) {
  QualifiedName q;
  int64_t location = -1;
  if (inh) *inh = false;  // absent in the JSON means false
  if (persistence) *persistence = 'p';
  for_each_field(body, [&](std::string_view key, od::value v) {
    if (key == "inh" && inh) *inh = as_bool(v);
    if (key == "relpersistence" && persistence) {
      std::string_view p = as_view(v);
      if (!p.empty()) *persistence = p[0];
    }
    if (key == "schemaname") q.schema = as_string(v);
    else if (key == "relname") q.name = as_string(v);
    else if (key == "location") location = as_int(v);
  });
  uint32_t begin = ctx.at(location);
  uint32_t end = (ctx.tokens && location >= 0) ? ctx.tokens->qualified_name_end(begin) : begin;
  q.span = Span{begin, end};
  return q;
}

QualifiedName name_from_parts(const std::vector<std::string>& parts, Span span) {
  QualifiedName q;
  q.span = span;
  if (parts.empty()) return q;
  q.name = parts.back();
  if (parts.size() >= 2) q.schema = parts[parts.size() - 2];
  return q;
}

}  // namespace sg::sql
