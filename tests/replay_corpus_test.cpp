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
#include "replay_support.hpp"
#include "support/test_support.hpp"

namespace {

using sg::catalog::CatalogComparison;
using sg::catalog::MatchCount;

struct CorpusResult {
  CatalogComparison cmp;
  size_t replay_errors = 0;
  size_t unsupported = 0;
  std::vector<std::string> error_messages;
  std::string replayed_json;  // the replayed catalog/1 document, view bodies blanked
  std::string truth_json;     // the ground truth's, view bodies blanked
  size_t views_exact = 0;     // views whose body equals pg_get_viewdef
  size_t views = 0;
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
  std::string truth = sg::test::read_file(shared / "groundtruth" / name / "catalog.json");
  auto expected = sg::catalog::catalog_from_json(truth);
  out.cmp = sg::catalog::compare_catalogs(expected, r.catalog);
  out.views = expected.views.size();
  out.truth_json = sg::test::truth_without_view_bodies(truth, r.catalog, &out.views_exact);
  out.replayed_json = sg::catalog::to_json(sg::test::without_view_bodies(r.catalog));
  return out;
}

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

  std::cout << "  view bodies equal to pg_get_viewdef " << r.views_exact << "/" << r.views << "\n";

  // Every corpus applies cleanly on PostgreSQL (apply.tsv is all `ok`): a predicted error is a replay bug.
  EXPECT_EQ(r.replay_errors, 0u) << (r.error_messages.empty() ? "" : r.error_messages.front());
  EXPECT_TRUE(c.differences.empty()) << c.differences.size() << " difference(s), first: " << c.differences.front();
  for (const MatchCount* m : {&c.defaults, &c.check_texts, &c.index_definitions, &c.predicates})
    EXPECT_EQ(m->matched, m->expected) << "expression texts";
  // Everything else, field by field and in order (function identity arguments included): the whole document.
  EXPECT_EQ(r.replayed_json, r.truth_json);
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
