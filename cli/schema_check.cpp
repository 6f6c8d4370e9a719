#include "cli/schema_check.hpp"

#include "analyzer/prisma/expect.hpp"
#include "analyzer/prisma/schema.hpp"
#include "analyzer/schema_drift/schema_drift.hpp"

namespace sg::cli {
namespace fs = std::filesystem;

std::optional<fs::path> locate_schema(const std::string& given, const fs::path& migrations) {
  if (!given.empty()) return fs::path(given);
  std::error_code ec;
  fs::path prisma_dir = migrations.parent_path();  // prisma/migrations -> prisma
  if (prisma_dir.empty()) prisma_dir = ".";
  for (const fs::path& p : {prisma_dir / "schema.prisma", prisma_dir / "schema"}) {
    if (p.filename() == "schema" ? fs::is_directory(p, ec) : fs::is_regular_file(p, ec)) return p;
  }
  return std::nullopt;
}

void LintReplayRecording::attach(rules::LintOptions& options) {
  attached_ = true;
  options.on_statement = [this](const Migration& m, const sql::Statement& st, const catalog::Catalog& before) {
    recorder_.before_statement(m, st, before);
  };
  options.after_file = [this](const Migration&, bool failed) { recorder_.file_applied(failed); };
}

void LintReplayRecording::finish(const catalog::Catalog& final_catalog) {
  if (!attached_) return;
  provenance_ = recorder_.finish(final_catalog);
  final_ = &final_catalog;
}

std::optional<std::string> datasource_provider(const prisma::ParseResult& schema) {
  const auto* ds = schema.schema.datasource();
  if (!ds || ds->provider.empty()) return std::nullopt;
  return ds->provider;
}

std::optional<std::string> LintSchema::provider() const {
  return parsed ? datasource_provider(*parsed) : std::nullopt;
}

LintSchema read_lint_schema(bool no_schema, const std::string& given, const fs::path& migrations) {
  LintSchema out;
  if (no_schema) return out;
  out.path = locate_schema(given, migrations);
  std::error_code ec;
  if (out.path && fs::exists(*out.path, ec)) out.parsed = prisma::parse_schema_path(*out.path);
  return out;
}

std::future<LintSchema> start_reading_lint_schema(bool no_schema, const std::string& given, const fs::path& migrations) {
  return std::async(std::launch::async, read_lint_schema, no_schema, given, migrations);
}

void expect_in_background(LintSchema& schema) {
  if (!schema.parsed || schema.parsed->has_errors()) return;
  const prisma::Schema* parsed = &schema.parsed->schema;
  schema.expected = std::async(std::launch::async, [parsed] {
    return prisma::expect_catalog(*parsed, {.prisma_version = 7});
  }).share();
}

SchemaCheck check_schema_against_history(const fs::path& schema, const MigrationHistory& h, int prisma_version,
                                         const LintReplayRecording* recorded) {
  return check_schema_against_history(prisma::parse_schema_path(schema), h, prisma_version, recorded);
}

namespace {

// `expected` is what Prisma expects from `parsed`, when it parsed without errors.
SchemaCheck check_expected(const prisma::ParseResult& parsed, const prisma::ExpectedCatalog* expected,
                           const MigrationHistory& h, const LintReplayRecording* recorded) {
  SchemaCheck out;
  out.findings = parsed.findings;
  // A schema Prisma itself would reject gives no trustworthy expectation: report the errors, skip the diff.
  if (!expected) return out;
  out.schema_parsed = true;
  for (const auto& f : expected->findings) out.findings.push_back(f);
  schema_drift::Result drift = recorded && recorded->final_catalog()
                                    ? schema_drift::check(h, *expected, *recorded->final_catalog(), *recorded->provenance())
                                    : schema_drift::check(h, *expected);
  out.differences = drift.differences.size();
  for (auto& f : drift.findings) out.findings.push_back(std::move(f));
  return out;
}

}  // namespace

SchemaCheck check_schema_against_history(const prisma::ParseResult& parsed, const MigrationHistory& h,
                                         int prisma_version, const LintReplayRecording* recorded) {
  if (parsed.has_errors()) return check_expected(parsed, nullptr, h, recorded);
  prisma::ExpectedCatalog expected = prisma::expect_catalog(parsed.schema, {.prisma_version = prisma_version});
  return check_expected(parsed, &expected, h, recorded);
}

SchemaCheck check_schema_against_history(const LintSchema& schema, const MigrationHistory& h,
                                         const LintReplayRecording* recorded) {
  return check_expected(*schema.parsed, schema.expected.valid() ? &schema.expected.get() : nullptr, h, recorded);
}

}  // namespace sg::cli
