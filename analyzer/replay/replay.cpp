// The replay driver: runs each migration file the way PostgreSQL runs a multi-statement simple query
// (one implicit transaction, explicit BEGIN/COMMIT honoured), rolls a failing file back to its last COMMIT,
// and turns every predicted error or unmodelled statement into a finding.
#include "analyzer/replay/replay.hpp"

#include <type_traits>

#include "analyzer/catalog/pg_expr.hpp"
#include "analyzer/replay/replay_state.hpp"

namespace sg::replay {

using namespace detail;

Replayer::Replayer(catalog::Catalog start) : catalog_(std::move(start)), side_(std::make_unique<SideState>()) {}
Replayer::~Replayer() = default;
Replayer::Replayer(Replayer&&) noexcept = default;
Replayer& Replayer::operator=(Replayer&&) noexcept = default;

namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::string help_for(const std::string& sqlstate) {
  if (sqlstate == "25001")
    return "Move the CONCURRENTLY statement into a migration file of its own: Prisma sends a file with a single "
           "statement outside any transaction block.";
  if (sqlstate == "55P04")
    return "Add the enum value in one migration and use it in a later one (a new label cannot be used before "
           "the transaction that added it commits).";
  if (sqlstate == "2BP01")
    return "Drop or change the dependent objects first (for example the foreign keys that reference it), or add "
           "CASCADE if dropping them too is intended.";
  if (sqlstate == "42804")
    return "Add a USING clause that converts the existing values, e.g. ALTER COLUMN \"c\" TYPE new_type USING "
           "(\"c\"::text::new_type), and drop or re-set the default around the change.";
  if (sqlstate == "42P01" || sqlstate == "42703" || sqlstate == "42704" || sqlstate == "42883" ||
      sqlstate == "3F000")
    return "Check the name (quoted names are case-sensitive) and that an earlier migration creates the object; "
           "if it was renamed or dropped by hand, write this migration against the current schema.";
  if (sqlstate == "42P07" || sqlstate == "42710" || sqlstate == "42701" || sqlstate == "42P06" ||
      sqlstate == "42723")
    return "Pick a name that is not taken, drop the old object first, or use IF NOT EXISTS when the object may "
           "already be there.";
  return "Change the statement so it applies to the schema the earlier migrations build; `schemagate replay` "
         "shows that schema.";
}

Finding replay_error_finding(const Migration& m, const sql::Statement& st, const PgError& e, bool after_commit) {
  Finding f;
  f.rule = "replay-error";
  f.severity = Severity::Error;
  f.message = "PostgreSQL would reject this statement: " + e.message + " (SQLSTATE " + e.sqlstate +
              "). `prisma migrate deploy` stops here with P3018 and the migration is rolled back" +
              (after_commit ? " to its last COMMIT" : "") + " and recorded as failed.";
  f.help = help_for(e.sqlstate);
  f.location = make_location(m.file, st.span);
  f.migration = m.name;
  finalize_fingerprint(f);
  return f;
}

Finding unsupported_finding(const Migration& m, const sql::Statement& st, const std::string& what) {
  Finding f;
  f.rule = "unsupported-statement";
  f.severity = Severity::Info;
  f.message = what + ": schemagate's replay does not model its effect on the schema, so later checks see the "
                     "schema without it.";
  f.help = "If it changes the schema, write the change as plain DDL (CREATE/ALTER/DROP) so it can be checked, "
           "or suppress this finding with `-- schemagate-ignore unsupported-statement`.";
  f.location = make_location(m.file, st.span);
  f.migration = m.name;
  finalize_fingerprint(f);
  return f;
}

bool relation_or_view(Ctx& c, const sql::QualifiedName& n) {
  if (find_table(c, n)) return true;
  std::string schema = n.schema.empty() ? "public" : n.schema;
  return c.st.cat.view(schema, n.name) != nullptr;
}

void require_relation(Ctx& c, const sql::QualifiedName& n) {
  if (!n.name.empty() && !relation_or_view(c, n)) raise("42P01", "relation \"" + display(n) + "\" does not exist");
}

// Applies one statement; returns a description when the statement is not modelled.
std::optional<std::string> apply_statement(Ctx& c, const sql::Statement& st) {
  return std::visit(
      Overloaded{
          [&](const sql::CreateTable& s) -> std::optional<std::string> { apply_create_table(c, s); return {}; },
          [&](const sql::AlterTable& s) -> std::optional<std::string> { apply_alter_table(c, s); return {}; },
          [&](const sql::DropObjects& s) -> std::optional<std::string> { apply_drop(c, s); return {}; },
          [&](const sql::CreateIndex& s) -> std::optional<std::string> { apply_create_index(c, s); return {}; },
          [&](const sql::CreateEnum& s) -> std::optional<std::string> { apply_create_enum(c, s); return {}; },
          [&](const sql::AlterEnum& s) -> std::optional<std::string> { apply_alter_enum(c, s); return {}; },
          [&](const sql::CreateExtension& s) -> std::optional<std::string> { apply_create_extension(c, s); return {}; },
          [&](const sql::CreateSchema& s) -> std::optional<std::string> { apply_create_schema(c, s); return {}; },
          [&](const sql::CreateSequence& s) -> std::optional<std::string> { apply_create_sequence(c, s); return {}; },
          [&](const sql::AlterSequence& s) -> std::optional<std::string> { apply_alter_sequence(c, s); return {}; },
          [&](const sql::CreateView& s) -> std::optional<std::string> { apply_create_view(c, s); return {}; },
          [&](const sql::CreateFunction& s) -> std::optional<std::string> { apply_create_function(c, s); return {}; },
          [&](const sql::CreateTrigger& s) -> std::optional<std::string> { apply_create_trigger(c, s); return {}; },
          [&](const sql::Rename& s) -> std::optional<std::string> { apply_rename(c, s); return {}; },
          [&](const sql::AlterObjectSchema& s) -> std::optional<std::string> { apply_set_schema(c, s); return {}; },
          [&](const sql::SetVariable& s) -> std::optional<std::string> {
            if (s.name == "search_path") {
              std::vector<std::string> path;
              for (std::string v : s.values) {
                if (v == "$user" || v == "\"$user\"") continue;
                path.push_back(v);
              }
              if (s.reset || path.empty()) path = {"public"};
              c.st.search_path = std::move(path);
            }
            return {};
          },
          [&](const sql::Insert& s) -> std::optional<std::string> { require_relation(c, s.table); return {}; },
          [&](const sql::Update& s) -> std::optional<std::string> { require_relation(c, s.table); return {}; },
          [&](const sql::Delete& s) -> std::optional<std::string> { require_relation(c, s.table); return {}; },
          [&](const sql::Truncate& s) -> std::optional<std::string> {
            for (const auto& t : s.tables) require_relation(c, t);
            return {};
          },
          [&](const sql::Vacuum& s) -> std::optional<std::string> {
            if (!s.analyze_only && c.in_transaction_block)
              raise("25001", "VACUUM cannot run inside a transaction block");
            return {};
          },
          [&](const sql::Reindex& s) -> std::optional<std::string> {
            if (s.concurrently && c.in_transaction_block)
              raise("25001", "REINDEX CONCURRENTLY cannot run inside a transaction block");
            return {};
          },
          [&](const sql::CreateDatabase&) -> std::optional<std::string> {
            if (c.in_transaction_block) raise("25001", "CREATE DATABASE cannot run inside a transaction block");
            return {};
          },
          [&](const sql::CreatePolicy& s) -> std::optional<std::string> { require_relation(c, s.table); return {}; },
          [&](const sql::DoBlock&) -> std::optional<std::string> {
            return std::string("a DO block runs procedural code");
          },
          [&](const sql::OtherStatement& s) -> std::optional<std::string> {
            return "the statement `" + s.node + "`";
          },
          // Data, comments, grants, maintenance and transaction control leave the schema as it is.
          [&](const auto&) -> std::optional<std::string> { return {}; },
      },
      st.body);
}

}  // namespace

