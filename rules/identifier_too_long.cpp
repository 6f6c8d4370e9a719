// identifier-too-long: a name longer than PostgreSQL's 63-byte limit, which PostgreSQL truncates silently.
#include <algorithm>

#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {
namespace {

constexpr size_t kMaxIdentifier = 63;  // NAMEDATALEN - 1

struct LongName {
  std::string name;
  Span span;
};

// Identifiers longer than the limit in the statement's source text. The parser already truncated them in the
// IR (as PostgreSQL's scanner does), so the text is the only place the full name is left.
std::vector<LongName> long_identifiers(std::string_view text, uint32_t base) {
  std::vector<LongName> out;
  size_t i = 0;
  auto is_word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '\'' ) {  // string literal: skip, '' is an escaped quote (seed data is most of some files' text)
      for (++i;; i += 2) {
        i = text.find('\'', i);
        if (i == std::string_view::npos || i + 1 >= text.size() || text[i + 1] != '\'') break;
      }
      i = i == std::string_view::npos ? text.size() : i + 1;
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      i = std::min(text.find('\n', i), text.size());
    } else if (c == '$') {  // dollar-quoted body: skip to the matching tag
      size_t close = text.find('$', i + 1);
      if (close == std::string_view::npos) break;
      std::string_view tag = text.substr(i, close - i + 1);
      size_t end = text.find(tag, close + 1);
      i = end == std::string_view::npos ? text.size() : end + tag.size();
    } else if (c == '"') {
      size_t begin = i, length = 0;  // of the name, a doubled quote counting once
      // From quote to quote with memchr: quoted names are most of Prisma's DDL.
      for (++i;;) {
        const size_t quote = text.find('"', i);
        if (quote == std::string_view::npos) {
          length += text.size() - i;
          i = text.size();
          break;
        }
        length += quote - i;
        i = quote;
        if (quote + 1 >= text.size() || text[quote + 1] != '"') break;
        ++length;
        i = quote + 2;
      }
      ++i;
      if (length > kMaxIdentifier) {
        std::string name;
        for (size_t k = begin + 1; k < std::min(i - 1, text.size()); ++k) {
          name += text[k];
          if (text[k] == '"') ++k;  // the second quote of a doubled one
        }
        out.push_back({name, {base + static_cast<uint32_t>(begin), base + static_cast<uint32_t>(std::min(i, text.size()))}});
      }
    } else if (is_word(c) && !(c >= '0' && c <= '9')) {
      size_t begin = i;
      while (i < text.size() && is_word(text[i])) ++i;
      if (i - begin > kMaxIdentifier)
        out.push_back({std::string(text.substr(begin, i - begin)), {base + static_cast<uint32_t>(begin), base + static_cast<uint32_t>(i)}});
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace

RuleInfo identifier_too_long() {
  return {
      .id = "identifier-too-long",
      .category = Category::Drift,
      .default_severity = Severity::Warning,
      .summary = "A name longer than 63 bytes is silently truncated by PostgreSQL",
      .description = "PostgreSQL cuts identifiers to 63 bytes (NOTICE only). Prisma truncates generated constraint "
                     "and index names differently, so the database and schema.prisma disagree (drift on every "
                     "`migrate diff`), and two long names can collide after truncation.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            if (!ctx.migration.file || !ctx.statement.may_have_long_name) return;
            std::string_view text = ctx.migration.file->slice(ctx.statement.span);
            for (const auto& n : long_identifiers(text, ctx.statement.span.begin)) {
              out.report("name " + quote_ident(n.name) + " is " + std::to_string(n.name.size()) +
                             " bytes; PostgreSQL keeps only the first 63: " + quote_ident(n.name.substr(0, kMaxIdentifier)),
                         "Give it a shorter explicit name in schema.prisma: `map: \"…\"` on @@index/@@unique/@relation/"
                         "@id, `@map(\"…\")` on a field or `@@map(\"…\")` on a model.",
                         n.span);
            }
          },
  };
}

}  // namespace sg::rules
