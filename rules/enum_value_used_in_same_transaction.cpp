// enum-value-used-in-same-transaction: a value added with ALTER TYPE … ADD VALUE is used (as a literal) later
// in the same transaction: PostgreSQL raises 55P04 `unsafe use of new value` and the deploy stops (P3018).
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {
namespace {
// Up to this many values added before a statement in its transaction, the statement is searched for each;
// beyond, each literal it holds is looked up instead (a statement holds fewer literals than a long
// transaction adds values, and Prisma adds a few at a time).
constexpr size_t kSearchedAdditions = 16;
}  // namespace

RuleInfo enum_value_used_in_same_transaction() {
  return {
      .id = "enum-value-used-in-same-transaction",
      .category = Category::DeployFailure,
      .default_severity = Severity::Error,
      .summary = "A new enum value is used in the transaction that adds it (55P04 unsafe use of new value)",
      .description = "PostgreSQL does not let a transaction use an enum value it added itself until it commits. "
                     "Prisma writes `ALTER TYPE … ADD VALUE` for a new enum member; a hand-written UPDATE or "
                     "DEFAULT that uses the new value in the same file fails when the file runs as one transaction.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            if (std::holds_alternative<sql::AlterEnum>(ctx.statement.body) || !ctx.migration.file) return;
            const auto added = ctx.file->enum_additions_before(ctx.statement.index);
            if (added.empty()) return;
            std::string_view text = ctx.migration.file->slice(ctx.statement.span);
            auto literal_of = [](const FileFacts::EnumAddition& a) { return "'" + a.value + "'"; };
            // The latest value added before this statement in its transaction whose literal the text holds.
            const FileFacts::EnumAddition* latest = nullptr;
            if (added.size() <= kSearchedAdditions) {
              for (auto it = added.rbegin(); it != added.rend() && !latest; ++it)
                if (text.find(literal_of(*it)) != std::string_view::npos) latest = &*it;
            } else {
              auto consider = [&](const FileFacts::EnumAddition* found) {
                if (found && (!latest || found->index > latest->index)) latest = found;
              };
              // A literal 'v' of a value without quotes lies between two quotes with none between them.
              for (size_t open = text.find('\''); open != std::string_view::npos;) {
                const size_t close = text.find('\'', open + 1);
                if (close == std::string_view::npos) break;
                consider(ctx.file->latest_enum_addition(text.substr(open + 1, close - open - 1), ctx.statement.index));
                open = close;
              }
              for (const auto* a : ctx.file->quoted_enum_additions_before(ctx.statement.index))
                if (text.find(literal_of(*a)) != std::string_view::npos) consider(a);
            }
            if (!latest) return;
            auto when = effects::in_block_under_prisma(ctx.tx, ctx.prisma);
            if (!when) return;
            const sql::QualifiedName& type = latest->type;
            const std::string literal = literal_of(*latest);
            size_t at = text.find(literal);
            Span where{ctx.statement.span.begin + static_cast<uint32_t>(at),
                       ctx.statement.span.begin + static_cast<uint32_t>(at + literal.size())};
            out.report("enum value " + literal + " is used in the same transaction that adds it to " +
                           quote_ident(type) + "; PostgreSQL fails with `unsafe use of new value` (55P04): " +
                           *when,
                       "Move `ALTER TYPE " + quote_ident(type) + " ADD VALUE " + literal +
                           "` into an earlier migration of its own (Prisma: create the enum member in one "
                           "migration, use it in the next).",
                       where);
          },
  };
}

}  // namespace sg::rules
