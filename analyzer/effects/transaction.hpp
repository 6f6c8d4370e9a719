#pragma once
// How a migration file reaches PostgreSQL under Prisma, statement by statement.
//
// Prisma Migrate sends a whole migration.sql as one simple query. PostgreSQL runs a multi-statement simple
// query as one implicit transaction block, so a file with several statements is atomic and cannot contain
// statements that refuse to run in a transaction block (25001); a file with one statement runs alone; BEGIN
// and COMMIT inside the file turn the implicit block into an explicit one and end it.
//
// Prisma's native schema engine from 7.4.0 on (prisma-engines #5767, shadow database #5799) splits the script
// with sqlparser and sends each statement as its own query, unless sqlparser fails to parse any statement, in
// which case it falls back to the whole script as one query. sqlparser does not know DROP INDEX CONCURRENTLY
// (prisma-engines #5847, open), so such a file still goes as one query. The Wasm schema engine (used with
// driver adapters; 7.10.1 checked) never splits.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/sql/ir.hpp"

namespace sg::effects {

struct PrismaVersion {
  int major = 7;
  int minor = -1;     // -1: any 7.x (the default), so behaviour that changed within 7.x is reported for both
  bool wasm = false;  // the Wasm schema engine (driver adapters)

  // "7", "7.4", "7.10.1", "6.19.0"; a "wasm:" prefix selects the Wasm engine. nullopt when unreadable.
  static std::optional<PrismaVersion> parse(std::string_view text);
  std::string to_string() const;
  // True when every Prisma version this stands for sends each statement of a file separately.
  bool always_splits() const { return !wasm && (major > 7 || (major == 7 && minor >= 4)); }
  // True when some Prisma version this stands for sends the file as one query.
  bool may_send_whole_file() const { return !always_splits(); }
};

// The transaction state right before one statement of a file.
struct TransactionContext {
  uint32_t statements_in_file = 0;  // every statement the file splits into
  bool explicit_block = false;      // a BEGIN earlier in the file is still open
  bool explicit_nested = false;     // this statement is a BEGIN while one is already open
  bool unsplittable_file = false;   // a statement of the file defeats Prisma's splitter (whole file, one query)
  // When the file is sent as one query: PostgreSQL sees this statement inside a transaction block.
  bool in_block_whole_file() const { return explicit_block || statements_in_file > 1; }
  // When each statement is sent alone (native engine >= 7.4): only an explicit BEGIN makes a block.
  bool in_block_split() const { return explicit_block; }
};

// COMMIT, ROLLBACK or PREPARE TRANSACTION: the statement ends the current transaction block.
bool ends_transaction(const sql::Statement& st);

// One entry per statement of `file.statements`, in order.
std::vector<TransactionContext> transaction_contexts(const sql::ParsedFile& file);

// The explicit BEGIN ... COMMIT state, statement after statement in file order: what transaction_contexts
// works out, for a caller that sees the statements one at a time.
class TransactionTracker {
 public:
  // The state right before `st` (statements_in_file and unsplittable_file are the caller's: they are facts of
  // the whole file); then moves past it.
  TransactionContext next(const sql::Statement& st);

 private:
  bool open_ = false;
};

// Whether sqlparser (the splitter of Prisma's native engine) is known to fail on this statement, which makes
// the engine send the whole file as one query.
bool defeats_prisma_splitter(const sql::Statement& st);

// Whether a statement runs inside a transaction block when Prisma deploys the file: nullopt when it never does
// under the Prisma versions `prisma` stands for; otherwise a sentence saying when it does, for messages.
std::optional<std::string> in_block_under_prisma(const TransactionContext& tx, const PrismaVersion& prisma);

}  // namespace sg::effects
