#include "rules/lint.hpp"

#include <algorithm>
#include <optional>
#include <span>

#include "analyzer/history/parse_ahead.hpp"
#include "analyzer/replay/replay.hpp"
#include "analyzer/sql/parse.hpp"
#include "rules/rule.hpp"
#include "rules/suppressions.hpp"

namespace sg::rules {

std::set<std::string> default_enabled_rules() {
  std::set<std::string> out;
  for (const auto& r : all_rules())
    if (r.enabled_by_default) out.emplace(r.id);
  return out;
}

namespace {

// A migration.sql too large to hold its IR whole: parsed once for the facts the rules need about the whole file,
// then again part after part for the replay and the rules.
class PartsOfFile {
 public:
  PartsOfFile(Migration& m, const LintOptions& options, FileFacts& facts) : m_(m), part_bytes_(options.part_bytes) {
    if (!m.file && !load_text(m)) {
      m.parsed.errors.push_back({kTextNotReadAgain, 0, Span{}});
      facts.finish(1);
      return;
    }
    uint32_t split = 0;
    sql::parse_sql_in_parts(m.file->text(), part_bytes_, [&](sql::ParsedFile&& part) {
      for (const sql::Statement& st : part.statements) facts.add(st);
      for (sql::SyntaxError& e : part.errors) m.parsed.errors.push_back(std::move(e));
      for (sql::SqlComment& c : part.comments)
        if (is_suppression(c)) suppressions_.push_back(std::move(c));
      split += part.split_count;
      return true;
    });
    m.parsed.split_count = split;
    facts.finish(split);
  }

  // The statements again, part after part; while a part is replayed, `comments()` are its comments.
  replay::FileStatementStream stream(uint32_t count) {
    return {count,
            [this](const std::function<bool(const sql::Statement&)>& each) {
              // The replay goes over the file again from inside a statement (a ROLLBACK); the rules see the
              // comments of the outer pass.
              const bool outer = depth_++ == 0;
              sql::parse_sql_in_parts(m_.file->text(), part_bytes_, [&](sql::ParsedFile&& part) {
                if (outer) comments_ = part.comments;
                for (const sql::Statement& st : part.statements)
                  if (!each(st)) return false;
                return true;
              });
              if (outer) comments_ = {};
              --depth_;
            },
            false};
  }
  std::span<const sql::SqlComment> comments() const { return comments_; }
  const std::vector<sql::SqlComment>& suppressions() const { return suppressions_; }

 private:
  Migration& m_;
  uint32_t part_bytes_;
  int depth_ = 0;
  std::span<const sql::SqlComment> comments_;
  std::vector<sql::SqlComment> suppressions_;
};

// `ahead`, when given, parses the files just ahead of the replay; each file's IR is freed after it is linted
// and its syntax errors are reported with it. Without it the history is parsed already. `history` is then the
// one `ahead` parses, which lint may parse files of too.
LintResult lint(const MigrationHistory& history, const LintOptions& options, ParseAhead* ahead,
                MigrationHistory* parsed_here = nullptr) {
  LintResult result;
  std::vector<const RuleInfo*> active;
  for (const auto& r : all_rules())
    if (options.enabled.count(std::string(r.id))) active.push_back(&r);

  auto wanted = [&](const std::string& migration) {
    return !options.only_migrations || options.only_migrations->count(migration) > 0;
  };

  auto hand_over = [&](std::vector<Finding>& found) {
    if (options.on_findings) {
      options.on_findings(found);
      return;
    }
    for (Finding& f : found)
      if (f.fingerprint.empty()) finalize_fingerprint(f);
    result.findings.insert(result.findings.end(), std::make_move_iterator(found.begin()),
                           std::make_move_iterator(found.end()));
  };

  // Input problems (unreadable files, syntax errors, ...) belong to the file they are in.
  std::vector<Finding> pending = history.findings;

  // Each active rule's severity, configured or its default.
  std::vector<Severity> severity;
  for (const RuleInfo* rule : active) {
    auto ov = options.severity_overrides.find(std::string(rule->id));
    severity.push_back(ov != options.severity_overrides.end() ? ov->second : rule->default_severity);
  }

  replay::Replayer replayer;
  for (size_t mi = 0; mi < history.migrations.size(); ++mi) {
    const Migration& m = history.migrations[mi];
    if (!m.readable) continue;
    if (ahead) ahead->wait(mi);
    struct Release {
      ParseAhead* ahead;
      size_t index;
      ~Release() {
        if (ahead) ahead->release(index);
      }
    } release{ahead, mi};
    bool report_here = wanted(m.name);
    std::vector<Finding> found;
    FileFacts facts(replayer.catalog_at_file_start(), options.pg_version);
    std::optional<PartsOfFile> parts;
    if (parsed_here && m.size >= options.streamed_file_bytes) parts.emplace(parsed_here->migrations[mi], options, facts);
    else facts.add_all(m.parsed);
    result.statements += facts.size();
    auto observer = [&](const sql::Statement& st, const catalog::Catalog& before) {
      if (options.on_statement) options.on_statement(m, st, before);
      if (!report_here) return;
      StatementContext ctx{m, st, before, replayer.catalog_at_file_start(), options.pg_version};
      ctx.tx = facts.transaction_context(st.index);
      ctx.file = &facts;
      ctx.comments = parts ? parts->comments() : std::span<const sql::SqlComment>(m.parsed.comments);
      ctx.prisma = options.prisma_version;
      ctx.effects = effects::effects_of(st, before, options.pg_version);
      for (size_t r = 0; r < active.size(); ++r) {
        Reporter rep(ctx, active[r]->id, severity[r], found);
        active[r]->check(ctx, rep);
      }
    };
    replay::MigrationOutcome outcome =
        parts ? replayer.apply(m, parts->stream(facts.size()), observer) : replayer.apply(m, observer);
    if (options.after_file) options.after_file(m, outcome.error.has_value());
    if (!report_here) continue;
    for (auto& f : outcome.findings) found.push_back(std::move(f));
    // Input findings of this file go through the same suppressions.
    std::erase_if(pending, [&](Finding& f) {
      if (f.location.file != m.file) return false;
      found.push_back(std::move(f));
      return true;
    });
    if (ahead)
      for (Finding& f : syntax_error_findings(m)) found.push_back(std::move(f));
    auto sups = collect_suppressions(m, parts ? std::span(parts->suppressions()) : std::span(m.parsed.comments), facts);
    apply_suppressions(m, sups, found);
    for (auto& f : found) {
      auto ov = options.severity_overrides.find(f.rule);
      if (ov != options.severity_overrides.end()) f.severity = ov->second;
    }
    hand_over(found);
  }
  std::erase_if(pending, [&](const Finding& f) { return !f.migration.empty() && !wanted(f.migration); });
  hand_over(pending);
  result.final_catalog = replayer.catalog();
  return result;
}

}  // namespace

LintResult lint_history(const MigrationHistory& history, const LintOptions& options) {
  return lint(history, options, nullptr);
}

LintResult lint_unparsed_history(MigrationHistory& history, const LintOptions& options) {
  ParseAhead ahead(history, 0, 16, 8u << 20, options.streamed_file_bytes);
  return lint(history, options, &ahead, &history);
}

}  // namespace sg::rules
