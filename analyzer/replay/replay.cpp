// The replay driver: runs each migration file the way PostgreSQL runs a multi-statement simple query
// (one implicit transaction, explicit BEGIN/COMMIT honoured), rolls a failing file back to its last COMMIT,
// and turns every predicted error or unmodelled statement into a finding.
#include "analyzer/replay/replay.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <type_traits>

#include "analyzer/sql/parse.hpp"

#include "analyzer/catalog/pg_expr.hpp"
#include "analyzer/catalog/reuse.hpp"
#include "analyzer/catalog/same.hpp"
#include "analyzer/catalog/sort.hpp"
#include "analyzer/replay/replay_state.hpp"

namespace sg::replay {

using namespace detail;

Replayer::Replayer(catalog::Catalog start) : catalog_(std::move(start)), side_(std::make_unique<SideState>()) {
  catalog_.index_names.enable(catalog_.tables);
  // In catalog order from the start: after each file only the tables it reached are looked inside.
  catalog::sort_catalog(catalog_);
  side_->at_file_start.cat = catalog_;
}
Replayer::~Replayer() = default;
Replayer::Replayer(Replayer&&) noexcept = default;
Replayer& Replayer::operator=(Replayer&&) noexcept = default;

void Replayer::set_available_extensions(std::set<std::string> names) {
  side_->available_extensions = std::move(names);
}

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

std::optional<std::string> apply_do_block(Ctx& c, const sql::DoBlock& d);
bool word_at(std::string_view s, size_t i, std::string_view w);
std::vector<size_t> find_words(std::string_view s, std::string_view w);

// CREATE [GLOBAL|LOCAL] TEMP[ORARY] TABLE ... AS: the front end does not say TEMP for CREATE TABLE AS.
bool temp_table_text(std::string_view text) {
  auto tables = find_words(text, "TABLE");
  if (tables.empty()) return false;
  std::string_view head = text.substr(0, tables.front());
  return !find_words(head, "TEMP").empty() || !find_words(head, "TEMPORARY").empty();
}

// Applies one statement; returns a description when the statement is not modelled.
std::optional<std::string> apply_statement(Ctx& c, const sql::Statement& st) {
  return std::visit(
      Overloaded{
          [&](const sql::CreateTable& s) -> std::optional<std::string> {
            if (s.as_select && !s.temporary && temp_table_text(c.source.substr(st.span.begin, st.span.end - st.span.begin))) {
              sql::CreateTable t = s;
              t.temporary = true;
              apply_create_table(c, t);
            } else {
              apply_create_table(c, s);
            }
            return {};
          },
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
          [&](const sql::DoBlock& s) -> std::optional<std::string> { return apply_do_block(c, s); },
          [&](const sql::OtherStatement& s) -> std::optional<std::string> {
            if (s.node == "SelectStmt") {
              // SELECT ... INTO [TEMP] name creates a table (its columns are not known to the replay).
              if (s.select_into) {
                sql::CreateTable t;
                t.name = *s.select_into;
                t.temporary = s.select_into_temp;
                t.as_select = true;
                apply_create_table(c, t);
              }
              return {};
            }
            return "the statement `" + s.node + "`";
          },
          // Data, comments, grants, maintenance and transaction control leave the schema as it is.
          [&](const auto&) -> std::optional<std::string> { return {}; },
      },
      st.body);
}

// ---- DO blocks ------------------------------------------------------------------------------------------
// PL/pgSQL is not SQL, but migrations use DO blocks mostly as guards around plain DDL (`BEGIN CREATE TYPE
// ...; EXCEPTION WHEN duplicate_object THEN NULL; END`, `IF NOT EXISTS (...) THEN ALTER TABLE ...; END IF`,
// `EXECUTE 'ALTER INDEX ...'`). The replay runs the SQL statements it finds there; errors inside a block are
// not predicted (a handler may catch them), and the block is still reported as only partly modelled.

bool word_at(std::string_view s, size_t i, std::string_view w) {
  if (i + w.size() > s.size()) return false;
  for (size_t k = 0; k < w.size(); ++k)
    if (std::toupper(static_cast<unsigned char>(s[i + k])) != w[k]) return false;
  bool before = i == 0 || !(std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '_');
  bool after = i + w.size() == s.size() ||
               !(std::isalnum(static_cast<unsigned char>(s[i + w.size()])) || s[i + w.size()] == '_');
  return before && after;
}

// Offsets of a keyword outside quotes and comments.
std::vector<size_t> find_words(std::string_view s, std::string_view w) {
  std::vector<size_t> out;
  for (size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    if (ch == '\'' || ch == '"') {
      size_t j = s.find(ch, i + 1);
      while (j != std::string_view::npos && j + 1 < s.size() && s[j + 1] == ch) j = s.find(ch, j + 2);
      if (j == std::string_view::npos) break;
      i = j;
    } else if (ch == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      size_t j = s.find('\n', i);
      if (j == std::string_view::npos) break;
      i = j;
    } else if (ch == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t j = s.find("*/", i + 2);
      if (j == std::string_view::npos) break;
      i = j + 1;
    } else if (word_at(s, i, w)) {
      out.push_back(i);
      i += w.size() - 1;
    }
  }
  return out;
}

std::string trim_ws(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// The SQL a fragment that is not SQL by itself guards: the statement after IF ... THEN, ELSE, BEGIN, or the
// literal of EXECUTE '...'. Empty when there is none.
std::string guarded_sql(const std::string& frag) {
  std::string f = trim_ws(frag);
  if (word_at(f, 0, "IF") || word_at(f, 0, "ELSIF") || word_at(f, 0, "WHEN")) {
    auto thens = find_words(f, "THEN");
    return thens.empty() ? std::string() : trim_ws(std::string_view(f).substr(thens.front() + 4));
  }
  for (std::string_view w : {"ELSE", "BEGIN", "LOOP"})
    if (word_at(f, 0, w)) return trim_ws(std::string_view(f).substr(w.size()));
  if (word_at(f, 0, "EXECUTE")) {
    std::string rest = trim_ws(std::string_view(f).substr(7));
    if (rest.size() >= 2 && rest.front() == '\'' && rest.back() == '\'') {
      std::string lit;
      for (size_t i = 1; i + 1 < rest.size(); ++i) {
        if (rest[i] == '\'') {
          if (rest[i + 1] != '\'') return {};  // a concatenation, not one literal
          ++i;
        }
        lit += rest[i];
      }
      return lit;
    }
  }
  return {};
}

// Whether the statement renames or moves a type: what it reaches (the tables with columns or expressions of
// that type) is only known after it ran, from the tables the replay re-typed.
bool retypes_tables(const sql::Statement& st) {
  auto is_type = [](const std::string& kind) { return kind == "TYPE" || kind == "DOMAIN"; };
  if (const auto* r = std::get_if<sql::Rename>(&st.body)) return is_type(r->object_kind);
  if (const auto* m = std::get_if<sql::AlterObjectSchema>(&st.body)) return is_type(m->object_kind);
  return false;
}

// Adds what a statement can change (reach_of, on the state right before it) to the file's reach. Type renames
// and DO blocks add theirs while they run: the tables re-typed, the reach of the SQL inside the block.
void note_reach(Ctx& c, const sql::Statement& s) {
  if (!c.run_reach) return;
  StatementReach r = reach_of(s, c.st.cat);
  c.reached(r.tables);
  if (!r.known && !retypes_tables(s) && !std::holds_alternative<sql::DoBlock>(s.body)) c.run_reach->unknown = true;
}

void run_embedded_sql(Ctx& c, const std::string& text, int depth, size_t& applied) {
  if (depth > 4 || text.empty()) return;
  sql::ParsedFile pf = sql::parse_sql(text);
  std::string_view outer_source = c.source;
  c.source = text;
  // Statements and unparsable fragments, in text order.
  std::vector<std::pair<uint32_t, const sql::Statement*>> stmts;
  for (const auto& s : pf.statements) stmts.push_back({s.span.begin, &s});
  std::vector<std::pair<uint32_t, std::string>> frags;
  for (const auto& e : pf.errors)
    frags.push_back({e.statement.begin, text.substr(e.statement.begin, e.statement.end - e.statement.begin)});
  size_t si = 0, fi = 0;
  while (si < stmts.size() || fi < frags.size()) {
    bool take_stmt = fi >= frags.size() || (si < stmts.size() && stmts[si].first < frags[fi].first);
    if (take_stmt) {
      const sql::Statement& s = *stmts[si++].second;
      if (std::holds_alternative<sql::Transaction>(s.body) || std::holds_alternative<sql::DoBlock>(s.body)) continue;
      // Inside PL/pgSQL, `SELECT … INTO var` assigns a variable; it never creates a table.
      if (const auto* o = std::get_if<sql::OtherStatement>(&s.body); o && o->node == "SelectStmt") continue;
      note_reach(c, s);
      try {
        if (!apply_statement(c, s)) ++applied;
      } catch (const PgError&) {
      } catch (const catalog::pg::ExprError&) {
      }
    } else {
      const std::string& frag = frags[fi++].second;
      // An EXCEPTION section only runs when the block fails: nothing after it runs normally.
      if (word_at(trim_ws(frag), 0, "EXCEPTION")) break;
      run_embedded_sql(c, guarded_sql(frag), depth + 1, applied);
    }
  }
  c.source = outer_source;
}

std::optional<std::string> apply_do_block(Ctx& c, const sql::DoBlock& d) {
  if (d.language != "plpgsql") return "a DO block in language " + d.language;
  std::string_view body = d.body;
  auto begins = find_words(body, "BEGIN");
  auto ends = find_words(body, "END");
  size_t applied = 0;
  if (!begins.empty() && !ends.empty() && ends.back() > begins.front()) {
    std::string inner(body.substr(begins.front() + 5, ends.back() - begins.front() - 5));
    std::vector<std::string> saved_notes = std::move(c.notes);
    c.notes.clear();
    run_embedded_sql(c, inner, 0, applied);
    c.notes = std::move(saved_notes);
  }
  return "a DO block runs procedural code (" + std::to_string(applied) +
         " SQL statement(s) found in it were replayed; conditions and dynamic SQL are not evaluated)";
}

}  // namespace

const catalog::Catalog& Replayer::catalog_at_file_start() const { return side_->at_file_start.cat; }

namespace {

// Runs one statement and returns what it left unmodelled; PostgreSQL's errors propagate.
std::optional<std::string> run_one(Ctx& ctx, const sql::Statement& stmt) {
  try {
    return apply_statement(ctx, stmt);
  } catch (const catalog::pg::ExprError& e) {
    throw PgError{e.sqlstate, e.message};
  }
}

// The names a file reached (sorted), with a 1024-bit filter in front of the binary search: a file's end asks
// about every table, and most are not among those it reached.
class ReachedNames {
 public:
  explicit ReachedNames(const std::vector<std::string>& sorted) : sorted_(sorted) {
    for (const std::string& name : sorted) {
      const size_t h = std::hash<std::string_view>{}(name);
      filter_[(h >> 6) & 15] |= 1ull << (h & 63);
    }
  }
  bool operator()(const std::string& name) const {
    const size_t h = std::hash<std::string_view>{}(name);
    return (filter_[(h >> 6) & 15] & (1ull << (h & 63))) && holds(sorted_, name);
  }

