#include "cli/config.hpp"

#include <fnmatch.h>

#include <toml++/toml.h>

#include "analyzer/history/read_file.hpp"
#include "rules/rule.hpp"

namespace sg::cli {
namespace fs = std::filesystem;

std::optional<fs::path> find_config(const fs::path& start) {
  std::error_code ec;
  for (fs::path dir = fs::absolute(start, ec); !dir.empty(); dir = dir.parent_path()) {
    fs::path candidate = dir / ".schemagate.toml";
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

bool matches_glob(const std::string& pattern, const std::string& name) {
  return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

namespace {

bool known_rule(std::string_view id) {
  if (rules::find_rule(id)) return true;
  for (const auto& r : rules::pipeline_rules())
    if (r.id == id) return true;
  return false;
}

std::string where(const fs::path& p, const toml::source_region& r) {
  return p.generic_string() + ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column);
}

}  // namespace

ConfigResult load_config(const fs::path& explicit_path) {
  ConfigResult out;
  fs::path path = explicit_path;
  if (path.empty()) {
    auto found = find_config(fs::current_path());
    if (!found) return out;
    path = *found;
  }
  out.config.path = path;
  ReadResult bytes = read_file_bytes(path, 1 << 20);
  if (!bytes.error.empty()) {
    out.error = path.generic_string() + ": cannot read config: " + bytes.error;
    return out;
  }
  toml::table t;
  try {
    t = toml::parse(bytes.bytes, path.generic_string());
  } catch (const toml::parse_error& e) {
    out.error = where(path, e.source()) + ": invalid TOML: " + std::string(e.description());
    return out;
  }
  Config& c = out.config;
  for (auto&& [key, node] : t) {
    std::string k(key.str());
    auto bad = [&](const std::string& what) { out.error = where(path, node.source()) + ": " + what; };
    if (k == "pg_version") {
      auto v = node.value<int64_t>();
      if (!v || *v < 11 || *v > 17) return bad("pg_version must be an integer from 11 to 17"), out;
      c.pg_version = static_cast<int>(*v);
    } else if (k == "prisma_version") {
      auto v = node.value<std::string>();
      if (!v) return bad("prisma_version must be a string such as \"7.10\""), out;
      c.prisma_version = *v;
    } else if (k == "start_after") {
      auto v = node.value<std::string>();
      if (!v) return bad("start_after must be a migration folder name"), out;
      c.start_after = *v;
    } else if (k == "exclude") {
      const toml::array* arr = node.as_array();
      if (!arr) return bad("exclude must be an array of migration name patterns"), out;
      for (const auto& e : *arr) {
        auto v = e.value<std::string>();
        if (!v) return bad("exclude entries must be strings"), out;
        c.exclude.push_back(*v);
      }
    } else if (k == "rules") {
      const toml::table* rt = node.as_table();
      if (!rt) return bad("[rules] must be a table of rule = \"off|on|error|warning|info\""), out;
      for (auto&& [rk, rv] : *rt) {
        std::string id(rk.str());
        if (!known_rule(id)) {
          out.error = where(path, rv.source()) + ": unknown rule `" + id + "` (see `schemagate rules`)";
          return out;
        }
        auto v = rv.value<std::string>();
        RuleSetting s;
        if (v && *v == "off") s.enabled = false;
        else if (v && *v == "on") s.enabled = true;
        else if (auto sev = v ? parse_severity(*v) : std::nullopt) s.severity = sev;
        else {
          out.error = where(path, rv.source()) + ": rule `" + id + "` must be \"off\", \"on\", \"error\", \"warning\" or \"info\"";
          return out;
        }
        c.rules[id] = s;
      }
    } else {
      return bad("unknown key `" + k + "` (known: pg_version, prisma_version, start_after, exclude, [rules])"), out;
    }
  }
  return out;
}

}  // namespace sg::cli
