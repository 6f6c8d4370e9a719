#pragma once
// The ids reported by integrity, status and drift checks (not statement rules), with their metadata for SARIF
// and documentation. docs/gates.md describes each.
#include <vector>

#include "reporters/report.hpp"

namespace sg::integrity {

const std::vector<report::RuleDescriptor>& gate_rule_descriptors();

}  // namespace sg::integrity
