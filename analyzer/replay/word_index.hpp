#pragma once
// Which tables may print a given word: renaming or moving a type that an earlier migration made must re-type
// every column and expression using it, and Prisma renames one ("X" to "X_old") in most migrations that change
// an enum. Looking through every table's texts for each of those grew with the history; this answers from a
// signature of each table's words, so only the few tables that may print the type's name are looked through.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyzer/catalog/catalog.hpp"

namespace sg::replay::detail {

// The characters of an identifier as PostgreSQL prints it unquoted, and of the words around it: a name is only
// found where no such character touches it.
constexpr bool is_word_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
         ch == '$' || static_cast<unsigned char>(ch) >= 0x80;
}

// The first run of word characters in `name` (empty when it has none). Wherever PostgreSQL prints the name,
// quoted or not, this run stands between two non-word characters, so it is one of the words of that text.
std::string_view first_word(std::string_view name);

// For each table, a Bloom filter of the words of the texts that can name a type (column types and defaults,
// check expressions, index predicates), as they were when the table was last indexed. It is kept for the live
// state between statements and files, on the same terms as the start-of-file copy (Ctx::RunReach): every table
// a statement may change is named, by the statement's reach, before the index is asked again. Within a file too:
// one long migration reaches most tables, and looking through all it reached cost as much as looking through all.
class WordIndex {
 public:
  // Everything must be indexed again (a file of unknown reach, a failed file rebuilt from its start).
  void forget();
  // Tables of these names, in any schema, may have changed since they were indexed, or are about to.
  void changed(const std::vector<std::string>& names);
  // The tables of `cat` that may print `word`, in catalog order: a superset of those that print it. `cat` is the
  // live state, and every table that changed since the last call (or since forget()) was named to changed().
  std::vector<catalog::Table*> tables_printing(catalog::Catalog& cat, std::string_view word);

 private:
  using Signature = std::array<uint64_t, 8>;  // 512 bits, two per word
  static void add_word(Signature& s, std::string_view word);
  void index(const catalog::Table& t);

  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::pair<std::string_view, std::string_view> k) const;
  };
  struct KeyEqual {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return std::string_view(a.first) == std::string_view(b.first) &&
             std::string_view(a.second) == std::string_view(b.second);
    }
  };
  bool built_ = false;
  std::vector<std::string> changed_;
  size_t changed_distinct_ = 0;  // names in changed_ when it was last made a sorted set
  // Side by side, so a query runs down one array of signatures; numbered by the map.
  std::vector<Signature> signatures_;
  std::vector<std::pair<std::string, std::string>> tables_;
  std::unordered_map<std::pair<std::string, std::string>, uint32_t, KeyHash, KeyEqual> numbers_;
};

}  // namespace sg::replay::detail
