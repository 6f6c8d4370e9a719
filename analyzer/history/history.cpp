#include "analyzer/history/history.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>
#include <atomic>

#include <toml++/toml.h>

#include "analyzer/hash.hpp"
#include "analyzer/run_on_threads.hpp"
#include "analyzer/history/read_file.hpp"
#include "analyzer/sql/parse.hpp"

namespace sg {
namespace fs = std::filesystem;

std::string display_path(const fs::path& p) {
  std::error_code ec;
  fs::path rel = fs::proximate(p, fs::current_path(ec), ec);
  if (ec || rel.empty()) return p.generic_string();
  std::string s = rel.generic_string();
  return s.rfind("../../../", 0) == 0 ? p.generic_string() : s;
}

bool is_effectively_empty_sql(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ';') { ++i; continue; }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      // PostgreSQL block comments nest.
      int depth = 0;
      do {
        if (s.compare(i, 2, "/*") == 0) { ++depth; i += 2; }
        else if (s.compare(i, 2, "*/") == 0) { --depth; i += 2; }
        else ++i;
      } while (depth > 0 && i < s.size());
      continue;
    }
    return false;
  }
  return true;
}

std::string migration_file_path(const Migration& m) {
  return m.path.empty() ? display_path(m.folder / "migration.sql") : m.path;
}

bool load_text(Migration& m) {
  ReadResult r = read_file_bytes(m.folder / "migration.sql");
  bool same = r.error.empty() && sha256_hex(r.bytes) == m.checksum;
  if (!same) r.bytes.clear();
  m.file = std::make_shared<SourceFile>(migration_file_path(m), std::move(r.bytes));
  return same;
}

void load_texts(MigrationHistory& history) {
  for (Migration& m : history.migrations)
    if (m.text_unloaded && !m.file) load_text(m);
}

namespace {

Finding input_finding(std::string rule, Severity sev, std::string path, std::string message, std::string help) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = sev;
  f.location = make_location(std::move(path));
  f.message = std::move(message);
  f.help = std::move(help);
  finalize_fingerprint(f);
  return f;
}

void read_lock_file(MigrationHistory& h) {
  h.lock.path = h.root / "migration_lock.toml";
  std::error_code ec;
  if (!fs::is_regular_file(h.lock.path, ec)) return;
  h.lock.present = true;
  std::string path = display_path(h.lock.path);
  ReadResult r = read_file_bytes(h.lock.path);
  if (!r.error.empty()) {
    h.findings.push_back(input_finding("unreadable-file", Severity::Error, path, "cannot read migration_lock.toml: " + r.error,
                                       "Make the file readable by the user running schemagate."));
    return;
  }
  auto src = std::make_shared<SourceFile>(path, std::move(r.bytes));
  h.lock.file = src;
  try {
    toml::table t = toml::parse(src->text(), std::string_view(path));
    if (auto p = t["provider"].value<std::string>()) h.lock.provider = *p;
  } catch (const toml::parse_error& e) {
    Finding f;
    f.rule = "lock-file-invalid";
    f.severity = Severity::Error;
    const auto& b = e.source().begin;
    // toml++ positions are 1-based line/column; turn them back into a byte offset for a precise span.
    uint32_t off = 0;
    for (uint32_t line = 1; line < b.line && off < src->size(); ++off)
      if (src->text()[off] == '\n') ++line;
    off += b.column > 0 ? b.column - 1 : 0;
    f.location = make_location(src, {off, std::min<uint32_t>(off + 1, static_cast<uint32_t>(src->size()))});
    f.message = "migration_lock.toml is not valid TOML: " + std::string(e.description());
    f.help = "Restore the file Prisma writes: provider = \"postgresql\".";
    finalize_fingerprint(f);
    h.findings.push_back(std::move(f));
  }
}

// A folder of the history as reports show it, below the root's display path.
std::string shown_below(const fs::path& shown_root, const std::string& name) {
  return (shown_root / name).lexically_normal().generic_string();
}

