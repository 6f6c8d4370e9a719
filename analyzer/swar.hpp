#pragma once
// Eight bytes at a time in a 64-bit word: the scans that run over every byte of the input (UTF-8 validation) or
// of the report (JSON escaping) look for rare bytes, and a word with none is skipped in a few instructions.
#include <cstdint>
#include <cstring>

namespace sg::swar {

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHigh = 0x8080808080808080ull;

inline uint64_t load(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, sizeof x);
  return x;
}

// The high bit of each byte of `x` below `n` (at most 0x80). Exact for the lowest such byte: a borrow can only
// mark bytes above it, so the lowest mark is always a real one.
constexpr uint64_t bytes_below(uint64_t x, unsigned n) { return (x - kOnes * n) & ~x & kHigh; }
// The same for the bytes equal to `c`.
constexpr uint64_t bytes_equal(uint64_t x, unsigned char c) { return bytes_below(x ^ (kOnes * c), 1); }
// The high bit of each byte past ASCII.
constexpr uint64_t bytes_past_ascii(uint64_t x) { return x & kHigh; }
// The position in the word of the lowest marked byte (marks must not be 0).
inline unsigned first_marked(uint64_t marks) { return static_cast<unsigned>(__builtin_ctzll(marks)) >> 3; }

}  // namespace sg::swar
