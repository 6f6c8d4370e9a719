// prisma-warnings: the `/* Warnings: … */` block `prisma migrate dev` writes at the top of a generated file,
// one finding per warning, at the first statement after the block.
#include <algorithm>

#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {
namespace {

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

// The "- …" items of a Warnings block; an item may continue on following indented lines.
std::vector<std::string> warning_items(std::string_view text) {
  std::vector<std::string> items;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = trim(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (line.starts_with("- ")) items.push_back(line.substr(2));
    else if (!line.empty() && !items.empty() && line != "Warnings:") items.back() += " " + line;
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return items;
}

}  // namespace

RuleInfo prisma_warnings() {
  return {
      .id = "prisma-warnings",
      .category = Category::DataLoss,
      .default_severity = Severity::Warning,
      .summary = "Prisma wrote warnings into the generated migration",
      .description = "When `prisma migrate dev` generates a risky migration (dropped columns or tables, added "
                     "unique constraints, required columns without defaults, enum values removed) it writes a "
                     "`/* Warnings: */` comment at the top of migration.sql. Reviewers often miss it; each warning "
                     "is surfaced as a finding.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            uint32_t prev_end = ctx.statement.index == 0 ? 0 : ctx.file->span(ctx.statement.index - 1).end;
            // Only the comments between the previous statement and this one belong to this statement. Comments
            // are in file order: start at the first one after the previous statement, not at the top of the file.
            const auto& comments = ctx.comments;
            auto first = std::lower_bound(comments.begin(), comments.end(), prev_end,
                                          [](const sql::SqlComment& c, uint32_t at) { return c.span.begin < at; });
            for (auto it = first; it != comments.end() && it->span.begin < ctx.statement.span.begin; ++it) {
              const sql::SqlComment& c = *it;
              if (!c.block || c.span.end > ctx.statement.span.begin) continue;
              if (trim(c.text).rfind("Warnings:", 0) != 0) continue;
              for (const auto& item : warning_items(c.text))
                out.report("Prisma warned when generating this migration: " + item,
                           "Read the warning, make sure the migration is safe for the data in production (back up, "
                           "backfill or split it), then remove the item from the comment.");
            }
          },
  };
}

}  // namespace sg::rules
