#include "analyzer/integrity/rule_ids.hpp"

namespace sg::integrity {

const std::vector<report::RuleDescriptor>& gate_rule_descriptors() {
  static const std::vector<report::RuleDescriptor> rules = [] {
    struct Row { const char* id; const char* category; Severity severity; const char* summary; };
    const Row rows[] = {
        {"lock-file-missing", "integrity", Severity::Warning, "The migrations folder has no migration_lock.toml"},
        {"provider-mismatch", "integrity", Severity::Error, "The lock file's provider differs from the schema's datasource (P3019)"},
        {"unsupported-provider", "integrity", Severity::Error, "The history is not for PostgreSQL"},
        {"migration-name-format", "integrity", Severity::Warning, "A migration folder is not named YYYYMMDDHHMMSS_name"},
        {"migration-name-too-long", "integrity", Severity::Error, "A migration folder name is over 200 bytes (P3010)"},
        {"duplicate-migration-timestamp", "integrity", Severity::Warning, "Two migrations share a timestamp"},
        {"empty-migration", "integrity", Severity::Warning, "A migration.sql holds no statement"},
        {"sum-file-missing", "integrity", Severity::Error, "There is no schemagate.sum to verify against"},
        {"sum-file-invalid", "integrity", Severity::Error, "A line of schemagate.sum cannot be read"},
        {"sum-file-tampered", "integrity", Severity::Error, "schemagate.sum was edited by hand"},
        {"sum-file-outdated", "integrity", Severity::Warning, "A migration is not recorded in schemagate.sum"},
        {"migration-edited", "integrity", Severity::Error, "A recorded migration was changed"},
        {"migration-removed", "integrity", Severity::Error, "A recorded migration was deleted"},
        {"migration-out-of-order", "integrity", Severity::Error, "A new migration sorts before an already recorded one"},
        {"migrations-table-missing", "deploy-failure", Severity::Warning, "The database has no _prisma_migrations table"},
        {"migration-pending", "deploy-failure", Severity::Info, "A migration is not applied yet"},
        {"migration-pending-out-of-order", "deploy-failure", Severity::Warning, "A pending migration sorts before an applied one"},
        {"migration-failed", "deploy-failure", Severity::Error, "A migration failed and blocks deploys (P3009)"},
        {"migration-rolled-back", "deploy-failure", Severity::Info, "A migration was resolved as rolled back"},
        {"migration-edited-after-apply", "integrity", Severity::Error, "An applied migration's file was edited"},
        {"migration-missing-locally", "integrity", Severity::Error, "An applied migration has no folder"},
        {"drift-missing-object", "drift", Severity::Error, "An object the migrations create is missing from the database"},
        {"drift-extra-object", "drift", Severity::Error, "The database has an object the migrations do not create"},
        {"drift-changed-object", "drift", Severity::Error, "An object differs from what the migrations make"},
    };
    std::vector<report::RuleDescriptor> out;
    for (const Row& r : rows) {
      report::RuleDescriptor d;
      d.id = r.id;
      d.summary = r.summary;
      d.description = r.summary;
      d.category = r.category;
      d.default_severity = r.severity;
      d.doc_path = "docs/gates.md";
      out.push_back(std::move(d));
    }
    return out;
  }();
  return rules;
}

}  // namespace sg::integrity
