// schemagate schema [--schema PATH] --format json|sql: the database Prisma Migrate expects from schema.prisma
// (the same catalog/1 shape as `replay`, so the two can be compared with diff).
#include <filesystem>
#include <iostream>

#include "analyzer/catalog/printers.hpp"
#include "analyzer/prisma/expect.hpp"
#include "analyzer/prisma/schema.hpp"
#include "cli/command.hpp"

namespace sg::cli {
namespace {

struct SchemaArgs {
  std::string schema;
  std::string format = "json";
  std::string output;
  int prisma_version = 7;
};

// Prisma's defaults: prisma/schema.prisma, else the multi-file folder prisma/schema/.
std::filesystem::path default_schema_path() {
  std::error_code ec;
  if (std::filesystem::is_regular_file("prisma/schema.prisma", ec)) return "prisma/schema.prisma";
  if (std::filesystem::is_directory("prisma/schema", ec)) return "prisma/schema";
  return "prisma/schema.prisma";
}

int run_schema(const SchemaArgs& a) {
  std::filesystem::path path = a.schema.empty() ? default_schema_path() : std::filesystem::path(a.schema);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return usage_error(path.generic_string() + ": no schema found (pass --schema FILE|FOLDER)");
  prisma::ParseResult parsed = prisma::parse_schema_path(path);
  int errors = 0;
  for (const auto& f : parsed.findings) {
    std::cerr << f.location.path << ":" << f.location.range.start.line << ":" << f.location.range.start.column << ": "
              << to_string(f.severity) << "[" << f.rule << "] " << f.message << "\n";
    errors += f.severity == Severity::Error;
  }
  prisma::ExpectedCatalog expected = prisma::expect_catalog(parsed.schema, {.prisma_version = a.prisma_version});
  for (const auto& f : expected.findings)
    std::cerr << f.location.path << ":" << f.location.range.start.line << ": " << to_string(f.severity) << "["
              << f.rule << "] " << f.message << "\n";
  std::string text = a.format == "sql" ? catalog::to_sql(expected.catalog) : catalog::to_json(expected.catalog);
  if (!write_output(text, a.output)) return kExitUsage;
  return errors > 0 ? kExitFindings : kExitOk;
}

const CommandRegistrar kSchema({"schema", 25, [](CLI::App& app, int* exit_code) {
  auto args = std::make_shared<SchemaArgs>();
  CLI::App* cmd = app.add_subcommand("schema", "Print the database that Prisma Migrate expects from schema.prisma");
  cmd->add_option("--schema,-s", args->schema, "schema.prisma or a multi-file schema folder (default: prisma/schema.prisma)");
  cmd->add_option("--format,-f", args->format, "json (catalog/1) or sql")->check(CLI::IsMember({"json", "sql"}))
      ->capture_default_str();
  cmd->add_option("--output,-o", args->output, "Write to FILE instead of standard output");
  cmd->add_option("--prisma-version", args->prisma_version, "Prisma major version whose behaviour to model")
      ->check(CLI::IsMember({5, 6, 7}))->capture_default_str();
  cmd->callback([args, exit_code] { *exit_code = run_schema(*args); });
}});

}  // namespace
}  // namespace sg::cli
