#include "analyzer/integrity/checksum.hpp"

#include <array>

#include "analyzer/hash.hpp"

namespace sg::integrity {

namespace {
constexpr size_t kDigestHexLength = 64;

bool matches_in_form(std::string_view stored, std::string_view bytes) {
  std::string digest = sha256_hex(bytes);
  if (stored.size() == kDigestHexLength) return stored == digest;
  return stored == legacy_checksum_form(digest);
}
}  // namespace

std::string legacy_checksum_form(std::string_view hex) {
  std::string out;
  out.reserve(hex.size());
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    // A byte below 0x10 printed without padding is one digit; 0x00 is "0".
    if (hex[i] != '0') out += hex[i];
    out += hex[i + 1];
  }
  return out;
}

std::string crlf_to_lf(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') continue;
    out += bytes[i];
  }
  return out;
}

std::string lf_to_crlf(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 16);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) out += '\r';
    out += bytes[i];
  }
  return out;
}

bool checksum_matches(std::string_view stored, std::string_view file_bytes) {
  if (stored.empty()) return false;
  if (matches_in_form(stored, file_bytes)) return true;
  bool has_cr = file_bytes.find('\r') != std::string_view::npos;
  bool has_lf = file_bytes.find('\n') != std::string_view::npos;
  if (has_cr && matches_in_form(stored, crlf_to_lf(file_bytes))) return true;
  if (has_lf && matches_in_form(stored, lf_to_crlf(file_bytes))) return true;
  return false;
}

}  // namespace sg::integrity
