#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/command.hpp"
#include "reporters/extra_formats.hpp"
#include "reporters/finding_spool.hpp"
#include "reporters/report_facts.hpp"
#include "rules/rule.hpp"
#include "schemagate/version.hpp"

namespace sg::cli {

std::vector<CommandSpec>& command_registry() {
  static std::vector<CommandSpec> registry;
  return registry;
}

void add_output_options(CLI::App& cmd, OutputOptions& o, std::vector<std::string> formats) {
  cmd.add_option("--format,-f", o.format, "Output format")->check(CLI::IsMember(formats))->capture_default_str();
  cmd.add_option("--output,-o", o.output, "Write the report to FILE instead of standard output");
  cmd.add_option("--fail-on", o.fail_on, "Exit 1 when a finding has this severity or higher")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}))
      ->capture_default_str();
  cmd.add_option("--color", o.color, "Colour in text output")->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

bool write_output(const std::string& text, const std::string& output_path) {
  if (output_path.empty() || output_path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return true;
  }
  std::ofstream out(output_path, std::ios::binary | std::ios::trunc);
  if (out) out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) {
    std::cerr << "schemagate: error: cannot write " << output_path << "\n";
    return false;
  }
  return true;
}

int usage_error(const std::string& message) {
  std::cerr << "schemagate: error: " << message << "\n";
  return kExitUsage;
}

std::vector<report::RuleDescriptor> rule_descriptors() {
  std::vector<report::RuleDescriptor> out;
  for (const auto& r : rules::all_rules()) {
    report::RuleDescriptor d;
    d.id = r.id;
    d.summary = r.summary;
    d.description = r.description;
    d.category = rules::to_string(r.category);
    d.default_severity = r.default_severity;
    d.doc_path = "docs/rules/" + d.id + ".md";
    out.push_back(std::move(d));
  }
  for (const auto& r : rules::pipeline_rules()) {
    report::RuleDescriptor d;
    d.id = r.id;
    d.summary = r.summary;
    d.description = r.summary;
    d.category = rules::to_string(r.category);
    d.default_severity = r.default_severity;
    d.doc_path = "docs/rules/" + d.id + ".md";
    out.push_back(std::move(d));
  }
  return out;
}

namespace {
bool use_color(const OutputOptions& o) {
  if (o.color == "always") return true;
  if (o.color == "never") return false;
  if (const char* nc = std::getenv("NO_COLOR"); nc && *nc) return false;
  return o.output.empty() && isatty(STDOUT_FILENO);
}

// What every report states besides its findings.
void fill_facts(report::Report& r, const OutputOptions& o) {
  r.tool_version = kVersion;
  if (r.working_directory.empty()) r.working_directory = std::filesystem::current_path().string();
  if (r.rules.empty()) r.rules = rule_descriptors();
  if (auto s = parse_severity(o.fail_on)) r.fail_on = *s;
}

int exit_code_for(const report::Report& r, const OutputOptions& o) {
  return o.fail_on != "never" && report::fails(r) ? kExitFindings : kExitOk;
}

}  // namespace

std::unique_ptr<report::FindingSpool> finding_spool(report::Report& facts, const OutputOptions& o) {
  fill_facts(facts, o);
  auto writer = report::format_writer(o.format, facts, {.color = use_color(o), .show_source = true});
  if (!writer) return nullptr;
  return std::make_unique<report::FindingSpool>(std::move(writer));
}

int emit_spooled_report(report::Report r, report::FindingSpool& spool, const OutputOptions& o) {
  fill_facts(r, o);
  bool to_stdout = o.output.empty() || o.output == "-";
  std::FILE* out = to_stdout ? stdout : std::fopen(o.output.c_str(), "wb");
  bool written = out && spool.write(r, out);
  if (out && !to_stdout) written = std::fclose(out) == 0 && written;
  if (!written) {
    std::cerr << "schemagate: error: cannot write " << (to_stdout ? std::string("the report") : o.output) << "\n";
    return kExitUsage;
  }
  r.streamed_counts = spool.counts();
  return exit_code_for(r, o);
}

int emit_report(report::Report r, const OutputOptions& o) {
  fill_facts(r, o);
  sort_findings(r.findings);

  std::string text;
  if (o.format == "json") text = report::render_json(r);
  else if (o.format == "sarif") text = report::render_sarif(r);
  else if (o.format == "github") text = report::render_github(r);
  else if (o.format == "gitlab") text = report::render_gitlab(r);
  else if (o.format == "markdown") text = report::render_markdown(r);
  else text = report::render_text(r, {.color = use_color(o), .show_source = true});
  if (!write_output(text, o.output)) return kExitUsage;
  return exit_code_for(r, o);
}

}  // namespace sg::cli
