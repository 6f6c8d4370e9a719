#include "analyzer/integrity/static_checks.hpp"

#include "analyzer/integrity/history_checks.hpp"
#include "analyzer/integrity/verify.hpp"

namespace sg::integrity {

StaticCheckOutcome run_static_checks(const MigrationHistory& history, const StaticCheckOptions& options) {
  StaticCheckOutcome out;
  auto append = [&out](std::vector<Finding> v) {
    out.findings.insert(out.findings.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
  };
  LockCheck lock = check_lock_file(history, options.schema_provider);
  if (lock.unsupported_provider) {
    out.fatal_error = "migration_lock.toml says provider `" + *lock.unsupported_provider +
                      "`: schemagate only supports PostgreSQL migration histories";
    return out;
  }
  out.findings = history.findings;
  append(std::move(lock.findings));
  append(check_history_shape(history));
  if (options.compare_recorded) {
    VerifyOutcome v = verify_history(history, options.since);
    if (!v.fatal_error.empty()) { out.fatal_error = std::move(v.fatal_error); return out; }
    out.recorded = v.recorded;
    append(std::move(v.findings));
  }
  return out;
}

}  // namespace sg::integrity