// Lets go of a migration's text (load_text reads it again), unless the history checks need it: they report
// migrations with nothing to run.
void let_go(Migration& m) {
  if (!m.readable || !m.file || is_effectively_empty_sql(m.file->text())) return;
  m.file = nullptr;
  m.text_unloaded = true;
}

// One migration folder, read and checked: the migration (none when the folder has no migration.sql) and what
// was wrong with it.
struct LoadedFolder {
  std::optional<Migration> migration;
  std::vector<Finding> findings;
};

LoadedFolder read_folder(const fs::path& folder, const fs::path& shown_root) {
  LoadedFolder out;
  Migration m;
  m.name = folder.filename().string();
  m.folder = folder;
  m.path = shown_below(shown_root, m.name) + "/migration.sql";
  // One listing tells whether migration.sql is there and which other files are (the history checks report
  // those): the folder is read once.
  bool has_file = false;
  std::error_code lec;
  for (auto it = fs::directory_iterator(folder, fs::directory_options::skip_permission_denied, lec);
       !lec && it != fs::directory_iterator(); it.increment(lec)) {
    std::string file = it->path().filename().string();
    std::error_code sec;
    if (file == "migration.sql") has_file = it->exists(sec);
    else if (file != ".DS_Store" && file != ".gitkeep") m.other_files.push_back(std::move(file));
  }
  // A folder that can be entered but not listed still has its migration.sql read, as Prisma would.
  std::error_code fec;
  if (!has_file) has_file = fs::exists(folder / "migration.sql", fec);
  const std::string& path = m.path;
  if (!has_file) {
    out.findings.push_back(input_finding(
        "missing-migration-file", Severity::Error, shown_below(shown_root, m.name),
        "folder `" + m.name + "` has no migration.sql; `prisma migrate deploy` fails on it (P3015)",
        "Add the migration.sql, or delete the folder if it is left over from a removed migration."));
    return out;
  }
  ReadResult r = read_file_bytes(folder / "migration.sql");
  if (!r.error.empty()) {
    out.findings.push_back(input_finding("unreadable-file", Severity::Error, path, "cannot read migration: " + r.error,
                                         "Make the file readable by the user running schemagate."));
    out.migration = std::move(m);
    return out;
  }
  m.checksum = sha256_hex(r.bytes);
  m.size = r.bytes.size();
  auto src = std::make_shared<SourceFile>(path, std::move(r.bytes));
  m.file = src;
  if (auto bad = check_text(src->text())) {
    Finding f;
    f.rule = bad->what == "NUL byte" ? "binary-file" : "invalid-utf8";
    f.severity = Severity::Error;
    f.location = make_location(src, {bad->offset, bad->offset + 1});
    f.message = (bad->what == "NUL byte" ? "migration.sql contains a NUL byte at byte " : "migration.sql has an " +
                 bad->what + " at byte ") + std::to_string(bad->offset) + "; PostgreSQL rejects the file";
    f.help = "Save the file as UTF-8 text (PostgreSQL's server encoding); remove binary content.";
    f.migration = m.name;
    finalize_fingerprint(f);
    out.findings.push_back(std::move(f));
  } else {
    m.readable = true;
  }
  out.migration = std::move(m);
  return out;
}

// A folder that could not be read at all (an exception from the file system or the allocator) is reported,
// and the other folders are read on.
LoadedFolder load_folder(const fs::path& folder, const fs::path& shown_root) {
  try {
    return read_folder(folder, shown_root);
  } catch (const std::exception& e) {
    LoadedFolder out;
    out.findings.push_back(input_finding(
        "unreadable-file", Severity::Error, shown_below(shown_root, folder.filename().string()),
        std::string("cannot read migration folder: ") + e.what(), "Make the folder readable by the user running schemagate."));
    return out;
  }
}

}  // namespace

