#include "analyzer/integrity/static_checks.hpp"

#include "analyzer/integrity/history_checks.hpp"
#include "analyzer/integrity/verify.hpp"

namespace sg::integrity {

namespace {
void append(std::vector<Finding>& to, std::vector<Finding> v) {
  to.insert(to.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
}
}  // namespace

StaticCheckOutcome run_history_checks(const MigrationHistory& history,
                                      const std::optional<std::string>& schema_provider) {
  StaticCheckOutcome out;
  LockCheck lock = check_lock_file(history, schema_provider);
  if (lock.unsupported_provider) {
    out.fatal_error = "migration_lock.toml says provider `" + *lock.unsupported_provider +
                      "`: schemagate only supports PostgreSQL migration histories";
    return out;
  }
  out.findings = std::move(lock.findings);
  append(out.findings, check_history_shape(history));
  return out;
}

StaticCheckOutcome run_static_checks(const MigrationHistory& history, const StaticCheckOptions& options) {
  StaticCheckOutcome out = run_history_checks(history, options.schema_provider);
  if (!out.fatal_error.empty()) return out;
  out.findings.insert(out.findings.begin(), history.findings.begin(), history.findings.end());
  if (options.compare_recorded) {
    VerifyOutcome v = verify_history(history, options.since);
    if (!v.fatal_error.empty()) { out.fatal_error = std::move(v.fatal_error); return out; }
    out.recorded = v.recorded;
    append(out.findings, std::move(v.findings));
  }
  return out;
}

}  // namespace sg::integrity
