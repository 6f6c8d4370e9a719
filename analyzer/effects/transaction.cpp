#include "analyzer/effects/transaction.hpp"

#include <algorithm>
#include <charconv>

namespace sg::effects {

std::optional<PrismaVersion> PrismaVersion::parse(std::string_view text) {
  PrismaVersion v;
  if (text.starts_with("wasm:")) {
    v.wasm = true;
    text.remove_prefix(5);
  }
  if (text.starts_with("v")) text.remove_prefix(1);
  if (text.ends_with(".x")) text.remove_suffix(2);
  auto read = [&](int& out) {
    const char* b = text.data();
    const char* e = text.data() + text.size();
    auto [p, ec] = std::from_chars(b, e, out);
    if (ec != std::errc() || p == b) return false;
    text.remove_prefix(static_cast<size_t>(p - b));
    return true;
  };
  if (!read(v.major) || v.major < 1) return std::nullopt;
  v.minor = -1;
  if (!text.empty()) {
    if (text[0] != '.') return std::nullopt;
    text.remove_prefix(1);
    if (!read(v.minor)) return std::nullopt;
  }
  return v;  // a patch number, if any, does not matter here
}

std::string PrismaVersion::to_string() const {
  std::string s = std::to_string(major) + "." + (minor < 0 ? std::string("x") : std::to_string(minor));
  return wasm ? s + " (Wasm engine)" : s;
}

bool ends_transaction(const sql::Statement& st) {
  const auto* t = std::get_if<sql::Transaction>(&st.body);
  return t && (t->kind == sql::TransactionKind::Commit || t->kind == sql::TransactionKind::Rollback ||
               t->kind == sql::TransactionKind::Prepare);
}

std::vector<TransactionContext> transaction_contexts(const sql::ParsedFile& file) {
  std::vector<TransactionContext> out;
  out.reserve(file.statements.size());
  uint32_t count = std::max<uint32_t>(file.split_count, static_cast<uint32_t>(file.statements.size()));
  // Once per file: asking it per statement would scan the file for each one.
  bool unsplittable = std::any_of(file.statements.begin(), file.statements.end(), defeats_prisma_splitter);
  TransactionTracker tracker;
  for (const auto& st : file.statements) {
    TransactionContext tx = tracker.next(st);
    tx.statements_in_file = count;
    tx.unsplittable_file = unsplittable;
    out.push_back(tx);
  }
  return out;
}

TransactionContext TransactionTracker::next(const sql::Statement& st) {
  TransactionContext tx;
  tx.explicit_block = open_;
  if (const auto* t = std::get_if<sql::Transaction>(&st.body)) {
    using TK = sql::TransactionKind;
    switch (t->kind) {
      case TK::Begin:
      case TK::Start:
        tx.explicit_nested = open_;
        open_ = true;
        break;
      case TK::Commit:
      case TK::Rollback:
      case TK::Prepare:
        open_ = false;
        break;
      default:
        break;
    }
  }
  return tx;
}

bool defeats_prisma_splitter(const sql::Statement& st) {
  const auto* d = std::get_if<sql::DropObjects>(&st.body);
  return d && d->object_kind == "INDEX" && d->concurrently;
}

std::optional<std::string> in_block_under_prisma(const TransactionContext& tx, const PrismaVersion& prisma) {
  if (tx.explicit_block) return "it runs inside the file's BEGIN ... COMMIT block (with every Prisma version)";
  if (tx.statements_in_file <= 1) return std::nullopt;
  std::string n = std::to_string(tx.statements_in_file);
  if (tx.unsplittable_file)
    return "the file has " + n + " statements and every Prisma version sends it as one query, which PostgreSQL "
             "runs as one transaction (the native engine's splitter cannot parse DROP INDEX CONCURRENTLY, "
             "prisma-engines #5847)";
  if (prisma.always_splits()) return std::nullopt;
  std::string tail = " sends it as one query, which PostgreSQL runs as one transaction";
  if (prisma.wasm) return "the file has " + n + " statements and the Wasm schema engine" + tail;
  if (prisma.major == 7 && prisma.minor < 0)
    return "the file has " + n + " statements: Prisma before 7.4 and the Wasm schema engine (7.10.1 with driver "
           "adapters)" + tail + "; only the native engine of Prisma 7.4+ sends statements one by one";
  return "the file has " + n + " statements and Prisma " + prisma.to_string() + tail;
}

}  // namespace sg::effects
