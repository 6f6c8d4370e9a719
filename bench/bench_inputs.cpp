#include "bench_inputs.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

namespace fs = std::filesystem;

namespace sg::bench {
namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> migration_files(const fs::path& migrations) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(migrations, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && it->path().filename() == "migration.sql") out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

fs::path shared_dir() {
  if (const char* env = std::getenv("SCHEMAGATE_SHARED"); env && *env && fs::is_directory(env)) return env;
  fs::path beside = fs::path(SCHEMAGATE_SOURCE_DIR).parent_path() / "shared";
  std::error_code ec;
  return fs::is_directory(beside / "corpus", ec) ? beside : fs::path{};
}

const std::vector<std::string>& corpus_files() {
  static const std::vector<std::string> files = [] {
    std::vector<std::string> out;
    fs::path shared = shared_dir();
    if (shared.empty()) return out;
    std::vector<fs::path> corpora;
    for (const auto& e : fs::directory_iterator(shared / "corpus"))
      if (e.is_directory()) corpora.push_back(e.path());
    std::sort(corpora.begin(), corpora.end());
    for (const auto& c : corpora)
      for (const auto& f : migration_files(c / "migrations")) out.push_back(slurp(f));
    return out;
  }();
  return files;
}

fs::path largest_corpus_migrations() {
  fs::path shared = shared_dir();
  if (shared.empty()) return {};
  fs::path best;
  uintmax_t best_bytes = 0;
  for (const auto& e : fs::directory_iterator(shared / "corpus")) {
    if (!e.is_directory()) continue;
    uintmax_t bytes = 0;
    for (const auto& f : migration_files(e.path() / "migrations")) bytes += fs::file_size(f);
    if (bytes > best_bytes) best_bytes = bytes, best = e.path() / "migrations";
  }
  return best;
}

uint64_t total_bytes(const std::vector<std::string>& files) {
  uint64_t n = 0;
  for (const auto& f : files) n += f.size();
  return n;
}

std::string synthetic_sql(std::size_t bytes, uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](std::initializer_list<const char*> xs) { return *(xs.begin() + rng() % xs.size()); };
  std::string out;
  out.reserve(bytes + 4096);
  int table = 0;
  while (out.size() < bytes) {
    const std::string t = std::string(pick({"User", "Team", "Document", "Invoice", "Booking", "Webhook"})) +
                          std::to_string(table++);
    const std::string prev = table > 1 ? std::string("Team") + std::to_string(table - 2) : t;
    const char* enum_type = pick({"Status", "Role", "Kind"});
    out += "-- CreateEnum\nCREATE TYPE \"" + t + enum_type + "\" AS ENUM ('ACTIVE', 'PENDING', 'ARCHIVED');\n\n";
    out += "-- CreateTable\nCREATE TABLE \"" + t + "\" (\n    \"id\" TEXT NOT NULL,\n";
    // name0 and notes1 always exist: the unique index and the dropped column below refer to them.
    out += "    \"name0\" TEXT NOT NULL,\n    \"notes1\" TEXT,\n";
    const int columns = 3 + static_cast<int>(rng() % 10);
    for (int c = 2; c < columns; ++c)
      out += std::string("    \"") + pick({"name", "title", "email", "amount", "count", "url", "notes"}) +
             std::to_string(c) + "\" " +
             pick({"TEXT", "INTEGER NOT NULL DEFAULT 0", "BOOLEAN NOT NULL DEFAULT false", "TIMESTAMP(3)",
                   "JSONB", "DECIMAL(65,30)", "TEXT[] DEFAULT ARRAY[]::TEXT[]"}) +
             ",\n";
    out += "    \"status\" \"" + t + enum_type + "\" NOT NULL DEFAULT 'ACTIVE',\n";
    out += "    \"createdAt\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\n";
    out += "    \"updatedAt\" TIMESTAMP(3) NOT NULL,\n\n";
    out += "    CONSTRAINT \"" + t + "_pkey\" PRIMARY KEY (\"id\")\n);\n\n";
    out += "-- CreateIndex\nCREATE UNIQUE INDEX \"" + t + "_name0_key\" ON \"" + t + "\"(\"name0\");\n\n";
    out += "-- AlterTable\nALTER TABLE \"" + t + "\" ADD COLUMN     \"teamId\" TEXT;\n\n";
    out += "-- CreateIndex\nCREATE INDEX \"" + t + "_teamId_idx\" ON \"" + t + "\"(\"teamId\");\n\n";
    out += "-- AddForeignKey\nALTER TABLE \"" + t + "\" ADD CONSTRAINT \"" + t +
           "_teamId_fkey\" FOREIGN KEY (\"teamId\") REFERENCES \"" + prev +
           "\"(\"id\") ON DELETE SET NULL ON UPDATE CASCADE;\n\n";
    if (rng() % 3 == 0)
      out += "-- Backfill\nUPDATE \"" + t + "\" SET \"teamId\" = 'default-' || \"id\" WHERE \"teamId\" IS NULL;\n\n";
    if (rng() % 4 == 0) {
      out += "-- AlterEnum\nBEGIN;\nCREATE TYPE \"" + t + enum_type + "_new\" AS ENUM ('ACTIVE', 'ARCHIVED');\n";
      out += "ALTER TABLE \"" + t + "\" ALTER COLUMN \"status\" DROP DEFAULT;\n";
      out += "ALTER TABLE \"" + t + "\" ALTER COLUMN \"status\" TYPE \"" + t + enum_type + "_new\" USING (\"status\"::text::\"" +
             t + enum_type + "_new\");\n";
      out += "ALTER TYPE \"" + t + enum_type + "\" RENAME TO \"" + t + enum_type + "_old\";\n";
      out += "ALTER TYPE \"" + t + enum_type + "_new\" RENAME TO \"" + t + enum_type + "\";\n";
      out += "DROP TYPE \"" + t + enum_type + "_old\";\n";
      out += "ALTER TABLE \"" + t + "\" ALTER COLUMN \"status\" SET DEFAULT 'ACTIVE';\nCOMMIT;\n\n";
    }
    if (rng() % 5 == 0)
      out += "/*\n  Warnings:\n\n  - You are about to drop the column `notes1` on the `" + t +
             "` table. All the data in the column will be lost.\n\n*/\n-- AlterTable\nALTER TABLE \"" + t +
             "\" DROP COLUMN \"notes1\";\n\n";
  }
  return out;
}

}  // namespace sg::bench
