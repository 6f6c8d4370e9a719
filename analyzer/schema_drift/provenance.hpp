#pragma once
// Which migration statement last shaped each object the history builds, recorded while the history replays,
// so that the replay lint already does also tells drift where the migrations' side of a difference was made
// (no second replay). Feed a ProvenanceRecorder from the replay's statement observer, then finish it with
// the final catalog.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/diff/catalog_diff.hpp"
#include "analyzer/history/history.hpp"
#include "analyzer/sql/ir.hpp"
#include "analyzer/string_hash.hpp"

namespace sg::schema_drift {

struct StatementRef {
  const Migration* migration = nullptr;
  Span statement;
};

class Provenance {
 public:
  // The statement after which the migrations' side of `d` last changed: for a whole object, the one that made
  // (or removed) it; for a column aspect, the one that last changed that aspect; for a rename, the one that
  // made the object under its old name. Null when the migrations never had it.
  const StatementRef* of(const diff::Difference& d) const;

 private:
  friend class ProvenanceRecorder;
  // Looked up by string_view: the recorder builds its keys in one reused buffer.
  std::unordered_map<std::string, StatementRef, StringViewHash, std::equal_to<>> last_;
};

class ProvenanceRecorder {
 public:
  // Right before `statement` of `migration` is applied, with the catalog at that moment (the signature of
  // replay::StatementObserver plus the migration).
  void before_statement(const Migration& migration, const sql::Statement& statement, const catalog::Catalog& before);
  // After each file, with whether it failed: a failed file is rebuilt up to its last COMMIT, which may change
  // any table, so the next observation compares them all. Without this call every file is treated so.
  void file_applied(bool failed) { clean_file_end_ = !failed; }
  // After the last statement, with the final catalog. The recorder is spent afterwards.
  Provenance finish(const catalog::Catalog& final_catalog);

 private:
  void observe(const catalog::Catalog& c);
  void observe_tables(const std::vector<catalog::Table>& tables);
  void observe_enums(const std::vector<catalog::Enum>& enums);
  void record(std::string_view key);
  void forget(std::string_view key);
  void table_changed(const catalog::Table* was, const catalog::Table* now);

  using Key = std::pair<std::string, std::string>;  // schema, name
  void moved(const Key& from, const Key& to);
  // As last seen, in the catalog's own order: while no table comes or goes, each is compared with its twin
  // at the same position, with no lookup and no allocation.
  std::vector<catalog::Table> tables_;
  std::vector<catalog::Enum> enums_;
  StatementRef current_;  // the statement whose effect the next observation shows
  std::string key_;       // table_changed's keys are built here
  // The tables ("schema|name", written by parted_key into parted_key_) that ever had a column aspect or a key's
  // parts recorded.
  const std::string& parted_key(const std::string& schema, const std::string& table);
  std::unordered_set<std::string, StringViewHash, std::equal_to<>> parted_;
  std::string parted_key_;
  bool dirty_ = false;    // whether that statement can change what is recorded
  // The only tables that statement can change (by name), when it is known to change no other nor an enum.
  std::optional<std::vector<std::string>> reach_;
  bool enums_reached_ = false;  // that statement may change enums as well
  bool clean_file_end_ = false;  // the file before the current statement's ended without a failure
  Provenance out_;
};

}  // namespace sg::schema_drift
