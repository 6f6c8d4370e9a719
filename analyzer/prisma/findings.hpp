#pragma once
// One way to build the Prisma front end's findings (parse, validation, mapping).
#include <string>

#include "analyzer/finding.hpp"

namespace sg::prisma {

inline Finding make_finding(const SourcePtr& file, Span at, std::string rule, Severity severity, std::string message,
                            std::string help) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = severity;
  f.message = std::move(message);
  f.help = std::move(help);
  if (file) f.location = make_location(file, at);
  return f;
}

}  // namespace sg::prisma
