// Replays every corpus history and compares the result with the catalog PostgreSQL 15 built from the same
// files (../shared/groundtruth/<corpus>/catalog.json), object by object.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/catalog/compare.hpp"
#include "analyzer/history/history.hpp"
#include "analyzer/replay/replay.hpp"
#include "support/test_support.hpp"

namespace {

using sg::catalog::CatalogComparison;
using sg::catalog::MatchCount;

struct CorpusResult {
  CatalogComparison cmp;
  size_t replay_errors = 0;
  size_t unsupported = 0;
  std::vector<std::string> error_messages;
};

CorpusResult replay_corpus(const std::string& name) {
  namespace fs = std::filesystem;
  fs::path shared = sg::test::shared_dir();
  sg::MigrationHistory h = sg::load_history(shared / "corpus" / name / "migrations");
  sg::parse_history(h, 2);
  sg::replay::HistoryReplay r = sg::replay::replay_history(h);
  CorpusResult out;
  for (const auto& f : r.findings) {
    if (f.rule == "replay-error") {
      ++out.replay_errors;
      out.error_messages.push_back(f.migration + ": " + f.message);
    }
    if (f.rule == "unsupported-statement") ++out.unsupported;
  }
  auto expected =
      sg::catalog::catalog_from_json(sg::test::read_file(shared / "groundtruth" / name / "catalog.json"));
  out.cmp = sg::catalog::compare_catalogs(expected, r.catalog);
  return out;
}

double ratio(const MatchCount& m) {
  return m.expected == 0 ? 1.0 : static_cast<double>(m.matched) / static_cast<double>(m.expected);
}

// Exact-text match ratios measured when this test was last tightened (a ratchet: lower means a regression).
struct TextFloor {
  double defaults, checks, index_definitions, predicates;
};
const std::map<std::string, TextFloor>& text_floors() {
  static const std::map<std::string, TextFloor> floors = {
      {"calcom__cal.com", {1.0, 1.0, 1.0, 1.0}},
      {"documenso__documenso", {1.0, 1.0, 1.0, 1.0}},
      {"elie222__inbox-zero", {1.0, 1.0, 1.0, 1.0}},
      {"formbricks__formbricks", {1.0, 1.0, 1.0, 1.0}},
      {"hoppscotch__hoppscotch", {1.0, 1.0, 1.0, 1.0}},
      {"langfuse__langfuse", {1.0, 1.0, 1.0, 1.0}},
      {"lukevella__rallly", {1.0, 1.0, 1.0, 1.0}},
      {"mfts__papermark", {1.0, 1.0, 1.0, 1.0}},
      {"triggerdotdev__trigger.dev", {1.0, 1.0, 291.0 / 292.0, 1.0}},
      {"umami-software__umami", {1.0, 1.0, 1.0, 1.0}},
  };
  return floors;
}

// Known gaps, each with its cause, allowed here so that every other object stays asserted exactly. Closing a
// gap means deleting its line.
struct KnownGap {
  size_t replay_errors = 0;
  size_t tables = 0;   // tables not equal in every detail
  size_t indexes = 0;  // indexes missing or different
  const char* why = "";
};
const std::map<std::string, KnownGap>& known_gaps() {
  static const std::map<std::string, KnownGap> gaps = {
      {"elie222__inbox-zero",
       {1, 1, 1, "EXCLUDE USING gist (Booking_no_overlap): the IR has no exclusion elements yet"}},
      {"triggerdotdev__trigger.dev",
       {0, 1, 1, "CREATE INDEX ... WITH (fillfactor='90'): index storage options are not read yet"}},
  };
  return gaps;
}

size_t misses(const MatchCount& m) { return (m.expected - m.matched) + m.extra; }

class ReplayCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(ReplayCorpus, MatchesPostgresGroundTruth) {
  SG_REQUIRE_SHARED();
  const std::string name = GetParam();
  CorpusResult r = replay_corpus(name);
  const CatalogComparison& c = r.cmp;
  std::cout << "[corpus " << name << "] replay-errors " << r.replay_errors << ", unsupported statements "
            << r.unsupported << "\n"
            << c.summary();
  size_t shown = 0;
  for (const auto& d : c.differences)
    if (shown++ < 40) std::cout << "    diff: " << d << "\n";
  if (c.differences.size() > 40) std::cout << "    ... " << c.differences.size() - 40 << " more\n";

  // Every corpus applies cleanly on PostgreSQL (apply.tsv is all `ok`): a predicted error is a replay bug.
  KnownGap gap;
  if (auto g = known_gaps().find(name); g != known_gaps().end()) {
    gap = g->second;
    std::cout << "    known gap: " << gap.why << "\n";
  }
  EXPECT_LE(r.replay_errors, gap.replay_errors) << (r.error_messages.empty() ? "" : r.error_messages.front());
  EXPECT_LE(misses(c.tables), gap.tables) << "tables";
  EXPECT_TRUE(c.columns.perfect()) << "columns";
  EXPECT_TRUE(c.keys.perfect()) << "keys";
  EXPECT_TRUE(c.foreign_keys.perfect()) << "foreign keys";
  EXPECT_TRUE(c.enums.perfect()) << "enums";
  EXPECT_LE(misses(c.indexes), gap.indexes) << "indexes";
  EXPECT_TRUE(c.sequences.perfect()) << "sequences";
  EXPECT_TRUE(c.checks.perfect()) << "checks";
  EXPECT_TRUE(c.views.perfect() && c.functions.perfect() && c.triggers.perfect()) << "views/functions/triggers";

  auto it = text_floors().find(name);
  TextFloor floor = it == text_floors().end() ? TextFloor{1.0, 1.0, 1.0, 1.0} : it->second;
  EXPECT_GE(ratio(c.defaults), floor.defaults) << "defaults";
  EXPECT_GE(ratio(c.check_texts), floor.checks) << "check texts";
  EXPECT_GE(ratio(c.index_definitions), floor.index_definitions) << "index definitions";
  EXPECT_GE(ratio(c.predicates), floor.predicates) << "predicates";
}

INSTANTIATE_TEST_SUITE_P(All, ReplayCorpus, ::testing::ValuesIn(sg::test::corpora().empty()
                                                                    ? std::vector<std::string>{"(no corpus)"}
                                                                    : sg::test::corpora()),
                         [](const ::testing::TestParamInfo<std::string>& i) {
                           std::string n;
                           for (char ch : i.param) n += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           return n;
                         });

}  // namespace