 private:
  const std::vector<std::string>& sorted_;
  std::array<uint64_t, 16> filter_{};
};

// What the end of a file does to the session's state: temporary objects go, arrays are put in catalog order.
// With the file's reach (sorted names) only the tables it reached can be out of order inside.
void end_file(State& st, const std::vector<std::string>* reached = nullptr) {
  auto temp = [](const auto& x) { return x.schema == kTempSchema; };
  for (const auto& t : st.cat.tables)
    if (temp(t)) st.sources.erase({t.schema, t.name});
  if (std::erase_if(st.cat.tables, temp)) st.cat.table_names_changed();
  std::erase_if(st.cat.sequences, temp);
  if (reached) catalog::sort_catalog(st.cat, [in = ReachedNames(*reached)](const catalog::Table& t) { return in(t.name); });
  else catalog::sort_catalog(st.cat);
}

void rebuild(State& st, const State& start, const Migration& m, const FileStatementStream& statements, size_t end);

// Whether `now` has the indexes of `was` (null: none), by name and in order.
bool same_index_names(const catalog::Table* was, const catalog::Table& now) {
  if (!was || was->name != now.name || was->indexes.size() != now.indexes.size()) return false;
  for (size_t k = 0; k < now.indexes.size(); ++k)
    if (was->indexes[k].name != now.indexes[k].name) return false;
  return true;
}

// Each table of `theirs` that a file did not reach, with its twin in `mine`, found by walking both in order:
// such tables keep their order (tables are appended, erased, or sorted at a file's end, which leaves the
// unreached ones in theirs), so a file that creates a table costs the tables it reached, not a lookup of every
// table. False when that order does not hold, or a table is in one and not the other; `kept` is then partial.
template <class Reached>
bool unreached_in_order(std::vector<catalog::Table>& mine, const std::vector<catalog::Table>& theirs,
                        Reached reached, std::vector<catalog::Table*>& kept) {
  size_t j = 0;
  for (size_t i = 0; i < theirs.size(); ++i) {
    if (reached(theirs[i].name)) continue;
    while (j < mine.size() && reached(mine[j].name)) ++j;
    if (j == mine.size() || mine[j].name != theirs[i].name || mine[j].schema != theirs[i].schema) return false;
    kept[i] = &mine[j++];
  }
  for (; j < mine.size(); ++j)
    if (!reached(mine[j].name)) return false;
  return true;
}

// Makes `start` equal to `st` by copying what a file limited to `tables` can have changed: those tables and
// their parsed sources, the catalog's other (small) arrays, and the search_path. The other tables are moved
// from `start`, in `st`'s order, so a file that creates or drops tables costs those tables, not a copy of
// the catalog: far cheaper than applying the file again.
void copy_changes(State& start, const State& st, const std::vector<std::string>& tables) {
  const ReachedNames reached(tables);
  std::vector<catalog::Table>& mine = start.cat.tables;
  const std::vector<catalog::Table>& theirs = st.cat.tables;
  bool same_order = mine.size() == theirs.size();
  for (size_t i = 0; same_order && i < theirs.size(); ++i)
    same_order = mine[i].name == theirs[i].name && mine[i].schema == theirs[i].schema;
  // The reached tables whose index names the file changed (or that came), by position in `theirs`.
  std::vector<size_t> reindexed;
  if (same_order) {
    for (size_t i = 0; i < theirs.size(); ++i)
      if (reached(theirs[i].name)) {
        if (!same_index_names(&mine[i], theirs[i])) reindexed.push_back(i);
        mine[i] = theirs[i];
      }
  } else {
    // Every unreached table must already be in `start`: found by walking both in order where that holds, else
    // looked up, all before any is moved out. A reached one that `start` holds is copied into its old version.
    std::vector<catalog::Table*> kept(theirs.size(), nullptr), earlier(theirs.size(), nullptr);
    const bool walked = unreached_in_order(mine, theirs, reached, kept);
    for (size_t i = 0; i < theirs.size(); ++i) {
      if (reached(theirs[i].name)) {
        earlier[i] = start.cat.table(theirs[i].schema, theirs[i].name);
        if (!same_index_names(earlier[i], theirs[i])) reindexed.push_back(i);
        continue;
      }
      if (walked) continue;
      kept[i] = start.cat.table(theirs[i].schema, theirs[i].name);
      if (!kept[i]) {  // a table came or went that no statement named
        start = st;
        return;
      }
    }
    mine = catalog::reuse_unchanged(theirs, kept, earlier);
    start.cat.table_names_changed();
    start.cat.take_table_positions(st.cat);
  }
  // The rules ask the start-of-file catalog which table holds an index a file drops: its hints learn the
  // indexes of the tables whose index names changed here, rather than by a scan of every table on the first
  // question. The other tables' hints are as good as they were (a stale or missing one costs a scan, never a
  // wrong answer); noting every index of every reached table took 4.4% of the replay's thread.
  for (size_t i : reindexed)
    for (const catalog::Index& ix : mine[i].indexes) start.cat.index_hints.note(ix.name, mine[i].name);
  // The parsed sources of the reached tables, by key: the other tables' (most of them) are not visited.
  std::vector<std::string> schemas = start.cat.schemas;
  schemas.insert(schemas.end(), st.cat.schemas.begin(), st.cat.schemas.end());
  schemas = sorted_names(std::move(schemas));
  for (const std::string& name : tables)
    for (const std::string& schema : schemas) {
      TableKey key{schema, name};
      auto theirs_source = st.sources.find(key);
      if (theirs_source == st.sources.end()) start.sources.erase(key);
      else start.sources.insert_or_assign(std::move(key), theirs_source->second);
    }
  start.cat.schemas = st.cat.schemas;
  start.cat.extensions = st.cat.extensions;
  // Most files touch no enum or one: comparing costs no allocation, a copy of every label does.
  catalog::assign_changed(start.cat.enums, st.cat.enums);
  start.cat.sequences = st.cat.sequences;
  start.cat.views = st.cat.views;
  start.cat.functions = st.cat.functions;
  start.cat.triggers = st.cat.triggers;
  start.cat.index_names.merge(st.cat.index_names);
  start.search_path = st.search_path;
#ifdef SCHEMAGATE_CHECK_LOOKUPS
  // Sanitizer builds check the shortcut against the state itself, so a statement that reaches further than
  // reach_of says fails the test suite.
  if (!catalog::same(start.cat.tables, st.cat.tables) || start.sources.size() != st.sources.size()) {
    std::fprintf(stderr, "schemagate: internal error: the start-of-file state drifted from the replay\n");
    std::abort();
  }
#endif
}

// Applies the file's statements [0, end) to `st`, the state before the file, the way the first run did. They
// succeeded then and replay is deterministic, so nothing is reported. A ROLLBACK among them goes back to the
// last COMMIT, which needs `start` (only passed when the first run met a ROLLBACK).
void run_quietly(State& st, const State* start, const Migration& m, const FileStatementStream& statements,
                 size_t end) {
  TxFacts tx;
  Ctx ctx{st, tx};
  ctx.source = m.file->text();
  ctx.in_transaction_block = statements.count > 1;
  size_t last_commit = 0;  // statements before this index are committed
  size_t i = 0;
  statements.for_each([&](const sql::Statement& stmt) {
    if (i >= end) return false;
    try {
      run_one(ctx, stmt);
    } catch (...) {
    }
    if (const auto* t = std::get_if<sql::Transaction>(&stmt.body)) {
      if (t->kind == sql::TransactionKind::Commit) {
        last_commit = i + 1;
        tx.clear();
      } else if (t->kind == sql::TransactionKind::Rollback && start) {
        rebuild(st, *start, m, statements, last_commit);
        tx.clear();
      }
    }
    ++i;
    return true;
  });
}

// The state after the file's first `end` statements, rebuilt from the state before the file: what a failure
// or a ROLLBACK returns to (the last COMMIT).
void rebuild(State& st, const State& start, const Migration& m, const FileStatementStream& statements, size_t end) {
  st = start;
  run_quietly(st, &start, m, statements, end);
}

}  // namespace

namespace {
// The tables (by name) that have an index named `n` (in n's schema, or any when unqualified).
void add_tables_with_index(const catalog::Catalog& before, const sql::QualifiedName& n, std::vector<std::string>& out) {
  for (const std::string& schema : before.schemas)
    if (n.schema.empty() || n.schema == schema)
      if (const catalog::Table* t = before.table_of_index(schema, n.name)) out.push_back(t->name);
}
}  // namespace

StatementReach reach_of(const sql::Statement& st, const catalog::Catalog& before) {
  StatementReach r;
  r.known = std::visit(
      [&](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, sql::AlterTable>) {
          if (s.object_kind != "TABLE") return false;
          for (const auto& cmd : s.commands)
            if (cmd.cascade || cmd.kind == sql::AlterKind::AttachPartition ||
                cmd.kind == sql::AlterKind::DetachPartition || cmd.kind == sql::AlterKind::Inherit ||
                cmd.kind == sql::AlterKind::NoInherit || cmd.kind == sql::AlterKind::Other)
              return false;
          r.tables.push_back(s.name.name);
          return true;
        } else if constexpr (std::is_same_v<T, sql::CreateIndex>) {
          r.tables.push_back(s.table.name);
          return true;
        } else if constexpr (std::is_same_v<T, sql::CreateTable>) {
          // PARTITION OF and INHERITS change the parent as well.
          if (s.is_partition || !s.inherits.empty()) return false;
          r.tables.push_back(s.name.name);
          return true;
        } else if constexpr (std::is_same_v<T, sql::DropObjects>) {
          if (s.cascade) return false;
          if (s.object_kind == "INDEX") {
            for (const auto& n : s.names) add_tables_with_index(before, n, r.tables);
            return true;
          }
          if (s.object_kind == "TABLE") {
            // Dropping a partitioned table drops its partitions too.
            for (const auto& n : s.names)
              for (const auto& t : before.tables)
                if (t.name == n.name && t.partitioned) return false;
            for (const auto& n : s.names) r.tables.push_back(n.name);
            return true;
          }
          // Without CASCADE a type still in use cannot go, so dropping one changes no table.
          r.enums = s.object_kind == "TYPE" || s.object_kind == "DOMAIN";
          return r.enums;
        } else if constexpr (std::is_same_v<T, sql::Rename>) {
          if (s.object_kind != "INDEX") return false;
          add_tables_with_index(before, s.target, r.tables);
          return true;
        } else if constexpr (std::is_same_v<T, sql::CreateEnum>) {
          r.enums = true;
          return true;
        } else if constexpr (std::is_same_v<T, sql::AlterEnum>) {
          // RENAME VALUE re-prints every stored constant of the label, in any table.
          r.enums = true;
          return s.old_value.empty();
        } else if constexpr (std::is_same_v<T, sql::Transaction>) {
          // A rollback takes back whatever the transaction did.
          using K = sql::TransactionKind;
          return s.kind == K::Begin || s.kind == K::Start || s.kind == K::Commit || s.kind == K::Savepoint ||
                 s.kind == K::Release;
        } else {
          return std::is_same_v<T, sql::Insert> || std::is_same_v<T, sql::Update> || std::is_same_v<T, sql::Delete> ||
                 std::is_same_v<T, sql::Truncate> || std::is_same_v<T, sql::Vacuum> ||
                 std::is_same_v<T, sql::Reindex> || std::is_same_v<T, sql::CreatePolicy> ||
                 std::is_same_v<T, sql::SetVariable> || std::is_same_v<T, sql::Comment> || std::is_same_v<T, sql::Grant> ||
                 std::is_same_v<T, sql::Cluster> || std::is_same_v<T, sql::RefreshMaterializedView> ||
                 std::is_same_v<T, sql::CreateSequence> || std::is_same_v<T, sql::AlterSequence> ||
                 std::is_same_v<T, sql::CreateFunction> || std::is_same_v<T, sql::CreateTrigger> ||
                 std::is_same_v<T, sql::CreateView>;
        }
      },
      st.body);
  if (!r.known) r = {};
  return r;
}