MigrationHistory load_history(const fs::path& root, uint64_t keep_text_bytes) {
  MigrationHistory h;
  h.root = root;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    h.root_missing = true;
    h.findings.push_back(input_finding(
        "missing-migrations-folder", Severity::Error, display_path(root),
        fs::exists(root, ec) ? "the migrations path is not a folder" : "the migrations folder does not exist",
        "Run schemagate from the project root (it looks for prisma/migrations) or pass --migrations DIR."));
    return h;
  }
  read_lock_file(h);

  std::vector<fs::path> folders;
  // Only direct children count, as for Prisma; a symlinked folder is followed once but never recursed into.
  for (auto it = fs::directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& e = *it;
    std::string name = e.path().filename().string();
    std::error_code sec;
    if (e.is_directory(sec)) {
      folders.push_back(e.path());
    } else if (name != "migration_lock.toml" && name != "schemagate.sum" && name != ".gitkeep" &&
               name != ".DS_Store") {
      h.findings.push_back(input_finding("stray-file", Severity::Warning, display_path(e.path()),
                                         "file `" + name + "` is not part of any migration; Prisma ignores it",
                                         "Move it into a migration folder or out of the migrations folder."));
    }
  }
  if (ec) {
    h.findings.push_back(input_finding("unreadable-file", Severity::Error, display_path(root),
                                       "cannot list the migrations folder: " + ec.message(),
                                       "Make the folder readable by the user running schemagate."));
  }
  // Prisma sorts with localeCompare; for the names it generates that is byte order.
  std::sort(folders.begin(), folders.end());

  // Resolving a path for display costs a stat per component: resolve the root once and name its files below it.
  fs::path shown_root = display_path(root);
  std::vector<LoadedFolder> loaded(folders.size());
  std::atomic<uint64_t> kept_bytes{0};
  std::atomic<bool> over_budget{keep_text_bytes == 0};
  // Reading is mostly waiting for the file system: a few readers overlap their waits.
  unsigned readers = folders.size() < 64 ? 1 : std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  run_on_threads(folders.size(), readers, [&](size_t i) {
    loaded[i] = load_folder(folders[i], shown_root);
    if (!loaded[i].migration || !loaded[i].migration->readable) return;
    uint64_t size = loaded[i].migration->size;
    if (kept_bytes.fetch_add(size) + size > keep_text_bytes) over_budget = true;
    if (over_budget) let_go(*loaded[i].migration);
  });
  // Past the budget every text goes, also those read before it was passed.
  for (LoadedFolder& l : loaded) {
    for (Finding& f : l.findings) h.findings.push_back(std::move(f));
    if (!l.migration) continue;
    if (over_budget) let_go(*l.migration);
    h.migrations.push_back(std::move(*l.migration));
  }
  return h;
}

void parse_history(MigrationHistory& history, unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<Migration*> todo;
  for (auto& m : history.migrations)
    if (m.readable) todo.push_back(&m);
  // Largest files first so the workers finish together.
  std::sort(todo.begin(), todo.end(), [](Migration* a, Migration* b) { return a->file->size() > b->file->size(); });
  run_on_threads(todo.size(), threads, [&](size_t i) { todo[i]->parsed = sql::parse_sql(todo[i]->file->text()); });

  for (const auto& m : history.migrations)
    for (Finding& f : syntax_error_findings(m)) history.findings.push_back(std::move(f));
}

std::vector<Finding> syntax_error_findings(const Migration& m) {
  std::vector<Finding> out;
  for (const auto& e : m.parsed.errors) {
    Finding f;
    f.rule = "syntax-error";
    f.severity = Severity::Error;
    uint32_t end = e.offset + 1;
    f.location = make_location(m.file, {e.offset, std::min<uint32_t>(end, static_cast<uint32_t>(m.file->size()))});
    f.message = "PostgreSQL cannot parse this statement: " + e.message;
    f.help = "Fix the SQL; `prisma migrate deploy` would fail on this file with P3018 (syntax error, SQLSTATE 42601).";
    f.migration = m.name;
    finalize_fingerprint(f);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace sg
