// schemagate rules [--format text|json] and schemagate explain <rule>.
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "rules/lint.hpp"
#include "rules/rule.hpp"

namespace sg::cli {

const std::map<std::string, std::string_view>& rule_docs();  // generated from docs/rules/*.md

namespace {

int list_rules(const std::string& format) {
  auto enabled = rules::default_enabled_rules();
  if (format == "json") {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& d : rule_descriptors()) {
      arr.push_back({{"id", d.id},
                     {"category", d.category},
                     {"severity", to_string(d.default_severity)},
                     {"enabled", rules::find_rule(d.id) ? enabled.count(d.id) > 0 : true},
                     {"kind", rules::find_rule(d.id) ? "statement" : "pipeline"},
                     {"summary", d.summary},
                     {"doc", d.doc_path}});
    }
    std::cout << arr.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << fmt::format("{:<40} {:<15} {:<8} {:<4} {}\n", "RULE", "CATEGORY", "SEVERITY", "ON", "SUMMARY");
  for (const auto& d : rule_descriptors()) {
    bool on = rules::find_rule(d.id) ? enabled.count(d.id) > 0 : true;
    std::cout << fmt::format("{:<40} {:<15} {:<8} {:<4} {}\n", d.id, d.category, to_string(d.default_severity),
                             on ? "yes" : "no", d.summary);
  }
  return kExitOk;
}

int explain(const std::string& id) {
  const auto& docs = rule_docs();
  auto it = docs.find(id);
  if (it != docs.end()) {
    std::cout << it->second;
    return kExitOk;
  }
  for (const auto& d : rule_descriptors()) {
    if (d.id != id) continue;
    std::cout << "# " << d.id << "\n\n" << d.summary << "\n\n" << d.description << "\n";
    return kExitOk;
  }
  return usage_error("unknown rule `" + id + "` (see `schemagate rules`)");
}

const CommandRegistrar kRules({"rules", 80, [](CLI::App& app, int* exit_code) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* cmd = app.add_subcommand("rules", "List every rule with its category, default severity and state");
  cmd->add_option("--format,-f", *format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd->callback([format, exit_code] { *exit_code = list_rules(*format); });
}});

const CommandRegistrar kExplain({"explain", 81, [](CLI::App& app, int* exit_code) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("explain", "Print a rule's documentation");
  cmd->add_option("rule", *id, "Rule id")->required();
  cmd->callback([id, exit_code] { *exit_code = explain(*id); });
}});

}  // namespace
}  // namespace sg::cli
