#include "analyzer/replay/word_index.hpp"

#include <algorithm>

#include "analyzer/replay/replay_state.hpp"

namespace sg::replay::detail {

std::string_view first_word(std::string_view name) {
  size_t b = 0;
  while (b < name.size() && !is_word_char(name[b])) ++b;
  size_t e = b;
  while (e < name.size() && is_word_char(name[e])) ++e;
  return name.substr(b, e - b);
}

namespace {
// is_word_char for every byte, for the loop over every text of every changed table.
constexpr auto kWordByte = [] {
  std::array<bool, 256> table{};
  for (int ch = 0; ch < 256; ++ch) table[static_cast<size_t>(ch)] = is_word_char(static_cast<char>(ch));
  return table;
}();
bool word_byte(char ch) { return kWordByte[static_cast<unsigned char>(ch)]; }

uint64_t word_hash(std::string_view word) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a: words are short, and this runs for every word of a table
  for (char ch : word) h = (h ^ static_cast<unsigned char>(ch)) * 0x100000001b3ull;
  return h ^ (h >> 29);
}
}  // namespace

size_t WordIndex::KeyHash::operator()(std::pair<std::string_view, std::string_view> k) const {
  return std::hash<std::string_view>{}(k.second) * 31 + std::hash<std::string_view>{}(k.first);
}

namespace {
// The two bits a word sets in a signature: which of its eight words, and the bit in it.
struct WordBits {
  size_t first_word, second_word;
  uint64_t first_bit, second_bit;
};
WordBits bits_of(std::string_view word) {
  const uint64_t h = word_hash(word);
  return {(h >> 6) & 7, (h >> 15) & 7, 1ull << (h & 63), 1ull << ((h >> 9) & 63)};
}
// Whether a signature has both bits of a word (its hash worked out once for a whole query).
template <class Signature>
bool holds_bits(const Signature& s, const WordBits& b) {
  return (s[b.first_word] & b.first_bit) && (s[b.second_word] & b.second_bit);
}
}  // namespace

void WordIndex::add_word(Signature& s, std::string_view word) {
  const WordBits b = bits_of(word);
  s[b.first_word] |= b.first_bit;
  s[b.second_word] |= b.second_bit;
}

void WordIndex::forget() {
  built_ = false;
  changed_.clear();
  changed_distinct_ = 0;
  signatures_.clear();
  tables_.clear();
  numbers_.clear();
}

void WordIndex::changed(const std::vector<std::string>& names) {
  // Many statements may name the same tables before the next question.
  if (built_) add_names(changed_, changed_distinct_, names);
}

void WordIndex::index(const catalog::Table& t) {
  Signature s{};
  auto add_words = [&](std::string_view text) {
    for (size_t i = 0; i < text.size();) {
      if (!word_byte(text[i])) {
        ++i;
        continue;
      }
      size_t e = i;
      while (e < text.size() && word_byte(text[e])) ++e;
      add_word(s, text.substr(i, e - i));
      i = e;
    }
  };
  for (const catalog::Column& col : t.columns) {
    add_words(col.type);
    if (col.default_expr) add_words(*col.default_expr);
  }
  for (const catalog::Check& ch : t.checks) add_words(ch.expression);
  for (const catalog::Index& ix : t.indexes)
    if (ix.predicate) add_words(*ix.predicate);
  auto at = numbers_.find(std::pair<std::string_view, std::string_view>(t.schema, t.name));
  if (at != numbers_.end()) {
    signatures_[at->second] = s;
    return;
  }
  numbers_.emplace(std::pair(t.schema, t.name), static_cast<uint32_t>(signatures_.size()));
  signatures_.push_back(s);
  tables_.emplace_back(t.schema, t.name);
}

std::vector<catalog::Table*> WordIndex::tables_printing(catalog::Catalog& cat, std::string_view word) {
  // Dropped tables' signatures are only cleared by a rebuild, once they outnumber the tables.
  if (!built_ || signatures_.size() > 2 * cat.tables.size() + 64) {
    forget();
    for (const catalog::Table& t : cat.tables) index(t);
    built_ = true;
  }
  if (!changed_.empty()) {
    for (const catalog::Table* t : tables_named(cat, sorted_names(std::move(changed_)))) index(*t);
    changed_.clear();
    changed_distinct_ = 0;
  }
  // Every table of `cat` has a signature of its words as they are now; some signatures are of tables since
  // dropped.
  std::vector<catalog::Table*> out;
  const WordBits b = bits_of(word);  // once, not once per signature
  for (size_t i = 0; i < signatures_.size(); ++i)
    if (holds_bits(signatures_[i], b))
      if (catalog::Table* t = cat.table(tables_[i].first, tables_[i].second)) out.push_back(t);
  std::sort(out.begin(), out.end());  // catalog order
  return out;
}

}  // namespace sg::replay::detail