FileStatementStream FileStatementStream::of(const sql::ParsedFile& parsed) {
  return {static_cast<uint32_t>(parsed.statements.size()),
          [&parsed](const std::function<bool(const sql::Statement&)>& each) {
            for (const sql::Statement& st : parsed.statements)
              if (!each(st)) return;
          },
          true};
}

MigrationOutcome Replayer::apply(const Migration& migration, const StatementObserver& observer) {
  if (!migration.readable) return {};
  return apply(migration, FileStatementStream::of(migration.parsed), observer);
}

MigrationOutcome Replayer::apply(const Migration& migration, const FileStatementStream& statements,
                                 const StatementObserver& observer) {
  MigrationOutcome out;
  if (!migration.readable) return out;
  if (!migration.parsed.errors.empty()) {
    // The server parses the whole query string before running any of it: nothing is applied.
    out.error = ReplayError{0, "42601", migration.parsed.errors.front().message};
    return out;
  }
  State& start = side_->at_file_start;
  State st{std::move(catalog_), std::move(side_->sources), std::move(side_->search_path)};
  TxFacts tx;
  Ctx ctx{st, tx};
  if (side_->available_extensions) ctx.available_extensions = &*side_->available_extensions;
  Ctx::RunReach ran;
  ctx.run_reach = &ran;
  ctx.printed_words = &side_->printed_words;
  ctx.source = migration.file->text();
  // Several statements in one simple query run as one implicit transaction block.
  ctx.in_transaction_block = statements.count > 1;
  size_t last_commit = 0;  // statements before this index are committed
  bool rebuilt = false;    // `st` was rebuilt from `start` (a failure or a ROLLBACK)
  size_t i = 0;

  statements.for_each([&](const sql::Statement& stmt) {
    if (observer) observer(stmt, st.cat);
    note_reach(ctx, stmt);
    ctx.notes.clear();
    std::optional<std::string> unsupported;
    try {
      unsupported = run_one(ctx, stmt);
    } catch (const PgError& e) {
      out.error = ReplayError{stmt.index, e.sqlstate, e.message};
      out.findings.push_back(replay_error_finding(migration, stmt, e, last_commit > 0));
    } catch (const std::exception& e) {
      // A statement shape the replay did not expect: report it, never crash; the catalog keeps its
      // state from before the statement as far as the handler got.
      unsupported = std::string("a statement the replay could not model (") + e.what() + ")";
    }
    if (out.error) return false;
    if (unsupported) out.findings.push_back(unsupported_finding(migration, stmt, *unsupported));
    for (const std::string& note : ctx.notes) out.findings.push_back(unsupported_finding(migration, stmt, note));
    if (const auto* t = std::get_if<sql::Transaction>(&stmt.body)) {
      if (t->kind == sql::TransactionKind::Commit) {
        last_commit = i + 1;
        tx.clear();
      } else if (t->kind == sql::TransactionKind::Rollback) {
        rebuild(st, start, migration, statements, last_commit);
        rebuilt = true;
        // The rebuilt tables are not as the index last saw them.
        side_->printed_words.forget();
        tx.clear();
      }
    }
    ++i;
    return true;
  });
  if (out.error) {
    rebuild(st, start, migration, statements, last_commit);
    rebuilt = true;
  }
  // Bring the start state forward to the end of this file for the next one. Replaying the file again costs
  // nothing when it is held whole; a file read part after part is copied instead of parsed again.
  if (rebuilt || (ran.unknown && !statements.held)) {
    end_file(st);
    start = st;
    side_->printed_words.forget();
  } else if (!ran.unknown) {
    std::vector<std::string> reached = sorted_names(std::move(ran.tables));
    end_file(st, &reached);
    copy_changes(start, st, reached);
  } else {
    side_->printed_words.forget();
    end_file(st);
    run_quietly(start, nullptr, migration, statements, statements.count);
    end_file(start);
  }
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