MigrationOutcome Replayer::apply(const Migration& migration, const StatementObserver& observer) {
  MigrationOutcome out;
  if (!migration.readable) return out;
  const sql::ParsedFile& parsed = migration.parsed;
  if (!parsed.errors.empty()) {
    // The server parses the whole query string before running any of it: nothing is applied.
    out.error = ReplayError{0, "42601", parsed.errors.front().message};
    return out;
  }
  State st{std::move(catalog_), std::move(side_->sources), std::move(side_->search_path)};
  TxFacts tx;
  Ctx ctx{st, tx};
  // Several statements in one simple query run as one implicit transaction block.
  ctx.in_transaction_block = parsed.statements.size() > 1;
  State committed = st;
  bool committed_inside = false;

  for (const sql::Statement& stmt : parsed.statements) {
    if (observer) observer(stmt, st.cat);
    ctx.notes.clear();
    std::optional<std::string> unsupported;
    try {
      unsupported = apply_statement(ctx, stmt);
    } catch (const PgError& e) {
      out.error = ReplayError{stmt.index, e.sqlstate, e.message};
      out.findings.push_back(replay_error_finding(migration, stmt, e, committed_inside));
    } catch (const catalog::pg::ExprError& e) {
      PgError pe{e.sqlstate, e.message};
      out.error = ReplayError{stmt.index, pe.sqlstate, pe.message};
      out.findings.push_back(replay_error_finding(migration, stmt, pe, committed_inside));
    } catch (const std::exception& e) {
      // A statement shape the replay did not expect: report it, never crash; the catalog keeps its
      // state from before the statement as far as the handler got.
      unsupported = std::string("a statement the replay could not model (") + e.what() + ")";
    }
    if (out.error) {
      st = std::move(committed);
      break;
    }
    if (unsupported) out.findings.push_back(unsupported_finding(migration, stmt, *unsupported));
    for (const std::string& note : ctx.notes) out.findings.push_back(unsupported_finding(migration, stmt, note));
    if (const auto* t = std::get_if<sql::Transaction>(&stmt.body)) {
      if (t->kind == sql::TransactionKind::Commit) {
        committed = st;
        committed_inside = true;
        tx.clear();
      } else if (t->kind == sql::TransactionKind::Rollback) {
        st = committed;
        tx.clear();
      }
    }
  }
  catalog::sort_catalog(st.cat);
  catalog_ = std::move(st.cat);
  side_->sources = std::move(st.sources);
  side_->search_path = std::move(st.search_path);
  return out;
}

HistoryReplay replay_history(const MigrationHistory& history, const std::string& until) {
  HistoryReplay out;
  Replayer r;
  for (const Migration& m : history.migrations) {
    MigrationOutcome o = r.apply(m);
    for (Finding& f : o.findings) out.findings.push_back(std::move(f));
    if (!until.empty() && m.name == until) break;
  }
  out.catalog = r.catalog();
  return out;
}

}  // namespace sg::replay
