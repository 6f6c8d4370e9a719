#pragma once
// Each subcommand lives in its own cli/cmd_<name>.cpp and registers itself with a static CommandRegistrar,
// so adding a command touches no other file. The CLI only wires: options → pipeline → reporter → exit code.
#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "reporters/report.hpp"

namespace sg::report {
class FindingSpool;
}

namespace sg::cli {

// Exit codes (docs/exit-codes.md): 0 nothing at or above --fail-on, 1 findings at or above it,
// 2 usage, configuration or input error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

// Options shared by the commands that print findings.
struct OutputOptions {
  std::string format = "text";
  std::string output;          // file; empty = stdout
  std::string fail_on = "error";
  std::string color = "auto";  // auto | always | never
};
void add_output_options(CLI::App& cmd, OutputOptions& o, std::vector<std::string> formats = {"text", "json", "sarif", "github"});

// Renders `report` as `o.format`, writes it, and returns the exit code for its findings.
int emit_report(report::Report report, const OutputOptions& o);

// For a format that can be written as findings are found (text, json, sarif, github): a spool to add them to,
// made with `facts` (the report's rules and directory); null for the other formats.
std::unique_ptr<report::FindingSpool> finding_spool(report::Report& facts, const OutputOptions& o);
// emit_report for a report whose findings are in `spool`.
int emit_spooled_report(report::Report facts, report::FindingSpool& spool, const OutputOptions& o);

// Writes text to --output or stdout; returns false (after printing why) when the file cannot be written.
bool write_output(const std::string& text, const std::string& output_path);

// Prints `schemagate: error: <message>` on stderr and returns kExitUsage.
int usage_error(const std::string& message);

// Every rule's metadata, for SARIF and `schemagate rules`.
std::vector<report::RuleDescriptor> rule_descriptors();

struct CommandSpec {
  std::string name;
  int order = 100;  // position in --help
  // Creates the subcommand on `app`; the callback it installs stores the exit code in `*exit_code`.
  std::function<void(CLI::App& app, int* exit_code)> setup;
};

std::vector<CommandSpec>& command_registry();

struct CommandRegistrar {
  explicit CommandRegistrar(CommandSpec spec) { command_registry().push_back(std::move(spec)); }
};

}  // namespace sg::cli
