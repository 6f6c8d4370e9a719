// identifier-too-long: a name longer than PostgreSQL's 63-byte limit, which PostgreSQL truncates silently.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {
namespace {

constexpr size_t kMaxIdentifier = 63;  // NAMEDATALEN - 1

struct Named {
  std::string kind;
  std::string name;
  Span span;
};

std::vector<Named> names_of(const sql::Statement& st) {
  std::vector<Named> out;
  auto add_constraint = [&](const sql::Constraint& k) {
    if (!k.name.empty()) out.push_back({"constraint", k.name, k.span});
  };
  if (const auto* ct = std::get_if<sql::CreateTable>(&st.body)) {
    out.push_back({"table", ct->name.name, ct->name.span});
    for (const auto& c : ct->columns) {
      out.push_back({"column", c.name, c.span});
      for (const auto& k : c.constraints) add_constraint(k);
    }
    for (const auto& k : ct->constraints) add_constraint(k);
  } else if (const auto* alter = std::get_if<sql::AlterTable>(&st.body)) {
    for (const auto& cmd : alter->commands) {
      if (cmd.kind == sql::AlterKind::AddColumn && cmd.column) out.push_back({"column", cmd.column->name, cmd.span});
      if (cmd.constraint) add_constraint(*cmd.constraint);
    }
  } else if (const auto* idx = std::get_if<sql::CreateIndex>(&st.body)) {
    out.push_back({"index", idx->name, st.span});
  } else if (const auto* e = std::get_if<sql::CreateEnum>(&st.body)) {
    out.push_back({"type", e->name.name, e->name.span});
  } else if (const auto* r = std::get_if<sql::Rename>(&st.body)) {
    out.push_back({"name", r->new_name, st.span});
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
            for (const auto& n : names_of(ctx.statement)) {
              if (n.name.size() <= kMaxIdentifier) continue;
              out.report(n.kind + " name " + quote_ident(n.name) + " is " + std::to_string(n.name.size()) +
                             " bytes; PostgreSQL keeps only the first 63: " + quote_ident(n.name.substr(0, kMaxIdentifier)),
                         "Give it a shorter explicit name in schema.prisma: `map: \"…\"` on @@index/@@unique/@relation/"
                         "@id, `@map(\"…\")` on a field or `@@map(\"…\")` on a model.",
                         n.span);
            }
          },
  };
}

}  // namespace sg::rules
